"""Turn the bytes of a dump into clean text, saying what had to be repaired."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .model import Problem

# Control characters other than tab and newline carry no text; they are removed
# (and reported) so that they can never reach a page or a TeX engine.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text from any source as a page may hold it: NFC, without control characters
    (tab and newline kept). Text dumps go through ``decode``; titles, comments and
    bodies read from HTML through this."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode a dump: UTF-8 (with or without BOM), else Windows-1252 with a warning."""
    problems: list[Problem] = []
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return "", [Problem(file, line, "binary file (NUL byte); not a text dump, skipped")]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        problems.append(
            Problem(file, line, "not valid UTF-8; decoded as Windows-1252 (check the characters)")
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", text) if _CONTROL.search(text) else text
    if cleaned != text:
        for number, (old, new) in enumerate(zip(text.split("\n"), cleaned.split("\n")), 1):
            if old != new:
                problems.append(Problem(file, number, "control characters removed"))
                break
    return unicodedata.normalize("NFC", cleaned), problems
