"""Record every ``{org}``/``{report}`` mention with its paragraph, and index it.

Runs after the paragraphs and comments are numbered, so the first mention of
an entity in a document is known by its anchor (``p12``, ``c4-1``); backlinks
on entity pages point there. Each mention also gets a back-of-book index entry
under the entity's full name.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .anchors import anchor_of
from .domain import OpDomain, registry_of


class RecordMentions(SphinxTransform):
    default_priority = 420  # after NumberParagraphsAndComments (400)

    def apply(self, **kwargs: object) -> None:
        domain: OpDomain = self.env.domains["op"]  # type: ignore[assignment]
        registry = registry_of(self.env)
        mentioned: dict[str, str] = {}
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "op" or xref.get("reftype") not in ("org", "report"):
                continue
            entity = registry.lookup(xref["reftype"], xref["reftarget"])
            if entity is None:
                continue  # warned about when resolving
            mentioned.setdefault(f"{entity.type}:{entity.key}", anchor_of(xref))
            target_id = f"index-{self.env.new_serialno('index')}"
            target = nodes.target("", "", ids=[target_id])
            index = addnodes.index(entries=[("single", entity.name, target_id, "", None)], inline=True)
            xref.parent.insert(xref.parent.index(xref), [index, target])
            self.document.note_explicit_target(target)
        if mentioned:
            domain.mentions[self.env.docname] = mentioned


def setup(app: Sphinx) -> None:
    app.add_transform(RecordMentions)
