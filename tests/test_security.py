"""docutils' own guards are on: no raw HTML or LaTeX, no file inclusion,
whatever a page (or a converter bug) asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from sitebuild import build, copy_docs

pytestmark = pytest.mark.slow

ATTACK = """# Attack

```{raw} html
<script>alert("raw html")</script>
```

```{include} ../pyproject.toml
```

```{literalinclude} conf.py
```

```{csv-table}
:file: conf.py
```
"""


def test_raw_and_file_insertion_are_refused(tmp_path: Path) -> None:
    src = copy_docs(tmp_path / "docs")
    (src / "attack.md").write_text(ATTACK, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(next(SEEDS.glob("000_*.txt")).read_bytes())
    (src / "citing.md").write_text("# Citing\n", encoding="utf-8")
    app, warnings = build(src, seeds=seeds)
    html = (Path(app.outdir) / "attack.html").read_text(encoding="utf-8")
    assert 'alert("raw html")' not in html
    assert "onprobation-archive" not in html  # pyproject.toml was not included
    assert "html_baseurl" not in html  # nor conf.py
    assert '"raw" directive disabled' in warnings
    assert warnings.count("not enabled") + warnings.count("disabled") >= 3, warnings


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_the_extension_guards_even_without_docutils_conf(app, warning) -> None:
    """The roles test root has no docutils.conf: the extension alone refuses raw content."""
    (Path(app.srcdir) / "attack.md").write_text(ATTACK, encoding="utf-8")
    app.build()
    html = (Path(app.outdir) / "attack.html").read_text(encoding="utf-8")
    assert 'alert("raw html")' not in html and "onprobation-archive" not in html
    assert '"raw" directive disabled' in warning.getvalue()
