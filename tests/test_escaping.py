"""No text of a dump can act as markup (contract 6), proved as a property.

Text mixing Markdown, MyST, HTML, reStructuredText and LaTeX metacharacters is
written by the converter's escaping and parsed by MyST: the result must be a
single paragraph of plain text (and links for bare URLs) whose text is exactly
the input.
"""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from onprobation import myst
from onprobation.structure import Para, Quote, Rubric

METACHARACTERS = list(
    "*_`#>-+=|[](){}<>!~^$%&\\:;.,'\"@/?\t \u00a0—–…•£“”‘’"
) + ["{{", "}}", "```", ":::", "(x)=", "[^1]", "$$", "<div>", "&amp;", "&#x41;", ".. raw::",
     "{eval-rst}", "{role}`x`", "\\section{x}", "%", "---", "***", "1.", "1)", "# ", "> ", "- ",
     "<!-- c -->", "http://", "https://example.org/a_(b)", "|a|b|", "\\\\", "\\"]
WORDS = st.sampled_from(["probation", "NPS", "Napo", "CRC", "£26.19", "TR2", "x"])
TEXT = st.lists(st.one_of(st.sampled_from(METACHARACTERS), WORDS), min_size=1, max_size=30).map("".join)
ALLOWED = (nodes.document, nodes.paragraph, nodes.Text, nodes.reference, nodes.strong)


def parse(source: str) -> nodes.document:
    settings_ = {
        "report_level": 5,
        "raw_enabled": False,
        "file_insertion_enabled": False,
        "myst_enable_extensions": ["colon_fence"],
    }
    return publish_doctree(source, parser=Parser(), settings_overrides=settings_)


def visible(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_escaped_text_renders_literally(text: str) -> None:
    text = text.strip()
    if not text:
        return
    doctree = parse(myst.inline(text) + "\n")
    kinds = {type(node) for node in doctree.findall()}
    assert kinds <= set(ALLOWED), kinds
    assert visible(doctree.astext()) == visible(text)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_quotes_and_rubrics_render_literally(title: str, text: str, author: str) -> None:
    title, text, author = title.strip(), text.strip(), author.strip()
    if not (title and text and author):
        return
    quote = Quote("article", [Rubric(1, title)], [Para(2, text)], Para(3, author))
    doctree = parse(myst.blocks([quote]) + "\n")
    assert visible(doctree.astext()) == visible(f"{title} {text} {author}")
    assert not list(doctree.findall(nodes.system_message))
    assert not list(doctree.findall(nodes.raw))


def test_bare_urls_become_links() -> None:
    doctree = parse(myst.inline("see https://www.napo.org.uk/a_(b)?x=1. Then") + "\n")
    (ref,) = doctree.findall(nodes.reference)
    assert ref["refuri"] == "https://www.napo.org.uk/a_(b)?x=1"
    assert doctree.astext() == "see https://www.napo.org.uk/a_(b)?x=1. Then"
