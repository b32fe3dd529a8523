"""The ``op`` domain's record of posts, and the ``latest-posts`` directive.

Each post page's front matter (written by the converter) is recorded per
docname, so that the record survives incremental and parallel builds
(``clear_doc`` / ``merge_domaindata``). The home page's list of latest posts
is made from it after reading, in a post-transform, and the pages that show
it are rewritten whenever a post is added, changed or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from docutils.parsers.rst import directives

from .anchors import is_post


class latest_posts(nodes.General, nodes.Element):
    """Placeholder replaced by the list of latest posts after reading."""


class PostsDomain(Domain):
    name = "op"
    label = "On Probation"
    object_types = {"post": ObjType("post", "post")}
    initial_data: dict[str, Any] = {"posts": {}, "listings": set()}
    data_version = 1

    @property
    def posts(self) -> dict[str, dict[str, Any]]:
        """docname -> {label, title, date, comments}."""
        return self.data["posts"]

    @property
    def listings(self) -> set[str]:
        """Documents that show the latest posts."""
        return self.data["listings"]

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.listings.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                self.posts[docname] = otherdata["posts"][docname]
            if docname in otherdata["listings"]:
                self.listings.add(docname)

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.reference | None:
        return None

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname, post in self.posts.items():
            yield post["label"], post["title"] or post["label"], "post", docname, "", 1

    def newest(self, count: int) -> list[tuple[str, dict[str, Any]]]:
        return sorted(self.posts.items(), key=lambda item: (item[1]["date"], item[0]), reverse=True)[:count]


def record_post(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: remember a post page's metadata."""
    env = app.env
    if not is_post(doctree):
        return
    meta = env.metadata[env.docname]
    title = next(iter(doctree.findall(nodes.title)), None)
    domain: PostsDomain = env.domains["op"]  # type: ignore[assignment]
    domain.posts[env.docname] = {
        "label": str(meta.get("label", "")),
        "title": str(meta.get("title", "")),
        "display": title.astext() if title is not None else env.docname,
        "date": str(meta.get("date", "")),
        "comments": int(meta.get("comments", 0) or 0),
    }


class LatestPostsDirective(SphinxDirective):
    """``{latest-posts}``: the newest posts of the archive (HTML only)."""

    option_spec = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        domain: PostsDomain = self.env.domains["op"]  # type: ignore[assignment]
        domain.listings.add(self.env.docname)
        return [latest_posts(count=self.options.get("count", 10))]


class ResolveLatestPosts(SphinxPostTransform):
    """Fill ``latest-posts`` with links (``doc`` references, resolved by Sphinx next)."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        domain: PostsDomain = self.env.domains["op"]  # type: ignore[assignment]
        for node in list(self.document.findall(latest_posts)):
            items = nodes.bullet_list(classes=["latest-posts"])
            for docname, post in domain.newest(node["count"]):
                date = nodes.inline("", _display_date(post["date"]) + " · ", classes=["post-date"])
                link = pending_xref(
                    "", nodes.inline("", post["display"]), refdomain="std", reftype="doc",
                    reftarget="/" + docname, refexplicit=True, refdoc=self.env.docname,
                )
                items += nodes.list_item("", nodes.paragraph("", "", date, link))
            node.replace_self(items)


def _skip(self: object, node: nodes.Node) -> None:
    """Outside HTML the list of latest posts is left out (a book has its contents)."""
    raise nodes.SkipNode


def _display_date(iso: str) -> str:
    import datetime as dt

    try:
        date = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{date.day} {date:%B %Y}"


def updated_listings(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """On ``env-get-updated``: rewrite the listings when any post changed."""
    domain: PostsDomain = env.domains["op"]  # type: ignore[assignment]
    changed = getattr(env, "_onprobation_changed", set())
    return sorted(domain.listings - changed) if changed else []


def note_changes(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """On ``env-get-outdated``: remember which documents change in this build."""
    env._onprobation_changed = set(added) | set(changed) | set(removed)  # type: ignore[attr-defined]
    return []


def setup(app: Sphinx) -> None:
    app.add_domain(PostsDomain)
    app.add_node(latest_posts, **{b: (_skip, None) for b in ("html", "latex", "text", "man", "texinfo")})
    app.add_directive("latest-posts", LatestPostsDirective)
    app.add_post_transform(ResolveLatestPosts)
    app.connect("doctree-read", record_post)
    app.connect("env-get-outdated", note_changes)
    app.connect("env-get-updated", updated_listings)
