"""The PDF book through a real TeX engine (xelatex via latexmk)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import SEEDS
from htmltext import words
from onprobation.convert import read, seed_files
from onprobation.structure import SEPARATOR
from onprobation_ext.domain import OrganisationIndex, ReportIndex
from sitebuild import build_seed_site

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
        reason="TeX Live (xelatex, latexmk) and poppler-utils are not installed; .ci/run installs them",
    ),
]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The seed book built through xelatex; the Sphinx application that wrote it."""
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
    return app


@pytest.fixture(scope="module")
def pdf(book) -> Path:
    return Path(book.outdir) / "onprobation.pdf"


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


def pages(pdf: Path) -> list[str]:
    """The text of each page."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def test_the_index_chapters_list_every_organisation_and_report(book, pdf: Path) -> None:
    """Issue 12: each entry needs an anchor, or Sphinx's LaTeX writer leaves it
    out (the chapters printed letters only) and HTML links to a bare '#'."""
    domain = book.env.domains["op"]
    labels = book.env.domains.standard_domain.labels
    tex = (pdf.parent / "onprobation.tex").read_text(encoding="utf-8")
    for index, folder in ((OrganisationIndex, "organisations"), (ReportIndex, "reports")):
        entries = [entry for _, group in index(domain).generate()[0] for entry in group]
        pages_of_kind = sum(1 for type_, _ in domain.entities.values() if type_ == index.type)
        assert len(entries) == pages_of_kind > 20
        for entry in entries:  # the label the converter puts on the entity's heading
            label = f"{index.type}-{entry.docname.split('/')[1]}"
            assert entry.anchor and labels[label][:2] == (entry.docname, entry.anchor)
        assert tex.count(r"\sphinxstyleindexpageref{%s/" % folder) == len(entries)
    aux = (pdf.parent / "onprobation.aux").read_text(encoding="utf-8")
    page = re.search(r"\\newlabel\{organisations/nps:org-nps\}\{\{[^}]*\}\{(\d+)\}", aux)[1]
    chapters = "\n".join(pages(pdf)[-40:])
    assert f"National Probation Service (NPS), {page}" in " ".join(chapters.split())


def test_the_index_chapters_are_at_the_top_of_the_outline(pdf: Path) -> None:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    top, depth = [], 0
    for line in xml.splitlines():
        depth += line.count("<outline>") - line.count("</outline>")
        item = re.match(r'<item page="\d+">(.*)</item>', line.strip())
        if item and depth == 1:
            top.append(item[1])
    assert top[-5:] == ["VIII Changes", "Organisations", "Reports", "People", "Index"], top


def test_pdf_metadata_language_and_xmp(pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Author:          Jim Brown and contributors" in info
    xmp = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    flat = " ".join(xmp.split())
    assert '<dc:title> <rdf:Alt> <rdf:li xml:lang="en-GB">On Probation: an archive</rdf:li>' in flat
    assert "<dc:creator> <rdf:Seq> <rdf:li>Jim Brown and contributors</rdf:li>" in flat
    assert "<dc:language> <rdf:Bag> <rdf:li>en-GB</rdf:li>" in flat
    # The catalogue's /Lang, in a compressed object stream.
    data = pdf.read_bytes()
    streams = []
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            streams.append(zlib.decompressobj().decompress(data[match.end():match.end() + 2_000_000]))
        except zlib.error:
            continue
    assert any(re.search(rb"/Lang\s*\(en-GB\)", chunk) for chunk in [data, *streams])


def test_replies_are_indented_under_their_comment(pdf: Path) -> None:
    number = next(n for n, text in enumerate(pages(pdf), 1) if "fawning NW Twitter" in text)
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', bbox)
    x = {word: float(x) for x, word in reversed(words)}  # first occurrence
    comment = next(float(x) for (x, word), (_, after) in zip(words, words[1:]) if word == "4" and after == "Meantime")
    assert x["4.1"] - comment >= 15  # 2em of the thread's small type


def test_index_entries_are_in_the_text_font(pdf: Path) -> None:
    texts = pages(pdf)
    first = next(n for n, text in enumerate(texts, 1) if text.lstrip().startswith("ORGANISATIONS"))
    fonts = subprocess.run(["pdffonts", "-f", str(first), "-l", str(len(texts) - 1), str(pdf)],
                           capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts and "Mono" not in fonts, fonts


def test_the_title_page_says_which_version_and_when(pdf: Path) -> None:
    title = " ".join(pages(pdf)[0].split())
    assert re.search(r"Archive version \S+", title) and re.search(r"Built \d{1,2} [A-Z][a-z]+ \d{4}", title), title
    assert "Release" not in title
