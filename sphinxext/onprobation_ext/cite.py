"""How to cite a post, in the form each consumer reads, from the post's own
data and the configuration:

- a formatted reference (OSCOLA's form for a blog post);
- BibTeX ``@misc`` that classic styles (``plain.bst``) and pybtex render with
  the title's capitals, the year and the address;
- biblatex ``@online`` (biber styles);
- CSL-JSON (Zotero, pandoc, citeproc), type ``post-weblog``;
- RIS (reference managers).

Pure functions of a ``Citation``, so that every output (the "Cite this" box,
the PDF's citation line, the metadata tags) says the same thing. Dates are
English whatever the builder's locale (``onprobation.dates``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from onprobation.dates import long_date

# The archive's language, the same in every place that states it (JSON-LD,
# citation_language, DC.language, RIS, CSL-JSON).
LANGUAGE = "en-GB"
# BibTeX's month macros: plain.bst prints them in the style's language.
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


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
        return self.title or f"Untitled post of {long_date(self.date)}"

    @property
    def long_date(self) -> str:
        return long_date(self.date)


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
        text += f" accessed {long_date(accessed)}"
    if anchor:
        text += f", {pinpoint(anchor)}"
    return text


def _bibtex_escape(text: str) -> str:
    """Text as a BibTeX/LaTeX value: its special characters made literal."""
    return re.sub(r"[&%$#_{}~^\\]", lambda m: _BIBTEX_SPECIAL.get(m[0], "\\" + m[0]), text)


_BIBTEX_SPECIAL = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _bibtex_url(url: str) -> str:
    """A URL inside ``\\url{...}``: only the characters that would end the field."""
    return re.sub(r"([%#{}\\])", r"\\\1", url)


def _entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def _note(c: Citation, accessed: dt.date | None) -> str:
    note = f"Originally published at \\url{{{_bibtex_url(c.original_url)}}}"
    if accessed:
        note += f"; accessed {long_date(accessed)}"
    return note


def bibtex(c: Citation, accessed: dt.date | None = None) -> str:
    """BibTeX for classic styles (``plain.bst``, natbib) and pybtex: ``@misc``.

    The title is braced as a whole so that no style lowercases its capitals
    ("HMPPS - Reaction"); the address is in ``howpublished`` as ``\\url``,
    which ``plain.bst`` prints; ``year`` and ``month`` give the date.
    """
    fields = {
        "author": f"{{{_bibtex_escape(c.author)}}}",
        "title": f"{{{{{_bibtex_escape(c.display_title)}}}}}",
        "howpublished": f"{{\\url{{{_bibtex_url(c.url)}}}}}",
        "year": f"{{{c.date.year}}}",
        "month": BIBTEX_MONTHS[c.date.month - 1],
        "note": f"{{{_bibtex_escape(c.blog)}, {long_date(c.date)}. {_note(c, accessed)}}}",
    }
    return _entry("misc", c.label, fields)


def biblatex(c: Citation, accessed: dt.date | None = None) -> str:
    """biblatex (biber) ``@online``, with the full date and the date accessed."""
    fields = {
        "author": f"{{{_bibtex_escape(c.author)}}}",
        "title": f"{{{{{_bibtex_escape(c.display_title)}}}}}",
        "organization": f"{{{_bibtex_escape(c.blog)}}}",
        "date": f"{{{c.date.isoformat()}}}",
        "url": f"{{{_bibtex_url(c.url)}}}",
    }
    if accessed:
        fields["urldate"] = f"{{{accessed.isoformat()}}}"
    fields["langid"] = "{british}"
    fields["note"] = f"{{{_note(c, None)}}}"
    return _entry("online", c.label, fields)


def _csl_name(name: str) -> dict[str, str]:
    given, _, family = name.strip().rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name.strip()}


def _csl_date(date: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_data(c: Citation, accessed: dt.date | None = None) -> dict[str, object]:
    """One CSL-JSON item (what Zotero, pandoc and citeproc read)."""
    item: dict[str, object] = {
        "id": c.label,
        "type": "post-weblog",
        "title": c.display_title,
        "author": [_csl_name(c.author)],
        "container-title": c.blog,
        "issued": _csl_date(c.date),
        "URL": c.url,
    }
    if accessed:
        item["accessed"] = _csl_date(accessed)
    item["language"] = LANGUAGE
    item["note"] = f"Originally published at {c.original_url}"
    return item


def csl_json(c: Citation, accessed: dt.date | None = None) -> str:
    """CSL-JSON as a file holds it: a list of items."""
    return json.dumps([csl_data(c, accessed)], ensure_ascii=False, indent=2)


def ris(c: Citation, accessed: dt.date | None = None) -> str:
    lines = [
        "TY  - BLOG",
        f"AU  - {c.author}",
        f"TI  - {c.display_title}",
        f"T2  - {c.blog}",
        f"PY  - {c.date:%Y}",
        f"DA  - {c.date:%Y/%m/%d}",
        f"UR  - {c.url}",
        f"LA  - {LANGUAGE}",
        f"N1  - Originally published at {c.original_url}",
    ]
    if accessed:
        lines.append(f"Y2  - {accessed:%Y/%m/%d}")
    return "\n".join([*lines, "ER  - "])
