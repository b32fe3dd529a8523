"""Read dumps, reconcile duplicates, give posts their paths, write the pages.

Pages are written atomically and only when their content changed, so that
Sphinx's incremental builds stay incremental; a generated page whose post is
gone is removed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .cache import cached
from .decode import decode
from .entities import LATEST, entity_pages, year_pages
from .mentions import Linker
from .model import Post, Problem
from .parse import parse_text
from .registry import Registry, load
from .slug import slugify

# Generated pages live only in these folders under docs/; nothing else is touched.
GENERATED_DIR = re.compile(r"^(?:\d{4}|organisations|reports)$")
# The parse cache's folder inside Sphinx's doctree folder (``docs/_build/doctrees`` for ``make html``).
CACHE_FOLDER = "onprobation-cache"


@dataclass
class Corpus:
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def display_name(path: Path, base: Path | None = None) -> str:
    """The name used in messages and front matter: never an absolute path."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return path.name


def parse_dump(name: str, data: bytes) -> tuple[list[Post], list[Problem]]:
    """The posts of one text dump and the problems met (what ``cached`` keeps)."""
    text, problems = decode(data, name)
    posts: list[Post] = []
    if text or not problems:  # an empty file is reported by the parser
        posts, more = parse_text(text, name)
        problems += more
    return posts, problems


def read(paths: list[Path], base: Path | None = None) -> Corpus:
    """Parse every dump; one unreadable file never stops the others.

    Files are named relative to ``base`` (default: the working folder).
    """
    corpus = Corpus()
    for path in paths:
        name = display_name(path, base)
        try:
            data = path.read_bytes()
        except OSError as error:
            corpus.problems.append(Problem(name, 1, f"cannot read: {error.strerror or error}"))
            continue
        try:
            posts, problems = cached(name, data, parse_dump)
            corpus.posts += posts
            corpus.problems += problems
        except Exception as error:  # a bug must not stop the other dumps, nor show a traceback
            corpus.problems.append(Problem(name, 1, f"could not be converted ({type(error).__name__}: {error}); "
                                                    "please report this dump"))
    corpus.posts = merge(corpus.posts, corpus.problems)
    assign_slugs(corpus.posts)
    return corpus


def _words(post: Post) -> list[str]:
    return " ".join(line.text for line in post.body).split()


def merge(posts: list[Post], problems: list[Problem]) -> list[Post]:
    """One post per date and title: keep the fullest text and the thread.

    A month's archive page and the post's own page hold the same post; the
    archive page may be truncated. A difference that is not truncation is
    reported, and the longer text kept.
    """
    groups: dict[tuple, list[Post]] = defaultdict(list)
    for post in posts:
        groups[post.identity].append(post)
    merged = []
    for group in groups.values():
        group.sort(key=lambda p: (-len(_words(p)), p.file, p.line))
        best = group[0]
        for other in group[1:]:
            words, best_words = _words(other), _words(best)
            if best_words[: len(words)] != words and not _truncated(words, best_words):
                problems.append(
                    Problem(
                        other.file,
                        other.line,
                        f"same date and title as {best.file}:{best.line} but different text; "
                        "kept the longer version",
                    )
                )
            if len(other.comments) > len(best.comments) or (
                other.comment_count > best.comment_count
            ):
                best.comments, best.declared_comments = other.comments, other.declared_comments
        merged.append(best)
    return merged


def _truncated(short: list[str], long: list[str]) -> bool:
    """The shorter text is the longer one cut off (its last word may be cut too)."""
    if not short:
        return True
    head, last = short[:-1], short[-1]
    return long[: len(head)] == head and len(long) > len(head) and long[len(head)].startswith(last)


def assign_slugs(posts: list[Post]) -> None:
    """Blogger's slugs; a slug used twice in a month is made unique.

    The earliest post (by date, then title, then text) keeps the slug; a later
    one gets Blogger's ``_DD`` suffix (its day of the month), and a third on
    the same day ``_DD-3``, and so on.
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
    return sorted(p for p in seeds.glob("*.txt") if p.is_file())


def load_registry(folder: Path | None, base: Path | None = None) -> Registry:
    """The registry, or an empty one when there is no registry folder."""
    if folder is None or not folder.is_dir():
        return Registry()
    return load(folder, base)


def convert(
    paths: list[Path], out: Path, base: Path | None = None, registry: Registry | None = None,
    cache_dir: Path | None = None, latest: int = LATEST,
) -> tuple[Corpus, WriteReport]:
    """Write every page: posts, months, years, and the registry's entities.

    With ``cache_dir``, each dump's parse and each post's page are kept there
    by their content (``cache.py``), so what did not change is not parsed or
    rendered again. An entity mentioned in more than ``latest`` posts gets a
    page per year of mentions.
    """
    registry = registry or Registry()
    with cache.using(cache_dir):
        corpus = read(paths, base)
        corpus.problems += registry.problems
        linker = Linker(registry)
        site = cache.site_pages(corpus.posts, linker)  # pages.site_pages, cached per post
        pages = {**site, **entity_pages(registry), **year_pages(registry, site, latest)}
        return corpus, write_pages(pages, out)
