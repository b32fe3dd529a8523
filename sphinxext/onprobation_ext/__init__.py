"""Sphinx extension of the On Probation archive.

- ``convert``: runs the converter on ``builder-inited``, so a plain
  ``sphinx-build`` turns ``seeds/`` into pages first (only changed pages are
  rewritten, keeping incremental builds incremental).
- ``anchors``: numbers the paragraphs (``#p1``) and comments (``#c4-1``) of
  every post, visibly, in every builder.
- ``links``: one text per link, so long URLs break in the PDF.
- ``domain``: the ``op`` domain of posts and of each kind of entity in the
  table of kinds (``onprobation/kinds.toml``), with its roles (``{org}``,
  ``{report}``, ``{person}``..., ``{post}``) and a domain index per kind.
- ``mentions``: records which paragraph first mentions each entity, and
  indexes every mention under the entity's full name (a person's sort form).
- ``entities``: the entity pages (backlinks, lists, counts).
- ``posts``: records posts; the ``latest-posts`` directive of the home page.
- ``citation``: "Cite this" (reference, BibTeX, RIS), the PDF citation line,
  and Highwire / Dublin Core / Open Graph / JSON-LD metadata.
- ``feeds``: Atom feeds of the latest posts and per entity of a kind with feeds.
- ``charts``: bar charts drawn at build time (SVG in HTML, TeX in the PDF).
- ``book``: page numbers after post links in the PDF; one volume per year.
- ``linkrot``: "archived" links to the Internet Archive, and ``links.json``.
- ``sitemap``: ``sitemap.xml`` from the whole environment.
- ``glyphs``: emoji, Hebrew and Arabic in the PDF, in fonts that have them.
- ``history``: the table of dumps (when each was added, how many posts).
- ``navigation``: the bounded archive outline for sidebars and breadcrumbs.
- ``updates``: rewrites the listing pages that other documents' changes affect.
- ``pagemeta``: a meta description on every HTML page; one viewport tag.
- ``search``: Pagefind instead of Sphinx's search: marks what is searched, indexes
  the built site, and draws the search page.
- ``redirects``: the ``redirect`` directive of pages left at a moved post's old address.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from pathlib import Path

from . import (anchors, book, charts, citation, convert, domain, entities, feeds, glyphs, history, links, linkrot, memory,
               mentions, navigation, pagemeta, parallel_write, posts, redirects, search, sitemap, updates)

__version__ = "0.1.0"

# The version of what this extension puts into the environment and the cached
# doctrees (nodes, transforms at read time, domain data). Sphinx throws away a
# saved environment made under another number and reads every document again.
# Bump it whenever a change alters how doctrees are made; a stale cache would
# otherwise keep the old pages until their sources change.
ENV_VERSION = 1


def _guard(app: Sphinx) -> None:
    """docutils' own guards, whatever runs Sphinx (docs/docutils.conf is read
    only by the sphinx-build command): no raw HTML or LaTeX, no file inclusion."""
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def _fresh_indices(app: Sphinx, env: object) -> list[str]:
    """On ``env-updated``, once every document is read: the domain's indices are made
    again from the data of this build before anything is written."""
    app.env.domains["op"].forget_indices()  # type: ignore[attr-defined]
    return []


def _add_kinds(app: Sphinx, config: object) -> None:
    """On ``config-inited``: a role, an index and a page directive per kind of entity."""
    entities.add_directives(app, domain.add_kinds(app, config))


def _add_static(app: Sphinx, config: object) -> None:
    """The extension's own CSS and JS, shipped in the package. On
    ``config-inited``, before Sphinx compares the configuration with the one
    the environment was pickled with: added later, it made every incremental
    build report "The configuration has changed (html_static_path)"."""
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app: Sphinx) -> dict[str, object]:
    convert.setup(app)
    app.add_domain(domain.OpDomain)
    app.connect("config-inited", _add_kinds)
    app.connect("builder-inited", domain.note_builder)
    app.add_role("post", domain.OpRole("post"))  # usable without the op: prefix
    anchors.setup(app)
    links.setup(app)
    mentions.setup(app)
    entities.setup(app)
    posts.setup(app)
    updates.setup(app)
    citation.setup(app)
    charts.setup(app)
    navigation.setup(app)
    feeds.setup(app)
    book.setup(app)
    linkrot.setup(app)
    history.setup(app)
    sitemap.setup(app)
    glyphs.setup(app)
    pagemeta.setup(app)
    search.setup(app)
    redirects.setup(app)
    memory.setup(app)
    parallel_write.setup(app)
    app.connect("env-updated", _fresh_indices)
    app.connect("config-inited", _add_static)
    app.connect("builder-inited", _guard)
    app.add_css_file("onprobation.css")
    app.add_js_file("onprobation.js", loading_method="defer")
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
