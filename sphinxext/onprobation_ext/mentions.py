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

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
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


class ResolveEntityLinks(SphinxPostTransform):
    """Resolve the links to entities and mentions, ahead of Sphinx's ReferencesResolver.

    A post carries about 120 of them; Sphinx resolves each on its own (a copy
    of its text, the domain looked up, a relative address worked out from the
    two page names). Here each page's addresses are worked out once per target
    page, the text node is moved rather than copied, and the links come out as
    ``make_refnode`` makes them: the same pages, byte for byte. What this does
    not know (an unknown key, a post label) is left to Sphinx's resolver,
    which warns as before."""

    default_priority = 9  # before Sphinx's ReferencesResolver (10); after FillEntityLists (6), whose lists link

    def run(self, **kwargs: Any) -> None:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        types = {kind.type for kind in registry_of(self.env).kinds} | {"mention"}
        builder, fromdocname = self.env._app.builder, self.env.docname  # as Sphinx's own resolver finds it
        uris: dict[tuple[str, str], str | None] = {}
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "op" or xref.get("reftype") not in types:
                continue
            found = domain.link_target(self.env, builder, xref["reftype"], xref["reftarget"], xref, xref[0])
            if found is None:
                continue
            docname, anchor, child, title = found
            refdoc = xref.get("refdoc", fromdocname)
            reference = nodes.reference("", "", internal=True)
            if refdoc == docname and anchor:
                reference["refid"] = anchor
            else:
                if (refdoc, docname) not in uris:
                    try:
                        uris[(refdoc, docname)] = builder.get_relative_uri(refdoc, docname)
                    except NoUri:  # e.g. a page in another PDF volume
                        uris[(refdoc, docname)] = None
                uri = uris[(refdoc, docname)]
                if uri is None:  # as Sphinx's resolver does: the text, unlinked
                    xref.replace_self(xref[0])
                    continue
                reference["refuri"] = f"{uri}#{anchor}" if anchor else uri
            if title:
                reference["reftitle"] = title
            reference += child
            xref.replace_self(reference)


def setup(app: Sphinx) -> None:
    app.add_transform(RecordMentions)
    app.add_post_transform(IndexMentions)
    app.add_post_transform(ResolveEntityLinks)
