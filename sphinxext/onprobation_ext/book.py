"""The PDF as a book: page numbers after links to posts in lists, and an
option to make one volume per year.

In a printed book a link cannot be clicked, so the lists of posts (month
pages, backlinks) give each post's page. Mentions in running text are left
without page numbers: the index at the back gives those.

With several volumes, each is written in a process of its own, forked from
the build (``-j N``: N at a time). Sphinx's LaTeX builder assembles a
volume's whole doctree, every post inlined (at the real size, 300 posts and
15 MB of TeX: about 350 MB), and in one process the memory of each volume
written stays with it (measured: 0.9 GB before the first volume, 1.4 GB
after six); a process that ends gives it all back, and on two cores two
volumes are written at once, the same bytes. ``latex/Makefile`` then
typesets the volumes in parallel too (``make -jN``), whether called by
``make latexpdf`` or ``sphinx-build -M latexpdf``.

It also sets up ``texlines`` (no line of the LaTeX output too long for TeX)
and ``longwords`` (places to break words longer than a line).
"""

from __future__ import annotations

import os
from collections.abc import Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.config import Config
from sphinx.util.parallel import ParallelTasks
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


class VolumesLaTeXBuilder(LaTeXBuilder):
    """Sphinx's LaTeX builder, each volume written in a forked process of its own."""

    allow_parallel = True  # Sphinx then sets parallel_ok: -j N and every extension parallel_write_safe

    def __init__(self, app: Sphinx, env: Any) -> None:
        super().__init__(app, env)
        self.jobs = app.parallel

    def write_documents(self, docnames: Set[str]) -> None:
        if len(self.document_data) < 2:
            super().write_documents(docnames)
            return
        # Doctrees Sphinx kept from reading for an HTML-style write phase the
        # LaTeX builder does not have (see memory.py): not to be copied into every volume's process.
        getattr(self.env, "_write_doc_doctree_cache", {}).clear()
        tasks = ParallelTasks(self.jobs if self.parallel_ok else 1)
        for entry in self.document_data:
            tasks.add_task(self._write_volume, (entry, docnames), self._volume_written)
        tasks.join()

    def _write_volume(self, args: tuple[tuple[Any, ...], Set[str]]) -> dict[str, str]:
        """In the forked process: the volume ``entry`` as Sphinx writes it; the images it uses."""
        entry, docnames = args
        self.document_data = [entry]
        super().write_documents(docnames)
        return self.images

    def _volume_written(self, args: Any, images: dict[str, str]) -> None:
        self.images.update(images)  # copied once, by finish(), in this process


def parallel_make(app: Sphinx, exception: Exception | None) -> None:
    """``latex/Makefile`` makes the volumes' PDFs ``onprobation_pdf_jobs`` at a time."""
    if exception or app.builder.format != "latex" or app.config.onprobation_pdf_volumes != "year":
        return
    makefile = Path(app.outdir, "Makefile")
    jobs = app.config.onprobation_pdf_jobs or os.cpu_count() or 1
    line = f"# onprobation: the volumes in parallel (onprobation_pdf_jobs)\nMAKEFLAGS += -j{jobs}\n"
    text = makefile.read_text(encoding="utf-8") if makefile.is_file() else ""
    if text and line not in text:
        makefile.write_text(line + text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_pdf_volumes", "", "env", types=frozenset({str}))
    app.add_config_value("onprobation_pdf_jobs", 0, "", types=frozenset({int}))
    app.add_builder(VolumesLaTeXBuilder, override=True)
    app.connect("build-finished", parallel_make)
    app.add_node(page_number, latex=(visit_page_number_latex, None),
                 **{b: (skip, None) for b in ("html", "text", "man", "texinfo")})
    app.add_post_transform(AddPageNumbers)
    app.connect("config-inited", volumes)
    texlines.setup(app)
    longwords.setup(app)
