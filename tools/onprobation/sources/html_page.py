"""A page of the blog saved from a browser ("Save page as... HTML").

A post page or an archive page (several posts). Blogger's layouts mark:

- the date header ``h2.date-header`` (it dates every post after it, until the next);
- each post: ``div.post`` (``.hentry``) with ``h3.post-title`` (its link is the
  permalink), the body ``div.post-body.entry-content`` (``id="post-body-<ID>"``),
  ``abbr.published`` / ``a.timestamp-link`` (time), ``.post-author .fn``, and
  ``.post-labels a`` (labels);
- comments, threaded layout: ``li.comment`` with ``id="c<ID>"``, ``cite.user``
  (author, a link to the profile or plain "Anonymous"), ``span.datetime a``
  (``?showComment=<ms>#c<ID>``: the time in milliseconds, UTC), the text in
  ``p.comment-content``, replies in ``div.comment-replies`` (nested to any
  depth); a removed comment shows ``span.deleted-comment``;
- comments, classic layout: ``dl#comments-block`` of ``dt.comment-author``
  (``id="c<ID>"`` or ``<a name="c<ID>">``, "Name said..."), ``dd.comment-body``,
  ``dd.comment-footer`` (its link holds the time), no replies.

Why lxml.html: libxml2's HTML parser reads any saved page (tag soup, unclosed
elements) without raising, gives each element its line (``file:line``
messages), and is the dependency already used for the XML formats; an HTML5
parser in pure Python (html5lib) would be slower and give no line numbers.
A time shown as text only (no ``showComment`` link) is read as UTC, since the
page does not say the zone.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lxml import etree, html as lxml_html

from ..dates import MONTHS
from ..decode import decode
from ..model import Comment, Problem
from ..parse import parse_date
from . import Reading, parse_time, permalink_path, post_from_entry
from .htmltext import element_lines

FORMAT = "html-page"
_DIGITS = re.compile(r"(\d{6,})")
_SHOW = re.compile(r"showComment=(\d+)")
_REMOVED = re.compile(r"^This comment has been removed by (the author|a blog administrator)\.?$")


def _has(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def read(source: Path | bytes, name: str) -> Reading:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reading = Reading(FORMAT)
    text, problems = decode(data, name)
    reading.problems += problems
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.LxmlError, ValueError) as error:
        reading.problems.append(Problem(name, 1, f"not readable as HTML ({error}): nothing read"))
        return reading
    if "</html>" not in text[-4096:].lower():
        reading.problems.append(Problem(name, text.count("\n") + 1, "the page ends before </html> (saved "
                                                                    "incompletely?): what it holds is read"))
    bodies = root.xpath(f"//div[{_has('post-body')}]")
    single = len(bodies) == 1
    for body in bodies:
        _post(root, body, name, reading, single)
    if not bodies:
        reading.problems.append(Problem(name, 1, "saved page with no post (no div.post-body): nothing read"))
    return reading


def _container(body):
    for ancestor in body.iterancestors():
        classes = (ancestor.get("class") or "").split()
        if "post" in classes or "hentry" in classes or "post-outer" in classes:
            return ancestor
    return body.getparent() if body.getparent() is not None else body


def _first(element, *xpaths: str):
    """The first element found by the first xpath that finds one (never ``a or b``:
    an element without children is false)."""
    for xpath in xpaths:
        found = element.xpath(xpath)
        if found:
            return found[0]
    return None


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _inner_html(element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts).strip()


def _post(root, body, name: str, reading: Reading, single: bool) -> None:
    reading.entries += 1
    box = _container(body)
    line = box.sourceline or body.sourceline or 1
    title_el = _first(box, f".//h3[{_has('post-title')}]", f".//*[{_has('post-title')}]")
    title = _text(title_el)
    link = _first(title_el, ".//a[@href]") if title_el is not None else None
    href = link.get("href") if link is not None else ""
    stamp = _first(box, f".//a[{_has('timestamp-link')}]")
    if not href and stamp is not None:
        href = stamp.get("href", "")
    if not href and single:
        canonical = _first(root, "//link[@rel='canonical']", "//meta[@property='og:url']")
        if canonical is not None:
            href = canonical.get("href") or canonical.get("content") or ""
    published = None
    abbr = _first(box, f".//abbr[{_has('published')}]", ".//time[@datetime]")
    if abbr is not None:
        published = parse_time(abbr.get("title") or abbr.get("datetime"))
    header = _first(body, f"preceding::h2[{_has('date-header')}][1]")
    fallback = None
    if header is not None:
        fallback, _ = parse_date(_text(header))
        if fallback is None:
            reading.problems.append(Problem(name, header.sourceline or line,
                                            f"date header {_text(header)!r} not understood"))
    post = post_from_entry(name, line, FORMAT, title, published, fallback)
    if post is None:
        reading.skipped["no date"] += 1
        reading.problems.append(Problem(name, line, "post without a date (no date header, no time): not read"))
        return
    ident = ""
    for candidate in (body.get("id", ""), *(a.get("name", "") for a in box.xpath(".//a[@name]")),
                      *(m.get("content", "") for m in box.xpath(".//meta[@itemprop='postId']"))):
        match = _DIGITS.search(candidate or "")
        if match:
            ident = match[1]
            break
    post.html = _inner_html(body)
    post.blogger_id = ident
    post.permalink = permalink_path(href) if href else ""
    post.entry_id = href or (f"post-body-{ident}" if ident else f"{name}:{line}")
    post.author = re.sub(r"^Posted by\s+", "", _text(_first(box, f".//*[{_has('post-author')}]//*[{_has('fn')}]",
                                                               f".//*[{_has('post-author')}]")))
    post.labels = [_text(a) for a in box.xpath(f".//*[{_has('post-labels')}]//a")]
    heading = _first(root, "//*[@id='comments']//h4") if single else None
    if heading is not None:
        match = re.match(r"^(\d+) comments?:?$", _text(heading))
        if match:
            post.declared_comments = int(match[1])
    reading.add_post(post)
    key = post.blogger_id or post.entry_id
    scope = root if single else box
    for li in scope.xpath(f".//li[{_has('comment')}][starts-with(@id, 'c')]"):
        _threaded(li, key, name, reading)
    for block in scope.xpath(".//dl[@id='comments-block']"):
        _classic(block, key, name, reading)


def _published(anchor, shown: str) -> dt.datetime | None:
    match = _SHOW.search(anchor.get("href", "")) if anchor is not None else None
    if match:
        return dt.datetime.fromtimestamp(int(match[1]) / 1000, tz=dt.timezone.utc)
    return shown_time(shown)


_MONTH = "(" + "|".join(MONTHS) + ")"
# The ways Blogger's templates show a comment's time ("17 November 2017 at 09:42",
# "November 17, 2017 at 9:42 AM", "17/11/2017 09:42"), read without strptime's
# %B, which follows the locale.
_SHOWN = (
    (re.compile(rf"^(\d{{1,2}}) {_MONTH} (\d{{4}})(?: at)? (\d{{1,2}}):(\d{{2}})$"), "dmy"),
    (re.compile(rf"^{_MONTH} (\d{{1,2}}), (\d{{4}}) at (\d{{1,2}}):(\d{{2}}) ?([AP]M)$", re.I), "mdy"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})$"), "numeric"),
)


def shown_time(shown: str) -> dt.datetime | None:
    """A comment's time as a saved page shows it -> a UTC datetime, or None."""
    text = " ".join(shown.split())
    for pattern, kind in _SHOWN:
        match = pattern.match(text)
        if not match:
            continue
        try:
            if kind == "dmy":
                day, month, year, hour, minute = match[1], MONTHS.index(match[2]) + 1, match[3], match[4], match[5]
            elif kind == "mdy":
                month = [m.lower() for m in MONTHS].index(match[1].lower()) + 1
                day, year, hour, minute = match[2], match[3], int(match[4]) % 12, match[5]
                hour += 12 if match[6].upper() == "PM" else 0
            else:
                day, month, year, hour, minute = match[1], int(match[2]), match[3], match[4], match[5]
            return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=dt.timezone.utc)
        except ValueError:
            return None
    return None


def _comment(element, content, ident: str, post_key: str, parent: str, author_el, time_el,
             name: str) -> Comment:
    anchor = _first(time_el, ".//a[@href]") if time_el is not None and time_el.tag != "a" else time_el
    shown = _text(time_el)
    html = _inner_html(content) if content is not None else ""
    lines = element_lines(content) if content is not None else []
    from ..model import Line

    line = element.sourceline or 1
    removed = content is not None and (bool(content.xpath(f".//*[{_has('deleted-comment')}]"))
                                       or bool(_REMOVED.match(" ".join(lines))))
    author_link = _first(author_el, ".//a[@href]") if author_el is not None else None
    author = re.sub(r"\s+said\.*$", "", _text(author_el)).strip()
    return Comment(
        line=line,
        lines=[Line(line, text) for text in lines],
        html=html,
        author=author or "Anonymous",
        author_url=author_link.get("href", "") if author_link is not None else "",
        published=_published(anchor, shown),
        blogger_id=ident,
        post_id=post_key,
        parent_id=parent,
        permalink=anchor.get("href", "") if anchor is not None else "",
        removed=removed,
        file=name,
        entry_id=f"c{ident}" if ident else "",
    )


def _threaded(li, post_key: str, name: str, reading: Reading) -> None:
    ident = _DIGITS.search(li.get("id", ""))
    if not ident:
        return
    reading.entries += 1
    parent_li = _first(li, f"ancestor::li[{_has('comment')}][1]")
    parent = ""
    if parent_li is not None:
        match = _DIGITS.search(parent_li.get("id", ""))
        parent = match[1] if match else ""
    def own(*xpaths):  # the first match that is not inside a reply
        for xpath in xpaths:
            for found in li.xpath(xpath):
                if _first(found, f"ancestor::li[{_has('comment')}][1]") is li:
                    return found
        return None

    content = own(f".//*[{_has('comment-content')}]")
    author = own(".//cite", f".//*[{_has('user')}]")
    when = own(f".//*[{_has('datetime')}]")
    if content is None:
        reading.problems.append(Problem(name, li.sourceline or 1, f"comment c{ident[1]} has no text "
                                                                  "(no p.comment-content)"))
    reading.comments.append(_comment(li, content, ident[1], post_key, parent, author, when, name))


def _classic(block, post_key: str, name: str, reading: Reading) -> None:
    current: tuple | None = None
    items: list[list] = []
    for child in block:
        if not isinstance(child.tag, str):
            continue
        classes = (child.get("class") or "").split()
        if child.tag == "dt":
            ident = ""
            for candidate in (child.get("id", ""), *(a.get("name", "") for a in child.xpath(".//a[@name]"))):
                match = _DIGITS.search(candidate or "")
                if match:
                    ident = match[1]
                    break
            current = [child, ident, None, None]
            items.append(current)
        elif child.tag == "dd" and current is not None:
            if "comment-footer" in classes or child.xpath(f".//*[{_has('comment-timestamp')}]"):
                current[3] = child
            else:
                current[2] = child
    for dt_el, ident, body, footer in items:
        reading.entries += 1
        when = _first(footer, f".//*[{_has('comment-timestamp')}]//a") if footer is not None else None
        if when is None and footer is not None:
            when = _first(footer, ".//a[@href]")
        if not ident and when is not None:
            match = re.search(r"#c(\d+)", when.get("href", ""))
            ident = match[1] if match else ""
        author = dt_el
        comment = _comment(dt_el, body, ident, post_key, "", author, when, name)
        reading.comments.append(comment)
