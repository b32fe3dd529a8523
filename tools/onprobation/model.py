"""The parsed model of a dump: posts, their comment threads and problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, reported as ``file:line: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Line:
    """One line of a dump with its 1-based line number (text is stripped on the right)."""

    number: int
    text: str


@dataclass
class Comment:
    """A top-level comment or a reply; ``lines`` are its paragraphs.

    A text dump gives only ``lines``. Blogger's own formats (the backup
    export, Takeout, the feeds, saved pages) also give the comment's HTML,
    author, time, ids and permalink; those fields stay empty for text.
    """

    line: int
    lines: list[Line] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)
    # -- from Blogger's own formats (empty for text dumps) --
    html: str | None = None  # the comment's content as Blogger stores it (HTML)
    author: str = ""  # as the source names it; "Anonymous" when Blogger says so
    author_url: str = ""
    published: dt.datetime | None = None  # timezone-aware
    blogger_id: str = ""  # Blogger's comment id (the digits)
    post_id: str = ""  # Blogger's id of the post it belongs to
    parent_id: str = ""  # Blogger's id of the comment it replies to ("" for a top-level comment)
    permalink: str = ""  # the comment's own address on the blog
    removed: bool = False  # removed by the author or an administrator
    file: str = ""  # the source file it was read from (rich sources)
    entry_id: str = ""  # the entry's id in that source (Atom <id>)

    def count(self) -> int:
        """This comment and all its replies."""
        return 1 + sum(reply.count() for reply in self.replies)


@dataclass
class Post:
    """One blog post as found in a dump."""

    file: str
    line: int
    date: dt.date
    date_text: str
    title: str
    body: list[Line] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    declared_comments: int | None = None
    # Assigned once all dumps are read (see ``convert.assign_slugs``).
    slug: str = ""
    # -- from Blogger's own formats (empty for text dumps) --
    html: str | None = None  # the body as Blogger stores it (HTML); None for a text dump
    format: str = "text"  # the kind of source: see ``onprobation.sources``
    entry_id: str = ""  # the entry's id in its source (Atom <id>)
    blogger_id: str = ""  # Blogger's post id (the digits)
    permalink: str = ""  # the blog's own path, "2017/11/probation-jobs" (no host, no suffix)
    labels: list[str] = field(default_factory=list)
    author: str = ""
    published: dt.datetime | None = None  # timezone-aware
    updated: dt.datetime | None = None

    @property
    def words(self) -> int:
        return sum(len(line.text.split()) for line in self.body)

    @property
    def comment_count(self) -> int:
        return sum(comment.count() for comment in self.comments)

    @property
    def path(self) -> str:
        """Site path without suffix, as on Blogger: ``2017/11/probation-jobs``."""
        return f"{self.date:%Y/%m}/{self.slug}"

    @property
    def label(self) -> str:
        """Cross-reference label, derived from the path alone."""
        return f"{self.date:%Y-%m}-{self.slug}"

    @property
    def identity(self) -> tuple[dt.date, str]:
        """Posts with the same date and title are the same post."""
        return (self.date, " ".join(self.title.split()).casefold())
