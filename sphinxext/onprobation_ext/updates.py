"""Which already-built pages must be rewritten because other documents changed.

Backlinks, entity lists and the latest posts are made from the whole
environment. When a document is added, changed or removed, the pages listing
what it mentions (or, for a post, what it is) are returned from
``env-get-updated`` so they are written again, with no stale entry.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import OpDomain

_SNAPSHOT = "_onprobation_snapshot"


def _state(domain: OpDomain, docname: str) -> tuple[dict[str, str], Any]:
    return dict(domain.mentions.get(docname, {})), domain.posts.get(docname)


def snapshot(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """On ``env-get-outdated``, before documents are cleared: what they showed."""
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    before = {docname: _state(domain, docname) for docname in set(changed) | set(removed)}
    setattr(env, _SNAPSHOT, (set(added) | set(changed) | set(removed), before))
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-get-updated``, after reading: the listing pages whose content changed."""
    touched, before = env.__dict__.pop(_SNAPSHOT, (set(), {}))
    domain: OpDomain = env.domains["op"]  # type: ignore[assignment]
    shown: set[str] = set()
    for docname in touched:
        old_mentions, old_post = before.get(docname, ({}, None))
        new_mentions, new_post = _state(domain, docname)
        if old_post != new_post:
            shown |= {"latest", "list:org", "list:report"} | set(old_mentions) | set(new_mentions)
        else:
            names = {n for n in set(old_mentions) | set(new_mentions) if old_mentions.get(n) != new_mentions.get(n)}
            shown |= names
            shown |= {f"list:{n.split(':')[0]}" for n in names if (n in old_mentions) != (n in new_mentions)}
    if not shown:
        return []
    return sorted(d for d, lists in domain.pages.items() if lists & shown and d not in touched)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", snapshot)
    app.connect("env-get-updated", pages_to_rewrite)
