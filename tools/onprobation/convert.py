"""Read dumps, reconcile duplicates, give posts their paths, write the pages.

Pages are written atomically and only when their content changed, so that
Sphinx's incremental builds stay incremental; a generated page whose post is
gone is removed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import stat
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, htmlbody, sources
from .cache import cached_file, cached_posts
from .sources.text import parse as parse_dump
from .entities import LATEST, entity_pages, year_pages
from .mentions import Linker
from .model import Comment, Post, Problem
from .pages import site_pages
from .registry import Registry, load
from .slug import slugify

# Generated pages live only in these folders under docs/ (and those of the
# registry's own kinds, see ``write_pages``); nothing else is touched.
GENERATED_DIR = re.compile(r"^(?:\d{4}|organisations|reports|people)$")
# The parse cache's folder inside Sphinx's doctree folder (``docs/_build/doctrees`` for ``make html``).
CACHE_FOLDER = "onprobation-cache"
# Inside it: the post pages' keys, sizes and times when last written or checked (``write_pages``).
PAGES_MANIFEST = "pages.json"


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
            reading = _read_text(path, name) if format == "text" else cached_file(name, path, read_source)
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
    corpus.posts = merge_sources(corpus.posts, corpus.problems)  # text and Blogger's formats of one post
    corpus.posts = merge(corpus.posts, corpus.problems)
    assign_slugs(corpus.posts, corpus.problems)
    return corpus


def read_source(name: str, path: Path) -> sources.Reading:
    """A file in one of Blogger's own formats (told by its content), read as a stream."""
    return sources.read(path, name)


def _read_text(path: Path, name: str) -> sources.Reading:
    """A text dump, parsed once per content (the converter's cache)."""
    reading = sources.Reading("text")
    reading.posts, reading.problems = cached_posts(name, path.read_bytes(), parse_dump)
    reading.entries = len(reading.posts)
    return reading


def _words(post: Post) -> list[str]:
    if post.html is not None:
        return htmlbody.words(post.html)
    return " ".join(line.text for line in post.body).split()


def _rich(post: Post) -> bool:
    return post.html is not None or bool(post.blogger_id)


def merge_sources(posts: list[Post], problems: list[Problem]) -> list[Post]:
    """One post from its text dump and from Blogger's own formats (export, Takeout, feed, saved page).

    Sources of one post are matched by Blogger's post id when both have one,
    else by date and title. The richest source (HTML body, most words) gives
    the body, its links and the post's fields (an empty field is filled from
    the others); the comments are the union (see ``merge_threads``). A body
    whose words differ beyond truncation or white space is reported, and the
    richest kept. Posts with a single source, and text duplicates (left to
    ``merge``), pass through unchanged.
    """
    groups: dict[object, list[Post]] = {}
    by_identity: dict[tuple, object] = {}
    for post in posts:  # Blogger's formats first: by post id, else by date and title
        if not _rich(post):
            continue
        key = ("id", post.blogger_id) if post.blogger_id else by_identity.get(post.identity, ("post", id(post)))
        if post.blogger_id and key not in groups and post.identity in by_identity:
            other = by_identity[post.identity]
            if not any(p.blogger_id for p in groups[other]):  # a copy without the id: the same post
                groups[key] = groups.pop(other)
        groups.setdefault(key, []).append(post)
        by_identity.setdefault(post.identity, key)
        if by_identity[post.identity] not in groups:
            by_identity[post.identity] = key
    first: dict[int, list[Post]] = {}
    for group in groups.values():
        first[id(group[0])] = group
    merged: list[Post] = []
    for post in posts:
        if _rich(post):
            group = first.get(id(post))
            if group is not None:
                merged.append(group)  # type: ignore[arg-type]
            continue
        key = by_identity.get(post.identity)
        if key is not None and key in groups:
            groups[key].append(post)  # a text dump of a post Blogger's formats have
        else:
            merged.append(post)
    return [_merge_group(item, problems) if isinstance(item, list) else item for item in merged]


def _richness(post: Post) -> tuple:
    return (post.html is None, -len(_words(post)), post.file, post.line)


def _merge_group(group: list[Post], problems: list[Problem]) -> Post:
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=_richness)
    best = copy.copy(group[0])
    for other in group[1:]:
        words, best_words = _words(other), _words(best)
        if words != best_words[: len(words)] and not _truncated(words, best_words):
            problems.append(Problem(other.file, other.line,
                                    f"the same post as {best.file}:{best.line} ({best.format}) but different text; "
                                    "kept the text of the richer source"))
        for name in ("entry_id", "blogger_id", "permalink", "author", "published", "updated", "labels"):
            if not getattr(best, name) and getattr(other, name):
                setattr(best, name, getattr(other, name))
        if other.declared_comments and not best.declared_comments:
            best.declared_comments = other.declared_comments
    best.comments = merge_threads([p.comments for p in group], [p.file for p in group], problems)
    return best


def _comment_words(comment: Comment) -> list[str]:
    if comment.html is not None:
        return htmlbody.words(comment.html)
    return " ".join(line.text for line in comment.lines).split()


def _same_comment(a: Comment, b: Comment) -> bool:
    if a.blogger_id and b.blogger_id:
        return a.blogger_id == b.blogger_id
    if a.published and b.published and a.author and b.author:
        return (a.author, a.published.replace(second=0, microsecond=0)) == (
            b.author, b.published.replace(second=0, microsecond=0))
    x, y = _comment_words(a), _comment_words(b)
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return bool(short) and (short == long[: len(short)] or _truncated(short, long))


def _flatten(comments: list[Comment], parent: Comment | None = None) -> list[tuple[Comment, Comment | None]]:
    out = []
    for comment in comments:
        out.append((comment, parent))
        out += _flatten(comment.replies, comment)
    return out


def merge_threads(threads: list[list[Comment]], files: list[str], problems: list[Problem]) -> list[Comment]:
    """The union of the threads one post has in several sources.

    The thread with the most comments (the richer one on a tie, as the
    threads come richest first) is the base, so its numbering stands; a
    comment of another thread that matches one in it (by Blogger id, else
    author and minute, else text up to truncation) fills in what the base
    lacks (HTML, author, time, ids); one that matches none joins its
    parent's replies, or the end of the thread.
    """
    ranked = sorted(range(len(threads)), key=lambda i: -sum(c.count() for c in threads[i]))
    base = [copy.deepcopy(c) for c in threads[ranked[0]]]
    for index in ranked[1:]:
        known = _flatten(base)
        for comment, parent in _flatten(threads[index]):
            match = next((c for c, _ in known if _same_comment(c, comment)), None)
            if match is not None:
                _fill(match, comment, files[index], problems)
                continue
            new = copy.copy(comment)
            new.replies = []
            host = next((c for c, _ in known if parent is not None and _same_comment(c, parent)), None)
            (host.replies if host is not None else base).append(new)
            known.append((new, host))
    return base


def _fill(target: Comment, other: Comment, file: str, problems: list[Problem]) -> None:
    a, b = _comment_words(target), _comment_words(other)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not target.removed and not other.removed and short != long[: len(short)] and not _truncated(short, long):
        problems.append(Problem(other.file or file, other.line,
                                "the same comment in two sources with different text; kept the first"))
    if target.html is None and other.html is not None:
        target.html = other.html
    for name in ("author", "author_url", "published", "blogger_id", "post_id", "parent_id", "permalink", "file",
                 "entry_id"):
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
    target.removed = target.removed or other.removed


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
        if len(group) == 1:  # most posts: nothing to compare (a post's words cost 60 us to make)
            merged += group
            continue
        words_of = _group_words(group)
        # Fullest text first, so that each copy meets the text it was cut from.
        group.sort(key=lambda p: (-len(words_of[id(p)]), words_of[id(p)], p.title, -p.comment_count, p.file,
                                  p.line))
        kept: list[Post] = []
        for post in group:
            words = words_of[id(post)]
            same = next((k for k in kept if _is_copy(words, words_of[id(k)])), None)
            if same is None:
                kept.append(post)
            elif len(post.comments) > len(same.comments) or post.comment_count > same.comment_count:
                same.comments, same.declared_comments = post.comments, post.declared_comments
        merged += kept
    return merged


def _group_words(group: list[Post]) -> dict[int, list[str]]:
    """Each copy's words by ``id``, made once per copy; copies of a text dump with the
    same lines (a post's page and its month's archive page, most often) share one list.

    When every copy is a text dump with the same lines (most groups), the words
    are not made at all: one list stands for them, as equal to itself as the
    words would be, so ``merge`` sorts and keeps the copies just as it would
    (0.5 s of tomorrow's post at 4,500 posts)."""
    lines_of = {id(post): tuple(line.text for line in post.body) for post in group if post.html is None}
    if len(lines_of) == len(group) and len(set(lines_of.values())) == 1:
        same: list[str] = []
        return {id(post): same for post in group}
    words_of: dict[int, list[str]] = {}
    by_lines: dict[tuple[str, ...], list[str]] = {}
    for post in group:
        if post.html is not None:
            words_of[id(post)] = _words(post)
            continue
        lines = lines_of[id(post)]
        if lines not in by_lines:
            by_lines[lines] = _words(post)
        words_of[id(post)] = by_lines[lines]
    return words_of


def _is_copy(short: list[str], long: list[str]) -> bool:
    """``short`` is ``long`` itself, or ``long`` cut off (an archive page's copy)."""
    return long[: len(short)] == short or _truncated(short, long)


def _truncated(short: list[str], long: list[str]) -> bool:
    """The shorter text is the longer one cut off (its last word may be cut too)."""
    if not short:
        return True
    head, last = short[:-1], short[-1]
    return long[: len(head)] == head and len(long) > len(head) and long[len(head)].startswith(last)


def assign_slugs(posts: list[Post], problems: list[Problem] | None = None) -> None:
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
        if len(group) > 1:  # a sort of one still makes its key: the words, 60 us a post
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
    apply_permalinks(posts, problems)


PERMALINK = re.compile(r"^(\d{4})/(\d{2})/([a-z0-9][a-z0-9_-]*)$")


def apply_permalinks(posts: list[Post], problems: list[Problem] | None = None) -> None:
    """The blog's own path wins over the computed one (``Post.permalink``, "2017/11/probation-jobs").

    Only a permalink of the post's own month and of Blogger's slug alphabet is
    taken (anything else would put the page elsewhere than the date says), and
    only once: a second post claiming the same path keeps its computed slug. A
    computed slug that collides with a permalink taken by another post gets
    the ``_DD`` suffix rule again.
    """
    taken: dict[str, Post] = {}
    for post in sorted(posts, key=lambda p: (p.date, p.title, p.file, p.line)):
        match = PERMALINK.match(post.permalink.strip("/").removesuffix(".html"))
        if not post.permalink:
            continue
        if not match or (int(match[1]), int(match[2])) != (post.date.year, post.date.month):
            if problems is not None:
                problems.append(Problem(post.file, post.line, f"permalink {post.permalink!r} does not fit the "
                                                              f"post's date; kept {post.path}"))
            continue
        path = f"{match[1]}/{match[2]}/{match[3]}"
        if path in taken:
            continue
        taken[path] = post
        post.slug = match[3]
    # A computed path taken by another post's permalink gets the suffix rule again,
    # checked against every path given so far (a new ``_DD`` may be another post's).
    assigned = set(taken)
    clashing = []
    for post in posts:
        if taken.get(post.path) is post:
            continue
        if post.path in assigned:
            clashing.append(post)
        else:
            assigned.add(post.path)
    for post in sorted(clashing, key=lambda p: (p.date, p.title, _words(p))):
        n = 1
        base = post.slug
        while post.path in assigned:
            n += 1
            post.slug = f"{base}_{post.date.day:02d}" + (f"-{n}" if n > 2 else "")
        assigned.add(post.path)


def permalink_moves(posts: list[Post]) -> dict[str, str]:
    """Old path -> new path of each post that its permalink moved from the computed path.

    A page published under the computed path before the blog's own source
    arrived keeps its address as a redirect (unless another post's page is
    there now).
    """
    clones = [copy.copy(post) for post in posts]
    for clone in clones:
        clone.permalink = ""
    assign_slugs(clones)
    paths = {post.path for post in posts}
    return {
        clone.path: post.path
        for clone, post in zip(clones, posts)
        if post.permalink and clone.path != post.path and clone.path not in paths
    }


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_pages(pages: dict[str, str], out: Path, folders: frozenset[str] = frozenset(),
                keys: dict[str, str] | None = None, manifest: Path | None = None) -> WriteReport:
    """Write pages under ``out``; remove generated pages no longer produced
    (in the year folders, the built-in kinds' and ``folders``).

    A page is written only when the file does not hold it already. ``keys``
    (a key of each post page's content, ``cache.post_page``'s) and
    ``manifest`` (a JSON file of the last conversion's keys, sizes and
    modification times) spare reading the thousands of post pages to compare
    them: a page whose key is the one recorded, in a file whose size and
    modification time (in nanoseconds) are those recorded, is the file's."""
    report = WriteReport()
    keys = keys or {}
    out_key = str(out.resolve())  # a cache may serve several output folders
    saved = read_json_object(manifest) if manifest is not None else {}
    last = saved.get("pages", {}) if saved.get("out") == out_key and isinstance(saved.get("pages"), dict) else {}
    recorded: dict[str, list] = {}
    for relative, content in sorted(pages.items()):
        target = out / relative
        key = keys.get(relative)
        if key is not None and (stamp := _stamp(target)) is not None and last.get(relative) == [key, *stamp]:
            recorded[relative] = last[relative]
            report.unchanged += 1
            continue
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
        else:
            atomic_write(target, data)
            report.written.append(relative)
        if key is not None and (stamp := _stamp(target)) is not None:
            recorded[relative] = [key, *stamp]
    if manifest is not None and recorded != last:
        atomic_write(manifest, json.dumps({"out": out_key, "pages": recorded}, sort_keys=True).encode("utf-8"))
    wanted = {out / relative for relative in pages}
    for folder in sorted(out.iterdir()) if out.is_dir() else []:
        if not (folder.is_dir() and (GENERATED_DIR.match(folder.name) or folder.name in folders)):
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


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time in nanoseconds (None if it is not a file)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns) if stat.S_ISREG(status.st_mode) else None


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


def read_json_object(path: Path) -> dict:
    """A JSON object a previous build left (a manifest, hashes of inputs); ``{}``
    when missing, unreadable or not an object: the caller then redoes its work."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


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
        moves = permalink_moves(corpus.posts)
        site = site_pages(corpus.posts, linker, corpus.problems, moves, render=cache.post_page)
        pages = {**site, **entity_pages(registry), **year_pages(registry, site, latest)}
        current = cache.current()
        keys, manifest = (current.pages, current.folder / PAGES_MANIFEST) if current else (None, None)
        return corpus, write_pages(pages, out, frozenset(kind.folder for kind in registry.kinds), keys, manifest)
