"""Atom feeds (RFC 4287): the latest posts, and one per entity that posts mention,
for the kinds whose row in the table of kinds says ``feed`` (organisations, people).

Written at ``build-finished`` from the environment, which holds every post
whether it was read in this process or merged from a parallel worker, so the
feeds are right under ``-j``. Links are absolute: ``html_baseurl`` and the
builder's own address of each page (``x.html``, or ``x/`` under ``dirhtml``).

Each entry carries the post's body as ``<content type="html">``. The body is
rendered to simple HTML when the post is read (``doctree-read``) and kept,
compressed, in the ``op`` domain, so writing the feeds opens no doctree. Only
the bodies of posts some feed shows (the 50 newest, overall and per
entity) are kept past reading (``env-updated``), so the memory they take
follows the number of feeds, not the size of the archive.

The elements are made without a namespace and the root carries
``xmlns``: ``ET.register_namespace`` would change a process-wide table that
other builds in the process share (a second build wrote ``<ns0:feed>``), and
``ET.tostring(default_namespace=...)`` refuses the unqualified attributes
(``rel``, ``href``) Atom has.

A feed is made again only when what it is made of changed: each feed's inputs
(its entries, their addresses and bodies, its title and links, this module's
code) are hashed, and the hashes of the last build are kept beside the
doctrees (``onprobation-feeds.json``). Tomorrow's post changes the latest
posts' feed and those of the entities it mentions; the 200 others stay as
they are, byte for byte (at 4,500 posts, 2 s of every incremental build went
to making them again). A feed file that is missing is always written.
"""

from __future__ import annotations

import hashlib
import html
import json
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from onprobation.convert import atomic_write, read_json_object
from onprobation.numbering import NOT_BODY

from .anchors import is_post
from .domain import OpDomain, registry_of

logger = logging.getLogger(__name__)
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50
STATE = "onprobation-feeds.json"  # in the doctree folder: what each feed was made of, hashed

# -- the body of a post, as HTML for feed readers -------------------------------

_TAGS: dict[type[nodes.Node], str] = {
    nodes.paragraph: "p", nodes.block_quote: "blockquote", nodes.bullet_list: "ul",
    nodes.enumerated_list: "ol", nodes.list_item: "li", nodes.emphasis: "em", nodes.strong: "strong",
    nodes.literal: "code", nodes.attribution: "p", nodes.line: "p",
}
_SKIP = (nodes.title, nodes.target, nodes.system_message, nodes.comment, nodes.raw, nodes.substitution_definition)


def body_html(node: nodes.Node) -> str:
    """The post's own text (no title, header, thread, navigation or paragraph
    numbers) as plain HTML: paragraphs, quotes, lists, emphasis, external links."""
    if isinstance(node, nodes.Text):
        return html.escape(node.astext(), quote=False)
    if isinstance(node, _SKIP):
        return ""
    if isinstance(node, nodes.Element) and (
        {"paranum", "commentnum", "no-search"} & set(node["classes"])
        or (isinstance(node, nodes.container) and NOT_BODY & set(node["classes"]))
    ):
        return ""
    inner = "".join(body_html(child) for child in node.children)
    if isinstance(node, nodes.reference) and node.get("refuri", "").startswith(("http://", "https://")):
        return f'<a href="{html.escape(node["refuri"])}">{inner}</a>'
    if isinstance(node, nodes.rubric):
        return f"<p><strong>{inner}</strong></p>\n"
    tag = _TAGS.get(type(node))
    if tag is None:
        return inner
    return f"<{tag}>{inner}</{tag}>" + ("\n" if tag in ("p", "blockquote", "ul", "ol") else "")


def _compressed(doctree: nodes.Node) -> bytes:
    return zlib.compress(body_html(doctree).strip().encode("utf-8"))


def record_body(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: keep a post's body HTML (compressed) for the feeds."""
    if is_post(doctree):
        domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
        domain.bodies[app.env.docname] = _compressed(doctree)


def keep_feed_bodies(app: Sphinx, env: Any) -> list[str]:
    """On ``env-updated``, once every document is read: keep the bodies of the
    posts the feeds show, and only those. A post that has come into a feed
    without being read again (a newer one was removed) gets its body from its
    doctree: rare, and only for that post."""
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    shown = {docname for docname, _ in domain.newest(FEED_SIZE)}
    for docs in entities_with_posts(domain, feed_types(domain)).values():
        shown.update(docs[:FEED_SIZE])
    for docname in domain.bodies.keys() - shown:
        del domain.bodies[docname]
    for docname in sorted(shown - domain.bodies.keys()):
        try:
            domain.bodies[docname] = _compressed(env.get_doctree(docname))
        except OSError:  # no doctree: the entry falls back to the summary
            continue
    return []


# -- the feeds ----------------------------------------------------------------------


def _timestamp(iso_date: str) -> str:
    """A post has a date, not a time: noon UTC of that day (RFC 3339)."""
    return f"{iso_date}T12:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _now() -> str:
    from .citation import build_date  # SOURCE_DATE_EPOCH, for reproducible builds

    return f"{build_date().isoformat()}T00:00:00Z"


def feed(title: str, feed_url: str, site_url: str, author: str, entries: list[tuple[str, dict[str, Any]]],
         url_of: Any, content_of: Any) -> bytes:
    """An Atom feed; ``url_of(docname)`` gives a post's absolute address,
    ``content_of(docname)`` its body HTML."""
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "en-GB"})
    _sub(root, "id", feed_url)
    _sub(root, "title", title)
    _sub(root, "updated", max((_timestamp(post["date"]) for _, post in entries), default=None) or _now())
    _sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(root, "link", rel="alternate", type="text/html", href=site_url)
    _sub(_sub(root, "author"), "name", author)
    for docname, post in entries:
        url = url_of(docname)
        entry = _sub(root, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", post["display"])
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "published", _timestamp(post["date"]))
        _sub(entry, "updated", _timestamp(post["date"]))
        if post.get("summary"):
            _sub(entry, "summary", post["summary"])
        _sub(entry, "content", content_of(docname), type="html")
    return (b'<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n")


def _base(app: Sphinx) -> str:
    return (app.config.html_baseurl or "").rstrip("/") + "/"


def feed_types(domain: OpDomain) -> set[str]:
    """The kinds of entity that have feeds."""
    return {kind.type for kind in registry_of(domain.env).kinds if kind.feed}


def entities_with_posts(domain: OpDomain, types: set[str]) -> dict[str, list[str]]:
    """``"org:nps"`` -> the posts mentioning it, newest first (only those mentioned),
    for the entities of these kinds."""
    found: dict[str, list[str]] = {}
    for docname, mentioned in domain.mentions.items():
        if docname in domain.posts:
            for name in mentioned:
                if name.partition(":")[0] in types:
                    found.setdefault(name, []).append(docname)
    for docs in found.values():
        docs.sort(key=lambda d: (domain.posts[d]["date"], d), reverse=True)
    return found


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    base = _base(app)
    if base == "/":
        logger.warning("html_baseurl is not set: Atom feeds need absolute links; none written",
                       type="onprobation", subtype="feed")
        return
    author, blog = app.config.onprobation_author, app.config.onprobation_blog
    outdir = Path(app.outdir)

    def url_of(docname: str) -> str:
        return base + app.builder.get_target_uri(docname)

    def content_of(docname: str) -> str:
        body = domain.bodies.get(docname)
        return zlib.decompress(body).decode("utf-8") if body else html.escape(domain.posts[docname]["summary"])

    state_file = Path(app.doctreedir) / STATE
    last = read_json_object(state_file)  # the last build's hashes (none: every feed is written)
    state: dict[str, str] = {}
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

    def write(target: Path, title: str, feed_url: str, site_url: str,
              entries: list[tuple[str, dict[str, Any]]]) -> None:
        """Write the feed unless its inputs are those of the file the last build wrote."""
        name = target.relative_to(outdir).as_posix()
        state[name] = digest = _inputs_digest(code, str(outdir), title, feed_url, site_url, author,
                                              [(d, post, url_of(d), domain.bodies.get(d)) for d, post in entries],
                                              _now() if not entries else "")
        if last.get(name) != digest or not target.is_file():
            atomic_write(target, feed(title, feed_url, site_url, author, entries, url_of, content_of))

    newest = domain.newest(FEED_SIZE)
    write(outdir / "feed.xml", f"{blog}: latest posts", base + "feed.xml", base, newest)
    registry = registry_of(app.env)
    types = feed_types(domain)
    mentioned = entities_with_posts(domain, types)
    for entity_doc, (type_, key) in domain.entities.items():
        if type_ not in types:
            continue
        target = outdir / f"{entity_doc}.xml"
        if f"{type_}:{key}" not in mentioned:  # no post mentions it: no feed (and none left from a build before)
            target.unlink(missing_ok=True)
            continue
        entity = registry.get(type_, key)
        entries = [(d, domain.posts[d]) for d in mentioned[f"{type_}:{key}"][:FEED_SIZE]]
        write(target, f"{blog}: posts mentioning {entity.name if entity else key}", f"{base}{entity_doc}.xml",
              url_of(entity_doc), entries)
    atomic_write(state_file, json.dumps(state, sort_keys=True, indent=0).encode("utf-8"))


def _inputs_digest(*inputs: Any) -> str:
    """A hash of everything a feed is made of (the post fields are JSON data; the bodies bytes)."""
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(json.dumps(item, sort_keys=True, default=_bytes_hex).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _bytes_hex(value: object) -> str:
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"not hashable as feed input: {type(value).__name__}")


def feed_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Advertise the feeds in every page's head (and an entity's own, when it has one)."""
    base = _base(app)
    if base == "/":
        return
    links = [f'<link rel="alternate" type="application/atom+xml" title="Latest posts" href="{base}feed.xml" />']
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    type_, key = domain.entities.get(pagename, ("", ""))
    name = f"{type_}:{key}"
    kind = registry_of(app.env).kind(type_) if type_ else None
    if kind is not None and kind.feed and any(name in m and d in domain.posts for d, m in domain.mentions.items()):
        links.append(f'<link rel="alternate" type="application/atom+xml" title="Posts mentioning {kind.pronoun}" '
                     f'href="{base}{pagename}.xml" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", record_body)
    app.connect("env-updated", keep_feed_bodies)
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_links)
