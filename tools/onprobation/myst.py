"""Write blocks as MyST Markdown in which seed text can only ever be text.

Every ASCII punctuation character of seed text is backslash-escaped, which
CommonMark defines as a literal character: no emphasis, link, role,
directive, target, substitution, math, table, heading or HTML can start. A
leading em dash, which docutils' block quotes would take for an attribution,
is written as a character reference. Bare ``http(s)://`` URLs become links
whose text and destination are escaped the same way.

Runs of HTML posts (``structure.Run``) are written so that no text can end
or leak their markup either: a link is ``[escaped text](<escaped address>)``
(the angle-bracket destination takes spaces and parentheses; ``<``, ``>``
and ``\\`` are escaped, and only ``http``, ``https`` and ``mailto``
addresses get this far); emphasis and strong are MyST's ``{emphasis}`` and
``{strong}`` roles, whose content is taken literally (CommonMark's ``*``
would not open after a letter when the text starts with punctuation, and
would leave stray asterisks), with the text split around backticks, which a
role's content cannot start or end with (roles do not nest: text both
emphasised and strong is shown strong); code is the ``{literal}`` role, the
same way (a code span right after a role's closing backtick would merge
with it); a line break (inside a list item or
table cell) starts a new paragraph there, as a line of a text dump is one
(MyST writes a hard break as raw HTML, which this project disables).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from .mentions import Linker
from .structure import Block, Bullets, Code, Media, Para, Quote, Rubric, Run, Separator, Table, cut

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# The same escape as a table: str.translate is many times faster than a regex
# substitution, and the converter escapes every run of text of 74,000 comments.
_ESCAPES = str.maketrans({char: "\\" + char for char in string.punctuation})
URL = re.compile(r"https?://[^\s<>\"“”‘’]+")
_TRAILING = ".,;:!?'\"’”…"


def escape(text: str) -> str:
    """Seed text -> MyST inline source rendering exactly ``text``."""
    out = text.translate(_ESCAPES)
    if out.startswith("\u2014"):
        out = "&#x2014;" + out[1:]
    return out


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of bare URLs; a URL loses trailing punctuation and an unbalanced ``)``."""
    for match in URL.finditer(text):
        url = match[0]
        while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if len(url) > len("https://"):
            yield match.start(), match.start() + len(url)


def inline(text: str, linker: Linker | None = None, context: str = "") -> str:
    """Seed text -> MyST inline source: bare URLs as links, and, with a
    ``linker``, mentions of registry entities as ``{org}``/``{report}`` roles."""
    spans: list[tuple[int, int, str]] = []
    urls = list(url_spans(text))
    for start, end in urls:
        piece = text[start:end]
        spans.append((start, end, f"[{escape(piece)}]({escape(piece)})"))
    if linker is not None:
        for mention in linker.find(text, context):
            if not any(s < mention.end and mention.start < e for s, e in urls):
                surface = " ".join(text[mention.start : mention.end].split())
                spans.append((mention.start, mention.end, f"{{{mention.role}}}`{surface} <{mention.entity.key}>`"))
    parts, position = [], 0
    for start, end, source in sorted(spans):
        parts += [escape(text[position:start]), source]
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def destination(url: str) -> str:
    """A link destination in angle brackets: spaces and parentheses allowed, the rest escaped."""
    return "<" + _PUNCTUATION.sub(r"\\\1", url) + ">"


def code_span(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text[:1] == " " and text[-1:] == " ") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _styled(run: Run, linker: Linker | None, context: str, in_link: bool = False) -> str:
    """One run (not a break) -> MyST; plain text outside links links bare URLs (and mentions, with a linker)."""
    text = run.text
    if not (run.em or run.strong or run.code) or not text.strip():
        return escape(text) if in_link else inline(text, linker, context)
    # code wins over emphasis; a role, not a code span, which could touch a role's closing backtick
    role = "literal" if run.code else "strong" if run.strong else "emphasis"
    out = []
    for index, piece in enumerate(text.split("`")):
        if index:
            out.append("\\`")
        if piece.strip():
            out.append(f"{{{role}}}`{piece}`")
        elif piece:
            out.append(escape(piece))
    return "".join(out)


def runs_inline(runs: list[Run], linker: Linker | None = None, context: str = "", indent: str = "") -> str:
    """Runs -> MyST inline source; links grouped; mentions linked only in plain text outside links."""
    parts: list[str] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if run.br:
            parts.append("\n\n" + indent)  # a new paragraph: MyST's hard break is raw HTML
            index += 1
            continue
        if run.href:
            end = index
            while end < len(runs) and runs[end].href == run.href and not runs[end].br:
                end += 1
            group = runs[index:end]
            text = "".join(_styled(r, None, "", in_link=True) for r in group) if "".join(r.text for r in group).strip() else escape(run.href)
            parts.append(f"[{text}]({destination(run.href)})")
            index = end
            continue
        parts.append(_styled(run, linker, context))
        index += 1
    return "".join(parts)


def paragraph(para: Para, linker: Linker | None = None, context: str = "", indent: str = "") -> str:
    if para.runs is not None:
        if para.speaker:
            rest = cut(para.runs, len(para.speaker), len(para.text)) or []
            return f"**{inline(para.speaker)}**{runs_inline(rest, linker, context, indent)}"
        return runs_inline(para.runs, linker, context, indent)
    if para.speaker:
        rest = para.text[len(para.speaker) :]
        return f"**{inline(para.speaker)}**{inline(rest, linker, context)}"
    return inline(para.text, linker, context)


def _colons(body: str) -> int:
    """The longest colon fence inside ``body`` (a line of colons, maybe indented, maybe with a name)."""
    return max((len(m) for m in re.findall(r"(?m)^[ \t]*(:{3,})", body)), default=0)


def fence(name: str, argument: str, body: str, depth: int, options: dict[str, str] | None = None) -> str:
    """A directive in a colon fence long enough to hold ``depth`` nested ones,
    and longer than any colon fence (or line of colons in code) inside it.

    Colon fences (MyST's ``colon_fence``), because a backtick fence's info
    string may not contain a backtick, even an escaped one.
    """
    ticks = ":" * max(3 + depth, _colons(body) + 1)
    head = f"{ticks}{{{name}}}" + (f" {argument}" if argument else "")
    opts = "".join(f":{key}: {value}\n" for key, value in (options or {}).items())
    return f"{head}\n{opts}{body}\n{ticks}"


def blocks(items: list[Block], depth: int = 1, linker: Linker | None = None, context: str = "") -> str:
    """Blocks -> MyST, separated by blank lines; paragraphs link mentions."""
    return "\n\n".join(_block(item, depth, linker, context) for item in items)


def _rubric_text(rubric: Rubric) -> str:
    if rubric.runs is None:
        return inline(rubric.text)
    return runs_inline([r if not r.br else Run(" ") for r in rubric.runs])


def _block(item: Block, depth: int, linker: Linker | None, context: str) -> str:
    if isinstance(item, Para):
        return paragraph(item, linker, context)
    if isinstance(item, Rubric):
        title = _rubric_text(item)
        if not title.strip():  # a rubric needs a title; an empty heading shows nothing anyway
            return ""
        return fence("rubric", title, "", 0, {"class": item.kind or "quote-heading"})
    if isinstance(item, Bullets):
        return _list(item, linker, context)
    if isinstance(item, Separator):
        return "---"
    if isinstance(item, Quote):
        return _quote(item, depth, linker, context)
    if isinstance(item, Code):
        return _code(item)
    if isinstance(item, Table):
        return _table(item, linker, context)
    if isinstance(item, Media):
        return _media(item)
    raise TypeError(item)


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n"))


def _list(item: Bullets, linker: Linker | None, context: str) -> str:
    lines = []
    for number, para in enumerate(item.items, 1):
        marker = f"{number}. " if item.ordered else "- "
        indent = " " * len(marker)
        text = paragraph(para, linker, context, indent)
        if para.nested:
            inner = "\n\n".join(_block(b, 0, linker, context) for b in para.nested)
            text = (text + "\n\n" if text else "\n") + _indent(inner, indent)
        lines.append(marker + text)
    # a blank line between items when any holds more than a line keeps the list one list
    return ("\n\n" if any(p.nested for p in item.items) else "\n").join(lines)


def _code(item: Code) -> str:
    """A fenced block of text, every line and space kept; the fence outlasts any backtick run."""
    longest = max((len(m) for m in re.findall(r"`+", item.text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{item.text}\n{ticks}"


def _table(item: Table, linker: Linker | None, context: str) -> str:
    width = max(len(row) for row in item.rows)
    rows = []
    for row in item.rows:
        cells = [*row, *([[]] * (width - len(row)))]
        lines = []
        for index, cell in enumerate(cells):
            text = runs_inline(cell, linker, context, "    ") if cell else "\u00a0"
            lines.append(("* - " if index == 0 else "  - ") + text)
        rows.append("\n".join(lines))
    options = {"header-rows": "1"} if item.header else {}
    options["class"] = "post-table"
    return fence("list-table", "", "\n".join(rows), 0, options)


def _media(item: Media) -> str:
    """An image or video as a described link to its original address (the archived copy is added by the build)."""
    label = "Image" if item.kind == "image" else "Video"
    text = escape(f"{label}: {item.alt}" if item.alt else f"{label}:")
    parts = [f"{text} [{escape(item.src)}]({destination(item.src)})"]
    if item.href:
        parts.append(f"{escape('linking to')} [{escape(item.href)}]({destination(item.href)})")
    return fence("container", f"media {item.kind}", " ".join(parts), 0)


def _quote(quote: Quote, depth: int, linker: Linker | None, context: str) -> str:
    parts = [fence("rubric", _rubric_text(t), "", 0, {"class": "quote-title"}) for t in quote.titles]
    if quote.blocks:
        parts.append(blocks(quote.blocks, depth, linker, context))
    if quote.attribution:
        attribution = quote.attribution
        parts.append("-- " + (runs_inline(attribution.runs) if attribution.runs is not None else inline(attribution.text)))
    if _holds_code(quote):
        # a block quote's lines starting with "--" after a blank line are its attribution, even in code
        return fence("container", f"quote {quote.kind}", "\n\n".join(parts), depth)
    name = "pull-quote" if quote.kind == "comment" else "epigraph"
    return fence(name, "", "\n\n".join(parts), depth)


def _holds_code(block: object) -> bool:
    if isinstance(block, Code):
        return True
    if isinstance(block, Quote):
        return any(_holds_code(b) for b in block.blocks)
    if isinstance(block, Bullets):
        return any(_holds_code(b) for p in block.items for b in p.nested)
    return False
