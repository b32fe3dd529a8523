"""Plain-text dumps (a Blogger page saved as text): ``onprobation.parse``.

The text parser nests the comment threads itself; the reading has no flat
comments.
"""

from __future__ import annotations

from pathlib import Path

from ..decode import decode
from ..parse import parse_text
from . import Reading

FORMAT = "text"


def read(source: Path | bytes, name: str) -> Reading:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reading = Reading(FORMAT)
    text, problems = decode(data, name)
    reading.problems += problems
    if text or not problems:  # an empty file is reported by the parser
        posts, problems = parse_text(text, name)
        reading.posts += posts
        reading.problems += problems
        reading.entries = len(posts)
    return reading
