"""Auto-linking of organisations and reports: precision first."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import DOCS, SEEDS
from onprobation.cli import main
from onprobation.mentions import Linker
from onprobation.registry import load


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(load(DOCS / "registry", DOCS.parent))


def keys(linker: Linker, text: str, context: str = "") -> list[str]:
    return [m.entity.key for m in linker.find(text, context)]


def test_names_and_abbreviations(linker: Linker) -> None:
    assert keys(linker, "The NPS and the MoJ met Napo's officials.") == ["nps", "moj", "napo"]
    assert keys(linker, "National Probation Service staff") == ["nps"]
    assert keys(linker, "NPSX and xNPS are not mentions") == []


def test_first_mention_per_paragraph_only(linker: Linker) -> None:
    assert [m.start for m in linker.find("NPS, NPS and NPS")] == [0]


def test_longest_form_wins(linker: Linker) -> None:
    assert keys(linker, "the Howard League for Penal Reform said") == ["howard-league"]


def test_serious_further_offence_is_not_the_serious_fraud_office(linker: Linker) -> None:
    assert keys(linker, "An SFO review was completed after the case.") == []
    assert keys(linker, "The SFO is investigating fraud at G4S.") == ["serious-fraud-office", "g4s"]


def test_ambiguous_forms_need_context(linker: Linker) -> None:
    assert keys(linker, "The PI fails.") == []
    assert keys(linker, "The PI fails.", context="Probation Institute Debate") == ["probation-institute"]
    assert keys(linker, "Community matters.") == []
    assert keys(linker, "Community, the trade union, said") == ["community-union"]
    assert keys(linker, "We need Reform of the system") == []
    assert keys(linker, "a speech to Reform, the think tank") == ["reform"]


def test_report_titles_alone_are_not_links(linker: Linker) -> None:
    """"Transforming Rehabilitation" is the policy, not one of the reports so titled."""
    assert keys(linker, "The Transforming Rehabilitation reforms failed") == []


def test_parse_json_lists_mentions(capsys) -> None:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    main(["parse", "--json", "--registry", str(DOCS / "registry"), *seeds])
    posts = {p["date"]: p for p in json.loads(capsys.readouterr().out)["posts"]}
    feb = posts[dt.date(2019, 2, 22).isoformat()]
    org_keys = [o["key"] for o in feb["organisations"]]
    assert {"napo", "working-links", "moj", "nps", "seetec"} <= set(org_keys)
    assert {"key": "nps", "name": "National Probation Service"} in feb["organisations"]
    assert "jc-transforming-rehabilitation-2018" in [r["key"] for r in feb["reports"]]
    april = posts["2021-04-07"]
    assert "serious-fraud-office" not in [o["key"] for o in april["organisations"]]
