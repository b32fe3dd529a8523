"""A page of Blogger's public feeds as JSON (``/feeds/posts/default?alt=json``).

The GData JSON form of the Atom feed: ``feed.entry[]``, each value an object
whose text is ``$t`` (``entry.id.$t``, ``entry.title.$t``, ``entry.content.$t``,
``entry.published.$t``), namespaced names joined with ``$``
(``thr$in-reply-to.ref``, ``thr$total.$t``, ``gd$extendedProperty[]``,
``openSearch$totalResults.$t``), ``link[]`` and ``category[]`` as in Atom. A
page is small (at most a few hundred entries), so it is read whole with the
standard library's ``json``; an entry is located as ``file:1`` with its index
(the file is one line). ``alt=json-in-script`` (JSONP, ``callback({...})``) is
read too. Entries then go through the export's conversion (``export.convert``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..model import Problem
from . import KIND_PREFIX, KIND_SCHEME, LABEL_SCHEME, Reading
from .atom import Entry
from .export import convert

FORMAT = "feed-json"
_JSONP = re.compile(r"^\s*[\w.$]+\(\s*(.*?)\s*\);?\s*$", re.S)


def read(source: Path | bytes, name: str) -> Reading:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reading = Reading(FORMAT)
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    match = _JSONP.match(text)
    if match and not text.lstrip().startswith("{"):
        text = match[1]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        cut = not text.rstrip().endswith(("}", ")", ");"))
        salvaged = _salvage(text)
        what = "truncated download?" if cut else "malformed JSON"
        reading.problems.append(Problem(name, error.lineno, f"not readable as JSON ({what} {error.msg}, "
                                                            f"column {error.colno}): {len(salvaged)} whole "
                                                            "entries before the damage read"))
        for item in salvaged:
            convert(_entry(item, line=1), name, reading)
        return reading
    feed = document.get("feed") if isinstance(document, dict) else None
    if not isinstance(feed, dict):
        reading.problems.append(Problem(name, 1, "JSON without a 'feed' object: not a Blogger feed page"))
        return reading
    items = feed.get("entry", [])
    if not isinstance(items, list):
        reading.problems.append(Problem(name, 1, "'feed.entry' is not a list: no entry read"))
        return reading
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            reading.problems.append(Problem(name, 1, f"entry {index} is not an object: not read"))
            continue
        convert(_entry(item, line=1), name, reading)
    return reading


def _salvage(text: str) -> list[dict]:
    """The whole entries before the damage of a page that does not parse."""
    found: list[dict] = []
    start = text.find('"entry"')
    start = text.find("[", start) if start >= 0 else -1
    if start < 0:
        return found
    decoder = json.JSONDecoder()
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return found
        if isinstance(item, dict):
            found.append(item)


def _t(value) -> str:
    if isinstance(value, dict):
        value = value.get("$t", "")
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _entry(item: dict, line: int) -> Entry:
    entry = Entry(line=line, id=_t(item.get("id")).strip(), title=_t(item.get("title")),
                  published=_t(item.get("published")).strip(), updated=_t(item.get("updated")).strip())
    if "content" in item:
        entry.content = _t(item["content"])
        entry.content_type = (item["content"] or {}).get("type", "html") if isinstance(item["content"], dict) \
            else "html"
    if "summary" in item:
        entry.summary = _t(item["summary"])
    for category in item.get("category") or []:
        if not isinstance(category, dict):
            continue
        scheme, term = category.get("scheme", ""), category.get("term", "")
        if scheme == KIND_SCHEME and term.startswith(KIND_PREFIX):
            entry.kind = term[len(KIND_PREFIX):]
        elif term and (scheme in (LABEL_SCHEME, "") or scheme.startswith("tag:blogger.com")):
            entry.labels.append(term)
    entry.links = [{k: v for k, v in link.items() if isinstance(v, str)}
                   for link in item.get("link") or [] if isinstance(link, dict)]
    authors = item.get("author") or []
    if authors and isinstance(authors[0], dict):
        entry.author = _t(authors[0].get("name")).strip()
        entry.author_uri = _t(authors[0].get("uri")).strip()
    reply = item.get("thr$in-reply-to")
    if isinstance(reply, dict):
        entry.in_reply_to = reply.get("ref", "")
    total = _t(item.get("thr$total")).strip()
    if total.isdigit():
        entry.total = int(total)
    for prop in item.get("gd$extendedProperty") or []:
        if isinstance(prop, dict) and prop.get("name") == "blogger.contentRemoved" \
                and prop.get("value", "true") != "false":
            entry.removed = True
    control = item.get("app$control")
    if isinstance(control, dict) and _t(control.get("app$draft")) == "yes":
        entry.draft = True
    return entry
