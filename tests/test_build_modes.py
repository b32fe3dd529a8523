"""Parallel and incremental builds give the pages of a clean serial build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from htmltext import main_text
from sitebuild import build, copy_docs

pytestmark = pytest.mark.slow
PAGES = ["index", "2019/02/if-only-probation-wasnt-broken", "2017/11/index", "2021/04/become-probation-officer",
         "organisations/nps", "organisations/napo", "organisations/index", "reports/index"]


def texts(outdir: Path) -> dict[str, tuple[str, list[str]]]:
    return {page: main_text(outdir / f"{page}.html") for page in PAGES}


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    serial, warnings = build(copy_docs(tmp_path / "serial"))
    assert warnings == ""
    parallel, warnings = build(copy_docs(tmp_path / "parallel"), parallel=2)
    assert warnings == ""
    assert texts(Path(parallel.outdir)) == texts(Path(serial.outdir))


def test_incremental_build_after_adding_a_dump(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:4]:
        (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    app, warnings = build(src, seeds=seeds)
    assert warnings == ""
    assert not (Path(app.outdir) / "2019/02/if-only-probation-wasnt-broken.html").exists()
    (seeds / "004.txt").write_bytes(next(SEEDS.glob("004_*.txt")).read_bytes())
    again, warnings = build(src, seeds=seeds)
    assert warnings == ""
    clean, _ = build(copy_docs(tmp_path / "clean"), seeds=seeds)
    assert texts(Path(again.outdir)) == texts(Path(clean.outdir))
    home, _ = main_text(Path(again.outdir) / "index.html")
    assert "2019" in home.split()
