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

from .structure import Block, Bullets, Para, Quote, Rubric, Separator

_PUNCT = set(string.punctuation)
URL = re.compile(r"https?://[^\s<>\"“”‘’]+")
_TRAILING = ".,;:!?'\"’”…"


def escape(text: str) -> str:
    """Seed text -> MyST inline source rendering exactly ``text``."""
    out = "".join("\\" + c if c in _PUNCT else c for c in text)
    if out.startswith("\u2014"):
        out = "&#x2014;" + out[1:]
    return out


def split_urls(text: str) -> Iterator[tuple[str, bool]]:
    """Yield ``(piece, is_url)``; a URL loses trailing punctuation and unbalanced ``)``."""
    position = 0
    for match in URL.finditer(text):
        url = match[0]
        while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if len(url) <= len("https://"):
            continue
        start = match.start()
        if start > position:
            yield text[position:start], False
        yield url, True
        position = start + len(url)
    if position < len(text):
        yield text[position:], False


def inline(text: str) -> str:
    """Seed text -> MyST inline source, with bare URLs as links."""
    parts = []
    for piece, is_url in split_urls(text):
        if is_url:
            parts.append(f"[{escape(piece)}]({escape(piece)})")
        else:
            parts.append(escape(piece))
    return "".join(parts)


def paragraph(para: Para) -> str:
    if para.speaker:
        rest = para.text[len(para.speaker) :]
        return f"**{inline(para.speaker)}**{inline(rest)}"
    return inline(para.text)


def fence(name: str, argument: str, body: str, depth: int, options: dict[str, str] | None = None) -> str:
    """A directive in a colon fence long enough to hold ``depth`` nested ones.

    Colon fences (MyST's ``colon_fence``), because a backtick fence's info
    string may not contain a backtick, even an escaped one.
    """
    ticks = ":" * (3 + depth)
    head = f"{ticks}{{{name}}}" + (f" {argument}" if argument else "")
    opts = "".join(f":{key}: {value}\n" for key, value in (options or {}).items())
    return f"{head}\n{opts}{body}\n{ticks}"


def blocks(items: list[Block], depth: int = 1) -> str:
    """Blocks -> MyST, separated by blank lines."""
    return "\n\n".join(_block(item, depth) for item in items)


def _block(item: Block, depth: int) -> str:
    if isinstance(item, Para):
        return paragraph(item)
    if isinstance(item, Rubric):
        return fence("rubric", inline(item.text), "", 0, {"class": "quote-heading"})
    if isinstance(item, Bullets):
        return "\n".join(f"- {paragraph(p)}" for p in item.items)
    if isinstance(item, Separator):
        return "---"
    if isinstance(item, Quote):
        return _quote(item, depth)
    raise TypeError(item)


def _quote(quote: Quote, depth: int) -> str:
    parts = [fence("rubric", inline(t.text), "", 0, {"class": "quote-title"}) for t in quote.titles]
    if quote.blocks:
        parts.append(blocks(quote.blocks, depth))
    if quote.attribution:
        parts.append("-- " + inline(quote.attribution.text))
    name = "epigraph" if quote.kind == "article" else "pull-quote"
    return fence(name, "", "\n\n".join(parts), depth)
