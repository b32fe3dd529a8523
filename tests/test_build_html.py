"""End-to-end: the seeds build into a site with no warning, losing no word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS
from htmltext import main_text, missing_words, words
from onprobation.convert import read, seed_files
from onprobation.dates import weekday_date
from onprobation.decode import decode
from onprobation.parse import COMMENTS_LINE, parse_text
from onprobation.structure import SEPARATOR
from sitebuild import build_seed_site

pytestmark = pytest.mark.slow
CONTROL = {"ReplyDelete", "Replies", "Delete"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_seed_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site(built) -> Path:
    return Path(built.outdir)


def segments():
    """Each post's own lines of its dump (date line to the next post), control words removed.

    Separator lines (``--oo00oo--``) become rules and are left out too.
    Yields the header words (date line and title, which the page shows as
    title then date) and the words of everything after them, in order.
    """
    for path in seed_files(SEEDS):
        text, _ = decode(path.read_bytes(), path.name)
        lines = text.split("\n")
        posts, _ = parse_text(text, path.name)
        for post, following in zip(posts, [*posts[1:], None]):
            end = following.line - 1 if following else len(lines)
            kept = [
                line for line in lines[post.line - 1 : end]
                if line.strip() not in CONTROL
                and not COMMENTS_LINE.match(line.strip())
                and not SEPARATOR.match(line.strip())  # drawn as a rule: structure, like ReplyDelete
            ]
            header = words(post.date_text + "\n" + post.title)
            yield post, header, words("\n".join(kept))[len(header) :]


def test_every_word_of_every_post_is_on_its_page(site: Path) -> None:
    corpus = read(seed_files(SEEDS), SEEDS.parent)
    paths = {(p.date, p.title): p.path for p in corpus.posts}
    total = found = 0
    for post, header, expected in segments():
        text, _ = main_text(site / (paths[(post.date, post.title)] + ".html"))
        shown = weekday_date(post.date)
        head, date, rest = text.partition(shown)
        assert words(date) == words(post.date_text), f"{post.file}:{post.line}: date not shown"
        title = words(post.title)
        assert missing_words(title, words(head))[0] == len(title), f"{post.file}:{post.line}: title"
        count, context = missing_words(expected, words(rest))
        assert count == len(expected), f"{post.file}:{post.line}: lost word after {context}"
        total += len(expected)
        found += count
    assert total > 50_000 and found == total


def test_paragraph_and_comment_anchors(site: Path) -> None:
    text, ids = main_text(site / "2019/02/if-only-probation-wasnt-broken.html")
    comments = [i for i in ids if i.startswith("c") and i[1:2].isdigit()]
    assert comments[:6] == ["c1", "c2", "c3", "c4", "c4-1", "c5"]
    assert len(comments) == 20 and "c8-3" in comments and "c9-1" in comments
    paragraphs = [i for i in ids if i.startswith("p") and i[1:].isdigit()]
    assert paragraphs == [f"p{n}" for n in range(1, len(paragraphs) + 1)]
    assert len(paragraphs) > 10


def test_every_post_has_a_label(built) -> None:
    labels = built.env.domains.standard_domain.labels
    docname, _, title = labels["2019-02-if-only-probation-wasnt-broken"]
    assert docname == "2019/02/if-only-probation-wasnt-broken"
    assert title == "If Only Probation Wasn't Broken!"
    posts = built.env.domains["op"].posts
    assert len(posts) == 34
    assert all(labels[post["label"]][0] == docname for docname, post in posts.items())


def test_home_month_and_year_pages(site: Path) -> None:
    home, _ = main_text(site / "index.html")
    assert "Become a Probation Officer?" in home  # the newest post
    month, _ = main_text(site / "2017/11/index.html")
    assert "Probation Jobs" in month and "5 posts" in month
    year, _ = main_text(site / "2021/index.html")
    assert "March 2021" in year and "April 2021" in year
    nav, _ = main_text(site / "2017/11/probation-jobs.html")
    nav = " ".join(nav.split())
    assert "Previous: Another MoJ Disaster 2 · November 2017 · Next: If Only Probation Wasn't Broken!" in nav


def test_pages_do_not_list_the_whole_archive(site: Path) -> None:
    """A post page links to the posts of its own month and to its two
    neighbours, never to the rest of the archive (O(1) per page, not O(n))."""
    page = (site / "2017/11/probation-jobs.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a [^>]*href="(?!#|https?:)([^"#]+)', page))
    posts = {link for link in links if re.search(r"\d{4}/\d\d/(?!index)[^/]+\.html$", link)
             or re.fullmatch(r"(?!index)[^/]+\.html", link) and link not in {"genindex.html", "search.html"}}
    other_months = {link for link in posts if link.startswith("../../")}
    assert other_months == {"../../2019/02/if-only-probation-wasnt-broken.html"}  # the next post
    assert len(posts - other_months) == 4  # the other posts of November 2017 (the previous one among them)


def test_untitled_post_page(site: Path) -> None:
    text, _ = main_text(site / "2015/11/blog-post.html")
    assert "Untitled post of 25 November 2015" in text
