"""The writer of HTML runs: whatever the text, the rendered text is the text, and no markup leaks.

Fast: MyST's docutils parser, no Sphinx build (``test_rich_fuzz`` builds
generated HTML posts through Sphinx).
"""

from __future__ import annotations

import os

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from onprobation import myst
from onprobation.htmlbody import _block_runs, html_lines, parse_html
from onprobation.structure import BlockLine, RichLine, Run, runs_text
from htmltext import missing_words, words
from onprobation.structure import SEPARATOR
from test_fuzz import MARKUP

EXAMPLES = int(os.environ.get("ONPROBATION_WRITER_EXAMPLES", "300"))
SETTINGS = {"myst_enable_extensions": ["colon_fence"], "raw_enabled": False, "file_insertion_enabled": False,
            "report_level": 1, "halt_level": 5, "warning_stream": False}
PIECE = st.one_of(st.sampled_from(MARKUP), st.sampled_from(["a", "word", "x7", " ", "  ", "`", "``", "*", "_", "\\"]),
                  st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=3))
TEXT = st.lists(PIECE, min_size=1, max_size=6).map("".join).map(lambda t: " ".join(t.split()) or "x")
URL = st.builds(lambda path, q: f"https://example.org/{path}?q={q}", TEXT, TEXT)
RUN = st.builds(Run, TEXT, st.one_of(st.just(""), URL), st.booleans(), st.booleans(), st.booleans())
INLINE_NODES = {nodes.paragraph, nodes.Text, nodes.emphasis, nodes.strong, nodes.literal, nodes.reference}


def doctree(source: str) -> nodes.document:
    return publish_doctree(source, parser=Parser(), settings_overrides=SETTINGS)


def flat(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(RUN, min_size=1, max_size=8), TEXT)
def test_any_runs_render_exactly_their_text(runs: list[Run], before: str) -> None:
    runs = [Run(before), *runs]  # text before a role or emphasis (CommonMark's flanking trap)
    tree = doctree(myst.runs_inline(runs))
    kinds = {type(n) for n in tree.findall()} - {nodes.document}
    assert kinds <= INLINE_NODES, kinds
    assert len(tree.children) == 1
    assert flat(tree.astext()) == flat("".join(r.text for r in runs))
    for ref in tree.findall(nodes.reference):
        assert ref["refuri"].startswith("https://example.org/")


def test_emphasis_after_a_letter_with_punctuation_inside() -> None:
    tree = doctree(myst.runs_inline([Run("a"), Run("(x)*", em=True), Run("b"), Run("`q`", strong=True)]))
    assert tree.astext() == "a(x)*b`q`"
    assert [n.astext() for n in tree.findall(nodes.emphasis)] == ["(x)*"]
    assert [n.astext() for n in tree.findall(nodes.strong)] == ["q"]


def test_link_destinations_with_spaces_parentheses_and_angle_brackets() -> None:
    url = "https://example.org/a b(c)<d>\\e"
    tree = doctree(myst.runs_inline([Run("t", href=url)]))
    (ref,) = tree.findall(nodes.reference)
    assert ref.astext() == "t" and ref["refuri"] == "https://example.org/a%20b(c)%3Cd%3E%5Ce"


TAGS = ["p", "div", "b", "i", "em", "strong", "u", "code", "blockquote", "ul", "ol", "li", "h3", "pre", "span"]
HTML_PIECE = st.one_of(
    TEXT.map(lambda t: t.replace("<", "&lt;").replace("&", "&amp;") if "<" in t else t),
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.just("<br />"), st.just("<hr>"), URL.map(lambda u: f'<a href="{u}">'), st.just("</a>"),
    st.sampled_from(["--oo00oo--", "*****", ":-", "\u2022 ", "Q12 Chair: ", "\u2014 ", "-- ", "<table><tr><td>",
                     "<th>", "<td>", "</td>", "</tr><tr>", "</table>", '<img src="https://i.example/a.png" alt="Chart">',
                     '<iframe src="//www.youtube.com/embed/x"></iframe>', "<script>hidden()</script>",
                     '<a href="javascript:alert(1)">', "<h2>", "</h2>", "<pre>", "</pre>", "\n", "  "]),
)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(HTML_PIECE, min_size=1, max_size=30).map("".join))
def test_any_html_body_renders_its_words_in_order(html: str) -> None:
    blocks = parse_html(html)
    tree = doctree(myst.blocks(blocks))
    assert not list(tree.findall(nodes.system_message)), tree.pformat()
    assert not list(tree.findall(nodes.raw))
    shown = [line.text if isinstance(line, RichLine) else runs_text(_block_runs(line.block))
             for line in html_lines(html) if isinstance(line, (RichLine, BlockLine))]
    expected = words("\n".join(text for text in shown if not SEPARATOR.match(text)))
    found, context = missing_words(expected, words(tree.astext()))
    assert found == len(expected), (context, tree.pformat())
