"""Run the converter at the start of every build (contract 1 of the brief)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from onprobation.convert import convert, seed_files

logger = logging.getLogger(__name__)


def run_converter(app: Sphinx) -> None:
    if not app.config.onprobation_seeds:
        return
    seeds = Path(app.confdir, app.config.onprobation_seeds).resolve()
    corpus, report = convert(seed_files(seeds), Path(app.srcdir), base=seeds.parent)
    for problem in corpus.problems:
        # file:line of the dump, so that -W names the culprit.
        logger.warning(problem.message, location=(str(seeds.parent / problem.file), problem.line), type="onprobation", subtype="seed")
    logger.info(
        "onprobation: %d posts; %d pages written, %d unchanged, %d removed",
        len(corpus.posts), len(report.written), report.unchanged, len(report.removed),
    )


def setup(app: Sphinx) -> None:
    app.add_config_value("onprobation_seeds", "../seeds", "env", types=frozenset({str}))
    app.connect("builder-inited", run_converter)
