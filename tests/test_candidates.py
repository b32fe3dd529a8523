"""``onprobation candidates``: names the archive mentions most that the registry lacks."""

import json
import tomllib
from pathlib import Path

import pytest

from conftest import DOCS, SEEDS, dump
from onprobation import candidates
from onprobation.cli import main
from onprobation.convert import read, seed_files
from onprobation.registry import Registry, load

TINY = dump("""
    Friday, 17 November 2017

    Committees and people

    The Howard League for Penal Reform wrote to the Justice Select Committee again. The Howard League for Penal Reform
    has written before. Lord Ramsbotham agreed with the Justice Secretary Chris Grayling about nothing.

    Ian Lawrence, General Secretary of the union, said the Probation Institute should speak up.
    The Probation Institute did not. Everyone at HMP Bure knows OASys is slow, and OASys crashed again; the CPS said so too.

    In January the Howard League for Penal Reform said it again. Since then nothing has changed.

    3 comments:

      1. Mr Grayling never listened to the Howard League for Penal Reform. OASys is still slow.

        Jim Brown

        ReplyDelete
      2. Agreed with Lord Ramsbotham. OASys again.

        Sarah Jones

        ReplyDelete
      3. Thanks Jim Brown, and thanks Sarah Jones.

        ReplyDelete
    """)


def _find(tmp_path: Path, text: str = TINY, registry: Registry | None = None, people: Path | None = None
          ) -> dict[str, candidates.Candidate]:
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    corpus = read([path], tmp_path)
    assert not corpus.problems
    known = candidates.known(registry or Registry(), people)
    return {c.name: c for c in candidates.find(corpus.posts, known)}


def test_tiny_corpus_finds_known_names_with_counts(tmp_path: Path) -> None:
    found = _find(tmp_path)
    league = found["Howard League for Penal Reform"]
    assert (league.kind, league.org_kind) == ("organisation", "charity")
    assert (league.in_posts, league.in_comments, len(league.posts)) == (3, 1, 1)
    assert league.example and league.example.date == "2017-11-17"
    assert league.example.path == "2017/11/committees-and-people.html"
    assert "Howard League for Penal Reform" in league.example.sentence
    assert found["Justice Select Committee"].org_kind == "parliamentary-committee"
    assert found["Probation Institute"].count == 2
    assert found["HMP Bure"].org_kind == "prison"
    assert (found["OASys"].kind, found["OASys"].in_posts, found["OASys"].in_comments) == ("abbreviation", 2, 2)
    assert found["CPS"].kind == "abbreviation"
    # people only with a title or an honorific
    assert found["Chris Grayling"].kind == "person"
    assert found["Lord Ramsbotham"].count == 2
    assert found["Ian Lawrence"].kind == "person"
    # "Mr Grayling" counts for the one Grayling the archive names in full
    assert "Mr Grayling" not in found and found["Chris Grayling"].in_comments == 1


def test_sentence_initial_months_and_common_words_are_not_names(tmp_path: Path) -> None:
    found = _find(tmp_path)
    names = " ".join(found)
    for word in ("Since", "January", "The Howard", "Everyone", "Agreed", "Thanks", "In January"):
        assert word not in found
    assert "Since" not in names and "January" not in names


def test_private_name_in_a_comment_signature_is_not_a_person(tmp_path: Path) -> None:
    """Precision first: a commenter signing "Jim Brown" is a private person, whatever the count."""
    found = _find(tmp_path)
    assert "Jim Brown" not in found and "Sarah Jones" not in found
    titled = TINY.replace("Thanks Jim Brown", "Thanks Dr Jim Brown")
    found = _find(tmp_path, titled)
    assert found["Jim Brown"].kind == "person" and found["Jim Brown"].in_comments == 1


def test_registry_forms_are_never_listed(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "organisations.toml").write_text(dump("""
        [howard-league]
        name = "Howard League for Penal Reform"
        aliases = ["Howard League"]
        kind = "charity"
        description = "A penal reform charity."

        [cps]
        name = "Crown Prosecution Service"
        abbr = ["CPS"]
        kind = "government-department"
        description = "Prosecutors."
        """), encoding="utf-8")
    (registry / "reports.toml").write_text("", encoding="utf-8")
    (registry / "people.toml").write_text(dump("""
        [chris-grayling]
        name = "Chris Grayling"
        surname = "Grayling"
        description = "Justice Secretary 2012-2015."
        [[chris-grayling.roles]]
        title = "Secretary of State for Justice"
        from = "2012-09-04"
        forms = ["Justice Secretary"]
        """), encoding="utf-8")
    loaded = load(registry)
    assert not loaded.problems
    found = _find(tmp_path, registry=loaded, people=registry / "people.toml")
    for name in ("Howard League for Penal Reform", "Howard League", "CPS", "Chris Grayling", "Mr Grayling"):
        assert name not in found
    assert "OASys" in found and "Lord Ramsbotham" in found


def test_seeds_run_and_find_what_the_registry_lacks(capsys) -> None:
    registry = load(DOCS / "registry")
    known = candidates.known(registry, DOCS / "registry" / "people.toml")
    found = candidates.find(read(seed_files(SEEDS)).posts, known)
    names = {c.name for c in found}
    # named in the seeds, not (yet) in the registry when this test was written
    assert {"OMiC", "OASys"} & names or not {"OMiC", "OASys"} - {f for f in known.forms}
    for form in ("Ministry of Justice", "MoJ", "NPS", "Napo", "HMPPS", "Justice Select Committee"):
        assert form in known.forms and form not in names
    for candidate in found:
        assert not known.knows(candidate.name)
        assert candidate.example and candidate.example.path.endswith(".html")


def test_json_output_parses(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(TINY, encoding="utf-8")
    # an empty registry of its own: the real one grows to know these names
    for name in ("organisations.toml", "reports.toml", "people.toml"):
        (Path("registry") / name).parent.mkdir(exist_ok=True)
        (Path("registry") / name).write_text("", encoding="utf-8")
    assert main(["candidates", "--registry", "registry", "--format", "json", "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    assert rows[0]["name"] == "Howard League for Penal Reform" or rows[0]["mentions"] >= rows[1]["mentions"]
    assert set(rows[0]) >= {"name", "kind", "mentions", "in_posts", "in_comments", "posts", "example", "date", "path"}


@pytest.mark.parametrize("limit", ["0", "5"])
def test_toml_stubs_parse_and_need_editing(tmp_path: Path, capsys, monkeypatch, limit: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(TINY, encoding="utf-8")
    assert main(["candidates", "--registry", str(DOCS / "registry"), "--format", "toml", "--min-count", "1",
                 "--limit", limit]) == 0
    stubs = tomllib.loads(capsys.readouterr().out)
    assert stubs and all(entry["description"] == "TODO" for entry in stubs.values())
    assert "oasys" in stubs and stubs["oasys"]["abbr"] == ["OASys"]


def test_abbreviation_spelt_out_in_brackets_names_its_stub() -> None:
    assert candidates.spelt_out("the Offender Management in Custody (OMiC) model", "OMiC") == \
        "Offender Management in Custody"
    assert candidates.spelt_out("under the new Multi Agency Public Protection Arrangements (MAPPA)", "MAPPA") == \
        "Multi Agency Public Protection Arrangements"
    assert candidates.spelt_out("a report (EM)", "EM") == ""


def test_text_table_and_min_count(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(TINY, encoding="utf-8")
    assert main(["candidates", "--registry", str(DOCS / "registry"), "--min-count", "3"]) == 0
    out = capsys.readouterr().out
    assert "Howard League for Penal Reform" in out or "OASys" in out
    rows = [line.split(None, 5)[-1] for line in out.splitlines()[2:] if line.strip()[:1].isdigit()]
    assert rows and "HMP Bure" not in rows  # one mention only


def test_plural_abbreviation_counts_for_its_singular(tmp_path: Path) -> None:
    text = TINY.replace("the CPS said so too.", "the SPO said so, and the SPOs agreed.")
    found = _find(tmp_path, text)
    assert "SPOs" not in found and found["SPO"].count == 2


def test_unreadable_input_is_reported_and_the_rest_goes_on(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(TINY, encoding="utf-8")
    status = main(["candidates", "a.txt", "missing.txt", "--registry", str(DOCS / "registry"), "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 1 and "missing.txt:1: cannot read" in err and "Traceback" not in err
    assert any(row["name"] == "OASys" for row in json.loads(out))


def test_blogger_export_gives_the_same_candidates_as_the_text_dumps(tmp_path: Path) -> None:
    """Every source format is read through ``convert.read``: the seeds as Blogger's backup
    export (HTML bodies and comments) give the same names and counts as the text dumps."""
    from blogger_fixtures import write_export

    export = write_export(tmp_path / "backup.xml")
    known = candidates.known(load(DOCS / "registry"))

    def table(posts: list) -> set[tuple[str, str, int, int, int]]:
        return {(c.name, c.kind, c.in_posts, c.in_comments, len(c.posts)) for c in candidates.find(posts, known)}

    rich = table(read([export], tmp_path).posts)
    assert rich and rich == table(read(seed_files(SEEDS)).posts)
