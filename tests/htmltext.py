"""Text and anchors of a built HTML page, as a reader's browser would show them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

WORD = re.compile(r"\w+")


class _MainText(HTMLParser):
    """Collect the text inside ``<div role="main">`` and every element id.

    The "[archived]" links the site adds after each external link are left
    out: they are the archive's decoration, not the blog's words (and between
    two links glued together they would split a word)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skipping = 0  # depth inside an "archived" decoration
        self.parts: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if self.skipping:
            self.skipping += tag == "span"
            return
        if self.depth and tag == "span" and "archived" in (attributes.get("class") or "").split():
            self.skipping = 1
            return
        if self.depth:
            if tag == "div":
                self.depth += 1
            self.parts.append(" ")
        elif tag == "div" and attributes.get("role") == "main":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag == "span"
            return
        if self.depth:
            self.parts.append(" ")
            if tag == "div":
                self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.parts.append(data)


def main_text(path: Path) -> tuple[str, list[str]]:
    parser = _MainText()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts), parser.ids


def words(text: str) -> list[str]:
    return WORD.findall(text)


def missing_words(expected: list[str], text: list[str]) -> tuple[int, list[str]]:
    """How many of ``expected`` appear in order in ``text``; the context of the first miss."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = text.index(word, position) + 1
        except ValueError:
            return index, expected[max(0, index - 5) : index + 5]
    return len(expected), []
