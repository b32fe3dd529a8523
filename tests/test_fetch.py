"""``onprobation fetch`` against a local server that serves feed pages made from the seeds.

Never the real service: the server listens on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import blogger_fixtures as bf
from onprobation import cli
from onprobation.convert import read, seed_files
from onprobation.fetch import fetch


class Blog:
    """What the server serves, and what it was asked."""

    def __init__(self) -> None:
        self.items = bf.items()
        self.requests: list[tuple[str, int, int, str]] = []
        self.failures: dict[tuple[str, int], list[int]] = {}  # (feed, start) -> statuses to answer first
        self.down_after: int | None = None  # answer 503 to every request after this many


@pytest.fixture
def blog():
    state = Blog()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            feed = url.path.split("/")[2] if url.path.startswith("/feeds/") else ""
            start, count = int(query.get("start-index", 1)), int(query.get("max-results", 25))
            fmt = "json" if query.get("alt") == "json" else "atom"
            state.requests.append((feed, start, count, self.headers.get("User-Agent", "")))
            pending = state.failures.get((feed, start))
            if pending:
                self.send_error(pending.pop(0))
                return
            if state.down_after is not None and len(state.requests) > state.down_after:
                self.send_error(503)
                return
            if feed not in ("posts", "comments") or url.path != f"/feeds/{feed}/default":
                self.send_error(404)
                return
            data = bf.feed_page(state.items, feed[:-1], start, count, fmt)
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if fmt == "json" else "application/atom+xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _run(blog: Blog, out: Path, **options):
    slept: list[float] = []
    options.setdefault("max_results", 10)
    report = fetch(blog.url, out, delay=options.pop("delay", 0.5), backoff=0.25, sleep=slept.append, **options)
    return report, slept


def test_fetch_pages_through_both_feeds_and_saves_them_unchanged(blog, tmp_path):
    report, slept = _run(blog, tmp_path / "feeds")
    assert report.complete and str(report) == "posts 1-34 of 34 saved; comments 1-21 of 21 saved"
    names = sorted(p.name for p in (tmp_path / "feeds").iterdir())
    assert names == ["comments-000001.atom", "comments-000011.atom", "comments-000021.atom",
                     "posts-000001.atom", "posts-000011.atom", "posts-000021.atom", "posts-000031.atom"]
    assert (tmp_path / "feeds/posts-000011.atom").read_bytes() == bf.feed_page(blog.items, "post", 11, 10)
    assert [r[:3] for r in blog.requests][:2] == [("posts", 1, 10), ("posts", 11, 10)]
    assert all(r[3].startswith("onprobation-archive") for r in blog.requests)
    assert slept == [0.5] * (len(blog.requests) - 1)  # waits between requests, not before the first
    corpus = read(seed_files(tmp_path), tmp_path)  # the saved pages are seeds like any other
    assert corpus.problems == [] and len(corpus.posts) == 34
    assert sum(p.comment_count for p in corpus.posts) == 21


def test_fetch_json(blog, tmp_path):
    report, _ = _run(blog, tmp_path, fmt="json", max_results=25)
    assert report.complete
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comments-000001.json", "posts-000001.json",
                                                         "posts-000026.json"]
    corpus = read(seed_files(tmp_path), tmp_path)
    assert len(corpus.posts) == 34 and corpus.problems == []


def test_retries_a_503_then_succeeds(blog, tmp_path):
    blog.failures[("posts", 11)] = [503, 429]
    report, slept = _run(blog, tmp_path, delay=0)
    assert report.complete
    assert [r[:2] for r in blog.requests].count(("posts", 11)) == 3
    assert [s for s in slept if s] == [0.25, 0.5]  # exponential backoff


def test_gives_up_after_bounded_tries_and_resumes(blog, tmp_path):
    blog.down_after = 2  # the service goes away after two pages
    report, _ = _run(blog, tmp_path, tries=3)
    assert not report.complete
    assert str(report).startswith("posts 1-20 of 34 saved (stopped: HTTP 503")
    assert len(blog.requests) == 2 + 3 + 3  # comments tried too, each a bounded number of times
    saved = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(saved) == ["posts-000001.atom", "posts-000011.atom"]
    blog.down_after, blog.requests = None, []
    report, _ = _run(blog, tmp_path)
    assert report.complete
    assert [r[:2] for r in blog.requests] == [("posts", 21), ("posts", 31), ("comments", 1), ("comments", 11),
                                              ("comments", 21)]
    assert all((tmp_path / name).read_bytes() == data for name, data in saved.items())  # never rewritten
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_the_last_short_page_is_fetched_again(blog, tmp_path):
    _run(blog, tmp_path)
    blog.requests = []
    report, _ = _run(blog, tmp_path)  # nothing new: only the last pages are asked again
    assert report.complete and [r[:2] for r in blog.requests] == [("posts", 31), ("comments", 21)]
    # a post published since: the last page has changed; it is saved beside the old one
    new = bf.Item("post", "42", "A New Post", "<p>New.</p>", blog.items[-2].published.replace(year=2022),
                  path="2022/04/a-new-post", labels=["probation"])
    blog.items.append(new)
    blog.requests = []
    report, _ = _run(blog, tmp_path)
    assert str(report).startswith("posts 1-35 of 35 saved")
    assert (tmp_path / "posts-000031-2.atom").is_file() and (tmp_path / "posts-000031.atom").is_file()
    corpus = read(seed_files(tmp_path), tmp_path)
    assert len(corpus.posts) == 35  # newest first: the new post shifted the pages; each post once
    assert sum(p.comment_count for p in corpus.posts) == 21


def test_fetch_command(blog, tmp_path, capsys):
    assert cli.main(["fetch", blog.url, "--out", str(tmp_path / "f"), "--delay", "0", "--max-results", "50",
                     "-q"]) == 0
    assert capsys.readouterr().out.strip() == "posts 1-34 of 34 saved; comments 1-21 of 21 saved"
    assert cli.main(["fetch", "not-a-url", "--out", str(tmp_path)]) == 2
    assert cli.main(["fetch", blog.url, "--max-results", "900", "--out", str(tmp_path)]) == 2
    assert "not the address of a blog" in capsys.readouterr().err
