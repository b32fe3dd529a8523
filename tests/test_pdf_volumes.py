"""One PDF volume per year, written and typeset in parallel (issue 14).

The seeds make four volumes (2015, 2017, 2019, 2021). With ``-j 2`` each
volume's LaTeX is written in a forked process of its own, to the same bytes
as one at a time; ``latex/Makefile`` runs the volumes' ``latexmk`` two at a
time, whoever calls it (``make latexpdf`` or ``sphinx-build -M latexpdf``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from onprobation_ext.book import VolumesLaTeXBuilder
from sitebuild import build, copy_docs

YEARS = ("2015", "2017", "2019", "2021")
TEX = pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("latexmk")),
    reason="TeX Live (xelatex, latexmk) is not installed",
)


def volumes(folder: Path, parallel: int, **overrides: object) -> Path:
    app, warnings = build(copy_docs(folder / "docs"), "latex", parallel=parallel,
                          onprobation_pdf_volumes="year", **overrides)
    assert warnings == "", warnings
    assert isinstance(app.builder, VolumesLaTeXBuilder)
    return Path(app.outdir)


@pytest.fixture(scope="module")
def parallel(tmp_path_factory) -> Path:
    return volumes(tmp_path_factory.mktemp("j2"), 2, onprobation_pdf_jobs=2)


def test_each_year_is_a_volume_written_as_one_at_a_time(parallel: Path, tmp_path: Path) -> None:
    serial = volumes(tmp_path, 0, onprobation_pdf_jobs=2)
    for year in YEARS:
        name = f"onprobation-{year}.tex"
        assert (parallel / name).read_bytes() == (serial / name).read_bytes(), name
    assert sorted(p.name for p in parallel.glob("*.tex")) == [f"onprobation-{y}.tex" for y in YEARS]


def test_the_makefile_runs_the_volumes_two_at_a_time(parallel: Path, tmp_path: Path) -> None:
    """The mechanism, with a stand-in for latexmk that notes when it starts and ends."""
    assert "MAKEFLAGS += -j2" in (parallel / "Makefile").read_text(encoding="utf-8")
    fake = tmp_path / "latexmk"
    fake.write_text('#!/bin/sh\nfor a; do f="$a"; done\necho "start $f" >> "$LOG"\nsleep 1\n'
                    'echo "end $f" >> "$LOG"\n', encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "log"
    subprocess.run(["make", "-C", str(parallel), "all-pdf", f"PDFLATEX={fake}"], check=True,
                   capture_output=True, env={**os.environ, "LOG": str(log)}, timeout=60)
    events = log.read_text(encoding="utf-8").split("\n")
    # the second volume starts before the first ends; never more than two at once
    assert events[0].startswith("start") and events[1].startswith("start"), events
    running = peak = 0
    for event in filter(None, events):
        running += 1 if event.startswith("start") else -1
        peak = max(peak, running)
    assert peak == 2 and events.count("") == 1 and len(events) == 2 * len(YEARS) + 1


@pytest.mark.slow
@TEX
def test_the_volumes_typeset_in_parallel_within_tex_limits(parallel: Path) -> None:
    result = subprocess.run(["make", "-C", str(parallel), "all-pdf",
                             "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    for year in YEARS:
        assert (parallel / f"onprobation-{year}.pdf").stat().st_size > 10_000
        log = (parallel / f"onprobation-{year}.log").read_text(encoding="utf-8", errors="replace")
        assert "TeX capacity exceeded" not in log and "Unable to read an entire line" not in log
