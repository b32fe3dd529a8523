"""The seed posts written in Blogger's own formats, for tests (and other tests' reuse).

The seeds are parsed by the text parser, then written as Blogger would have
them: (a) a "Back up content" export, (b) a Takeout ``feed.atom``, (c) public
feed pages (Atom and JSON, paged by ``start-index``/``max-results``), (d) saved
HTML pages (threaded and classic comment layouts). Structure as Blogger makes
it: bodies from the post's lines joined with ``<br />`` (a blank line gives
``<br /><br />``; every third post uses ``<p>``, every third ``<div>``
paragraphs), bare URLs as links, some emphasis; comments with authors
("Anonymous" and named), times (the thread's order), reply trees from the text
threads. Extras, each once: a draft post, a removed comment (on 17 November
2017), a ``#settings``, a ``#template`` and a ``#page`` entry.

``large_export`` writes a whole-blog-sized export (thousands of posts, tens of
thousands of comments) as a stream, for the memory measurement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

from onprobation.convert import read
from onprobation.model import Comment, Post

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOST = "https://probationmatters.blogspot.com"
BLOG_ID = "5213894016413275190"
LONDON = ZoneInfo("Europe/London")
NAMES = ["Anonymous", "Getafix", "Anonymous", "Netnipper", "Anonymous", "Jim Brown", "Anonymous", "Dismayed PO"]
URL = re.compile(r"https?://[^\s<>\"]+")
REMOVED_ON = dt.date(2017, 11, 17)  # the post that gets a removed comment
REMOVED_TEXT = "This comment has been removed by the author."


@dataclass
class Item:
    """One entry, neutral: written out by each format's writer."""

    kind: str  # post, comment
    id: str
    title: str = ""
    html: str = ""
    published: dt.datetime | None = None
    author: str = "Anonymous"
    author_uri: str = ""
    path: str = ""  # the post's path, "2017/11/probation-jobs"
    labels: list[str] = field(default_factory=list)
    post_id: str = ""
    parent_id: str = ""
    removed: bool = False
    draft: bool = False
    total: int = 0  # a post's comments and replies
    depth: int = 0


def seed_posts() -> list[Post]:
    """The seed posts (text dumps only), oldest first, with their slugs."""
    corpus = read(sorted(SEEDS.glob("*.txt")), ROOT)
    return sorted(corpus.posts, key=lambda p: (p.date, p.title))


def _digits(*parts: object) -> str:
    return str(int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:15], 16))


def post_id(post: Post) -> str:
    return _digits("post", post.date, post.title)


def _linked(text: str) -> str:
    out, last = [], 0
    for match in URL.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        url = match[0]
        out.append(f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>')
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def body_html(post: Post, index: int) -> str:
    """The body as Blogger's editor stores it (lines kept, URLs as links, some emphasis)."""
    lines = [line.text for line in post.body]
    style = index % 3
    paragraphs: list[list[str]] = [[]]
    for text in lines:
        if text.strip():
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    if style == 0:
        parts = [_linked(text) for text in lines]
        if parts and index % 2 == 0:
            parts[0] = f"<b>{parts[0]}</b>" if parts[0] else parts[0]
        return "<br />".join(parts)
    if style == 2:  # Blogger's compose mode: a <div> per line, <div><br /></div> for a blank line
        runs = ["".join(f"<div>{_linked(t)}</div>" for t in p) for p in paragraphs]
        if runs:
            runs[0] = runs[0].replace("<div>", "<div><i>", 1).replace("</div>", "</i></div>", 1)
        return "<div><br /></div>".join(runs)
    inner = ["<br />".join(_linked(t) for t in p) for p in paragraphs]
    if inner:
        inner[0] = f"<i>{inner[0]}</i>"
    return "".join(f"<p>{p}</p>" for p in inner)


def comment_html(comment: Comment) -> str:
    """Lines joined with <br />; a gap between line numbers (a blank line) gives <br /><br />."""
    out = ""
    previous = None
    for line in comment.lines:
        if previous is not None:
            out += "<br /><br />" if line.number > previous + 1 else "<br />"
        out += _linked(line.text)
        previous = line.number
    return out


def items(posts: list[Post] | None = None) -> list[Item]:
    """Every entry of the blog: posts (oldest first), then their comments, then a draft."""
    posts = seed_posts() if posts is None else posts
    result: list[Item] = []
    for index, post in enumerate(posts):
        pid = post_id(post)
        start = dt.datetime.combine(post.date, dt.time(8, 30), LONDON)
        item = Item("post", pid, post.title, body_html(post, index), start, "probation matters",
                    "https://www.blogger.com/profile/0815", post.path, ["probation"] + (["Napo"] if index % 2 else []),
                    total=post.comment_count)
        result.append(item)
        count = 0

        def walk(comments: list[Comment], parent: str, base: dt.datetime, depth: int) -> None:
            nonlocal count
            for k, comment in enumerate(comments):
                when = base + dt.timedelta(minutes=(60 if depth == 0 else 5) * (k + 1))
                cid = _digits("comment", pid, parent, k)
                name = NAMES[count % len(NAMES)]
                count += 1
                result.append(Item("comment", cid, "", comment_html(comment), when, name,
                                   "" if name == "Anonymous" else f"https://www.blogger.com/profile/{_digits(name)}",
                                   post.path, post_id=pid, parent_id=parent, depth=depth))
                walk(comment.replies, cid, when, depth + 1)

        walk(post.comments, "", start, 0)
        if post.date == REMOVED_ON:
            result.append(Item("comment", _digits("removed", pid), "", REMOVED_TEXT,
                               start + dt.timedelta(hours=3), "Anonymous", path=post.path, post_id=pid, removed=True))
            item.total += 1
    result.append(Item("post", _digits("draft"), "Unfinished thoughts on the Probation Reset",
                       "<p>Not for publication yet.</p>", dt.datetime(2021, 4, 8, 9, 0, tzinfo=LONDON),
                       "probation matters", draft=True))
    return result


# -- (a) the backup export ---------------------------------------------------------------------

KIND = "http://schemas.google.com/blogger/2008/kind#"


def _time(value: dt.datetime | None) -> str:
    return value.isoformat(timespec="milliseconds") if value else ""


def _url(item: Item) -> str:
    return f"{HOST}/{item.path}.html"


def export_entry(item: Item, *, feed: bool = False) -> str:
    """One Atom entry as the export (or, with ``feed``, the public feed) writes it."""
    tag = f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.id}"
    out = [f"<entry><id>{tag}</id><published>{_time(item.published)}</published>"
           f"<updated>{_time(item.published)}</updated>"]
    if not feed:
        out.append(f"<category scheme='http://schemas.google.com/g/2005#kind' term='{KIND}{item.kind}'/>")
    if item.kind == "post":
        out += [f"<category scheme='http://www.blogger.com/atom/ns#' term={quoteattr(label)}/>" for label in item.labels]
    out.append(f"<title type='text'>{html.escape(item.title, quote=False)}</title>")
    out.append(f"<content type='html'>{html.escape(item.html, quote=False)}</content>")
    if item.kind == "post":
        feed_url = f"https://www.blogger.com/feeds/{BLOG_ID}/{item.id}/comments/default"
        out.append(f"<link rel='replies' type='application/atom+xml' href='{feed_url}' title='Post Comments'/>")
        if not item.draft:
            out.append(f"<link rel='alternate' type='text/html' href='{_url(item)}' title={quoteattr(item.title)}/>")
    else:
        base = f"https://www.blogger.com/feeds/{BLOG_ID}/{item.post_id}/comments/default"
        out.append(f"<link rel='self' type='application/atom+xml' href='{base}/{item.id}'/>")
        ms = int(item.published.timestamp() * 1000)
        out.append(f"<link rel='alternate' type='text/html' href='{_url(item)}?showComment={ms}#c{item.id}' "
                   "title=''/>")
        if item.parent_id:
            out.append(f"<link rel='related' type='application/atom+xml' href='{base}/{item.parent_id}'/>")
    uri = f"<uri>{item.author_uri}</uri>" if item.author_uri else ""
    out.append(f"<author><name>{html.escape(item.author)}</name>{uri}<email>noreply@blogger.com</email></author>")
    if item.kind == "comment":
        out.append(f"<thr:in-reply-to href='{_url(item)}' ref='tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.post_id}' "
                   f"source='https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{item.post_id}' type='text/html'/>")
        if item.removed:
            out.append("<gd:extendedProperty name='blogger.contentRemoved' value='true'/>")
        out.append(f"<gd:extendedProperty name='blogger.displayTime' value='{item.published:%d %B %Y at %H:%M}'/>")
    elif feed:
        out.append(f"<thr:total>{item.total}</thr:total>")
    if item.draft:  # the app namespace declared on the element itself, as Blogger does
        out.append("<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>")
    out.append("</entry>")
    return "\n".join(out)


FEED_OPEN = ("<?xml version='1.0' encoding='UTF-8'?>\n"
             "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
             "xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' "
             "xmlns:georss='http://www.georss.org/georss'>")


def export_head() -> str:
    settings = (f"<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.settings.BLOG_NAME</id>"
                "<published>2010-01-01T00:00:00.000Z</published><updated>2021-04-08T00:00:00.000Z</updated>"
                f"<category scheme='http://schemas.google.com/g/2005#kind' term='{KIND}settings'/>"
                "<title type='text'></title><content type='text'>On Probation</content>"
                "<author><name>probation matters</name></author></entry>")
    template = (f"<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.layout</id>"
                "<published>2010-01-01T00:00:00.000Z</published><updated>2021-04-08T00:00:00.000Z</updated>"
                f"<category scheme='http://schemas.google.com/g/2005#kind' term='{KIND}template'/>"
                "<title type='text'>Template: On Probation</title>"
                "<content type='html'>&lt;?xml version=\"1.0\"?&gt;&lt;html&gt;&lt;b:skin&gt;&lt;/b:skin&gt;"
                "&lt;/html&gt;</content><author><name>probation matters</name></author></entry>")
    page = (f"<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.page-{_digits('page')}</id>"
            "<published>2012-01-01T00:00:00.000Z</published><updated>2012-01-01T00:00:00.000Z</updated>"
            f"<category scheme='http://schemas.google.com/g/2005#kind' term='{KIND}page'/>"
            "<title type='text'>About</title><content type='html'>About this blog.</content>"
            f"<link rel='alternate' type='text/html' href='{HOST}/p/about.html'/>"
            "<author><name>probation matters</name></author></entry>")
    return (FEED_OPEN + f"\n<id>tag:blogger.com,1999:blog-{BLOG_ID}.archive</id>"
            "<updated>2021-04-08T10:00:00.000Z</updated><title type='text'>On Probation</title>"
            f"<link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/{BLOG_ID}/archive'/>"
            "<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>\n"
            + "\n".join((settings, template, page)) + "\n")


def write_export(path: Path, entries: list[Item] | None = None) -> Path:
    """(a) Blogger's backup export: settings, template, page, posts newest first; the comments
    of every other post before the posts, the rest after (both happen in real exports)."""
    entries = items() if entries is None else entries
    posts = [i for i in entries if i.kind == "post"]
    comments = [i for i in entries if i.kind == "comment"]
    early = {p.id for n, p in enumerate(posts) if n % 2}
    parts = [export_head()]
    parts += [export_entry(c) for c in comments if c.post_id in early]
    parts += [export_entry(p) for p in reversed(posts)]
    parts += [export_entry(c) for c in comments if c.post_id not in early]
    parts.append("</feed>\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# -- (b) Takeout -------------------------------------------------------------------------------


def takeout_entry(item: Item) -> str:
    tag = f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.id}"
    anonymous = item.author == "Anonymous"
    out = [f"<entry><id>{tag}</id>"]
    if item.kind == "comment":
        out.append(f"<blogger:parent>tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.post_id}</blogger:parent>")
        parent = f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.parent_id}" if item.parent_id else ""
        out.append(f"<blogger:inReplyTo>{parent}</blogger:inReplyTo>" if parent else "<blogger:inReplyTo/>")
    out.append(f"<blogger:type>{item.kind.upper()}</blogger:type>")
    out.append(f"<blogger:status>{'DRAFT' if item.draft else 'LIVE'}</blogger:status>")
    out.append(f"<author><name>{'' if anonymous else html.escape(item.author)}</name><uri>{item.author_uri}</uri>"
               f"<blogger:type>{'ANONYMOUS' if anonymous else 'BLOGGER'}</blogger:type></author>")
    out.append(f"<title>{html.escape(item.title, quote=False)}</title>")
    out.append(f"<content type='html'>{html.escape(item.html, quote=False)}</content>")
    out.append(f"<blogger:created>{_time(item.published)}</blogger:created>")
    out.append(f"<published>{_time(item.published)}</published><updated>{_time(item.published)}</updated>")
    if item.kind == "post":
        out += [f"<category scheme='tag:blogger.com,1999:blog-{BLOG_ID}' term={quoteattr(label)}/>"
                for label in item.labels]
        if not item.draft:
            out.append(f"<blogger:filename>/{item.path}.html</blogger:filename>")
    out.append("<blogger:trashed/></entry>")
    return "".join(out)


def write_takeout(path: Path, entries: list[Item] | None = None) -> Path:
    """(b) Takeout's feed.atom: comments before the posts, as Takeout writes them."""
    entries = items() if entries is None else entries
    head = ("<?xml version='1.0' encoding='utf-8'?>\n"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>\n"
            f"<id>tag:blogger.com,1999:blog-{BLOG_ID}</id><title>On Probation</title>\n")
    page = (f"<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.page-1</id><blogger:type>PAGE</blogger:type>"
            "<blogger:status>LIVE</blogger:status><title>About</title><content type='html'>About</content>"
            "<published>2012-01-01T00:00:00Z</published><blogger:filename>/p/about.html</blogger:filename></entry>")
    parts = [head, page]
    parts += [takeout_entry(i) for i in entries if i.kind == "comment"]
    parts += [takeout_entry(i) for i in entries if i.kind == "post"]
    parts.append("</feed>\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# -- (c) the public feeds ----------------------------------------------------------------------


def feed_items(entries: list[Item], kind: str) -> list[Item]:
    """What the public feed lists: published posts (or comments), newest first."""
    chosen = [i for i in entries if i.kind == kind and not i.draft]
    return sorted(chosen, key=lambda i: i.published, reverse=True)


def feed_page(entries: list[Item], kind: str, start: int, max_results: int, fmt: str = "atom") -> bytes:
    """The response of /feeds/<kind>s/default?start-index=S&max-results=N[&alt=json]."""
    listed = feed_items(entries, kind)
    page = listed[start - 1: start - 1 + max_results]
    if fmt == "json":
        return json.dumps({"version": "1.0", "encoding": "UTF-8", "feed": {
            "id": {"$t": f"tag:blogger.com,1999:blog-{BLOG_ID}"},
            "title": {"type": "text", "$t": "On Probation"},
            "openSearch$totalResults": {"$t": str(len(listed))},
            "openSearch$startIndex": {"$t": str(start)},
            "openSearch$itemsPerPage": {"$t": str(max_results)},
            **({"entry": [_json_entry(i) for i in page]} if page else {}),
        }}, ensure_ascii=False).encode("utf-8")
    body = [FEED_OPEN, f"<id>tag:blogger.com,1999:blog-{BLOG_ID}</id><title type='text'>On Probation</title>",
            f"<openSearch:totalResults>{len(listed)}</openSearch:totalResults>",
            f"<openSearch:startIndex>{start}</openSearch:startIndex>",
            f"<openSearch:itemsPerPage>{max_results}</openSearch:itemsPerPage>"]
    body += [export_entry(i, feed=True) for i in page]
    body.append("</feed>\n")
    return "\n".join(body).encode("utf-8")


def _json_entry(item: Item) -> dict:
    out: dict = {
        "id": {"$t": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.id}"},
        "published": {"$t": _time(item.published)}, "updated": {"$t": _time(item.published)},
        "title": {"type": "text", "$t": item.title}, "content": {"type": "html", "$t": item.html},
        "author": [{"name": {"$t": item.author}, "uri": {"$t": item.author_uri},
                    "email": {"$t": "noreply@blogger.com"}}],
        "link": [],
    }
    if item.kind == "post":
        out["category"] = [{"scheme": "http://www.blogger.com/atom/ns#", "term": t} for t in item.labels]
        out["link"].append({"rel": "alternate", "type": "text/html", "href": _url(item), "title": item.title})
        out["thr$total"] = {"$t": str(item.total)}
    else:
        base = f"https://www.blogger.com/feeds/{BLOG_ID}/{item.post_id}/comments/default"
        ms = int(item.published.timestamp() * 1000)
        out["link"].append({"rel": "alternate", "type": "text/html", "href": f"{_url(item)}?showComment={ms}#c{item.id}"})
        if item.parent_id:
            out["link"].append({"rel": "related", "type": "application/atom+xml", "href": f"{base}/{item.parent_id}"})
        out["thr$in-reply-to"] = {"href": _url(item), "ref": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{item.post_id}",
                                  "type": "text/html"}
        if item.removed:
            out["gd$extendedProperty"] = [{"name": "blogger.contentRemoved", "value": "true"}]
    return out


def write_feed_pages(folder: Path, entries: list[Item] | None = None, fmt: str = "atom",
                     per_page: int = 10) -> list[Path]:
    """(c) The pages `onprobation fetch` would save: posts-000001.atom, comments-000001.atom, ..."""
    entries = items() if entries is None else entries
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("post", "comment"):
        total = len(feed_items(entries, kind))
        for start in range(1, total + 1, per_page):
            path = folder / f"{kind}s-{start:06d}.{fmt}"
            path.write_bytes(feed_page(entries, kind, start, per_page, fmt))
            written.append(path)
    return written


# -- (d) saved HTML pages ----------------------------------------------------------------------


def _date_header(date: dt.date) -> str:
    return f"<h2 class='date-header'><span>{date:%A}, {date.day} {date:%B %Y}</span></h2>"


def _post_html(item: Item) -> str:
    return (f"<div class='post-outer'><div class='post hentry uncustomized-post-template' itemprop='blogPost'>"
            f"<meta content='{item.id}' itemprop='postId'/><a name='{item.id}'></a>"
            f"<h3 class='post-title entry-title' itemprop='name'><a href='{_url(item)}'>"
            f"{html.escape(item.title)}</a></h3><div class='post-header'></div>"
            f"<div class='post-body entry-content' id='post-body-{item.id}' itemprop='description articleBody'>"
            f"{item.html}<div style='clear: both;'></div></div><div class='post-footer'>"
            f"<span class='post-author vcard'>Posted by <span class='fn' itemprop='author'>{html.escape(item.author)}"
            f"</span></span> <span class='post-timestamp'>at <a class='timestamp-link' href='{_url(item)}' "
            f"rel='bookmark'><abbr class='published' itemprop='datePublished' title='{_time(item.published)}'>"
            f"{item.published:%H:%M}</abbr></a></span> <span class='post-labels'>Labels: "
            + ", ".join(f"<a href='{HOST}/search/label/{t}' rel='tag'>{html.escape(t)}</a>" for t in item.labels)
            + "</span></div></div></div>")


def _threaded(comments: list[Item], children: dict[str, list[Item]]) -> str:
    out = []
    for c in comments:
        ms = int(c.published.timestamp() * 1000)
        if c.author == "Anonymous":
            who = "<cite class='user'>Anonymous</cite>"
        else:
            who = f"<cite class='user'><a href='{c.author_uri}' rel='nofollow'>{html.escape(c.author)}</a></cite>"
        text = f"<span class='deleted-comment'>{REMOVED_TEXT}</span>" if c.removed else c.html
        replies = children.get(c.id, [])
        inner = ""
        if replies:
            inner = ("<div class='comment-replies'><div class='comment-thread inline-thread'>"
                     "<span class='thread-toggle thread-expanded'><span class='thread-arrow'></span>"
                     f"<span class='thread-count'><a target='_self'>Replies</a></span></span>"
                     "<ol class='thread-chrome thread-expanded'><div>\n"
                     + _threaded(replies, children) + "\n</div></ol></div></div>")
        out.append(f"<li class='comment' id='c{c.id}'><div class='avatar-image-container'><img src='' alt=''/></div>"
                   f"<div class='comment-block'><div class='comment-header'>{who}<span class='icon user'></span>"
                   f"<span class='datetime secondary-text'><a rel='nofollow' href='{_url(c)}?showComment={ms}#c{c.id}'>"
                   f"{c.published:%d %B %Y at %H:%M}</a></span></div>\n<p class='comment-content'>{text}</p>\n"
                   "<span class='comment-actions secondary-text'><a class='comment-reply' target='_self'>Reply</a>"
                   f"<span class='item-control blog-admin'><a target='_self'>Delete</a></span></span></div>"
                   f"{inner}<div class='comment-replybox-single' id='c{c.id}-ce'></div></li>")
    return "\n".join(out)


def _page(title: str, main: str) -> str:
    return ("<!DOCTYPE html>\n<html class='v2' dir='ltr' lang='en-GB'>\n<head>\n<meta charset='utf-8'/>"
            f"<title>On Probation: {html.escape(title)}</title>\n<script type='text/javascript'>var x = 1;</script>\n"
            "</head>\n<body class='loading'>\n<div class='main-inner'>\n" + main + "\n</div>\n</body>\n</html>\n")


def post_page(entries: list[Item], post: Item) -> str:
    """A single-post page with its threaded comments."""
    comments = [i for i in entries if i.kind == "comment" and i.post_id == post.id]
    children: dict[str, list[Item]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    thread = ""
    if comments:
        thread = (f"<div class='comments' id='comments'><a name='comments'></a><h4>{len(comments)} comments:</h4>"
                  "<div class='comments-content'><div id='comment-holder'><div class='comment-thread toplevel-thread'>"
                  "<ol id='top-ra'>\n" + _threaded(children.get("", []), children) + "\n</ol></div></div></div></div>")
    return _page(post.title, f"<div class='date-outer'>{_date_header(post.published.date())}<div class='date-posts'>"
                             f"{_post_html(post)}</div></div>\n{thread}")


def archive_page(entries: list[Item], posts: list[Item]) -> str:
    """An archive page: several posts, newest first, with date headers (no comments)."""
    parts = []
    for post in sorted(posts, key=lambda p: p.published, reverse=True):
        parts.append(f"<div class='date-outer'>{_date_header(post.published.date())}<div class='date-posts'>"
                     f"{_post_html(post)}</div></div>")
    return _page("archive", "\n".join(parts))


def classic_page(entries: list[Item], post: Item) -> str:
    """The classic layout: dl#comments-block of dt/dd, no reply nesting."""
    comments = sorted((i for i in entries if i.kind == "comment" and i.post_id == post.id), key=lambda c: c.published)
    rows = []
    for c in comments:
        ms = int(c.published.timestamp() * 1000)
        who = "Anonymous" if c.author == "Anonymous" else f"<a href='{c.author_uri}' rel='nofollow'>{html.escape(c.author)}</a>"
        text = f"<span class='deleted-comment'>{REMOVED_TEXT}</span>" if c.removed else c.html
        rows.append(f"<dt class='comment-author' id='c{c.id}'><a name='c{c.id}'></a>{who} said...</dt>\n"
                    f"<dd class='comment-body'><p>{text}</p></dd>\n<dd class='comment-footer'>"
                    f"<span class='comment-timestamp'><a href='{_url(c)}?showComment={ms}#c{c.id}' title='comment permalink'>"
                    f"{c.published:%d %B %Y at %H:%M}</a></span></dd>")
    thread = (f"<div id='comments'><h4>{len(comments)} comments:</h4><dl id='comments-block'>\n"
              + "\n".join(rows) + "\n</dl></div>")
    return _page(post.title, f"<div class='date-outer'>{_date_header(post.published.date())}<div class='date-posts'>"
                             f"{_post_html(post)}</div></div>\n{thread}")


def write_html_pages(folder: Path, entries: list[Item] | None = None) -> list[Path]:
    """(d) One saved page per post with comments, one archive page per month of the others."""
    entries = items() if entries is None else entries
    folder.mkdir(parents=True, exist_ok=True)
    posts = [i for i in entries if i.kind == "post" and not i.draft]
    with_comments = {i.post_id for i in entries if i.kind == "comment"}
    written = []
    months: dict[str, list[Item]] = {}
    for post in posts:
        if post.id in with_comments:
            path = folder / f"{post.path.replace('/', '-')}.html"
            path.write_text(post_page(entries, post), encoding="utf-8")
            written.append(path)
        else:
            months.setdefault(post.path[:7], []).append(post)
    for month, group in sorted(months.items()):
        path = folder / f"archive-{month.replace('/', '-')}.html"
        path.write_text(archive_page(entries, group), encoding="utf-8")
        written.append(path)
    return written


# -- a whole-blog export, for the memory measurement -------------------------------------------


def large_export(path: Path, posts: int = 4500, comments: int = 70000) -> Path:
    """An export the size of the real blog, written as a stream (never held in memory)."""
    base = items()
    seed = [i for i in base if i.kind == "post" and not i.draft]
    thread = [i for i in base if i.kind == "comment" and i.post_id == seed[[p.total for p in seed].index(20)].id]
    per_post, extra = divmod(comments, posts)
    with open(path, "w", encoding="utf-8") as out:
        out.write(export_head())
        for n in range(posts):
            model = seed[n % len(seed)]
            day = dt.date(2010, 1, 1) + dt.timedelta(days=n)
            pid = _digits("large", n)
            post = Item("post", pid, f"{model.title} ({n})", model.html,
                        dt.datetime.combine(day, dt.time(8, 30), LONDON), model.author, model.author_uri,
                        f"{day:%Y/%m}/{pid}", model.labels)
            out.write(export_entry(post) + "\n")
            ids: dict[str, str] = {}
            for k in range(per_post + (1 if n < extra else 0)):
                source = thread[k % len(thread)]
                cid = _digits("large", n, k)
                ids[source.id] = cid
                parent = ids.get(source.parent_id, "") if source.parent_id else ""
                out.write(export_entry(Item("comment", cid, "", source.html,
                                            post.published + dt.timedelta(minutes=k + 1), source.author,
                                            source.author_uri, post.path, post_id=pid, parent_id=parent)) + "\n")
        out.write("</feed>\n")
    return path
