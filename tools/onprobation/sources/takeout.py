"""Google Takeout's Blogger export: ``Takeout/Blogger/Blogs/<blog>/feed.atom``.

This is not the backup export (``export``): it uses the namespace
``http://schemas.google.com/blogger/2018`` and has no kind category. Each
``<entry>`` has ``<blogger:type>`` ``POST``, ``PAGE`` or ``COMMENT`` and
``<blogger:status>`` ``LIVE`` or ``DRAFT`` (also ``SOFT_TRASHED``); a post has
``<blogger:filename>/2011/10/slug.html</blogger:filename>`` (its path) and
``<blogger:created>``; a comment has ``<blogger:parent>`` (its post's entry id)
and ``<blogger:inReplyTo>`` (the entry id of the comment it answers; empty for
a top-level comment); ``<blogger:trashed>`` holds a time when the entry was
deleted; the author's ``<blogger:type>`` is ``BLOGGER`` or ``ANONYMOUS``.
Labels are categories whose scheme is the blog's ``tag:blogger.com,1999:blog-ID``.
Takeout gives no comment permalinks and no removed-comment marker.

The element names were checked against public code that reads this format.
Read as a stream (see ``atom``). The archive Takeout gives (``takeout-*.zip``)
can be put in ``seeds/`` as it is: each blog's ``feed.atom`` is read from
inside it (a ``.tgz`` must be unpacked first).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ..model import Comment, Problem
from . import Reading, blogger_id, parse_time, permalink_path, post_from_entry, text_lines
from .atom import Entry, read_into, report_damage

FORMAT = "takeout"
ZIP_MAGIC = b"PK\x03\x04"


def read(source: Path | bytes, name: str) -> Reading:
    """A ``feed.atom``, or the Takeout archive itself (a ``.zip``: each blog's ``feed.atom`` in it)."""
    reading = Reading(FORMAT)
    if isinstance(source, bytes):
        head = source[:4]
    else:
        with open(source, "rb") as handle:
            head = handle.read(4)
    if head != ZIP_MAGIC:
        return read_into(reading, source, name, convert)
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            feeds = [info for info in archive.infolist()
                     if info.filename.rsplit("/", 1)[-1] == "feed.atom" and "/Blogger/" in f"/{info.filename}"]
            if not feeds:
                reading.problems.append(Problem(name, 1, "a zip archive without Blogger/Blogs/*/feed.atom: "
                                                         "nothing read"))
            for info in feeds:
                member = f"{name}/{info.filename}"
                with archive.open(info) as stream:  # read as a stream: never unpacked whole in memory
                    read_into(reading, stream, member, convert)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:  # a truncated or damaged download
        reading.problems.append(Problem(name, 1, f"damaged zip archive ({error}): what came before is read"))
    return reading


def convert(entry: Entry, name: str, reading: Reading) -> None:
    reading.entries += 1
    problems = reading.problems
    kind = entry.blogger.get("type", "").upper()
    status = entry.blogger.get("status", "LIVE").upper()
    report_damage(entry, name, problems)
    if kind == "PAGE":
        reading.skipped["page"] += 1
        return
    if kind not in ("POST", "COMMENT"):
        reading.skipped["unknown kind"] += 1
        problems.append(Problem(name, entry.line, f"entry {entry.id or '(no id)'} of unknown type "
                                                  f"{kind or '(none)'}: not read"))
        return
    if entry.blogger.get("trashed") or status not in ("LIVE",):
        what = "draft" if status == "DRAFT" else "trashed"
        reading.skipped[what] += 1
        if kind == "POST":
            reading.drafts.add(blogger_id(entry.id))
        return
    published = parse_time(entry.published) or parse_time(entry.blogger.get("created"))
    if kind == "POST":
        post = post_from_entry(name, entry.line, FORMAT, entry.title, published)
        if post is None:
            reading.skipped["no date"] += 1
            problems.append(Problem(name, entry.line, f"post {entry.id or '(no id)'} has no publication time: "
                                                      "not read"))
            return
        post.html = entry.content or ""
        post.entry_id = entry.id
        post.blogger_id = blogger_id(entry.id)
        post.permalink = permalink_path(entry.blogger.get("filename", ""))
        post.labels = entry.labels
        post.author = entry.author
        post.updated = parse_time(entry.updated)
        reading.add_post(post)
        return
    anonymous = entry.author_type.upper() == "ANONYMOUS"
    html = entry.content or ""
    comment = Comment(
        line=entry.line,
        lines=text_lines(html, entry.line),
        html=html,
        author=entry.author or ("Anonymous" if anonymous else "Unknown"),
        author_url=entry.author_uri,
        published=published,
        blogger_id=blogger_id(entry.id),
        post_id=blogger_id(entry.blogger.get("parent", "")),
        parent_id=blogger_id(entry.blogger.get("inReplyTo", "")),
        file=name,
        entry_id=entry.id,
    )
    reading.add_comment(comment, "blogger:parent")
