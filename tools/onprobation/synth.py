"""A deterministic synthetic archive made from the seeds, for benchmarks.

Two profiles. ``real`` (the default) is the blog's own (issue 14): posts at
its pace (the 1,000th in August 2014, about 300 a year since), threads drawn
from a long-tailed distribution (most posts have a dozen comments or so,
some over a hundred; about 16 a post with replies, so 4,500 posts carry about
74,000), replies under some comments, and post lengths drawn from the seeds'
own. ``old`` is the profile of the first benchmark (about a post a day, up to
15 comments), kept so its corpora can be made again exactly. Titles,
paragraphs and comments are drawn from the seed posts (which bring their
organisation mentions with them). Dumps are written in the seeds' own
format: one archive page per month (newest first) and a single-post page
with the thread for every post that has comments.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from .convert import read, seed_files
from .model import Comment, Post
from .dates import date_line
from .parse import DATE_LINE

START = dt.date(2010, 1, 4)


@dataclass(frozen=True)
class Profile:
    """The shape of the real blog (``real``); the numbers ``onprobation synth`` prints."""

    name: str = "real"
    start: str = "2010-01-04"  # the first post
    milestone_post: int = 1000  # the 1,000th post ...
    milestone_date: str = "2014-08-15"  # ... was in August 2014
    posts_per_year_after: float = 300.0  # about 300 a year since
    no_comments: float = 0.10  # share of posts without a thread
    thread_median: float = 9.0  # top-level comments of a thread: log-normal, median ...
    thread_sigma: float = 1.0  # ... and spread (the long tail: 1 in 160 threads over 100)
    thread_max: int = 300
    replies_share: float = 0.15  # share of top-level comments that have replies
    replies_mean: float = 1.5  # replies under such a comment (geometric)
    length: str = "seeds"  # body lengths: drawn from the seed posts' lengths (in lines)

    def mean_thread(self) -> float:
        """Expected comments and replies of a post."""
        top = self.thread_median * math.exp(self.thread_sigma**2 / 2)
        return (1 - self.no_comments) * top * (1 + self.replies_share * self.replies_mean)

    def describe(self, posts: int) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in asdict(self).items())
        return (f"profile {fields}; expected about {self.mean_thread():.1f} comments a post "
                f"(~{self.mean_thread() * posts:,.0f} for {posts:,} posts)")


REAL = Profile()
OLD_DESCRIPTION = ("profile name=old: about a post a day from 2010-01-04; threads of 0-15 top-level comments "
                   "(seed comments with some of their replies); bodies of 5-40 seed lines")
PROFILES = ("real", "old")


def _date_line(date: dt.date) -> str:
    return date_line(date)


def _comment_lines(comment: Comment, number: int, indent: str) -> list[str]:
    inner = indent + "  "
    lines = [f"{indent}{number}. {comment.lines[0].text if comment.lines else ''}", ""]
    for line in comment.lines[1:]:
        lines += [inner + line.text, ""]
    return lines


def _trimmed(chunk: list[str]) -> list[str]:
    """A body without blank lines around it, and not ending on an intro (``:-``):
    in a dump, "This from the archives:-" followed by the next (older) post's
    date line is an older post reproduced in the body, so the generated post
    would swallow the next one (4,498 posts read back from 4,500 generated)."""
    while chunk and not chunk[0].strip():
        chunk.pop(0)
    while chunk and (not chunk[-1].strip() or chunk[-1].rstrip().endswith(":-")):
        chunk.pop()
    return chunk or ["Text."]


class Generator:
    def __init__(self, seeds: Path, seed: int = 2010) -> None:
        corpus = read(seed_files(seeds), seeds.parent)
        self.random = random.Random(seed)
        self.posts: list[Post] = sorted(corpus.posts, key=lambda p: (p.date, p.title))
        if not any(p.title for p in self.posts) or not any(p.body for p in self.posts):
            raise ValueError(f"{seeds}: no titled posts with text to make an archive from")
        self.titles = [p.title for p in self.posts if p.title]
        self.comments = [c for p in self.posts for c in p.comments]
        self.title_words = sorted({w for t in self.titles for w in t.split()})

    def title(self, index: int) -> str:
        if index % 97 == 13:
            return ""  # now and then an untitled post
        base = self.random.choice(self.titles)
        words = base.split()
        if self.random.random() < 0.7:
            words[self.random.randrange(len(words))] = self.random.choice(self.title_words)
        return " ".join(words)

    def body(self) -> list[str]:
        """A stretch of consecutive lines from a seed post, so structure survives."""
        source = self.random.choice(self.posts)
        lines = [line.text for line in source.body]
        size = self.random.randint(5, 40)
        start = self.random.randrange(max(1, len(lines) - size))
        # a seed's date line would start a post of its own: leave those out
        chunk = [line for line in lines[start : start + size] if not DATE_LINE.match(line.strip())]
        return _trimmed(chunk)

    def thread(self) -> list[Comment]:
        count = self.random.choice([0, 0, 0, 1, 3, 5, 9, 15])
        picked = [self.random.choice(self.comments) for _ in range(count)]
        return [Comment(c.line, c.lines, c.replies[: self.random.randint(0, len(c.replies))]) for c in picked]

    def posts_for(self, count: int) -> list[tuple[dt.date, str, list[str], list[Comment]]]:
        made = []
        date = START
        seen: set[tuple[dt.date, str]] = set()
        for index in range(count):
            title = self.title(index)
            while (date, title.casefold()) in seen:  # the same date and title would be one post
                title = f"{title} {self.random.choice(self.title_words)}".strip()
            seen.add((date, title.casefold()))
            made.append((date, title, self.body(), self.thread()))
            date += dt.timedelta(days=self.random.choice([0, 1, 1, 1, 1, 2]))
        return made


class RealGenerator(Generator):
    """The real blog's profile: its pace, its long-tailed threads, its post lengths."""

    def __init__(self, seeds: Path, seed: int = 2010, profile: Profile = REAL) -> None:
        super().__init__(seeds, seed)
        self.profile = profile
        # every seed comment and reply is a text a reader could have written
        self.texts = [c for c in self.comments] + [r for c in self.comments for r in c.replies]
        self.lengths = sorted(len(p.body) for p in self.posts if p.body)
        # the seeds' body lines one after another: a body is a run of them, of a seed post's length
        self.stream = [line.text for p in self.posts for line in p.body if not DATE_LINE.match(line.text.strip())]

    def date_of(self, index: int) -> dt.date:
        """The date of the index-th post (0-based): an even pace to the milestone, then the later pace."""
        start = dt.date.fromisoformat(self.profile.start)
        milestone = dt.date.fromisoformat(self.profile.milestone_date)
        n = self.profile.milestone_post - 1  # index of the milestone post
        if index <= n:
            return start + dt.timedelta(days=int(index * (milestone - start).days / n))
        return milestone + dt.timedelta(days=int((index - n) * 365.25 / self.profile.posts_per_year_after))

    def body(self) -> list[str]:
        size = self.random.choice(self.lengths)
        start = self.random.randrange(len(self.stream))
        chunk = (self.stream * 2)[start : start + size]  # wraps round to the first seed
        return _trimmed(chunk)

    def _text(self) -> Comment:
        c = self.random.choice(self.texts)
        return Comment(c.line, c.lines)

    def thread(self) -> list[Comment]:
        p = self.profile
        if self.random.random() < p.no_comments:
            return []
        count = min(p.thread_max, max(1, round(self.random.lognormvariate(math.log(p.thread_median), p.thread_sigma))))
        thread = []
        for _ in range(count):
            comment = self._text()
            if self.random.random() < p.replies_share:
                replies = 1
                while self.random.random() > 1 / p.replies_mean:  # geometric, mean replies_mean
                    replies += 1
                comment.replies = [self._text() for _ in range(replies)]
            thread.append(comment)
        return thread

    def posts_for(self, count: int) -> list[tuple[dt.date, str, list[str], list[Comment]]]:
        made = []
        seen: set[tuple[dt.date, str]] = set()
        for index in range(count):
            date = self.date_of(index)
            title = self.title(index)
            while (date, title.casefold()) in seen:  # the same date and title would be one post
                title = f"{title} {self.random.choice(self.title_words)}".strip()
            seen.add((date, title.casefold()))
            made.append((date, title, self.body(), self.thread()))
        return made


def _post_lines(date: dt.date, title: str, body: list[str]) -> list[str]:
    return [_date_line(date), "", title, "", *body, ""]


def describe(profile: str, posts: int) -> str:
    return REAL.describe(posts) if profile == "real" else OLD_DESCRIPTION


def generate(seeds: Path, out: Path, count: int, seed: int = 2010, profile: str = "real") -> list[Path]:
    """Write the dumps of ``count`` posts into ``out``; return their paths."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    generator = RealGenerator(seeds, seed) if profile == "real" else Generator(seeds, seed)
    out.mkdir(parents=True, exist_ok=True)
    made = generator.posts_for(count)
    months: dict[tuple[int, int], list[tuple[dt.date, str, list[str], list[Comment]]]] = {}
    for post in made:
        months.setdefault((post[0].year, post[0].month), []).append(post)
    paths = []
    for (year, month), posts in sorted(months.items()):
        lines: list[str] = []
        for date, title, body, _ in reversed(posts):  # archive pages run newest first
            lines += _post_lines(date, title, body) + [""]
        path = out / f"archive-{year}-{month:02d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
        for number, (date, title, body, thread) in enumerate(posts, 1):
            if not thread:
                continue
            total = sum(1 + len(c.replies) for c in thread)
            lines = _post_lines(date, title, body) + [f"{total} comments:", ""]
            for n, comment in enumerate(thread, 1):
                lines += _comment_lines(comment, n, "  ") + ["    ReplyDelete"]
                if comment.replies:
                    lines.append("    Replies")
                    for r, reply in enumerate(comment.replies, 1):
                        lines += _comment_lines(reply, r, "    ") + ["      Delete"]
            path = out / f"post-{year}-{month:02d}-{number:02d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            paths.append(path)
    return paths
