"""Pages for the entities of the registry (organisations, reports, people...).

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
from .dates import partial_date
from .kinds import Fact, Kind
from .registry import Entity, Registry

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
    return f"- **{myst.escape(name)}:** {value}".rstrip()


def _date(value: object) -> str:
    return myst.escape(str(value))


def _span(role: dict) -> str:
    """``4 September 2012 – 9 May 2015``, ``since June 2019``: a role's dates."""
    start, end = partial_date(str(role.get("from", ""))), partial_date(str(role.get("to", "")))
    return myst.escape(f"{start} – {end}" if end else f"since {start}")


def _role_line(role: dict) -> str:
    org = f", {{org}}`{role['org']}`" if role.get("org") else ""
    return f"  - {myst.escape(str(role.get('title', '')))}{org}, {_span(role)}"


def _fact_lines(fact: Fact, entity: Entity, registry: Registry) -> list[str]:
    """The lines of one fact of an entity's page (none when it has no value)."""
    data, value = entity.data, entity.data.get(fact.field)
    if fact.show == "span":
        start, end = value, data.get(fact.until)
        if start and end:
            return [_fact(fact.label, _date(f"{start} – {end}"))]
        if start or end:
            return [_fact(fact.from_label if start else fact.until_label, _date(start or end))]
        return []
    if fact.show == "holders":
        held = registry.holders(entity.key) if entity.type == "org" else []
        if not held:
            return []
        return [_fact(fact.label, "")] + [
            f"  - {{{person.type}}}`{person.key}`, {myst.escape(str(role.get('title', '')))}, {_span(role)}"
            for person, role in held]
    if fact.show == "roles":
        return [_fact(fact.label, "")] + [_role_line(role) for role in entity.roles] if entity.roles else []
    if value is None or value == "":
        return []
    if fact.show == "kind":
        return [_fact(fact.label, myst.escape(KIND_NAMES.get(str(value), str(value))))]
    if fact.show == "link":
        target = dict(entity.kind.links).get(fact.field, "org") if entity.kind else "org"
        return [_fact(fact.label, f"{{{target}}}`{value}`")]
    if fact.show == "date":
        return [_fact(fact.label, _date(value))]
    return [_fact(fact.label, myst.escape(str(value)))]


def _heading(entity: Entity) -> str:
    abbr = f" ({', '.join(entity.abbr)})" if entity.abbr else ""
    return myst.inline(entity.name + abbr)


def entity_page(entity: Entity, registry: Registry) -> str:
    data = entity.data
    facts = [line for fact in (entity.kind.facts if entity.kind else ()) for line in _fact_lines(fact, entity, registry)]
    also = [f for f in entity.forms if f != entity.name and f not in entity.abbr] + entity.ambiguous
    if isinstance(data.get("surname"), str) and data["surname"] not in also:
        also.append(data["surname"])
    if also:
        facts.append(_fact("Also written", myst.escape("; ".join(also))))
    if data.get("url"):
        # most people's address is their encyclopaedia article, not a page of their own
        label = "Wikipedia" if ".wikipedia.org/" in str(data["url"]) else "Official page"
        facts.append(_fact(label, myst.inline(data["url"])))
    return (
        f"({entity.type}-{entity.key})=\n# {_heading(entity)}\n\n"
        + myst.fence(entity.type + "-entity", entity.key, "", 0)
        + "\n\n"
        + myst.inline(" ".join(str(data["description"]).split()))
        + "\n\n"
        + "\n".join(facts)
        + "\n\n"
        + myst.fence("backlinks", "", "", 0)
        + "\n"
    )


def list_page(kind: Kind, registry: Registry) -> str:
    keys = sorted(e.key for e in registry.of_type(kind.type))
    toctree = myst.fence("toctree", "", ":hidden:\n\n" + "\n".join(keys), 0)
    return (
        f"({kind.folder})=\n# {myst.inline(kind.title)}\n\n{myst.escape(kind.intro)}\n\n"
        + myst.fence("entity-list", kind.type, "", 0)
        + "\n\n"
        + toctree
        + "\n"
    )


POST_PAGE = re.compile(r"^\d{4}/\d{2}/(?!index\.md$)[^/]+\.md$")


def _front_matter(page: str, wanted: set[str]) -> dict[str, object]:
    """The ``wanted`` fields of a post page's front matter (``key: <JSON>`` lines):
    its date and what it mentions."""
    fields: dict[str, object] = {}
    if not page.startswith("---\n"):
        return fields
    for line in page[4 : page.find("\n---\n", 3)].split("\n"):
        key, _, value = line.partition(": ")
        if key in wanted:
            fields[key] = json.loads(value)
    return fields


def mention_years(pages: Mapping[str, str], kinds: tuple[Kind, ...]) -> dict[tuple[str, str], dict[str, int]]:
    """(type, key) -> {year: number of post pages of that year that mention the entity}."""
    years: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fronts = [(kind.type, kind.front_matter) for kind in kinds if kind.front_matter]
    for path, page in pages.items():
        if not POST_PAGE.match(path):
            continue
        meta = _front_matter(page, {"date", *(field for _, field in fronts)})
        year = str(meta.get("date", ""))[:4]
        for type_, field in fronts:
            for key in meta.get(field, ()) or ():  # type: ignore[union-attr]
                years[(type_, str(key))][year] += 1
    return years


def year_page(entity: Entity, year: str) -> str:
    """The page of every post of one year that mentions an entity (filled at build time)."""
    return (
        "---\norphan: true\n---\n"
        f"# {_heading(entity)}: {year}\n\n"
        + myst.fence("entity-year", f"{entity.type} {entity.key} {year}", "", 0)
        + "\n"
    )


def year_pages(registry: Registry, site: Mapping[str, str], latest: int = LATEST) -> dict[str, str]:
    """``organisations/<key>/<year>.md`` for every year in which a post mentions the
    entity, for the entities mentioned in more than ``latest`` posts."""
    pages = {}
    for (type_, key), years in sorted(mention_years(site, registry.kinds).items()):
        entity = registry.get(type_, key)
        if entity is None or entity.kind is None or sum(years.values()) <= latest:
            continue
        for year in sorted(years):
            if year.isdigit():
                pages[f"{entity.kind.folder}/{key}/{year}.md"] = year_page(entity, year)
    return pages


def entity_pages(registry: Registry) -> dict[str, str]:
    pages = {}
    for kind in registry.kinds:
        entities = registry.of_type(kind.type)
        if not entities:
            continue
        pages[f"{kind.folder}/index.md"] = list_page(kind, registry)
        for entity in entities:
            pages[f"{kind.folder}/{entity.key}.md"] = entity_page(entity, registry)
    return pages
