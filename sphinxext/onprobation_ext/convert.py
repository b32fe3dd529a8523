"""Run the converter at the start of every build (contract 1 of the brief).

Seeds become post, month and year pages; the registry becomes organisation
and report pages. Only pages whose content changed are rewritten, so
Sphinx's incremental builds stay incremental. Problems in the seeds or the
registry are warnings located at ``file:line``, so ``-W`` names the culprit.

The converter runs in a forked child process where the platform can fork:
its model of every dump (about 1 GB at the blog's real size) is then given
back to the system when it ends, instead of staying in the build's main
process for the whole build and in every parallel worker forked from it.
Only the problems and the counts come back.

The child is started on ``config-inited``, before Sphinx loads its pickled
environment (about 1 s at the real size), and waited for on
``builder-inited``, before anything reads the pages: on two cores the two
overlap. It reads the registry itself; the main process reads it again for
the build (the ``op`` domain) and to tell the registry's problems apart.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from onprobation.convert import CACHE_FOLDER, convert, seed_files
from onprobation.model import Problem
from .domain import load_registry, read_registry

logger = logging.getLogger(__name__)


def start_converter(app: Sphinx) -> Callable[[], tuple[list[Problem], tuple[int, int, int, int]]]:
    """On ``config-inited``: the converter started; the call returned waits for
    its problems and counts (``report_conversion``)."""
    srcdir, config, seeds = Path(app.srcdir), app.config, seeds_folder(app)
    # each dump's parse is cached by its content beside the doctrees (build output, never published)
    cache_dir = Path(app.doctreedir) / CACHE_FOLDER

    def job() -> tuple[list[Problem], tuple[int, int, int, int]]:
        registry = read_registry(srcdir, config)  # the main process reads it too, for the build
        corpus, report = convert(seed_files(seeds) if seeds else [], srcdir, base=seeds.parent if seeds else None,
                                 registry=registry, cache_dir=cache_dir, latest=config.onprobation_entity_latest)
        return corpus.problems, (len(corpus.posts), len(report.written), report.unchanged, len(report.removed))

    return started(job)


def seeds_folder(app: Sphinx) -> Path | None:
    """The folder of dumps (``onprobation_seeds``, relative to ``conf.py``); None when not set."""
    seeds = app.config.onprobation_seeds
    return Path(app.confdir, seeds).resolve() if seeds else None


def report_conversion(app: Sphinx, result: tuple[list[Problem], tuple[int, int, int, int]]) -> None:
    """On ``builder-inited``: the registry kept for the build, the converter's problems as warnings."""
    srcdir = Path(app.srcdir)
    registry = load_registry(app.env)  # kept on the op domain for this build only
    seeds = seeds_folder(app)
    problems, (posts, written, unchanged, removed) = result
    from_registry = set(registry.problems)
    for problem in problems:
        root = srcdir.parent if problem in from_registry or seeds is None else seeds.parent
        # a "file:line" string: a (path, line) tuple would be taken for a docname
        logger.warning(problem.message, location=f"{root / problem.file}:{problem.line}",
                       type="onprobation", subtype="input")
    logger.info("onprobation: %d posts; %d pages written, %d unchanged, %d removed",
                posts, written, unchanged, removed)


def in_child(job: Callable[[], Any]) -> Any:
    """``job()``, in a forked child process when the platform can fork (else here);
    its result comes back pickled, an exception as an ``ExtensionError``."""
    return started(job)()


def started(job: Callable[[], Any]) -> Callable[[], Any]:
    """``job()`` started in a forked child process; the call returned waits for
    its result (``in_child``). Without fork, the job runs when that is called."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return job
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(job, send), daemon=True)
    child.start()
    send.close()
    return lambda: _result(child, receive)


def _result(child: Any, receive: Connection) -> Any:
    try:
        status, value = receive.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        status, value = "died", None
    finally:
        receive.close()
        child.join()
    if status == "died":
        raise ExtensionError(f"onprobation: the converter's process ended with exit code {child.exitcode}")
    if status == "error":
        raise ExtensionError(f"onprobation: the converter failed:\n{value}")
    return value


def _run(job: Callable[[], Any], send: Connection) -> None:
    try:
        send.send(("ok", job()))
    except BaseException:  # reported to the parent, which raises it
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_seeds", "../seeds", "env", types=frozenset({str}))
    app.add_config_value("onprobation_registry", "registry", "env", types=frozenset({str}))
    pending: list[Callable[[], Any]] = []  # this application's converter, from one event to the next

    def start(app: Sphinx, config: Any) -> None:
        pending.append(start_converter(app))

    def finish(app: Sphinx) -> None:
        report_conversion(app, pending.pop()())

    app.connect("config-inited", start, priority=900)  # after the handlers that may set the configuration
    app.connect("builder-inited", finish)
