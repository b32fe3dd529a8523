"""Give every link its text as one piece.

MyST splits link text at each backslash escape, and the converter escapes all
punctuation of seed text, so a bare URL arrives as many text nodes. Sphinx
only prints a link whose single text equals its URL as a breakable
``\\sphinxurl`` in LaTeX; merged, long URLs break instead of running off the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class MergeLinkText(SphinxTransform):
    default_priority = 410

    def apply(self, **kwargs: object) -> None:
        for ref in self.document.findall(nodes.reference):
            if len(ref.children) > 1 and all(isinstance(c, nodes.Text) for c in ref.children):
                text = nodes.Text(ref.astext())
                ref.clear()
                ref += text


def setup(app: Sphinx) -> None:
    app.add_transform(MergeLinkText)
