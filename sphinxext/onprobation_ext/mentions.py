"""Record every mention of an entity (``{org}``, ``{report}``, ``{person}``...) with
its paragraph; index it in the PDF.

Runs after the paragraphs and comments are numbered, so the first mention of
an entity in a document is known by its anchor (``p12``, ``c4-1``); backlinks
on entity pages point there.

In the PDF, each mention is a back-of-book index entry under the entity's full
name (a person's sort form, "Grayling, Chris"), so the index gives every page. The entries are made when the book is
written, not read: an index node and a target per mention would double the
nodes of every post and the environment for the HTML site, whose entity pages
already list every post that mentions each organisation (measured: a third of
the memory and garbage-collection time of a 500-post build).
"""

from __future__ import annotations

from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from onprobation.registry import Registry

from .anchors import anchor_of
from .domain import OpDomain, registry_of

def _mentions(document: Any, registry: Registry) -> list[addnodes.pending_xref]:
    types = {kind.type for kind in registry.kinds}
    return [xref for xref in document.findall(addnodes.pending_xref)
            if xref.get("refdomain") == "op" and xref.get("reftype") in types]


class RecordMentions(SphinxTransform):
    default_priority = 420  # after NumberParagraphsAndComments (400)

    def apply(self, **kwargs: object) -> None:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        registry = registry_of(self.env)
        mentioned: dict[str, str] = {}
        for xref in _mentions(self.document, registry):
            entity = registry.lookup(xref["reftype"], xref["reftarget"])
            if entity is not None:
                mentioned.setdefault(f"{entity.type}:{entity.key}", anchor_of(xref))
            else:  # warned about when resolving; read again when the registry changes
                domain.unresolved[self.env.docname] = True
        if mentioned:
            domain.mentions[self.env.docname] = mentioned


class IndexMentions(SphinxPostTransform):
    """PDF: a back-of-book index entry at every mention."""

    # Before FillEntityLists (6): the list of every organisation, with a link
    # to each, is not a mention and must not fill the index; and before
    # Sphinx's ReferencesResolver (10), which replaces the references read here.
    default_priority = 4
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        registry = registry_of(self.env)
        for xref in _mentions(self.document, registry):
            entity = registry.lookup(xref["reftype"], xref["reftarget"])
            if entity is not None:
                index = addnodes.index(entries=[("single", entity.sort_name, "", "", None)], inline=True)
                xref.parent.insert(xref.parent.index(xref), index)


def setup(app: Sphinx) -> None:
    app.add_transform(RecordMentions)
    app.add_post_transform(IndexMentions)
