"""The ``dump-history`` directive: which dumps the archive is made of, when
each was added (from git), and how many posts each brought.

Without git (a tarball, a shallow clone that lost the commit), the date reads
"not known": the page is still right about everything else.

The table has a row per dump (4,240 at the blog's real size) and the page is
written again whenever a post is added: as docutils nodes translated to HTML
it took 1 to 1.5 s of such a build. The HTML builders get the same bytes made
as text (``html_table``, with the translator's escaping); the others (the
PDF) get the nodes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from onprobation.dates import display_date
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from onprobation.convert import seed_files

from .domain import OpDomain


class dump_history(nodes.General, nodes.Element):
    """Placeholder: the table of dumps."""


@lru_cache(maxsize=4)
def added_dates(folder: str) -> dict[str, str]:
    """Dump file name -> ISO date of the commit that added it."""
    try:
        log = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%x00%as", "--name-only", "--", "."],
            cwd=folder, capture_output=True, text=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for block in log.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if lines:
            for name in lines[1:]:
                dates[Path(name).name] = lines[0]  # newest first: the oldest add wins
    return dates


class DumpHistoryDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.domains["op"].pages.setdefault(self.env.docname, set()).add("history")  # type: ignore[attr-defined]
        return [dump_history()]


HEADER = ("Dump", "Added", "Posts", "Dates of its posts")
WIDTHS = (34, 20, 14, 32)
CLASSES = ["dump-history", "colwidths-given"]  # given widths: tabulary's own squeezed the "Posts" header off


def _row(*cells: str) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", cell)) for cell in cells))


def node_table(rows: Sequence[Sequence[str]]) -> nodes.table:
    group = nodes.tgroup(cols=len(HEADER))
    for width in WIDTHS:
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", _row(*HEADER))
    body = nodes.tbody()
    for row in rows:
        body += _row(*row)
    group += body
    return nodes.table("", group, classes=list(CLASSES))


def html_table(rows: Sequence[Sequence[str]]) -> str:
    """``node_table(rows)`` as Sphinx's HTML translator writes it, byte for byte
    (``tests/test_history.py`` compares the two)."""
    escape = HTMLTranslator.special_characters

    def row(cells: Sequence[str], parity: str, tag: str, attributes: str) -> str:
        inner = "\n".join(f"<{tag}{attributes}><p>{cell.translate(escape)}</p></{tag}>" for cell in cells)
        return f'<tr class="row-{parity}">{inner}\n</tr>\n'

    total = sum(WIDTHS)
    columns = "".join(f'<col style="width: {100 * w / total:.1f}%" />\n' for w in WIDTHS)
    head = row(HEADER, "odd", "th", ' class="head"')
    body = "".join(row(cells, "even" if n % 2 == 0 else "odd", "td", "") for n, cells in enumerate(rows))
    return (f'<table class="{CLASSES[0]} docutils align-default">\n<colgroup>\n{columns}</colgroup>\n'
            f"<thead>\n{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n")


def table_for(format: str, rows: Sequence[Sequence[str]]) -> nodes.Element:
    """The table as raw HTML for the HTML builders, as nodes for the others."""
    return nodes.raw("", html_table(rows), format="html") if format == "html" else node_table(rows)


class FillDumpHistory(SphinxPostTransform):
    default_priority = 8  # before Sphinx's ReferencesResolver (10); distinct from the others (4-8)

    def run(self, **kwargs: Any) -> None:
        if not self.env.domains["op"].shows_lists(self.env.docname):  # type: ignore[attr-defined]
            return
        for node in list(self.document.findall(dump_history)):
            node.replace_self(self._table())

    def _table(self) -> nodes.Element:
        return table_for(self.env._builder_cls.format, self._rows())

    def _rows(self) -> list[tuple[str, str, str, str]]:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        seeds = (Path(self.env.srcdir, self.config.onprobation_seeds).resolve()
                 if self.config.onprobation_seeds else None)
        files = seed_files(seeds) if seeds and seeds.is_dir() else []
        dates = added_dates(str(seeds)) if seeds else {}
        per_dump: dict[str, list[str]] = {}
        for post in domain.posts.values():
            per_dump.setdefault(Path(post.get("source", "").rsplit(":", 1)[0]).name, []).append(post["date"])
        rows = []
        for path in sorted(files, key=lambda p: (dates.get(p.name, "9999"), p.name)):
            posted = sorted(per_dump.get(path.name, []))
            span = f"{display_date(posted[0])} – {display_date(posted[-1])}" if posted else "—"
            rows.append((path.name, dates.get(path.name, "not known"), str(len(posted)), span))
        return rows


def setup(app: Sphinx) -> None:
    app.add_node(dump_history)
    app.add_directive("dump-history", DumpHistoryDirective)
    app.add_post_transform(FillDumpHistory)
