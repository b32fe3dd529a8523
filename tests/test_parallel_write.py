"""-j 2: the workers resolve and write (parallel_write.py), warnings still reach the build.

Pages equal to a serial build's: ``test_build_modes.py::test_parallel_build_equals_serial``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from onprobation_ext.parallel_write import WorkersResolve, read_chunks


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


def _note_reading_process(app, log: Path) -> None:
    def note(app, doctree) -> None:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {app.env.docname}\n")

    app.connect("doctree-read", note)


@pytest.mark.slow
@pytest.mark.parametrize("at_most", [20, 0], ids=["serial-read", "parallel-read"])
def test_tomorrows_post_read_here_or_in_workers_gives_the_clean_build(tmp_path: Path, at_most: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """-j 2: tomorrow's post makes a handful of documents outdated; read in this
    process (the default) or by forked workers (threshold 0), the pages are a
    clean -j 2 build's."""
    import sitebuild
    from conftest import SEEDS
    from sitebuild import build, copy_docs
    from test_build_modes import assert_same_pages

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    options = {"onprobation_serial_read_at_most": at_most}
    _, warnings = build(src, seeds=seeds, parallel=2, **options)
    assert warnings == ""
    (seeds / "zz-added.txt").write_text("Wednesday, 7 April 2021\n\nA Benchmark Addition\n\n"
                                        "The NPS added a post.\n", encoding="utf-8")
    log = tmp_path / "read.log"

    class Noting(sitebuild.SphinxTestApp):  # the hook in place before the build reads
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            _note_reading_process(self, log)

    with monkeypatch.context() as patched:
        patched.setattr(sitebuild, "SphinxTestApp", Noting)
        again, warnings = build(src, seeds=seeds, parallel=2, **options)
    assert warnings == ""
    readers = {int(pid) for pid, _ in (line.split() for line in log.read_text().splitlines())}
    docs = len(log.read_text().splitlines())
    assert 1 < docs <= 20  # the new post, its month, year, neighbours, the home page...
    assert (readers == {os.getpid()}) == (at_most >= docs), readers
    clean, warnings = build(copy_docs(tmp_path / "clean"), seeds=seeds, parallel=2)
    assert warnings == ""
    assert_same_pages(Path(again.outdir), Path(clean.outdir))


def test_read_chunks_are_few_in_order_and_cover_every_document() -> None:
    docnames = [f"doc{i:04d}" for i in range(8600)]
    chunks = read_chunks(docnames, 2, 4)
    assert len(chunks) == 8 and [d for chunk in chunks for d in chunk] == docnames
    assert read_chunks(docnames[:35], 2, 4) == [docnames[:12], docnames[12:24], docnames[24:35]]  # 10 a chunk at least
    assert read_chunks(docnames[:5], 2, 4) == [docnames[:5]]
