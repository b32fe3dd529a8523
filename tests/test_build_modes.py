"""Parallel and incremental builds give the pages of a clean serial build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from htmltext import main_text
from sitebuild import build, copy_docs

pytestmark = pytest.mark.slow
PAGES = ["index", "2019/02/if-only-probation-wasnt-broken", "2017/11/index", "2021/04/become-probation-officer",
         "2015/11/guest-blog-48", "organisations/nps", "organisations/napo",
         "organisations/nps/2017", "organisations/nps/2015", "organisations/index",
         "reports/index", "timeline"]
# Year pages for every entity in more than 5 posts (20 by default, more than the seeds have)
LATEST = {"onprobation_entity_latest": 5}


def texts(outdir: Path) -> dict[str, tuple[str, list[str]]]:
    return {page: main_text(outdir / f"{page}.html") for page in PAGES}


def assert_same_pages(built: Path, clean: Path) -> None:
    """Every HTML page and feed of the incremental build is byte-identical to the clean build's."""
    pages = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.suffix in (".html", ".xml"))
    assert sorted(p.relative_to(built) for p in built.rglob("*") if p.suffix in (".html", ".xml")) == pages
    differ = [str(p) for p in pages if (built / p).read_bytes() != (clean / p).read_bytes()]
    assert differ == [], differ


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    # the serial build keeps 10 doctrees in memory, reading the others back (memory.py)
    serial, warnings = build(copy_docs(tmp_path / "serial"), onprobation_doctrees_in_memory=10, **LATEST)
    assert warnings == ""
    parallel, warnings = build(copy_docs(tmp_path / "parallel"), parallel=2, **LATEST)
    assert warnings == ""
    assert texts(Path(parallel.outdir)) == texts(Path(serial.outdir))
    assert_same_pages(Path(parallel.outdir), Path(serial.outdir))


def test_incremental_build_after_adding_a_dump(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    held_back = next(SEEDS.glob("003_*.txt"))  # November 2015: a year that is not there yet
    for seed in sorted(SEEDS.glob("*.txt")):
        if seed != held_back:
            (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    app, warnings = build(src, seeds=seeds, **LATEST)
    assert warnings == ""
    assert not (Path(app.outdir) / "2015/11/guest-blog-48.html").exists()
    assert not (Path(app.outdir) / "organisations/nps/2015.html").exists()  # no mention of 2015 yet
    (seeds / held_back.name).write_bytes(held_back.read_bytes())
    again, warnings = build(src, seeds=seeds, **LATEST)
    assert warnings == ""
    clean, _ = build(copy_docs(tmp_path / "clean"), seeds=seeds, **LATEST)
    assert texts(Path(again.outdir)) == texts(Path(clean.outdir))
    # every page, the entity year pages among them (2015's appeared, 2017's got a neighbour)
    assert_same_pages(Path(again.outdir), Path(clean.outdir))
    home, _ = main_text(Path(again.outdir) / "index.html")
    assert "2015" in home.split()
