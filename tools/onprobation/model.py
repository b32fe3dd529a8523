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
    """A top-level comment or a reply; ``lines`` are its paragraphs."""

    line: int
    lines: list[Line] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)

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
    # Assigned once all dumps are read (see ``paths``).
    slug: str = ""

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
