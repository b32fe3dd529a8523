"""The plain text of a fragment of Blogger HTML, as lines.

Used for ``Comment.lines`` (so that code counting words keeps working for rich
sources) and for word counts; the HTML itself is kept in ``html`` for the
writer. ``<br>`` and block elements end a line; scripts and styles carry no
text. lxml.html (libxml2's HTML parser) reads any tag soup without raising.
"""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

from ..decode import clean_text

BLOCKS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr td th "
    "section article header footer figure figcaption hr".split()
)
SILENT = frozenset(("script", "style", "template", "noscript"))
_RUNS = re.compile(r"  +")
_BLANKS = str.maketrans("\t\r\n\f\v", "     ")  # HTML whitespace (not the no-break space) is a space


def _lines(text: str) -> list[str]:
    out = []
    text = clean_text(text)
    for line in text.split("\n"):
        line = _RUNS.sub(" ", line).strip(" ")
        if line:
            out.append(line)
    return out


def html_lines(fragment: str) -> list[str]:
    """Non-empty lines of text, whitespace collapsed as a browser does."""
    if not fragment or not fragment.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):
        return _lines(fragment.translate(_BLANKS))
    parts: list[str] = []
    _walk(root, parts)
    return _lines("".join(parts))


def element_lines(element) -> list[str]:
    """Like ``html_lines`` for an element already parsed (saved pages)."""
    parts: list[str] = []
    _walk(element, parts, top=True)
    return _lines("".join(parts))


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
            parts.append(element.text.translate(_BLANKS))
        for child in element:
            _walk(child, parts)
        if block:
            parts.append("\n")
    if element.tail and not top:
        parts.append(element.tail.translate(_BLANKS))

