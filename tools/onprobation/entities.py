"""Pages for the organisations and reports of the registry.

The converter writes the facts (from the registry, escaped like seed text);
the Sphinx extension fills in at build time what depends on the posts: the
backlinks of each page and the mention counts of the lists.

An entity's page shows its counts by year and its latest posts; the full list
is split by year on pages of their own (``organisations/nps/2017.md``), so no
page grows with the archive. Those year pages exist only for an entity
mentioned in more than ``LATEST`` posts (its own page lists the others in
full), and only for the years in which some post mentions it: the converter
knows that from the front matter of the post pages it has just made, and
writes them (as orphans: they are not in the PDF, whose entity pages keep the
full list with page numbers).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping

from . import myst
from .registry import Entity, Registry

FOLDERS = {"org": "organisations", "report": "reports"}
LATEST = 20  # the posts an entity's own page lists (HTML); more, and its years get pages
KIND_NAMES = {
    "government-department": "Government departments", "executive-agency": "Executive agencies",
    "non-departmental-public-body": "Non-departmental public bodies", "probation-service": "Probation services",
    "probation-region": "Probation regions and divisions", "probation-trust": "Probation trusts (2010–2014)",
    "crc": "Community Rehabilitation Companies (2014–2021)", "company": "Companies",
    "inspectorate": "Inspectorates", "parliamentary-committee": "Parliamentary committees",
    "parliament": "Parliament", "union": "Trade unions", "professional-body": "Professional bodies",
    "charity": "Charities", "think-tank": "Think tanks", "political-party": "Political parties",
    "regulator": "Regulators", "court": "Courts", "prison": "Prisons", "police": "Police",
    "media": "Media", "other": "Others",
}  # fmt: skip


def _fact(name: str, value: str) -> str:
    return f"- **{myst.escape(name)}:** {value}"


def _date(value: object) -> str:
    return myst.escape(str(value))


def entity_page(entity: Entity, registry: Registry) -> str:
    data = entity.data
    abbr = f" ({', '.join(entity.abbr)})" if entity.abbr else ""
    facts = []
    if entity.type == "org":
        facts.append(_fact("Kind", myst.escape(KIND_NAMES.get(data["kind"], data["kind"]))))
        founded, dissolved = data.get("founded"), data.get("dissolved")
        if founded and dissolved:
            facts.append(_fact("Dates", _date(f"{founded} – {dissolved}")))
        elif founded:
            facts.append(_fact("Founded", _date(founded)))
        elif dissolved:
            facts.append(_fact("Until", _date(dissolved)))
        if data.get("parent"):
            facts.append(_fact("Part of", f"{{org}}`{data['parent']}`"))
        if data.get("successor"):
            facts.append(_fact("What became of it", f"{{org}}`{data['successor']}`"))
    else:
        facts.append(_fact("Published by", f"{{org}}`{data['publisher']}`"))
        facts.append(_fact("Date", _date(data["date"])))
        if data.get("reference"):
            facts.append(_fact("Reference", myst.escape(data["reference"])))
    forms = [f for f in entity.forms if f != entity.name and f not in entity.abbr] + entity.ambiguous
    if forms:
        facts.append(_fact("Also written", myst.escape("; ".join(forms))))
    if data.get("url"):
        facts.append(_fact("Official page", myst.inline(data["url"])))
    return (
        f"({entity.type}-{entity.key})=\n# {myst.inline(entity.name + abbr)}\n\n"
        + myst.fence(entity.type + "-entity", entity.key, "", 0)
        + "\n\n"
        + myst.inline(" ".join(str(data["description"]).split()))
        + "\n\n"
        + "\n".join(facts)
        + "\n\n"
        + myst.fence("backlinks", "", "", 0)
        + "\n"
    )


def list_page(type_: str, registry: Registry) -> str:
    title = "Organisations" if type_ == "org" else "Reports"
    intro = (
        "Every organisation the archive knows, by kind, with the number of posts that mention it."
        if type_ == "org"
        else "Every report the archive knows, newest first, with the number of posts that mention it."
    )
    keys = sorted(e.key for e in registry.of_type(type_))
    toctree = myst.fence("toctree", "", ":hidden:\n\n" + "\n".join(keys), 0)
    return (
        f"({FOLDERS[type_]})=\n# {title}\n\n{myst.escape(intro)}\n\n"
        + myst.fence("entity-list", type_, "", 0)
        + "\n\n"
        + toctree
        + "\n"
    )


POST_PAGE = re.compile(r"^\d{4}/\d{2}/(?!index\.md$)[^/]+\.md$")
_FRONT_FIELDS = {"date", "organisations", "reports"}


def _front_matter(page: str) -> dict[str, object]:
    """The fields of a post page's front matter (``key: <JSON>`` lines) that say what it mentions."""
    fields: dict[str, object] = {}
    if not page.startswith("---\n"):
        return fields
    for line in page[4 : page.find("\n---\n", 3)].split("\n"):
        key, _, value = line.partition(": ")
        if key in _FRONT_FIELDS:
            fields[key] = json.loads(value)
    return fields


def mention_years(pages: Mapping[str, str]) -> dict[tuple[str, str], dict[str, int]]:
    """(type, key) -> {year: number of post pages of that year that mention the entity}."""
    years: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path, page in pages.items():
        if not POST_PAGE.match(path):
            continue
        meta = _front_matter(page)
        year = str(meta.get("date", ""))[:4]
        for type_, field in (("org", "organisations"), ("report", "reports")):
            for key in meta.get(field, ()) or ():  # type: ignore[union-attr]
                years[(type_, str(key))][year] += 1
    return years


def year_page(entity: Entity, year: str) -> str:
    """The page of every post of one year that mentions an entity (filled at build time)."""
    abbr = f" ({', '.join(entity.abbr)})" if entity.abbr else ""
    return (
        "---\norphan: true\n---\n"
        f"# {myst.inline(entity.name + abbr)}: {year}\n\n"
        + myst.fence("entity-year", f"{entity.type} {entity.key} {year}", "", 0)
        + "\n"
    )


def year_pages(registry: Registry, site: Mapping[str, str], latest: int = LATEST) -> dict[str, str]:
    """``organisations/<key>/<year>.md`` for every year in which a post mentions the
    entity, for the entities mentioned in more than ``latest`` posts."""
    pages = {}
    for (type_, key), years in sorted(mention_years(site).items()):
        entity = registry.get(type_, key)
        if entity is None or type_ not in FOLDERS or sum(years.values()) <= latest:
            continue
        for year in sorted(years):
            if year.isdigit():
                pages[f"{FOLDERS[type_]}/{key}/{year}.md"] = year_page(entity, year)
    return pages


def entity_pages(registry: Registry) -> dict[str, str]:
    pages = {}
    for type_, folder in FOLDERS.items():
        entities = registry.of_type(type_)
        if not entities:
            continue
        pages[f"{folder}/index.md"] = list_page(type_, registry)
        for entity in entities:
            pages[f"{folder}/{entity.key}.md"] = entity_page(entity, registry)
    return pages
