"""-j 2: the workers resolve and write (parallel_write.py), warnings still reach the build.

Pages equal to a serial build's: ``test_build_modes.py::test_parallel_build_equals_serial``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from onprobation_ext.parallel_write import WorkersResolve


def _note_resolving_process(app, log: Path) -> None:
    def note(app, doctree, docname: str) -> None:
        with log.open("a", encoding="utf-8") as f:  # a worker's memory does not come back: a file does
            f.write(f"{os.getpid()} {docname}\n")

    app.connect("doctree-resolved", note)


def _resolved_by(log: Path) -> dict[str, int]:
    return {docname: int(pid) for pid, docname in (line.split() for line in log.read_text().splitlines())}


@pytest.mark.sphinx("html", testroot="unknown-key", srcdir="workers-resolve", parallel=2,
                    confoverrides={"html_theme": "alabaster"})
def test_workers_resolve_and_their_warnings_reach_the_build(app, warning, tmp_path: Path) -> None:
    log = tmp_path / "resolved.log"
    _note_resolving_process(app, log)
    app.build()
    assert isinstance(app.builder, WorkersResolve) and app.builder.parallel_ok
    resolved = _resolved_by(log)
    # the first document in this process (warm-up), every other one in a worker
    assert sum(pid == os.getpid() for pid in resolved.values()) == 1
    assert len(resolved) > 2 and len(set(resolved.values()) - {os.getpid()}) >= 1
    text = warning.getvalue()
    assert re.search(r"index\.md:3: WARNING: unknown organisation 'nsp'; closest known keys: nps", text), text
    assert (Path(app.outdir) / "index.html").is_file()


@pytest.mark.sphinx("html", testroot="unknown-key", srcdir="main-resolves", parallel=2,
                    confoverrides={"html_theme": "alabaster", "onprobation_resolve_in_workers": False})
def test_switched_off_the_main_process_resolves(app, tmp_path: Path) -> None:
    log = tmp_path / "resolved.log"
    _note_resolving_process(app, log)
    app.build()
    assert set(_resolved_by(log).values()) == {os.getpid()}


@pytest.mark.sphinx("dirhtml", testroot="unknown-key", srcdir="workers-dirhtml", parallel=2,
                    confoverrides={"html_theme": "alabaster"})
def test_dirhtml_workers_resolve_too(app, tmp_path: Path) -> None:
    log = tmp_path / "resolved.log"
    _note_resolving_process(app, log)
    app.build()
    assert isinstance(app.builder, WorkersResolve) and app.builder.name == "dirhtml"
    assert len(set(_resolved_by(log).values())) > 1
    assert (Path(app.outdir) / "organisations" / "index.html").is_file()
