"""The parser on small dumps written here, one feature each (brief section 2)."""

import datetime as dt

from conftest import parse

ARCHIVE = """
Friday, 17 November 2017

Second Post

Body of the second post.

Thursday 16 November 2017

First Post

Body line one.
Body line two.
"""


def test_archive_page_has_posts_newest_first() -> None:
    posts, problems = parse(ARCHIVE)
    assert problems == []
    assert [(p.date, p.title, p.line) for p in posts] == [
        (dt.date(2017, 11, 17), "Second Post", 1),
        (dt.date(2017, 11, 16), "First Post", 7),
    ]
    assert [line.text for line in posts[1].body] == ["Body line one.", "Body line two."]
    assert posts[1].words == 6


def test_untitled_post() -> None:
    posts, _ = parse("Wednesday, 25 November 2015\n\n\nOn the day that...\n")
    assert posts[0].title == ""
    assert posts[0].body[0].text == "On the day that..."


def test_reproduced_post_does_not_split_the_host() -> None:
    posts, problems = parse(
        """
        Friday, 2 April 2021

        Host

        This from the archives:-

        Tuesday, 13 August 2019

        Latest From Napo 193

        Old text.
        """
    )
    assert problems == []
    assert len(posts) == 1
    assert [line.text for line in posts[0].body if line.text][-3:] == [
        "Tuesday, 13 August 2019",
        "Latest From Napo 193",
        "Old text.",
    ]


def test_a_post_cut_off_after_its_intro_does_not_swallow_the_next() -> None:
    posts, _ = parse(
        "Saturday, 1 January 2011\n\nSecond\n\nSome of the comments are belters:-\n\n\n"
        "Saturday, 1 January 2011\n\nFirst\n\nText.\n"
    )
    assert [p.title for p in posts] == ["Second", "First"]


def test_an_old_post_quoted_without_the_word_archives_is_kept_inside() -> None:
    posts, _ = parse("Friday, 2 April 2021\n\nHost\n\nAs I wrote then:-\n\nTuesday, 13 August 2019\n\nOld\n")
    assert len(posts) == 1


def test_date_later_than_its_page_is_body_text() -> None:
    posts, _ = parse("Monday, 13 November 2017\n\nTitle\n\nText\nFriday, 17 November 2017\nMore\n")
    assert len(posts) == 1


def test_impossible_date_is_reported_and_kept() -> None:
    posts, problems = parse("Friday, 17 November 2017\n\nT\n\nSaturday, 31 February 2018\n")
    assert len(posts) == 1
    assert posts[0].body[-1].text == "Saturday, 31 February 2018"
    assert problems[0].line == 5 and "impossible date" in problems[0].message


THREAD = """
Friday 22 February 2019

Title

Body.

4 comments:

  1. First comment.

    Second paragraph of it.

    ReplyDelete
  2. Another.

    ReplyDelete
    Replies
    1. A reply
      on two lines.

      Delete
    2. https://example.org/x

      Delete
"""


def test_thread_with_replies() -> None:
    posts, problems = parse(THREAD)
    assert problems == []
    post = posts[0]
    assert post.declared_comments == 4 and post.comment_count == 4
    assert [line.text for line in post.comments[0].lines] == ["First comment.", "Second paragraph of it."]
    assert [[line.text for line in r.lines] for r in post.comments[1].replies] == [
        ["A reply", "on two lines."],
        ["https://example.org/x"],
    ]
    assert [line.text for line in post.body] == ["Body."]


def test_comment_count_mismatch_is_reported() -> None:
    posts, problems = parse(THREAD.replace("4 comments:", "5 comments:"))
    assert posts[0].comment_count == 4
    assert [(p.line, "5 comments" in p.message) for p in problems] == [(7, True)]


def test_text_before_first_date_is_reported() -> None:
    posts, problems = parse("stray text\n\nFriday, 17 November 2017\n\nT\n\nBody\n")
    assert len(posts) == 1 and problems[0].line == 1


def test_no_date_line() -> None:
    posts, problems = parse("Just some text\n")
    assert posts == [] and "no date line" in problems[0].message


def test_no_blank_lines_at_all() -> None:
    posts, _ = parse("Friday, 17 November 2017\nTitle\nBody\nThursday, 16 November 2017\nOther\nText\n")
    assert [(p.title, [b.text for b in p.body]) for p in posts] == [("Title", ["Body"]), ("Other", ["Text"])]
