"""sphinx-build, timed phase by phase: where a build's time goes.

    python bench/phases.py OUT.json -q -b html -j 2 docs _build/html

takes sphinx-build's arguments and writes to ``OUT.json`` the wall-clock and
CPU seconds (user + system, this process and the worker processes it waited
for) at which each phase ended:

- ``set-up``: configuration, extensions, the environment loaded and the
  ``builder-inited`` handlers (the converter, for the archive);
- ``reading``: the sources parsed into doctrees (``env-before-read-docs`` to
  ``env-updated``);
- ``consistency``: ``env-updated`` handlers, checks, the environment pickled
  (to ``write-started``);
- ``writing``: doctrees resolved and translated, pages written (to the first
  ``build-finished`` handler);
- ``finishing``: ``build-finished`` handlers (for the archive: Pagefind,
  feeds, sitemap, redirects) until the process ends.

The benchmark runs both its builds and the baseline through this, so the
table shows which phase holds a ratio back. The events are connected on
Sphinx's application as soon as it exists (a subclass given to
``sphinx.cmd.build``), before the build starts.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import sphinx.cmd.build
from sphinx.application import Sphinx

PHASES = ("set-up", "reading", "consistency", "writing", "finishing")
START = time.perf_counter()


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Stamps:
    """The wall and CPU seconds at which each phase ended, in order."""

    def __init__(self) -> None:
        self.ended: dict[str, tuple[float, float]] = {}

    def end(self, phase: str) -> None:
        self.ended.setdefault(phase, (time.perf_counter() - START, _cpu()))

    def durations(self) -> dict[str, dict[str, float]]:
        """Each phase's own wall and CPU seconds (a phase a build skipped lasts 0)."""
        out, wall, cpu = {}, 0.0, 0.0
        for phase in PHASES:
            end_wall, end_cpu = self.ended.get(phase, (wall, cpu))
            out[phase] = {"wall": round(end_wall - wall, 2), "cpu": round(end_cpu - cpu, 2)}
            wall, cpu = end_wall, end_cpu
        return out


STAMPS = Stamps()


class TimedSphinx(Sphinx):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # emits builder-inited: the converter has run
        first = -(10**6)  # before every other handler
        self.connect("env-before-read-docs", lambda *a: STAMPS.end("set-up"), priority=first)
        self.connect("env-updated", lambda *a: STAMPS.end("reading"), priority=first)
        self.connect("write-started", lambda *a: STAMPS.end("consistency"), priority=first)
        self.connect("build-finished", lambda *a: STAMPS.end("writing"), priority=first)


def main(argv: list[str]) -> int:
    out, *args = argv
    sphinx.cmd.build.Sphinx = TimedSphinx  # type: ignore[misc]  # what build_main instantiates
    status = sphinx.cmd.build.build_main(args)
    for phase in PHASES[1:]:  # a build with nothing to read or write ends them all here
        STAMPS.end(phase)
    Path(out).write_text(json.dumps(STAMPS.durations(), indent=1), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
