"""Rich posts through Sphinx: the seeds written as Blogger HTML keep every frozen anchor;
generated hostile HTML builds with nothing injected and no word lost; moved posts redirect.

The anchor proof: every seed post (34, with the 22 February 2019 post's 20
comments) is rewritten as Blogger's editor stores it, in each of its three
ways (``richposts.STYLES``), built, and its ``#pN`` (with first words) and
``#cN`` anchors compared with ``tests/snapshots/anchors.json``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import onprobation.convert as convert_module
from conftest import SEEDS
from htmltext import main_text, words
from onprobation.convert import Corpus, merge_sources, read, seed_files
from onprobation.htmlbody import _block_runs, html_lines
from onprobation.model import Comment, Post
from onprobation.structure import SEPARATOR, BlockLine, RichLine, runs_text
from richposts import STYLES, rich_post
from sitebuild import build, copy_docs
from test_citation_pages import SNAPSHOT, anchors
from test_fuzz import ALLOWED_NODES, FUZZ_ROOT
from test_rich_writer import HTML_PIECE

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("ONPROBATION_FUZZ_EXAMPLES", "8"))
THREAD = "2019/02/if-only-probation-wasnt-broken"
MOVED = "2017/11/probation-jobs"


def build_corpus(monkeypatch, folder: Path, corpus: Corpus, src: Path | None = None, **overrides):
    """Build ``src`` (default: the project's docs) with the converter reading ``corpus``."""
    monkeypatch.setattr(convert_module, "read", lambda paths, base=None: corpus)
    return build(src or copy_docs(folder / "docs"), "html", **overrides)


def site_anchors(site: Path) -> dict[str, dict[str, str]]:
    return {
        page.relative_to(site).as_posix(): anchors(page)
        for page in sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html"))
        if page.name != "index.html" and "http-equiv" not in page.read_text(encoding="utf-8")
    }


@pytest.mark.parametrize("style", STYLES)
def test_seed_posts_as_blogger_html_keep_the_frozen_anchors(style, tmp_path, monkeypatch) -> None:
    corpus = read(seed_files(SEEDS), SEEDS.parent)
    text_posts = corpus.posts
    rich = [rich_post(post, style) for post in text_posts]
    if style == "p":
        # the export arrives next to the text dumps: merged, and one post moved by its real permalink
        (moving,) = [p for p in rich if p.path == MOVED]
        moving.permalink = MOVED + "-at-last"
        problems: list = []
        posts = merge_sources([*copy.deepcopy(text_posts), *rich], problems)
        assert problems == [] and len(posts) == 34
        convert_module.assign_slugs(posts)
        corpus = Corpus(posts, [])
    else:
        corpus = Corpus(rich, [])
    app, warnings = build_corpus(monkeypatch, tmp_path, corpus, html_baseurl="https://archive.example/")
    assert warnings == ""
    site = Path(app.outdir)
    current = site_anchors(site)
    frozen = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if style == "p":
        current[MOVED + ".html"] = current.pop(MOVED + "-at-last.html")
        redirect = (site / f"{MOVED}.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=probation-jobs-at-last.html" />' in redirect
        assert 'location.replace("probation-jobs-at-last.html" + location.hash)' in redirect
        assert f'<link rel="canonical" href="https://archive.example/{MOVED}-at-last.html" />' in redirect
        assert MOVED + ".html<" not in (site / "sitemap.xml").read_text(encoding="utf-8")
        assert "probation-jobs-at-last" in (site / "2017/11/index.html").read_text(encoding="utf-8")
    assert current == frozen
    checked = sum(len(a) for a in current.values())
    comments = [a for a in current[f"{THREAD}.html"] if a.startswith("c")]
    assert len(comments) == 20 and checked > 300
    text, _ = main_text(site / f"{THREAD}.html")
    text = " ".join(text.split())
    assert "Friday 22 February 2019, 09:30 · by Jim Brown" in text
    assert "Labels: probation, TR" in text and "Source: seeds/" in text
    assert "— Anonymous · 22 February 2019, 13:01 · original" in text
    html = (site / f"{THREAD}.html").read_text(encoding="utf-8")
    assert 'href="https://probationmatters.blogspot.com/2019/02/if-only-probation-wasnt-broken.html?showComment=' in html
    assert 'id="c8-3"' in html


def _comment(html: str, n: int, removed: bool = False, replies: list | None = None) -> Comment:
    return Comment(line=1, html=html, author="Anonymous" if n % 2 else f"Reader <b>{n}</b>", blogger_id=str(100 + n),
                   published=dt.datetime(2016, 3, 1, 12, n, tzinfo=dt.timezone.utc), removed=removed,
                   permalink=f"https://blog.example/c{n}", replies=replies or [])


HTML = st.lists(HTML_PIECE, min_size=1, max_size=25).map("".join)
POST = st.tuples(HTML, st.lists(HTML, max_size=3), st.booleans())
NODES = ALLOWED_NODES | {nodes.emphasis, nodes.literal, nodes.literal_block, nodes.enumerated_list, nodes.table,
                         nodes.tgroup, nodes.colspec, nodes.thead, nodes.tbody, nodes.row, nodes.entry}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(POST, min_size=1, max_size=4))
def test_hostile_html_posts_build_literally(tmp_path_factory, monkeypatch_session, posts) -> None:
    rich = []
    for n, (body, comments, deep) in enumerate(posts):
        thread = [_comment(c, i) for i, c in enumerate(comments)]
        if thread and deep:  # replies to any depth, and a removed one
            thread[0].replies = [_comment("reply", 50, replies=[_comment("deeper", 51, removed=True)])]
        rich.append(Post(file="export.xml", line=n + 1, date=dt.date(2016, 3, 1) + dt.timedelta(days=n),
                         date_text="", title=f"Post {n}", html=body, comments=thread, format="export",
                         author="Jim Brown", published=dt.datetime(2016, 3, 1, 9, 0, tzinfo=dt.timezone.utc)))
    convert_module.assign_slugs(rich)
    work = tmp_path_factory.mktemp("richfuzz")
    src = work / "docs"
    shutil.copytree(FUZZ_ROOT, src)
    app, warnings = build_corpus(monkeypatch_session, work, Corpus(rich, []), src, html_theme="basic")
    # the only warnings: what was dropped, each reported at export.xml:line
    assert all(re.search(r"export\.xml:\d+: WARNING: dropped", w) for w in warnings.strip().splitlines() if w), warnings
    for post in rich:
        doctree = app.env.get_doctree(post.path)
        kinds = {type(node) for node in doctree.findall()}
        assert kinds <= NODES, kinds - NODES
        page = Path(app.outdir) / f"{post.path}.html"
        text, _ = main_text(page)
        shown = [line.text if isinstance(line, RichLine) else runs_text(_block_runs(line.block))
                 for line in html_lines(post.html) if isinstance(line, (RichLine, BlockLine))]
        expected = words("\n".join(t for t in shown if not SEPARATOR.match(t)))
        for comment in post.comments:
            expected += [w for line in html_lines(comment.html) for w in words(line.text)]
        # in order, in the page's words run together: the page text puts a space at every tag,
        # which splits a word glued to a link ("ahttps://..." reads "a" + link in a browser)
        flat, position = "".join(words(text)), 0
        for index, word in enumerate(expected):
            position = flat.find(word, position)
            assert position >= 0, f"lost a word after {expected[max(0, index - 5):index + 1]}"
            position += len(word)
        html = page.read_text(encoding="utf-8")
        for markup in ("hidden()", "<b>x</b>", 'href="javascript', "<script>alert", "<b>0</b>"):
            assert markup not in html, markup


@pytest.fixture(scope="module")
def monkeypatch_session():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()
