"""Citation formats: OSCOLA-style reference, BibTeX, biblatex, CSL-JSON, RIS,
each read by the software that consumes it (pybtex with plain, BibTeX itself,
citeproc-py, rispy)."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from onprobation_ext.cite import LANGUAGE, Citation, biblatex, bibtex, csl_json, pinpoint, reference, ris

CITE = Citation(
    author="Jim Brown", blog="On Probation", title="Probation Jobs & 100% more",
    date=dt.date(2017, 11, 17), url="https://archive.example/2017/11/probation-jobs.html",
    original_url="https://probationmatters.blogspot.com/2017/11/probation-jobs.html",
    label="2017-11-probation-jobs",
)
ACCESSED = dt.date(2026, 11, 24)


def test_pinpoints() -> None:
    assert pinpoint("p12") == "para 12"
    assert pinpoint("c4") == "comment 4"
    assert pinpoint("c4-1") == "comment 4.1"


def test_reference() -> None:
    assert reference(CITE, ACCESSED, "p3") == (
        "Jim Brown, ‘Probation Jobs & 100% more’ (On Probation, 17 November 2017) "
        "<https://archive.example/2017/11/probation-jobs.html#p3> accessed 24 November 2026, para 3"
    )


def test_biblatex_is_an_online_entry_with_escaped_fields() -> None:
    entry = biblatex(CITE, ACCESSED)
    assert entry.startswith("@online{2017-11-probation-jobs,\n")
    assert "  title = {{Probation Jobs \\& 100\\% more}}," in entry
    assert "  date = {2017-11-17}," in entry
    assert "  url = {https://archive.example/2017/11/probation-jobs.html}," in entry
    assert "  urldate = {2026-11-24}," in entry and entry.endswith("\n}")


def test_ris_is_a_blog_record() -> None:
    lines = ris(CITE, ACCESSED).splitlines()
    assert lines[0] == "TY  - BLOG" and lines[-1] == "ER  - "
    assert "DA  - 2017/11/17" in lines and "Y2  - 2026/11/24" in lines


def test_untitled_post() -> None:
    untitled = Citation("Jim Brown", "On Probation", "", dt.date(2015, 11, 25), "u", "o", "2015-11-blog-post")
    assert "‘Untitled post of 25 November 2015’" in reference(untitled)


# The seed post "HMPPS - Reaction" (capitals a style would lowercase) and the
# untitled post of 25 November 2015.
HMPPS = Citation(
    author="Jim Brown", blog="On Probation", title="HMPPS - Reaction", date=dt.date(2017, 2, 9),
    url="https://archive.example/2017/02/hmpps-reaction.html",
    original_url="https://probationmatters.blogspot.com/2017/02/hmpps-reaction.html",
    label="2017-02-hmpps-reaction",
)
UNTITLED = Citation(
    author="Jim Brown", blog="On Probation", title="", date=dt.date(2015, 11, 25),
    url="https://archive.example/2015/11/blog-post.html",
    original_url="https://probationmatters.blogspot.com/2015/11/blog-post.html",
    label="2015-11-blog-post",
)
CASES = [(HMPPS, "HMPPS - Reaction", "2017"), (UNTITLED, "Untitled post of 25 November 2015", "2015")]


@pytest.mark.parametrize(("cite", "title", "year"), CASES)
def test_bibtex_rendered_by_pybtex_plain(cite: Citation, title: str, year: str) -> None:
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    data = parse_string(bibtex(cite, ACCESSED), "bibtex")
    assert data.entries[cite.label].type == "misc"
    style = find_plugin("pybtex.style.formatting", "plain")()
    (entry,) = style.format_entries(data.entries.values())
    text, latex = entry.text.render_as("text"), entry.text.render_as("latex")
    month = "November" if cite is UNTITLED else "February"
    assert text.startswith(f"Jim Brown. {title}. ")  # capitals kept
    assert f"{month} {year}" in text
    assert f"\\url {{{cite.url}}}" in latex  # LaTeX typesets the address as a link


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="BibTeX is not installed")
def test_bibtex_rendered_by_bibtex_plain_bst(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(bibtex(HMPPS, ACCESSED) + "\n", encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        "\\relax\n\\citation{2017-02-hmpps-reaction}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    run = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert "{HMPPS - Reaction}" in bbl and "February 2017" in bbl
    assert f"\\url{{{HMPPS.url}}}" in bbl


def _citeproc_style():
    import citeproc
    from citeproc import CitationStylesStyle

    styles = sorted((Path(citeproc.__file__).parent / "data" / "styles").glob("*.csl"))
    assert styles, "citeproc-py ships at least one CSL style"
    return CitationStylesStyle(str(styles[0]), validate=False)


@pytest.mark.parametrize(("cite", "title", "year"), CASES)
def test_csl_json_rendered_by_citeproc(cite: Citation, title: str, year: str) -> None:
    from citeproc import Citation as CiteprocCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(csl_json(cite, ACCESSED))
    assert items[0]["type"] == "post-weblog" and items[0]["language"] == LANGUAGE == "en-GB"
    assert items[0]["issued"] == {"date-parts": [[int(year), cite.date.month, cite.date.day]]}
    bibliography = CitationStylesBibliography(_citeproc_style(), CiteProcJSON(items), formatter.plain)
    bibliography.register(CiteprocCitation([CitationItem(cite.label)]))
    (rendered,) = [str(item) for item in bibliography.bibliography()]
    assert title in rendered and year in rendered and cite.url in rendered and "Brown" in rendered


@pytest.mark.parametrize(("cite", "title", "year"), CASES)
def test_ris_parsed_by_rispy(cite: Citation, title: str, year: str) -> None:
    import rispy

    (record,) = rispy.loads(ris(cite, ACCESSED))
    assert record["type_of_reference"] == "BLOG"
    assert record["title"] == title and record["year"] == year
    assert record["date"] == f"{cite.date:%Y/%m/%d}" and record["urls"] == [cite.url]
    assert record["language"] == "en-GB" and record["access_date"] == "2026/11/24"
