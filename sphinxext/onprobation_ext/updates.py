"""Which already-built pages must be rewritten because other documents changed.

Backlinks, entity lists, charts, the timeline, the latest posts and the
sidebar are made from the whole environment. When a document is added,
changed or removed, the pages showing what it mentions (or, for a post, what
it is) are returned from ``env-get-updated`` so they are written again, with
no stale entry: the pages listing its mentions, the lists and the timeline,
the posts of its month (whose sidebars list it), and, when a month appears
or goes (every sidebar lists the months, every chart spans the years), every
page. An entity's year page (``org:nps@2017``) is rewritten when a post of
that year mentioning it changes, and all of an entity's year pages
(``org:nps@years``, their links to the neighbouring years) when one of them
appears or goes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import OpDomain

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
    before = {docname: _state(domain, docname) for docname in set(changed) | set(removed)}
    listed = {docname: set(domain.pages.get(docname, ())) for docname in set(changed) | set(removed)}
    setattr(env, _SNAPSHOT, (set(added) | set(changed) | set(removed), before, _months(domain), listed))
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``, after reading: the listing pages whose content changed."""
    touched, before, months, listed = env.__dict__.pop(_SNAPSHOT, (set(), {}, set(), {}))
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
            shown |= {"latest", "timeline", "history", "list:org", "list:report"} | names
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
    pages |= {d for d, post in domain.posts.items() if post["date"][:7] in sidebars}
    return sorted(pages - touched)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", snapshot)
    app.connect("env-get-updated", pages_to_rewrite)
