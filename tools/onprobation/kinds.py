"""The kinds of entity the registry holds (organisations, reports, people...),
as data: one row per kind, read from ``kinds.toml`` beside this module, plus
the rows of a registry folder's own ``kinds.toml``.

Every place that lists kinds iterates this table: the registry's loader and
checks, the converter's entity pages and front matter, the extension's roles,
domain object types and indices, backlinks, feeds and search. A new kind is a
new row and a registry file, no code.

Why TOML next to the package rather than Python rows: the table is data both
the converter and the extension read, a registry folder (a test root, another
archive) can add a kind by adding a file, and the default table still comes
with the package when a registry folder has none. It imports nothing from the
project.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

BUILT_IN = Path(__file__).with_name("kinds.toml")
SHOWS = {"text", "date", "link", "kind", "span", "roles", "holders"}
LIST_BY = {"kind", "year", "letter"}


@dataclass(frozen=True)
class Fact:
    """One line of an entity page's facts: a label, the field, how it is shown."""

    label: str
    show: str
    field: str = ""
    until: str = ""  # span: the field that ends it
    from_label: str = ""  # span: the label when only ``field`` is given
    until_label: str = ""  # span: the label when only ``until`` is given


@dataclass(frozen=True)
class Kind:
    """One kind of entity: its registry file, pages, role, index and fields."""

    type: str
    file: str
    folder: str
    singular: str
    plural: str
    title: str
    index: str
    index_title: str
    intro: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    optional_file: bool = False
    dates: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    lists: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    sort: str = ""
    list_by: str = "letter"
    year_of: str = ""
    feed: bool = False
    search_kind: str = ""
    search_filter: str = ""
    front_matter: str = ""
    pronoun: str = "it"  # "Posts mentioning it" (an organisation), "them" (a person)
    facts: tuple[Fact, ...] = field(default=())

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.required) | frozenset(self.optional)

    @property
    def role(self) -> str:
        """The role's name (``{org}``): the type itself."""
        return self.type


class KindError(ValueError):
    """A row of a kinds table that cannot be used (the message names the file)."""


def _row(type_: str, data: dict, source: str) -> Kind:
    try:
        facts = tuple(Fact(**fact) for fact in data.pop("facts", []))
        links = tuple(sorted(dict(data.pop("links", {})).items()))
        tuples = {k: tuple(v) for k, v in data.items() if isinstance(v, list)}
        kind = Kind(type=type_, facts=facts, links=links, **{**data, **tuples})
    except TypeError as error:
        raise KindError(f"{source}: kind {type_!r}: {error}") from None
    bad = [f.show for f in kind.facts if f.show not in SHOWS] + ([kind.list_by] if kind.list_by not in LIST_BY else [])
    if bad:
        raise KindError(f"{source}: kind {type_!r}: unknown {', '.join(map(repr, bad))}")
    return kind


def read(path: Path) -> dict[str, Kind]:
    """The rows of one kinds file, by type."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {type_: _row(type_, dict(row), path.name) for type_, row in data.items()}


def load(folder: Path | None = None) -> tuple[Kind, ...]:
    """The built-in kinds, with the rows of ``folder/kinds.toml`` added (a row of
    a built-in type replaces it), in the order of the files."""
    rows = read(BUILT_IN)
    own = folder / "kinds.toml" if folder is not None else None
    if own is not None and own.is_file():
        rows.update(read(own))
    return tuple(rows.values())


DEFAULT: tuple[Kind, ...] = load()


def by_type(kinds: tuple[Kind, ...]) -> dict[str, Kind]:
    return {kind.type: kind for kind in kinds}


def sort_form(name: str, sort: str = "surname-first") -> str:
    """``Chris Grayling`` -> ``Grayling, Chris``: the last word first."""
    words = name.split()
    if sort != "surname-first" or len(words) < 2:
        return name
    return f"{words[-1]}, {' '.join(words[:-1])}"
