"""The ``dump-history`` directive: which dumps the archive is made of, when
each was added (from git), and how many posts each brought.

Without git (a tarball, a shallow clone that lost the commit), the date reads
"not known": the page is still right about everything else.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
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


def _row(*cells: str) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", cell)) for cell in cells))


class FillDumpHistory(SphinxPostTransform):
    default_priority = 8  # before Sphinx's ReferencesResolver (10); distinct from the others (4-8)

    def run(self, **kwargs: Any) -> None:
        if not self.env.domains["op"].shows_lists(self.env.docname):  # type: ignore[attr-defined]
            return
        for node in list(self.document.findall(dump_history)):
            node.replace_self(self._table())

    def _table(self) -> nodes.table:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        seeds = (Path(self.env.srcdir, self.config.onprobation_seeds).resolve()
                 if self.config.onprobation_seeds else None)
        files = seed_files(seeds) if seeds and seeds.is_dir() else []
        dates = added_dates(str(seeds)) if seeds else {}
        per_dump: dict[str, list[str]] = {}
        for post in domain.posts.values():
            per_dump.setdefault(Path(post.get("source", "").rsplit(":", 1)[0]).name, []).append(post["date"])
        group = nodes.tgroup(cols=4)
        for width in (34, 20, 14, 32):
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", _row("Dump", "Added", "Posts", "Dates of its posts"))
        body = nodes.tbody()
        for path in sorted(files, key=lambda p: (dates.get(p.name, "9999"), p.name)):
            posted = sorted(per_dump.get(path.name, []))
            span = f"{display_date(posted[0])} – {display_date(posted[-1])}" if posted else "—"
            body += _row(path.name, dates.get(path.name, "not known"), str(len(posted)), span)
        group += body
        # given widths: tabulary's own squeezed the "Posts" header off its column
        return nodes.table("", group, classes=["dump-history", "colwidths-given"])


def setup(app: Sphinx) -> None:
    app.add_node(dump_history)
    app.add_directive("dump-history", DumpHistoryDirective)
    app.add_post_transform(FillDumpHistory)
