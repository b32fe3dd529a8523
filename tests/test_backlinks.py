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
