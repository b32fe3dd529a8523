"""What a reader sees, in a real browser: headless Chromium driven by Playwright.

The site is built, served on 127.0.0.1, and looked at: the home page shows
posts, a post shows numbered paragraphs and its thread, following a
``#c4-1`` link scrolls to the reply, search finds a word of a seed, and no
page logs an error. Screenshots are kept in ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from sitebuild import build_seed_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed; .ci/run installs it"),
]
ARTIFACTS = ROOT / "test-artifacts"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    app = build_seed_site(tmp_path_factory.mktemp("browser"), html_baseurl="https://archive.example/")
    handler = functools.partial(QuietHandler, directory=str(app.outdir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(f"{m.text} {m.location}"))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert page.errors == [], page.errors
    context.close()


def test_home_page_shows_the_latest_posts(server: str, page) -> None:
    page.goto(server + "index.html")
    items = page.locator("ul.latest-posts li")
    assert items.count() == 10
    assert "Become a Probation Officer?" in items.first.inner_text()
    assert page.locator("form.home-search input[name=q]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)


def test_post_page_shows_numbered_paragraphs_and_thread(server: str, page) -> None:
    page.goto(server + "2019/02/if-only-probation-wasnt-broken.html")
    numbers = page.locator("span.paranum")
    assert numbers.count() > 10 and numbers.first.is_visible() and numbers.first.inner_text() == "1"
    assert page.locator("div.thread div.comment").count() == 20
    assert page.locator("#c4-1 span.commentnum").inner_text() == "4.1"
    assert page.locator("abbr[title='National Probation Service']").count() > 0
    page.screenshot(path=str(ARTIFACTS / "post.png"), full_page=True)


def test_following_a_comment_pinpoint_scrolls_to_the_reply(server: str, page) -> None:
    page.goto(server + "citing.html")
    page.click("a[href$='if-only-probation-wasnt-broken.html#c4-1']")
    page.wait_for_url("**/if-only-probation-wasnt-broken.html#c4-1")
    reply = page.locator("#c4-1")
    page.wait_for_function("() => document.querySelector('#c4-1').getBoundingClientRect().top < 300")
    box = reply.bounding_box()
    assert box is not None and 0 <= box["y"] < 300  # at the top of the window
    assert page.evaluate("() => document.querySelector(':target').id") == "c4-1"
    page.screenshot(path=str(ARTIFACTS / "reply-c4-1.png"))


def test_search_finds_a_word_of_a_seed(server: str, page) -> None:
    page.goto(server + "search.html?q=omnishambles")
    page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=20_000)
    results = page.locator("li.pagefind-ui__result").all_inner_texts()
    assert any("Probation Jobs" in r for r in results), results
    assert page.locator("a.pagefind-ui__result-link[href$='probation-jobs.html#p2']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "search.png"))


def test_organisation_page_and_dark_mode(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(server + "organisations/nps.html")
    assert page.locator("figure.chart svg rect").count() >= 4
    assert page.locator("ul.backlinks li").count() == 17
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(28, 31, 34)"
    page.screenshot(path=str(ARTIFACTS / "nps-phone-dark.png"), full_page=True)
    context.close()
