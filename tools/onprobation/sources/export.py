"""Blogger's "Back up content" export (Settings -> Manage blog -> Back up content).

One Atom file holding the whole blog: the settings, the template, the pages,
every post (drafts too) and every comment, each an ``<entry>``. The kind of an
entry is a category::

    <category scheme="http://schemas.google.com/g/2005#kind"
              term="http://schemas.google.com/blogger/2008/kind#post"/>

(``#post``, ``#comment``, ``#page``, ``#settings``, ``#template``). A comment
names its post with ``<thr:in-reply-to ref="tag:...post-ID">`` and, when it is a
reply, its parent with ``<link rel="related" href=".../comments/default/ID"/>``.
A draft has ``<app:control><app:draft>yes</app:draft></app:control>`` and no
``rel="alternate"`` link. A removed comment has ``<gd:extendedProperty
name="blogger.contentRemoved" .../>``. The permalink is ``link rel="alternate"
type="text/html"``; labels are categories of scheme
``http://www.blogger.com/atom/ns#``; the body is HTML in ``<content type="html">``.
Comments may come before or after their post: ``attach_comments`` ties them.

The same entry shapes are used by the public feeds (``feed_atom``), which this
module's ``convert`` serves too.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Comment, Problem
from . import NOT_POSTS, Reading, blogger_id, parse_time, permalink_path, post_from_entry, text_lines
from .atom import Entry, read_into, report_damage

FORMAT = "blogger-export"


def read(source: Path | bytes, name: str) -> Reading:
    return read_into(Reading(FORMAT), source, name, convert)


def _kind(entry: Entry) -> str:
    """The entry's kind; public feeds may omit the kind category."""
    if entry.kind:
        return entry.kind
    if entry.in_reply_to:
        return "comment"
    if ".page-" in entry.id:
        return "page"
    if ".post-" in entry.id:
        return "post"
    return ""


def convert(entry: Entry, name: str, reading: Reading) -> None:
    """One entry into the reading: a post, a comment, or a count of what was skipped."""
    reading.entries += 1
    kind = _kind(entry)
    problems = reading.problems
    report_damage(entry, name, problems)
    if kind in NOT_POSTS:
        reading.skipped[kind] += 1
        return
    if kind not in ("post", "comment"):
        reading.skipped["unknown kind"] += 1
        problems.append(Problem(name, entry.line, f"entry {entry.id or '(no id)'} of unknown kind "
                                                  f"{entry.kind or '(none)'}: not read"))
        return
    published = parse_time(entry.published) or parse_time(entry.updated)
    if kind == "post":
        if entry.draft:
            reading.skipped["draft"] += 1
            reading.drafts.add(blogger_id(entry.id))
            return
        content = entry.content
        if content is None and entry.summary is not None:
            content = entry.summary
            problems.append(Problem(name, entry.line, f"the feed gives only a summary of post {entry.id} (the "
                                                      "blog's feed is set to 'short'): the body may be cut"))
        post = post_from_entry(name, entry.line, reading.format, entry.title, published)
        if post is None:
            reading.skipped["no date"] += 1
            problems.append(Problem(name, entry.line, f"post {entry.id or '(no id)'} has no publication time: "
                                                      "not read"))
            return
        post.html = content if entry.content_type in ("html", "xhtml", "") or content is None else \
            _escape_text(content)
        post.entry_id = entry.id
        post.blogger_id = blogger_id(entry.id)
        post.permalink = permalink_path(entry.link("alternate", "text/html"))
        post.labels = entry.labels
        post.author = entry.author
        post.updated = parse_time(entry.updated)
        post.declared_comments = entry.total
        if not entry.id:
            problems.append(Problem(name, entry.line, "post without an id: its comments cannot be tied to it"))
        reading.add_post(post)
        return
    # a comment
    related = entry.link("related")
    parent = blogger_id(related.rstrip("/").rsplit("/", 1)[-1]) if related else ""
    html = entry.content if entry.content is not None else (entry.summary or "")
    comment = Comment(
        line=entry.line,
        lines=text_lines(html, entry.line),
        html=html,
        author=entry.author or "Anonymous",
        author_url=entry.author_uri,
        published=published,
        blogger_id=blogger_id(entry.id),
        post_id=blogger_id(entry.in_reply_to),
        parent_id=parent,
        permalink=entry.link("alternate", "text/html"),
        removed=entry.removed,
        file=name,
        entry_id=entry.id,
    )
    reading.add_comment(comment, "thr:in-reply-to")


def _escape_text(text: str) -> str:
    """Content of type text: its characters, as HTML."""
    import html

    return html.escape(text).replace("\n", "<br />")
