"""Seed posts as Blogger stores them: the same text as HTML, in the ways its editor writes it.

Blogger's editor has written a post's lines in three ways over the years:
``br`` (lines joined by ``<br />``, a blank line ``<br /><br />``), ``p`` (a
``<p>`` per paragraph, its lines joined by ``<br />``) and ``div`` (a
``<div>`` per line, a blank line ``<div><br /></div>``). Comments are stored
with ``<br />`` between lines and ``<br /><br />`` between paragraphs.
"""

from __future__ import annotations

import copy
import datetime as dt
from html import escape

from onprobation.model import Comment, Line, Post

STYLES = ("br", "p", "div")


def _groups(lines: list[Line]) -> list[list[str]]:
    """Runs of non-blank lines (paragraphs of the dump)."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.text.strip():
            groups[-1].append(escape(line.text.strip(), quote=False))
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def body_html(lines: list[Line], style: str) -> str:
    groups = _groups(lines)
    if style == "br":
        return "<br /><br />".join("<br />".join(g) for g in groups)
    if style == "p":
        return "\n".join("<p>" + "<br />".join(g) + "</p>" for g in groups)
    if style == "div":
        return "<div><br /></div>".join("".join(f"<div>{line}</div>" for line in g) for g in groups)
    raise ValueError(style)


def rich_comment(comment: Comment, post: Post, path: list[int]) -> Comment:
    number = "-".join(map(str, path))
    blogger_id = "7" + "".join(f"{n:02d}" for n in path)
    return Comment(
        line=comment.line,
        lines=list(comment.lines),
        replies=[rich_comment(r, post, [*path, n]) for n, r in enumerate(comment.replies, 1)],
        html="<br /><br />".join(escape(line.text, quote=False) for line in comment.lines),
        author="Anonymous" if path[-1] % 2 else f"Reader {number}",
        published=dt.datetime(post.date.year, post.date.month, post.date.day, 13, path[-1] % 60,
                              tzinfo=dt.timezone.utc),
        blogger_id=blogger_id,
        post_id=post.blogger_id,
        permalink=f"https://probationmatters.blogspot.com/{post.path}.html?showComment={blogger_id}#c{blogger_id}",
        file=post.file,
        entry_id=f"tag:blogger.com,1999:blog-1.post-{blogger_id}",
    )


def rich_post(post: Post, style: str) -> Post:
    """The post as a Blogger export would give it: HTML body, author, times, ids."""
    rich = copy.copy(post)
    rich.html = body_html(post.body, style)
    rich.body = []
    rich.format = "export"
    rich.blogger_id = f"{post.date:%Y%m%d}{len(post.title):03d}"
    rich.entry_id = f"tag:blogger.com,1999:blog-1.post-{rich.blogger_id}"
    rich.author = "Jim Brown"
    rich.published = dt.datetime(post.date.year, post.date.month, post.date.day, 9, 30, tzinfo=dt.timezone.utc)
    rich.updated = rich.published + dt.timedelta(hours=1)
    rich.labels = ["probation", "TR"]
    rich.permalink = post.path
    rich.comments = [rich_comment(c, rich, [n]) for n, c in enumerate(post.comments, 1)]
    return rich
