"""Bad and hostile input: never crash, never lose text silently, always say where.

Each input of the catalogue (README, "Damaged and hostile input") has a test:
the converter reports ``file:line: message``, exits 1, and converts the rest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from onprobation.cli import main
from onprobation.convert import atomic_write, read

GOOD = "Friday, 17 November 2017\n\nGood Post\n\nThe NPS text.\n"


def run_parse(tmp_path: Path, capsys, files: dict[str, bytes]) -> tuple[int, dict, str]:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    status = main(["parse", "--json", "--registry", str(tmp_path / "none"), *sorted(files)])
    out, err = capsys.readouterr()
    return status, json.loads(out), err


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "empty dump: no post"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", 3, "binary file (NUL byte); not a text dump, skipped"),
        (b"Some text with no date at all\n", 1, "no date line found: no post could be read"),
    ],
)
def test_files_with_no_post(tmp_path: Path, capsys, data: bytes, line: int, message: str) -> None:
    status, result, err = run_parse(tmp_path, capsys, {"bad.txt": data, "good.txt": GOOD.encode()})
    assert status == 1
    assert [p["title"] for p in result["posts"]] == ["Good Post"]  # the other dump is converted
    assert result["problems"] == [{"file": "bad.txt", "line": line, "message": message}]
    assert f"bad.txt:{line}: {message}" in err and "Traceback" not in err


def test_impossible_date_is_reported_and_its_text_kept(tmp_path: Path, capsys) -> None:
    text = GOOD + "\nSaturday, 31 February 2018\n\nMore text.\n"
    status, result, err = run_parse(tmp_path, capsys, {"a.txt": text.encode()})
    assert status == 1 and "a.txt:7: impossible date 'Saturday, 31 February 2018'; kept as text" in err
    assert result["posts"][0]["words"] == 9


@pytest.mark.parametrize("transform", [
    lambda t: t.replace("\n", "\r\n").encode(),
    lambda t: b"\xef\xbb\xbf" + t.encode(),
    lambda t: t.replace("\n", "  \n").encode(),  # trailing spaces
])
def test_crlf_bom_and_trailing_spaces_change_nothing(tmp_path: Path, capsys, transform) -> None:
    status, result, _ = run_parse(tmp_path, capsys, {"a.txt": transform(GOOD)})
    _, plain, _ = run_parse(tmp_path, capsys, {"b.txt": GOOD.encode()})
    assert status == 0
    assert [dict(p, file="") for p in result["posts"]] == [dict(p, file="") for p in plain["posts"]]


def test_windows_1252_is_decoded_never_mojibake(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Friday, 17 November 2017\n\n\x93Quoted\x94\n\nIt costs \xa35 \x96 really.\n")
    corpus = read([tmp_path / "a.txt"], tmp_path)
    assert corpus.posts[0].title == "“Quoted”"
    assert corpus.posts[0].body[0].text == "It costs £5 – really."
    assert [p.message for p in corpus.problems] == ["not valid UTF-8; decoded as Windows-1252 (check the characters)"]


def test_a_200_kb_line(tmp_path: Path, capsys) -> None:
    long_line = ("word " * 40_000).strip()
    status, result, _ = run_parse(tmp_path, capsys, {"a.txt": (GOOD + long_line + "\n").encode()})
    assert status == 0 and result["posts"][0]["words"] == 40_003


def test_control_characters_are_removed_and_reported(tmp_path: Path, capsys) -> None:
    status, result, err = run_parse(tmp_path, capsys, {"a.txt": GOOD.replace("NPS", "N\x00PS\x1b").encode()})
    assert status == 1  # NUL makes it a binary file
    status, result, err = run_parse(tmp_path, capsys, {"b.txt": GOOD.replace("NPS", "N\x07PS\x1b").encode()})
    assert status == 1 and "b.txt:5: control characters removed" in err
    assert result["posts"][0]["words"] == 3


def test_emoji_and_right_to_left_text_are_kept(tmp_path: Path) -> None:
    text = GOOD + "\nThanks 🙏🏽 and שלום and مرحبا.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = read([tmp_path / "a.txt"], tmp_path)
    assert corpus.problems == []
    assert corpus.posts[0].body[-1].text == "Thanks 🙏🏽 and שלום and مرحبا."


def test_thread_whose_count_does_not_match(tmp_path: Path, capsys) -> None:
    text = GOOD + "\n3 comments:\n\n  1. Only one.\n\n    ReplyDelete\n"
    status, result, err = run_parse(tmp_path, capsys, {"a.txt": text.encode()})
    assert status == 1 and "a.txt:7: '3 comments:' but 1 comments and replies were found" in err
    assert result["posts"][0]["comments"] == 1


def test_truncated_mid_thread(tmp_path: Path, capsys) -> None:
    text = GOOD + "\n2 comments:\n\n  1. First.\n\n    ReplyDelete\n  2. Cut off in the midd"
    status, result, err = run_parse(tmp_path, capsys, {"a.txt": text.encode()})
    assert status == 0 and result["posts"][0]["comments"] == 2


def test_two_posts_with_the_same_date_and_title_are_both_kept(tmp_path: Path, capsys) -> None:
    """On Blogger they are two posts: neither text may be lost, and which one
    gets the ``_DD`` suffix depends on the texts, not on the dumps' names."""
    other = GOOD.replace("The NPS text.", "Completely different words here.")
    slugs = {}
    for first, second in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        status, result, err = run_parse(tmp_path, capsys, {first: GOOD.encode(), second: other.encode()})
        assert status == 0 and err == ""
        assert sorted(p["words"] for p in result["posts"]) == [3, 4]
        slugs[first] = {p["words"]: p["path"] for p in result["posts"]}
    assert slugs["a.txt"] == slugs["b.txt"] == {
        4: "2017/11/good-post.html",  # "Completely ..." sorts before "The ..."
        3: "2017/11/good-post_17.html",
    }
    corpus = read([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path)
    texts = {" ".join(line.text for line in post.body) for post in corpus.posts}
    assert texts == {"The NPS text.", "Completely different words here."}


def test_copies_merge_and_different_posts_stay_apart(tmp_path: Path, capsys) -> None:
    """An archive page (truncated, no thread) and the single-post page of one
    post, and a different post with the same date and title: two posts, the
    first with the full text and its thread."""
    full = GOOD.replace("The NPS text.", "The NPS text goes on and on.")
    thread = full + "\n1 comments:\n\n  1. A reader.\n\n    ReplyDelete\n"
    cut = GOOD.replace("The NPS text.", "The NPS text go")
    other = GOOD.replace("The NPS text.", "Another text.")
    status, result, err = run_parse(
        tmp_path, capsys, {"archive.txt": cut.encode() + b"\n" + other.encode(), "post.txt": thread.encode()}
    )
    assert status == 0 and err == ""
    posts = sorted((p["path"], p["words"], p["comments"]) for p in result["posts"])
    assert posts == [("2017/11/good-post.html", 2, 0), ("2017/11/good-post_17.html", 7, 1)]


def test_the_same_post_truncated_in_an_archive_page_is_merged_silently(tmp_path: Path, capsys) -> None:
    cut = GOOD.replace("The NPS text.", "The NP")
    status, result, _ = run_parse(tmp_path, capsys, {"a.txt": GOOD.encode(), "b.txt": cut.encode()})
    assert status == 0 and len(result["posts"]) == 1 and result["posts"][0]["words"] == 3


def test_a_date_line_quoted_inside_a_body(tmp_path: Path, capsys) -> None:
    text = GOOD + "\nHe wrote on\nMonday, 20 November 2017\nthat it was over.\n"
    status, result, _ = run_parse(tmp_path, capsys, {"a.txt": text.encode()})
    assert status == 0 and len(result["posts"]) == 1 and result["posts"][0]["words"] == 14


def test_a_missing_file_and_an_unwritable_output(tmp_path: Path, capsys) -> None:
    status, result, err = run_parse(tmp_path, capsys, {"good.txt": GOOD.encode()})
    assert main(["parse", "--json", "nowhere.txt"]) == 1
    assert "nowhere.txt:1: cannot read: No such file or directory" in capsys.readouterr().err
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(GOOD, encoding="utf-8")
    Path("out").write_text("a file, not a folder", encoding="utf-8")
    assert main(["convert", "seeds", "--out", "out"]) == 2


def test_a_crash_while_writing_leaves_no_half_page(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old page")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(target, b"new page that never lands")
    assert target.read_bytes() == b"old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left


def test_a_bug_in_one_dump_does_not_stop_the_others(tmp_path: Path, monkeypatch) -> None:
    import onprobation.sources.text as text_reader

    real = text_reader.parse_text

    def flaky(text: str, file: str):
        if "bad" in file:
            raise ValueError("boom")
        return real(text, file)

    monkeypatch.setattr(text_reader, "parse_text", flaky)
    (tmp_path / "bad.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD.replace("Good Post", "Other"), encoding="utf-8")
    corpus = read([tmp_path / "bad.txt", tmp_path / "good.txt"], tmp_path)
    assert [p.title for p in corpus.posts] == ["Other"]
    assert corpus.problems[0].message.startswith("could not be converted (ValueError: boom)")
