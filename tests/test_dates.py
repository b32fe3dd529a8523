"""Dates are English whatever the builder's locale.

``strftime``'s ``%A`` and ``%B`` follow the locale: under ``LC_ALL=fr_FR.UTF-8``
they give "vendredi 17 novembre 2017". These tests switch the process to a
French locale (the system's, or one compiled into a temporary folder with
``localedef`` and found through ``LOCPATH``), prove that it is active, and
convert the seeds and format citations under it.
"""

from __future__ import annotations

import datetime as dt
import locale
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from onprobation.convert import convert, seed_files
from onprobation.dates import long_date, month_year, weekday_date

FRIDAY = dt.date(2017, 11, 17)
FRENCH = re.compile(r"\b(?:vendredi|lundi|mardi|mercredi|jeudi|samedi|dimanche|janvier|février|avril|mai|juin|"
                    r"juillet|août|septembre|octobre|novembre|décembre)\b", re.IGNORECASE)


def _try(name: str) -> bool:
    try:
        locale.setlocale(locale.LC_ALL, name)
    except locale.Error:
        return False
    return f"{FRIDAY:%A %B}" == "vendredi novembre"


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The process runs under a French locale for the module's tests."""
    saved = locale.setlocale(locale.LC_ALL)
    mp = pytest.MonkeyPatch()
    try:
        name = next((n for n in ("fr_FR.UTF-8", "fr_FR.utf8", "fr_FR") if _try(n)), None)
        if name is None and shutil.which("localedef"):
            folder = tmp_path_factory.mktemp("locales")
            subprocess.run(["localedef", "-i", "fr_FR", "-f", "UTF-8", str(folder / "fr_FR.UTF-8")],
                           capture_output=True, timeout=120)  # exit 1 only for warnings
            mp.setenv("LOCPATH", str(folder))  # glibc's setlocale reads it on every call
            name = "fr_FR.UTF-8" if _try("fr_FR.UTF-8") else None
        if name is None:
            pytest.skip("no French locale is installed and none can be compiled (localedef, fr_FR source)")
        yield name
    finally:
        locale.setlocale(locale.LC_ALL, saved)
        mp.undo()


def test_the_locale_is_really_french(french: str) -> None:
    assert f"{FRIDAY:%A %d %B %Y}" == "vendredi 17 novembre 2017"  # what the old code printed


def test_date_functions_are_english(french: str) -> None:
    assert weekday_date(FRIDAY) == "Friday 17 November 2017"
    assert long_date(FRIDAY) == "17 November 2017"
    assert month_year(FRIDAY) == "November 2017"


def test_converted_pages_are_english(french: str, tmp_path: Path) -> None:
    corpus, _ = convert(seed_files(SEEDS), tmp_path, ROOT)
    assert corpus.posts and not corpus.problems
    pages = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")}
    post = pages["2017/11/probation-jobs.md"]
    assert "Friday 17 November 2017" in post and "[November 2017](index\\.md)" in post
    assert "# November 2017" in pages["2017/11/index.md"]
    untitled = pages["2015/11/blog-post.md"]
    assert "Untitled post of 25 November 2015" in untitled
    for name, text in pages.items():
        assert not FRENCH.search(text), f"{name}: {FRENCH.search(text)}"


def test_citations_and_extension_dates_are_english(french: str) -> None:
    from onprobation_ext.cite import Citation, biblatex, bibtex, reference
    from onprobation_ext.entities import display_date

    cite = Citation("Jim Brown", "On Probation", "", FRIDAY, "u", "o", "2017-11-blog-post")
    text = reference(cite, dt.date(2026, 11, 24)) + bibtex(cite, dt.date(2026, 11, 24)) + biblatex(cite)
    assert "‘Untitled post of 17 November 2017’ (On Probation, 17 November 2017)" in text
    assert "accessed 24 November 2026" in text and not FRENCH.search(text)
    assert display_date("2017-11-17") == "17 November 2017"


def test_no_locale_dependent_formats_in_the_code() -> None:
    """Day and month names come only from ``onprobation.dates``: no ``%A``,
    ``%a``, ``%B``, ``%b`` or ``%c`` in a date format anywhere else."""
    found = []
    for path in sorted([*(ROOT / "tools").rglob("*.py"), *(ROOT / "sphinxext").rglob("*.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?:strftime\(|:)[^\"'{}]*%[aAbBcx]", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
