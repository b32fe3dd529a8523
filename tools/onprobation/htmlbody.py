"""Blogger's HTML (a post body or a comment) -> the block model of ``structure``.

The parser is selectolax's Lexbor engine: a complete WHATWG HTML5 parser
(the same tree a browser builds from broken markup: unclosed ``<p>``, stray
``</div>``, ``<b><i></b></i>``), written in C, so that 4,500 posts and
74,000 comments parse in seconds, maintained and shipped as wheels.
html5lib is as correct but pure Python and unmaintained since 2020; lxml's
HTML parser is libxml2's, which does not build the HTML5 tree.

How HTML becomes lines (the counting rule of the anchors). A text dump is
what a browser shows, copied: each visual line is a line of the dump and
each non-blank line a numbered paragraph. So here too: ``<br>`` ends a line,
``<p>``, ``<div>`` and the other blocks start and end one, an empty line
(``<br><br>``, ``<div><br></div>``, the gap between ``<p>`` elements) is a
blank line, and the lines go through ``structure.parse_body``, the same
classification as text (bullets, separators, ``:-`` intros, ``*****``
republished comments). A list item is one paragraph (as its ``• `` line is).
What a copied text does not show as a line is not numbered: images and
videos, tables, preformatted text and HTML headings (rubrics).

HTML never passes through. Dropped, and reported as problems: ``<script>``,
``<style>``, ``<noscript>``, ``<template>`` and other non-content elements
with what they hold (a reader never sees it as text), ``on*`` event
attributes, links and images whose address is not ``http(s):`` (or
``mailto:`` for links), e.g. ``javascript:`` or ``data:``. The text inside a
dropped link is kept. Comments ``<!-- -->`` are not shown by browsers and
are skipped silently; so are attributes such as ``style`` or ``class``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decode import clean_text
from .model import Line, Problem
from .structure import (
    BULLET, Block, BlockLine, Bullets, Code, Media, Para, Quote, RichLine, Rubric, Run, Separator, Table, parse_body,
    cut, runs_text,
)

LINK_SCHEMES = ("http", "https", "mailto")
MEDIA_SCHEMES = ("http", "https")
# Not content: what they hold is not text a reader sees.
DROPPED = {"script", "style", "noscript", "template", "link", "meta", "base", "title", "head", "svg", "math", "canvas", "audio", "source", "track", "map", "area", "input", "select", "textarea",
           "frame", "frameset", "applet"}
SILENT = {"-comment", "wbr"}
# Elements that start and end a line (everything else is inline).
LINE_BLOCKS = {"p", "div", "center", "address", "section", "article", "header", "footer", "main", "nav", "aside",
               "figure", "figcaption", "dl", "dt", "dd", "form", "fieldset", "legend", "details", "summary",
               "body", "html", "caption", "hgroup", "search", "menu", "li"}
PARAGRAPHS = {"p", "dl", "figure", "blockquote", "pre", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EM = {"em", "i", "cite", "dfn", "var", "u", "ins"}  # u: Blogger's underline is emphasis
STRONG = {"strong", "b"}
CODE = {"code", "tt", "kbd", "samp"}
VIDEO_HOSTS = re.compile(r"(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com|dailymotion\.com|"
                         r"blogger\.com|googlevideo\.com|facebook\.com|bbc\.co\.uk|twitter\.com)$")
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _scheme_ok(url: str, schemes: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and (parts.scheme.lower() == "mailto" or bool(parts.netloc))


def link_ok(url: str) -> bool:
    """An address this archive links to: http, https or mailto."""
    return _scheme_ok(url, LINK_SCHEMES)


def clean_url(url: str | None) -> str:
    """An address as a browser reads it: trimmed, protocol-relative made https."""
    url = "".join(ch for ch in (url or "").strip() if ch not in "\t\n\r")
    return "https:" + url if url.startswith("//") else url


@dataclass
class _Style:
    href: str = ""
    em: bool = False
    strong: bool = False
    code: bool = False


@dataclass
class _Walker:
    file: str
    line: int
    source: str
    problems: list[Problem]
    out: list[Line] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    _cursor: dict[str, int] = field(default_factory=dict)

    # -- locating problems ------------------------------------------------------------
    def where(self, needle: str) -> int:
        """The line of the next occurrence of ``needle`` in the HTML (best effort)."""
        lower = self.source.lower()
        start = self._cursor.get(needle, 0)
        index = lower.find(needle.lower(), start)
        if index < 0:
            index = lower.find(needle.lower())
        if index < 0:
            return self.line
        self._cursor[needle] = index + 1
        return self.line + self.source.count("\n", 0, index)

    def report(self, needle: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.where(needle), message))

    # -- lines ------------------------------------------------------------------------
    def flush(self, blank_if_empty: bool = False) -> None:
        runs = _trim(self.runs)
        self.runs = []
        if runs:
            self.out.append(RichLine(self.line, runs_text(runs), runs=runs))
        elif blank_if_empty:
            self.blank()

    def blank(self) -> None:
        if self.out and not _is_blank(self.out[-1]):
            self.out.append(Line(self.line, ""))

    def block(self, block: object) -> None:
        self.flush()
        self.out.append(BlockLine(self.line, "", block=block))

    # -- walking ----------------------------------------------------------------------
    def children(self, node: LexborNode, style: _Style, pre: bool = False) -> None:
        for child in node.iter(include_text=True):
            self.node(child, style, pre)

    def node(self, node: LexborNode, style: _Style, pre: bool = False) -> None:
        tag = node.tag
        if tag == "-text":
            # as decode does for text dumps: NFC, and no control character (``&#1;`` decodes to one)
            text = clean_text(node.text_content or "")
            if not pre:
                text = _SPACE.sub(" ", text)
            if text:
                self.runs.append(Run(text, style.href, style.em, style.strong, style.code or pre))
            return
        if tag in SILENT or tag is None or tag.startswith("-"):
            return
        self.check_attributes(node)
        if tag in DROPPED:
            shown = " ".join((node.text_content or "").split())
            self.report(f"<{tag}", f"dropped <{tag}> element" + (f" and what it held ({_short(shown)})" if shown else ""))
            return
        if tag == "br":
            self.flush(blank_if_empty=True)
            return
        if tag == "hr":
            self.block(Separator(self.line))
            return
        if tag == "img":
            self.image(node, style)
            return
        if tag in ("iframe", "embed", "object", "video"):
            self.video(node)
            return
        if tag in HEADINGS:
            self.flush()
            self.blank()
            runs = _trim(_inline_runs(self, node, style))
            if runs_text(runs).strip():
                self.out.append(BlockLine(self.line, "", block=Rubric(self.line, runs_text(runs), runs, "post-heading")))
            self.blank()
            return
        if tag in ("ul", "ol"):
            self.flush()
            self.blank()
            lst = self.list(node, style)
            if lst.items:
                self.out.append(BlockLine(self.line, "", block=lst))
            self.blank()
            return
        if tag == "pre":
            self.flush()
            self.blank()
            sub = _Walker(self.file, self.line, self.source, self.problems, _cursor=self._cursor)
            sub.children(node, _Style(), pre=True)
            text = runs_text(sub.runs).removeprefix("\n").rstrip("\n")
            if text.strip():
                self.out.append(BlockLine(self.line, "", block=Code(self.line, text)))
            self.blank()
            return
        if tag == "table":
            self.flush()
            self.blank()
            table = self.table(node, style)
            if table.rows:
                self.out.append(BlockLine(self.line, "", block=table))
            self.blank()
            return
        if tag == "blockquote":
            self.flush()
            self.blank()
            sub = _Walker(self.file, self.line, self.source, self.problems, _cursor=self._cursor)
            sub.children(node, style)
            sub.flush()
            inner = [b for b in parse_body(sub.out) if not isinstance(b, Separator)]
            if inner:
                self.out.append(BlockLine(self.line, "", block=Quote("blockquote", blocks=inner)))
            self.blank()
            return
        if tag == "a":
            raw = node.attributes.get("href") or ""
            href = clean_url(raw)
            new = _Style(style.href, style.em, style.strong, style.code)
            if href and not style.href:
                if _scheme_ok(href, LINK_SCHEMES):
                    new.href = href
                else:
                    self.report(raw.strip()[:40] or "href", f"dropped a link to {_short(href)!r} (not http, https or mailto); "
                                        "its text is kept")
            self.children(node, new, pre)
            return
        if tag in LINE_BLOCKS or tag in PARAGRAPHS:
            self.flush()
            if tag in PARAGRAPHS:
                self.blank()
            self.children(node, style, pre)
            self.flush()
            if tag in PARAGRAPHS:
                self.blank()
            return
        new = _Style(style.href, style.em or tag in EM, style.strong or tag in STRONG, style.code or tag in CODE)
        self.children(node, new, pre)

    def check_attributes(self, node: LexborNode) -> None:
        for name in node.attributes:
            if name.lower().startswith("on"):
                self.report(f"{name}=", f"dropped the event attribute {name}= of <{node.tag}>")

    def image(self, node: LexborNode, style: _Style) -> None:
        src = clean_url(node.attributes.get("src"))
        alt = " ".join((node.attributes.get("alt") or node.attributes.get("title") or "").split())
        if not _scheme_ok(src, MEDIA_SCHEMES):
            self.report((node.attributes.get("src") or "").strip()[:40] or "<img", f"dropped an image whose address is {_short(src)!r} (not http or https)"
                        + (f"; its description is kept: {alt}" if alt else ""))
            if alt:
                self.runs.append(Run(alt, style.href, style.em, style.strong, style.code))
            return
        self.block(Media(self.line, "image", src, alt, style.href if style.href != src else ""))

    def video(self, node: LexborNode) -> None:
        src = clean_url(node.attributes.get("src") or node.attributes.get("data"))
        if not src:
            for child in node.traverse(include_text=False):
                src = clean_url(child.attributes.get("src") or (
                    child.attributes.get("value") if (child.attributes.get("name") or "").lower() == "movie" else ""))
                if src:
                    break
        if not _scheme_ok(src, MEDIA_SCHEMES):
            self.report(f"<{node.tag}", f"dropped an embedded <{node.tag}> whose address is {_short(src)!r}")
            return
        self.block(Media(self.line, "video", src))

    def list(self, node: LexborNode, style: _Style) -> Bullets:
        """A list; anything a list holds outside an ``<li>`` (broken HTML) joins the item before it."""
        lst = Bullets(ordered=node.tag == "ol")
        groups: list[list[LexborNode]] = []
        for child in node.iter(include_text=True):
            if child.tag == "li":
                groups.append(list(child.iter(include_text=True)))
            elif child.tag == "-text" and not (child.text_content or "").strip():
                continue
            elif groups:
                groups[-1].append(child)
            else:
                groups.append([child])
        for group in groups:
            sub = _Walker(self.file, self.line, self.source, self.problems, _cursor=self._cursor)
            nested: list[Block] = []
            for part in group:
                if part.tag in ("ul", "ol"):
                    sub.flush()
                    inner = self.list(part, style)
                    if inner.items:
                        sub.out.append(BlockLine(self.line, "", block=inner))
                else:
                    sub.node(part, style)
            sub.flush()
            runs: list[Run] = []
            for line in sub.out:
                if isinstance(line, RichLine):
                    if nested:  # text after a nested block: an item of its own would renumber; a line
                        nested.append(Para(self.line, line.text, runs=line.runs))
                        continue
                    if runs:
                        runs.append(Run("\n", br=True))
                    runs += line.runs
                elif isinstance(line, BlockLine) and not isinstance(line.block, Separator):
                    nested.append(line.block)  # type: ignore[arg-type]
            if runs or nested:
                lst.items.append(Para(self.line, runs_text(runs), runs=runs, nested=nested))
        return lst

    def table(self, node: LexborNode, style: _Style) -> Table:
        table = Table(self.line)
        rows = [r for r in node.traverse(include_text=False) if r.tag == "tr" and _table_of(r) is not None
                and _table_of(r).mem_id == node.mem_id]  # not the rows of a table inside a cell
        header = False
        for index, row in enumerate(rows):
            cells = [c for c in row.iter(include_text=False) if c.tag in ("td", "th")]
            if index == 0:
                header = bool(cells) and all(c.tag == "th" for c in cells)
            table.rows.append([_cell_runs(self, cell, style) for cell in cells])
        table.rows = [row for row in table.rows if row]
        table.header = header and len(table.rows) > 1
        return table


def _table_of(row: LexborNode) -> LexborNode | None:
    parent = row.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _cell_runs(walker: _Walker, node: LexborNode, style: _Style) -> list[Run]:
    """A table cell or a heading: its lines joined by line breaks; blocks inside flattened to text."""
    sub = _Walker(walker.file, walker.line, walker.source, walker.problems, _cursor=walker._cursor)
    sub.children(node, style)
    sub.flush()
    runs: list[Run] = []
    for line in sub.out:
        pieces = line.runs if isinstance(line, RichLine) else _block_runs(line.block) if isinstance(line, BlockLine) else []
        if pieces:
            if runs:
                runs.append(Run("\n", br=True))
            runs += pieces
    return runs


_inline_runs = _cell_runs


def _block_runs(block: object) -> list[Run]:
    """A block flattened into runs (inside a table cell or heading)."""
    if isinstance(block, (Para, Rubric)):
        return list(block.runs or [Run(block.text)])
    if isinstance(block, Bullets):
        out: list[Run] = []
        for item in block.items:
            if out:
                out.append(Run("\n", br=True))
            out += item.runs or [Run(item.text)]
        return out
    if isinstance(block, Code):
        return [Run(block.text.replace("\n", " "), code=True)]
    if isinstance(block, Media):
        return [Run(block.alt, href=block.src)] if block.alt else []  # the alt text is the image's words
    if isinstance(block, Quote):
        out = []
        for inner in block.blocks:
            if out:
                out.append(Run("\n", br=True))
            out += _block_runs(inner)
        return out
    if isinstance(block, Table):
        return [r for row in block.rows for cell in row for r in [*cell, Run(" ")]]
    return []


def _trim(runs: list[Run]) -> list[Run]:
    """Runs of one line without leading and trailing white space (as a browser draws it);
    adjacent runs of the same style merged, inner white space collapsed across runs."""
    merged: list[Run] = []
    for run in runs:
        if merged and not run.code and not merged[-1].code and merged[-1].text.endswith(" ") and run.text.startswith(" "):
            run = Run(run.text[1:], run.href, run.em, run.strong, run.code, run.br)
        if not run.text:
            continue
        if merged and (merged[-1].href, merged[-1].em, merged[-1].strong, merged[-1].code, merged[-1].br) == (
                run.href, run.em, run.strong, run.code, run.br) and not run.br:
            merged[-1] = Run(merged[-1].text + run.text, run.href, run.em, run.strong, run.code)
        else:
            merged.append(run)
    # white space at the ends of a line (no-break spaces too, as the text path strips them)
    while merged and (merged[0].br or not merged[0].text.strip()):
        merged.pop(0)
    while merged and (merged[-1].br or not merged[-1].text.strip()):
        merged.pop()
    if merged:
        first = merged[0]
        merged[0] = Run(first.text.lstrip(), first.href, first.em, first.strong, first.code)
        last = merged[-1]
        merged[-1] = Run(last.text.rstrip(), last.href, last.em, last.strong, last.code)
    return merged


def _is_blank(line: Line) -> bool:
    return type(line) is Line and not line.text


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def html_lines(html: str, file: str = "", line: int = 1, problems: list[Problem] | None = None) -> list[Line]:
    """The lines of an HTML body as ``structure.parse_body`` takes them."""
    problems = [] if problems is None else problems
    tree = LexborHTMLParser(html or "")
    walker = _Walker(file, line, html or "", problems)
    if tree.body is not None:
        walker.children(tree.body, _Style())
    walker.flush()
    while walker.out and _is_blank(walker.out[-1]):
        walker.out.pop()
    return walker.out


def parse_html(html: str, file: str = "", line: int = 1, problems: list[Problem] | None = None) -> list[Block]:
    """An HTML post body -> blocks, classified as a text dump's lines are."""
    return parse_body(html_lines(html, file, line, problems))


def comment_blocks(html: str, file: str = "", line: int = 1, problems: list[Problem] | None = None) -> list[Block]:
    """A comment's HTML -> blocks: each line a paragraph (as the text path does), HTML's own blocks kept."""
    out: list[Block] = []
    for item in html_lines(html, file, line, problems):
        if isinstance(item, RichLine) and (match := BULLET.match(item.text)):
            if not out or not isinstance(out[-1], Bullets) or out[-1].ordered:
                out.append(Bullets())
            out[-1].items.append(Para(item.number, match[1], runs=cut(item.runs, match.start(1), match.end(1))))
        elif isinstance(item, RichLine):
            out.append(Para(item.number, item.text, runs=item.runs))
        elif isinstance(item, BlockLine) and not isinstance(item.block, Separator):
            out.append(item.block)  # type: ignore[arg-type]
    return out


def plain_text(html: str) -> str:
    """The text of an HTML body as lines (what a text dump of it would hold)."""
    return "\n".join(line.text for line in html_lines(html) if isinstance(line, RichLine))


def words(html: str | None) -> list[str]:
    """The words of an HTML body, blocks included (for counts and merging)."""
    return list(_words(html)) if html else []


@functools.lru_cache(maxsize=8192)
def _words(html: str) -> tuple[str, ...]:
    """Memoised (a pure function of the HTML): merging sorts and compares posts and
    comments by their words many times over, and each call would parse the HTML again."""
    out: list[str] = []
    for line in html_lines(html):
        if isinstance(line, RichLine):
            out += line.text.split()
        elif isinstance(line, BlockLine):
            out += runs_text(_block_runs(line.block)).split()
    return tuple(out)
