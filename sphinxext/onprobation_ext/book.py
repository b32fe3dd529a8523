"""The PDF as a book: page numbers after links to posts in lists, and an
option to make one volume per year.

In a printed book a link cannot be clicked, so the lists of posts (month
pages, backlinks) give each post's page. Mentions in running text are left
without page numbers: the index at the back gives those.

It also sets up ``texlines`` (no line of the LaTeX output too long for TeX)
and ``longwords`` (places to break words longer than a line).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import longwords, texlines


class page_number(nodes.Inline, nodes.Element):
    """`` (p. 12)`` after a link, in the PDF."""


def visit_page_number_latex(self: Any, node: page_number) -> None:
    self.body.append(r"\nobreak\ {\small(p.\,\pageref{\detokenize{%s}})}" % node["label"])
    raise nodes.SkipNode


def skip(self: Any, node: page_number) -> None:
    raise nodes.SkipNode


class AddPageNumbers(SphinxPostTransform):
    default_priority = 30  # after references are resolved
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        posts = self.env.domains["op"].posts
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if not uri.startswith("%") or not isinstance(ref.parent.parent, nodes.list_item):
                continue
            docname, _, anchor = uri[1:].partition("#")
            if docname in posts:
                label = f"{docname}:{anchor}" if anchor else f"{docname}::doc"
                ref.parent.insert(ref.parent.index(ref) + 1, page_number(label=label))


def volumes(app: Sphinx, config: Config) -> None:
    """``onprobation_pdf_volumes = "year"``: one PDF per year of the archive."""
    if config.onprobation_pdf_volumes != "year":
        return
    from pathlib import Path

    from onprobation.convert import read, seed_files

    seeds = Path(app.confdir, config.onprobation_seeds).resolve()
    years = sorted({post.date.year for post in read(seed_files(seeds), seeds.parent).posts})
    config.latex_documents = [
        (f"{year}/index", f"onprobation-{year}.tex", f"{config.onprobation_blog}: {year}",
         config.latex_documents[0][3] if config.latex_documents else "", "manual")
        for year in years
    ]
    config.latex_toplevel_sectioning = "chapter"


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_pdf_volumes", "", "env", types=frozenset({str}))
    app.add_node(page_number, latex=(visit_page_number_latex, None),
                 **{b: (skip, None) for b in ("html", "text", "man", "texinfo")})
    app.add_post_transform(AddPageNumbers)
    app.connect("config-inited", volumes)
    texlines.setup(app)
    longwords.setup(app)
