"""The ``onprobation`` command: exit status, messages, pages written."""

import json
from pathlib import Path

from onprobation.cli import main


def test_usage_error_is_status_2(capsys) -> None:
    assert main(["frobnicate"]) == 2
    assert main(["parse"]) == 2


def test_problems_give_status_1_and_file_line_messages(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("good.txt").write_text("Friday, 17 November 2017\n\nGood\n\nText.\n", encoding="utf-8")
    Path("bad.txt").write_bytes(b"no date here\n")
    status = main(["parse", "--json", "good.txt", "bad.txt", "missing.txt"])
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert status == 1
    assert [p["title"] for p in result["posts"]] == ["Good"]
    assert [(p["file"], p["line"]) for p in result["problems"]] == [("bad.txt", 1), ("missing.txt", 1)]
    assert "bad.txt:1: no date line found" in err
    assert "Traceback" not in err


def test_convert_writes_pages_and_is_idempotent(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("docs").mkdir()
    Path("seeds/a.txt").write_text("Friday, 17 November 2017\n\nProbation Jobs\n\nText.\n", encoding="utf-8")
    assert main(["convert", "seeds", "--out", "docs"]) == 0
    page = Path("docs/2017/11/probation-jobs.md")
    first = page.read_bytes()
    assert sorted(str(p.relative_to("docs")) for p in Path("docs").rglob("*.md")) == [
        "2017/11/index.md", "2017/11/probation-jobs.md", "2017/index.md",
    ]
    assert main(["convert", "seeds", "--out", "docs"]) == 0
    assert page.read_bytes() == first
    assert "0 pages written, 3 unchanged" in capsys.readouterr().out
    Path("seeds/a.txt").unlink()
    assert main(["convert", "seeds", "--out", "docs"]) == 0
    assert not Path("docs/2017").exists()


def test_convert_needs_an_existing_out_folder(tmp_path: Path, capsys) -> None:
    assert main(["convert", "--out", str(tmp_path / "nope")]) == 2
