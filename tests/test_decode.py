"""Decoding dumps: BOM, CRLF, Windows-1252, control characters, binary files."""

from onprobation.decode import decode


def test_utf8_with_bom_and_crlf() -> None:
    text, problems = decode("\ufeffFriday, 17 November 2017\r\n\r\nTitle\r\n".encode(), "a.txt")
    assert text == "Friday, 17 November 2017\n\nTitle\n"
    assert problems == []


def test_windows_1252_is_decoded_with_a_warning() -> None:
    text, problems = decode(b"\x93Quoted\x94 costs \xa35", "a.txt")
    assert text == "“Quoted” costs £5"
    assert [str(p) for p in problems] == ["a.txt:1: not valid UTF-8; decoded as Windows-1252 (check the characters)"]


def test_control_characters_are_removed_and_reported() -> None:
    text, problems = decode("one\ntw\x07o\x1b\n".encode(), "a.txt")
    assert text == "one\ntwo\n"
    assert problems[0].line == 2


def test_binary_file() -> None:
    text, problems = decode(b"abc\n\x00\x01", "a.bin")
    assert text == ""
    assert "binary" in problems[0].message and problems[0].line == 2
