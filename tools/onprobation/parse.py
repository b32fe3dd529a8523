"""Parse the text of a dump into posts and their comment threads.

A dump is a Blogger page saved as text: an archive page (several posts, newest
first) or a single-post page (one post, then ``N comments:`` and the thread).
See section 2 of the brief for the format and the damage real dumps have.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import MONTHS, WEEKDAYS, long_date
from .model import Comment, Line, Post, Problem

DATE_LINE = re.compile(
    rf"^({'|'.join(WEEKDAYS)}),?\s+(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})$"
)
COMMENTS_LINE = re.compile(r"^(\d+) comments?:$")
TOP_COMMENT = re.compile(r"^  (\d+)\.(?:\s(.*))?$")
REPLY = re.compile(r"^    (\d+)\.(?:\s(.*))?$")
INTRO_END = ":-"


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """``Friday, 17 November 2017`` -> date; the error says why it is not one."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return None, None
    weekday, day, month, year = match.groups()
    try:
        date = dt.date(int(year), MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None, f"impossible date {text.strip()!r}"
    if WEEKDAYS[date.weekday()] != weekday:
        return date, f"{text.strip()!r}: {long_date(date)} was a {WEEKDAYS[date.weekday()]}"
    return date, None


def parse_text(text: str, file: str) -> tuple[list[Post], list[Problem]]:
    """Split a dump into posts; every line of text ends up in a post or a problem."""
    lines = [Line(n, raw.rstrip()) for n, raw in enumerate(text.split("\n"), 1)]
    problems: list[Problem] = []
    starts = _post_starts(lines, file, problems)
    if not starts:
        if any(line.text.strip() for line in lines):
            problems.append(Problem(file, 1, "no date line found: no post could be read"))
        else:
            problems.append(Problem(file, 1, "empty dump: no post"))
        return [], problems
    first_text = next((line for line in lines if line.text.strip()), None)
    if first_text is not None and first_text.number < lines[starts[0]].number:
        problems.append(
            Problem(
                file,
                first_text.number,
                f"text before the first date line (line {lines[starts[0]].number}) belongs to no post",
            )
        )
    posts = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        posts.append(_post(lines[start:end], file, problems))
    return posts, problems


def _post_starts(lines: list[Line], file: str, problems: list[Problem]) -> list[int]:
    """Indexes of the date lines that begin posts.

    A date line does not begin a post when it reproduces an older post in the
    body (see ``_reproduced``), when it is indented, inside a comment thread,
    or when its date is later than the post it would follow (archive pages run
    newest first, so it is a date quoted in a body).
    """
    starts: list[int] = []
    previous = ""
    current: dt.date | None = None
    for index, line in enumerate(lines):
        text = line.text
        if DATE_LINE.match(text):
            date, error = parse_date(text)
            if date is not None and current is not None and _reproduced(previous, date, current):
                pass  # an older post quoted in the body: "This from the archives:-"
            elif date is None:
                problems.append(Problem(file, line.number, f"{error}; kept as text"))
            elif current is None or date <= current:
                if error:
                    problems.append(Problem(file, line.number, f"{error} (weekday kept as written)"))
                starts.append(index)
                current = date
        if text.strip():
            previous = text.strip()
    return starts


def _reproduced(previous: str, date: dt.date, current: dt.date) -> bool:
    """After an intro line ending ``:-``, a date line reproduces an older post
    when the intro speaks of the archives or the date is over a month older
    than the host post; otherwise it is the next post of the page (whose
    previous post merely ended with an intro, cut off)."""
    if not previous.endswith(INTRO_END):
        return False
    return "archive" in previous.casefold() or (current - date).days > 31


def _post(lines: list[Line], file: str, problems: list[Problem]) -> Post:
    head = lines[0]
    date, _ = parse_date(head.text)
    assert date is not None
    rest = lines[1:]
    i = 0
    if i < len(rest) and not rest[i].text.strip():
        i += 1
    title = ""
    if i < len(rest) and rest[i].text.strip() and not COMMENTS_LINE.match(rest[i].text.strip()):
        title = " ".join(rest[i].text.split())
        i += 1
    body_lines = rest[i:]
    post = Post(file=file, line=head.number, date=date, date_text=head.text.strip(), title=title)
    for index, line in enumerate(body_lines):
        match = COMMENTS_LINE.match(line.text.strip())
        if match and not line.text.startswith(" "):
            post.declared_comments = int(match[1])
            post.comments = _thread(body_lines[index + 1 :], file, problems)
            body_lines = body_lines[:index]
            if post.comment_count != post.declared_comments:
                problems.append(
                    Problem(
                        file,
                        line.number,
                        f"{match[0]!r} but {post.comment_count} comments and replies were found "
                        "(truncated thread?)",
                    )
                )
            break
    while body_lines and not body_lines[-1].text.strip():
        body_lines.pop()
    while body_lines and not body_lines[0].text.strip():
        body_lines.pop(0)
    post.body = body_lines
    if not any(line.text.strip() for line in body_lines) and not post.comments:
        problems.append(Problem(file, head.number, "post has no text (truncated dump?)"))
    return post


def _thread(lines: list[Line], file: str, problems: list[Problem]) -> list[Comment]:
    """Parse Blogger's thread: ``  1. text`` ... ``ReplyDelete``, ``Replies``,
    ``    1. text`` ... ``Delete``."""
    comments: list[Comment] = []
    replying = False
    current: Comment | None = None
    for line in lines:
        text = line.text
        stripped = text.strip()
        if not stripped:
            continue
        if stripped == "ReplyDelete" and text.startswith("    "):
            current = None
            continue
        if stripped == "Replies" and text.startswith("    ") and comments:
            replying = True
            current = None
            continue
        if stripped == "Delete" and text.startswith("      ") and replying:
            current = None
            continue
        if match := TOP_COMMENT.match(text):
            replying = False
            _check_number(int(match[1]), len(comments) + 1, file, line, problems)
            current = Comment(line.number, [Line(line.number, (match[2] or "").strip())])
            comments.append(current)
            continue
        if replying and (match := REPLY.match(text)):
            parent = comments[-1]
            _check_number(int(match[1]), len(parent.replies) + 1, file, line, problems)
            current = Comment(line.number, [Line(line.number, (match[2] or "").strip())])
            parent.replies.append(current)
            continue
        if current is None:
            if replying and comments and comments[-1].replies:
                current = comments[-1].replies[-1]
            elif comments:
                current = comments[-1]
            else:
                problems.append(Problem(file, line.number, "text in the thread before any comment; kept as a comment"))
                current = Comment(line.number)
                comments.append(current)
        current.lines.append(Line(line.number, stripped))
    for comment in _walk(comments):
        comment.lines = [line for line in comment.lines if line.text]
    return comments


def _walk(comments: list[Comment]):
    for comment in comments:
        yield comment
        yield from _walk(comment.replies)


def _check_number(found: int, expected: int, file: str, line: Line, problems: list[Problem]) -> None:
    if found != expected:
        problems.append(Problem(file, line.number, f"comment numbered {found} where {expected} was expected"))
