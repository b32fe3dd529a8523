"""A page of Blogger's public feeds, Atom (``/feeds/posts/default``,
``/feeds/comments/default``), as ``onprobation fetch`` saves it.

The feeds need no owner: anyone can page through them with ``start-index`` and
``max-results``; each page carries ``openSearch:totalResults`` and
``openSearch:startIndex``. Entries have the shapes of the backup export
(``export``): a post's comment count is ``thr:total``; a comment names its post
with ``thr:in-reply-to`` and its parent with ``link rel="related"``. The kind
category may be absent: a comment is then told by ``thr:in-reply-to``. Pages of
posts and of comments are separate files: ``attach_comments`` ties them.
Read as a stream like the export (see ``atom``).
"""

from __future__ import annotations

from pathlib import Path

from . import Reading
from .atom import read_into
from .export import convert

FORMAT = "feed-atom"


def read(source: Path | bytes, name: str) -> Reading:
    return read_into(Reading(FORMAT), source, name, convert)
