"""docutils' own guards are on: no raw HTML or LaTeX, no file inclusion,
whatever a page (or a converter bug) asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from sitebuild import build, copy_docs

pytestmark = pytest.mark.slow

SECRET = "TOPSECRET4f1c9e"  # one token even for a highlighter; in every file the attack asks for

ATTACK = """# Attack

```{raw} html
<script>alert("raw html")</script>
```

```{raw} html
:file: secret.html
```

```{include} secret.txt
```

```{literalinclude} secret.txt
```

```{csv-table}
:file: secret.csv
```
"""


def plant(src: Path) -> None:
    """The attack page, and beside it the files it asks for: they exist, so
    only the guard stands between them and the HTML."""
    (src / "attack.md").write_text(ATTACK, encoding="utf-8")
    (src / "secret.txt").write_text(f"{SECRET} text\n", encoding="utf-8")
    (src / "secret.csv").write_text(f"a,b\n{SECRET},csv\n", encoding="utf-8")
    (src / "secret.html").write_text(f"<p>{SECRET} html</p>\n", encoding="utf-8")


def refused(html: str, warnings: str) -> None:
    assert 'alert("raw html")' not in html
    assert SECRET not in html, [line for line in html.splitlines() if SECRET in line]
    # each directive refused, with a warning
    assert warnings.count('"raw" directive disabled') == 2, warnings
    assert 'Directive "include" disabled' in warnings  # MyST's include
    assert "File insertion disabled" in warnings  # literalinclude
    assert 'File and URL access deactivated; ignoring "csv-table"' in warnings


def test_raw_and_file_insertion_are_refused(tmp_path: Path) -> None:
    src = copy_docs(tmp_path / "docs")
    plant(src)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(next(SEEDS.glob("000_*.txt")).read_bytes())
    app, warnings = build(src, seeds=seeds)
    refused((Path(app.outdir) / "attack.html").read_text(encoding="utf-8"), warnings)


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_the_extension_guards_even_without_docutils_conf(app, warning) -> None:
    """The roles test root has no docutils.conf: the extension alone refuses raw content."""
    assert not (Path(app.srcdir) / "docutils.conf").exists()
    plant(Path(app.srcdir))
    app.build()
    refused((Path(app.outdir) / "attack.html").read_text(encoding="utf-8"), warning.getvalue())
