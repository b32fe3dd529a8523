"""Build the real site (docs/ + seeds/) in a temporary folder with sphinx.testing."""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace, patch_docutils

from conftest import DOCS, SEEDS
from onprobation.convert import GENERATED_DIR


def copy_docs(target: Path) -> Path:
    """docs/ without build output or generated pages."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == DOCS
        return {n for n in names if n == "_build" or (top and GENERATED_DIR.match(n))}

    shutil.copytree(DOCS, target, ignore=ignore)
    return target


def build(srcdir: Path, builder: str = "html", seeds: Path = SEEDS, parallel: int = 0,
          **overrides: object) -> tuple[SphinxTestApp, str]:
    """Run a real build; return the app and every warning it printed."""
    warning = StringIO()
    with patch_docutils(srcdir), docutils_namespace():  # as sphinx-build does: reads docutils.conf
        return _build(srcdir, builder, seeds, parallel, warning, overrides)


def build_seed_site(folder: Path, builder: str = "html", **overrides: object) -> SphinxTestApp:
    """The project's docs/ and the real seeds, built into ``folder``; no warning allowed."""
    app, warnings = build(copy_docs(folder / "docs"), builder, **overrides)
    assert warnings == "", warnings
    return app


def _build(srcdir: Path, builder: str, seeds: Path, parallel: int, warning: StringIO,
           overrides: dict[str, object]) -> tuple[SphinxTestApp, str]:
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        confoverrides={"onprobation_seeds": str(seeds), "html_theme": "alabaster", **overrides},
        warning=warning,
        status=StringIO(),
        parallel=parallel,
    )
    # SphinxTestApp.cleanup() deletes srcdir/docutils.conf, a dependency of every
    # document: put it back as it was (same mtime), or the next build of this
    # folder would read every document again and no incremental build be tested.
    conf = srcdir / "docutils.conf"
    saved = (conf.read_bytes(), conf.stat().st_mtime_ns) if conf.is_file() else None
    try:
        app.build()
    finally:
        app.cleanup()
        if saved is not None and not conf.exists():
            conf.write_bytes(saved[0])
            os.utime(conf, ns=(saved[1], saved[1]))
    return app, warning.getvalue()
