"""Streaming Atom: the entries of a file of any size, one at a time.

Why lxml: its ``iterparse`` gives each element complete with the line of its
start tag (``sourceline``, for ``file:line`` messages), ``huge_tree`` lifts
libxml2's limits on huge text nodes and deep trees (a whole-blog export is one
file of hundreds of MB), and it is fast C, well kept, with wheels everywhere.
The standard library's ``xml.etree.iterparse`` has no line numbers and stops
at the first error; lxml's ``recover`` mode reads on past damage and logs each
error with its line.

Memory stays flat: each entry is turned into plain values, then cleared and
unlinked from the tree, so the tree never holds more than one entry (plus the
one being parsed). A damaged entry is reported; an entry cut off by the end of
the file (a truncated download) is reported and left out; everything else is
read.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import Problem
from . import ATOM, GD, KIND_PREFIX, KIND_SCHEME, LABEL_SCHEME, THR, BLOGGER_2018

ENTRY = f"{{{ATOM}}}entry"
MAX_ERRORS = 20  # XML errors reported one by one per file; the rest are counted


@dataclass
class Entry:
    """The values of one Atom entry, as plain Python (the element is gone)."""

    line: int
    id: str = ""
    kind: str = ""  # from the kind category ("post", "comment", ...), "" when absent
    title: str = ""
    content: str | None = None
    content_type: str = ""
    summary: str | None = None
    published: str = ""
    updated: str = ""
    labels: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    author: str = ""
    author_uri: str = ""
    author_type: str = ""  # Takeout: BLOGGER, ANONYMOUS...
    draft: bool = False
    removed: bool = False
    in_reply_to: str = ""  # thr:in-reply-to ref: the post's entry id
    total: int | None = None  # thr:total: the post's comment count (public feeds)
    blogger: dict[str, str] = field(default_factory=dict)  # Takeout's blogger:* children
    damaged: str = ""  # an XML error inside the entry ("" when none)

    def link(self, rel: str, type: str | None = None) -> str:
        for link in self.links:
            if link.get("rel") == rel and (type is None or link.get("type", type) == type):
                return link.get("href", "")
        return ""


def open_source(source):
    """A binary stream of a path, some bytes, or a stream already open (left open)."""
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if hasattr(source, "read"):
        return contextlib.nullcontext(source)
    return open(source, "rb")


def entries(source: Path | bytes, name: str, problems: list[Problem]) -> Iterator[Entry]:
    """Every entry of an Atom file, in file order, with the XML errors reported."""
    reported = 0
    seen_errors = 0
    errors: list[tuple[int, str]] = []
    pending: tuple[etree._Element, int] | None = None
    with open_source(source) as handle:
        parser = etree.iterparse(handle, events=("start", "end"), tag=ENTRY, recover=True,
                                 huge_tree=True, resolve_entities=False, no_network=True)

        def take_errors() -> None:
            nonlocal seen_errors, reported
            log = parser.error_log
            if len(log) == seen_errors:
                return
            for error in list(log)[seen_errors:]:
                errors.append((error.line, error.message))
                if reported < MAX_ERRORS:
                    problems.append(Problem(name, max(error.line, 1), f"malformed XML: {error.message.strip()}"))
                reported += 1
            seen_errors = len(log)

        def finish(element, start: int, end: int | None) -> Entry:
            take_errors()
            entry = _values(element, start)
            inside = [(line, msg) for line, msg in errors if line >= start and (end is None or line < end)]
            if inside:
                entry.damaged = inside[0][1].strip()
            _forget(element)
            return entry

        try:
            for event, element in parser:
                if event == "start":
                    if pending is not None:
                        yield finish(pending[0], pending[1], element.sourceline)
                        pending = None
                    continue
                pending = (element, element.sourceline or 1)
            if pending is not None:
                take_errors()
                cut = any("Premature end" in msg for line, msg in errors if line >= pending[1])
                entry = finish(pending[0], pending[1], None)
                if cut:
                    problems.append(Problem(name, entry.line, f"the file ends inside the entry "
                                                              f"{entry.id or 'begun here'} (truncated download?): "
                                                              "the entry is not read"))
                else:
                    yield entry
            take_errors()
        except etree.XMLSyntaxError as error:  # only when nothing at all can be recovered
            line = error.lineno or 1
            problems.append(Problem(name, line, f"not readable as XML: {error.msg}"))
        if reported > MAX_ERRORS:
            problems.append(Problem(name, 1, f"{reported - MAX_ERRORS} more XML errors not listed"))


def read_into(reading, source, name: str, convert):
    """Every entry of an Atom file (a path, bytes or a stream) through ``convert(entry,
    name, reading)``: the one loop of the export, Takeout and feed readers."""
    for entry in entries(source, name, reading.problems):
        convert(entry, name, reading)
    return reading


def report_damage(entry: Entry, name: str, problems: list[Problem]) -> None:
    """An entry the XML parser had to recover is read as recovered, and said."""
    if entry.damaged:
        problems.append(Problem(name, entry.line, f"entry {entry.id or '(no id)'} is damaged XML "
                                                  f"({entry.damaged}); read as recovered, check it"))


def _forget(element) -> None:
    """Free an entry and everything before it: the tree stays one entry deep."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _values(element, line: int) -> Entry:
    entry = Entry(line=line)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if ns == ATOM:
            if local == "id":
                entry.id = _text(child).strip()
            elif local == "title":
                entry.title = _text(child)
            elif local == "content":
                entry.content = _text(child)
                entry.content_type = child.get("type", "text")
            elif local == "summary":
                entry.summary = _text(child)
            elif local == "published":
                entry.published = _text(child).strip()
            elif local == "updated":
                entry.updated = _text(child).strip()
            elif local == "category":
                scheme, term = child.get("scheme", ""), child.get("term", "")
                if scheme == KIND_SCHEME and term.startswith(KIND_PREFIX):
                    entry.kind = term[len(KIND_PREFIX):]
                elif term and (scheme == LABEL_SCHEME or scheme.startswith("tag:blogger.com")):
                    entry.labels.append(term)
            elif local == "link":
                entry.links.append({k: v for k, v in child.attrib.items()})
            elif local == "author" and not entry.author:
                for part in child:
                    if not isinstance(part.tag, str):
                        continue
                    if part.tag == f"{{{ATOM}}}name":
                        entry.author = _text(part).strip()
                    elif part.tag == f"{{{ATOM}}}uri":
                        entry.author_uri = _text(part).strip()
                    elif part.tag == f"{{{BLOGGER_2018}}}type":
                        entry.author_type = _text(part).strip()
        elif local == "control":  # app:control, whichever app namespace and wherever declared
            entry.draft = any(isinstance(d.tag, str) and d.tag.endswith("}draft") and _text(d).strip() == "yes"
                              for d in child)
        elif ns == THR and local == "in-reply-to":
            entry.in_reply_to = child.get("ref", "")
        elif ns == THR and local == "total":
            try:
                entry.total = int(_text(child).strip())
            except ValueError:
                pass
        elif ns == GD and local == "extendedProperty":
            if child.get("name") == "blogger.contentRemoved" and child.get("value", "true") != "false":
                entry.removed = True
        elif ns == BLOGGER_2018:
            entry.blogger[local] = _text(child).strip()
    return entry
