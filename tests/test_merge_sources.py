"""One post from a text dump and from Blogger's formats: matched, merged, conflicts reported,
the blog's own permalink taken (the old address redirecting)."""

from __future__ import annotations

import copy
import datetime as dt

from conftest import parse
from onprobation.convert import assign_slugs, merge, merge_sources, permalink_moves
from onprobation.model import Comment, Line, Post, Problem
from richposts import rich_post

DUMP = """
    Friday, 17 November 2017

    Probation Jobs

    First paragraph about the NPS.
    Second paragraph, with more.

    2 comments:

      1. A first comment.

        ReplyDelete
        Replies

        1. A reply to it.

          Delete
"""


def text_post() -> Post:
    (post,), problems = parse(DUMP)
    assert problems == []
    assign_slugs([post])
    return post


def test_text_and_export_become_one_post_with_the_html_body() -> None:
    text = text_post()
    rich = rich_post(text, "p")
    rich.file = "export.xml"
    problems: list[Problem] = []
    (post,) = merge(merge_sources([text, rich], problems), problems)
    assert problems == []
    assert post.html == rich.html and post.blogger_id == rich.blogger_id and post.author == "Jim Brown"
    assert post.comment_count == 2 and post.comments[0].author and post.comments[0].replies[0].html


def test_matched_by_blogger_id_even_when_the_titles_differ() -> None:
    text = text_post()
    export = rich_post(text, "br")
    feed = copy.copy(export)
    feed.title = "Probation jobs (edited)"
    feed.format = "feed"
    problems: list[Problem] = []
    assert len(merge_sources([export, feed], problems)) == 1


def test_a_real_conflict_is_reported_and_the_richer_text_kept() -> None:
    text = text_post()
    rich = rich_post(text, "div")
    rich.html = "<div>Something else entirely.</div>"
    problems: list[Problem] = []
    (post,) = merge_sources([text, rich], problems)
    assert post.html == rich.html
    assert [p.message for p in problems] == [
        f"the same post as {rich.file}:{rich.line} (export) but different text; kept the text of the richer source"]


def test_a_truncated_text_is_no_conflict() -> None:
    text = text_post()
    rich = rich_post(text, "br")
    text.body = text.body[:1] + [Line(9, "Second parag")]
    problems: list[Problem] = []
    merge_sources([text, rich], problems)
    assert problems == []


def test_comments_are_the_union() -> None:
    text = text_post()
    rich = rich_post(text, "br")
    extra = Comment(line=50, html="A later comment from the feed.", author="Anonymous", blogger_id="999",
                    published=dt.datetime(2017, 11, 18, 8, 0, tzinfo=dt.timezone.utc))
    rich.comments.append(extra)
    reply = Comment(line=51, html="Reply to the first.", author="Ann", blogger_id="998",
                    published=dt.datetime(2017, 11, 18, 9, 0, tzinfo=dt.timezone.utc))
    rich.comments[0].replies.append(reply)
    problems: list[Problem] = []
    (post,) = merge_sources([text, rich], problems)
    assert problems == []
    assert post.comment_count == 4
    assert [c.html for c in post.comments[0].replies] == ["A reply to it.", "Reply to the first."]
    # the text thread's comments were matched by their text, not added twice
    assert post.comments[0].lines[0].text == "A first comment."


def test_the_blogs_permalink_wins_and_the_old_path_redirects() -> None:
    text = text_post()
    rich = rich_post(text, "br")
    rich.permalink = "2017/11/probation-jobs-at-last"
    problems: list[Problem] = []
    (post,) = merge_sources([text, rich], problems)
    assign_slugs([post])
    assert post.path == "2017/11/probation-jobs-at-last"
    assert permalink_moves([post]) == {"2017/11/probation-jobs": "2017/11/probation-jobs-at-last"}


def test_a_permalink_of_another_month_is_not_taken() -> None:
    rich = rich_post(text_post(), "br")
    rich.permalink = "2018/01/elsewhere"
    problems: list[Problem] = []
    assign_slugs([rich], problems)
    assert rich.path == "2017/11/probation-jobs" and permalink_moves([rich]) == {}
    assert [p.message for p in problems] == [
        "permalink '2018/01/elsewhere' does not fit the post's date; kept 2017/11/probation-jobs"]


def test_no_two_posts_share_a_path_when_a_permalink_takes_a_computed_one() -> None:
    """Three posts of one day titled alike: a permalink claims the first's path, which
    moves with the _DD rule onto the second's; each still gets a path of its own."""
    posts = []
    for words, permalink in (("First text.", ""), ("Second text.", ""), ("Third text.", "2017/11/probation-jobs")):
        post = rich_post(text_post(), "br")
        post.html, post.permalink, post.blogger_id = words, permalink, words
        posts.append(post)
    assign_slugs(posts)
    paths = [p.path for p in posts]
    assert len(set(paths)) == 3 and posts[2].path == "2017/11/probation-jobs", paths
