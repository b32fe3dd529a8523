"""Pages and anchors depend only on a post's own text (contract 4)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEEDS
from onprobation.convert import convert, read, seed_files
from onprobation.pages import site_pages

NAV = re.compile(r"\n:::\{container\} post-nav\n.*?\n:::\n", re.S)


def post_pages(paths: list[Path]) -> dict[str, str]:
    """Post pages without their previous/next links (which name neighbours)."""
    corpus = read(paths, SEEDS.parent)
    pages = site_pages(corpus.posts)
    return {k: NAV.sub("", v) for k, v in pages.items() if not k.endswith("index.md")}


def test_converting_twice_is_byte_identical(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    convert(seed_files(SEEDS), tmp_path / "a", SEEDS.parent)
    convert(seed_files(SEEDS), tmp_path / "b", SEEDS.parent)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert files_a == files_b and len(files_a) > 34
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_order_and_subsets_of_dumps_do_not_change_posts() -> None:
    files = seed_files(SEEDS)
    everything = post_pages(files)
    assert post_pages(list(reversed(files))) == everything
    for index in range(len(files)):
        subset = post_pages(files[index : index + 1])
        assert subset and all(everything[name] == page for name, page in subset.items())


def test_an_extra_dump_does_not_change_existing_posts(tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("Friday, 17 November 2017\n\nProbation Jobs Again\n\nMore.\n", encoding="utf-8")
    everything = post_pages(seed_files(SEEDS))
    with_extra = post_pages([*seed_files(SEEDS), extra])
    assert {k: v for k, v in with_extra.items() if k in everything} == everything
