"""Backlinks stay exact under incremental and parallel builds (no stale entry)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from htmltext import main_text
from sitebuild import build

pytestmark = pytest.mark.slow
ROLES_ROOT = ROOT / "tests" / "roots" / "test-roles"

POST_A = "Friday, 17 November 2017\n\nJobs\n\nThe NPS is short of staff.\n\nHMPPS says otherwise.\n"
POST_B = "Thursday, 16 November 2017\n\nInspections\n\nHMI Probation inspected the NPS.\n"


def project(tmp_path: Path, name: str) -> tuple[Path, Path]:
    src = tmp_path / name / "docs"
    shutil.copytree(ROLES_ROOT, src, ignore=shutil.ignore_patterns("organisations", "reports", "_build"))
    (src / "index.md").write_text(
        "# Test\n\n```{toctree}\n:glob:\n\n[0-9][0-9][0-9][0-9]/index\norganisations/index\nreports/index\n```\n",
        encoding="utf-8",
    )
    seeds = tmp_path / name / "seeds"
    seeds.mkdir()
    return src, seeds


def two_posts_built(tmp_path: Path, name: str, parallel: int = 0):
    """A project with posts A and B, built without warnings."""
    src, seeds = project(tmp_path, name)
    (seeds / "a.txt").write_text(POST_A, encoding="utf-8")
    (seeds / "b.txt").write_text(POST_B, encoding="utf-8")
    app, warnings = build(src, seeds=seeds, parallel=parallel)
    assert warnings == ""
    return src, seeds, app


def backlinks(outdir: Path, key: str) -> str:
    text, _ = main_text(outdir / f"organisations/{key}.html")
    return " ".join(text.split())


def counts(outdir: Path) -> str:
    text, _ = main_text(outdir / "organisations/index.html")
    return " ".join(text.split())


def test_editing_a_post_updates_every_entity_page_it_affects(tmp_path: Path) -> None:
    src, seeds, app = two_posts_built(tmp_path, "incremental")
    assert "Mentioned in 2 posts" in backlinks(Path(app.outdir), "nps")
    assert "Mentioned in 1 post" in backlinks(Path(app.outdir), "hmpps")

    # The post of 17 November no longer mentions the NPS or HMPPS, but now NOMS.
    (seeds / "a.txt").write_text(POST_A.replace("The NPS", "The service").replace("HMPPS", "NOMS"),
                                 encoding="utf-8")
    again, warnings = build(src, seeds=seeds)
    assert warnings == ""
    out = Path(again.outdir)
    assert "Mentioned in 1 post" in backlinks(out, "nps") and "Jobs" not in backlinks(out, "nps")
    assert "No post in the archive mentions it yet." in backlinks(out, "hmpps")
    assert "Jobs" in backlinks(out, "noms")

    clean_src, _ = project(tmp_path, "clean")
    clean, _ = build(clean_src, seeds=seeds)
    for key in ("nps", "hmpps", "noms", "hmi-probation"):
        assert backlinks(out, key) == backlinks(Path(clean.outdir), key)
    assert counts(out) == counts(Path(clean.outdir))


def test_parallel_build_gives_the_same_entity_pages(tmp_path: Path) -> None:
    _, _, serial = two_posts_built(tmp_path, "serial")
    _, _, parallel = two_posts_built(tmp_path, "parallel", parallel=2)
    for key in ("nps", "hmpps", "hmi-probation"):
        assert backlinks(Path(parallel.outdir), key) == backlinks(Path(serial.outdir), key)
    assert counts(Path(parallel.outdir)) == counts(Path(serial.outdir))


def _archive(days: list[tuple[int, int]]) -> str:
    """One dump of posts mentioning the NPS, on the given (year, day of January) dates, newest first."""
    import datetime as dt

    posts = []
    for year, day in sorted(days, reverse=True):
        date = dt.date(year, 1, day)
        posts.append(f"{date:%A}, {day} January {year}\n\nNews {year} {day}\n\nThe NPS is short of staff again.\n")
    return "\n".join(posts)


def test_entity_page_is_bounded_and_the_years_have_their_own_pages(tmp_path: Path) -> None:
    from onprobation_ext.entities import LATEST

    src, seeds = project(tmp_path, "many")
    days = [(2016, d) for d in range(1, 15)] + [(2017, d) for d in range(1, 21)]
    (seeds / "archive.txt").write_text(_archive(days), encoding="utf-8")
    other = "Monday, 1 January 2018\n\nNew Year\n\nHMPPS says {}.\n"
    (seeds / "other.txt").write_text(other.format("so"), encoding="utf-8")
    app, warnings = build(src, seeds=seeds)
    assert warnings == ""
    out = Path(app.outdir)
    page = backlinks(out, "nps")
    assert "Mentioned in 34 posts" in page
    assert page.count("short of staff") == 0  # titles only
    assert sum(page.count(f"News {y} ") for y in (2016, 2017)) == LATEST  # the latest only
    assert "News 2017 20" in page and "News 2016 14" not in page
    html = (out / "organisations/nps.html").read_text(encoding="utf-8")
    assert 'href="nps/2016.html"' in html and 'href="nps/2017.html"' in html
    # a page per year with mentions, and none for the others
    assert sorted(p.name for p in (out / "organisations/nps").glob("*.html")) == ["2016.html", "2017.html"]
    assert not (out / "organisations/noms").exists()  # never mentioned: no year page
    assert not (out / "organisations/hmpps").exists()  # in one post: its page lists it, no year page
    assert "News 2018" not in backlinks(out, "hmpps") and "New Year" in backlinks(out, "hmpps")
    y2016, _ = main_text(out / "organisations/nps/2016.html")
    assert y2016.count("News 2016 ") == 14 and "News 2017" not in y2016
    assert "Next year: 2017" in " ".join(y2016.split()) and "Previous year" not in y2016
    y2017 = (out / "organisations/nps/2017.html").read_text(encoding="utf-8")
    assert 'href="../nps.html"' in y2017 and 'href="2016.html"' in y2017

    # (incremental builds, in months that have posts already, so only what changed is rewritten)
    # a post of 2018 now mentions the NPS: 2018's page appears, and the page before it links to it;
    # a new post of 2017 joins 2017's page
    (seeds / "other.txt").write_text(other.format("so, and the NPS"), encoding="utf-8")
    again, warnings = build(src, seeds=seeds)
    assert warnings == ""
    y2017, _ = main_text(Path(again.outdir) / "organisations/nps/2017.html")
    assert "Next year: 2018" in " ".join(y2017.split())
    (seeds / "new.txt").write_text("Saturday, 21 January 2017\n\nLater\n\nThe NPS again.\n", encoding="utf-8")
    again, warnings = build(src, seeds=seeds)
    assert warnings == ""
    clean_src, clean_seeds = project(tmp_path, "clean")
    for dump in seeds.iterdir():
        (clean_seeds / dump.name).write_bytes(dump.read_bytes())
    clean, _ = build(clean_src, seeds=clean_seeds)
    y2017, _ = main_text(Path(again.outdir) / "organisations/nps/2017.html")
    assert "Next year: 2018" in " ".join(y2017.split()) and "Later" in y2017
    for page in ("nps", "nps/2016", "nps/2017", "nps/2018"):
        built = (Path(again.outdir) / f"organisations/{page}.html").read_bytes()
        assert built == (Path(clean.outdir) / f"organisations/{page}.html").read_bytes(), page


def test_the_pdf_keeps_the_full_list(tmp_path: Path) -> None:
    """No year pages in the book: an entity's page there lists every post, with its page."""
    src, seeds = project(tmp_path, "latex")
    (seeds / "archive.txt").write_text(_archive([(2017, d) for d in range(1, 26)]), encoding="utf-8")
    app, warnings = build(src, "latex", seeds=seeds)
    assert warnings == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert all(f"News 2017 {d}" in tex for d in range(1, 26))
