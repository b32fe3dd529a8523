"""Memory that does not grow with the archive in a serial build.

Sphinx keeps every doctree it read in memory until it writes it (a serial
build only; with ``-j`` it reads them back from their pickles). Measured with
tracemalloc on a 1,000-post archive: 905 MB traced after reading, 611 MB of
it docutils nodes, for 2,084 documents; the ``op`` domain's data is 2 MB, the
extension's own allocations 25 MB. At 4,500 posts that is what takes a
serial build past 4 GB. So while reading, at most ``onprobation_doctrees_in_memory``
doctrees (default 0, see below) are kept (the oldest go as each new one is read; -1
keeps them all); the others are read back from the doctree folder when
written, as a parallel build does: the same pages, less memory, some time to
unpickle. (Dropping them only after reading did not lower the peak: it is
reached at the end of reading.)

Python's cyclic garbage collector is the other cost that grows with the
archive: each full collection walks every object alive. On a 500-post
archive full collections took 31% of a serial build's CPU (a plain Sphinx +
MyST build of the same pages: 12%), most of it walking the doctrees kept for
the write phase again and again as others came and went. So no doctree is
kept by default (``onprobation_doctrees_in_memory = 0``: each is read back
from its pickle when written, as a parallel build does), and what lives on
(the application, the environment as it grows) is moved out of the
collector's sight with ``gc.freeze()`` after a collection: after the
converter, every ``FREEZE_EVERY`` documents read, and once all are read.
The build's end (``build-finished``) hands it all back (``gc.unfreeze()``),
so a process that runs several builds (tests, ``sphinx-autobuild``) frees it
as usual. Parallel workers are forked from a frozen process: they skip those
objects too, and share their memory pages instead of copying them.
"""

from __future__ import annotations

import gc
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


FREEZE_EVERY = 50  # documents read between two freezes


class Freezer:
    """Freezes the long-lived objects of one build (one instance per application)."""

    def __init__(self) -> None:
        self.reads = 0

    def freeze(self, app: Sphinx, *args: Any) -> list[str]:
        """``builder-inited`` (after the converter) and ``env-updated``: drop the
        doctrees no longer wanted, collect, freeze what is left. Returns no
        documents to re-read (``env-updated``)."""
        if app.config.onprobation_gc_freeze:
            bound_doctrees(app)
            gc.collect()
            gc.freeze()
        return []

    def source_read(self, app: Sphinx, *args: Any) -> None:
        """``source-read``, before a document is parsed: every ``FREEZE_EVERY``
        documents, freeze what the previous ones added to the environment. Only
        when no doctree is kept: a kept doctree frozen here could not be freed
        when it is dropped later."""
        self.reads += 1
        if self.reads % FREEZE_EVERY == 0 and app.config.onprobation_doctrees_in_memory == 0:
            self.freeze(app)

    def thaw(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: the frozen objects are collectable again."""
        if app.config.onprobation_gc_freeze:
            gc.unfreeze()


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_doctrees_in_memory", 0, "", types=frozenset({int}))
    app.connect("doctree-read", bound_doctrees, priority=900)
    app.connect("doctree-resolved", bound_pickles, priority=900)
    app.add_config_value("onprobation_gc_freeze", True, "", types=frozenset({bool}))
    freezer = Freezer()
    app.connect("builder-inited", freezer.freeze, priority=900)  # after the converter (500)
    app.connect("source-read", freezer.source_read)
    app.connect("env-updated", freezer.freeze, priority=900)
    app.connect("build-finished", freezer.thaw, priority=900)
