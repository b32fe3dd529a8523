"""Recognise the structure of a post body: paragraphs, lists, separators, quotes.

Each non-blank line of a dump is one paragraph (Blogger writes one block per
line). Structure is only ever *added* around the text: every character of a
line ends up in exactly one block, except list markers and separator runs,
which become structure.

The same classification serves Blogger's HTML (see ``htmlbody``): its lines are
``RichLine`` objects, whose ``runs`` say which part of the text is a link,
emphasis or code, and whose paragraphs keep the runs of their part of the
line; what only HTML has (lists, tables, images, code, block quotes) comes
as a ``BlockLine`` holding a ready block. A plain ``Line`` gives paragraphs
without runs, exactly as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

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


@dataclass(frozen=True)
class Run:
    """A piece of a line with one style: plain text, or a link to ``href``,
    emphasis, strong, code, or a line break (``br``, text ``"\\n"``)."""

    text: str
    href: str = ""
    em: bool = False
    strong: bool = False
    code: bool = False
    br: bool = False


def runs_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def cut(runs: list[Run] | None, start: int, end: int) -> list[Run] | None:
    """The runs of ``text[start:end]`` of the line the runs make up."""
    if runs is None:
        return None
    out, position = [], 0
    for run in runs:
        a, b = position, position + len(run.text)
        position = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append(run if (lo, hi) == (a, b) else replace(run, text=run.text[lo - a : hi - a]))
    return out


@dataclass
class RichLine(Line):
    """A line of an HTML body: its plain ``text`` (stripped) and its ``runs``."""

    runs: list[Run] = field(default_factory=list)


@dataclass
class BlockLine(Line):
    """A block only HTML has (list, table, image, code, quote, heading) in the flow of lines."""

    block: object = None


@dataclass
class Para:
    """A paragraph: one line of the dump. ``speaker`` is a transcript prefix.

    ``runs`` (HTML only) style the text; ``nested`` holds the lists inside a
    list item.
    """

    line: int
    text: str
    speaker: str = ""
    runs: list[Run] | None = None
    nested: list[Block] = field(default_factory=list)


@dataclass
class Rubric:
    """A heading inside reproduced material, or of an HTML post (never a section)."""

    line: int
    text: str
    runs: list[Run] | None = None
    kind: str = ""  # "post-heading" for an HTML heading element


@dataclass
class Bullets:
    items: list[Para] = field(default_factory=list)
    ordered: bool = False


@dataclass
class Code:
    """Preformatted text: every line and space kept."""

    line: int
    text: str


@dataclass
class Table:
    """A simple table: rows of cells, each cell a list of runs."""

    line: int
    rows: list[list[list[Run]]] = field(default_factory=list)
    header: bool = False


@dataclass
class Media:
    """An image or embedded video: described and linked, never downloaded."""

    line: int
    kind: str  # "image" or "video"
    src: str
    alt: str = ""
    href: str = ""  # where the image linked to, when elsewhere than ``src``


@dataclass
class Separator:
    line: int


@dataclass
class Quote:
    """Reproduced material. ``kind`` is ``article`` (after a ``:-`` intro),
    ``comment`` (a reader comment republished between ``*****`` lines) or
    ``blockquote`` (an HTML ``<blockquote>``)."""

    kind: str
    titles: list[Rubric] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    attribution: Para | None = None


Block = Para | Rubric | Bullets | Separator | Quote | Code | Table | Media


@dataclass
class _Item:
    """A classified line, with whether blank lines surround it."""

    kind: str  # para, bullet, sep, stars, block
    line: int
    text: str
    blank_before: bool = False
    blank_after: bool = False
    runs: list[Run] | None = None
    block: object = None


def _items(lines: list[Line]) -> list[_Item]:
    items: list[_Item] = []
    blank = True
    for line in lines:
        text = line.text.strip()
        new: list[_Item] = []
        runs = line.runs if isinstance(line, RichLine) else None
        if isinstance(line, BlockLine):
            block = line.block
            new.append(_Item("sep" if isinstance(block, Separator) else "block", line.number, text, block=block))
        elif not text:
            blank = True
            if items:
                items[-1].blank_after = True
            continue
        elif SEPARATOR.match(text):
            new.append(_Item("stars" if text.startswith("*") else "sep", line.number, text))
        elif match := GLUED_STARS_END.match(text):
            new += [_Item("para", line.number, match[1], runs=cut(runs, 0, match.end(1))),
                    _Item("stars", line.number, match[2])]
        elif match := GLUED_STARS_START.match(text):
            new += [_Item("stars", line.number, match[1]),
                    _Item("para", line.number, match[2], runs=cut(runs, match.start(2), len(text)))]
        elif match := BULLET.match(line.text):
            item = match[1].strip()
            start = match.start(1) + len(match[1]) - len(match[1].lstrip())
            new.append(_Item("bullet", line.number, item, runs=cut(runs, start, start + len(item))))
        else:
            new.append(_Item("para", line.number, text, runs=runs))
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
        elif item.kind == "block":
            blocks.append(item.block)  # type: ignore[arg-type]
        elif item.kind == "para" and item.text.endswith(INTRO_END):
            blocks.append(_para(item, transcript))
            if i + 1 < len(items) and isinstance(items[i + 1].block, Quote):
                i += 1  # the HTML quotes the material itself: a <blockquote> after the intro
                continue
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
        return Para(item.line, item.text, speaker=match[1], runs=item.runs)
    return Para(item.line, item.text, runs=item.runs)


def _append_simple(blocks: list[Block], item: _Item, transcript: bool) -> None:
    if item.kind == "bullet":
        if not blocks or not isinstance(blocks[-1], Bullets) or blocks[-1].ordered:
            blocks.append(Bullets())
        blocks[-1].items.append(Para(item.line, item.text, runs=item.runs))  # type: ignore[union-attr]
    elif item.kind in ("block", "sep", "stars"):
        blocks.append(item.block if item.kind == "block" else Separator(item.line))  # type: ignore[arg-type]
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
            quote.titles.append(Rubric(body[0].line, body[0].text, body[0].runs))
            body.pop(0)
        if len(body) > 1 and body[-1].kind == "para" and name_like(body[-1].text):
            last = body.pop()
            quote.attribution = Para(last.line, last.text, runs=last.runs)
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
            quote.blocks.append(Rubric(item.line, item.text, item.runs))
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
