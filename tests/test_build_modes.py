"""Parallel and incremental builds give the pages of a clean serial build."""

from __future__ import annotations

import pickle
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


def test_incremental_build_after_tomorrows_post(tmp_path: Path) -> None:
    """A new dump with one post in the newest month (bench/run.py's "tomorrow's post"):
    the result is the clean build's, and only the pages it changes are written again:
    not every page that lists posts, and not the feeds of entities it does not mention."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    first, warnings = build(src, seeds=seeds, **LATEST)
    assert warnings == ""
    out = Path(first.outdir)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.suffix in (".html", ".xml")}
    # the newest month's first day (April 2021): between two posts, so both their links change
    (seeds / "zz-added.txt").write_text("Wednesday, 7 April 2021\n\nA Benchmark Addition\n\n"
                                        "The NPS added a post.\n", encoding="utf-8")
    again, warnings = build(src, seeds=seeds, **LATEST)
    assert warnings == ""
    clean, _ = build(copy_docs(tmp_path / "clean"), seeds=seeds, **LATEST)
    assert_same_pages(Path(again.outdir), Path(clean.outdir))
    assert (out / "2021/04/a-benchmark-addition.html").is_file()
    rewritten = {p.relative_to(out).as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    assert {"2021/04/index.html", "2021/index.html", "index.html", "feed.xml", "organisations/nps.xml"} <= rewritten
    assert "organisations/napo.xml" not in rewritten  # a feed whose posts did not change
    assert "2017/11/index.html" not in rewritten and "organisations/napo.html" not in rewritten
    assert len(rewritten) < len(before) / 4, sorted(rewritten)


def edit_registry(registry: Path) -> None:
    """A name and an abbreviation changed, as an editor of the registry would."""
    orgs = registry / "organisations.toml"
    text = orgs.read_text(encoding="utf-8")
    edited = text.replace('name = "National Probation Service"\nabbr = ["NPS"]',
                          'name = "National Probation Service of England and Wales"\nabbr = ["NPS"]', 1)
    edited = edited.replace('abbr = ["MoJ", "MOJ"]', 'abbr = ["MoJ"]', 1)
    assert edited.count("of England and Wales") == text.count("of England and Wales") + 1
    assert edited != text and 'abbr = ["MoJ"]\n' in edited
    orgs.write_text(edited, encoding="utf-8")


def test_incremental_build_after_editing_the_registry(tmp_path: Path) -> None:
    """Names are resolved when pages are written, from the registry of the build:
    the pages naming an edited entry are made again, as a clean build makes them."""
    src = copy_docs(tmp_path / "docs")
    first, warnings = build(src)
    assert warnings == ""
    doctrees = Path(first.doctreedir)
    # an unchanged registry (even rewritten, with a new mtime) reads nothing again
    stamps = {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
    for toml in (src / "registry").glob("*.toml"):
        toml.write_bytes(toml.read_bytes())
    _, warnings = build(src)
    assert warnings == ""
    assert {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")} == stamps
    edit_registry(src / "registry")
    again, warnings = build(src)
    assert warnings == ""
    clean_src = copy_docs(tmp_path / "clean")
    edit_registry(clean_src / "registry")
    clean, warnings = build(clean_src)
    assert warnings == ""
    assert_same_pages(Path(again.outdir), Path(clean.outdir))
    # a post whose page did not change: only its resolved abbreviation did
    html = (Path(again.outdir) / "2015/11/guest-blog-48.html").read_text(encoding="utf-8")
    assert '<abbr title="National Probation Service of England and Wales">NPS</abbr>' in html
    assert "National Probation Service of England and Wales" in (
        Path(again.outdir) / "organisations/index.html").read_text(encoding="utf-8")


def test_incremental_build_after_removing_a_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Posts removed: older posts come into the feeds without being read again,
    and the feeds still give their whole text, as a clean build does."""
    from onprobation_ext import feeds

    monkeypatch.setattr(feeds, "FEED_SIZE", 3)  # so that removing one dump moves every feed
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    first, warnings = build(src, seeds=seeds)
    assert warnings == ""
    # As if every post had come into a feed without being read again: the
    # saved environment keeps no body; the build takes them from the doctrees.
    saved = Path(first.doctreedir) / "environment.pickle"
    env = pickle.loads(saved.read_bytes())
    assert len(env.domaindata["op"]["bodies"]) > 3
    env.domaindata["op"]["bodies"].clear()
    saved.write_bytes(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
    next(seeds.glob("001_*.txt")).unlink()  # April 2021, the newest posts
    again, warnings = build(src, seeds=seeds)
    assert warnings == ""
    clean, _ = build(copy_docs(tmp_path / "clean"), seeds=seeds)
    # Sphinx leaves the output of removed documents in place: compare the rest
    built, fresh = Path(again.outdir), Path(clean.outdir)
    pages = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.suffix in (".html", ".xml"))
    assert [str(p) for p in pages if (built / p).read_bytes() != (fresh / p).read_bytes()] == []
    atom = (Path(again.outdir) / "feed.xml").read_text(encoding="utf-8")
    assert atom.count('<content type="html">&lt;p&gt;') == 3 and "2021/04/" not in atom
