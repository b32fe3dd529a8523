"""Write blocks as MyST Markdown in which seed text can only ever be text.

Every ASCII punctuation character of seed text is backslash-escaped, which
CommonMark defines as a literal character: no emphasis, link, role,
directive, target, substitution, math, table, heading or HTML can start. A
leading em dash, which docutils' block quotes would take for an attribution,
is written as a character reference. Bare ``http(s)://`` URLs become links
whose text and destination are escaped the same way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from .mentions import Linker
from .structure import Block, Bullets, Para, Quote, Rubric, Separator

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
URL = re.compile(r"https?://[^\s<>\"“”‘’]+")
_TRAILING = ".,;:!?'\"’”…"


def escape(text: str) -> str:
    """Seed text -> MyST inline source rendering exactly ``text``."""
    out = _PUNCTUATION.sub(r"\\\1", text)
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


def paragraph(para: Para, linker: Linker | None = None, context: str = "") -> str:
    if para.speaker:
        rest = para.text[len(para.speaker) :]
        return f"**{inline(para.speaker)}**{inline(rest, linker, context)}"
    return inline(para.text, linker, context)


def fence(name: str, argument: str, body: str, depth: int, options: dict[str, str] | None = None) -> str:
    """A directive in a colon fence long enough to hold ``depth`` nested ones.

    Colon fences (MyST's ``colon_fence``), because a backtick fence's info
    string may not contain a backtick, even an escaped one.
    """
    ticks = ":" * (3 + depth)
    head = f"{ticks}{{{name}}}" + (f" {argument}" if argument else "")
    opts = "".join(f":{key}: {value}\n" for key, value in (options or {}).items())
    return f"{head}\n{opts}{body}\n{ticks}"


def blocks(items: list[Block], depth: int = 1, linker: Linker | None = None, context: str = "") -> str:
    """Blocks -> MyST, separated by blank lines; paragraphs link mentions."""
    return "\n\n".join(_block(item, depth, linker, context) for item in items)


def _block(item: Block, depth: int, linker: Linker | None, context: str) -> str:
    if isinstance(item, Para):
        return paragraph(item, linker, context)
    if isinstance(item, Rubric):
        return fence("rubric", inline(item.text), "", 0, {"class": "quote-heading"})
    if isinstance(item, Bullets):
        return "\n".join(f"- {paragraph(p, linker, context)}" for p in item.items)
    if isinstance(item, Separator):
        return "---"
    if isinstance(item, Quote):
        return _quote(item, depth, linker, context)
    raise TypeError(item)


def _quote(quote: Quote, depth: int, linker: Linker | None, context: str) -> str:
    parts = [fence("rubric", inline(t.text), "", 0, {"class": "quote-title"}) for t in quote.titles]
    if quote.blocks:
        parts.append(blocks(quote.blocks, depth, linker, context))
    if quote.attribution:
        parts.append("-- " + inline(quote.attribution.text))
    name = "epigraph" if quote.kind == "article" else "pull-quote"
    return fence(name, "", "\n\n".join(parts), depth)
