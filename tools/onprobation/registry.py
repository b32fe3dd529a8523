"""The registry of organisations and reports: data files read by both the
converter (to find mentions) and the Sphinx extension (to resolve roles).

``docs/registry/organisations.toml`` and ``docs/registry/reports.toml`` hold one
table per entity, keyed by its key. ``check`` validates them and reports every
problem as ``file:line: message``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem

KINDS = {
    "government-department", "executive-agency", "non-departmental-public-body", "probation-service",
    "probation-region", "probation-trust", "crc", "company", "inspectorate", "parliamentary-committee",
    "parliament", "union", "professional-body", "charity", "think-tank", "political-party", "regulator",
    "court", "prison", "police", "media", "other",
}  # fmt: skip
COMMON = {"abbr", "aliases", "ambiguous", "context", "url", "description"}
FIELDS = {
    "org": {"required": {"name", "kind", "description"},
            "optional": COMMON | {"parent", "successor", "founded", "dissolved"}},
    "report": {"required": {"title", "publisher", "date", "description"},
               "optional": COMMON | {"short", "reference"}},
}  # fmt: skip
FILES = {"org": "organisations.toml", "report": "reports.toml"}
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Surface forms are written inside role text: keep them to plain words.
FORM = re.compile(r"^[\w][\w .,&'’()–:/-]*$")
_TABLE = re.compile(r"^\[([^\]]+)\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class Entity:
    """An organisation (``kind == "org"``) or a report, with where it is defined."""

    type: str
    key: str
    name: str
    data: dict
    file: str
    line: int

    @property
    def abbr(self) -> list[str]:
        return list(self.data.get("abbr", []))

    @property
    def forms(self) -> list[str]:
        """Unambiguous surface forms: an organisation's name, abbreviations, aliases.

        A report's title is often also the name of a policy ("Transforming
        Rehabilitation"), so a report is found by its aliases only.
        """
        names = [self.name] if self.type == "org" else []
        forms = [*names, *self.abbr, *self.data.get("aliases", [])]
        return [f for f in dict.fromkeys(forms) if f not in self.ambiguous]

    @property
    def ambiguous(self) -> list[str]:
        return list(self.data.get("ambiguous", []))

    @property
    def context(self) -> list[str]:
        return list(self.data.get("context", []))


@dataclass
class Registry:
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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


def _table_lines(text: str) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):
        if match := _TABLE.match(line.strip()):
            lines[match[1].strip().strip('"')] = number
    return lines


def load(folder: Path, base: Path | None = None) -> Registry:
    """Read and check the registry files; problems are collected, never raised."""
    registry = Registry()
    forms: dict[str, tuple[str, int]] = {}
    for type_, filename in FILES.items():
        path = folder / filename
        name = (path.relative_to(base) if base else path).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except FileNotFoundError:
            registry.problems.append(Problem(name, 1, "registry file is missing"))
            continue
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            line = int(m[1]) if (m := re.search(r"line (\d+)", str(error))) else 1
            registry.problems.append(Problem(name, line, f"not valid TOML: {error}"))
            continue
        lines = _table_lines(text)
        for key, entry in data.items():
            line = lines.get(key, 1)
            if not isinstance(entry, dict):
                registry.problems.append(Problem(name, line, f"{key!r} is not a table"))
                continue
            registry.problems += _check_entry(type_, key, entry, name, line)
            label = entry.get("name") or entry.get("title") or key
            entity = Entity(type_, key, str(label), entry, name, line)
            registry.entities[(type_, key)] = entity
            for form in [*entity.forms[1:], *entity.ambiguous]:
                if form in forms and forms[form] != (name, line):
                    other = forms[form]
                    registry.problems.append(
                        Problem(name, line, f"{key}: {form!r} is also a form of the entry at {other[0]}:{other[1]}")
                    )
                forms.setdefault(form, (name, line))
    registry.problems += _check_references(registry)
    return registry


def _check_entry(type_: str, key: str, entry: dict, file: str, line: int) -> list[Problem]:
    problems = []
    spec = FIELDS[type_]
    if not KEY.match(key):
        problems.append(Problem(file, line, f"key {key!r} must be lower-case words joined by '-'"))
    for missing in sorted(spec["required"] - set(entry)):
        problems.append(Problem(file, line, f"{key}: missing required field {missing!r}"))
    for unknown in sorted(set(entry) - spec["required"] - spec["optional"]):
        problems.append(Problem(file, line, f"{key}: unknown field {unknown!r}"))
    for list_field in ("abbr", "aliases", "ambiguous", "context"):
        value = entry.get(list_field, [])
        if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            problems.append(Problem(file, line, f"{key}: {list_field!r} must be a list of strings"))
        elif list_field != "context":
            for form in value:
                if not FORM.match(form):
                    problems.append(Problem(file, line, f"{key}: form {form!r} has characters not allowed"))
    if entry.get("ambiguous") and not entry.get("context"):
        problems.append(Problem(file, line, f"{key}: 'ambiguous' forms need 'context' words"))
    if type_ == "org" and entry.get("kind") not in KINDS | {None}:
        problems.append(Problem(file, line, f"{key}: unknown kind {entry.get('kind')!r}"))
    for date_field in ("founded", "dissolved", "date"):
        if date_field in entry and not DATE.match(str(entry[date_field])):
            problems.append(Problem(file, line, f"{key}: {date_field} must be YYYY, YYYY-MM or YYYY-MM-DD"))
    return problems


def _check_references(registry: Registry) -> list[Problem]:
    problems = []
    for entity in registry.entities.values():
        refs = ("parent", "successor") if entity.type == "org" else ("publisher",)
        for ref in refs:
            target = entity.data.get(ref)
            if target is not None and registry.get("org", target) is None:
                problems.append(
                    Problem(entity.file, entity.line, f"{entity.key}: {ref} {target!r} is not an organisation key")
                )
    return problems
