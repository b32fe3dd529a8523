"""The ``<head>`` metadata every HTML page needs: a description, one viewport.

- ``<meta name="description">`` on every page, for search engines and link
  previews: a post's first words (its numbered paragraphs from the first),
  a year's or month's posts, another page's title and first paragraph, or
  ``onprobation_description`` (the home page, and pages with no text).
- docutils' HTML writer adds a viewport tag of its own beside the theme's: the
  copy is dropped (two viewport tags are invalid HTML).
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from onprobation.dates import MONTHS
from sphinx.application import Sphinx

from .domain import OpDomain

LIMIT = 160  # what search engines show of a description
DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')
ARCHIVE_PAGE = re.compile(r"^(\d{4})(?:/(\d{2}))?/index$")
PARAGRAPH_ID = re.compile(r"^p\d+$")


def shorten(text: str, limit: int = LIMIT) -> str:
    """Whitespace collapsed; cut at a word with an ellipsis when too long."""
    text = " ".join(text.split())
    if text.endswith(" …"):  # a summary that was already cut
        text = text[:-2]
        limit = min(limit, len(text))
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–-") + "…"


def _text(paragraph: nodes.paragraph) -> str:
    """A paragraph's words, without its number."""
    return " ".join("".join(
        child.astext() for child in paragraph.children
        if not (isinstance(child, nodes.inline) and {"paranum", "commentnum"} & set(child["classes"]))
    ).split())


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, (nodes.list_item, nodes.entry, nodes.field_body)):
            continue
        text = _text(paragraph)
        if len(text) >= 40:  # a sentence, not "1 post."
            return text
    return ""


def _opening(doctree: nodes.document) -> str:
    """A post's numbered paragraphs from the first, enough of them to fill a
    description (a first paragraph may be a line: "Staff Survey - 'Oh Dear!'")."""
    words = []
    for paragraph in doctree.findall(nodes.paragraph):
        if any(PARAGRAPH_ID.match(i) for i in paragraph["ids"]):
            if words and not re.search(r"[.!?…:;'\"’”)]$", words[-1]):
                words[-1] += "."  # a heading-like line, then the text
            words.append(_text(paragraph))
            if len(" ".join(words)) > LIMIT:
                break
    return " ".join(words)


def description(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> str:
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    site = app.config.onprobation_description
    post = domain.posts.get(pagename)
    if post is not None:
        opening = _opening(doctree) if doctree is not None else ""
        if len(opening) >= 40:
            return shorten(opening)
        if post.get("summary"):
            return shorten(post["summary"])
        return shorten(f"{post['display']}: a post of {app.config.onprobation_blog}. {site}")
    archive = ARCHIVE_PAGE.match(pagename)
    if archive:
        year, month = archive.groups()
        prefix = f"{year}/{month}" if month else year
        when = f"{MONTHS[int(month) - 1]} {year}" if month else year
        titles = [p["display"] for _, p in sorted(domain.posts.items(), key=lambda i: i[1]["date"])
                  if p["date"].replace("-", "/").startswith(prefix)]
        count = f"{len(titles)} post{'s' if len(titles) != 1 else ''}"
        return shorten(f"{app.config.onprobation_blog} in {when}, {count}: " + "; ".join(titles))
    if pagename == app.config.root_doc:
        return shorten(site)
    title = context.get("indextitle") or html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    if doctree is not None:
        first = _first_paragraph(doctree)
        if first:
            return shorten(f"{title}: {first}" if title and not first.startswith(title) else first)
    if pagename == "search":
        return f"Search every post and comment of the {app.config.onprobation_blog} archive."
    if templatename == "domainindex.html":
        return shorten(f"{title} in the {app.config.onprobation_blog} archive, A to Z, "
                       "with the number of posts that mention each.")
    return shorten(f"{title}: {site}" if title else site)


def add_metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """On ``html-page-context``: the description; docutils' second viewport tag removed."""
    metatags = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))
    text = description(app, pagename, templatename, context, doctree)
    context["metatags"] = f'<meta name="description" content="{html.escape(text)}" />\n' + metatags
    context["page_description"] = text


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "onprobation_description",
        "An archive of On Probation, the blog about the probation service in England and Wales: "
        "every post and comment, with stable addresses for citation.",
        "html", types=frozenset({str}),
    )
    app.connect("html-page-context", add_metadata)
