"""Blogger's own formats (issue 13): detection, the readers, threads, bad input, memory."""

from __future__ import annotations

import datetime as dt
import json
import random
import tracemalloc
from pathlib import Path

import pytest

import blogger_fixtures as bf
from onprobation import cli
from onprobation.convert import read, seed_files
from onprobation.model import Comment, Post, Problem
from onprobation.sources import attach_comments, detect
from onprobation.sources.atom import entries

FEB_2019 = dt.date(2019, 2, 22)


@pytest.fixture(scope="module")
def items():
    return bf.items()


@pytest.fixture(scope="module")
def text_posts():
    return {p.date: p for p in bf.seed_posts()}


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory, items):
    """Every fixture format written once: name -> list of files."""
    root = tmp_path_factory.mktemp("blogger")
    return root, {
        "blogger-export": [bf.write_export(root / "export.xml", items)],
        "takeout": [bf.write_takeout(root / "feed.atom", items)],
        "feed-atom": bf.write_feed_pages(root / "atom", items, "atom"),
        "feed-json": bf.write_feed_pages(root / "json", items, "json"),
        "html-page": bf.write_html_pages(root / "html", items),
    }


# -- detection ---------------------------------------------------------------------------------


def test_detect_every_format_by_content(fixtures):
    _, files = fixtures
    for format, paths in files.items():
        assert {detect(p.read_bytes()) for p in paths} == {format}, format


def test_detect_text_whatever_the_name(tmp_path):
    for seed in sorted(bf.SEEDS.glob("*.txt")):
        assert detect(seed.read_bytes()) == "text"
    disguised = tmp_path / "dump.xml"
    disguised.write_bytes((bf.SEEDS / "000_27aab1d975c566b7.txt").read_bytes())
    assert detect(disguised.read_bytes()) == "text"
    corpus = read([disguised], tmp_path)
    assert len(corpus.posts) == 5 and corpus.sources[0].format == "text"
    xhtml = (b"<?xml version='1.0' encoding='UTF-8' ?>\n<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' "
             b"'http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd'>\n<html xmlns='http://www.w3.org/1999/xhtml'>"
             b"<head><link rel='alternate' type='application/atom+xml' href='/feeds/posts/default'/></head>"
             b"<body><h2 class='date-header'>x</h2></body></html>")
    assert detect(xhtml) == "html-page"  # the classic templates were XHTML, with an XML prolog
    for data in (b"", b"\x00\x01binary", b"<p>just a fragment</p>", b"{not json", b"\xef\xbb\xbfFriday, 17 November 2017\n"):
        assert detect(data) == "text"


# -- each reader gives the seed posts ----------------------------------------------------------


def _shape(comments: list[Comment]) -> list:
    return [(" ".join(line.text for line in c.lines).split(), _shape(c.replies)) for c in comments]


@pytest.mark.parametrize("format", ["blogger-export", "takeout", "feed-atom", "feed-json", "html-page"])
def test_reader_gives_the_seed_posts(fixtures, text_posts, format):
    root, files = fixtures
    corpus = read(files[format], root)
    assert corpus.problems == []
    posts = {p.date: p for p in corpus.posts}
    assert sorted(posts) == sorted(text_posts)
    for date, post in posts.items():
        text = text_posts[date]
        assert (post.title, post.format) == (text.title, format)
        assert post.permalink == text.path  # the blog's path, no host, no suffix
        assert post.blogger_id == bf.post_id(text) and post.html
        assert post.published.tzinfo is not None and post.published.date() == date
        assert post.body == []
        assert cli.post_json(post)["words"] == text.words
        if date == bf.REMOVED_ON:
            assert post.comment_count == 1
            assert post.comments[0].removed is (format != "takeout")
            continue
        assert _shape(post.comments) == _shape(text.comments)  # same words, same tree
    thread = posts[FEB_2019].comments
    assert (len(thread), sum(len(c.replies) for c in thread)) == (9, 11)
    assert {c.author for c in thread} >= {"Anonymous", "Getafix"}
    assert all(c.published and c.blogger_id and c.post_id == posts[FEB_2019].blogger_id for c in thread)
    assert [c.published for c in thread] == sorted(c.published for c in thread)
    reply = next(c for c in thread if c.replies).replies[0]
    assert reply.parent_id and reply.file
    if format != "takeout":  # Takeout gives no comment permalinks
        assert "?showComment=" in reply.permalink and reply.permalink.endswith(f"#c{reply.blogger_id}")
    links = [c for c in thread if "<a href=" in (c.html or "")]
    assert links  # comment links kept as HTML for the writer


def test_classic_comment_layout(tmp_path, items):
    post = next(i for i in items if i.kind == "post" and i.total == 20)
    page = tmp_path / "classic.html"
    page.write_text(bf.classic_page(items, post), encoding="utf-8")
    assert detect(page.read_bytes()) == "html-page"
    corpus = read([page], tmp_path)
    assert corpus.problems == []
    (only,) = corpus.posts
    assert len(only.comments) == 20 and only.comment_count == 20  # the classic layout has no nesting
    assert only.comments[0].author == "Anonymous" and only.comments[1].author == "Getafix"


def test_export_skips_what_is_not_a_post(fixtures):
    root, files = fixtures
    corpus = read(files["blogger-export"], root)
    assert corpus.sources[0].skipped == {"settings": 1, "template": 1, "page": 1, "draft": 1}
    assert "Unfinished thoughts" not in {p.title for p in corpus.posts}
    assert corpus.sources[0].entries == 34 + 1 + 21 + 3


def test_comments_before_or_after_their_post(tmp_path, items):
    """Takeout writes every comment before the posts; the export mixes both."""
    corpus = read([bf.write_takeout(tmp_path / "t.atom", items)], tmp_path)
    assert sum(p.comment_count for p in corpus.posts) == 21


# -- bad input ---------------------------------------------------------------------------------


def test_malformed_xml_is_reported_and_the_rest_read(tmp_path, items):
    export = bf.write_export(tmp_path / "export.xml", items)
    text = export.read_text(encoding="utf-8")
    damaged = text.replace("<title type='text'>Prison Chaos</title>", "<title type='text'>Prison & Chaos</title>")
    assert damaged != text
    export.write_text(damaged, encoding="utf-8")
    corpus = read([export], tmp_path)
    line = damaged[: damaged.index("Prison & Chaos")].count("\n") + 1
    assert any(p.line == line and "malformed XML" in p.message for p in corpus.problems)
    assert len(corpus.posts) == 34  # the damaged entry as recovered, and all the others


def test_truncated_download(tmp_path, items):
    export = bf.write_export(tmp_path / "export.xml", items)
    data = export.read_bytes()
    export.write_bytes(data[: len(data) // 2])
    corpus = read([export, *sorted(bf.SEEDS.glob("000*.txt"))], bf.ROOT)
    messages = [str(p) for p in corpus.problems]
    assert any("truncated download" in m for m in messages), messages
    assert all(":" in m and m.split(":")[1].isdigit() for m in messages)
    rich = [p for p in corpus.posts if p.format == "blogger-export"]
    assert 5 < len(rich) < 34


def test_not_xml_at_all(tmp_path):
    bad = tmp_path / "feed.atom"
    bad.write_bytes(b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'><<<")
    corpus = read([bad], tmp_path)
    assert corpus.posts == [] and corpus.problems


def test_json_truncated_and_wrong(tmp_path, items):
    page = tmp_path / "posts-000001.json"
    data = bf.feed_page(items, "post", 1, 5, "json")
    page.write_bytes(data[: len(data) * 3 // 5])
    other = tmp_path / "x.json"
    other.write_bytes(b'{"feed": {"entry": 3, "$t": 1}}')
    corpus = read([page, other], tmp_path)
    assert [p.file for p in corpus.problems] == ["posts-000001.json", "x.json"]
    assert "truncated" in corpus.problems[0].message
    assert 0 < len(corpus.posts) < 5  # the whole entries before the cut


def test_unknown_kind_is_a_problem(tmp_path, items):
    export = bf.write_export(tmp_path / "export.xml", items)
    text = export.read_text(encoding="utf-8").replace("kind#page'", "kind#poll'")
    export.write_text(text, encoding="utf-8")
    corpus = read([export], tmp_path)
    (problem,) = corpus.problems
    assert "unknown kind poll" in problem.message and problem.line > 1


def test_comment_whose_post_is_absent(tmp_path, items):
    comments = [p for p in bf.write_feed_pages(tmp_path, items, "atom") if p.name.startswith("comments")]
    corpus = read(comments, tmp_path)
    assert corpus.posts == [] and len(corpus.problems) == 21
    assert all("not kept anywhere" in p.message and p.line > 1 for p in corpus.problems)
    assert corpus.dropped == {"post absent": 21}


def test_duplicates_kept_once(fixtures, tmp_path, items):
    root, files = fixtures
    corpus = read(files["blogger-export"] + files["feed-atom"] + files["html-page"], root)
    assert corpus.problems == []
    post = next(p for p in corpus.posts if p.date == FEB_2019)
    assert post.comment_count == 20
    assert corpus.dropped["duplicate"] == 21 * 2
    # the same comment twice in one file is bad input
    page = bf.feed_page(items, "comment", 1, 5, "atom").decode()
    first = page.index("<entry>"), page.index("</entry>") + len("</entry>")
    twice = tmp_path / "twice.atom"
    twice.write_text(page[: first[1]] + "\n" + page[first[0]: first[1]] + page[first[1]:], encoding="utf-8")
    corpus = read(files["blogger-export"] + [twice], tmp_path.parent)
    assert [p.message for p in corpus.problems if "twice in this file" in p.message]


def test_drafts_skipped_silently_takeout(fixtures):
    root, files = fixtures
    corpus = read(files["takeout"], root)
    assert corpus.problems == [] and corpus.sources[0].skipped == {"page": 1, "draft": 1}


# -- attach_comments ---------------------------------------------------------------------------


def _c(ident: str, parent: str = "", minute: int = 0, post: str = "1") -> Comment:
    return Comment(line=int(ident), blogger_id=ident, post_id=post, parent_id=parent, file="f.atom",
                   published=dt.datetime(2020, 1, 1, 12, minute, tzinfo=dt.timezone.utc))


def test_attach_orders_and_nests_to_any_depth():
    post = Post("f.atom", 1, dt.date(2020, 1, 1), "", "t", blogger_id="1")
    flat = [_c("2", minute=5), _c("3", "2", 9), _c("4", "3", 8), _c("5", "4", 1), _c("6", minute=1),
            _c("7", "2", 7), _c("8", "99", 3), _c("9", post="404")]
    random.Random(4).shuffle(flat)
    problems: list[Problem] = []
    attach_comments([post], flat, problems)
    assert [c.blogger_id for c in post.comments] == ["6", "8", "2"]  # by time; 8 lost its parent
    assert [c.blogger_id for c in post.comments[2].replies] == ["7", "3"]
    assert post.comments[2].replies[1].replies[0].replies[0].blogger_id == "5"
    assert post.comment_count == 7
    assert sorted(p.line for p in problems) == [8, 9]
    assert "kept as a top-level comment" in str(problems[0]) or "kept as a top-level comment" in str(problems[1])


def test_attach_breaks_cycles():
    post = Post("f.atom", 1, dt.date(2020, 1, 1), "", "t", blogger_id="1")
    problems: list[Problem] = []
    attach_comments([post], [_c("2", "3"), _c("3", "2")], problems)
    assert post.comment_count == 2 and len(problems) == 2


# -- the converter and the command -------------------------------------------------------------


def test_seed_files_lists_every_file(tmp_path):
    for name in ("b.txt", "export.xml", "feed.atom", "feeds/posts-000001.json", "feeds/deep/c.html",
                 ".hidden", "feeds/.posts-000151.json.tmp", "README.md", ".git/config"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in seed_files(tmp_path)]
    assert found == ["b.txt", "export.xml", "feed.atom", "feeds/deep/c.html", "feeds/posts-000001.json"]


def test_parse_json_on_an_export(fixtures, capsys, monkeypatch):
    root, files = fixtures
    monkeypatch.chdir(root)
    assert cli.main(["parse", "--json", "--registry", "none", "export.xml"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["posts"]) == 34 and result["problems"] == []
    post = next(p for p in result["posts"] if p["date"] == "2019-02-22")
    assert post["comments"] == 20 and post["format"] == "blogger-export"
    assert post["permalink"] == "2019/02/if-only-probation-wasnt-broken" and post["labels"]
    assert post["entry_id"].endswith(f".post-{post['blogger_id']}") and post["author"]
    assert post["published"].startswith("2019-02-22T08:30:00") and post["updated"]
    assert post["file"] == "export.xml" and post["line"] > 1


# -- streaming: memory does not grow with the file ---------------------------------------------


def test_streaming_memory_stays_flat(tmp_path):
    """Python-side peak while streaming a ~6 MB and a ~24 MB export: small, and not 4x."""
    peaks = []
    for posts in (300, 1200):
        path = bf.large_export(tmp_path / f"large-{posts}.xml", posts=posts, comments=posts * 15)
        problems: list[Problem] = []
        tracemalloc.start()
        count = sum(1 for _ in entries(path, path.name, problems))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert problems == [] and count == posts * 16 + 3
    assert peaks[1] < 2 * 1024 * 1024, peaks
    assert peaks[1] < peaks[0] * 1.5 + 256 * 1024, peaks
    # libxml2's own memory is not seen by tracemalloc: the peak RSS of a process that streams
    # each file must not grow with the file (it would by ~5x the growth if entries were kept)
    if not Path("/proc/self/status").exists():
        return  # no VmHWM to read (not Linux)
    rss = [_streaming_rss(tmp_path / f"large-{posts}.xml") for posts in (300, 1200)]
    grown = (tmp_path / "large-1200.xml").stat().st_size - (tmp_path / "large-300.xml").stat().st_size
    assert rss[1] - rss[0] < grown / 4, (rss, grown)


def _streaming_rss(path: Path) -> int:
    import subprocess
    import sys

    # VmHWM, not ru_maxrss: the latter carries the parent's peak across fork and exec
    code = ("import sys, re; from pathlib import Path; from onprobation.sources.atom import entries; "
            "n = sum(1 for _ in entries(Path(sys.argv[1]), 'x', [])); "
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) * 1024)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_parse_json_says_what_each_file_held(fixtures, capsys, monkeypatch):
    root, _ = fixtures
    monkeypatch.chdir(root)
    assert cli.main(["parse", "--json", "--registry", "none", "export.xml", "atom"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert sources[0] == {"file": "export.xml", "format": "blogger-export", "entries": 59, "posts": 34,
                          "comments": 21, "skipped": {"settings": 1, "template": 1, "page": 1, "draft": 1}}
    assert {s["format"] for s in sources[1:]} == {"feed-atom"}


def test_the_same_post_twice_in_one_file(tmp_path, items):
    post = next(i for i in items if i.kind == "post" and i.total == 20)
    export = tmp_path / "export.xml"
    export.write_text(bf.export_head() + bf.export_entry(post) + "\n" + bf.export_entry(post) + "\n</feed>\n",
                      encoding="utf-8")
    corpus = read([export], tmp_path)
    assert len(corpus.posts) == 1
    (problem,) = corpus.problems
    assert problem.line > 1 and "already read at line" in problem.message


def test_control_characters_and_unicode_forms(tmp_path, items):
    post = next(i for i in items if i.kind == "post" and i.total == 20)
    odd = bf.Item("post", "77", "Cafe\u0301 \u0007society", "<p>Cafe\u0301</p><p>bell\u0007 here</p>",
                  post.published, path="2019/02/cafe-society")
    page = tmp_path / "posts-000001.json"
    page.write_text(json.dumps({"feed": {"entry": [bf._json_entry(odd)]}}), encoding="utf-8")
    corpus = read([page], tmp_path)
    (got,) = corpus.posts
    assert got.title == "Caf\u00e9 society"  # NFC, as text dumps are; no control character
    from onprobation.sources.htmltext import html_lines

    assert html_lines(got.html) == ["Caf\u00e9", "bell here"]


def test_the_takeout_archive_as_downloaded(tmp_path, items):
    import zipfile

    feed = bf.write_takeout(tmp_path / "feed.atom", items)
    archive = tmp_path / "takeout-20260101T000000Z-001.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Takeout/archive_browser.html", "<html></html>")
        zf.write(feed, "Takeout/Blogger/Blogs/On Probation/feed.atom")
    assert detect(archive.read_bytes()) == "takeout"
    corpus = read([archive], tmp_path)
    assert corpus.problems == [] and len(corpus.posts) == 34
    assert corpus.posts[0].file == f"{archive.name}/Takeout/Blogger/Blogs/On Probation/feed.atom"
    assert sum(p.comment_count for p in corpus.posts) == 21
    archive.write_bytes(archive.read_bytes()[:30000])  # a truncated download
    corpus = read([archive], tmp_path)
    assert corpus.problems and all(p.file.startswith(archive.name) for p in corpus.problems)
