"""Blogger's HTML -> blocks: what is kept, how lines are counted, what is dropped and reported."""

from __future__ import annotations

from onprobation.htmlbody import comment_blocks, html_lines, parse_html, words
from onprobation.model import Line, Problem
from onprobation.structure import (
    Bullets, Code, Media, Para, Quote, RichLine, Rubric, Run, Separator, Table, parse_body,
)


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Para)]


def test_the_three_ways_blogger_writes_lines_give_the_same_lines() -> None:
    ways = [
        "One<br />Two<br /><br />Three",
        "<p>One<br />Two</p><p>Three</p>",
        "<div>One</div><div>Two</div><div><br /></div><div>Three</div>",
    ]
    for html in ways:
        lines = [(l.text) for l in html_lines(html)]
        assert lines == ["One", "Two", "", "Three"], (html, lines)
        assert texts(parse_html(html)) == ["One", "Two", "Three"]


def test_a_trailing_br_in_a_block_is_no_blank_line() -> None:
    assert [l.text for l in html_lines("<div>a<br></div><div>b</div>")] == ["a", "b"]


def test_links_emphasis_and_code_are_runs() -> None:
    (para,) = parse_html('See <a href="https://x.org/a b">the <b>report</b></a>, <i>now</i> and <code>x  y</code>.')
    assert para.text == "See the report, now and x y."  # a browser collapses spaces in <code> too
    assert para.runs == [
        Run("See "), Run("the ", href="https://x.org/a b"), Run("report", href="https://x.org/a b", strong=True),
        Run(", "), Run("now", em=True), Run(" and "), Run("x y", code=True), Run("."),
    ]


def test_white_space_collapses_as_in_a_browser_but_not_no_break_spaces() -> None:
    (para,) = parse_html("<p>  a \n\t b\u00a0\u00a0c  </p>")
    assert para.text == "a b\u00a0\u00a0c"


def test_text_is_cleaned_as_text_dumps_are() -> None:
    """A character reference to a control character never reaches a page; text is NFC,
    so a decomposed accent reads as the same word as in the text dump."""
    (para,) = parse_html("<p>a&#1;b caf\u0065\u0301</p>")
    assert para.text == "ab caf\u00e9"


def test_lists_nested_and_ordered() -> None:
    (lst,) = parse_html("<ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul>")
    assert isinstance(lst, Bullets) and not lst.ordered
    assert [i.text for i in lst.items] == ["one", "two"]
    (inner,) = lst.items[1].nested
    assert inner.ordered and inner.items[0].text == "deep"


def test_headings_are_rubrics_quotes_code_tables_media_rules() -> None:
    blocks = parse_html(
        "<h3>A <i>heading</i></h3><p>text</p><blockquote><p>quoted</p></blockquote><hr>"
        "<pre>  a\n\n   b  </pre><table><tr><th>h1</th><th>h2</th></tr><tr><td>1</td><td>2<br>3</td></tr></table>"
        '<a href="https://big.example/x.jpg"><img src="https://img.example/x.jpg" alt="A  pic"></a>'
        '<iframe src="//www.youtube.com/embed/abc"></iframe><p>end</p>'
    )
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Rubric", "Para", "Quote", "Separator", "Code", "Table", "Media", "Media", "Para"]
    assert blocks[0].kind == "post-heading" and blocks[0].text == "A heading"
    assert blocks[2].kind == "blockquote" and texts(blocks[2].blocks) == ["quoted"]
    assert blocks[4].text == "  a\n\n   b  "
    table = blocks[5]
    assert table.header and [[c[0].text for c in row] for row in table.rows] == [["h1", "h2"], ["1", "2"]]
    assert table.rows[1][1] == [Run("2"), Run("\n", br=True), Run("3")]
    assert blocks[6] == Media(1, "image", "https://img.example/x.jpg", "A pic", "https://big.example/x.jpg")
    assert blocks[7] == Media(1, "video", "https://www.youtube.com/embed/abc")


def test_intro_and_republished_comment_found_as_in_text() -> None:
    text = ["Here is what he said:-", "", "A Title", "", "Some text.", "More text.", "Rob Allen", "", "--oo00oo--",
            "*****", "A comment.", "*****", "After."]
    html = "<br />".join(text)
    expected = parse_body([Line(n, t) for n, t in enumerate(text, 1)])
    got = parse_html(html)
    assert [type(b).__name__ for b in got] == [type(b).__name__ for b in expected]
    assert isinstance(got[1], Quote) and got[1].kind == "article" and got[1].titles[0].text == "A Title"
    assert got[1].attribution.text == "Rob Allen"
    assert isinstance(got[-2], Quote) and got[-2].kind == "comment"


def test_an_intro_before_a_blockquote_does_not_swallow_it() -> None:
    blocks = parse_html("<p>He wrote:-</p><blockquote>Title<br><br>Text.</blockquote><p>Mine.</p>")
    assert [type(b).__name__ for b in blocks] == ["Para", "Quote", "Para"]
    assert blocks[1].kind == "blockquote"


def test_bullet_lines_keep_their_runs() -> None:
    (lst,) = parse_html("<div>\u2022 a <b>bold</b> point</div>")
    assert lst.items[0].text == "a bold point" and lst.items[0].runs[1] == Run("bold", strong=True)


def test_dropped_and_reported_text_kept() -> None:
    problems: list[Problem] = []
    html = ('<p>one</p>\n<script>alert("x")</script>\n<p onclick="evil()">two '
            '<a href="javascript:alert(1)">kept</a> <a href="data:text/html,x">also</a> '
            '<img src="data:image/png;base64,AAA" alt="a chart"></p>\n<style>p{}</style>'
            '<a href="/2017/11/x.html">relative</a>')
    blocks = parse_html(html, "blog.xml", 100, problems)
    assert texts(blocks) == ["one", "two kept also a chart", "relative"]
    assert all(not r.href for b in blocks for r in b.runs)
    messages = [str(p) for p in problems]
    assert messages[0].startswith("blog.xml:101: dropped <script> element")
    assert any("blog.xml:102: dropped the event attribute onclick=" in m for m in messages)
    assert any("'javascript:alert(1)'" in m and "text is kept" in m for m in messages)
    assert any("'data:text/html,x'" in m for m in messages)
    assert any("image" in m and "data:image" in m for m in messages)
    assert any("<style>" in m for m in messages)
    assert any("/2017/11/x.html" in m for m in messages)
    assert len(problems) == 7


def test_comments_are_lines_with_bullets() -> None:
    blocks = comment_blocks("First line<br /><br />\u2022 a point<br /><a href='https://x.org'>link</a>")
    assert [type(b).__name__ for b in blocks] == ["Para", "Bullets", "Para"]
    assert blocks[2].runs == [Run("link", href="https://x.org")]


def test_broken_html_is_read_as_a_browser_does() -> None:
    blocks = parse_html("<p>a <b>bold <i>both</b> it</i><p>b</div></span>c")
    assert texts(blocks) == ["a bold both it", "bc"]
    assert words("<p>a <b>b</b></p><ul><li>c</li></ul>") == ["a", "b", "c"]


def test_old_flash_embeds_and_unsafe_videos() -> None:
    problems: list[Problem] = []
    blocks = parse_html('<object width="320"><param name="movie" value="https://www.youtube.com/v/abc"></param>'
                        '<embed src="https://www.youtube.com/v/abc"></embed></object><p>after</p>'
                        '<video src="javascript:x"></video>', "f.xml", 1, problems)
    assert blocks[0] == Media(1, "video", "https://www.youtube.com/v/abc") and texts(blocks) == ["after"]
    assert [p.message for p in problems] == ["dropped an embedded <video> whose address is 'javascript:x'"]


def test_problem_lines_point_at_the_offending_link() -> None:
    problems: list[Problem] = []
    parse_html('<a href="https://ok.org">ok</a>\n\n<a href="javascript:bad()">x</a>', "f.xml", 10, problems)
    assert [p.line for p in problems] == [12]
