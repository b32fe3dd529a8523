"""The converter's caches: a dump's parse and a post's page, kept by their content."""

from __future__ import annotations

import gc
from pathlib import Path

from conftest import ROOT, SEEDS
from onprobation import cache
from onprobation.convert import convert, load_registry, parse_dump, read, seed_files
from onprobation.mentions import Linker
from onprobation.pages import site_pages

REGISTRY = ROOT / "docs" / "registry"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*/*{cache.SUFFIX}"))


def test_a_parse_is_reused_for_the_same_bytes_and_name_only(tmp_path: Path) -> None:
    data = next(SEEDS.glob("*.txt")).read_bytes()
    calls = []

    def parse(name: str, data: bytes) -> tuple:
        calls.append(name)
        return parse_dump(name, data)

    with cache.using(tmp_path / "c") as c:
        first = cache.cached("a.txt", data, parse)
        assert cache.cached("a.txt", data, parse) == first  # from the cache
        assert cache.cached("b.txt", data, parse) != first  # the name is in every post and problem
        cache.cached("a.txt", data + b"\nMore.\n", parse)
    assert calls == ["a.txt", "b.txt", "a.txt"] and (c.hits, c.misses) == (1, 3)
    assert len(entries(tmp_path / "c")) == 3
    # without a cache folder nothing is kept
    assert cache.cached("a.txt", data, parse) == first and calls[-1] == "a.txt" and len(calls) == 4


def test_a_corrupted_or_truncated_entry_is_parsed_again(tmp_path: Path) -> None:
    data = next(SEEDS.glob("*.txt")).read_bytes()
    with cache.using(tmp_path):
        expected = cache.cached("a.txt", data, parse_dump)
    (entry,) = entries(tmp_path)
    for damage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        with cache.using(tmp_path) as c:
            assert cache.cached("a.txt", data, parse_dump) == expected
        assert (c.hits, c.misses) == (0, 1)
    with cache.using(tmp_path) as c:  # written again, whole
        assert cache.cached("a.txt", data, parse_dump) == expected and c.hits == 1
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave nothing behind


def test_the_code_is_in_the_key(tmp_path: Path, monkeypatch) -> None:
    data = b"Friday, 17 November 2017\n\nJobs\n\nText.\n"
    key = cache.key_of("a.txt", data, parse_dump)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another version of the converter")
    assert cache.key_of("a.txt", data, parse_dump) != key


def test_cached_pages_are_the_pages(tmp_path: Path) -> None:
    """Pages rendered through cache.post_page are exactly pages.post_page's, cold and warm."""
    corpus = read(seed_files(SEEDS), SEEDS.parent)
    linker = Linker(load_registry(REGISTRY))
    expected = site_pages(corpus.posts, linker)
    for _ in ("cold", "warm"):
        with cache.using(tmp_path) as c:
            assert site_pages(corpus.posts, linker, render=cache.post_page) == expected
    assert c.misses == 0 and c.hits == len(corpus.posts)
    # a post's new title changes its page and its neighbours' (their previous/next links)
    post = sorted(corpus.posts, key=lambda p: (p.date, p.slug))[10]
    post.title = "A New Title"
    with cache.using(tmp_path) as c:
        assert site_pages(corpus.posts, linker, render=cache.post_page) == site_pages(corpus.posts, linker)
    assert c.misses == 3


def test_converting_with_a_cache_gives_the_same_pages_and_prunes_it(tmp_path: Path) -> None:
    registry = load_registry(REGISTRY)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    plain, cached_out, folder = tmp_path / "plain", tmp_path / "cached", tmp_path / "cache"
    plain.mkdir(), cached_out.mkdir()
    convert(seed_files(seeds), plain, seeds.parent, registry)
    for _ in ("cold", "warm"):
        corpus, report = convert(seed_files(seeds), cached_out, seeds.parent, registry, cache_dir=folder)
    assert report.written == [] and corpus.problems == read(seed_files(seeds), seeds.parent).problems
    files = sorted(p.relative_to(plain) for p in plain.rglob("*.md"))
    assert files == sorted(p.relative_to(cached_out) for p in cached_out.rglob("*.md"))
    assert all((plain / f).read_bytes() == (cached_out / f).read_bytes() for f in files)
    count = len(entries(folder))
    assert count == len(seed_files(seeds)) + len(corpus.posts)  # a parse per dump, a page per post
    # a dump removed: its parse and its posts' pages go from the cache at the next conversion
    removed = sorted(seeds.glob("*.txt"))[0]
    removed.unlink()
    corpus, _ = convert(seed_files(seeds), cached_out, seeds.parent, registry, cache_dir=folder)
    assert len(entries(folder)) == len(seed_files(seeds)) + len(corpus.posts) < count
    assert gc.isenabled()  # paused during the conversion only


def test_a_blogger_export_is_read_once_per_content(tmp_path: Path) -> None:
    """Blogger's formats are cached by the file's content (hashed as a stream): the
    same export gives the same posts and comments from the cache; an edit reads it again."""
    from blogger_fixtures import write_export

    export = write_export(tmp_path / "backup.xml")
    expected = read([export], tmp_path)
    for _ in ("cold", "warm"):
        with cache.using(tmp_path / "cache") as c:
            corpus = read([export], tmp_path)
    assert c.hits == 1 and c.misses == 0
    assert [(p.path, p.html, p.comment_count) for p in corpus.posts] == [
        (p.path, p.html, p.comment_count) for p in expected.posts]
    assert corpus.problems == expected.problems and corpus.sources == expected.sources
    export.write_bytes(export.read_bytes().replace(b"Probation Jobs", b"Probation Jobs Again", 1))
    with cache.using(tmp_path / "cache") as c:
        assert any(p.title == "Probation Jobs Again" for p in read([export], tmp_path).posts)
    assert c.misses == 1


def _converting(seeds: Path, out: Path, folder: Path, registry, monkeypatch) -> tuple[list[str], int]:
    """A conversion with the cache: the paths of the posts rendered, and how many
    posts were keyed by their whole content (pickled) rather than their origin."""
    from onprobation import pages

    rendered: list[str] = []
    pickled = [0]
    render, content_key = pages.post_page, cache.content_key

    def counting_render(post, *args, **kwargs):
        rendered.append(post.path)
        return render(post, *args, **kwargs)

    def counting_key(value):
        pickled[0] += type(value).__name__ == "Post"
        return content_key(value)

    with monkeypatch.context() as patched:
        patched.setattr(pages, "post_page", counting_render)
        patched.setattr(cache, "content_key", counting_key)
        convert(seed_files(seeds), out, seeds.parent, registry, cache_dir=folder)
    return sorted(rendered), pickled[0]


def test_a_post_page_is_keyed_by_its_dump_its_slug_the_registry_and_the_code(tmp_path: Path, monkeypatch) -> None:
    """A post as parsed is named in its page's key by its dump's cache key and its
    place there (no pickling): an edited dump, another registry or another converter
    makes the page again, and the pages stay those of a conversion without cache."""
    registry = load_registry(REGISTRY)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    out, folder = tmp_path / "out", tmp_path / "cache"
    posts = len(read(seed_files(seeds), seeds.parent).posts)
    rendered, pickled = _converting(seeds, out, folder, registry, monkeypatch)
    assert len(rendered) == posts
    # merged copies (a post's page and its month's archive page) are keyed by content; most posts not
    assert pickled < posts / 2
    assert _converting(seeds, out, folder, registry, monkeypatch)[0] == []  # warm: nothing rendered

    def same_as_without_cache() -> None:
        plain = tmp_path / "plain"
        if plain.exists():
            import shutil
            shutil.rmtree(plain)
        plain.mkdir()
        convert(seed_files(seeds), plain, seeds.parent, registry)
        files = sorted(p.relative_to(plain) for p in plain.rglob("*.md"))
        assert files == sorted(p.relative_to(out) for p in out.rglob("*.md"))
        assert [f for f in files if (plain / f).read_bytes() != (out / f).read_bytes()] == []

    # a dump edited: a word in its first post; that post's page is made again
    dump = sorted(seeds.glob("*.txt"))[-1]
    text = dump.read_text(encoding="utf-8")
    edited = read([dump], seeds.parent).posts[0]
    lines = text.split("\n")
    lines[edited.body[0].number - 1] += " Edited."
    dump.write_text("\n".join(lines), encoding="utf-8")
    rendered, _ = _converting(seeds, out, folder, registry, monkeypatch)
    assert edited.path in rendered and len(rendered) < posts / 2
    same_as_without_cache()
    # another registry: every page
    smaller = load_registry(REGISTRY)
    smaller.entities.pop(next(iter(smaller.entities)))
    assert len(_converting(seeds, out, folder, smaller, monkeypatch)[0]) == posts
    # another converter: every page
    monkeypatch.setattr(cache, "fingerprint", lambda: "another version of the converter")
    assert len(_converting(seeds, out, folder, registry, monkeypatch)[0]) == posts
    same_as_without_cache()


def test_post_pages_unchanged_by_key_are_not_read_and_an_edited_file_is_written_again(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    """The manifest of post pages' keys, sizes and times spares reading them; a page
    edited or removed by hand (another size or time) is compared and written again."""
    import os

    from onprobation.convert import PAGES_MANIFEST

    registry = load_registry(REGISTRY)
    out, folder = tmp_path / "out", tmp_path / "cache"
    convert(seed_files(SEEDS), out, SEEDS.parent, registry, cache_dir=folder)
    assert (folder / PAGES_MANIFEST).is_file()
    posts = read(seed_files(SEEDS), SEEDS.parent).posts
    read_paths: list[str] = []
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        read_paths.append(self.as_posix())
        return read_bytes(self)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", counting)
        _, report = convert(seed_files(SEEDS), out, SEEDS.parent, registry, cache_dir=folder)
    assert report.written == []
    assert not any(path.endswith(f"{post.path}.md") for post in posts for path in read_paths)
    page = out / f"{posts[0].path}.md"
    original = page.read_bytes()
    edited = original.replace(b"---", b"--- ", 1)
    page.write_bytes(edited)
    _, report = convert(seed_files(SEEDS), out, SEEDS.parent, registry, cache_dir=folder)
    assert report.written == [f"{posts[0].path}.md"] and page.read_bytes() == original
    # the same size and a restored time, other bytes: still caught when the time differs by a nanosecond
    stamp = page.stat().st_mtime_ns
    page.write_bytes(original.replace(b"---", b"+++", 1))
    os.utime(page, ns=(stamp, stamp + 1))
    _, report = convert(seed_files(SEEDS), out, SEEDS.parent, registry, cache_dir=folder)
    assert report.written == [f"{posts[0].path}.md"] and page.read_bytes() == original
    page.unlink()
    _, report = convert(seed_files(SEEDS), out, SEEDS.parent, registry, cache_dir=folder)
    assert report.written == [f"{posts[0].path}.md"] and page.read_bytes() == original
    # another output folder with the same cache: its pages are compared, not taken from the manifest
    other = tmp_path / "other"
    _, report = convert(seed_files(SEEDS), other, SEEDS.parent, registry, cache_dir=folder)
    assert len(report.written) > len(posts)
