"""Blogger's permalink rule, so that archive paths mirror the original blog's."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 40
STOP_WORDS = {"a", "an", "the"}
UNTITLED = "blog-post"
_APOSTROPHES = re.compile(r"['’‘`]")
_SEPARATORS = re.compile(r"[\s\-–—/_]+")
_NOT_WORD = re.compile(r"[^a-z0-9]")


def fold(text: str) -> str:
    """ASCII-fold: ``é`` -> ``e``; characters with no ASCII form disappear."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(title: str) -> str:
    """``A PO's View of the Future`` -> ``a-pos-view-of-future``.

    ASCII-folded, lower case, apostrophes removed, other punctuation dropped,
    words joined by ``-``; ``a``, ``an``, ``the`` dropped unless first or last;
    cut at a word boundary to at most 40 characters. An untitled post (or one
    whose title has no letters or digits) gets ``blog-post``.
    """
    text = _APOSTROPHES.sub("", fold(title).lower())
    words = [_NOT_WORD.sub("", word) for word in _SEPARATORS.split(text)]
    words = [word for word in words if word]
    words = [w for i, w in enumerate(words) if i in (0, len(words) - 1) or w not in STOP_WORDS]
    if not words:
        return UNTITLED
    slug = words[0][:MAX_LENGTH]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > MAX_LENGTH:
            break
        slug += "-" + word
    return slug
