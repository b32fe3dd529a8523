"""Which paragraphs and comments of a post page are numbered, and in what order.

One definition for the Sphinx extension, which numbers them (``anchors.py``:
``#p3``, ``#c4-1``), and for ``linkeval``, which reads a converted page back
to score its links by the same anchors: docutils nodes only, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes

# Containers written by the converter around what is not the post body.
NOT_BODY = {"post-meta", "post-nav", "thread"}
# Parts of an HTML post that a text dump of the page has no line for: not
# numbered, so that the text and the HTML of one post number alike.
NOT_NUMBERED = {"media", "post-table"}


def in_body(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and NOT_BODY & set(parent["classes"]):
            return False
        if isinstance(parent, (nodes.container, nodes.table)) and NOT_NUMBERED & set(parent["classes"]):
            return False
        parent = parent.parent
    return True


def body_paragraphs(document: nodes.Node) -> list[nodes.paragraph]:
    """The post body's paragraphs, in order: paragraph ``n`` is ``p{n}``."""
    return [p for p in document.findall(nodes.paragraph)
            if in_body(p) and not isinstance(p.parent, (nodes.field_body, nodes.attribution))]


def comments(parent: nodes.Element, prefix: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], nodes.container]]:
    """Each comment under a thread (or a comment's replies), depth first, with its
    path: ``(4, 1)`` is ``c4-1``. A comment's replies are looked for after it is
    yielded, so a caller may add to it first."""
    numbered = [c for c in parent.children if isinstance(c, nodes.container) and "comment" in c["classes"]]
    for n, comment in enumerate(numbered, 1):
        path = (*prefix, n)
        yield path, comment
        for replies in comment.children:
            if isinstance(replies, nodes.container) and "replies" in replies["classes"]:
                yield from comments(replies, path)


def threads(document: nodes.Node) -> Iterator[nodes.container]:
    return (c for c in document.findall(nodes.container) if "thread" in c["classes"])


def comment_anchor(path: tuple[int, ...]) -> str:
    return "c" + "-".join(map(str, path))
