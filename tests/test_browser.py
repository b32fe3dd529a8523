"""What a reader sees, in a real browser: headless Chromium driven by Playwright.

The site is built, served on 127.0.0.1, and looked at: the home page shows
posts, a post shows numbered paragraphs and its thread, following a
``#c4-1`` link scrolls to the reply, search finds a word of a seed, and no
page logs an error. axe-core finds no violation on five kinds of page, in
light and dark mode, on a desktop and on a 390 px phone; on the phone no page
scrolls sideways and the post is on the first screen. Screenshots are kept in
``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import ROOT
from jstools import AXE, CHROMIUM, NODE, installed

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed; .ci/run installs it"),
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(seed_site_url: str) -> str:
    return seed_site_url


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
    # a result's link exists once its fragment has loaded (before, Pagefind shows ". . ." placeholders)
    page.wait_for_selector("a.pagefind-ui__result-link[href$='probation-jobs.html#p2']", timeout=30_000)
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


# -- Accessibility (issue 12): axe-core, the phone layout, descriptions -----

POST = "2019/02/if-only-probation-wasnt-broken.html"  # 20 comments: the longest thread
AXE_PAGES = {"home": "index.html", "post": POST, "organisation": "organisations/nps.html",
             "timeline": "timeline.html", "search": "search.html?q=probation"}
# Pagefind's page: results shown, and its message says how many
SEARCH_RESULTS = ".pagefind-ui__result-excerpt"
SEARCH_DONE = "() => /result/.test((document.querySelector('.pagefind-ui__message') || {}).textContent || '')"
MODES = {  # name: (viewport width, height, colour scheme)
    "light": (1280, 900, "light"),
    "dark": (1280, 900, "dark"),
    "phone": (390, 844, "light"),
    "phone-dark": (390, 844, "dark"),
}
needs_axe = pytest.mark.skipif(NODE is None, reason="node is not installed (npm ci fetches axe-core); .ci/run installs it")


@pytest.fixture(params=list(MODES))
def mode_page(request, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    width, height, scheme = MODES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.mode = request.param
    yield page
    context.close()


def open_page(page, server: str, path: str) -> None:
    page.goto(server + path)
    if path.startswith("search.html"):  # every result shown, not the first few
        page.wait_for_selector(SEARCH_RESULTS, timeout=20_000)
        page.wait_for_function(SEARCH_DONE, timeout=20_000)


@needs_axe
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_violation(server: str, mode_page, name: str) -> None:
    """Every rule axe runs by default: WCAG 2.0-2.2 A and AA, and best practices."""
    installed(AXE)
    page = mode_page
    open_page(page, server, AXE_PAGES[name])
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        rule: v.id, impact: v.impact, nodes: v.nodes.length,
        first: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(0, 2).join(' '))
    }))""")
    if name in ("home", "post"):
        page.screenshot(path=str(ARTIFACTS / f"{name}-{page.mode}.png"))
    assert violations == [], violations


@pytest.mark.parametrize("path", ["index.html", "citing.html", POST, "organisations/nps.html", "timeline.html",
                                  "changes.html", "search.html?q=probation"])
def test_phone_pages_do_not_scroll_sideways(server: str, browser, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_page(page, server, path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("path", ["index.html", POST])
def test_phone_opens_on_the_text_with_navigation_after_it(server: str, browser, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + path)
    title = page.locator("div.body h1").bounding_box()
    assert title is not None and title["y"] >= 0 and title["y"] + title["height"] <= 844 / 2
    if path == POST:  # and the post's first paragraph starts on the first screen too
        assert page.locator("#p1").bounding_box()["y"] < 844
    navigation = page.locator("nav.archive-nav").bounding_box()
    assert navigation["y"] > page.locator("div.body").bounding_box()["y"] + 844  # after the text
    page.click("header.site-header a.menu-link")  # the header's Menu link jumps to it
    page.wait_for_function("() => window.scrollY > 0 && "
                           "document.querySelector('#site-nav').getBoundingClientRect().top < innerHeight / 2")
    search = page.locator("#searchbox input[name=q]").bounding_box()
    assert search is not None and 0 <= search["y"] < 844
    context.close()


def test_meta_descriptions(server: str, page) -> None:
    page.goto(server + POST)
    description = page.locator('meta[name="description"]').get_attribute("content")
    first = page.evaluate("""() => { const p = document.getElementById('p1').cloneNode(true);
        p.querySelectorAll('.paranum').forEach(n => n.remove()); return p.textContent.trim(); }""")
    assert 100 <= len(description) <= 160 and description.endswith("…")
    assert first.startswith(description[:-1].rstrip())  # the first words of the post
    page.goto(server + "index.html")
    assert "probation service in England and Wales" in page.locator('meta[name="description"]').get_attribute("content")
    assert page.locator('meta[name="viewport"]').count() == 1
