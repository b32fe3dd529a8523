"""Run the converter at the start of every build (contract 1 of the brief).

Seeds become post, month and year pages; the registry becomes organisation
and report pages. Only pages whose content changed are rewritten, so
Sphinx's incremental builds stay incremental. Problems in the seeds or the
registry are warnings located at ``file:line``, so ``-W`` names the culprit.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from onprobation.convert import CACHE_FOLDER, convert, seed_files

from .domain import load_registry

logger = logging.getLogger(__name__)


def run_converter(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    registry = load_registry(app.env)  # kept on the op domain for this build only
    seeds = Path(app.confdir, app.config.onprobation_seeds).resolve() if app.config.onprobation_seeds else None
    # each dump's parse is cached by its content beside the doctrees (build output, never published)
    corpus, report = convert(seed_files(seeds) if seeds else [], srcdir, base=seeds.parent if seeds else None,
                             registry=registry, cache_dir=Path(app.doctreedir) / CACHE_FOLDER,
                             latest=app.config.onprobation_entity_latest)
    from_registry = set(registry.problems)
    for problem in corpus.problems:
        root = srcdir.parent if problem in from_registry or seeds is None else seeds.parent
        # a "file:line" string: a (path, line) tuple would be taken for a docname
        logger.warning(problem.message, location=f"{root / problem.file}:{problem.line}",
                       type="onprobation", subtype="input")
    logger.info(
        "onprobation: %d posts; %d pages written, %d unchanged, %d removed",
        len(corpus.posts), len(report.written), report.unchanged, len(report.removed),
    )


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_seeds", "../seeds", "env", types=frozenset({str}))
    app.add_config_value("onprobation_registry", "registry", "env", types=frozenset({str}))
    app.connect("builder-inited", run_converter)
