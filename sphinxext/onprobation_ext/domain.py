"""The ``op`` domain: posts, the registry's entities (organisations, reports,
people...), and who mentions whom.

Its object types, roles and indices come from the table of kinds
(``onprobation.kinds``): ``made_for(kinds)`` makes the domain of a build
from the kinds of its registry folder, one role and one index per kind.

Its data is kept per docname (``clear_doc`` / ``merge_domaindata``), so it is
right after incremental and parallel builds:

- ``posts``: docname -> the post's label, title, date (from its front matter);
- ``entities``: docname -> ``(type, key)`` of an entity's page;
- ``mentions``: docname -> {``"org:nps"``: anchor of its first mention};
- ``links``: docname -> the external links of a post, with their anchors;
- ``pages``: docnames showing lists made after reading (latest posts,
  backlinks, entity lists), rewritten when the data they show changes;
- ``unresolved``: docnames with an ``{org}``/``{report}``/``{person}``... the
  registry does not know (read again whenever the registry changes);
- ``registry``: a hash of each registry entry as last read (``entity_digests``);
- ``bodies``: docname -> a post's body as HTML, zlib-compressed, for the feeds.

The registry itself is read once per build and kept on the domain instance
(``registry``), not in the environment, so it never outlives a build.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterator, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from onprobation import kinds as kinds_table
from onprobation.dates import display_date
from onprobation.kinds import Kind
from onprobation.registry import Entity, Registry, load

from .cite import pinpoint

logger = logging.getLogger(__name__)


def load_registry(env: BuildEnvironment) -> Registry:
    """Read the registry files for this build and keep them on the ``op``
    domain, which lives as long as the build and is never pickled: nothing
    outlives the build, so an edited registry is always read afresh.
    Called once per build (``builder-inited``)."""
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    domain.registry = read_registry(Path(env.srcdir), env.config)
    return domain.registry


def read_registry(srcdir: Path, config: Any) -> Registry:
    """The registry files of the project (``onprobation_registry`` under the
    source folder), problems named relative to its parent."""
    return load(srcdir / config.onprobation_registry, srcdir.parent)


def note_builder(app: Sphinx) -> None:
    """On ``builder-inited``: page addresses come from the site's builder itself
    (``html`` or ``dirhtml``); other builders (the PDF, an e-book, one page)
    cite the HTML site's ``x.html``."""
    domain: OpDomain = app.env.domains["op"]  # type: ignore[assignment]
    domain.target_uri = app.builder.get_target_uri if app.builder.name in ("html", "dirhtml") else None


def registry_of(env: BuildEnvironment) -> Registry:
    # Called for every reference: an attribute of the domain, no paths made
    # (making paths here was 5% of a 5,000-post build).
    registry = env.domains["op"].registry  # type: ignore[attr-defined]
    return registry if registry is not None else load_registry(env)


def entity_digests(registry: Registry) -> dict[str, str]:
    """``"org:nps"`` -> a hash of its registry entry: what a build compares with
    the last build's to find the pages an edit of the registry changes."""
    return {
        f"{type_}:{key}": hashlib.sha256(
            json.dumps([entity.name, entity.data], sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()[:16]
        for (type_, key), entity in registry.entities.items()
    }


class OpRole(XRefRole):
    """``{org}`NPS```, ``{org}`the Inspectorate <hmi-probation>```, ``{report}`key```,
    ``{person}`Mr Grayling <chris-grayling>```, ``{post}`label```: usable without the ``op:`` prefix."""

    def __init__(self, kind: str) -> None:
        super().__init__(innernodeclass=nodes.inline)  # a name, not code
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = "op", self.kind
        self.classes = ["xref", "op", f"op-{self.kind}"]
        return self.create_xref_node()


class EntityIndex(Index):
    """A domain index of the entities of one kind, with mention counts (made
    per kind by ``index_for``).

    Each entry points at the label the converter puts on the entity's heading
    (``org-nps``): Sphinx's LaTeX writer leaves out entries without an anchor
    (the PDF's index chapters printed only letters) and HTML would link to a
    bare ``#``. A person is listed under the sort form (``Grayling, Chris``)."""

    type = ""  # the kind's type (``index_for``)

    def generate(self, docnames: Any = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: OpDomain = self.domain  # type: ignore[assignment]
        counts = domain.mention_counts()
        labels = domain.env.domains.standard_domain.labels
        content: dict[str, list[IndexEntry]] = {}
        for docname, (type_, key) in sorted(domain.entities.items()):
            if type_ != self.type or (docnames is not None and docname not in docnames):
                continue
            entity = registry_of(domain.env).get(type_, key)
            if entity is None:
                continue
            count = counts.get(f"{type_}:{key}", 0)
            name = entity.sort_name
            letter = name.lstrip("'‘“(").upper()[:1]
            label_doc, anchor, _ = labels.get(f"{type_}-{key}", ("", "", ""))
            if label_doc != docname:  # a page not written by the converter: its first section
                section = next(domain.env.get_doctree(docname).findall(nodes.section), None)
                anchor = section["ids"][0] if section is not None and section["ids"] else ""
            content.setdefault(letter, []).append(
                IndexEntry(name, 0, docname, anchor, ", ".join(entity.abbr), "",
                           f"{count} post{'s' if count != 1 else ''}")
            )
        return [(k, sorted(v, key=lambda e: e.name.lower())) for k, v in sorted(content.items())], True


def index_for(kind: Kind) -> type[EntityIndex]:
    """The domain index of one kind: ``op-organisations.html``, the PDF's chapter."""
    return type(f"{kind.type.title()}Index", (EntityIndex,), {
        "name": kind.index, "localname": kind.index_title, "shortname": kind.index, "type": kind.type,
        "__doc__": f"The domain index of {kind.plural}."})


_BUILT_IN = kinds_table.by_type(kinds_table.DEFAULT)
OrganisationIndex = index_for(_BUILT_IN["org"])
ReportIndex = index_for(_BUILT_IN["report"])


class OpDomain(Domain):
    name = "op"
    label = "On Probation"
    # posts only: ``made_for`` adds each kind of entity's object type, role and index
    object_types = {"post": ObjType("post", "post")}
    roles = {"post": OpRole("post")}
    indices: list[type[Index]] = []
    kinds: tuple[Kind, ...] = ()  # the kinds of this build's registry (``made_for``)
    initial_data: dict[str, Any] = {"posts": {}, "entities": {}, "mentions": {}, "pages": {}, "links": {},
                                    "unresolved": {}, "bodies": {}, "registry": None}
    data_version = 11
    registry: Registry | None = None  # this build's registry (``load_registry``)
    target_uri: Callable[[str], str] | None = None  # this build's page addresses (``note_builder``)

    @property
    def posts(self) -> dict[str, dict[str, Any]]:
        return self.data["posts"]

    @property
    def entities(self) -> dict[str, tuple[str, str]]:
        return self.data["entities"]

    @property
    def mentions(self) -> dict[str, dict[str, str]]:
        return self.data["mentions"]

    @property
    def links(self) -> dict[str, list[tuple[str, str]]]:
        """docname -> [(anchor, external URL)] of a post, in order."""
        return self.data["links"]

    @property
    def pages(self) -> dict[str, set[str]]:
        """docname -> what it lists: ``latest``, ``org:nps`` (backlinks), ``list:org``."""
        return self.data["pages"]

    @property
    def unresolved(self) -> dict[str, bool]:
        """docname -> True: it names an entity the registry lacks."""
        return self.data["unresolved"]

    @property
    def bodies(self) -> dict[str, bytes]:
        return self.data["bodies"]

    def page_uri(self, docname: str) -> str:
        """A page's address from the site's root, as the HTML builder of this build
        makes it (``x.html``, ``x/`` under ``dirhtml``); a PDF cites the HTML site's
        ``x.html`` (it has no pages of its own and no dirhtml to know of)."""
        return self.target_uri(docname) if self.target_uri is not None else f"{docname}.html"

    def clear_doc(self, docname: str) -> None:
        for table in (self.posts, self.entities, self.mentions, self.pages, self.links, self.unresolved,
                      self.bodies):
            table.pop(docname, None)
        self.forget_indices()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for table in ("posts", "entities", "mentions", "pages", "links", "unresolved", "bodies"):
            for docname in docnames:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]
        self.forget_indices()

    # -- queries --------------------------------------------------------------

    def set_entity(self, docname: str, type_: str, key: str) -> None:
        self.entities[docname] = (type_, key)
        self.forget_indices()

    def entity_doc(self, type_: str, key: str) -> str | None:
        """The page of an entity, from an index made again whenever the pages change."""
        if getattr(self, "_entity_docs", None) is None:
            self._entity_docs = {entity: docname for docname, entity in self.entities.items()}
        return self._entity_docs.get((type_, key))

    def mention_counts(self) -> dict[str, int]:
        """``"org:nps"`` -> number of posts mentioning it."""
        counts: dict[str, int] = {}
        for docname, mentioned in self.mentions.items():
            if docname in self.posts:
                for name in mentioned:
                    counts[name] = counts.get(name, 0) + 1
        return counts

    def mentioning(self, type_: str, key: str) -> list[tuple[str, str]]:
        """(post docname, anchor of first mention), newest first.

        From an index of every entity's mentions made once per build (on first
        use, after reading): entity pages and their year pages ask for it
        thousands of times at the archive's size, and each ask scanned every post.
        """
        if getattr(self, "_mentioning", None) is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for docname, mentioned in self.mentions.items():
                if docname in self.posts:
                    for name, anchor in mentioned.items():
                        index.setdefault(name, []).append((docname, anchor))
            for found in index.values():
                found.sort(key=lambda item: (self.posts[item[0]]["date"], item[0]), reverse=True)
            self._mentioning = index
        return list(self._mentioning.get(f"{type_}:{key}", ()))

    def forget_indices(self) -> None:
        """The indices made from the data are made again (the data changed, or a new build reads)."""
        self._entity_docs = None
        self._mentioning = None

    def shows_lists(self, docname: str) -> bool:
        """Whether a page may hold placeholders filled after reading (lists,
        tables, examples): the post-transforms that fill them skip every other
        page without walking it (at 4,500 posts each walk of every page costs).
        Only builders that write one page per document skip: the PDF's (and
        singlehtml's) document is the whole book, with every placeholder in it."""
        return self.target_uri is None or docname in self.pages  # see note_builder

    def newest(self, count: int) -> list[tuple[str, dict[str, Any]]]:
        return sorted(self.posts.items(), key=lambda item: (item[1]["date"], item[0]), reverse=True)[:count]

    # -- references -------------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        if typ == "post":
            return self._resolve_post(env, fromdocname, builder, target, node, contnode)
        found = self.link_target(env, builder, typ, target, node, contnode)
        if found is not None:
            docname, anchor, child, title = found
            return make_refnode(builder, fromdocname, docname, anchor, child, title)
        # an entity the registry does not know, or without a page
        keys = [k for (t, k) in registry_of(env).entities if t == typ]
        close = difflib.get_close_matches(target.lower(), keys, n=3, cutoff=0.5)
        hint = f"; closest known keys: {', '.join(close)}" if close else ""
        kind = registry_of(env).kind(typ)
        logger.warning("unknown %s %r%s", kind.singular if kind else typ, target, hint,
                       location=node, type="onprobation", subtype="ref")
        return contnode

    def link_target(self, env: BuildEnvironment, builder: Builder, typ: str, target: str, node: pending_xref,
                    contnode: nodes.Element) -> tuple[str, str, nodes.Element, str] | None:
        """Where a mention (``typ`` "mention") or a link to a known entity goes:
        (docname, anchor, text node, title); ``None`` for anything else. One
        place for ``resolve_xref`` and the faster ``ResolveEntityLinks``."""
        if typ == "mention":
            docname, _, anchor = target.partition("#")
            if builder.format != "html":
                anchor = ""  # the PDF has no label per paragraph: link the post
            return docname, anchor, contnode, ""
        entity = registry_of(env).lookup(typ, target)
        docname = self.entity_doc(typ, entity.key) if entity else None
        if entity is None or docname is None:
            return None
        return docname, "", _entity_text(entity, target, node, contnode), entity.name

    def _resolve_post(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                      node: pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        """``label``, ``label#p12``, ``label#c4-1``: the post's title and date, and
        "para 12" / "comment 4.1"; the link goes to the paragraph (in HTML)."""
        label, _, anchor = target.strip().partition("#")
        for docname, post in self.posts.items():
            if post["label"] != label and label not in post.get("aliases", ()):
                continue
            if anchor and anchor not in post.get("anchors", ()):
                logger.warning("post %r has no paragraph or comment %r", label, anchor,
                               location=node, type="onprobation", subtype="ref")
                anchor = ""
            if not node.get("refexplicit"):
                text = f"{post['display']} ({display_date(post['date'])})"
                contnode = nodes.inline("", text + (f", {pinpoint(anchor)}" if anchor else ""))
            targetid = anchor if builder.format == "html" else ""
            return make_refnode(builder, fromdocname, docname, targetid, contnode, post["display"])
        close = difflib.get_close_matches(label, [p["label"] for p in self.posts.values()], n=3, cutoff=0.6)
        hint = f"; closest known labels: {', '.join(close)}" if close else ""
        logger.warning("unknown post %r%s", label, hint, location=node, type="onprobation", subtype="ref")
        return contnode

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.Element]]:
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname, post in self.posts.items():
            yield post["label"], post["display"], "post", docname, "", 1
        registry = registry_of(self.env)
        for docname, (type_, key) in self.entities.items():
            entity = registry.get(type_, key)
            yield key, entity.name if entity else key, type_, docname, "", 1


def _entity_text(entity: Entity, target: str, node: pending_xref, contnode: nodes.Element) -> nodes.Element:
    """The text of a link (the entity's name when only its key was given);
    an abbreviation is marked up with its expansion."""
    text = entity.name if not node.get("refexplicit") and target == entity.key else contnode.astext()
    if text in entity.abbr:
        return nodes.abbreviation(text, text, explanation=entity.name)
    return nodes.inline(text, text)


def made_for(kinds: tuple[Kind, ...]) -> type[OpDomain]:
    """The ``op`` domain of a build whose registry has these kinds: an object
    type, a role and an index per kind (a class per build, so no table is shared
    between builds of one process)."""
    return type("OpDomain", (OpDomain,), {
        "kinds": tuple(kinds),
        "object_types": {**{k.type: ObjType(k.singular, k.role) for k in kinds}, **OpDomain.object_types},
        "roles": {**{k.role: OpRole(k.type) for k in kinds}, **OpDomain.roles},
        "indices": [index_for(kind) for kind in kinds],
        "__doc__": OpDomain.__doc__,
    })


def add_kinds(app: Sphinx, config: Any) -> tuple[Kind, ...]:
    """On ``config-inited``: the domain, and the roles without the ``op:`` prefix,
    for the kinds of the registry folder (``onprobation.kinds``); those kinds."""
    folder = Path(app.srcdir) / config.onprobation_registry
    try:
        kinds = kinds_table.load(folder)
    except (kinds_table.KindError, ValueError) as error:
        logger.warning("%s", error, type="onprobation", subtype="input")
        kinds = kinds_table.DEFAULT
    app.add_domain(made_for(kinds), override=True)
    for kind in kinds:
        app.add_role(kind.role, OpRole(kind.type), override=True)
    return kinds
