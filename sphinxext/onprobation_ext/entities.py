"""Entity pages (organisations, reports, people...): what the archive says about each.

The converter writes each page's facts; here the ``org-entity``,
``report-entity``, ``person-entity``... directives (one per kind of the
table of kinds) tell the domain which page is whose, and the
``backlinks`` and ``entity-list`` directives leave placeholders that a
post-transform fills from the domain once every document has been read:
the posts mentioning an entity (newest first, by year, linking to the first
mention) and the lists of all entities with their mention counts.

In HTML an entity's page stays the same size however many posts mention it:
its chart, its counts by year (each linking to that year's page) and its
latest posts (``onprobation_entity_latest``, 20). The full list is on the year pages the converter
writes (``{entity-year} org nps 2017``), each linking back and to the
neighbouring years. The PDF has no year pages (they are orphans, outside the
book's toctree): there, an entity's page keeps the full list, by year, with
the page of every post, which is what a printed book's reader can use.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from onprobation.dates import MONTHS, display_date, plural
from onprobation.kinds import Kind
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from onprobation.entities import KIND_NAMES, LATEST

from .charts import make_chart
from .domain import OpDomain, registry_of

__all__ = ["display_date"]  # kept here for the modules that took it from here


class backlinks(nodes.General, nodes.Element):
    """Placeholder: the posts that mention this page's entity."""


class entity_list(nodes.General, nodes.Element):
    """Placeholder: every entity of a type with its mention count."""


class entity_year(nodes.General, nodes.Element):
    """Placeholder: the posts of one year that mention an entity."""


def entity_doc(env: Any, type_: str, key: str) -> str:
    """Where the converter writes an entity's page: ``organisations/nps``."""
    kind = registry_of(env).kind(type_)
    return f"{kind.folder if kind else type_}/{key}"


def year_doc(env: Any, type_: str, key: str, year: str) -> str:
    return f"{entity_doc(env, type_, key)}/{year}"


class timeline(nodes.General, nodes.Element):
    """Placeholder: posts per month over the whole archive."""


def archive_years(domain: OpDomain) -> list[str]:
    """Every year from the first post to the last, so charts share one axis."""
    years = sorted({post["date"][:4] for post in domain.posts.values() if post["date"][:4].isdigit()})
    return [str(y) for y in range(int(years[0]), int(years[-1]) + 1)] if years else []


def _domain(env: Any) -> OpDomain:
    return env.domains["op"]  # type: ignore[no-any-return]


class EntityDirective(SphinxDirective):
    """``{org-entity} key``, ``{person-entity} key``: this page is that entity's
    page (the kind is the directive's name, one per kind: ``add_kinds``)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        key, type_ = self.arguments[0], self.name.removesuffix("-entity")
        domain = _domain(self.env)
        if registry_of(self.env).get(type_, key) is None:
            raise self.error(f"unknown {type_} key {key!r}")
        domain.set_entity(self.env.docname, type_, key)
        return []


class BacklinksDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        entity = domain.entities.get(self.env.docname)
        if entity is None:
            raise self.error("backlinks must follow an entity directive (org-entity, report-entity...)")
        domain.pages.setdefault(self.env.docname, set()).add(":".join(entity))
        return [backlinks(entity=":".join(entity))]


class EntityYearDirective(SphinxDirective):
    """``{entity-year} org nps 2017``: this page lists the posts of 2017 that mention the NPS."""

    required_arguments = 3

    def run(self) -> list[nodes.Node]:
        type_, key, year = self.arguments
        if registry_of(self.env).get(type_, key) is None:
            raise self.error(f"unknown {type_} key {key!r}")
        if not (year.isdigit() and len(year) == 4):
            raise self.error(f"not a year: {year!r}")
        # the year's posts, and the neighbouring years (which change when a year appears or goes)
        _domain(self.env).pages.setdefault(self.env.docname, set()).update(
            {f"{type_}:{key}@{year}", f"{type_}:{key}@years"})
        return [entity_year(entity=f"{type_}:{key}", year=year)]


class TimelineDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        _domain(self.env).pages.setdefault(self.env.docname, set()).add("timeline")
        return [timeline()]


class EntityListDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        type_ = self.arguments[0]
        types = [kind.type for kind in registry_of(self.env).kinds]
        if type_ not in types:
            raise self.error(f"entity-list takes one of {', '.join(map(repr, types))}")
        _domain(self.env).pages.setdefault(self.env.docname, set()).add(f"list:{type_}")
        return [entity_list(type=type_)]


def _xref(reftype: str, target: str, text: str, refdoc: str, explicit: bool = True) -> pending_xref:
    return pending_xref("", nodes.inline("", text), refdomain="op", reftype=reftype, reftarget=target,
                        refexplicit=explicit, refdoc=refdoc, refwarn=True)


class FillEntityLists(SphinxPostTransform):
    """Replace the placeholders with lists made from the whole environment."""

    # After IndexMentions (4), whose index must not take these lists for
    # mentions; before Sphinx's ReferencesResolver (10), which resolves the
    # references made here. Distinct from every other post-transform here.
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        domain = _domain(self.env)
        if not domain.shows_lists(self.env.docname):
            return
        # one walk of the document
        kinds = (backlinks, entity_list, timeline, entity_year)
        for node in list(self.document.findall(lambda n: isinstance(n, kinds))):
            if isinstance(node, backlinks):
                node.replace_self(self._backlinks(domain, node["entity"]))
            elif isinstance(node, entity_year):
                node.replace_self(self._year(domain, node["entity"], node["year"]))
            elif isinstance(node, entity_list):
                node.replace_self(self._entity_list(domain, node["type"]))
            else:
                node.replace_self(self._timeline(domain))

    def _timeline(self, domain: OpDomain) -> list[nodes.Node]:
        counts: dict[str, int] = {}
        for post in domain.posts.values():
            counts[post["date"][:7]] = counts.get(post["date"][:7], 0) + 1
        bars = [(f"{MONTHS[m - 1]} {y}", counts.get(f"{y}-{m:02d}", 0), y if m == 1 else "")
                for y in archive_years(domain) for m in range(1, 13)]
        out: list[nodes.Node] = [make_chart("Posts per month", bars)]
        items = nodes.bullet_list(classes=["timeline-years"])
        for year in archive_years(domain):
            total = sum(v for k, v in counts.items() if k.startswith(year))
            if total:
                months = ", ".join(f"{MONTHS[int(k[5:]) - 1]} {v}" for k, v in sorted(counts.items())
                                   if k.startswith(year))
                link = pending_xref("", nodes.inline("", year), refdomain="std", reftype="doc",
                                    reftarget=f"/{year}/index", refexplicit=True, refdoc=self.env.docname)
                items += nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(
                    f": {plural(total, 'post')} ({months})")))
        out.append(items)
        return out

    def _post_list(self, domain: OpDomain, posts: list[tuple[str, str]]) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=["backlinks"])
        for docname, anchor in posts:
            post = domain.posts[docname]
            date = nodes.inline("", display_date(post["date"]) + " · ", classes=["post-date"])
            link = _xref("mention", f"{docname}#{anchor}", post["display"], self.env.docname)
            items += nodes.list_item("", nodes.paragraph("", "", date, link))
        return items

    def _doc_link(self, docname: str, text: str) -> pending_xref:
        return pending_xref("", nodes.inline("", text), refdomain="std", reftype="doc",
                            reftarget=f"/{docname}", refexplicit=True, refdoc=self.env.docname)

    def _by_year(self, domain: OpDomain, found: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
        years: dict[str, list[tuple[str, str]]] = {}
        for docname, anchor in found:
            years.setdefault(domain.posts[docname]["date"][:4], []).append((docname, anchor))
        return years

    def _backlinks(self, domain: OpDomain, name: str) -> list[nodes.Node]:
        type_, key = name.split(":", 1)
        found = domain.mentioning(type_, key)
        kind = registry_of(self.env).kind(type_)
        it = kind.pronoun if kind else "it"
        if not found:
            return [nodes.paragraph("", f"No post in the archive mentions {it} yet.", classes=["backlinks"])]
        years = self._by_year(domain, found)
        chart = make_chart(f"Posts mentioning {it}, per year", [
            (year, len(years.get(year, [])), year) for year in archive_years(domain)
        ])
        out: list[nodes.Node] = [
            nodes.rubric("", f"Mentioned in {plural(len(found), 'post')}", classes=["backlinks-title"]),
            chart,
        ]
        if self.env._builder_cls.format == "latex":
            # the book: every post, by year, with its page (there are no year pages in the PDF)
            summary = ", ".join(f"{year}: {len(posts)}" for year, posts in years.items())
            out.append(nodes.paragraph("", f"By year (newest first): {summary}.", classes=["backlinks-summary"]))
            for year, posts in years.items():
                out.append(nodes.rubric("", f"{year} ({len(posts)})", classes=["backlinks-year"]))
                out.append(self._post_list(domain, posts))
            return out
        # the site: counts by year, each year's page, and the latest posts; bounded in size
        summary = nodes.paragraph("", "By year (newest first): ", classes=["backlinks-summary"])
        for index, (year, posts) in enumerate(years.items()):
            if index:
                summary += nodes.Text(", ")
            doc = year_doc(self.env, type_, key, year)
            summary += self._doc_link(doc, year) if doc in self.env.found_docs else nodes.Text(year)
            summary += nodes.Text(f": {len(posts)}")
        summary += nodes.Text(".")
        out.append(summary)
        limit = self.config.onprobation_entity_latest
        latest = found[:limit]
        title = "Latest posts" if len(found) > limit else "Posts"
        out.append(nodes.rubric("", title, classes=["backlinks-latest"]))
        out.append(self._post_list(domain, latest))
        if len(found) > limit and any(year_doc(self.env, type_, key, y) in self.env.found_docs for y in years):
            out.append(nodes.paragraph(
                "", f"The {len(latest)} most recent of {len(found)}; every post is listed on the page of its year.",
                classes=["backlinks-more"]))
        return out

    def _year(self, domain: OpDomain, name: str, year: str) -> list[nodes.Node]:
        type_, key = name.split(":", 1)
        entity = registry_of(self.env).get(type_, key)
        years = self._by_year(domain, domain.mentioning(type_, key))
        posts = years.get(year, [])
        present = sorted(y for y in years if year_doc(self.env, type_, key, y) in self.env.found_docs)
        earlier = [y for y in present if y < year]
        later = [y for y in present if y > year]
        nav = nodes.paragraph("", "", classes=["entity-year-nav"])
        nav += self._doc_link(entity_doc(self.env, type_, key), f"All about {entity.name if entity else key}")
        if earlier:
            nav += nodes.Text(" · Previous year: ")
            nav += self._doc_link(year_doc(self.env, type_, key, earlier[-1]), earlier[-1])
        if later:
            nav += nodes.Text(" · Next year: ")
            nav += self._doc_link(year_doc(self.env, type_, key, later[0]), later[0])
        if not posts:
            kind = registry_of(self.env).kind(type_)
            it = kind.pronoun if kind else "it"
            return [nav, nodes.paragraph("", f"No post of {year} mentions {it}.", classes=["backlinks"])]
        return [
            nav,
            nodes.rubric("", f"Mentioned in {plural(len(posts), 'post')} of {year}", classes=["backlinks-title"]),
            self._post_list(domain, posts),
        ]

    def _entity_list(self, domain: OpDomain, type_: str) -> list[nodes.Node]:
        registry = registry_of(self.env)
        kind = registry.kind(type_)
        counts = domain.mention_counts()
        out: list[nodes.Node] = []
        for heading, members in _groups(kind, registry.of_type(type_)) if kind else []:
            out.append(nodes.rubric("", heading, classes=["entity-group"]))
            items = nodes.bullet_list(classes=["entity-list"])
            for entity in members:
                count = counts.get(f"{entity.type}:{entity.key}", 0)
                paragraph = nodes.paragraph("", "", _xref(type_, entity.key, entity.name, self.env.docname, False))
                if entity.abbr:
                    paragraph += nodes.Text(f" ({', '.join(entity.abbr)})")
                paragraph += nodes.inline("", f" · {plural(count, 'post')}", classes=["mention-count"])
                items += nodes.list_item("", paragraph)
            out.append(items)
        return out


def _groups(kind: Kind, entities: list[Any]) -> list[tuple[str, list[Any]]]:
    """An entity list's headings and members, as its kind says (``list_by``):
    organisations by kind, reports by year (newest first), people by letter."""
    groups: dict[str, list[Any]] = {}
    if kind.list_by == "kind":
        for entity in sorted(entities, key=lambda e: e.name.lower()):
            groups.setdefault(KIND_NAMES.get(entity.data["kind"], entity.data["kind"]), []).append(entity)
        return [(name, groups[name]) for name in KIND_NAMES.values() if name in groups] + [
            (name, members) for name, members in groups.items() if name not in KIND_NAMES.values()]
    if kind.list_by == "year":
        for entity in sorted(entities, key=lambda e: str(e.data.get(kind.year_of, "")), reverse=True):
            groups.setdefault(str(entity.data.get(kind.year_of, ""))[:4], []).append(entity)
        return list(groups.items())
    for entity in sorted(entities, key=lambda e: e.sort_name.lower()):
        groups.setdefault(entity.sort_name.lstrip("'‘“(").upper()[:1], []).append(entity)
    return sorted(groups.items())


def add_directives(app: Sphinx, kinds: tuple[Kind, ...]) -> None:
    """``{org-entity}``, ``{report-entity}``...: one directive per kind."""
    for kind in kinds:
        app.add_directive(f"{kind.type}-entity", EntityDirective, override=True)


def setup(app: Sphinx) -> None:
    # the posts an entity's own page lists in HTML; an entity in more posts gets a page per year
    app.add_config_value("onprobation_entity_latest", LATEST, "env", types=frozenset({int}))
    app.add_node(backlinks)
    app.add_node(entity_list)
    app.add_node(timeline)
    app.add_node(entity_year)
    app.add_directive("entity-year", EntityYearDirective)
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("backlinks", BacklinksDirective)
    app.add_directive("entity-list", EntityListDirective)
    app.add_post_transform(FillEntityLists)
