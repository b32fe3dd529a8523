"""Number every paragraph and comment of a post, visibly and with an anchor.

Contract 4: paragraph ``n`` of a post body has the HTML id ``pn`` and shows
``n`` in the margin; comment ``4`` has ``c4``, its first reply ``c4-1``
(shown as ``4.1``). Numbers are given at read time from the post's own
document only, so they never depend on other posts, and are made of standard
docutils nodes (an ``inline`` with a class, holding a reference) so that
every builder renders them; LaTeX draws them through ``\\DUrole``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from onprobation.numbering import body_paragraphs, comment_anchor, comments, threads

ANCHOR_ID = re.compile(r"^(?:p\d+|c\d+(?:-\d+)*)$")


def is_post(document: nodes.document) -> bool:
    return any("post-meta" in c["classes"] for c in document.findall(nodes.container))


def anchor_of(node: nodes.Node) -> str:
    """The id of the numbered paragraph or comment holding ``node``, if any."""
    parent = node.parent
    while parent is not None:
        for id_ in parent.get("ids", []) if isinstance(parent, nodes.Element) else []:
            if ANCHOR_ID.match(id_):
                return id_
        parent = parent.parent
    return ""


def _number(label: str, anchor: str, css: str, title: str) -> nodes.inline:
    ref = nodes.reference("", label, internal=True, refid=anchor, reftitle=title)
    return nodes.inline("", "", ref, classes=[css, "no-search"])  # numbers are not words of the post


def _free(document: nodes.document, anchor: str) -> None:
    """Take an anchor id back from any other node (e.g. a heading titled "P1")."""
    node = document.ids.pop(anchor, None)
    if node is not None:
        node["ids"].remove(anchor)


def _set_id(document: nodes.document, node: nodes.Element, anchor: str) -> None:
    _free(document, anchor)
    node["ids"].insert(0, anchor)
    document.ids[anchor] = node


class NumberParagraphsAndComments(SphinxTransform):
    """Give body paragraphs ``p1``... and comments ``c1``, ``c1-1``..."""

    default_priority = 400  # after MyST has parsed, before references are resolved

    def apply(self, **kwargs: object) -> None:
        if not is_post(self.document):
            return
        for n, paragraph in enumerate(body_paragraphs(self.document), 1):
            anchor = f"p{n}"
            _set_id(self.document, paragraph, anchor)
            paragraph.insert(0, _number(str(n), anchor, "paranum", f"Paragraph {n}"))
        for thread in list(threads(self.document)):
            for path, comment in comments(thread):
                anchor, shown = comment_anchor(path), ".".join(map(str, path))
                _set_id(self.document, comment, anchor)
                label = _number(shown, anchor, "commentnum", f"Comment {shown}")
                first = next(iter(comment.findall(nodes.paragraph)), None)
                if first is not None and first.parent is comment:
                    first.insert(0, label)
                else:
                    comment.insert(0, nodes.paragraph("", "", label))


class UnlinkNumbersOutsideHTML(SphinxPostTransform):
    """In the PDF a number is printed, not linked: its target is the paragraph itself."""

    # Post-transform priorities of the extension are distinct, so their order
    # never depends on the order of the setup() calls (docutils runs equal
    # priorities in the order they were added). This one touches only the
    # numbers, so any slot works; 3 keeps it clear of the others.
    default_priority = 3
    formats = ("latex", "texinfo", "man", "text")

    def run(self, **kwargs: object) -> None:
        for inline in list(self.document.findall(nodes.inline)):
            if {"paranum", "commentnum"} & set(inline["classes"]):
                for ref in list(inline.findall(nodes.reference)):
                    ref.replace_self(nodes.Text(ref.astext()))


def setup(app: Sphinx) -> None:
    app.add_transform(NumberParagraphsAndComments)
    app.add_post_transform(UnlinkNumbersOutsideHTML)
