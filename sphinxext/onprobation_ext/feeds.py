"""Atom feeds (RFC 4287): the latest posts, and one per organisation.

Written at ``build-finished`` from the environment, which holds every post
whether it was read in this process or merged from a parallel worker, so the
feeds are right under ``-j``. Links are absolute, from ``html_baseurl``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from onprobation.convert import atomic_write

from .domain import OpDomain, registry_of

logger = logging.getLogger(__name__)
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
FEED_SIZE = 50


def _timestamp(iso_date: str) -> str:
    """A post has a date, not a time: noon UTC of that day."""
    return f"{iso_date}T12:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def feed(title: str, feed_url: str, site_url: str, author: str,
         entries: list[tuple[str, dict[str, Any]]], base: str) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", feed_url)
    _sub(root, "title", title)
    updated = max((post["date"] for _, post in entries), default="2010-01-01")
    _sub(root, "updated", _timestamp(updated))
    _sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(root, "link", rel="alternate", type="text/html", href=site_url)
    _sub(_sub(root, "author"), "name", author)
    for docname, post in entries:
        url = f"{base}{docname}.html"
        entry = _sub(root, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", post["display"])
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "published", _timestamp(post["date"]))
        _sub(entry, "updated", _timestamp(post["date"]))
        if post.get("summary"):
            _sub(entry, "summary", post["summary"])
    # registered again here: the sitemap takes the default prefix for its own namespace
    # (a second build in one process, as the tests run, would write "ns0:" tags)
    ET.register_namespace("", ATOM)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    if base == "/":
        logger.warning("html_baseurl is not set: Atom feeds need absolute links; none written",
                       type="onprobation", subtype="feed")
        return
    author, blog = app.config.onprobation_author, app.config.onprobation_blog
    outdir = Path(app.outdir)
    newest = domain.newest(FEED_SIZE)
    atomic_write(outdir / "feed.xml", feed(f"{blog}: latest posts", base + "feed.xml", base, author, newest, base))
    registry = registry_of(app.env)
    by_entity: dict[str, list[str]] = {}
    for docname, mentioned in domain.mentions.items():
        if docname in domain.posts:
            for name in mentioned:
                by_entity.setdefault(name, []).append(docname)
    for entity_doc, (type_, key) in domain.entities.items():
        if type_ != "org":
            continue
        entity = registry.get(type_, key)
        docs = sorted(by_entity.get(f"org:{key}", []), key=lambda d: (domain.posts[d]["date"], d), reverse=True)
        entries = [(d, domain.posts[d]) for d in docs[:FEED_SIZE]]
        name = entity.name if entity else key
        atomic_write(outdir / f"{entity_doc}.xml",
                     feed(f"{blog}: posts mentioning {name}", f"{base}{entity_doc}.xml",
                          f"{base}{entity_doc}.html", author, entries, base))


def feed_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Advertise the feeds in every page's head (and an organisation's own)."""
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    if base == "/":
        return
    links = [f'<link rel="alternate" type="application/atom+xml" title="Latest posts" href="{base}feed.xml" />']
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    if domain.entities.get(pagename, ("",))[0] == "org":
        links.append(f'<link rel="alternate" type="application/atom+xml" title="Posts mentioning it" '
                     f'href="{base}{pagename}.xml" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_links)
