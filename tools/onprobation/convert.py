"""Read dumps, reconcile duplicates, give posts their paths, write the pages.

Pages are written atomically and only when their content changed, so that
Sphinx's incremental builds stay incremental; a generated page whose post is
gone is removed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .decode import decode
from .entities import entity_pages
from .mentions import Linker
from .model import Post, Problem
from .pages import site_pages
from .parse import parse_text
from .registry import Registry, load
from .slug import slugify

# Generated pages live only in these folders under docs/; nothing else is touched.
GENERATED_DIR = re.compile(r"^(?:\d{4}|organisations|reports)$")


@dataclass
class SourceReport:
    """What was read from one file (for ``parse --json`` and the messages)."""

    file: str
    format: str
    entries: int
    posts: int
    comments: int  # flat comments read (rich sources); text threads are counted in the posts
    skipped: dict[str, int]


@dataclass
class Corpus:
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)  # comments left out, by reason


def display_name(path: Path, base: Path | None = None) -> str:
    """The name used in messages and front matter: never an absolute path."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return path.name


def read(paths: list[Path], base: Path | None = None) -> Corpus:
    """Read every source file, whatever its format; one bad file never stops the others.

    Each file's format is told by its content (``sources.detect``): text dumps
    go to the text parser, Blogger's own formats to their readers. Comments
    read flat (feed pages, exports) are tied into threads once every file is
    read (``sources.attach_comments``). Files are named relative to ``base``
    (default: the working folder).
    """
    corpus = Corpus()
    comments: list = []
    drafts: set[str] = set()
    for path in paths:
        name = display_name(path, base)
        try:
            with open(path, "rb") as handle:
                head = handle.read(65536)
        except OSError as error:
            corpus.problems.append(Problem(name, 1, f"cannot read: {error.strerror or error}"))
            continue
        format = sources.detect(head)
        try:
            reading = _read_text(path, name) if format == "text" else sources.read(path, name, format)
        except OSError as error:
            corpus.problems.append(Problem(name, 1, f"cannot read: {error.strerror or error}"))
            continue
        except Exception as error:  # a bug must not stop the other dumps, nor show a traceback
            corpus.problems.append(Problem(name, 1, f"could not be converted ({type(error).__name__}: {error}); "
                                                    "please report this dump"))
            continue
        corpus.posts += reading.posts
        corpus.problems += reading.problems
        comments += reading.comments
        drafts |= reading.drafts
        corpus.sources.append(SourceReport(name, format, reading.entries, len(reading.posts),
                                           len(reading.comments), dict(reading.skipped)))
    dropped = sources.attach_comments(corpus.posts, comments, corpus.problems, drafts)
    corpus.dropped.update(dropped)
    corpus.posts = merge(corpus.posts, corpus.problems)
    assign_slugs(corpus.posts)
    return corpus


def _read_text(path: Path, name: str) -> sources.Reading:
    """A text dump, through the text parser (as before Blogger's formats were read)."""
    reading = sources.Reading("text")
    text, problems = decode(path.read_bytes(), name)
    reading.problems += problems
    if text or not problems:  # an empty file is reported by the parser
        posts, problems = parse_text(text, name)
        reading.posts += posts
        reading.problems += problems
        reading.entries = len(posts)
    return reading


def _words(post: Post) -> list[str]:
    return " ".join(line.text for line in post.body).split()


def merge(posts: list[Post], problems: list[Problem]) -> list[Post]:
    """Copies of one post become one post; different posts stay apart.

    A month's archive page and the post's own page hold the same post, and the
    archive page may be truncated: when one text is the other cut off (same
    date and title), the copies are merged, keeping the fuller text and the
    fuller thread. Two posts with the same date and title but different texts
    are two posts, as on Blogger: both are kept (``assign_slugs`` gives the
    later one the ``_DD`` suffix), so nothing a dump holds is lost.

    The result depends only on the posts' content, never on the order or the
    names of the dumps (they only break ties between identical copies).
    ``problems`` is kept for callers; keeping both posts is not a problem.
    """
    groups: dict[tuple, list[Post]] = defaultdict(list)
    for post in posts:
        groups[post.identity].append(post)
    merged = []
    for group in groups.values():
        # Fullest text first, so that each copy meets the text it was cut from.
        group.sort(key=lambda p: (-len(_words(p)), _words(p), p.title, -p.comment_count, p.file, p.line))
        kept: list[Post] = []
        for post in group:
            words = _words(post)
            same = next((k for k in kept if _is_copy(words, _words(k))), None)
            if same is None:
                kept.append(post)
            elif len(post.comments) > len(same.comments) or post.comment_count > same.comment_count:
                same.comments, same.declared_comments = post.comments, post.declared_comments
        merged += kept
    return merged


def _is_copy(short: list[str], long: list[str]) -> bool:
    """``short`` is ``long`` itself, or ``long`` cut off (an archive page's copy)."""
    return long[: len(short)] == short or _truncated(short, long)


def _truncated(short: list[str], long: list[str]) -> bool:
    """The shorter text is the longer one cut off (its last word may be cut too)."""
    if not short:
        return True
    head, last = short[:-1], short[-1]
    return long[: len(head)] == head and len(long) > len(head) and long[len(head)].startswith(last)


def assign_slugs(posts: list[Post]) -> None:
    """Blogger's slugs; a slug used twice in a month is made unique.

    The earliest post (by date, then title, then text word by word in
    code-point order) keeps the slug; a later one gets Blogger's ``_DD``
    suffix (its day of the month), and a third on the same day ``_DD-3``, and
    so on. The order uses nothing but the posts' own content (never the dumps'
    names or order), and never ties: posts with the same date, title and text
    are one post (``merge``).
    """
    groups: dict[tuple[int, int, str], list[Post]] = defaultdict(list)
    for post in posts:
        groups[(post.date.year, post.date.month, slugify(post.title))].append(post)
    for (_, _, base), group in groups.items():
        group.sort(key=lambda p: (p.date, p.title, _words(p)))
        used: set[str] = set()
        for index, post in enumerate(group):
            slug = base if index == 0 else f"{base}_{post.date.day:02d}"
            n = 2
            while slug in used:
                n += 1
                slug = f"{base}_{post.date.day:02d}-{n}"
            used.add(slug)
            post.slug = slug


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_pages(pages: dict[str, str], out: Path) -> WriteReport:
    """Write pages under ``out``; remove generated pages no longer produced."""
    report = WriteReport()
    for relative, content in sorted(pages.items()):
        target = out / relative
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        atomic_write(target, data)
        report.written.append(relative)
    wanted = {out / relative for relative in pages}
    for folder in sorted(out.iterdir()) if out.is_dir() else []:
        if not (folder.is_dir() and GENERATED_DIR.match(folder.name)):
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                report.removed.append(path.relative_to(out).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()
    return report


def atomic_write(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: a crash never leaves half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def seed_files(seeds: Path) -> list[Path]:
    """Every regular, non-hidden file under the seeds folder (subfolders too), sorted.

    Any name: the format of a file is told by its content. README files and
    anything hidden (or in a hidden folder, such as a fetch's temporary files)
    are left out.
    """
    found = []
    for path in seeds.rglob("*"):
        relative = path.relative_to(seeds)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.upper().startswith("README") or path.is_symlink() or not path.is_file():
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(seeds).as_posix())


def load_registry(folder: Path | None, base: Path | None = None) -> Registry:
    """The registry, or an empty one when there is no registry folder."""
    if folder is None or not folder.is_dir():
        return Registry()
    return load(folder, base)


def convert(
    paths: list[Path], out: Path, base: Path | None = None, registry: Registry | None = None
) -> tuple[Corpus, WriteReport]:
    """Write every page: posts, months, years, and the registry's entities."""
    corpus = read(paths, base)
    registry = registry or Registry()
    corpus.problems += registry.problems
    linker = Linker(registry)
    pages = {**site_pages(corpus.posts, linker), **entity_pages(registry)}
    return corpus, write_pages(pages, out)
