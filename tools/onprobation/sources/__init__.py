"""Readers of the blog's sources, all into the model of ``onprobation.model``.

One module per format; ``detect`` tells a file's format by its content (never
by its name), ``read`` runs the right reader:

==================  ===========================================================
``text``            a page saved as plain text (``onprobation.parse``)
``blogger-export``  Blogger's "Back up content" Atom file (``export``)
``takeout``         Google Takeout's ``feed.atom``, the 2018 schema (``takeout``)
``feed-atom``       a page of the public feeds, Atom (``feed_atom``)
``feed-json``       a page of the public feeds, ``alt=json`` (``feed_json``)
``html-page``       a post or archive page saved from a browser (``html_page``)
==================  ===========================================================

A rich reader returns posts and a *flat* list of comments, each naming its
post (``post_id``) and, for a reply, its parent (``parent_id``): the comments
of a post may be in another file than the post (the public comment feed is
paged separately from the post feed) or before it in the same file.
``attach_comments`` builds the threads once every file is read.

Every problem is a ``file:line`` :class:`~onprobation.model.Problem`; a reader
never raises on bad input, and what it could read before and after the damage
is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import date_line
from ..model import Comment, Post, Problem

FORMATS = ("text", "blogger-export", "takeout", "feed-atom", "feed-json", "html-page")

# Namespaces of Blogger's Atom files.
ATOM = "http://www.w3.org/2005/Atom"
THR = "http://purl.org/syndication/thread/1.0"
GD = "http://schemas.google.com/g/2005"
BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
OPENSEARCH = ("http://a9.com/-/spec/opensearchrss/1.0/", "http://a9.com/-/spec/opensearch/1.1/")
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"

# Entry kinds that are not posts and are skipped silently (counted).
NOT_POSTS = ("settings", "template", "page")


@dataclass
class Reading:
    """What one reader got from one file."""

    format: str
    posts: list[Post] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # flat; see attach_comments
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0  # entries (or posts, for pages) seen in the file
    skipped: Counter = field(default_factory=Counter)  # kind -> how many were left out
    drafts: set[str] = field(default_factory=set)  # Blogger ids of draft posts
    seen: dict[str, int] = field(default_factory=dict)  # post id -> line where it was read

    def add_post(self, post: Post) -> None:
        """Keep a post, unless this file already gave one with the same id (reported)."""
        key = post.blogger_id or post.entry_id
        if key and key in self.seen:
            self.skipped["duplicate"] += 1
            self.problems.append(Problem(post.file, post.line, f"post {key} already read at line "
                                                               f"{self.seen[key]} of this file; kept the first"))
            return
        if key:
            self.seen[key] = post.line
        self.posts.append(post)

    def add_comment(self, comment: Comment, ties: str) -> None:
        """Keep a comment; one that names no post (``ties``: the element that
        should) cannot be placed, and is reported."""
        if not comment.post_id:
            self.problems.append(Problem(comment.file, comment.line, f"comment {comment.entry_id or '(no id)'} "
                                                                     f"names no post (no {ties}): not kept"))
            self.skipped["comment without post"] += 1
            return
        self.comments.append(comment)


def detect(data: bytes) -> str:
    """The format of a file, from its first kilobytes.

    Anything that is not recognisably one of Blogger's formats is ``text``
    (the text parser then reports what is wrong with it), so a text dump
    named ``.xml`` is still read as text.
    """
    head = data[:65536]
    if head.startswith(b"PK\x03\x04"):  # a zip: Takeout's archive when it holds Blogger's folder
        return "takeout" if b"Blogger/" in head else "text"
    if b"\x00" in head:
        return "text"  # binary: the text path reports and skips it
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    stripped = head.lstrip()
    lower = stripped[:4096].lower()
    if stripped.startswith(b"{") or (re.match(rb"^[\w.$]+\(\s*\{", stripped) is not None):
        if b'"feed"' in head and (b'"entry"' in head or b"openSearch$" in head or b'"$t"' in head):
            return "feed-json"
        return "text"
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<feed") or stripped.startswith(b"<!--"):
        if b"<feed" in head:
            if BLOGGER_2018.encode() in head:
                return "takeout"
            if b"openSearch:startIndex" in head or b"openSearch:totalResults" in head:
                if b".archive</id>" not in head and b"#settings" not in head and b"#template" not in head:
                    return "feed-atom"
            if KIND_PREFIX.encode() in head or b".archive</id>" in head or b"blogger.com" in head:
                return "blogger-export"
            return "feed-atom"
        if b"<html" not in lower:
            return "text"
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lower[:1024]:
        if any(mark in head for mark in (b"post-body", b"date-header", b"comment-content",
                                          b"comments-block", b"post-title")) or b"<html" in lower:
            return "html-page"
    return "text"


def read(source: Path | bytes, name: str, format: str | None = None) -> Reading:
    """Read one file (its path, or its bytes) with the reader of its format.

    A path is read as a stream by the Atom readers: a whole-blog export is
    never loaded into memory at once.
    """
    if format is None:
        if isinstance(source, bytes):
            format = detect(source)
        else:
            with open(source, "rb") as handle:
                format = detect(handle.read(65536))
    if format == "text":
        from . import text as reader
    elif format == "blogger-export":
        from . import export as reader
    elif format == "takeout":
        from . import takeout as reader
    elif format == "feed-atom":
        from . import feed_atom as reader
    elif format == "feed-json":
        from . import feed_json as reader
    elif format == "html-page":
        from . import html_page as reader
    else:  # pragma: no cover - detect returns only the formats above
        raise ValueError(f"unknown format {format!r}")
    return reader.read(source, name)


# -- helpers shared by the readers ------------------------------------------------------------


def parse_time(text: str | None) -> dt.datetime | None:
    """An RFC 3339 time (``2017-11-17T09:42:00.000+00:00``, ``...Z``) -> aware datetime."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


_ID = re.compile(r"(?:post|page|comment)-(\d+)$")


def blogger_id(entry_id: str) -> str:
    """``tag:blogger.com,1999:blog-1.post-42`` -> ``42``; a bare number stays itself."""
    entry_id = (entry_id or "").strip()
    match = _ID.search(entry_id)
    if match:
        return match[1]
    return entry_id if entry_id.isdigit() else ""


def permalink_path(url: str) -> str:
    """``https://x.blogspot.com/2017/11/probation-jobs.html`` -> ``2017/11/probation-jobs``."""
    from urllib.parse import urlsplit

    path = urlsplit(url.strip()).path if "//" in url else url.strip().split("?")[0].split("#")[0]
    path = path.strip("/")
    return path[: -len(".html")] if path.endswith(".html") else path


def post_from_entry(name: str, line: int, format: str, title: str, published: dt.datetime | None,
                    fallback: dt.date | None = None) -> Post | None:
    """A rich post's skeleton; None when it has no date at all."""
    date = published.date() if published else fallback
    if date is None:
        return None
    from ..decode import clean_text

    title = " ".join(clean_text(title or "").split())
    return Post(file=name, line=line, date=date, date_text=date_line(date), title=title, format=format,
                published=published)


def text_lines(html: str | None, line: int) -> list:
    """The plain text of some HTML as one ``Line`` per non-empty line (``<br>``, blocks)."""
    from .htmltext import html_lines

    from ..model import Line

    return [Line(line, text) for text in html_lines(html or "")]


def _words(comment: Comment) -> list[str]:
    return " ".join(line.text for line in comment.lines).split()


def _key(comment: Comment) -> str:
    return comment.blogger_id or comment.entry_id


def attach_comments(posts: list[Post], comments: list[Comment], problems: list[Problem],
                    drafts: set[str] | None = None) -> Counter:
    """Build the threads of the whole corpus from flat comments.

    Top-level comments and the replies of each comment are ordered by their
    time (Blogger's order; a comment without a time keeps its place in the
    files); a reply goes under its parent, to any depth. A reply whose parent
    is missing becomes a top-level comment (reported); a comment whose post is
    in no file is reported and kept nowhere; a comment read twice (the export
    and a feed page) is kept once (reported only when the two differ, or when
    one file has it twice). Comments of draft posts are left out silently.
    Returns counts of what was left out.
    """
    dropped: Counter = Counter()
    drafts = drafts or set()
    by_post: dict[str, Post] = {}
    for post in posts:
        for key in (post.blogger_id, post.entry_id):
            if key and key not in by_post:
                by_post[key] = post
    unique: dict[str, Comment] = {}
    order: dict[int, int] = {}
    files: dict[str, set[str]] = {}
    for comment in comments:
        key = _key(comment)
        if key and key in unique:
            first = unique[key]
            dropped["duplicate"] += 1
            again = comment.file in files[key]
            files[key].add(comment.file)
            if again or _words(first) != _words(comment):  # HTML differs between sources: compare the text
                why = "twice in this file" if again else "with a different text"
                problems.append(Problem(comment.file, comment.line,
                                        f"comment {key} already read at {first.file}:{first.line} ({why}); "
                                        "kept the first"))
            continue
        unique[key or f"#{id(comment)}"] = comment
        files[key or f"#{id(comment)}"] = {comment.file}
        order[id(comment)] = len(order)
    children: dict[int, list[Comment]] = {}
    tops: dict[int, list[Comment]] = {}
    for comment in unique.values():
        post = by_post.get(comment.post_id)
        if post is None:
            if comment.post_id in drafts:
                dropped["comment on a draft"] += 1
                continue
            dropped["post absent"] += 1
            problems.append(Problem(comment.file, comment.line,
                                    f"comment {_key(comment)} belongs to post {comment.post_id or '(none named)'}, "
                                    "which is in no source file: the comment is not kept anywhere"))
            continue
        parent = unique.get(comment.parent_id) if comment.parent_id else None
        if comment.parent_id and (parent is None or parent.post_id != comment.post_id
                                  or _cycle(comment, unique)):
            problems.append(Problem(comment.file, comment.line,
                                    f"reply {_key(comment)} answers comment {comment.parent_id}, which is missing: "
                                    "kept as a top-level comment"))
            parent = None
        if parent is None:
            tops.setdefault(id(post), []).append(comment)
        else:
            children.setdefault(id(parent), []).append(comment)

    def ordered(items: list[Comment]) -> list[Comment]:
        far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
        return sorted(items, key=lambda c: (c.published or far, order[id(c)]))

    def build(comment: Comment) -> Comment:
        comment.replies = comment.replies + [build(c) for c in ordered(children.get(id(comment), []))]
        return comment

    for post in posts:
        found = tops.get(id(post))
        if found:
            post.comments = post.comments + [build(c) for c in ordered(found)]
    return dropped


def _cycle(comment: Comment, unique: dict[str, Comment]) -> bool:
    """The chain of parents comes back to the comment (damaged ids)."""
    seen = {id(comment)}
    current = unique.get(comment.parent_id)
    while current is not None:
        if id(current) in seen:
            return True
        seen.add(id(current))
        current = unique.get(current.parent_id) if current.parent_id else None
    return False
