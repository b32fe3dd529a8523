"""Characters the PDF's main font does not have are set in a font that has them.

DejaVu Serif has no emoji and no Hebrew or Arabic; xelatex would drop them
with a warning ("Missing character") and the PDF would lose text. In the
LaTeX output only, runs of such characters become ``\\DUrole{glyphs...}``,
which ``conf.py`` sets in DejaVu Sans (Hebrew, Arabic) or Symbola (emoji).
Right-to-left runs keep their letters but not their direction.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

RUNS = {
    "glyphssans": re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]+"),
    "glyphsemoji": re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\u200d\ufe0f]+"),
}
ANY = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in RUNS.items()))


class FallbackGlyphs(SphinxPostTransform):
    default_priority = 900  # last: after every other transform made its text
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, nodes.FixedTextElement) or not ANY.search(text):
                continue
            pieces: list[nodes.Node] = []
            position = 0
            for match in ANY.finditer(text):
                if match.start() > position:
                    pieces.append(nodes.Text(text[position : match.start()]))
                pieces.append(nodes.inline("", match.group(), classes=[match.lastgroup]))
                position = match.end()
            if position < len(text):
                pieces.append(nodes.Text(text[position:]))
            parent.replace(text, pieces)


def setup(app: Sphinx) -> None:
    app.add_post_transform(FallbackGlyphs)
