"""A paragraph of any length reaches the PDF.

TeX reads its input a line at a time into a buffer of 200,000 characters;
Sphinx writes a paragraph on one line. ``texlines`` breaks every longer line
where TeX reads the same tokens, and ``longwords`` lets a run with no space
wrap instead of making a box wider than TeX allows (issue 12).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from onprobation_ext.texlines import MAX_LINE, break_line, shorten
from conftest import SEEDS
from sitebuild import build, copy_docs

TEX = pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
    reason="TeX Live (xelatex, latexmk) and poppler-utils are not installed",
)


def read_as_tex(lines: list[str]) -> str:
    """What TeX reads: a line end is a space; a ``%`` we added ends the line silently."""
    return "".join(line[:-1] if line.endswith("%") and not line.endswith("\\%") else line + " "
                   for line in lines).rstrip(" ")


def test_a_long_line_breaks_at_spaces() -> None:
    line = " ".join(f"word{i}" for i in range(5000))
    lines = break_line(line, 100)
    assert max(map(len, lines)) <= 100 and read_as_tex(lines) == line
    assert not any(line.endswith("%") for line in lines)  # spaces were enough


def test_a_run_with_no_space_breaks_with_a_percent() -> None:
    run = "x" * 1000
    lines = break_line(run, 100)
    assert max(map(len, lines)) <= 101 and all(line.endswith("%") for line in lines[:-1])
    assert read_as_tex(lines) == run


@pytest.mark.parametrize("unit", [
    r"\sphinxhyphen{}",  # never inside or right after a control word
    r"a\ b\ ",  # never at an escaped space
    r"\%\%",  # nor after a backslash
    r"\index{A B@\spxentry{A B}}",  # \index reads % as a character
])
def test_never_where_tex_would_read_something_else(unit: str) -> None:
    lines = break_line(unit * 200, 50)
    assert len(lines) > 1
    for line in lines[:-1]:
        assert not re.search(r"\\[A-Za-z]*%$", line), line
        assert not line.endswith("\\"), line
    for line in lines[1:]:
        assert not line.startswith(("%", " ")), line
    text = "\n".join(lines)
    for entry in re.findall(r"\\index\{.*?\}\}", text, re.S):
        assert "%" not in entry, entry


def test_comments_and_verbatim_are_kept() -> None:
    comment = "text % " + "comment " * 100
    assert all(line.startswith("%") for line in break_line(comment, 50)[1:])
    verbatim = "\\begin{sphinxVerbatim}\n" + "x " * 3000 + "\n\\end{sphinxVerbatim}"
    assert shorten(verbatim, 100) == verbatim
    short = "a line\nanother\n"
    assert shorten(short) is short


@pytest.mark.slow
@TEX
def test_a_200_kb_paragraph_builds_and_is_in_the_pdf(tmp_path: Path) -> None:
    """Without ``texlines`` xelatex stops: "Unable to read an entire line---bufsize=200000"."""
    paragraph = " ".join(f"long{i}" for i in range(25_000))  # 213 kB
    run = "".join(f"R{i:05d}" for i in range(34_000))  # 204 kB with no space at all
    assert len(paragraph) > 200_000 and len(run) > 200_000
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")  # the pages of docs/ cite seed posts
    (seeds / "long.txt").write_text(
        f"Friday, 17 November 2017\n\nA Very Long Post\n\nShort first paragraph.\n\n{paragraph}\n\n{run}\n\nThe end.\n",
        encoding="utf-8")
    app, warnings = build(copy_docs(tmp_path / "docs"), "latex", seeds=seeds)
    assert warnings == ""
    tex = Path(app.outdir) / "onprobation.tex"
    assert max(map(len, tex.read_text(encoding="utf-8").split("\n"))) <= MAX_LINE + 1
    result = subprocess.run(["make", "-C", str(app.outdir), "all-pdf",
                             "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:]
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log, "the run with no space overflows: it should wrap (longwords)"
    # The text area of each page, without running heads and page numbers.
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-r", "72", "-x", "0", "-y", "60", "-W", "595",
                           "-H", "720", str(tex.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert {f"long{i}" for i in range(25_000)} <= set(text.split())
    assert "The end." in text
    assert run in "".join(text.split())  # the run wraps, every character kept, no space added
