"""Posts in the ``op`` domain, and the ``latest-posts`` directive of the home page."""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from onprobation.dates import display_date
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .anchors import ANCHOR_ID, is_post
from .domain import OpDomain


class latest_posts(nodes.General, nodes.Element):
    """Placeholder replaced by the list of latest posts after reading."""


def record_post(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: remember a post page's metadata (from its front matter)."""
    env = app.env
    if not is_post(doctree):
        return
    meta = env.metadata[env.docname]
    title = next(iter(doctree.findall(nodes.title)), None)
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    domain.posts[env.docname] = {
        "label": str(meta.get("label", "")),
        # the labels of its old address, when the blog's own permalink moved it
        "aliases": _list(meta.get("aliases")),
        "title": str(meta.get("title", "")),
        "display": title.astext() if title is not None else env.docname,
        "date": str(meta.get("date", "")),
        "source": str(meta.get("source", "")),
        "comments": int(meta.get("comments", 0) or 0),
        "summary": _summary(doctree),
        # pinpoints a {post} reference may name: p1..pN, c1, c1-1...
        "anchors": sorted({i for node in doctree.findall(nodes.Element) for i in node["ids"] if ANCHOR_ID.match(i)}),
    }


def _list(value: object) -> list[str]:
    """A list from the front matter (MyST keeps a non-string value as its JSON text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    return [str(item) for item in value] if isinstance(value, list) else []


def _summary(doctree: nodes.document, limit: int = 300) -> str:
    """The start of the first paragraph, for feeds."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "p1" in paragraph["ids"]:
            text = " ".join("".join(
                child.astext() for child in paragraph.children
                if not (isinstance(child, nodes.inline) and "paranum" in child["classes"])
            ).split())
            return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    return ""


class SearchBoxDirective(SphinxDirective):
    """``{search-box}``: a search form (HTML only), for the home page."""

    def run(self) -> list[nodes.Node]:
        return [search_box()]


class search_box(nodes.General, nodes.Element):
    pass


def visit_search_box(self: Any, node: search_box) -> None:
    self.body.append(
        f'<form class="home-search" action="{self.builder.get_target_uri("search")}" method="get" role="search">'
        '<input type="search" name="q" aria-label="Search the archive" placeholder="Search the archive" />'
        '<button type="submit">Search</button></form>\n'
    )
    raise nodes.SkipNode


class LatestPostsDirective(SphinxDirective):
    """``{latest-posts}``: the newest posts of the archive (HTML only)."""

    option_spec = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        domain.pages.setdefault(self.env.docname, set()).add("latest")
        return [latest_posts(count=self.options.get("count", 10))]


class ResolveLatestPosts(SphinxPostTransform):
    """Fill ``latest-posts`` with links (``doc`` references, resolved by Sphinx next)."""

    default_priority = 7  # before Sphinx's ReferencesResolver (10); distinct from the others (4-8)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        if not domain.shows_lists(self.env.docname):
            return
        for node in list(self.document.findall(latest_posts)):
            items = nodes.bullet_list(classes=["latest-posts"])
            for docname, post in domain.newest(node["count"]):
                date = nodes.inline("", display_date(post["date"]) + " · ", classes=["post-date"])
                link = pending_xref(
                    "", nodes.inline("", post["display"]), refdomain="std", reftype="doc",
                    reftarget="/" + docname, refexplicit=True, refdoc=self.env.docname,
                )
                items += nodes.list_item("", nodes.paragraph("", "", date, link))
            node.replace_self(items)


def _skip(self: object, node: nodes.Node) -> None:
    """Outside HTML the list of latest posts is left out (a book has its contents)."""
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(latest_posts, **{b: (_skip, None) for b in ("html", "latex", "text", "man", "texinfo")})
    app.add_directive("latest-posts", LatestPostsDirective)
    app.add_node(search_box, html=(visit_search_box, None),
                 **{b: (_skip, None) for b in ("latex", "text", "man", "texinfo")})
    app.add_directive("search-box", SearchBoxDirective)
    app.add_post_transform(ResolveLatestPosts)
    app.connect("doctree-read", record_post)
