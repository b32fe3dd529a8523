"""Search: Pagefind's index of the built seed site, and the search page in a
browser (that part skips without Debian's chromium).

The index is read as the browser reads it: Pagefind's fragments are gzip
files holding ``pagefind_dcd`` and the JSON of one page (its words, title,
date, filters, and the position of every element with an id).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import logging
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SEEDS
from onprobation_ext import search_bundles
from onprobation_ext.search_bundles import bundle_names, update_bundles, year_bundle, year_groups
from sitebuild import build, build_seed_site, copy_docs

PROBATION_JOBS = "/2017/11/probation-jobs.html"
BROKEN = "/2019/02/if-only-probation-wasnt-broken.html"
PINPOINT = re.compile(r"^(?:p\d+|c\d+(?:-\d+)*)$")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    # few posts in an entity's latest, so that the seeds give entities year pages
    return Path(build_seed_site(tmp_path_factory.mktemp("search"), onprobation_entity_latest=5).outdir)


def fragments(site: Path) -> dict[str, dict]:
    """Every page of every bundle, by URL (with its bundle under ``"bundle"``)."""
    pages = {}
    for file in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        raw = gzip.decompress(file.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        page = json.loads(raw[len(b"pagefind_dcd"):])
        assert page["url"] not in pages, page["url"]  # a page is in one bundle only
        pages[page["url"]] = {**page, "bundle": file.parent.parent.name}
    return pages


def pinpoint(page: dict, word: str) -> str:
    """What search.js does: the paragraph or comment anchor before the word's first hit."""
    words = page["content"].split()
    at = next(i for i, w in enumerate(words) if word in w.casefold())
    anchors = sorted((a for a in page["anchors"] if PINPOINT.match(a["id"])), key=lambda a: a["location"])
    return [a["id"] for a in anchors if a["location"] <= at][-1]


@pytest.mark.slow
def test_the_pagefind_index_replaces_sphinx_search(site: Path) -> None:
    # the past years of posts in one bundle (few posts), the current year alone, the other pages (the primary)
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["pages", "y2015-2019", "y2021"]
    for bundle in (site / "pagefind").iterdir():
        assert (bundle / "pagefind-entry.json").is_file() and list(bundle.glob("index/*.pf_index")), bundle
        assert not (bundle / "pagefind-component-ui.js").exists()  # unused UIs are not shipped
        # the UI and engine are loaded from the primary only
        for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.en.pagefind"):
            assert (bundle / name).is_file() == (bundle.name == "pages"), (bundle, name)
    assert not (site / "searchindex.js").exists()
    assert not (site / "_static" / "searchtools.js").exists()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'src="pagefind/pages/pagefind-ui.js"' in page and 'src="_static/search.js"' in page
    bundles = json.loads(re.search(r"data-bundles='([^']*)'", page)[1])
    assert [(b["name"], b["path"]) for b in bundles] == [(n, f"pagefind/{n}/") for n in ("pages", "y2015-2019", "y2021")]
    # each bundle's pages (which scale its scores) and the posts a year (the filters before a query)
    indexed = fragments(site).values()
    assert {b["name"]: b["pages"] for b in bundles} == {b["name"]: sum(p["bundle"] == b["name"] for p in indexed)
                                                         for b in bundles}  # fmt: skip
    years = json.loads(re.search(r"data-filters='([^']*)'", page)[1])["year"]
    assert years == {y: sum(p["filters"].get("year") == [y] for p in indexed) for y in ("2015", "2017", "2019", "2021")}
    assert 'data-api="_static/pagefind-merged/"' in page
    assert (site / "_static" / "pagefind-merged" / "pagefind.js").is_file()
    assert "searchindex" not in page and "searchtools" not in page
    assert "Search needs the site to be served" in page  # shown when opened from a folder


@pytest.mark.slow
def test_a_post_is_indexed_with_only_the_blogs_words(site: Path) -> None:
    pages = fragments(site)
    jobs = pages[PROBATION_JOBS]
    # the past years (2015 to 2019: few posts) share a bundle; 2021, the current year, is alone
    assert jobs["bundle"] == "y2015-2019" and pages[BROKEN]["bundle"] == "y2015-2019"
    assert {p["bundle"] for p in pages.values()} == {"pages", "y2015-2019", "y2021"}
    assert jobs["meta"]["title"] == "Probation Jobs"
    assert jobs["meta"]["date"] == "17 November 2017"
    assert "omnishambles" in jobs["content"]
    content = pages[BROKEN]["content"]
    assert content.startswith("If Only Probation Wasn't Broken! It seems to me that whilst domestic politics")
    for chrome in ("Home", "February 2019", "Cite this", "BibTeX", "Pinpoints", "archived", "Previous:",
                   "839 words", "20 comments", "¶"):
        assert chrome not in content, chrome
    # No paragraph or comment number: the first word of every numbered
    # paragraph and comment is a word of the post, not its number.
    words = content.split()
    for anchor in pages[BROKEN]["anchors"]:
        if PINPOINT.match(anchor["id"]):
            assert not re.fullmatch(r"[\d.]+", words[anchor["location"]]), anchor
    assert "wanton vandalism" in content  # comments are searched too


@pytest.mark.slow
def test_hits_map_to_paragraph_and_comment_anchors(site: Path) -> None:
    pages = fragments(site)
    assert pinpoint(pages[PROBATION_JOBS], "omnishambles") == "p2"
    assert pinpoint(pages[BROKEN], "wanton") == "c9-1"
    script = (site / "_static" / "search.js").read_text(encoding="utf-8")
    assert "p\\d+|c\\d+(?:-\\d+)*" in script  # the same rule in the browser


@pytest.mark.slow
def test_filters_by_year_and_organisation(site: Path) -> None:
    pages = fragments(site)
    assert pages[BROKEN]["filters"]["year"] == ["2019"]
    assert "Napo" in pages[BROKEN]["filters"]["organisation"]
    assert "Working Links" in pages[BROKEN]["filters"]["organisation"]
    years = {y for p in pages.values() for y in p["filters"].get("year", [])}
    assert years == {"2015", "2017", "2019", "2021"}
    groups = {"2015": "y2015-2019", "2017": "y2015-2019", "2019": "y2015-2019", "2021": "y2021"}
    for page in pages.values():  # a group's posts, and only they, are in its bundle
        assert page["bundle"] == (groups[page["filters"]["year"][0]] if "year" in page["filters"] else "pages"), page["url"]
    filters = b"".join(gzip.decompress(f.read_bytes())
                       for f in (site / "pagefind" / "y2015-2019" / "filter").glob("*"))
    assert b"year" in filters and b"organisation" in filters


@pytest.mark.slow
def test_what_is_indexed(site: Path) -> None:
    pages = fragments(site)
    napo = pages["/organisations/napo.html"]
    assert napo["meta"]["title"].startswith("Napo")
    assert "National Association of Probation Officers" in napo["content"]
    assert "Whole Systems Approach" not in napo["content"]  # its list of posts is not searched
    assert "/citing.html" in pages
    for listing in ("/index.html", "/2019/index.html", "/2019/02/index.html", "/organisations/index.html",
                    "/timeline.html", "/changes.html", "/search.html", "/op-organisations.html"):
        assert listing not in pages, listing
    # an entity's year pages are lists of posts under its name: not searched
    year_pages = [p.relative_to(site).as_posix() for p in site.glob("*/*/[0-9][0-9][0-9][0-9].html")]
    assert year_pages and not {"/" + p for p in year_pages} & set(pages)


# -- which years share a bundle --------------------------------------------------------

REAL = {"2010": 215, "2011": 217, "2012": 217, "2013": 216, "2014": 249, "2015": 299, "2016": 301,
        "2017": 300, "2018": 300, "2019": 299, "2020": 301, "2021": 300, "2022": 300, "2023": 299,
        "2024": 301, "2025": 300, "2026": 86}  # posts a year of the real-size benchmark  # fmt: skip


def test_past_years_are_grouped_and_the_current_year_is_alone() -> None:
    groups = year_groups(REAL, 650)
    assert groups == [["2010", "2011", "2012"], ["2013", "2014"], ["2015", "2016"], ["2017", "2018"],
                      ["2019", "2020"], ["2021", "2022"], ["2023", "2024"], ["2025"], ["2026"]]  # fmt: skip
    assert all(sum(REAL[y] for y in g) <= 650 for g in groups)
    assert [year_bundle(g) for g in groups[:2]] == ["y2010-2012", "y2013-2014"]
    assert year_bundle(["2025"]) == year_bundle("2025") == "y2025"
    assert not any("pagefind" in year_bundle(g) for g in groups)
    # the current year is alone however small, and its growth never regroups the past
    assert year_groups({**REAL, "2026": 1}, 650) == groups
    assert year_groups({**REAL, "2026": 5000}, 650) == groups
    # a year larger than the budget is a group of its own; a budget of 1: a bundle a year
    assert year_groups({"2010": 900, "2011": 10, "2012": 10, "2013": 1}, 650) == [["2010"], ["2011", "2012"], ["2013"]]
    assert year_groups(REAL, 1) == [[y] for y in sorted(REAL)]
    # a new year: only the last group of the past can change
    grown = year_groups({**REAL, "2026": 300, "2027": 3}, 650)
    assert grown[:-2] == groups[:-2] and grown[-2:] == [["2025", "2026"], ["2027"]]
    assert year_groups({}) == [] and year_groups({"2015": 0}) == []
    assert bundle_names([["2015", "2016"], ["2017"]]) == ["pages", "y2015-2016", "y2017"]


# -- bundles kept, re-indexed, removed (a tiny site, the real binary) ------------------

def html_page(title: str, words: str, year: str | None = None) -> str:
    year_filter = f'<span data-pagefind-filter="year">{year}</span>' if year else ""
    return (f'<html lang="en"><head><title>{title}</title></head><body><div data-pagefind-body>'
            f'<h1>{title}</h1>{year_filter}<p id="p1">{words}</p></div></body></html>')


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path, dict[str, list[str]]]:
    out, state = tmp_path / "html", tmp_path / "doctrees" / "pagefind"
    pages = {"2015/01/a.html": ("A", "grayling wrote", "2015"), "2015/02/b.html": ("B", "napo said", "2015"),
             "2016/03/c.html": ("C", "grayling again", "2016"), "organisations/napo.html": ("Napo", "union", None),
             "index.html": ("Home", "grayling listed", None)}  # fmt: skip
    for path, (title, words, year) in pages.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(html_page(title, words, year), encoding="utf-8")
    plan = {"pages": ["organisations/napo.html"], "y2015": ["2015/01/a.html", "2015/02/b.html"],
            "y2016": ["2016/03/c.html"]}
    return out, state, plan


def urls(bundle: Path) -> set[str]:
    return {json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for f in (bundle / "fragment").glob("*.pf_fragment")}


def identity(bundle: Path) -> tuple[int, int]:
    """Changes when the bundle is re-made: the inode and mtime of its entry file."""
    stat = (bundle / "pagefind-entry.json").stat()
    return stat.st_ino, stat.st_mtime_ns


def test_one_bundle_per_year_with_only_its_pages(tiny) -> None:
    out, state, plan = tiny
    outcomes = update_bundles(out, state, plan, jobs=2)
    assert [(o.name, o.status, o.pages) for o in outcomes] == [("pages", "indexed", 1), ("y2015", "indexed", 2),
                                                               ("y2016", "indexed", 1)]  # fmt: skip
    assert urls(out / "pagefind" / "y2015") == {"/2015/01/a.html", "/2015/02/b.html"}
    assert urls(out / "pagefind" / "pages") == {"/organisations/napo.html"}  # not the home page
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["pages", "y2015", "y2016"]
    assert sorted(p.name for p in state.iterdir()) == ["pages.json", "y2015.json", "y2016.json"]
    manifest = json.loads((state / "y2015.json").read_text())
    assert manifest["entry"] == (out / "pagefind" / "y2015" / "pagefind-entry.json").read_text()
    size, mtime, digest = manifest["files"]["2015/01/a.html"]
    assert size == (out / "2015/01/a.html").stat().st_size and len(digest) == 64


def test_a_changed_page_reindexes_only_its_bundle(tiny) -> None:
    out, state, plan = tiny
    update_bundles(out, state, plan)
    before = {name: identity(out / "pagefind" / name) for name in plan}
    # rewritten with the same bytes (an incremental build does that): kept, by its hash
    (out / "2016/03/c.html").write_text((out / "2016/03/c.html").read_text())
    (out / "index.html").write_text(html_page("Home", "a new post listed"))  # not in any bundle
    assert {o.status for o in update_bundles(out, state, plan)} == {"kept"}
    (out / "2015/02/b.html").write_text(html_page("B", "napo said omnishambles", "2015"))
    outcomes = update_bundles(out, state, plan)
    assert [(o.name, o.status) for o in outcomes] == [("pages", "kept"), ("y2015", "indexed"), ("y2016", "kept")]
    after = {name: identity(out / "pagefind" / name) for name in plan}
    assert after["pages"] == before["pages"] and after["y2016"] == before["y2016"]
    assert after["y2015"] != before["y2015"]
    # a new post in a new year: a bundle of its own, the others kept
    (out / "2017/01").mkdir(parents=True)
    (out / "2017/01/d.html").write_text(html_page("D", "tomorrow", "2017"))
    outcomes = update_bundles(out, state, {**plan, "y2017": ["2017/01/d.html"]})
    assert [(o.name, o.status) for o in outcomes if o.status != "kept"] == [("y2017", "indexed")]
    # the primary, should it change, is re-made with the UI and engine
    (out / "pagefind" / "pages" / "pagefind-ui.js").unlink()
    outcomes = update_bundles(out, state, plan)
    assert [(o.name, o.status) for o in outcomes if o.status != "kept"] == [("pages", "indexed")]
    assert (out / "pagefind" / "pages" / "pagefind-ui.js").is_file()
    assert not (out / "pagefind" / "y2015" / "pagefind-ui.js").exists()
    # a page removed from a bundle re-indexes it
    outcomes = update_bundles(out, state, {**plan, "y2015": ["2015/01/a.html"]})
    assert [(o.name, o.status) for o in outcomes if o.status != "kept"] == [("y2015", "indexed")]
    assert urls(out / "pagefind" / "y2015") == {"/2015/01/a.html"}  # no stale fragment


def test_a_year_without_posts_loses_its_bundle(tiny) -> None:
    out, state, plan = tiny
    (out / "pagefind").mkdir()
    for leftover in ("fragment", ".y2015.tmp"):  # the single index of older builds, a crashed run
        (out / "pagefind" / leftover).mkdir()
    (out / "pagefind" / "pagefind.js").write_text("old")
    update_bundles(out, state, plan)
    del plan["y2016"]
    assert [o.name for o in update_bundles(out, state, plan)] == ["pages", "y2015"]
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["pages", "y2015"]
    assert not (state / "y2016.json").exists()


def test_years_changing_group_leave_no_stale_bundle(tiny) -> None:
    out, state, plan = tiny
    update_bundles(out, state, plan)
    # 2016 is now in the past, grouped with 2015; 2017 is the current year
    (out / "2017/01").mkdir(parents=True)
    (out / "2017/01/d.html").write_text(html_page("D", "tomorrow", "2017"))
    grouped = {"pages": plan["pages"], "y2015-2016": plan["y2015"] + plan["y2016"], "y2017": ["2017/01/d.html"]}
    outcomes = update_bundles(out, state, grouped)
    assert [(o.name, o.status, o.pages) for o in outcomes] == [("pages", "kept", 1), ("y2015-2016", "indexed", 3),
                                                               ("y2017", "indexed", 1)]  # fmt: skip
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["pages", "y2015-2016", "y2017"]
    assert sorted(p.name for p in state.iterdir()) == ["pages.json", "y2015-2016.json", "y2017.json"]
    assert urls(out / "pagefind" / "y2015-2016") == {"/2015/01/a.html", "/2015/02/b.html", "/2016/03/c.html"}
    # tomorrow's post, in the current year: only its bundle is re-made
    before = identity(out / "pagefind" / "y2015-2016")
    (out / "2017/01/e.html").write_text(html_page("E", "the day after", "2017"))
    outcomes = update_bundles(out, state, {**grouped, "y2017": ["2017/01/d.html", "2017/01/e.html"]})
    assert [(o.name, o.status) for o in outcomes if o.status != "kept"] == [("y2017", "indexed")]
    assert identity(out / "pagefind" / "y2015-2016") == before


def test_a_small_index_chunk_size_is_given_to_pagefind(tiny, monkeypatch) -> None:
    """A query loads the index chunk of its word in every bundle: Pagefind is
    asked for small chunks (search_bundles.INDEX_CHUNK_SIZE)."""
    out, state, plan = tiny
    seen = []
    real_run = search_bundles.subprocess.run

    def run(command, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs["env"].get("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"))
        return real_run(command, **kwargs)

    monkeypatch.setattr(search_bundles.subprocess, "run", run)
    assert {o.status for o in update_bundles(out, state, plan)} == {"indexed"}
    assert seen == [str(search_bundles.INDEX_CHUNK_SIZE)] * 3


def test_a_failing_indexer_keeps_the_previous_bundle(tiny, monkeypatch) -> None:
    out, state, plan = tiny
    update_bundles(out, state, plan)
    before = identity(out / "pagefind" / "y2015")
    (out / "2015/02/b.html").write_text(html_page("B", "changed", "2015"))
    outcomes = update_bundles(out, state, plan, executable=shutil.which("false"))
    assert [(o.name, o.status) for o in outcomes] == [("pages", "kept"), ("y2015", "failed"), ("y2016", "kept")]
    assert outcomes[1].detail.startswith("Pagefind failed (exit 1)")
    assert identity(out / "pagefind" / "y2015") == before  # the previous bundle, still served
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["pages", "y2015", "y2016"]
    # the next build tries again
    assert [o.status for o in update_bundles(out, state, plan)] == ["kept", "indexed", "kept"]
    (out / "2015/02/b.html").write_text(html_page("B", "changed again", "2015"))
    monkeypatch.setattr(search_bundles, "pagefind_executable", lambda: None)
    outcomes = update_bundles(out, state, plan)
    assert outcomes[1].status == "failed" and "the Pagefind binary is not installed" in outcomes[1].detail


# a copy of its own (srcdir): other tests build the same root, and its bundles would be kept
@pytest.mark.sphinx("html", testroot="kinds", srcdir="search-failing", confoverrides={"html_theme": "alabaster"})
def test_a_failing_indexer_is_a_build_warning(app, warning, monkeypatch) -> None:
    monkeypatch.setattr(search_bundles, "pagefind_executable", lambda: shutil.which("false"))
    app.build()
    warnings = warning.getvalue()
    assert "search: bundle pages: Pagefind failed (exit 1)" in warnings
    assert "search: bundle y2015: Pagefind failed (exit 1)" in warnings
    assert "Traceback" not in warnings
    assert not (Path(app.outdir) / "pagefind" / "y2015").exists()  # nothing half-made


def bundle_identities(site: Path) -> dict[str, tuple[int, int]]:
    return {bundle.name: identity(bundle) for bundle in (site / "pagefind").iterdir()}


@pytest.mark.slow
def test_incremental_builds_remake_only_the_bundles_that_changed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    november_2017 = next(SEEDS.glob("000_*.txt"))  # 2017 keeps February's posts from another dump
    february_2019 = next(SEEDS.glob("004_*.txt"))  # the only post of 2019
    for seed in sorted(SEEDS.glob("*.txt")):
        if seed != november_2017:
            (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    one_a_year = {"onprobation_search_group_posts": 1}  # every year a bundle of its own
    first, warnings = build(src, seeds=seeds, parallel=2, **one_a_year)
    assert warnings == ""
    site = Path(first.outdir)
    before = bundle_identities(site)
    assert sorted(before) == ["pages", "y2015", "y2017", "y2019", "y2021"]
    # new posts of 2017: its year re-indexed, and those whose pages changed (the other pages,
    # whose lists grew; 2019's post, whose "previous" line now names one of them); 2015, 2021 kept
    (seeds / november_2017.name).write_bytes(november_2017.read_bytes())
    again, warnings = build(src, seeds=seeds, parallel=2, **one_a_year)
    assert warnings == ""
    after = bundle_identities(site)
    assert after["y2015"] == before["y2015"] and after["y2021"] == before["y2021"]
    assert after["y2017"] != before["y2017"]
    assert PROBATION_JOBS in {url for url, page in fragments(site).items() if page["bundle"] == "y2017"}
    # a year without posts any more: its bundle goes, from the folder and the search page
    (seeds / february_2019.name).unlink()
    last, warnings = build(src, seeds=seeds, parallel=2, **one_a_year)
    assert warnings == ""
    assert sorted(bundle_identities(site)) == ["pages", "y2015", "y2017", "y2021"]
    assert "y2019" not in (site / "search.html").read_text(encoding="utf-8")
    assert BROKEN not in fragments(site)
    assert not (Path(last.doctreedir) / "pagefind" / "y2019.json").exists()


@pytest.mark.slow
def test_past_years_share_a_bundle_and_tomorrows_post_remakes_only_its_year(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    src = copy_docs(tmp_path / "docs")
    first, warnings = build(src, seeds=seeds, parallel=2)
    assert warnings == ""
    site = Path(first.outdir)
    before = bundle_identities(site)
    assert sorted(before) == ["pages", "y2015-2019", "y2021"]  # 2021: the last year with posts
    # tomorrow's post, in the current year: the past's bundle is kept
    (seeds / "005_tomorrow.txt").write_text("Thursday, 8 April 2021\n\nTomorrow's Post\n\n"
                                            "Chris Grayling wrote again about omnishambles.\n", encoding="utf-8")
    again, warnings = build(src, seeds=seeds, parallel=2)
    assert warnings == ""
    after = bundle_identities(site)
    assert sorted(after) == ["pages", "y2015-2019", "y2021"]
    assert after["y2015-2019"] == before["y2015-2019"] and after["y2021"] != before["y2021"]
    assert "/2021/04/tomorrows-post.html" in {u for u, p in fragments(site).items() if p["bundle"] == "y2021"}
    # no post of 2021 any more: 2019 is the current year, alone; the groups that were go
    for seed in seeds.glob("*.txt"):
        if "2021" in seed.read_text(encoding="utf-8").split("\n", 1)[0]:
            seed.unlink()
    last, warnings = build(src, seeds=seeds, parallel=2)
    assert warnings == ""
    assert sorted(bundle_identities(site)) == ["pages", "y2015-2017", "y2019"]
    page = (site / "search.html").read_text(encoding="utf-8")
    assert "y2015-2017" in page and "y2015-2019" not in page and "y2021" not in page
    assert sorted(p.name for p in (Path(last.doctreedir) / "pagefind").glob("*.json")) == \
        ["pages.json", "y2015-2017.json", "y2019.json"]


# -- in a browser ----------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    assert errors == []
    context.close()


def results(page, query: str, server: str) -> list[dict[str, str]]:
    page.goto(f"{server}search.html?q={query}")
    page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=20_000)
    # every result shown has loaded (before, Pagefind shows ". . ." placeholders without a link)
    page.wait_for_function("() => [...document.querySelectorAll('li.pagefind-ui__result')]"
                           ".every(li => li.querySelector('a.pagefind-ui__result-link'))", timeout=20_000)
    return page.eval_on_selector_all(
        "li.pagefind-ui__result",
        """items => items.map(li => ({
            title: li.querySelector('.pagefind-ui__result-title').innerText,
            href: li.querySelector('a.pagefind-ui__result-link').getAttribute('href'),
            text: li.innerText}))""",
    )


@pytest.mark.slow
def test_the_search_page_links_results_to_the_paragraph(server: str, page) -> None:
    found = results(page, "omnishambles", server)
    jobs = next(r for r in found if r["title"] == "Probation Jobs")
    assert jobs["href"].endswith("/2017/11/probation-jobs.html#p2"), jobs
    assert "Paragraph 2: " in jobs["text"] and "omnishambles" in jobs["text"] and "17 November 2017" in jobs["text"]
    for chrome in ("Home ›", "Cite this", "Pinpoints"):
        assert chrome not in jobs["text"]
    page.click(f"a[href='{jobs['href']}']")
    page.wait_for_url("**/probation-jobs.html#p2")
    assert page.evaluate("() => document.querySelector(':target').id") == "p2"


@pytest.mark.slow
def test_a_word_of_a_comment_links_to_the_comment(server: str, page) -> None:
    found = results(page, "wanton", server)
    assert found[0]["href"].endswith(BROKEN + "#c9-1"), found


@pytest.mark.slow
def test_posts_about_a_word_outrank_short_pages_that_name_it(server: str, page) -> None:
    found = results(page, "grayling", server)
    # His own page may come first (as an organisation's does for its name: see the
    # Napo test); then posts, before the organisation pages that only name him.
    others = [r for r in found if r["href"] != "/people/chris-grayling.html"]
    assert found.index(others[0]) <= 1, found
    assert re.search(r"/\d{4}/\d\d/[^/]+\.html#[pc]\d", others[0]["href"]), others[0]


@pytest.mark.slow
def test_an_organisation_page_comes_first_and_filters_are_offered(server: str, page) -> None:
    found = results(page, "Napo", server)
    assert found[0]["title"].startswith("Napo"), [r["title"] for r in found]
    page.wait_for_selector("input[type=checkbox]", state="attached")
    labels = page.eval_on_selector_all("fieldset label, .pagefind-ui__filter-panel label", "ls => ls.map(l => l.innerText)")
    assert any(label.startswith("2019") for label in labels), labels


@pytest.mark.slow
def test_opened_from_a_folder_the_page_explains(site: Path, page) -> None:
    page.goto((site / "search.html").as_uri() + "?q=grayling")
    message = page.locator("#search-offline")
    assert message.is_visible()
    assert "make serve" in message.inner_text()
    assert page.locator("#search-offline a[href='timeline.html']").count() == 1


@pytest.mark.slow
def test_a_bundle_without_the_word_adds_no_made_up_match(server: str, page) -> None:
    """Pagefind answers a bundle that lacks a word with the word's longest
    indexed prefix ("wanton" -> "want"); the search page asks only the
    bundles holding the word, so one post matches, as with one index."""
    page.goto(f"{server}search.html?q=wanton")
    page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=20_000)
    page.wait_for_function("() => /result/.test(document.querySelector('.pagefind-ui__message').textContent)")
    assert page.inner_text(".pagefind-ui__message") == "1 result for wanton"
    assert page.locator("li.pagefind-ui__result").count() == 1


def filter_names(site: Path, urls: list[str]) -> set[bytes]:
    """The filters whose files were fetched (each file holds one filter, named in it)."""
    names = set()
    for url in urls:
        raw = gzip.decompress((site / url.split("/", 3)[3].split("?")[0]).read_bytes())
        names |= {name for name in (b"year", b"organisation") if name in raw}
    return names


@pytest.mark.slow
def test_filter_counts_are_summed_across_bundles(site: Path, server: str, page) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: r.url.endswith(".pf_filter") and fetched.append(r.url))
    results(page, "grayling", server)
    page.wait_for_function("() => /result/.test(document.querySelector('.pagefind-ui__message').textContent)")
    # the year's counts come with the results; the organisation filter's files wait to be asked for
    assert filter_names(site, fetched) == {b"year"}
    page.wait_for_selector("input[id^='year-']", state="attached")
    assert page.locator("input[id^='organisation-']").count() == 0
    page.click("#search-organisations")
    page.wait_for_selector("input[id^='organisation-']", state="attached", timeout=20_000)
    assert filter_names(site, fetched) == {b"year", b"organisation"}
    assert page.locator("#search-organisations").is_hidden()
    boxes = page.eval_on_selector_all("input[type=checkbox]", "bs => bs.map(b => [b.id, b.closest('div').innerText])")
    years = {id_.removeprefix("year-"): text for id_, text in boxes if id_.startswith("year-")}
    # each year's count is the posts of that year with the word (years in one bundle or in several)
    expected = {year: sum(1 for p in fragments(site).values() if p["filters"].get("year") == [year]
                          and "grayling" in p["content"].casefold()) for year in years}
    assert sum(expected.values()) >= 3
    assert {year: re.search(r"\((\d+)\)", text)[1] for year, text in years.items()} == \
        {year: str(n) for year, n in expected.items()}
    organisations = [id_.removeprefix("organisation-") for id_, _ in boxes if id_.startswith("organisation-")]
    assert organisations == sorted(organisations, key=str.casefold) or organisations == sorted(organisations)
    # and each organisation's count, fetched late, is that of one index: the pages naming it and the word
    shown = {text.rsplit("(", 1)[0].strip(): int(re.search(r"\((\d+)\)", text)[1])
             for id_, text in boxes if id_.startswith("organisation-")}
    counted = {name: sum(1 for p in fragments(site).values() if name in p["filters"].get("organisation", [])
                         and "grayling" in p["content"].casefold()) for name in shown}
    assert shown == counted and sum(counted.values()) >= 3
    assert not any(id_.startswith("bundle") for id_, _ in boxes)  # the wrapper's own filter is hidden
