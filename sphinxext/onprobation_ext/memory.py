"""Memory that does not grow with the archive in a serial build.

Sphinx keeps every doctree it read in memory until it writes it (a serial
build only; with ``-j`` it reads them back from their pickles). Measured with
tracemalloc on a 1,000-post archive: 905 MB traced after reading, 611 MB of
it docutils nodes, for 2,084 documents; the ``op`` domain's data is 2 MB, the
extension's own allocations 25 MB. At 4,500 posts that is what takes a
serial build past 4 GB. So while reading, at most ``onprobation_doctrees_in_memory``
doctrees (default 200) are kept (the oldest go as each new one is read; -1
keeps them all); the others are read back from the doctree folder when
written, as a parallel build does: the same pages, less memory, some time to
unpickle. (Dropping them only after reading did not lower the peak: it is
reached at the end of reading.)
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _bound(app: Sphinx, attribute: str) -> None:
    """Drop the oldest entries of one of the environment's private doctree caches beyond the limit."""
    cache = getattr(app.env, attribute, None)
    limit = app.config.onprobation_doctrees_in_memory
    if isinstance(cache, dict) and 0 <= limit < len(cache):
        for docname in list(cache)[: len(cache) - limit]:
            del cache[docname]


def bound_doctrees(app: Sphinx, *args: Any) -> None:
    """On each ``doctree-read`` (before Sphinx caches the new one): the doctrees kept
    for the write phase (Sphinx 7.3+: a private dict)."""
    _bound(app, "_write_doc_doctree_cache")


def bound_pickles(app: Sphinx, *args: Any) -> None:
    """On each ``doctree-resolved`` (writing): Sphinx also keeps the bytes of every doctree it
    read back from disk (``_pickled_doctree_cache``), the doctree folder's size in the end;
    keep the latest ones only."""
    _bound(app, "_pickled_doctree_cache")


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_doctrees_in_memory", 200, "", types=frozenset({int}))
    app.connect("doctree-read", bound_doctrees, priority=900)
    app.connect("doctree-resolved", bound_pickles, priority=900)
