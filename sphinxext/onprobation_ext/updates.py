"""Which already-built pages must be rewritten because other documents changed.

Backlinks, entity lists, charts, the timeline, the latest posts and the
sidebar are made from the whole environment. When a document is added,
changed or removed, the pages showing what it mentions (or, for a post, what
it is) are returned from ``env-get-updated`` so they are written again, with
no stale entry: the pages listing its mentions, the lists and the timeline,
the posts of its month (whose sidebars list it), and, when a month appears
or goes (every sidebar lists the months, every chart spans the years), every
page.

The registry is data too: on ``env-get-outdated`` each entry's hash is
compared with the last build's (``entity_digests``), and the documents that
show a changed entry (its mentions, its page, the lists of its type) or name
an entry the registry lacked are read again. An unchanged registry costs one
hash of the few small registry files per build and nothing per document.

An entity's year page (``org:nps@2017``) is rewritten when a post of
that year mentioning it changes, and all of an entity's year pages
(``org:nps@years``, their links to the neighbouring years) when one of them
appears or goes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import OpDomain, entity_digests, registry_of

_SNAPSHOT = "_onprobation_snapshot"


def _state(domain: OpDomain, docname: str) -> tuple[dict[str, str], Any]:
    return dict(domain.mentions.get(docname, {})), domain.posts.get(docname)


def _months(domain: OpDomain) -> set[str]:
    """The months that have posts: what every page's sidebar lists."""
    return {post["date"][:7] for post in domain.posts.values()}


def snapshot(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """On ``env-get-outdated``, before documents are cleared: what they showed."""
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    stale = registry_readers(domain, env) - set(added) - set(removed)
    before = {docname: _state(domain, docname) for docname in set(changed) | stale | set(removed)}
    titles = {docname: _title(env, docname) for docname in set(changed) | stale}
    listed = {docname: set(domain.pages.get(docname, ())) for docname in set(changed) | stale | set(removed)}
    setattr(env, _SNAPSHOT, (set(added) | set(changed) | stale | set(removed), before, _months(domain), titles,
                             listed))
    return sorted(stale)


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else ""


def registry_readers(domain: OpDomain, env: BuildEnvironment) -> set[str]:
    """The documents showing a registry entry that changed since the last build
    (none on the first): they are read again, with the registry of this build."""
    current = entity_digests(registry_of(env))
    last = domain.data.get("registry")
    domain.data["registry"] = current
    if last is None or last == current:
        return set()
    edited = {name for name in last.keys() | current.keys() if last.get(name) != current.get(name)}
    lists = {f"list:{name.split(':')[0]}" for name in edited}
    docs = {d for d, mentioned in domain.mentions.items() if edited & mentioned.keys()}
    docs |= {d for d, entity in domain.entities.items() if ":".join(entity) in edited}
    docs |= {d for d, shown in domain.pages.items() if shown & lists}
    return (docs | set(domain.unresolved)) & set(env.found_docs)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``, after reading: the listing pages whose content changed."""
    touched, before, months, titles, listed = env.__dict__.pop(_SNAPSHOT, (set(), {}, set(), {}, {}))
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    if months != _months(domain):
        # a month appeared or went: every page's sidebar lists the months
        return sorted(set(env.found_docs) - touched)
    shown: set[str] = set()
    sidebars: set[str] = set()  # months whose posts list each other in the sidebar
    for docname in touched:
        old_mentions, old_post = before.get(docname, ({}, None))
        new_mentions, new_post = _state(domain, docname)
        years = {post["date"][:4] for post in (old_post, new_post) if post}
        if old_post != new_post:
            names = set(old_mentions) | set(new_mentions)
            shown |= {"latest", "timeline", "history"} | {f"list:{k.type}" for k in registry_of(env).kinds} | names
            if (old_post or {}).get("display") != (new_post or {}).get("display"):
                sidebars |= {post["date"][:7] for post in (old_post, new_post) if post}
        else:
            names = {n for n in set(old_mentions) | set(new_mentions) if old_mentions.get(n) != new_mentions.get(n)}
            shown |= names
            shown |= {f"list:{n.split(':')[0]}" for n in names if (n in old_mentions) != (n in new_mentions)}
        shown |= {f"{n}@{year}" for n in names for year in years}
        # an entity's year page appeared or went: its neighbours' links change
        shown |= {n for n in listed.get(docname, set()) | domain.pages.get(docname, set()) if n.endswith("@years")}
    pages = {d for d, lists in domain.pages.items() if lists & shown}
    retitled = [d for d, title in titles.items() if d in env.found_docs and _title(env, d) != title]
    if retitled:  # the previous and next pages name it in their links (e.g. an entity renamed)
        relations = env.collect_relations()
        pages |= {n for d in retitled for n in relations.get(d, [None, None, None])[1:] if n}
    pages |= {d for d, post in domain.posts.items() if post["date"][:7] in sidebars}
    return sorted(pages - touched)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", snapshot)
    app.connect("env-get-updated", pages_to_rewrite)
