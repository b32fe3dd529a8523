"""A deterministic synthetic archive made from the seeds, for benchmarks.

N posts at the blog's own pace (about one a day, from January 2010 on), so a
larger archive spans more years rather than crowding more posts into a
month, as the real one grew. Titles, paragraphs and comments are drawn from
the seed posts (which bring their organisation mentions with them). Dumps
are written in the seeds' own format: one archive page per month (newest
first) and a single-post page with the thread for every post that has
comments.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from .convert import read, seed_files
from .model import Comment, Post
from .dates import date_line
from .parse import DATE_LINE

START = dt.date(2010, 1, 4)


def _date_line(date: dt.date) -> str:
    return date_line(date)


def _comment_lines(comment: Comment, number: int, indent: str) -> list[str]:
    inner = indent + "  "
    lines = [f"{indent}{number}. {comment.lines[0].text if comment.lines else ''}", ""]
    for line in comment.lines[1:]:
        lines += [inner + line.text, ""]
    return lines


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
        while chunk and not chunk[0].strip():
            chunk.pop(0)
        return chunk or ["Text."]

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


def _post_lines(date: dt.date, title: str, body: list[str]) -> list[str]:
    return [_date_line(date), "", title, "", *body, ""]


def generate(seeds: Path, out: Path, count: int, seed: int = 2010) -> list[Path]:
    """Write the dumps of ``count`` posts into ``out``; return their paths."""
    generator = Generator(seeds, seed)
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
