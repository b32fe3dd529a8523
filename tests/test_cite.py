"""Citation formats: OSCOLA-style reference, BibTeX, RIS."""

import datetime as dt

from onprobation_ext.cite import Citation, bibtex, pinpoint, reference, ris

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


def test_bibtex_is_an_online_entry_with_escaped_fields() -> None:
    entry = bibtex(CITE, ACCESSED)
    assert entry.startswith("@online{2017-11-probation-jobs,\n")
    assert "  title = {Probation Jobs \\& 100\\% more}," in entry
    assert "  url = {https://archive.example/2017/11/probation-jobs.html}," in entry
    assert "  urldate = {2026-11-24}" in entry and entry.endswith("\n}")


def test_ris_is_a_blog_record() -> None:
    lines = ris(CITE, ACCESSED).splitlines()
    assert lines[0] == "TY  - BLOG" and lines[-1] == "ER  - "
    assert "DA  - 2017/11/17" in lines and "Y2  - 2026/11/24" in lines


def test_untitled_post() -> None:
    untitled = Citation("Jim Brown", "On Probation", "", dt.date(2015, 11, 25), "u", "o", "2015-11-blog-post")
    assert "‘Untitled post of 25 November 2015’" in reference(untitled)
