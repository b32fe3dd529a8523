"""Citation on the built pages: metadata, "Cite this", pinpoints, frozen anchors."""

from __future__ import annotations

import json
import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from htmltext import main_text
from sitebuild import build_seed_site

pytestmark = pytest.mark.slow
SNAPSHOT = ROOT / "tests" / "snapshots" / "anchors.json"
POST = "2019/02/if-only-probation-wasnt-broken"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return Path(build_seed_site(tmp_path_factory.mktemp("cite"), html_baseurl="https://archive.example/").outdir)


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property") or "", []).append(a.get("content") or "")
        if tag == "link" and a.get("rel"):
            self.links[a["rel"] or ""] = a.get("href") or ""
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.ld.append(data)
            self._in_ld = False


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_reference_manager_metadata(site: Path) -> None:
    page = head(site / f"{POST}.html")
    url = f"https://archive.example/{POST}.html"
    assert page.meta["citation_title"] == ["If Only Probation Wasn't Broken!"]
    assert page.meta["citation_author"] == ["Jim Brown"]
    assert page.meta["citation_publication_date"] == ["2019/02/22"]
    assert page.meta["citation_public_url"] == [url]
    assert page.meta["prism.genre"] == ["blogentry"] and page.meta["DC.type"] == ["blogPost"]
    assert page.meta["og:url"] == [url] and page.meta["og:type"] == ["article"]
    assert page.links["canonical"] == url
    (ld,) = [json.loads(text) for text in page.ld]
    assert ld["@type"] == "BlogPosting" and ld["datePublished"] == "2019-02-22" and ld["url"] == url
    # one language everywhere it is stated
    assert page.meta["citation_language"] == page.meta["DC.language"] == [ld["inLanguage"]] == ["en-GB"]
    assert "citation_title" not in head(site / "2019/02/index.html").meta  # only posts


def test_cite_this_box(site: Path) -> None:
    text, ids = main_text(site / f"{POST}.html")
    assert "cite" in ids
    text = " ".join(text.split())
    assert ("Jim Brown, ‘If Only Probation Wasn't Broken!’ (On Probation, 22 February 2019) "
            f"<https://archive.example/{POST}.html> accessed") in text
    # BibTeX for classic styles, biblatex, CSL-JSON and RIS
    assert "@misc{2019-02-if-only-probation-wasnt-broken," in text and "year = {2019}" in text
    assert "@online{2019-02-if-only-probation-wasnt-broken," in text and "urldate = {" in text
    assert '"type": "post-weblog"' in text and '"container-title": "On Probation"' in text
    assert "TY - BLOG" in text and "LA - en-GB" in text


def test_post_role_with_pinpoint(site: Path) -> None:
    """citing.html shows the {post} role with the archive's own newest posts."""
    html = (site / "citing.html").read_text(encoding="utf-8")
    assert re.search(r'href="2021/04/become-probation-officer.html#p1"[^>]*><span>Become a Probation Officer\? '
                     r"\(7 April 2021\), para 1</span>", html)
    assert re.search(rf'href="{POST}.html#c(\d+)-(\d+)"[^>]*><span>If Only Probation Wasn\'t Broken! '
                     r"\(22 February 2019\), comment \1\.\2</span>", html)


NUMBER = re.compile(r'<span class="(?:paranum|commentnum)[^"]*"[^>]*>.*?</span>', re.S)


def anchors(path: Path) -> dict[str, str]:
    """Each paragraph and comment anchor of a page, with the first words it holds."""
    # the "[archived]" links added after external links are decoration, not text
    html = re.sub(r'<span class="archived[^"]*"[^>]*>.*?</a>\]</span>', "",
                  path.read_text(encoding="utf-8"))
    found = {}
    for match in re.finditer(r'id="(p\d+|c\d+(?:-\d+)*)"[^>]*>(.*?)</p>', html, re.S):
        text = NUMBER.sub(" ", match[2], count=1)  # the visible number is not text
        # inline markup (a link, an abbreviation) may sit inside a word: "Truss’s"
        words = unescape(re.sub(r"<[^>]+>", "", text)).split()
        found[match[1]] = " ".join(words[:6])
    return found


def test_anchors_of_the_seeds_are_frozen(site: Path) -> None:
    """Any change to a path, label or anchor of the seed corpus is deliberate:
    regenerate with ONPROBATION_UPDATE_SNAPSHOTS=1 and review the diff."""
    current = {}
    for page in sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html")):
        if page.name != "index.html":
            current[page.relative_to(site).as_posix()] = anchors(page)
    if os.environ.get("ONPROBATION_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert len(current) == 34
    assert len([a for a in current[f"{POST}.html"] if a.startswith("c")]) == 20


def test_atom_feeds(site: Path) -> None:
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for path, expected in (("feed.xml", 34), ("organisations/nps.xml", 17)):
        root = ET.parse(site / path).getroot()
        assert root.tag == f"{atom}feed"
        assert root.findtext(f"{atom}id") == f"https://archive.example/{path}"
        assert root.findtext(f"{atom}title") and root.findtext(f"{atom}author/{atom}name") == "Jim Brown"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT12:00:00Z", root.findtext(f"{atom}updated") or "")
        (self_link,) = [l for l in root.findall(f"{atom}link") if l.get("rel") == "self"]
        assert self_link.get("href") == f"https://archive.example/{path}"
        entries = root.findall(f"{atom}entry")
        assert len(entries) == expected
        dates = [e.findtext(f"{atom}updated") for e in entries]
        assert dates == sorted(dates, reverse=True)
        for entry in entries:
            assert entry.findtext(f"{atom}id", "").startswith("https://archive.example/")
            assert entry.findtext(f"{atom}title")
            (link,) = entry.findall(f"{atom}link")
            assert link.get("href") == entry.findtext(f"{atom}id") and (site / link.get("href")[24:]).exists()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Latest posts" href="https://archive.example/feed.xml"' in page
