"""Find mentions of registry entities in seed text, precision first.

A wrong link misleads a researcher; a missed one only costs a click. So only
whole, case-exact surface forms from the registry are matched, longest first;
an ambiguous form (``PI``, ``Community``, ``Reform``, ``SFO``) is linked only
when one of its context words stands in the same paragraph or the post's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .registry import Entity, Registry


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity

    @property
    def role(self) -> str:
        return self.entity.type


_SPACE = r"[\s\u00a0]+"


def _pattern(form: str) -> str:
    return _SPACE.join(re.escape(word) for word in form.split())


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


class Linker:
    """Finds the first mention of each entity in a paragraph."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.forms: dict[str, tuple[Entity, bool]] = {}
        for entity in registry.entities.values():
            for form in entity.forms:
                self.forms.setdefault(" ".join(form.split()), (entity, False))
            for form in entity.ambiguous:
                self.forms.setdefault(" ".join(form.split()), (entity, True))

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        pattern = trie_pattern(list(self.forms)) or r"(?!x)x"
        return re.compile(rf"(?<![\w&])(?:{pattern})(?![\w])")

    @cached_property
    def _contexts(self) -> dict[str, re.Pattern[str]]:
        contexts = {}
        for entity in self.registry.entities.values():
            if entity.ambiguous:
                words = "|".join(_pattern(c) for c in sorted(entity.context, key=len, reverse=True))
                contexts[entity.key] = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
        return contexts

    def find(self, text: str, context: str = "") -> list[Mention]:
        """Mentions in ``text``: the first of each entity, in order of appearance."""
        if not self.forms:
            return []
        found: list[Mention] = []
        seen: set[tuple[str, str]] = set()
        for match in self._regex.finditer(text):
            entity, ambiguous = self.forms[" ".join(match[0].split())]
            if (entity.type, entity.key) in seen:
                continue
            if ambiguous and not self._contexts[entity.key].search(text + "\n" + context):
                continue
            seen.add((entity.type, entity.key))
            found.append(Mention(match.start(), match.end(), entity))
        return found
