"""The five real dumps: posts, dates, titles and comment counts (brief section 2)."""

import datetime as dt
import json

import pytest

from conftest import SEEDS
from onprobation.cli import main
from onprobation.convert import read, seed_files

EXPECTED = {
    "000_27aab1d975c566b7.txt": 5,
    "001_4e82bc7164a9b7d3.txt": 10,
    "002_3459e0a9bf024f3d.txt": 9,
    "003_5487298f62912963.txt": 9,
    "004_04b72ef4a6ddfc0f.txt": 1,
}


@pytest.fixture(scope="module")
def corpus():
    return read(seed_files(SEEDS), SEEDS.parent)


def test_every_seed_is_there() -> None:
    assert sorted(p.name for p in seed_files(SEEDS)) == sorted(EXPECTED)


def test_post_counts_per_seed(corpus) -> None:
    assert corpus.problems == []
    counts = {name: 0 for name in EXPECTED}
    for post in corpus.posts:
        counts[post.file.split("/")[-1]] += 1
    assert counts == EXPECTED
    assert len(corpus.posts) == 34


def test_dates_and_titles(corpus) -> None:
    by_date = {post.date: post for post in corpus.posts}
    assert len(by_date) == 34
    assert by_date[dt.date(2017, 11, 17)].title == "Probation Jobs"
    assert by_date[dt.date(2015, 11, 25)].title == ""
    assert by_date[dt.date(2015, 11, 25)].slug == "blog-post"
    assert by_date[dt.date(2021, 4, 7)].title == "Become a Probation Officer?"
    assert by_date[dt.date(2015, 11, 27)].title == "Guest Blog 48"
    assert dt.date(2019, 8, 13) not in by_date  # reproduced inside 2 April 2021
    host = by_date[dt.date(2021, 4, 2)]
    assert any(line.text == "Tuesday, 13 August 2019" for line in host.body)


def test_the_thread_of_22_february_2019(corpus) -> None:
    (post,) = [p for p in corpus.posts if p.date == dt.date(2019, 2, 22)]
    assert post.title == "If Only Probation Wasn't Broken!"
    assert post.declared_comments == 20 and post.comment_count == 20
    assert len(post.comments) == 9
    assert sum(len(c.replies) for c in post.comments) == 11
    assert [len(c.replies) for c in post.comments] == [0, 0, 0, 1, 1, 4, 0, 4, 1]
    assert sum(p.comment_count for p in corpus.posts) == 20


def test_parse_json_contract(capsys) -> None:
    status = main(["parse", "--json", *map(str, seed_files(SEEDS))])
    result = json.loads(capsys.readouterr().out)
    assert status == 0 and result["problems"] == []
    assert len(result["posts"]) == 34
    post = next(p for p in result["posts"] if p["date"] == "2017-11-17")
    assert set(post) == {"file", "line", "date", "title", "slug", "path", "anchor", "words", "comments",
                         "organisations", "reports", "people",  # one list per kind of entity (kinds.toml)
                         # where it came from (issue 13): empty or null for a text dump
                         "format", "entry_id", "blogger_id", "permalink", "labels", "author", "published",
                         "updated"}
    assert post["format"] == "text" and post["published"] is None and post["labels"] == []
    assert post["path"] == "2017/11/probation-jobs.html"
    assert post["anchor"] == "2017-11-probation-jobs"
    assert post["line"] == 1 and post["file"].endswith("000_27aab1d975c566b7.txt")
    assert post["words"] > 500 and post["comments"] == 0
