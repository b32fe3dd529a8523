"""The MyST page of a post from Blogger's formats: its fields, its comments, replies at any depth."""

from __future__ import annotations

import datetime as dt

from onprobation.model import Comment, Post, Problem
from onprobation.pages import post_page, redirect_page

UTC = dt.timezone(dt.timedelta(hours=1))


def rich() -> Post:
    deep = Comment(line=9, html="Deepest <i>reply</i>.", author="Ann", blogger_id="3",
                   published=dt.datetime(2019, 2, 23, 8, 5, 59, tzinfo=UTC))
    reply = Comment(line=8, html="A reply.", author="Bob", author_url="https://bob.example/",
                    blogger_id="2", replies=[deep], published=dt.datetime(2019, 2, 23, 7, 0, tzinfo=UTC))
    removed = Comment(line=10, html="This comment has been removed by the author.", removed=True,
                      author="Anonymous", blogger_id="4", published=dt.datetime(2019, 2, 23, 9, 0, tzinfo=UTC))
    first = Comment(line=7, html="First <a href='javascript:x()'>comment</a>.", author="Anonymous", blogger_id="1",
                    permalink="https://blog.example/2019/02/p.html?showComment=1#c1", replies=[reply],
                    published=dt.datetime(2019, 2, 22, 22, 30, tzinfo=UTC))
    post = Post(file="export.xml", line=5, date=dt.date(2019, 2, 22), date_text="", title="A Post",
                html="<p>Hello <b>world</b>.</p>", comments=[first, removed], format="export",
                entry_id="tag:blogger.com,1999:blog-1.post-42", blogger_id="42", permalink="2019/02/a-post",
                labels=["Napo", "TR"], author="Jim Brown",
                published=dt.datetime(2019, 2, 22, 9, 41, tzinfo=UTC),
                updated=dt.datetime(2019, 2, 23, 10, 0, tzinfo=UTC))
    post.slug = "a-post"
    return post


def test_front_matter_and_meta_line() -> None:
    page = post_page(rich(), None, None)
    assert 'author: "Jim Brown"' in page and 'published: "2019-02-22T09:41+01:00"' in page
    assert 'labels: ["Napo", "TR"]' in page and 'blogger_id: "42"' in page and 'format: "export"' in page
    assert "Friday 22 February 2019\\, 09\\:41 · by Jim Brown · updated 23 February 2019\\, 10\\:00" in page
    assert "Labels\\: Napo\\, TR" in page
    assert "Source\\: export\\.xml\\, entry tag\\:blogger\\.com\\,1999\\:blog\\-1\\.post\\-42" in page
    assert "Hello {strong}`world`\\." in page


def test_comments_authors_times_permalinks_removed_and_deep_replies() -> None:
    problems: list[Problem] = []
    page = post_page(rich(), None, None, problems=problems)
    assert "First comment\\." in page  # the javascript: link's text kept, the link dropped
    assert [str(p) for p in problems] == [
        "export.xml:7: dropped a link to 'javascript:x()' (not http, https or mailto); its text is kept"]
    assert "Anonymous · 22 February 2019\\, 22\\:30 · [original](<https\\:\\/\\/blog\\.example" in page
    assert "[Bob](<https\\:\\/\\/bob\\.example\\/>)" in page
    assert "Ann · 23 February 2019\\, 08\\:05" in page  # to the minute
    assert "This comment has been removed\n" in page and "by the author" not in page
    # three levels of comment containers, each fence longer than what it holds
    assert page.count("{container} comment reply") == 2 and page.count("{container} replies") == 2


def test_text_posts_get_no_rich_fields() -> None:
    post = Post(file="a.txt", line=1, date=dt.date(2019, 2, 22), date_text="", title="T")
    post.slug = "t"
    page = post_page(post, None, None)
    assert "author:" not in page and "Source\\:" not in page


def test_redirect_page() -> None:
    page = redirect_page("2019/02/old-slug", rich())
    assert "orphan: true" in page and "nosearch: true" in page and 'redirect: "2019/02/a-post"' in page
    assert ":::{redirect} 2019/02/a-post\n\n:::" in page
    assert "[2019\\/02\\/a\\-post\\.html](a\\-post\\.md)" in page
