"""Plain-text dumps (a Blogger page saved as text): ``onprobation.parse``.

The text parser nests the comment threads itself; the reading has no flat
comments.
"""

from __future__ import annotations

from pathlib import Path

from ..decode import decode
from ..model import Post, Problem
from ..parse import parse_text
from . import Reading

FORMAT = "text"


def parse(name: str, data: bytes) -> tuple[list[Post], list[Problem]]:
    """The posts of one text dump and the problems met (what the converter's cache keeps)."""
    text, problems = decode(data, name)
    posts: list[Post] = []
    if text or not problems:  # an empty file is reported by the parser
        posts, more = parse_text(text, name)
        problems += more
    return posts, problems


def read(source: Path | bytes, name: str) -> Reading:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reading = Reading(FORMAT)
    reading.posts, reading.problems = parse(name, data)
    reading.entries = len(reading.posts)
    return reading
