"""Find mentions of registry entities in seed text, precision first.

A wrong link misleads a researcher; a missed one only costs a click. So only
whole, case-exact surface forms from the registry are matched, longest first;
an ambiguous form (``PI``, ``Community``, ``Reform``, ``SFO``) is linked only
when one of its context words stands in the same paragraph or the post's title.

People (``type == "person"``) follow three rules, because a surname or an
office alone is often not enough to know who is meant:

1. the ``name`` or an alias: always, like an organisation's name;
2. the ``surname`` alone: only when no other person of the registry has it and
   it is no form of an organisation or report, and either the person was named
   in full earlier in the same text unit (a post's title and body; one
   comment), or an honorific stands just before it ("Mr Grayling", which is
   linked whole) or a possessive just after ("Grayling's"); never when a
   capitalised word stands just before or after it without an honorific, as
   it is then most likely part of another name ("David Scott", "Russell Group");
3. an office (a role's ``forms``, "Justice Secretary"): resolved by the text
   unit's date to the one person who certainly held it then, when it reads
   "the Justice Secretary" (not "former Justice Secretary", "the then
   Justice Secretary", "as Justice Secretary"); not linked when nobody, or
   possibly more than one, held it then, nor when a name follows it.

The state rule 2 needs travels in a ``Unit``, one per text unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from .registry import Entity, Registry

PERSON = "person"
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Baroness", "Professor")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity

    @property
    def role(self) -> str:
        return self.entity.type


@dataclass
class Unit:
    """One text unit (a post's title and body, or one comment): its date, and the
    people named in full so far, whose surname alone may then be linked."""

    date: dt.date | None = None
    named: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Term:
    """One person's time in an office: the earliest and latest days its partial
    dates allow (``2015`` starts on 1 January at the earliest, 31 December at the latest)."""

    entity: Entity
    start: tuple[dt.date, dt.date]
    end: tuple[dt.date, dt.date] | None

    def possibly(self, day: dt.date) -> bool:
        return self.start[0] <= day and (self.end is None or day <= self.end[1])

    def certainly(self, day: dt.date) -> bool:
        return self.start[1] <= day and (self.end is None or day <= self.end[0])


# What a surface form of the trie is: an entity's always-linked form, an
# ambiguous one (needs context), or a surname (needs rule 2); offices (rule 3)
# are kept apart, as one form leads to several people.
FORM, AMBIGUOUS, SURNAME = "form", "ambiguous", "surname"

_SPACE = r"[\s\u00a0]+"
_HONORIFIC = re.compile(r"(?<!\w)(?:" + "|".join(HONORIFICS) + r")\.?[\s\u00a0]+\Z")
_POSSESSIVE = re.compile(r"['’]s(?!\w)")
# An office means the holder of the day only as "the Justice Secretary": not "former
# Justice Secretary", "the then Justice Secretary", "as Justice Secretary, Liz Truss",
# "to be Chief Inspector of Prisons", "Her Majesty's Chief Inspector of Prisons".
_THE = re.compile(r"(?<![\w'’])[Tt]he[\s\u00a0]+\Z")
_NAME_AFTER = re.compile(r"[\s\u00a0]+[A-Z][a-z]")
# A capitalised word just before a bare surname is most likely another first name ("David Scott").
# (Words that open sentences are not names: "But Grayling said".)
_OPENERS = (
    "A|After|Also|An|And|As|At|Before|But|By|Did|Does|Even|For|From|Has|Had|How|If|In|Is|It|Later|Like|Meanwhile|"
    "No|Not|Now|Of|On|Once|Only|Or|Perhaps|Says|Since|So|Still|That|The|Then|This|Though|Today|Under|Until|Was|"
    "What|When|Whether|While|Whilst|Why|Will|With|Would|Yesterday|Yet"
)
_NAME_BEFORE = re.compile(rf"(?<![\w'’])(?!(?:{_OPENERS})[\s\u00a0])[A-Z][\w'’-]*[\s\u00a0]+\Z")
_URL = re.compile(r"https?://\S+|www\.\S+")


def _pattern(form: str) -> str:
    return _SPACE.join(re.escape(word) for word in form.split())


def _span(value: object) -> tuple[dt.date, dt.date] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first and last day it may mean."""
    text = str(value)
    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
    except ValueError:
        pass
    return None


def trie_pattern(forms: list[str]) -> str:
    """One regex for many forms, as a trie of their characters.

    A flat alternation of hundreds of forms is tried form by form at every
    position; a trie is tried character by character, which is many times
    faster on a large archive. A greedy optional suffix keeps the longest
    form that fits.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in " ".join(form.split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alternatives = [
            (_SPACE if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


def _norm(form: str) -> str:
    return " ".join(form.split())


class Linker:
    """Finds the first mention of each entity in a paragraph."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        # surface form -> (entity, what kind of form); offices map to their terms instead
        self.forms: dict[str, tuple[Entity, str]] = {}
        self.offices: dict[str, list[_Term]] = {}
        people = [e for e in registry.entities.values() if e.type == PERSON]
        for entity in registry.entities.values():
            if entity.type == PERSON:
                continue
            for form in entity.forms:
                self.forms.setdefault(_norm(form), (entity, FORM))
            for form in entity.ambiguous:
                self.forms.setdefault(_norm(form), (entity, AMBIGUOUS))
        for person in people:
            for form in [person.name, *person.data.get("aliases", [])]:
                if form not in person.ambiguous:
                    self.forms.setdefault(_norm(form), (person, FORM))
            for form in person.ambiguous:
                self.forms.setdefault(_norm(form), (person, AMBIGUOUS))
        for person, surname in self._unique_surnames(people):
            self.forms.setdefault(surname, (person, SURNAME))
        for person in people:
            for role in person.data.get("roles", []):
                start = _span(role.get("from", ""))
                end = _span(role["to"]) if role.get("to") else None
                if start is None or (role.get("to") and end is None):
                    continue  # the registry's check reports it
                for form in role.get("forms", []):
                    if _norm(form) not in self.forms:
                        self.offices.setdefault(_norm(form), []).append(_Term(person, start, end))

    @staticmethod
    def _unique_surnames(people: list[Entity]) -> list[tuple[Entity, str]]:
        """Surnames that no other person bears (as surname or last word of a name)."""
        bearers: dict[str, set[str]] = {}
        for person in people:
            words = {_norm(person.data.get("surname", ""))} | {
                f.split()[-1] for f in [person.name, *person.data.get("aliases", [])] if f.split()
            }
            for word in words - {""}:
                bearers.setdefault(word, set()).add(person.key)
        out = []
        for person in people:
            surname = _norm(person.data.get("surname", ""))
            if surname and bearers.get(surname) == {person.key}:
                out.append((person, surname))
        return out

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        pattern = trie_pattern([*self.forms, *self.offices]) or r"(?!x)x"
        return re.compile(rf"(?<![\w&])(?:{pattern})(?![\w])")

    @cached_property
    def _contexts(self) -> dict[str, re.Pattern[str]]:
        contexts = {}
        for entity in self.registry.entities.values():
            if entity.ambiguous:
                words = "|".join(_pattern(c) for c in sorted(entity.context, key=len, reverse=True))
                contexts[entity.key] = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
        return contexts

    def unit(self, date: dt.date | None, title: str = "") -> Unit:
        """A new text unit of that date; people named in full in ``title`` count as named."""
        unit = Unit(date)
        if title:
            self.find(title, "", unit)
        return unit

    def holder(self, office: str, day: dt.date | None) -> Entity | None:
        """The one person who certainly held ``office`` on ``day``, when nobody else possibly did."""
        if day is None:
            return None
        terms = self.offices.get(_norm(office), [])
        possible = {t.entity.key for t in terms if t.possibly(day)}
        certain = [t.entity for t in terms if t.certainly(day)]
        return certain[0] if len(possible) == 1 and certain else None

    def find(self, text: str, context: str = "", unit: Unit | None = None) -> list[Mention]:
        """Mentions in ``text``: the first of each entity, in order of appearance.

        ``unit``: the text unit the paragraph belongs to (people named in full
        are added to it); without one, a surname needs an honorific or a
        possessive, and an office is not linked (no date).
        """
        if not self.forms and not self.offices:
            return []
        unit = unit if unit is not None else Unit()
        urls = [m.span() for m in _URL.finditer(text)] if ("://" in text or "www." in text) else []
        found: list[Mention] = []
        seen: set[tuple[str, str]] = set()
        for match in self._regex.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in urls):
                continue
            surface = _norm(match[0])
            if surface in self.offices:
                if not _THE.search(text, max(0, start - 8), start) or _NAME_AFTER.match(text, end):
                    continue
                entity = self.holder(surface, unit.date)
                if entity is None:
                    continue
            else:
                entity, kind = self.forms[surface]
                if kind == AMBIGUOUS and not self._contexts[entity.key].search(text + "\n" + context):
                    continue
                if kind == SURNAME:
                    honorific = _HONORIFIC.search(text, max(0, start - 16), start)
                    if honorific:
                        start = honorific.start()
                    elif _NAME_BEFORE.search(text, max(0, start - 40), start) or _NAME_AFTER.match(text, end):
                        continue  # part of another name: "David Scott", "Russell Group"
                    elif not (_POSSESSIVE.match(text, end) or entity.key in unit.named):
                        continue
                elif entity.type == PERSON:
                    unit.named.add(entity.key)
            if (entity.type, entity.key) in seen:
                continue
            seen.add((entity.type, entity.key))
            found.append(Mention(start, end, entity))
        return found
