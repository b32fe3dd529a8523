"""The registry of entities (organisations, reports, people...): data files read
by both the converter (to find mentions) and the Sphinx extension (to resolve roles).

Each kind of entity (``kinds.py``, ``kinds.toml``) has a file in the registry
folder (``docs/registry/organisations.toml``...), holding one table per entity,
keyed by its key. ``load`` reads and checks them all and reports every problem
as ``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds as kinds_table
from .kinds import Kind, sort_form
from .model import Problem

KINDS = {
    "government-department", "executive-agency", "non-departmental-public-body", "probation-service",
    "probation-region", "probation-trust", "crc", "company", "inspectorate", "parliamentary-committee",
    "parliament", "union", "professional-body", "charity", "think-tank", "political-party", "regulator",
    "court", "prison", "police", "media", "other",
}  # fmt: skip  (the kinds of organisation: the `kind` field of organisations.toml)
ROLE_REQUIRED = {"title", "from"}
ROLE_FIELDS = ROLE_REQUIRED | {"org", "to", "forms"}
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Surface forms are written inside role text: keep them to plain words.
FORM = re.compile(r"^[\w][\w .,&'’()–:/-]*$")
_TABLE = re.compile(r"^\[([^\[\]]+)\]\s*(?:#.*)?$")
_ROLE_TABLE = re.compile(r"^\[\[\s*([^\]]+?)\.roles\s*\]\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class Entity:
    """An entry of the registry (``type`` is its kind's: ``org``, ``report``,
    ``person``), with where it is defined."""

    type: str
    key: str
    name: str
    data: dict
    file: str
    line: int
    kind: Kind | None = field(default=None, compare=False, repr=False)

    @property
    def abbr(self) -> list[str]:
        return list(self.data.get("abbr", []))

    def _values(self, name: str) -> list[str]:
        if self.kind is not None and name == self.kind.label:
            return [self.name]
        value = self.data.get(name, [])
        return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]

    @property
    def forms(self) -> list[str]:
        """Unambiguous surface forms: the fields its kind names (an organisation's
        name, abbreviations, aliases; a report's abbreviations and aliases only)."""
        fields = self.kind.forms if self.kind is not None else ("abbr", "aliases")
        forms = [form for name in fields for form in self._values(name)]
        return [f for f in dict.fromkeys(forms) if f not in self.ambiguous]

    @property
    def unique_forms(self) -> list[str]:
        """The forms no other entry may have."""
        fields = self.kind.unique if self.kind is not None else ("abbr", "aliases", "ambiguous")
        return list(dict.fromkeys(form for name in fields for form in self._values(name)))

    @property
    def ambiguous(self) -> list[str]:
        return list(self.data.get("ambiguous", []))

    @property
    def context(self) -> list[str]:
        return list(self.data.get("context", []))

    @property
    def sort_name(self) -> str:
        """The form it is sorted and indexed under: ``Grayling, Chris`` for a person."""
        if self.kind is None or not self.kind.sort:
            return self.name
        return str(self.data.get("sort") or sort_form(self.name, self.kind.sort))

    @property
    def roles(self) -> list[dict]:
        """The offices a person held, earliest first."""
        roles = [r for r in self.data.get("roles", []) if isinstance(r, dict)]
        return sorted(roles, key=lambda r: str(r.get("from", "")))


@dataclass
class Registry:
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    kinds: tuple[Kind, ...] = kinds_table.DEFAULT

    def kind(self, type_: str) -> Kind | None:
        return next((kind for kind in self.kinds if kind.type == type_), None)

    def get(self, type_: str, key: str) -> Entity | None:
        return self.entities.get((type_, key))

    def of_type(self, type_: str) -> list[Entity]:
        return [e for (t, _), e in self.entities.items() if t == type_]

    def lookup(self, type_: str, text: str) -> Entity | None:
        """A key, or any surface form (name, abbreviation, alias), of that type."""
        found = self.get(type_, text.strip().lower())
        if found:
            return found
        wanted = " ".join(text.split())
        for entity in self.of_type(type_):
            if wanted in entity.forms or wanted in entity.ambiguous:
                return entity
        return None

    def holders(self, org: str) -> list[tuple[Entity, dict]]:
        """(person, role) of every role held in an organisation, earliest first."""
        found = [(e, role) for kind in self.kinds if "roles" in kind.fields
                 for e in self.of_type(kind.type) for role in e.roles if role.get("org") == org]
        return sorted(found, key=lambda item: (str(item[1].get("from", "")), item[0].sort_name))


def _table_lines(text: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The line of each ``[key]``, and of each ``[[key.roles]]`` in order."""
    lines: dict[str, int] = {}
    roles: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if match := _TABLE.match(line.strip()):
            lines[match[1].strip().strip('"')] = number
        elif match := _ROLE_TABLE.match(line.strip()):
            roles.setdefault(match[1].strip().strip('"'), []).append(number)
    return lines, roles


def load(folder: Path, base: Path | None = None, kinds: tuple[Kind, ...] | None = None) -> Registry:
    """Read and check the registry files; problems are collected, never raised.

    The kinds are the built-in ones and those of ``folder/kinds.toml``."""
    registry = Registry()
    try:
        registry.kinds = kinds if kinds is not None else kinds_table.load(folder)
    except (kinds_table.KindError, tomllib.TOMLDecodeError) as error:
        registry.problems.append(Problem(_name(folder / "kinds.toml", base), 1, str(error)))
    forms: dict[str, tuple[str, int]] = {}
    offices: dict[str, list[tuple[str, str, Entity, int]]] = {}
    for kind in registry.kinds:
        path = folder / kind.file
        name = _name(path, base)
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except FileNotFoundError:
            if not kind.optional_file:
                registry.problems.append(Problem(name, 1, "registry file is missing"))
            continue
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            line = int(m[1]) if (m := re.search(r"line (\d+)", str(error))) else 1
            registry.problems.append(Problem(name, line, f"not valid TOML: {error}"))
            continue
        lines, role_lines = _table_lines(text)
        for key, entry in data.items():
            line = lines.get(key, 1)
            if not isinstance(entry, dict):
                registry.problems.append(Problem(name, line, f"{key!r} is not a table"))
                continue
            registry.problems += _check_entry(kind, key, entry, name, line)
            label = entry.get(kind.label) or key
            entity = Entity(kind.type, key, str(label), entry, name, line, kind)
            registry.entities[(kind.type, key)] = entity
            for form in entity.unique_forms:
                if form in forms and forms[form] != (name, line):
                    other = forms[form]
                    registry.problems.append(
                        Problem(name, line, f"{key}: {form!r} is also a form of the entry at {other[0]}:{other[1]}")
                    )
                forms.setdefault(form, (name, line))
            if "roles" in kind.fields:
                registry.problems += _check_roles(entity, role_lines.get(key, []), offices)
    registry.problems += _check_offices(offices)
    registry.problems += _check_references(registry)
    return registry


def _name(path: Path, base: Path | None) -> str:
    return (path.relative_to(base) if base else path).as_posix()


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _check_entry(kind: Kind, key: str, entry: dict, file: str, line: int) -> list[Problem]:
    problems = []
    if not KEY.match(key):
        problems.append(Problem(file, line, f"key {key!r} must be lower-case words joined by '-'"))
    for missing in sorted(set(kind.required) - set(entry)):
        problems.append(Problem(file, line, f"{key}: missing required field {missing!r}"))
    for unknown in sorted(set(entry) - kind.fields):
        problems.append(Problem(file, line, f"{key}: unknown field {unknown!r}"))
    for list_field in kind.lists:
        value = entry.get(list_field, [])
        if not _strings(value):
            problems.append(Problem(file, line, f"{key}: {list_field!r} must be a list of strings"))
        elif list_field != "context":
            for form in value:
                if not FORM.match(form):
                    problems.append(Problem(file, line, f"{key}: form {form!r} has characters not allowed"))
    for text_field in sorted((kind.fields - set(kind.lists)) - {"roles"} - set(kind.dates)):
        if text_field in entry and not isinstance(entry[text_field], str):
            problems.append(Problem(file, line, f"{key}: {text_field!r} must be a string"))
    if isinstance(entry.get("surname"), str) and not FORM.match(entry["surname"]):
        problems.append(Problem(file, line, f"{key}: form {entry['surname']!r} has characters not allowed"))
    if entry.get("ambiguous") and not entry.get("context"):
        problems.append(Problem(file, line, f"{key}: 'ambiguous' forms need 'context' words"))
    if any(f.show == "kind" and f.field == "kind" for f in kind.facts) and entry.get("kind") not in KINDS | {None}:
        problems.append(Problem(file, line, f"{key}: unknown kind {entry.get('kind')!r}"))
    for date_field in kind.dates:
        if date_field in entry and not _valid_date(str(entry[date_field])):
            problems.append(Problem(file, line, f"{key}: {date_field} must be YYYY, YYYY-MM or YYYY-MM-DD"))
    return problems


def _valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a day of the calendar (no month 13)."""
    if not DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(_start(text))
    except ValueError:
        return False
    return True


def _start(date: str) -> str:
    """The first day a date (YYYY, YYYY-MM, YYYY-MM-DD) names, for comparing."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def _check_roles(person: Entity, lines: list[int], offices: dict[str, list]) -> list[Problem]:
    """A person's roles: known fields, valid dates in order; their office forms noted."""
    problems = []
    roles = person.data.get("roles")
    if roles is None:
        return problems
    if not isinstance(roles, list) or not roles or not all(isinstance(r, dict) for r in roles):
        return [Problem(person.file, person.line, f"{person.key}: 'roles' must be one or more [[{person.key}.roles]]")]
    for number, role in enumerate(roles):
        line = lines[number] if number < len(lines) else person.line
        where = f"{person.key}: role {number + 1}"
        for missing in sorted(ROLE_REQUIRED - set(role)):
            problems.append(Problem(person.file, line, f"{where}: missing required field {missing!r}"))
        for unknown in sorted(set(role) - ROLE_FIELDS):
            problems.append(Problem(person.file, line, f"{where}: unknown field {unknown!r}"))
        dates = [str(role[d]) for d in ("from", "to") if d in role]
        if any(not _valid_date(d) for d in dates):
            problems.append(Problem(person.file, line, f"{where}: from and to must be YYYY, YYYY-MM or YYYY-MM-DD"))
            continue
        if len(dates) == 2 and _start(dates[0]) > _start(dates[1]):
            problems.append(Problem(person.file, line, f"{where}: from {dates[0]} is after to {dates[1]}"))
        forms = role.get("forms", [])
        if not _strings(forms):
            problems.append(Problem(person.file, line, f"{where}: 'forms' must be a list of strings"))
            continue
        for form in forms:
            if not FORM.match(form):
                problems.append(Problem(person.file, line, f"{where}: form {form!r} has characters not allowed"))
            if "from" in role:
                end = _start(dates[1]) if len(dates) == 2 else "9999-99-99"
                offices.setdefault(" ".join(form.split()), []).append((_start(dates[0]), end, person, line))
    return problems


def _check_offices(offices: dict[str, list[tuple[str, str, Entity, int]]]) -> list[Problem]:
    """A role's form names an office: successive holders share it, but two
    holders at once would make "the Justice Secretary" of a date ambiguous."""
    problems = []
    for form, held in sorted(offices.items()):
        held.sort(key=lambda h: (h[0], h[1]))
        for number, (start, end, person, line) in enumerate(held):
            for other_start, other_end, other, other_line in held[:number]:
                if other is not person and start < other_end and other_start < end:
                    problems.append(Problem(person.file, line, (
                        f"{person.key}: the office {form!r} is also held by {other.key} "
                        f"({other.file}:{other_line}) at the same time")))
    return problems


def _check_references(registry: Registry) -> list[Problem]:
    problems = []
    for entity in registry.entities.values():
        kind = entity.kind
        if kind is None:
            continue
        refs = [(ref, target_type, entity.data.get(ref)) for ref, target_type in kind.links]
        refs += [("org", "org", role.get("org")) for role in entity.roles]
        for ref, target_type, target in refs:
            if target is None:
                continue
            target_kind = registry.kind(target_type)
            if registry.get(target_type, str(target)) is None:
                named = f"an {target_kind.singular}" if target_kind and target_kind.singular[0] in "aeiou" else (
                    f"a {target_kind.singular}" if target_kind else f"a {target_type}")
                problems.append(Problem(entity.file, entity.line, f"{entity.key}: {ref} {target!r} is not {named} key"))
    return problems
