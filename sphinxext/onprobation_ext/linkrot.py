"""Protect readers from link rot.

Next to every external link in a post, the HTML gives an "archived" link to
the Internet Archive's capture nearest the post's date
(``web.archive.org/web/YYYYMMDD/URL`` redirects there; no network is needed
to build it). Every external link is also listed in ``links.json`` (post,
paragraph, URL, archived copy), for Sphinx's ``linkcheck`` or another checker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from onprobation.convert import atomic_write

from .anchors import anchor_of, is_post
from .domain import OpDomain

WAYBACK = "https://web.archive.org/web/{date}/{url}"


def wayback(url: str, iso_date: str) -> str:
    return WAYBACK.format(date=iso_date.replace("-", ""), url=url)


def _external(node: nodes.reference) -> bool:
    uri = node.get("refuri", "")
    return uri.startswith(("http://", "https://")) and "web.archive.org/" not in uri


class RecordLinks(SphinxTransform):
    """At read time: every external link of a post, with its paragraph."""

    default_priority = 430

    def apply(self, **kwargs: Any) -> None:
        if not is_post(self.document):
            return
        found = [(anchor_of(ref), ref["refuri"]) for ref in self.document.findall(nodes.reference) if _external(ref)]
        if found:
            self.env.domains["op"].links[self.env.docname] = found  # type: ignore[attr-defined]


class AddArchivedCopies(SphinxPostTransform):
    """In HTML: "archived" after each external link of a post."""

    default_priority = 25
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        post = self.env.domains["op"].posts.get(self.env.docname)  # type: ignore[attr-defined]
        if post is None:
            return
        for ref in list(self.document.findall(nodes.reference)):
            if not _external(ref) or "archived-copy" in ref.get("classes", []):
                continue
            copy = nodes.reference("", "archived", refuri=wayback(ref["refuri"], post["date"]),
                                   classes=["archived-copy"],
                                   reftitle=f"Internet Archive copy nearest {post['date']}")
            parent = ref.parent
            parent.insert(parent.index(ref) + 1, nodes.inline("", "", nodes.Text(" ["), copy, nodes.Text("]"),
                                                               classes=["archived", "no-search"]))


def write_links(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    records = []
    for docname in sorted(domain.links, key=lambda d: (domain.posts.get(d, {}).get("date", ""), d)):
        post = domain.posts.get(docname, {})
        for anchor, url in domain.links[docname]:
            records.append({
                "post": post.get("label", docname),
                "page": base + app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else ""),
                "paragraph": anchor,
                "url": url,
                "archived": wayback(url, post.get("date", "")),
            })
    data = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    atomic_write(Path(app.outdir) / "links.json", data.encode("utf-8"))


def setup(app: Sphinx) -> None:
    app.add_transform(RecordLinks)
    app.add_post_transform(AddArchivedCopies)
    app.connect("build-finished", write_links)
