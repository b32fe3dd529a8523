"""Pages left at an old address: ``{redirect}`` sends the reader to the post's new page.

When the blog's own permalink moves a post that was published under its
computed path, the converter writes a small page there holding
``:::{redirect} 2017/11/new-slug``. In HTML that page gets a meta refresh
(and a script that keeps the fragment, so ``#p3`` and ``#c4-1`` still land on
the same paragraph or comment) and a canonical link to the new page; the page
is an orphan (no toctree, so not in the PDF), is not indexed for search
(``nosearch``) and is left out of the sitemap. Raw HTML stays disabled: the
tags come from the extension, never from a page.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


class RedirectDirective(SphinxDirective):
    """``{redirect} DOCNAME``: this page has moved to DOCNAME (a document path, no suffix)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip().strip("/")
        if target not in self.env.found_docs:
            logger.warning("redirect to an unknown page: %s", target, location=self.get_location(),
                           type="onprobation", subtype="redirect")
        self.env.metadata[self.env.docname]["redirect"] = target
        return []


def redirect_of(app: Sphinx, docname: str) -> str:
    return str(app.env.metadata.get(docname, {}).get("redirect", "") or "")


def add_redirect(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    target = redirect_of(app, pagename)
    if not target or app.builder.format != "html":
        return
    relative = app.builder.get_relative_uri(pagename, target)
    tags = [
        f'<meta http-equiv="refresh" content="0; url={html.escape(relative)}" />',
        f"<script>location.replace({json.dumps(relative)} + location.hash);</script>",
    ]
    if app.config.html_baseurl:
        absolute = app.config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(target)
        tags.insert(0, f'<link rel="canonical" href="{html.escape(absolute)}" />')
        context["pageurl"] = None  # Sphinx's own canonical link would name the old address
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> None:
    app.add_directive("redirect", RedirectDirective)
    app.connect("html-page-context", add_redirect)
