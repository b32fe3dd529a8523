"""How to cite a post: a formatted reference (OSCOLA's form for a blog post),
BibTeX (``@online``) and RIS, from the post's own data and the configuration.

Pure functions of a ``Citation``, so that every output (the "Cite this" box,
the PDF's citation line, the metadata tags) says the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    author: str
    blog: str
    title: str
    date: dt.date
    url: str
    original_url: str
    label: str

    @property
    def display_title(self) -> str:
        return self.title or f"Untitled post of {self.date.day} {self.date:%B %Y}"

    @property
    def long_date(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"


def pinpoint(anchor: str) -> str:
    """``p12`` -> ``para 12``; ``c4-1`` -> ``comment 4.1``."""
    if re.fullmatch(r"p\d+", anchor):
        return f"para {anchor[1:]}"
    if re.fullmatch(r"c\d+(?:-\d+)*", anchor):
        return "comment " + anchor[1:].replace("-", ".")
    return anchor


def reference(c: Citation, accessed: dt.date | None = None, anchor: str = "") -> str:
    """OSCOLA: Author, 'Title' (Blog, Date) <URL> accessed Date, pinpoint."""
    url = c.url + (f"#{anchor}" if anchor else "")
    text = f"{c.author}, ‘{c.display_title}’ ({c.blog}, {c.long_date}) <{url}>"
    if accessed:
        text += f" accessed {accessed.day} {accessed:%B %Y}"
    if anchor:
        text += f", {pinpoint(anchor)}"
    return text


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def bibtex(c: Citation, accessed: dt.date | None = None) -> str:
    fields = {
        "author": c.author,
        "title": c.display_title,
        "journaltitle": c.blog,
        "date": c.date.isoformat(),
        "url": c.url,
        "note": f"Originally published at {c.original_url}",
    }
    if accessed:
        fields["urldate"] = accessed.isoformat()
    body = ",\n".join(
        f"  {key} = {{{value if key == 'url' else _bibtex_escape(value)}}}" for key, value in fields.items()
    )
    return f"@online{{{c.label},\n{body}\n}}"


def ris(c: Citation, accessed: dt.date | None = None) -> str:
    lines = [
        "TY  - BLOG",
        f"AU  - {c.author}",
        f"TI  - {c.display_title}",
        f"T2  - {c.blog}",
        f"PY  - {c.date:%Y}",
        f"DA  - {c.date:%Y/%m/%d}",
        f"UR  - {c.url}",
        f"N1  - Originally published at {c.original_url}",
    ]
    if accessed:
        lines.append(f"Y2  - {accessed:%Y/%m/%d}")
    return "\n".join([*lines, "ER  - "])
