"""The synthetic archive of the benchmark: a smoke run of tens of posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from onprobation.convert import read
from onprobation.synth import generate
from sitebuild import build, copy_docs


def test_generated_dumps_parse_back_exactly(tmp_path: Path) -> None:
    paths = generate(SEEDS, tmp_path / "dumps", 40)
    corpus = read(paths, tmp_path)
    assert corpus.problems == []
    assert len(corpus.posts) == 40
    assert any(post.comments for post in corpus.posts)
    assert all(post.comment_count == post.declared_comments for post in corpus.posts if post.comments)
    assert generate(SEEDS, tmp_path / "again", 40) and all(
        (tmp_path / "again" / p.name).read_bytes() == p.read_bytes() for p in paths
    )


@pytest.mark.slow
def test_generated_archive_builds_without_warnings(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    generate(SEEDS, dumps, 30)
    src = copy_docs(tmp_path / "docs")
    (src / "citing.md").write_text("# Citing\n\nThe seeds' examples are not in this archive.\n", encoding="utf-8")
    app, warnings = build(src, seeds=dumps)
    assert warnings == ""
    assert len(app.env.domains["op"].posts) == 30


def test_a_folder_without_posts_is_a_clear_error(tmp_path: Path, capsys) -> None:
    from onprobation.cli import main

    (tmp_path / "empty").mkdir()
    assert main(["synth", "--posts", "5", "--seeds", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    assert "no titled posts" in capsys.readouterr().err
