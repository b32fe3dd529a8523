"""Compose whole MyST pages: one per post, one per month and one per year."""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable

import datetime as dt

from . import htmlbody, myst
from .dates import long_date, month_name, month_year, weekday_date
from .mentions import Linker, Mention, Unit
from .model import Comment, Post, Problem
from .kinds import DEFAULT as DEFAULT_KINDS
from .registry import Entity
from .structure import BULLET, Block, Bullets, Para, parse_body

REMOVED = "This comment has been removed"

def display_date(post: Post) -> str:
    return weekday_date(post.date)


def display_title(post: Post) -> str:
    return post.title or f"Untitled post of {long_date(post.date)}"


def _front_matter(fields: dict[str, object]) -> str:
    # JSON scalars are valid YAML, and keep any seed text a plain string.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _link(text: str, from_path: str, to_path: str) -> str:
    """A Markdown link from one page to another page's source file."""
    target = posixpath.relpath(to_path + ".md", posixpath.dirname(from_path))
    return f"[{myst.inline(text)}]({myst.escape(target)})"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class _Recorder(Linker):
    """A linker that remembers what it linked, for the page's front matter, and
    links within one text unit (a post's title and body, or one comment)."""

    def __init__(self, linker: Linker | None, found: dict[tuple[str, str], Entity] | None = None,
                 unit: Unit | None = None) -> None:
        self.inner = linker
        self.found: dict[tuple[str, str], Entity] = {} if found is None else found
        self.current = unit

    def within(self, date: dt.date | None, title: str = "") -> _Recorder:
        """A recorder for a new text unit of that date (sharing what is found)."""
        unit = self.inner.unit(date, title) if self.inner else None
        return _Recorder(self.inner, self.found, unit)

    def find(self, text: str, context: str = "", unit: Unit | None = None) -> list[Mention]:
        mentions = self.inner.find(text, context, unit or self.current) if self.inner else []
        for mention in mentions:
            self.found.setdefault((mention.entity.type, mention.entity.key), mention.entity)
        return mentions


def body_blocks(post: Post, problems: list[Problem] | None = None) -> list[Block]:
    """The blocks of a post's body: from its HTML when a rich source gave it, else from its text."""
    if post.html is not None:
        return htmlbody.parse_html(post.html, post.file, post.line, problems)
    return parse_body(post.body)


def word_count(post: Post) -> int:
    """Words of the body, whichever source gave it."""
    return len(htmlbody.words(post.html)) if post.html is not None else post.words


def _content(post: Post, linker: Linker | None, problems: list[Problem] | None = None
             ) -> tuple[list[str], list[Entity]]:
    """The body and thread of a post as MyST, and the entities they mention."""
    recorder = _Recorder(linker)
    parts = []
    body = body_blocks(post, problems)
    if body:
        parts.append(myst.blocks(body, linker=recorder.within(post.date, post.title), context=post.title))
    if post.comments:
        parts.append(_thread(post, recorder, problems))
    return parts, list(recorder.found.values())


def post_mentions(post: Post, linker: Linker | None) -> list[Entity]:
    """Organisations and reports a post mentions, in order of first mention."""
    return _content(post, linker)[1]


def mentioned_by_kind(mentioned: list[Entity], linker: Linker | None) -> dict[str, list[str]]:
    """The front matter's lists of what a post mentions, one per kind (``organisations``,
    ``reports``, ``people``): the keys, in order of first mention."""
    kinds = linker.registry.kinds if linker is not None else DEFAULT_KINDS
    return {kind.front_matter: [e.key for e in mentioned if e.type == kind.type]
            for kind in kinds if kind.front_matter}


def minute(moment: dt.datetime) -> str:
    """A time to the minute, in the blog's own time (the offset the source gives)."""
    return f"{long_date(moment)}, {moment:%H:%M}"


def iso_minute(moment: dt.datetime | None) -> str:
    return moment.isoformat(timespec="minutes") if moment else ""


def _rich_meta(post: Post) -> dict[str, object]:
    """Front matter only rich sources have (text pages stay as they were)."""
    if post.html is None and not post.blogger_id:
        return {}
    return {
        "author": post.author,
        "published": iso_minute(post.published),
        "updated": iso_minute(post.updated),
        "labels": list(post.labels),
        "format": post.format,
        "entry_id": post.entry_id,
        "blogger_id": post.blogger_id,
        "permalink": post.permalink,
    }


def _meta_line(post: Post, words: int) -> str:
    pieces = [display_date(post)]
    if post.published:
        pieces[0] += f", {post.published:%H:%M}"
    if post.author:
        pieces.append(f"by {post.author}")
    if post.updated and post.published and iso_minute(post.updated) != iso_minute(post.published):
        pieces.append(f"updated {minute(post.updated)}")
    pieces += [_plural(words, "word"), _plural(post.comment_count, "comment")]
    line = myst.escape(" · ".join(pieces))
    if post.labels:
        line += "\n\n" + myst.escape("Labels: " + ", ".join(post.labels))
    if post.html is not None or post.entry_id:
        source = f"Source: {post.file}" + (f", entry {post.entry_id}" if post.entry_id else "")
        line += "\n\n" + myst.escape(source)
    return line


def post_page(post: Post, previous: Post | None, following: Post | None, linker: Linker | None = None,
              problems: list[Problem] | None = None, moved_from: str = "") -> str:
    """The MyST page of one post; ``moved_from``: its old path, whose label still leads here."""
    content, mentioned = _content(post, linker, problems)
    words = word_count(post)
    meta = {
        "title": post.title,
        "date": post.date.isoformat(),
        "label": post.label,
        "source": f"{post.file}:{post.line}",
        "words": words,
        "comments": post.comment_count,
        **mentioned_by_kind(mentioned, linker),
        **_rich_meta(post),
    }
    old_label = moved_from[:4] + "-" + moved_from[5:7] + "-" + moved_from[8:] if moved_from else ""
    if old_label:
        meta["aliases"] = [old_label]
    parts = [
        _front_matter(meta),
        (f"({old_label})=\n" if old_label else "") + f"({post.label})=\n# {myst.inline(display_title(post))}",
        myst.fence("container", "post-meta", _meta_line(post, words), 0),
    ]
    parts += content
    parts.append(_navigation(post, previous, following))
    return "\n\n".join(parts) + "\n"


def _comment_blocks(comment: Comment) -> list[Para | Bullets]:
    out: list[Para | Bullets] = []
    for line in comment.lines:
        match = BULLET.match(line.text)
        if match:
            if not out or not isinstance(out[-1], Bullets):
                out.append(Bullets())
            out[-1].items.append(Para(line.number, match[1].strip()))  # type: ignore[union-attr]
        else:
            out.append(Para(line.number, line.text))
    return out


def _comment_meta(comment: Comment) -> str:
    """Author, time and the original's address, after the comment's text (its first
    words stay the comment's own, as the text path shows them)."""
    if not (comment.author or comment.published or comment.permalink):
        return ""
    author = comment.author or "Anonymous"
    if comment.author_url and htmlbody.link_ok(comment.author_url):
        pieces = [f"[{myst.escape(author)}]({myst.destination(comment.author_url)})"]
    else:
        pieces = [myst.escape(author)]
    if comment.published:
        pieces.append(myst.escape(minute(comment.published)))
    if comment.permalink and htmlbody.link_ok(comment.permalink):
        pieces.append(f"[{myst.escape('original')}]({myst.destination(comment.permalink)})")
    return myst.fence("container", "comment-meta", myst.escape("— ") + " · ".join(pieces), 0)


def comment_date(comment: Comment, post: Post) -> dt.date:
    """The day a comment was written: its own time when the source gives one, else
    the post's date (a text dump dates only its posts)."""
    return comment.published.date() if comment.published else post.date


def _comment(comment: Comment, classes: str, depth: int, linker: _Recorder, post: Post,
             problems: list[Problem] | None = None) -> str:
    context, file = post.title, post.file
    unit = linker.within(comment_date(comment, post))  # each comment is a text unit of its own
    if comment.removed:
        parts = [myst.escape(REMOVED)]  # a plain paragraph: the comment's number goes in it
    elif comment.html is not None:
        blocks = htmlbody.comment_blocks(comment.html, comment.file or file, comment.line, problems)
        parts = [myst.blocks(blocks, linker=unit, context=context)] if blocks else []
    else:
        parts = [myst.blocks(_comment_blocks(comment), linker=unit, context=context)] if comment.lines else []
    meta = _comment_meta(comment)
    if meta:
        parts.append(meta)
    if comment.replies:
        replies = "\n\n".join(_comment(reply, "comment reply", 0, linker, post, problems)
                               for reply in comment.replies)
        parts.append(myst.fence("container", "replies", replies, 1))
    return myst.fence("container", classes, "\n\n".join(parts), depth)


def _thread(post: Post, linker: _Recorder, problems: list[Problem] | None = None) -> str:
    title = myst.fence("rubric", myst.escape(_plural(post.comment_count, "comment")), "", 0, {"class": "thread-title"})
    comments = "\n\n".join(_comment(comment, "comment", 2, linker, post, problems)
                            for comment in post.comments)
    return myst.fence("container", "thread", title + "\n\n" + comments, 3)


def _navigation(post: Post, previous: Post | None, following: Post | None) -> str:
    month = f"{post.date:%Y/%m}/index"
    links = []
    if previous:
        links.append("Previous: " + _link(display_title(previous), post.path, previous.path))
    links.append(_link(month_year(post.date), post.path, month))
    if following:
        links.append("Next: " + _link(display_title(following), post.path, following.path))
    return myst.fence("container", "post-nav", " · ".join(links), 0)


def chronological(posts: Iterable[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: (p.date, p.slug))


def site_pages(posts: list[Post], linker: Linker | None = None,
               problems: list[Problem] | None = None, moves: dict[str, str] | None = None,
               render: Callable[..., str] | None = None) -> dict[str, str]:
    """Every generated page of the posts, keyed by its path under ``docs/`` (with ``.md``).

    ``render`` makes one post's page with ``post_page``'s arguments (default:
    ``post_page`` itself; the converter passes ``cache.post_page``).
    """
    render = render or post_page
    ordered = chronological(posts)
    pages: dict[str, str] = {}
    moved_from = {new: old for old, new in (moves or {}).items()}
    months: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for index, post in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        pages[post.path + ".md"] = render(post, previous, following, linker, problems,
                                          moved_from.get(post.path, ""))
        months[(post.date.year, post.date.month)].append(post)
    years: dict[int, list[tuple[int, list[Post]]]] = defaultdict(list)
    for (year, month), month_posts in sorted(months.items()):
        pages[f"{year}/{month:02d}/index.md"] = month_page(year, month, month_posts)
        years[year].append((month, month_posts))
    for year, year_months in years.items():
        pages[f"{year}/index.md"] = year_page(year, year_months)
    titles = {post.path: post for post in posts}
    for old, new in (moves or {}).items():
        pages[old + ".md"] = redirect_page(old, titles[new])
    return pages


def month_page(year: int, month: int, posts: list[Post]) -> str:
    here = f"{year}/{month:02d}/index"
    counts = [p.comment_count for p in posts]  # counted over the thread: once a post
    items = [
        f"- {myst.escape(display_date(p))} · {_link(display_title(p), here, p.path)}"
        + (f" · {myst.escape(_plural(count, 'comment'))}" if count else "")
        for p, count in zip(posts, counts)
    ]
    toctree = myst.fence("toctree", "", ":hidden:\n\n" + "\n".join(p.slug for p in posts), 0)
    return (
        f"(archive-{year}-{month:02d})=\n# {month_name(month)} {year}\n\n"
        f"{myst.escape(_plural(len(posts), 'post'))}\\.\n\n" + "\n".join(items) + "\n\n" + toctree + "\n"
    )


def year_page(year: int, months: list[tuple[int, list[Post]]]) -> str:
    here = f"{year}/index"
    total = sum(len(p) for _, p in months)
    items = [
        f"- {_link(f'{month_name(m)} {year}', here, f'{year}/{m:02d}/index')} · "
        f"{myst.escape(_plural(len(p), 'post'))}"
        for m, p in months
    ]
    toctree = myst.fence("toctree", "", ":hidden:\n\n" + "\n".join(f"{m:02d}/index" for m, _ in months), 0)
    return (
        f"(archive-{year})=\n# {year}\n\n{myst.escape(_plural(total, 'post'))}\\.\n\n"
        + "\n".join(items) + "\n\n" + toctree + "\n"
    )


def redirect_page(old: str, post: Post) -> str:
    """The page left at a post's old address when the blog's permalink moved it.

    The ``redirect`` directive (extension module ``redirects``) makes the HTML
    send the reader on, fragment (``#p3``) included; the page is an orphan,
    left out of search, the sitemap and the PDF.
    """
    return (
        _front_matter({"orphan": True, "nosearch": True, "redirect": post.path})
        + f"\n# {myst.inline(display_title(post))}\n\n"
        # the path is Blogger's slug alphabet (convert.PERMALINK) or a computed slug: no escaping needed
        + myst.fence("redirect", post.path, "", 0) + "\n\n"
        + myst.escape("This post has moved to ") + _link(post.path + ".html", old, post.path) + "\\.\n"
    )
