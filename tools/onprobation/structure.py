"""Recognise the structure of a post body: paragraphs, lists, separators, quotes.

Each non-blank line of a dump is one paragraph (Blogger writes one block per
line). Structure is only ever *added* around the text: every character of a
line ends up in exactly one block, except list markers and separator runs,
which become structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Line

SEPARATOR = re.compile(r"^(?:-*o+0+o+-*|\*{3,})$")
GLUED_STARS_END = re.compile(r"^(.*?\S)\s*(\*{4,})$")
GLUED_STARS_START = re.compile(r"^(\*{4,})\s*(\S.*)$")
BULLET = re.compile(r"^\s*(?:[•·▪◦]\s*|[-–]\s+)(\S.*)$")
QUESTION = re.compile(r"^Q\d+\s")
SPEAKER = re.compile(r"^((?:Q\d+\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}:)(?=\s|$)")
INTRO_END = ":-"
_FINAL_PUNCT = tuple(".,;:!?…\"'’”)-")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z.'’-]*$")


@dataclass
class Para:
    """A paragraph: one line of the dump. ``speaker`` is a transcript prefix."""

    line: int
    text: str
    speaker: str = ""


@dataclass
class Rubric:
    """A heading inside reproduced material (never a section)."""

    line: int
    text: str


@dataclass
class Bullets:
    items: list[Para] = field(default_factory=list)


@dataclass
class Separator:
    line: int


@dataclass
class Quote:
    """Reproduced material. ``kind`` is ``article`` (after a ``:-`` intro) or
    ``comment`` (a reader comment republished between ``*****`` lines)."""

    kind: str
    titles: list[Rubric] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    attribution: Para | None = None


Block = Para | Rubric | Bullets | Separator | Quote


@dataclass
class _Item:
    """A classified line, with whether blank lines surround it."""

    kind: str  # para, bullet, sep, stars
    line: int
    text: str
    blank_before: bool = False
    blank_after: bool = False


def _items(lines: list[Line]) -> list[_Item]:
    items: list[_Item] = []
    blank = True
    for line in lines:
        text = line.text.strip()
        if not text:
            blank = True
            if items:
                items[-1].blank_after = True
            continue
        new: list[_Item] = []
        if SEPARATOR.match(text):
            new.append(_Item("stars" if text.startswith("*") else "sep", line.number, text))
        elif match := GLUED_STARS_END.match(text):
            new += [_Item("para", line.number, match[1]), _Item("stars", line.number, match[2])]
        elif match := GLUED_STARS_START.match(text):
            new += [_Item("stars", line.number, match[1]), _Item("para", line.number, match[2])]
        elif match := BULLET.match(line.text):
            new.append(_Item("bullet", line.number, match[1].strip()))
        else:
            new.append(_Item("para", line.number, text))
        new[0].blank_before = blank
        items += new
        blank = False
    return items


def heading_like(text: str) -> bool:
    """A short line without final punctuation, as headings in articles are."""
    return (
        len(text) <= 100
        and len(text.split()) <= 14
        and not text.endswith(_FINAL_PUNCT)
        and (text[0].isupper() or text[0].isdigit())
        and "://" not in text
    )


def name_like(text: str) -> bool:
    """An author's name alone on a line: two to four capitalised words."""
    words = text.split()
    return 2 <= len(words) <= 4 and len(text) <= 40 and all(_NAME_WORD.match(w) for w in words)


def parse_body(lines: list[Line]) -> list[Block]:
    """Body lines -> blocks."""
    items = _items(lines)
    transcript = any(QUESTION.match(item.text) for item in items if item.kind == "para")
    blocks: list[Block] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind == "stars":
            end = _closing_stars(items, i)
            if end is not None:
                blocks.append(_quote("comment", items[i + 1 : end], transcript))
                i = end + 1
                continue
            blocks.append(Separator(item.line))
        elif item.kind == "sep":
            blocks.append(Separator(item.line))
        elif item.kind == "para" and item.text.endswith(INTRO_END):
            blocks.append(_para(item, transcript))
            end = i + 1
            while end < len(items) and items[end].kind not in ("sep", "stars"):
                end += 1
            if end > i + 1:
                blocks.append(_quote("article", items[i + 1 : end], transcript))
            i = end
            continue
        else:
            _append_simple(blocks, item, transcript)
        i += 1
    return _tidy_separators(blocks)


def _closing_stars(items: list[_Item], start: int) -> int | None:
    """Index of the ``*****`` line closing a republished comment, if any."""
    for j in range(start + 1, len(items)):
        if items[j].kind == "sep":
            return None
        if items[j].kind == "stars":
            inner = items[start + 1 : j]
            if inner and not any(x.text.endswith(INTRO_END) for x in inner):
                return j
            return None
    return None


def _para(item: _Item, transcript: bool) -> Para:
    if transcript and (match := SPEAKER.match(item.text)):
        return Para(item.line, item.text, speaker=match[1])
    return Para(item.line, item.text)


def _append_simple(blocks: list[Block], item: _Item, transcript: bool) -> None:
    if item.kind == "bullet":
        if not blocks or not isinstance(blocks[-1], Bullets):
            blocks.append(Bullets())
        blocks[-1].items.append(Para(item.line, item.text))  # type: ignore[union-attr]
    else:
        blocks.append(_para(item, transcript))


def _quote(kind: str, items: list[_Item], transcript: bool) -> Quote:
    quote = Quote(kind)
    body = list(items)
    if kind == "article":
        # Title lines: a date line and/or a title, heading-like, before the text.
        while (
            len(body) > 1
            and len(quote.titles) < 2
            and body[0].kind == "para"
            and heading_like(body[0].text)
            and (not quote.titles or body[0].blank_after)
        ):
            quote.titles.append(Rubric(body[0].line, body[0].text))
            body.pop(0)
        if len(body) > 1 and body[-1].kind == "para" and name_like(body[-1].text):
            last = body.pop()
            quote.attribution = Para(last.line, last.text)
    for index, item in enumerate(body):
        standalone = item.blank_before and (item.blank_after or index == len(body) - 1)
        if (
            kind == "article"
            and item.kind == "para"
            and 0 < index < len(body) - 1
            and standalone
            and heading_like(item.text)
            and not (transcript and SPEAKER.match(item.text))
        ):
            quote.blocks.append(Rubric(item.line, item.text))
        else:
            _append_simple(quote.blocks, item, transcript)
    return quote


def _tidy_separators(blocks: list[Block]) -> list[Block]:
    """Docutils forbids a transition first, last or next to another one."""
    tidy: list[Block] = []
    for block in blocks:
        if isinstance(block, Separator) and (not tidy or isinstance(tidy[-1], Separator)):
            continue
        tidy.append(block)
    while tidy and isinstance(tidy[-1], Separator):
        tidy.pop()
    return tidy
