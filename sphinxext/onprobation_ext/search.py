"""Search with Pagefind instead of Sphinx's own search.

Why Pagefind. Sphinx's search (and lunr or elasticlunr, which work the same
way) ships one index of every word of the site to every reader before the
first result can be shown: at the real archive's size (4,500 posts, 74,000
comments) ``searchindex.js`` is 15 MB, and Sphinx then fetches the whole page
of every result to make its snippets (53.6 MB for "grayling"). Building that
index (stemming every word) was also the largest single cost of a build.
Pagefind indexes the built HTML after the build into many small compressed
chunks and fragments; the browser loads the chunks of the words it is asked
for and the fragments of the results it shows, so what a reader downloads
grows with the query, not with the archive. It is a single static binary (the
``pagefind-bin`` wheel), works offline, needs no server of its own, and its
indexing is driven by ``data-pagefind-*`` attributes in the HTML, so the
MyST pages the converter writes do not change.

What this module does, for HTML builders that have a search page:

- ``builder-inited``: turns off Sphinx's search index (the builder's
  ``search`` attribute, the switch Sphinx's own help builders use), so no
  word is stemmed or indexed by Sphinx, and adds the search page back
  (``html-collect-pages``) drawn by ``docs/_templates/search.html``, which
  loads Pagefind's UI and ``_static/search.js``.
- ``html-page-context``: marks what is searched. A post, an organisation or
  report page, or a prose page (``citing``) has its body wrapped in
  ``data-pagefind-body``; everything that is not the blog's words is
  ``data-pagefind-ignore``: paragraph and comment numbers, the post's
  metadata line, "Cite this", "archived" links, the previous/next line, the
  heading links, and on entity pages the lists of posts (else every entity
  page would match the titles of the posts it lists). Breadcrumbs, sidebar
  and footer are outside the body, so never searched. Listing pages (home,
  years, months, the lists of organisations and reports) and pages with
  Sphinx's ``nosearch`` metadata are not indexed at all: they hold only the
  titles of posts, which the posts themselves hold. A hidden block gives
  Pagefind the title and date (``data-pagefind-meta``) and the filters
  ``year`` and ``organisation`` (``data-pagefind-filter``) of each post.
- ``build-finished``: removes any ``searchindex.js`` an older build left,
  then runs the Pagefind binary on the output folder into a temporary folder
  and swaps it in as ``pagefind/`` (no stale fragment survives, and a failed
  run leaves the previous index). A failure is a Sphinx warning, never a
  traceback.

Pinpoints. Pagefind records the position of every element with an ``id``
(``anchors`` in a result's data) and of every hit (``locations``). Its own
sub-results use only headings; ``_static/search.js`` maps each hit to the
nearest preceding paragraph (``p12``) or comment (``c4-1``) anchor, links the
result there and lists the paragraphs and comments that match.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from .domain import OpDomain, registry_of
from .entities import display_date

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the folder of the index, under the output folder
# Elements (by class) that are not the blog's words.
IGNORED = {
    "no-search", "paranum", "commentnum", "post-meta", "cite-this", "archived", "post-nav",
    "headerlink", "thread-title",
    # entity pages: the lists of posts mentioning it, the chart, the counts
    "backlinks-title", "backlinks-summary", "backlinks-year", "backlinks", "chart",
}  # fmt: skip
ENTITY_WEIGHT = 0.3  # of the words of an organisation's or report's page (a post's count 1)
LISTING = re.compile(r"^(?:.*/)?index$")  # home, years, months, lists of organisations and reports
START_TAG = re.compile(r'<([a-z][a-z0-9]*)\b([^<>]*?\sclass="([^"]*)")')
# Sphinx's own search files: not shipped once Pagefind searches.
SPHINX_SEARCH_FILES = ("searchindex.js", "_static/searchtools.js", "_static/language_data.js")


def _enabled(app: Sphinx) -> bool:
    return bool(getattr(app.builder, "_onprobation_pagefind", False))


def disable_sphinx_search(app: Sphinx) -> None:
    """``builder-inited``: no Sphinx search index; Pagefind's page instead."""
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and builder.search:
        builder.search = False  # no IndexBuilder: nothing is stemmed or fed
        builder._onprobation_pagefind = True  # type: ignore[attr-defined]


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the search page, drawn by ``search.html``."""
    if _enabled(app):
        yield "search", {"pagefind_bundle": BUNDLE}, "search.html"


def page_kind(app: Sphinx, pagename: str) -> str:
    """``post``, ``entity``, ``page`` (searched) or ``""`` (not searched)."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    if pagename in domain.posts:
        return "post"
    if pagename in domain.entities:
        return "entity"
    metadata = app.env.metadata.get(pagename, {})
    if (pagename not in app.env.found_docs or LISTING.match(pagename) or pagename == app.config.root_doc
            or "nosearch" in metadata or "no-search" in metadata):
        return ""
    return "page"


def short_name(name: str) -> str:
    """A filter label: "Napo – the trade union ..." -> "Napo"."""
    return name.split(" – ", 1)[0].strip()


def _ignore(match: re.Match[str]) -> str:
    if IGNORED & set(match[3].split()):
        return f"<{match[1]}{match[2]} data-pagefind-ignore"
    return match[0]


def _hidden(attribute: str, value: str) -> str:
    return f'<span {attribute}>{html.escape(value, quote=False)}</span>'


def searchable_body(app: Sphinx, pagename: str, body: str) -> str:
    """The page body marked for Pagefind: its words, meta and filters."""
    kind = page_kind(app, pagename)
    if not kind:
        return body
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
    if kind == "post":
        title = domain.posts[pagename]["display"]
    # The title, always given: else Pagefind takes the first h1 of the page, the sidebar's.
    data = [_hidden('data-pagefind-meta="title"', title)] if title else []
    if kind == "post":
        post = domain.posts[pagename]
        data.append(_hidden('data-pagefind-meta="date"', display_date(post["date"])))
        data.append(_hidden('data-pagefind-filter="year"', post["date"][:4]))
        registry = registry_of(app.env)
        filters = {k.type: k.search_filter for k in registry.kinds if k.search_filter}
        names = set()
        for name in domain.mentions.get(pagename, {}):
            type_, _, key = name.partition(":")
            entity = registry.get(type_, key) if type_ in filters else None
            if entity is not None:
                names.add((filters[type_], short_name(entity.name)))
        data.extend(_hidden(f'data-pagefind-filter="{f}"', n) for f, n in sorted(names))
    elif kind == "entity":
        labels = {k.type: k.search_kind for k in registry_of(app.env).kinds}
        data.append(_hidden('data-pagefind-meta="kind"', labels.get(domain.entities[pagename][0], "")))
    hidden = f'<div hidden data-pagefind-ignore>{"".join(data)}</div>' if data else ""
    # An organisation's or report's page is short, so one word of its
    # description would outrank the posts that discuss it: its words count
    # less (its name, in the title, still puts it first for a search of it).
    weight = f' data-pagefind-weight="{ENTITY_WEIGHT}"' if kind == "entity" else ""
    return f'<div class="pagefind-body" data-pagefind-body{weight}>{hidden}\n{START_TAG.sub(_ignore, body)}</div>'


def mark_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: mark the body of a searched page."""
    if not _enabled(app):
        return
    if doctree is not None and isinstance(context.get("body"), str):
        context["body"] = searchable_body(app, pagename, context["body"])


def pagefind_executable() -> str | None:
    """The binary of the ``pagefind-bin`` wheel, else one on the PATH."""
    try:
        import pagefind_bin

        return str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def run_pagefind(outdir: Path) -> tuple[str, float] | None:
    """Index ``outdir`` into ``outdir/pagefind``; return Pagefind's report and
    the time it took, or ``None`` after a warning."""
    executable = pagefind_executable()
    if executable is None:
        logger.warning("search: the Pagefind binary is not installed (pip install pagefind-bin); "
                       "the site has no search index", type="onprobation", subtype="search")
        return None
    target, temporary = outdir / BUNDLE, outdir / f"{BUNDLE}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    command = [executable, "--site", str(outdir), "--output-path", str(temporary),
               "--keep-index-url", "--force-language", "en"]  # fmt: skip
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("search: Pagefind could not run: %s", error, type="onprobation", subtype="search")
        return None
    if done.returncode != 0 or not (temporary / "pagefind.js").is_file():
        detail = " ".join((done.stderr or done.stdout).split())[-500:]
        logger.warning("search: Pagefind failed (exit %s): %s", done.returncode, detail,
                       type="onprobation", subtype="search")
        shutil.rmtree(temporary, ignore_errors=True)
        return None
    shutil.rmtree(target, ignore_errors=True)
    temporary.rename(target)
    return done.stdout, time.perf_counter() - started


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: no Sphinx index left behind; the Pagefind index made."""
    if exception is not None or not _enabled(app):
        return
    outdir = Path(app.outdir)
    try:
        for name in SPHINX_SEARCH_FILES:
            (outdir / name).unlink(missing_ok=True)
        result = run_pagefind(outdir)
    except OSError as error:  # e.g. the output folder is read-only
        logger.warning("search: could not write the search index: %s", error, type="onprobation", subtype="search")
        return
    if result is not None:
        report, seconds = result
        pages = re.search(r"Indexed (\d+) pages?", report)
        logger.info("search: Pagefind indexed %s pages in %.1f s", pages[1] if pages else "the", seconds)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", disable_sphinx_search)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", mark_page)
    app.connect("build-finished", index_site)
