"""Atom feeds (RFC 4287, as the W3C validator checks them) and absolute URLs
under both HTML builders, built twice in one process."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from sitebuild import build_seed_site

pytestmark = pytest.mark.slow
BASE = "https://archive.example/sub/"
POST = "2019/02/if-only-probation-wasnt-broken"
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The seed site with the html builder, then (in the same process) with dirhtml."""
    folder = tmp_path_factory.mktemp("urls")
    return {builder: Path(build_seed_site(folder / builder, builder, html_baseurl=BASE).outdir)
            for builder in ("html", "dirhtml")}


def feeds(site: Path) -> list[Path]:
    return [site / "feed.xml", *sorted((site / "organisations").glob("*.xml"))]


def atom_problems(path: Path) -> list[str]:
    """What the W3C feed validator would reject under RFC 4287."""
    problems = []
    root = ET.parse(path).getroot()

    def need(element: ET.Element, tag: str, where: str) -> ET.Element | None:
        found = element.find(f"{A}{tag}")
        if found is None or not ((found.text or "").strip() or tag in ("author", "link")):
            problems.append(f"{where}: no {tag}")
        return found

    if root.tag != f"{A}feed":
        return [f"root is {root.tag}"]
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != "en-GB":
        problems.append("feed: no xml:lang en-GB")
    for tag in ("id", "title", "updated"):
        need(root, tag, "feed")
    author = need(root, "author", "feed")
    if author is not None and not author.findtext(f"{A}name"):
        problems.append("feed: author has no name")
    if not [l for l in root.findall(f"{A}link") if l.get("rel") == "self" and l.get("href")]:
        problems.append("feed: no self link")
    ids = []
    entries = root.findall(f"{A}entry")
    if not entries:
        problems.append("feed: no entry")
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        ids.append(entry.findtext(f"{A}id"))
        for tag in ("id", "title", "updated"):
            need(entry, tag, where)
        if not [l for l in entry.findall(f"{A}link") if l.get("rel", "alternate") == "alternate"]:
            problems.append(f"{where}: no alternate link")
        content = need(entry, "content", where)
        if content is not None and content.get("type") != "html":
            problems.append(f"{where}: content type {content.get('type')}")
        for tag in ("updated", "published"):
            value = entry.findtext(f"{A}{tag}")
            if value is not None and not RFC3339.match(value):
                problems.append(f"{where}: {tag} {value!r} is not RFC 3339")
    if not RFC3339.match(root.findtext(f"{A}updated") or ""):
        problems.append("feed: updated is not RFC 3339")
    if len(set(ids)) != len(ids):
        problems.append("entry ids repeat")
    return problems


def exists(site: Path, url: str) -> bool:
    """Whether an absolute address of the site names a file of the build."""
    assert url.startswith(BASE), url
    path = urlsplit(url).path[len(urlsplit(BASE).path):]
    return (site / path / "index.html").is_file() if path.endswith("/") or not path else (site / path).is_file()


def test_two_builds_in_one_process_write_the_default_namespace(sites: dict[str, Path]) -> None:
    for site in sites.values():
        for path in [*feeds(site), site / "sitemap.xml"]:
            data = path.read_bytes()
            assert b"ns0:" not in data and b"xmlns:ns" not in data, path
        assert b'<feed xmlns="http://www.w3.org/2005/Atom"' in (site / "feed.xml").read_bytes()
        assert b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in (site / "sitemap.xml").read_bytes()


def test_feeds_are_valid_atom_with_content(sites: dict[str, Path]) -> None:
    site = sites["html"]
    for path in feeds(site):
        assert atom_problems(path) == [], path
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.language == "en-GB"
        for entry in parsed.entries:
            (content,) = entry.content
            assert content.type == "text/html" and "<p>" in content.value
            assert exists(site, entry.link)
    # the whole body of a post: every numbered paragraph, without its number
    (entry,) = [e for e in feedparser.parse(site / "feed.xml").entries if e.link == f"{BASE}{POST}.html"]
    text = "".join(unescape(re.sub(r"<[^>]+>", "", entry.content[0].value)).split())
    page = re.sub(r'<span class="archived[^>]*>.*?</a>\]</span>', "",  # decoration, not text
                  (site / f"{POST}.html").read_text(encoding="utf-8"))
    paragraphs = re.findall(r'<p id="p\d+">\s*<span class="paranum[^>]*>.*?</span>(.*?)</p>', page, re.S)
    assert len(paragraphs) == 13
    for paragraph in paragraphs:
        assert "".join(unescape(re.sub(r"<[^>]+>", "", paragraph)).split()) in text, paragraph[:80]
    assert "Citethispost" not in text and "DurhamTeesValleyCRChasjustwon" not in text  # nor the box nor the thread


def test_only_organisations_that_posts_mention_have_feeds(sites: dict[str, Path]) -> None:
    site = sites["html"]
    pages = sorted(p for p in (site / "organisations").glob("*.html") if p.name != "index.html")
    with_feed = [p for p in pages if (p.with_suffix(".xml")).exists()]
    assert 0 < len(with_feed) < len(pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        advertised = f'href="{BASE}organisations/{page.stem}.xml"' in html
        assert advertised == page.with_suffix(".xml").exists(), page
        if not advertised:
            assert "No post in the archive mentions it yet." in html


def test_dirhtml_urls_point_at_pages_that_exist(sites: dict[str, Path]) -> None:
    site = sites["dirhtml"]
    page = (site / POST / "index.html").read_text(encoding="utf-8")
    url = f"{BASE}{POST}/"
    assert f'<link rel="canonical" href="{url}" />' in page
    assert f'<meta name="citation_public_url" content="{url}" />' in page
    assert f"&lt;{url}&gt;" in page or f"<{url}>" in unescape(page)  # the reference in Cite this
    assert ".html" not in re.sub(r"probationmatters\.blogspot\.com/\S+?\.html", "", " ".join(
        re.findall(r'(?:content|href)="(https://archive\.example/[^"]*)"', page)))
    for path in feeds(site):
        assert atom_problems(path) == [], path
        root = ET.parse(path).getroot()
        for link in root.iter(f"{A}link"):
            if link.get("rel") == "alternate":
                assert exists(site, link.get("href", "")), (path, link.get("href"))
    links = json.loads((site / "links.json").read_text(encoding="utf-8"))
    assert links and all(exists(site, link["page"].split("#")[0]) for link in links)
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert all(exists(site, loc.text or "") for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
