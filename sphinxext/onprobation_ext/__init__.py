"""Sphinx extension of the On Probation archive.

- ``convert``: runs the converter on ``builder-inited``, so a plain
  ``sphinx-build`` turns ``seeds/`` into pages first (only changed pages are
  rewritten, keeping incremental builds incremental).
- ``anchors``: numbers the paragraphs (``#p1``) and comments (``#c4-1``) of
  every post, visibly, in every builder.
- ``links``: one text per link, so long URLs break in the PDF.
- ``posts``: a domain that records every post per document, and the
  ``latest-posts`` directive of the home page.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import anchors, convert, links, posts

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, object]:
    convert.setup(app)
    anchors.setup(app)
    links.setup(app)
    posts.setup(app)
    app.add_css_file("onprobation.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
