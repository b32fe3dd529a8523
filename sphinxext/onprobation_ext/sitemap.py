"""``sitemap.xml`` for search engines, from the whole environment.

Written at ``build-finished`` from every document Sphinx knows, sorted, so it
is complete after an incremental build and the same under ``-j``.
(sphinx-sitemap lists only the pages written by the current build, in the
order they were written, so it is wrong after an incremental build.)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sphinx.application import Sphinx

from onprobation.convert import atomic_write

from .redirects import redirect_of

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
LEFT_OUT = {"search", "genindex"}


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    root = ET.Element(f"{{{NS}}}urlset")
    # The domain indices (organisations, reports) are pages too, without a docname.
    indices = {entry[0] for entry in getattr(app.builder, "domain_indices", [])}
    moved = {doc for doc in app.env.found_docs if redirect_of(app, doc)}
    for pagename in sorted((app.env.found_docs - LEFT_OUT - moved) | indices):
        ET.SubElement(ET.SubElement(root, f"{{{NS}}}url"), f"{{{NS}}}loc").text = (
            base + app.builder.get_target_uri(pagename)
        )
    # default_namespace, not ET.register_namespace: that table is process-wide
    data = (b'<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(root, encoding="utf-8", xml_declaration=False, default_namespace=NS) + b"\n")
    atomic_write(Path(app.outdir) / "sitemap.xml", data)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_sitemap)
