"""Parallel HTML writing in which the workers resolve their own documents.

With ``-j N`` Sphinx's write phase loads every doctree back from its pickle
and resolves it (cross-references, post-transforms) in the main process, one
after another, and hands the resolved doctrees to ``N - 1`` forked workers
that only translate them to HTML. At the archive's size the main process is
the bottleneck: measured on a 1,500-post archive with ``-j 2``, the main
process spent 93 s of CPU loading and resolving while the one worker spent
34 s writing, so the write phase took 128 s on two cores. Each post carries
about 120 links to organisations, reports and people, each resolved there.

The environment is complete when writing starts and a worker is forked from
the main process, so a worker holds everything needed to resolve: here each
of ``N`` workers loads, resolves and writes a chunk of documents itself, one
document at a time, and the main process only hands out the chunks. What the
main process needs back is returned: the images each worker found, which
``finish()`` copies once. Warnings raised in a worker reach the main process
as Sphinx's parallel reading sends them (``sphinx.util.parallel``).

Used only when it gives the same pages: a parallel build (``-j 2`` or more,
every extension ``parallel_write_safe``) whose HTML builder feeds no Sphinx
search index (``index_page`` must run in the main process; with Pagefind,
see ``search.py``, there is none). Any other build writes as Sphinx does.
Tested by building the seeds with ``-j 2`` and comparing every page with a
serial build (``tests/test_parallel_write.py``).

**Reading a handful of documents.** Sphinx reads in parallel whenever it
may, however few documents are outdated, and each worker then pickles the
whole environment back for the main process to unpickle and merge: at the
archive's real size (27 MB of environment) that cost 2.2 s of the 4.5 s
spent reading the 6 documents tomorrow's post makes outdated, more than
reading them. Up to ``onprobation_serial_read_at_most`` documents are read
in the main process, as ``-j 1`` reads them (the same environment, so the
same pages); more are read in parallel as Sphinx does, but in fewer chunks.

**Fewer chunks.** Each worker of a parallel read sends back the whole
environment as it was when it was forked, plus what it read; the later a
chunk, the more it sends. Sphinx cuts 8,600 documents into 41 chunks (about
``sqrt(10 * n / nproc)`` documents each), so the environment crossed between
processes 41 times, growing to over 27 MB; here ``-j N`` reads in
``N * onprobation_read_chunks`` chunks (4 a process by default), in the same
order. The pages are the same (``tests/test_build_modes.py`` compares a
``-j 2`` build with a serial one).
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence, Set

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

logger = logging.getLogger(__name__)


def read_chunks(docnames: Sequence[str], nproc: int, per_process: int) -> list[list[str]]:
    """``docnames`` in ``nproc * per_process`` chunks at most, in order (at
    least 10 documents a chunk). Each chunk's worker sends back the whole
    environment as it was when the worker was forked plus its own documents,
    so the cost of a chunk grows with the archive, not with the chunk: Sphinx's
    ``make_chunks`` (chunks of about the square root of ``10 * n / nproc``
    documents) made 41 chunks of 8,600 documents at the real size."""
    count = max(1, min(nproc * per_process, len(docnames) // 10))
    size = -(-len(docnames) // count)
    return [list(docnames[i : i + size]) for i in range(0, len(docnames), size)]


class WorkersResolve(StandaloneHTMLBuilder):
    """An HTML builder whose forked workers resolve and write their documents,
    and which reads a handful of outdated documents without forking."""

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        """Sphinx's own step (private, the one place to choose), with fewer chunks.

        A few documents cost less to read here than the environment costs to
        send back. Otherwise this is Sphinx's ``_read_parallel`` but for the
        chunks: ``read_chunks``, not ``make_chunks``."""
        if len(docnames) <= self.config.onprobation_serial_read_at_most:
            self._read_serial(docnames)
            return
        chunks = read_chunks(docnames, nproc, self.config.onprobation_read_chunks)
        progress = status_iterator(chunks, __("reading sources... "), "purple", len(chunks),
                                   self.config.verbosity)
        for docname in docnames:  # clear all outdated documents at once
            self.events.emit("env-purge-doc", self.env, docname)
            self.env.clear_doc(docname)

        def read_process(docs: list[str]) -> bytes:
            self.env._app = self._app
            for docname in docs:
                self.read_doc(docname, _cache=False)
            return pickle.dumps(self.env, pickle.HIGHEST_PROTOCOL)  # the whole environment, back

        def merge(docs: list[str], otherenv: bytes) -> None:
            self.env.merge_info_from(docs, pickle.loads(otherenv), self._app)
            next(progress)

        tasks = ParallelTasks(nproc)
        for chunk in chunks:
            tasks.add_task(read_process, chunk, merge)
        tasks.join()
        logger.info("")

    def _workers_resolve(self) -> bool:
        return bool(self.parallel_ok and self._app.parallel > 1 and self.indexer is None
                    and self.config.onprobation_resolve_in_workers)

    def write_documents(self, docnames: Set[str]) -> None:
        if not self._workers_resolve() or len(docnames) < 2:
            super().write_documents(docnames)
            return
        first, *rest = sorted(docnames)
        # the first in this process, as Sphinx does: templates are compiled and
        # the domain's indices made once, before forking, not once per worker
        self._resolve_and_write(first)
        nproc = self._app.parallel
        chunks = make_chunks(rest, nproc)
        progress = status_iterator(chunks, "writing output... ", "darkgreen", len(chunks),
                                   self.config.verbosity)

        def written(chunk: Sequence[str], images: dict[str, str]) -> None:
            self.images.update(images)  # copied once, by finish(), in this process
            next(progress)

        tasks = ParallelTasks(nproc)
        for chunk in chunks:
            tasks.add_task(self._write_chunk, chunk, written)
        tasks.join()
        logger.info("")

    def _resolve_and_write(self, docname: str) -> None:
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.phase = BuildPhase.WRITING
        self.write_doc_serialized(docname, doctree)
        self.write_doc(docname, doctree)

    def _write_chunk(self, chunk: Sequence[str]) -> dict[str, str]:
        """In a forked worker: each document loaded, resolved and written, one
        at a time (no chunk of doctrees held at once); the images found."""
        for docname in chunk:
            self._resolve_and_write(docname)
        return dict(self.images)


class WorkersResolveDirHTML(WorkersResolve, DirectoryHTMLBuilder):
    __doc__ = WorkersResolve.__doc__


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_resolve_in_workers", True, "", types=frozenset({bool}))
    app.add_config_value("onprobation_serial_read_at_most", 20, "", types=frozenset({int}))
    app.add_config_value("onprobation_read_chunks", 4, "", types=frozenset({int}))  # a process
    app.add_builder(WorkersResolve, override=True)
    app.add_builder(WorkersResolveDirHTML, override=True)
