"""Make every post citable: a "Cite this" box (HTML), a citation line under
the title (PDF), and the metadata reference managers read.

Zotero reads Highwire ``citation_*`` tags, Dublin Core and Open Graph, not
JSON-LD; ``prism.genre = blogentry`` and ``DC.type = blogPost`` make it a
blog post. Search engines read schema.org ``BlogPosting`` JSON-LD. The
canonical link comes from ``html_baseurl``, which also makes every URL here
absolute.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .cite import LANGUAGE, Citation, biblatex, bibtex, csl_json, reference, ris
from .domain import OpDomain


def build_date() -> dt.date:
    """Today, or ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def citation(app_config: Any, domain: OpDomain, docname: str) -> Citation | None:
    post = domain.posts.get(docname)
    if post is None:
        return None
    base = (app_config.html_baseurl or "").rstrip("/")
    path = docname + ".html"  # the blog's own address
    page = domain.page_uri(docname)  # the builder's (x/ under dirhtml); the PDF cites x.html
    return Citation(
        author=app_config.onprobation_author,
        blog=app_config.onprobation_blog,
        title=post["title"],
        date=dt.date.fromisoformat(post["date"]),
        url=f"{base}/{page}" if base else page,
        original_url=f"https://{app_config.onprobation_original_host}/{path}",
        label=post["label"],
    )


def _find_meta(document: nodes.document) -> nodes.container | None:
    for container in document.findall(nodes.container):
        if "post-meta" in container["classes"]:
            return container
    return None


class AddCiteThis(SphinxPostTransform):
    """HTML: a "Cite this" box at the end of the post body, linked from its header."""

    default_priority = 20
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        cite = citation(self.config, self.env.domains["op"], self.env.docname)  # type: ignore[arg-type]
        if cite is None:  # not a post: no walk of the page
            return
        meta = _find_meta(self.document)
        if meta is None:
            return
        accessed = build_date()
        box = nodes.container(classes=["cite-this", "no-search"], ids=["cite"])  # not post text
        box += nodes.rubric("", "Cite this post")
        box += nodes.paragraph("", reference(cite, accessed), classes=["cite-reference"])
        formats = (
            ("BibTeX (classic styles such as plain, natbib)", "bibtex", bibtex(cite, accessed)),
            ("biblatex", "biblatex", biblatex(cite, accessed)),
            ("CSL-JSON (Zotero, pandoc, citeproc)", "csl-json", csl_json(cite, accessed)),
            ("RIS", "ris", ris(cite, accessed)),
        )
        for name, key, text in formats:
            box += nodes.paragraph("", name, classes=["cite-format"])
            box += nodes.literal_block(text, text, language="none", classes=[f"cite-{key}"])
        box += nodes.paragraph(
            "", "Pinpoints: paragraph numbers are in the margin (para 12 is #p12); "
            "comments are numbered 4, 4.1 (#c4, #c4-1). Click a number to copy its address.",
            classes=["cite-help"],
        )
        section = meta.parent
        thread = next((c for c in section.children if isinstance(c, nodes.container)
                       and {"thread", "post-nav"} & set(c["classes"])), None)
        if thread is not None:
            section.insert(section.index(thread), box)
        else:
            section += box
        link = nodes.reference("", "Cite this", refid="cite", classes=["cite-link"])
        meta[0] += [nodes.Text(" · "), link] if isinstance(meta[0], nodes.paragraph) else []


def _docname_of(node: nodes.Node, default: str) -> str:
    """The document a node came from, in the LaTeX builder's assembled book
    (whose sections carry their ``docname``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.section, addnodes.start_of_file)) and parent.get("docname"):
            return parent["docname"]
        parent = parent.parent
    return default


class AddCitationLine(SphinxPostTransform):
    """PDF: each post's citation printed under its title."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        domain = self.env.domains["op"]
        for meta in list(self.document.findall(nodes.container)):
            if "post-meta" not in meta["classes"]:
                continue
            cite = citation(self.config, domain, _docname_of(meta, self.env.docname))  # type: ignore[arg-type]
            if cite is not None:
                meta += nodes.paragraph("", "", nodes.inline("", "Cite as: " + reference(cite), classes=["citeline"]))


class cite_example(nodes.General, nodes.Element):
    """Placeholder: examples of citing, made from this archive's own posts."""


class CiteExampleDirective(SphinxDirective):
    """``{cite-example}``: how to cite, shown with the newest post of the
    archive (and the newest with a comment), whatever dumps it was built from,
    so the page never names a post that may not exist."""

    def run(self) -> list[nodes.Node]:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        # rewritten whenever a post changes, like the home page's latest posts (see updates.py)
        domain.pages.setdefault(self.env.docname, set()).add("latest")
        return [cite_example(refdoc=self.env.docname)]


_REPLY = re.compile(r"c\d+-\d+$")
_COMMENT = re.compile(r"c\d+$")


def _role_example(label: str, anchor: str, refdoc: str) -> nodes.paragraph:
    """``{post}`label#anchor``` reads ... (the reference the role makes)."""
    target = f"{label}#{anchor}" if anchor else label
    xref = addnodes.pending_xref("", nodes.inline("", target), refdomain="op", reftype="post",
                                 reftarget=target, refexplicit=False, refdoc=refdoc,
                                 classes=["xref", "op", "op-post"])
    source = f"{{post}}`{target}`"
    return nodes.paragraph("", "", nodes.literal(source, source), nodes.Text(" reads "), xref,
                           nodes.Text("."))


class ResolveCiteExample(SphinxPostTransform):
    """Fill ``cite-example``: a reference to the newest post, and the ``{post}``
    role with a paragraph and a comment pinpoint, resolved by Sphinx next."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        if not domain.shows_lists(self.env.docname):
            return
        for node in list(self.document.findall(cite_example)):
            node.replace_self(self._examples(domain, node["refdoc"]))

    def _examples(self, domain: OpDomain, refdoc: str) -> list[nodes.Node]:
        newest = domain.newest(len(domain.posts))
        if not newest:
            return [nodes.paragraph("", "The archive has no posts yet: its examples will be its newest post.")]
        docname, post = newest[0]
        anchor = "p1" if "p1" in post.get("anchors", ()) else ""
        out: list[nodes.Node] = [nodes.paragraph("", "For example, the newest post of the archive:")]
        cite = citation(self.config, domain, docname)
        if cite is not None:
            out.append(nodes.block_quote("", nodes.paragraph("", reference(cite, build_date(), anchor),
                                                             classes=["cite-reference"])))
        out.append(_role_example(post["label"], anchor, refdoc))
        for pattern in (_REPLY, _COMMENT):  # a reply if any post has one, else a comment
            found = next(((p, a) for _, p in newest for a in p.get("anchors", ()) if pattern.match(a)), None)
            if found is not None:
                out.append(_role_example(found[0]["label"], found[1], refdoc))
                break
        return out


def metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``: citation, Dublin Core, Open Graph tags and JSON-LD."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    cite = citation(app.config, domain, pagename)
    if cite is None:
        return
    date = cite.date
    tags = [
        ("name", "citation_title", cite.display_title),
        ("name", "citation_author", cite.author),
        ("name", "citation_publication_date", f"{date:%Y/%m/%d}"),
        ("name", "citation_date", f"{date:%Y/%m/%d}"),
        ("name", "citation_public_url", cite.url),
        ("name", "citation_fulltext_html_url", cite.url),
        ("name", "citation_journal_title", cite.blog),
        ("name", "citation_language", LANGUAGE),
        ("name", "prism.genre", "blogentry"),
        ("name", "DC.title", cite.display_title),
        ("name", "DC.creator", cite.author),
        ("name", "DC.date", date.isoformat()),
        ("name", "DC.type", "blogPost"),
        ("name", "DC.identifier", cite.url),
        ("name", "DC.source", cite.original_url),
        ("name", "DC.publisher", cite.blog),
        ("name", "DC.language", LANGUAGE),
        ("property", "og:type", "article"),
        ("property", "og:title", cite.display_title),
        ("property", "og:url", cite.url),
        ("property", "og:site_name", cite.blog),
        ("property", "article:published_time", date.isoformat()),
        ("property", "article:author", cite.author),
    ]
    markup = [f'<meta {kind}="{html.escape(name)}" content="{html.escape(value)}" />' for kind, name, value in tags]
    ld = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": cite.display_title,
        "author": {"@type": "Person", "name": cite.author},
        "datePublished": date.isoformat(),
        "url": cite.url,
        "mainEntityOfPage": cite.url,
        "isPartOf": {"@type": "Blog", "name": cite.blog, "url": f"https://{app.config.onprobation_original_host}/"},
        "sameAs": cite.original_url,
        "inLanguage": LANGUAGE,
    }
    # No <, > or & can reach the HTML parser from inside the script element.
    script = (json.dumps(ld, ensure_ascii=False)
              .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    markup.append(f'<script type="application/ld+json">{script}</script>')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(markup)


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_author", "Jim Brown", "env", types=frozenset({str}))
    app.add_config_value("onprobation_blog", "On Probation", "env", types=frozenset({str}))
    app.add_config_value("onprobation_original_host", "probationmatters.blogspot.com", "env",
                         types=frozenset({str}))
    app.add_post_transform(AddCiteThis)
    app.add_post_transform(AddCitationLine)
    app.add_node(cite_example)
    app.add_directive("cite-example", CiteExampleDirective)
    app.add_post_transform(ResolveCiteExample)
    app.connect("html-page-context", metadata)
