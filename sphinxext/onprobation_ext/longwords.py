"""Words longer than a line, in the PDF: places where TeX may break them.

A run of text with no space (a pasted blob, "!!!!!..." of a thousand marks)
cannot be broken by TeX: it runs off the page, and a run of a few thousand
characters is wider than the widest box TeX can make (16,384 pt), which
stops the book. In the PDF only, a run longer than ``LONG`` characters gets
a break point every ``CHUNK`` characters, invisible unless used (a line
broken there ends short rather than overflowing): it then wraps like a long
URL. Shorter words and HTML are left as they are.
(``texlines`` keeps the ``.tex`` lines of such a run short.)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

LONG = 100  # characters: longer than a line of the book
CHUNK = 8
RUN = re.compile(r"\S{%d,}" % (LONG + 1))


class wordbreak(nodes.Inline, nodes.Element):
    """A place where a long word may break across lines, in the PDF."""


def visit_wordbreak_latex(self: Any, node: wordbreak) -> None:
    # Broken here, the line ends with the first glue (ragged, never overfull);
    # not broken, the two glues cancel: no space inside the word.
    self.body.append(r"\hskip 0pt plus 1fil\penalty0\hskip 0pt plus -1fil\relax ")
    raise nodes.SkipNode


def skip(self: Any, node: wordbreak) -> None:
    raise nodes.SkipNode


def _joins(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (an accent, a
    variation selector, a joiner): no break before it."""
    return unicodedata.category(char) in {"Mn", "Mc", "Me", "Cf", "Sk"} or char == "\u200d"


def _cuts(run: str) -> list[int]:
    """Where to break ``run``: every ``CHUNK`` characters, moved on past
    combining characters and joiners."""
    cuts, i = [], CHUNK
    while i < len(run):
        while i < len(run) and (_joins(run[i]) or run[i - 1] == "\u200d"):
            i += 1
        if i < len(run):
            cuts.append(i)
        i += CHUNK
    return cuts


def split(text: str) -> list[nodes.Node]:
    """``text`` as Text nodes with ``wordbreak`` nodes inside each long run."""
    out: list[nodes.Node] = []
    pending, start = "", 0
    for match in RUN.finditer(text):
        run = match[0]
        bounds = [0, *_cuts(run), len(run)]
        pieces = [run[a:b] for a, b in zip(bounds, bounds[1:])]
        pending += text[start:match.start()] + pieces[0]
        for piece in pieces[1:]:
            out += [nodes.Text(pending), wordbreak()]
            pending = piece
        start = match.end()
    pending += text[start:]
    return [*out, nodes.Text(pending)] if pending else out


class BreakLongWords(SphinxPostTransform):
    default_priority = 890  # after references and other text changes; just before FallbackGlyphs (900), which is last
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if (len(text) <= LONG or parent is None or not RUN.search(text)
                    or isinstance(parent, (nodes.FixedTextElement, nodes.raw, nodes.math, nodes.comment))):
                continue
            parent.replace(text, split(text.astext()))


def setup(app: Sphinx) -> None:
    app.add_node(wordbreak, latex=(visit_wordbreak_latex, None),
                 **{b: (skip, None) for b in ("html", "text", "man", "texinfo")})
    app.add_post_transform(BreakLongWords)
