"""Caches of the converter's work, so that a build does not parse and render
again the thousands of dumps and posts that have not changed.

**Parses.** 
``cached(name, data, parse)`` returns ``parse(name, data)``, from the cache
when the same bytes were parsed under the same name by the same converter.
The key is the SHA-256 of the bytes, the name (it is in every post and
problem) and the converter's fingerprint: its version and the source of
every module of the package, so any change to the code invalidates the whole
cache (a stale parse is never reused). Entries are pickles under the folder
that ``using`` sets for the duration of a conversion (the Sphinx build uses
its doctree folder, ``onprobation convert`` ``<out>/_build``); without one,
nothing is cached. Writes are atomic (a temporary file, then a rename); an
unreadable or corrupted entry is ignored and written again. Entries not used
by a whole conversion are removed at its end (``prune``), so the cache does
not grow with the dumps that were edited or removed.

**Rendered post pages** (``post_page``, the larger cost: 17 s of CPU at
4,500 posts against 4 s for reading): a post's page depends only on the post,
the titles and paths of its neighbours, the registry (through the linker) and
the converter's code, so it is kept under a key made of those. The post is
named in the key by where it was parsed from (``cached_posts``: its dump's
cache key, which holds the dump's bytes, name and the converter's code, and
its place in that parse) and its slug, the one field given after parsing,
as long as merging left its thread as parsed; any other post (merged from
several sources, its thread taken from another copy) is named by its whole
content, pickled: 1.2 s for every post at 4,500 posts.

**The garbage collector** is paused while ``using`` is in force: reading and
rendering make millions of small objects and no reference cycle, and each of
Python's full collections walked all of them again (measured: loading the
cached parses took 1.5 s with the collector and 0.4 s without).

The cache folder is build output, trusted like the rest of it: pickles run
code when loaded, so never point it at a folder others can write to.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import hashlib
import importlib.metadata
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import __version__

if TYPE_CHECKING:
    from .mentions import Linker
    from .model import Post, Problem

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
SUFFIX = ".pickle"


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """The converter's version and the source of all its modules (sources/ included)."""
    # the HTML and XML parsers' versions too: a new parser may read the same bytes otherwise
    libraries = " ".join(f"{name}={_version(name)}" for name in ("lxml", "selectolax"))
    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL} {libraries}".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@dataclass
class Cache:
    folder: Path
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    origins: dict[int, Origin] = field(default_factory=dict)  # by id() of the post (held, so ids stay unique)
    pages: dict[str, str] = field(default_factory=dict)  # a post page's path (with .md) -> its key

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + SUFFIX)

    def load(self, key: str) -> tuple[bool, object]:
        try:
            with open(self.path(key), "rb") as handle:
                return True, pickle.load(handle)
        except Exception:  # missing, truncated, corrupted, from an incompatible Python: parse again
            return False, None

    def store(self, key: str, value: object) -> None:
        from .convert import atomic_write  # (convert imports this module)

        try:
            atomic_write(self.path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> int:
        """Remove the entries this conversion did not use; return how many.

        Listed with ``os.scandir`` (a glob of the 9,000 entries at 4,500 posts
        took 0.4 s of every build)."""
        removed = 0
        for folder in _entries(self.folder):
            for entry in _entries(Path(folder.path)):
                name = entry.name
                if name.endswith(SUFFIX) and name[: -len(SUFFIX)] not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
        return removed


def _entries(folder: Path) -> list[os.DirEntry]:
    """The entries of a folder (none when it is not one)."""
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


@dataclass(frozen=True)
class Origin:
    """Where a post was parsed from, and its thread then (to tell whether merging replaced it)."""

    post: Post
    key: str  # the parse's cache key
    index: int  # the post's place among the parse's posts
    comments: list  # the very list the parse gave
    count: int
    declared: int | None

    def names(self, post: Post) -> bool:
        """True when ``post`` is the parsed post with the thread the parse gave."""
        return (post is self.post and post.comments is self.comments and len(post.comments) == self.count
                and post.declared_comments == self.declared)


_CURRENT: contextvars.ContextVar[Cache | None] = contextvars.ContextVar("onprobation_cache", default=None)


@contextlib.contextmanager
def using(folder: Path | None, prune: bool = True) -> Iterator[Cache | None]:
    """Cache parses under ``folder`` (None: no cache) until the block ends;
    then, if ``prune``, remove the entries the block did not use."""
    cache = Cache(Path(folder)) if folder is not None else None
    token = _CURRENT.set(cache)
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield cache
    finally:
        _CURRENT.reset(token)
        if collecting:
            gc.enable()
    if cache is not None and prune:
        cache.prune()


def current() -> Cache | None:
    """The cache in force (``using``), if any."""
    return _CURRENT.get()


def key_of(name: str, data: bytes, parse: Callable[..., object]) -> str:
    return _digest(b"parse", fingerprint().encode(), f"{parse.__module__}.{parse.__qualname__}".encode(),
                   name.encode("utf-8", "surrogatepass"), data)


def cached(name: str, data: bytes, parse: Callable[[str, bytes], T]) -> T:
    """``parse(name, data)``, from the current cache when it holds it.

    ``parse`` must depend only on its two arguments (and the converter's code):
    the result is shared by every build that reads the same bytes under the
    same name. Exceptions are not cached: they propagate, and the next build
    tries again.
    """
    cache = _CURRENT.get()
    if cache is None:
        return parse(name, data)
    return _through(cache, key_of(name, data, parse), lambda: parse(name, data))


def cached_posts(name: str, data: bytes,
                 parse: Callable[[str, bytes], tuple[list[Post], list[Problem]]]) -> tuple[list[Post], list[Problem]]:
    """``cached`` for a parser of posts, noting where each post comes from so
    that ``post_page`` can key its page by that instead of by its content."""
    cache = _CURRENT.get()
    if cache is None:
        return parse(name, data)
    key = key_of(name, data, parse)
    posts, problems = _through(cache, key, lambda: parse(name, data))
    for index, post in enumerate(posts):
        cache.origins[id(post)] = Origin(post, key, index, post.comments, len(post.comments),
                                         post.declared_comments)
    return posts, problems


def cached_file(name: str, path: Path, read: Callable[[str, Path], T]) -> T:
    """``read(name, path)``, from the current cache when the file's bytes were
    read before under the same name by the same code.

    For files read as a stream (a whole-blog export of hundreds of MB): the
    key hashes the file a megabyte at a time, so it is never held in memory.
    ``read`` must depend only on the file's content and its name.
    """
    cache = _CURRENT.get()
    if cache is None:
        return read(name, path)
    content = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            content.update(chunk)
    key = _digest(b"file", fingerprint().encode(), f"{read.__module__}.{read.__qualname__}".encode(),
                  name.encode("utf-8", "surrogatepass"), content.digest())
    return _through(cache, key, lambda: read(name, path))


def _through(cache: Cache, key: str, compute: Callable[[], T]) -> T:
    """The value stored under ``key``, or ``compute()``'s, stored."""
    cache.used.add(key)
    found, value = cache.load(key)
    if found:
        cache.hits += 1
        return value  # type: ignore[return-value]
    cache.misses += 1
    value = compute()
    cache.store(key, value)
    return value


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def content_key(value: object) -> bytes:
    """The bytes of a value's content (no memo: equal values give equal bytes)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo, so shared and copied strings pickle alike (no cycles in the model)
    pickler.dump(value)
    return buffer.getvalue()


def post_page(post: Post, previous: Post | None, following: Post | None, linker: Linker | None = None,
              problems: list[Problem] | None = None, moved_from: str = "") -> str:
    """``pages.post_page``, from the current cache when the post, its neighbours'
    titles and paths, its old address, the registry and the code are unchanged.

    The problems met while rendering (HTML dropped from a rich post) are kept
    with the page and reported again on a hit, so a cached build says what a
    clean one says.
    """
    from .pages import display_title
    from .pages import post_page as render

    cache = _CURRENT.get()
    if cache is None:
        return render(post, previous, following, linker, problems, moved_from)
    neighbours = [(display_title(p), p.path) if p else None for p in (previous, following)]
    key = _digest(b"post-page", fingerprint().encode(), _registry_key(linker), _post_key(cache, post),
                  content_key(neighbours), moved_from.encode())
    cache.used.add(key)
    cache.pages[post.path + ".md"] = key
    found, value = cache.load(key)
    if found and isinstance(value, tuple) and len(value) == 2:
        cache.hits += 1
        page, met = value
    else:
        cache.misses += 1
        met = []
        page = render(post, previous, following, linker, met, moved_from)
        cache.store(key, (page, met))
    if problems is not None:
        problems += met
    return page


def _post_key(cache: Cache, post: Post) -> bytes:
    """The post named by its origin and slug when it is as parsed, else by its content."""
    origin = cache.origins.get(id(post))
    if origin is not None and origin.names(post):
        return _digest(b"origin", origin.key.encode(), str(origin.index).encode(), post.slug.encode()).encode()
    return b"content" + content_key(post)


def _registry_key(linker: Linker | None) -> bytes:
    """The registry's content, hashed once per linker (the same for every post of a conversion)."""
    if linker is None:
        return b""
    key = getattr(linker, "_cache_key", None)
    if key is None:
        # the kinds too: a kind with no entry yet still adds its field to the front matter
        key = hashlib.sha256(content_key((linker.registry.kinds, linker.registry.entities))).digest()
        linker._cache_key = key  # type: ignore[attr-defined]
    return key
