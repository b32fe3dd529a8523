"""Blogger's own formats through the whole pipeline, as a maintainer uses them:
the seed posts written as a backup export, and as pages saved from a browser,
put in a seeds folder of their own and built with warnings as errors.

Every post keeps the anchors frozen from the text dumps
(``tests/snapshots/anchors.json``), the 22 February 2019 post its 20 comments
(9 top-level, 11 replies), and the pages gain what text lost: authors, times
and the links' targets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogger_fixtures import write_export, write_html_pages
from onprobation.pages import REMOVED
from sitebuild import build, copy_docs
from test_citation_pages import SNAPSHOT
from test_rich_build import THREAD, site_anchors

pytestmark = pytest.mark.slow


def _build(tmp_path: Path, seeds: Path) -> Path:
    app, warnings = build(copy_docs(tmp_path / "docs"), "html", seeds=seeds,
                          html_baseurl="https://archive.example/")
    assert warnings == ""
    return Path(app.outdir)


@pytest.mark.parametrize("source", ["export", "saved-pages"])
def test_seed_posts_from_blogger_formats_keep_the_frozen_anchors(source: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    if source == "export":
        seeds.mkdir()
        write_export(seeds / "blog-backup.xml")
    else:
        write_html_pages(seeds)
    site = _build(tmp_path, seeds)
    current = site_anchors(site)
    # the fixtures add one comment the text dumps cannot have: a removed one, shown as removed
    removed = [(page, anchor) for page, found in current.items() for anchor, text in found.items()
               if text == REMOVED]
    assert len(removed) == 1
    for page, anchor in removed:
        del current[page][anchor]
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert len([a for a in current[f"{THREAD}.html"] if a.startswith("c")]) == 20
    assert len([a for a in current[f"{THREAD}.html"] if a.startswith("c") and "-" in a]) == 11
    page = (site / f"{THREAD}.html").read_text(encoding="utf-8")
    assert "Anonymous" in page  # each comment's author, which the text dumps do not have
    assert "?showComment=" in page or source == "saved-pages"  # the comment's own permalink
