"""The synthetic archive of the benchmark: a smoke run of tens of posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from onprobation.convert import read
from onprobation.synth import REAL, RealGenerator, generate
from sitebuild import build, copy_docs


@pytest.mark.parametrize("profile", ["real", "old"])
def test_generated_dumps_parse_back_exactly(tmp_path: Path, profile: str) -> None:
    paths = generate(SEEDS, tmp_path / "dumps", 40, profile=profile)
    corpus = read(paths, tmp_path)
    assert corpus.problems == []
    assert len(corpus.posts) == 40
    assert any(post.comments for post in corpus.posts)
    assert all(post.comment_count == post.declared_comments for post in corpus.posts if post.comments)
    assert generate(SEEDS, tmp_path / "again", 40, profile=profile) and all(
        (tmp_path / "again" / p.name).read_bytes() == p.read_bytes() for p in paths
    )


def test_the_real_profile_has_the_blogs_pace_and_long_threads() -> None:
    generator = RealGenerator(SEEDS)
    assert generator.date_of(0).isoformat() == REAL.start
    assert generator.date_of(999).strftime("%Y-%m") == "2014-08"  # the 1,000th post
    per_year = [generator.date_of(i).year for i in range(4500)]
    assert 280 <= per_year.count(2017) <= 320 and per_year[-1] in (2025, 2026)
    threads = [sum(c.count() for c in generator.thread()) for _ in range(3000)]
    assert 14 <= sum(threads) / len(threads) <= 19  # about 74,000 comments for 4,500 posts
    assert max(threads) > 100 and threads.count(0) > 200  # a long tail, and posts without comments
    assert abs(REAL.mean_thread() - 16.4) < 1


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


def test_no_generated_body_ends_on_an_intro() -> None:
    """A body ending "This from the archives:-" would swallow the next post as a
    reproduced older one (4,498 posts read back from 4,500 generated)."""
    from onprobation.synth import Generator, RealGenerator

    for generator in (Generator(SEEDS), RealGenerator(SEEDS)):
        for _, _, body, _ in generator.posts_for(3000):
            assert body and body[-1].strip() and not body[-1].rstrip().endswith(":-")
