"""The plain text of a fragment of Blogger HTML, as lines.

Used for ``Comment.lines`` (so that code counting words keeps working for rich
sources) and for word counts; the HTML itself is kept in ``html`` for the
writer. ``<br>`` and block elements end a line; scripts and styles carry no
text. lxml.html (libxml2's HTML parser) reads any tag soup without raising.
"""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

BLOCKS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr td th "
    "section article header footer figure figcaption hr".split()
)
SILENT = frozenset(("script", "style", "template", "noscript"))
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def html_lines(fragment: str) -> list[str]:
    """Non-empty lines of text, whitespace collapsed as a browser does."""
    if not fragment or not fragment.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [" ".join(fragment.split())] if fragment.strip() else []
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    lines = (" ".join(_SPACE.split(line)).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def element_lines(element) -> list[str]:
    """Like ``html_lines`` for an element already parsed (saved pages)."""
    parts: list[str] = []
    _walk(element, parts, top=True)
    lines = (" ".join(_SPACE.split(line)).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _walk(element, parts: list[str], top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in SILENT or not isinstance(element.tag, str):
        pass
    else:
        if tag == "br":
            parts.append("\n")
        block = tag in BLOCKS and not top
        if block:
            parts.append("\n")
        if element.text:
            parts.append(_SPACE.sub(" ", element.text))
        for child in element:
            _walk(child, parts)
        if block:
            parts.append("\n")
    if element.tail and not top:
        parts.append(_SPACE.sub(" ", element.tail))


def word_count(fragment: str | None) -> int:
    return sum(len(line.split()) for line in html_lines(fragment or ""))
