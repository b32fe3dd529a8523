"""The registry's data and its schema check (contract 5)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import DOCS
from onprobation.registry import load

REGISTRY = DOCS / "registry"


def test_the_registry_is_valid_and_wide() -> None:
    registry = load(REGISTRY, DOCS.parent)
    assert [str(p) for p in registry.problems] == []
    kinds = Counter(e.data["kind"] for e in registry.of_type("org") if "collectively" not in e.name)
    assert kinds["probation-trust"] == 35
    assert kinds["crc"] == 21
    assert kinds["probation-region"] >= 12
    assert len(registry.of_type("org")) >= 200 and len(registry.of_type("report")) >= 40
    assert registry.get("org", "noms").data["successor"] == "hmpps"
    assert all(e.data.get("successor") == "probation-service" for e in registry.of_type("org")
               if e.data["kind"] == "crc")
    assert registry.get("report", "pac-transforming-rehabilitation-2016").data["reference"].startswith("HC 484")


def write(folder: Path, orgs: str, reports: str = "") -> Path:
    folder.mkdir()
    (folder / "organisations.toml").write_text(orgs, encoding="utf-8")
    (folder / "reports.toml").write_text(reports, encoding="utf-8")
    return folder


def test_schema_errors_have_file_and_line(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "registry",
        '[a]\nname = "A"\nkind = "union"\ndescription = "x"\nabbr = ["AB"]\n'
        '\n[b]\nname = "B"\nkind = "union"\ndescription = "x"\nparent = "nowhere"\ncolour = "red"\naliases = ["AB"]\n'
        '\n[c]\nkind = "union"\ndescription = "x"\n',
        '[r]\ntitle = "R"\npublisher = "zz"\ndate = "2019"\ndescription = "x"\n',
    )
    problems = [str(p) for p in load(folder, tmp_path).problems]
    assert "registry/organisations.toml:7: b: unknown field 'colour'" in problems
    assert "registry/organisations.toml:7: b: 'AB' is also a form of the entry at registry/organisations.toml:1" in problems
    assert "registry/organisations.toml:15: c: missing required field 'name'" in problems
    assert "registry/organisations.toml:7: b: parent 'nowhere' is not an organisation key" in problems
    assert "registry/reports.toml:1: r: publisher 'zz' is not an organisation key" in problems


def test_invalid_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = write(tmp_path / "registry", '[a]\nname = "A\n')
    (problem,) = [p for p in load(folder, tmp_path).problems if "TOML" in p.message]
    assert problem.file == "registry/organisations.toml" and problem.line == 2
