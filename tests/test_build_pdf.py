"""The PDF book through a real TeX engine (xelatex via latexmk)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEEDS
from htmltext import words
from onprobation.convert import read, seed_files
from onprobation.structure import SEPARATOR
from sitebuild import build_seed_site

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
        reason="TeX Live (xelatex, latexmk) and poppler-utils are not installed; .ci/run installs them",
    ),
]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    app = build_seed_site(tmp_path_factory.mktemp("book"), "latex")
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    log = (outdir / "onprobation.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log, "a line runs off the page"
    assert "Missing character" not in log, "the font lacks a character of the seeds"
    return outdir / "onprobation.pdf"


def pdf_words(pdf: Path) -> set[str]:
    """Words of the PDF's text; words hyphenated at a line end and URLs broken
    across lines are also read joined."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    joined = re.sub(r"-\n\s*", "", text)
    return set(words(text)) | set(words(joined)) | set(words(text.replace("\n", "")))


def seed_words(text: str, found: set[str]) -> set[str]:
    """Words of seed text; pdftotext joins a compound broken at its hyphen
    (``sugar-`` / ``coated`` reads ``sugarcoated``), so such parts count as found."""
    expected = set(words(text))
    for compound in re.findall(r"\w+(?:-\w+)+", text):
        if compound.replace("-", "") in found:
            expected -= set(compound.split("-"))
    return expected


def test_every_word_of_the_seeds_is_in_the_pdf(pdf: Path) -> None:
    found = pdf_words(pdf)
    corpus = read(seed_files(SEEDS), SEEDS.parent)
    expected = set()
    for post in corpus.posts:
        body = [line.text for line in post.body if not SEPARATOR.match(line.text.strip())]
        expected |= seed_words(post.title + "\n" + "\n".join(body), found)
        stack = list(post.comments)
        while stack:
            comment = stack.pop()
            expected |= seed_words("\n".join(line.text for line in comment.lines), found)
            stack += comment.replies
    missing = sorted(expected - found)
    assert not missing, missing[:20]


def test_every_post_is_a_section_of_the_book(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "If Only Probation Wasn't Broken!" in text.replace("’", "'")
    flat = " ".join(text.split())
    assert "Cite as: Jim Brown, ‘Probation Jobs’ (On Probation, 17 November 2017) <" in flat
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    assert pages > 100
