"""What a reader downloads to search a built site: serve it on 127.0.0.1, open
``search.html?q=WORD`` in headless Chromium, wait for the first results (their
titles and snippets shown), and add up the bytes the server sent.

    .venv/bin/python bench/search_bytes.py docs/_build/html --query grayling

Counted on the server, so the fetches of Pagefind's web worker count too.
The bytes are also given by kind (``by kind``: bytes, files), which shows
what grows with the number of Pagefind bundles (groups of years of posts):
each bundle's entry, page list, filters and the index chunk of the word.
The server sends files uncompressed (as ``python -m http.server`` does);
``compressed bytes`` is what a host that compresses text sends (Read the
Docs does; gzip level 6 of each HTML, JS, CSS, JSON or SVG file; Pagefind's
own files are gzip already and count as they are). Works for the Sphinx
search page as well (results as ``ul.search li``), for comparison with an
older build.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import threading
import time
from pathlib import Path


TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml")  # what a compressing host compresses


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    sent: list[tuple[str, int]] = []
    compressed: list[int] = []

    def log_message(self, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((self.path, source.tell() - start))
        if self.path.split("?")[0].endswith(TEXT):
            source.seek(start)
            self.compressed.append(len(gzip.compress(source.read(), compresslevel=6)))
        else:
            self.compressed.append(source.tell() - start)


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def measure(site: Path, query: str, browser: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    CountingHandler.sent = []
    CountingHandler.compressed = []
    handler = functools.partial(CountingHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/search.html?q={query}"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=browser, args=["--no-sandbox", "--disable-gpu"])
            page = chromium.new_page()
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(".pagefind-ui__result-excerpt, ul.search li p.context", timeout=600_000)
            shown = time.perf_counter() - started
            page.wait_for_load_state("networkidle", timeout=600_000)
            results = page.locator(".pagefind-ui__result, ul.search li").count()
            chromium.close()
    finally:
        httpd.shutdown()
    sent = CountingHandler.sent
    return {"bytes": sum(n for _, n in sent), "compressed bytes": sum(CountingHandler.compressed),
            "requests": len(sent), "results shown": results,
            "seconds to first results": round(shown, 2), "by kind": by_kind(sent),
            "largest": sorted(sent, key=lambda s: -s[1])[:40]}


def kind(path: str) -> str:
    """What a fetched file is: Pagefind's index chunks, filters, page lists
    (``pf_meta``), fragments, its engine and UI, or the page and its assets."""
    name = path.split("?")[0]
    for suffix, label in ((".pf_index", "index chunks"), (".pf_filter", "filters"), (".pf_meta", "page lists"),
                          (".pf_fragment", "fragments"), ("pagefind-entry.json", "bundle entries")):
        if name.endswith(suffix):
            return label
    return "engine and UI" if "/pagefind" in name else "page and assets"


def by_kind(sent: list[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """Bytes and files by kind: with several bundles, what grows with the
    number of bundles (entries, page lists, filters, chunks) shows apart."""
    totals: dict[str, tuple[int, int]] = {}
    for path, size in sent:
        total, count = totals.get(kind(path), (0, 0))
        totals[kind(path)] = (total + size, count + 1)
    return dict(sorted(totals.items(), key=lambda item: -item[1][0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="grayling")
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    figures = measure(args.site, args.query, args.browser)
    for name in ("pagefind", "searchindex.js"):
        if (args.site / name).exists():
            path = args.site / name
            figures[f"{name} on disk"] = folder_size(path) if path.is_dir() else path.stat().st_size
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
