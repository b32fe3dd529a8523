"""An archive built from any dumps builds strictly: the documentation pages
name no particular post (docs/citing.md shows its examples with the archive's
own newest posts), and two posts sharing a date and title are both published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from htmltext import main_text
from sitebuild import build, copy_docs

pytestmark = pytest.mark.slow

DUMP = """Monday, 2 March 2020

Two Posts, One Title

The first text about the Probation Service.

Monday, 2 March 2020

Two Posts, One Title

A second, different text on the same day.

Tuesday, 7 January 2020

A Thread

Paragraph one of the thread post.

2 comments:

  1. A reader's comment.

    ReplyDelete
    Replies
    1. A reply to it.

      Delete
"""


def test_docs_build_without_warnings_from_other_dumps(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "other.txt").write_text(DUMP, encoding="utf-8")
    app, warnings = build(copy_docs(tmp_path / "docs"), seeds=seeds, html_baseurl="https://archive.example/")
    assert warnings == "", warnings
    out = Path(app.outdir)
    # both posts of 2 March 2020, each with its own text
    first, _ = main_text(out / "2020/03/two-posts-one-title.html")
    second, _ = main_text(out / "2020/03/two-posts-one-title_02.html")
    assert ("A second, different text" in first) != ("A second, different text" in second)
    assert ("The first text" in first) != ("The first text" in second)
    # the citing page's examples are this archive's posts
    html = (out / "citing.html").read_text(encoding="utf-8")
    newest = "2020/03/two-posts-one-title_02.html"  # of one day, the last by path (domain.newest)
    assert re.search(rf'href="{newest}#p1"[^>]*><span>Two Posts, One Title \(2 March 2020\), para 1</span>', html)
    assert f"https://archive.example/{newest}#p1&gt; accessed" in html
    assert re.search(r'href="2020/01/a-thread.html#c1-1"[^>]*><span>A Thread \(7 January 2020\), comment 1.1</span>',
                     html)
    assert "probation-jobs" not in re.sub(r"<code.*?</code>", "", html, flags=re.S)  # only as a literal example


def test_docs_build_without_any_post(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    app, warnings = build(copy_docs(tmp_path / "docs"), seeds=seeds)
    # index.md's glob of the years matches nothing in an empty archive (its own
    # concern); citing.md adds no warning
    others = [w for w in warnings.splitlines() if w and "toctree glob pattern" not in w]
    assert others == [], warnings
    assert "The archive has no posts yet" in (Path(app.outdir) / "citing.html").read_text(encoding="utf-8")
