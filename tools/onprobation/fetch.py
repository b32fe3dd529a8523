"""``onprobation fetch``: save the blog's public feeds, page by page, unchanged.

Pages through ``/feeds/posts/default`` and ``/feeds/comments/default`` with
``start-index`` and ``max-results`` (Atom, or ``alt=json``) and saves each
response byte for byte as ``<out>/posts-000001.atom``, ``posts-000151.atom``,
..., ``comments-000001.atom`` (named by start index): the raw responses are
the archive's evidence.

- **Resumes**: pages already saved are not fetched again; the last saved page
  of each feed is fetched again when it was short (the end of the feed then),
  since entries may have arrived since.
- **Never rewrites**: a page is written to a hidden temporary file, then
  renamed; a saved page is never changed. A re-fetched last page whose
  content changed is saved beside it as ``posts-000451-2.atom`` (the readers
  keep an entry read twice once).
- **Polite**: waits ``delay`` seconds between requests, sends a User-Agent,
  retries 5xx, 429 and timeouts with exponential backoff (bounded tries,
  honouring ``Retry-After``), stops at an empty page or when
  ``openSearch:totalResults`` is reached.
- The feeds run newest first: entries published since the saved pages push
  the others towards the end. When ``totalResults`` has grown, the new entries
  (at the front) are saved as ``posts-new-<total>-000001.atom``; entries seen
  twice (the shifted pages) are kept once when read.

Only the standard library (``urllib``): no new dependency for one GET loop.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "onprobation-archive-fetch/0.1 (a one-off archive of a public blog; python-urllib)"
FEEDS = ("posts", "comments")
EXTENSIONS = {"atom": "atom", "json": "json"}
RETRY_STATUS = frozenset((429, 500, 502, 503, 504))
_PAGE = re.compile(r"^(posts|comments)-(\d{6,})(?:-(\d+))?\.(atom|json)$")


class FetchError(Exception):
    """A request that failed for good (after the retries, or a 4xx)."""


@dataclass
class FeedProgress:
    feed: str
    saved_up_to: int = 0  # the highest entry index saved
    total: int | None = None  # openSearch:totalResults, when the feed says it
    pages_fetched: int = 0
    pages_saved: int = 0
    complete: bool = False
    error: str = ""

    def __str__(self) -> str:
        total = f" of {self.total:,}" if self.total is not None else ""
        span = f"1-{self.saved_up_to:,}" if self.saved_up_to else "none"
        state = "" if self.complete else f" (stopped: {self.error})" if self.error else " (not finished)"
        return f"{self.feed} {span}{total} saved{state}"


@dataclass
class FetchReport:
    feeds: list[FeedProgress] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(f.complete for f in self.feeds)

    def __str__(self) -> str:
        return "; ".join(map(str, self.feeds))


def page_info(data: bytes, fmt: str) -> tuple[int, int | None, int | None]:
    """(entries, totalResults, itemsPerPage) of a saved page; raises ValueError if not a feed page."""
    if fmt == "json":
        text = data.decode("utf-8").strip()
        if not text.startswith("{"):
            text = text[text.index("(") + 1: text.rindex(")")]
        feed = json.loads(text)["feed"]

        def number(key: str) -> int | None:
            value = (feed.get(key) or {}).get("$t")
            return int(value) if value and str(value).isdigit() else None

        return len(feed.get("entry") or []), number("openSearch$totalResults"), number("openSearch$itemsPerPage")
    text = data.decode("utf-8", errors="replace")
    if "<feed" not in text[:4096] or "</feed>" not in text[-4096:]:
        raise ValueError("not a whole Atom feed page")

    def tag(name: str) -> int | None:
        match = re.search(rf"<openSearch:{name}>\s*(\d+)\s*</openSearch:{name}>", text)
        return int(match[1]) if match else None

    return len(re.findall(r"<entry[\s>]", text)), tag("totalResults"), tag("itemsPerPage")


def saved_pages(out: Path, feed: str, fmt: str) -> dict[int, Path]:
    """start index -> the latest saved version of that page."""
    found: dict[int, tuple[int, Path]] = {}
    if out.is_dir():
        for path in out.iterdir():
            match = _PAGE.match(path.name)
            if match and match[1] == feed and match[4] == EXTENSIONS[fmt]:
                start, version = int(match[2]), int(match[3] or 1)
                if start not in found or version > found[start][0]:
                    found[start] = (version, path)
    return {start: path for start, (_, path) in sorted(found.items())}


def save(out: Path, name: str, data: bytes) -> Path:
    """Write a new page atomically; an existing page is never rewritten (a changed one gets ``-2``...)."""
    out.mkdir(parents=True, exist_ok=True)
    stem, _, suffix = name.rpartition(".")
    target, version = out / name, 1
    while target.exists():
        if target.read_bytes() == data:
            return target
        version += 1
        target = out / f"{stem}-{version}.{suffix}"
    fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, target)  # fails if the name appeared meanwhile: never replaces a page
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    Path(tmp).unlink(missing_ok=True)
    return target


def get(url: str, *, tries: int = 5, backoff: float = 2.0, timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] = lambda _: None) -> bytes:
    """GET with retries on 5xx, 429 and timeouts; exponential backoff, bounded."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    for attempt in range(1, tries + 1):
        wait = backoff * 2 ** (attempt - 1)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code not in RETRY_STATUS:
                raise FetchError(f"HTTP {error.code} {error.reason} for {url}") from None
            retry_after = error.headers.get("Retry-After", "") if error.headers else ""
            if retry_after.isdigit():
                wait = max(wait, min(float(retry_after), 600.0))
            reason = f"HTTP {error.code}"
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, http.client.HTTPException) as error:
            reason = str(getattr(error, "reason", error)) or type(error).__name__
        if attempt == tries:
            raise FetchError(f"{reason} for {url}, {tries} tries") from None
        log(f"{reason}; trying again in {wait:g} s")
        sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def fetch(blog: str, out: Path, fmt: str = "atom", delay: float = 1.0, max_results: int = 150, *,
          tries: int = 5, backoff: float = 2.0, timeout: float = 60.0,
          sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] = lambda _: None) -> FetchReport:
    """Fetch both feeds of ``blog`` into ``out``; see the module's docstring."""
    parts = urlsplit(blog.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{blog!r} is not the address of a blog (https://NAME.blogspot.com)")
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r} (atom or json)")
    if not 1 <= max_results <= 500:
        raise ValueError("--max-results must be between 1 and 500 (Blogger's cap)")
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    report = FetchReport()
    first_request = True
    for feed in FEEDS:
        progress = FeedProgress(feed)
        report.feeds.append(progress)
        saved = saved_pages(out, feed, fmt)
        start = 1
        before_total: int | None = None
        # Resume: walk the chain of pages already saved; stop at the last one if it was short.
        while start in saved:
            try:
                count, total, per_page = page_info(saved[start].read_bytes(), fmt)
            except (ValueError, KeyError, UnicodeDecodeError):
                break  # a saved file that is not a whole page: fetch it again (saved beside it)
            progress.total = total if total is not None else progress.total
            before_total = before_total if before_total is not None else total
            at_end = total is not None and start + count - 1 >= total
            if count == 0 or count < (per_page or max_results) or at_end:
                break  # the last page (short, or at the end): fetch it again
            progress.saved_up_to = start + count - 1
            start += count
        while True:
            url = f"{base}/feeds/{feed}/default?start-index={start}&max-results={max_results}"
            if fmt == "json":
                url += "&alt=json"
            if not first_request:
                sleep(delay)
            first_request = False
            try:
                data = get(url, tries=tries, backoff=backoff, timeout=timeout, sleep=sleep, log=log)
                count, total, _ = page_info(data, fmt)
            except FetchError as error:
                progress.error = str(error)
                break
            except (ValueError, KeyError, UnicodeDecodeError) as error:
                progress.error = f"the answer to {url} is not a feed page ({error}); nothing saved"
                break
            progress.pages_fetched += 1
            progress.total = total if total is not None else progress.total
            before = saved.get(start)
            path = save(out, f"{feed}-{start:06d}.{EXTENSIONS[fmt]}", data)
            if before is None or path != before:
                progress.pages_saved += 1
            if count:
                progress.saved_up_to = max(progress.saved_up_to, start + count - 1)
            log(f"{feed} {start}-{start + count - 1}" + (f" of {total:,}" if total is not None else "")
                + f": {path.name}")
            if count == 0 or (total is not None and start + count - 1 >= total) or \
                    (total is None and count < max_results):
                progress.complete = True
                break
            start += count
        grown = (progress.total or 0) - (before_total or progress.total or 0)
        if progress.complete and grown > 0:
            # Entries published since the saved pages: the feed runs newest first, so they are
            # at the front, and the saved pages shifted. Fetch them under their own names.
            for first in range(1, grown + 1, max_results):
                url = f"{base}/feeds/{feed}/default?start-index={first}&max-results={min(max_results, grown - first + 1)}"
                if fmt == "json":
                    url += "&alt=json"
                sleep(delay)
                try:
                    data = get(url, tries=tries, backoff=backoff, timeout=timeout, sleep=sleep, log=log)
                    page_info(data, fmt)
                except (FetchError, ValueError, KeyError, UnicodeDecodeError) as error:
                    progress.complete, progress.error = False, f"new entries at the front not saved: {error}"
                    break
                progress.pages_fetched += 1
                path = save(out, f"{feed}-new-{progress.total:06d}-{first:06d}.{EXTENSIONS[fmt]}", data)
                progress.pages_saved += 1
                log(f"{feed}: {grown} new since the last run: {path.name}")
    return report

