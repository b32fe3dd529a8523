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

from onprobation_ext import search
from sitebuild import build_seed_site

PROBATION_JOBS = "/2017/11/probation-jobs.html"
BROKEN = "/2019/02/if-only-probation-wasnt-broken.html"
PINPOINT = re.compile(r"^(?:p\d+|c\d+(?:-\d+)*)$")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return Path(build_seed_site(tmp_path_factory.mktemp("search")).outdir)


def fragments(site: Path) -> dict[str, dict]:
    pages = {}
    for file in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(file.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        page = json.loads(raw[len(b"pagefind_dcd"):])
        pages[page["url"]] = page
    return pages


def pinpoint(page: dict, word: str) -> str:
    """What search.js does: the paragraph or comment anchor before the word's first hit."""
    words = page["content"].split()
    at = next(i for i, w in enumerate(words) if word in w.casefold())
    anchors = sorted((a for a in page["anchors"] if PINPOINT.match(a["id"])), key=lambda a: a["location"])
    return [a["id"] for a in anchors if a["location"] <= at][-1]


@pytest.mark.slow
def test_the_pagefind_index_replaces_sphinx_search(site: Path) -> None:
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (site / "pagefind" / name).is_file(), name
    assert not (site / "searchindex.js").exists()
    assert not (site / "_static" / "searchtools.js").exists()
    assert not (site / "pagefind.tmp").exists()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'src="pagefind/pagefind-ui.js"' in page and 'src="_static/search.js"' in page
    assert "searchindex" not in page and "searchtools" not in page
    assert "Search needs the site to be served" in page  # shown when opened from a folder


@pytest.mark.slow
def test_a_post_is_indexed_with_only_the_blogs_words(site: Path) -> None:
    pages = fragments(site)
    jobs = pages[PROBATION_JOBS]
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
    filters = b"".join(gzip.decompress(f.read_bytes()) for f in (site / "pagefind" / "filter").glob("*"))
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


def test_a_failing_indexer_is_a_warning(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(search, "pagefind_executable", lambda: shutil.which("false"))
    with caplog.at_level(logging.WARNING):
        assert search.run_pagefind(tmp_path) is None
    assert "search: Pagefind failed (exit 1)" in caplog.text
    monkeypatch.setattr(search, "pagefind_executable", lambda: None)
    with caplog.at_level(logging.WARNING):
        assert search.run_pagefind(tmp_path) is None
    assert "the Pagefind binary is not installed" in caplog.text


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
