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
  titles of posts, which the posts themselves hold; so are an entity's year
  pages (``organisations/napo/2015``), lists of posts under the entity's name,
  which would otherwise be a result for its name once a year. A hidden block gives
  Pagefind the title and date (``data-pagefind-meta``) and the filters
  ``year`` and ``organisation`` (``data-pagefind-filter``) of each post.
- ``build-finished``: removes any ``searchindex.js`` an older build left,
  then brings the Pagefind bundles up to date (``search_bundles``): past
  years of posts in groups, the current year alone, and one for every other
  searched page, each its own Pagefind
  run, only those whose pages changed, at most ``-j`` at a time. A failure is
  a Sphinx warning, never a traceback. The search page (``html-collect-pages``)
  gets the list of bundles, known once every document is read: the first is
  the primary, the others are merged into it in the browser.

Pinpoints. Pagefind records the position of every element with an ``id``
(``anchors`` in a result's data) and of every hit (``locations``). Its own
sub-results use only headings; ``_static/search.js`` maps each hit to the
nearest preceding paragraph (``p12``) or comment (``c4-1``) anchor, links the
result there and lists the paragraphs and comments that match.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from .domain import OpDomain, registry_of
from .entities import display_date
from .search_bundles import GROUP_POSTS, PAGES, ROOT, bundle_names, update_bundles, year_bundle, year_groups

logger = logging.getLogger(__name__)

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
        plan = search_plan(app)
        context = {"pagefind_root": ROOT, "pagefind_bundles": list(plan),
                   "pagefind_pages": {name: len(pages) for name, pages in plan.items()},
                   "pagefind_filters": {"year": year_totals(app)}}  # fmt: skip
        yield "search", context, "search.html"


def year_totals(app: Sphinx) -> dict[str, int]:
    """Posts a year, as the ``year`` filter counts them: the search page's
    filters before a query, with no filter file fetched (see search.js)."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    totals: dict[str, int] = defaultdict(int)
    for post in domain.posts.values():
        totals[post["date"][:4]] += 1
    return dict(sorted(totals.items()))


def page_kind(app: Sphinx, pagename: str) -> str:
    """``post``, ``entity``, ``page`` (searched) or ``""`` (not searched)."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    if pagename in domain.posts:
        return "post"
    if pagename in domain.entities:
        return "entity"
    metadata = app.env.metadata.get(pagename, {})
    parent = pagename.rpartition("/")[0]
    if parent in domain.entities:  # an entity's year page: a list of posts
        return ""
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


def search_plan(app: Sphinx) -> dict[str, list[str]]:
    """Bundle name -> the searched pages in it (paths relative to the output
    folder), in :func:`bundle_names` order: the primary first."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    outdir = Path(app.outdir)
    by_year: dict[str, list[str]] = defaultdict(list)
    pages: list[str] = []
    for docname in sorted(app.env.found_docs):
        kind = page_kind(app, docname)
        if not kind:
            continue
        path = Path(app.builder.get_outfilename(docname)).relative_to(outdir).as_posix()
        (by_year[domain.posts[docname]["date"][:4]] if kind == "post" else pages).append(path)
    groups = year_groups({year: len(posts) for year, posts in by_year.items()},
                         app.config.onprobation_search_group_posts)
    plan = {PAGES: pages} if pages else {}
    plan.update({year_bundle(group): sorted(p for year in group for p in by_year[year]) for group in groups})
    return {name: plan[name] for name in bundle_names(groups, has_pages=bool(pages))}


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: no Sphinx index left behind; the Pagefind bundles updated."""
    if exception is not None or not _enabled(app):
        return
    outdir = Path(app.outdir)
    try:
        for name in SPHINX_SEARCH_FILES:
            (outdir / name).unlink(missing_ok=True)
        outcomes = update_bundles(outdir, Path(app.doctreedir) / ROOT, search_plan(app), jobs=app.parallel)
    except OSError as error:  # e.g. the output folder is read-only
        logger.warning("search: could not write the search index: %s", error, type="onprobation", subtype="search")
        return
    kept = [o.name for o in outcomes if o.status == "kept"]
    for outcome in outcomes:
        if outcome.status == "failed":
            logger.warning("search: bundle %s: %s", outcome.name, outcome.detail, type="onprobation", subtype="search")
        elif outcome.status == "indexed":
            logger.info("search: Pagefind indexed %d pages into bundle %s in %.1f s",
                        outcome.pages, outcome.name, outcome.seconds)
    if kept:
        logger.info("search: %d bundles unchanged: %s", len(kept), " ".join(kept))


def setup(app: Sphinx) -> None:
    # The most posts of a bundle of past years (search_bundles.year_groups):
    # Pagefind holds about 1.1 MB a post of this blog while it indexes them.
    app.add_config_value("onprobation_search_group_posts", GROUP_POSTS, "", types=frozenset({int}))
    app.connect("builder-inited", disable_sphinx_search)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", mark_page)
    app.connect("build-finished", index_site)
