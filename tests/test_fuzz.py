"""Hostile dumps, generated: they convert, build with warnings as errors, lose
no word, and no text in them acts as markup (HTML and LaTeX).

Hypothesis writes dumps with the seeds' own structure (dates, titles,
paragraphs, bullets, separators, ``:-`` intros, republished comments, threads
with replies) whose text mixes Markdown, MyST, HTML, reStructuredText and
LaTeX metacharacters. Each example is a whole Sphinx build, so the suite runs
a handful of examples of several posts each; ``make fuzz`` runs many more
(``ONPROBATION_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docutils import nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx import addnodes

from conftest import ROOT
from htmltext import main_text, missing_words, words
from onprobation.convert import read
from onprobation.parse import WEEKDAYS, MONTHS
from sitebuild import build

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("ONPROBATION_FUZZ_EXAMPLES", "6"))
FUZZ_ROOT = ROOT / "tests" / "roots" / "test-fuzz"

MARKUP = [
    "*", "_", "`", "#", ">", "+", "=", "|", "[", "]", "(", ")", "{", "}", "<", "!", "~", "^", "$", "%", "&",
    "\\", ":", ";", ".", ",", "'", '"', "@", "/", "?", "{{x}}", "```", ":::", "(label)=", "[^1]", "$$x$$",
    "<div>", "</p>", "<script>alert(1)</script>", "&amp;", "&#x41;", ".. raw:: html", ".. include:: x",
    "{eval-rst}", "{raw}`<b>x</b>`", "{org}`NPS`", "\\section{x}", "\\input{/etc/passwd}", "\\\\", "%%",
    "---", "***", "1.", "1)", "# ", "> ", "- ", "<!-- c -->", "https://example.org/a_(b)?c=d&e=f",
    "|a|b|", ":role:`x`", "`x`_", "__init__", "$x$", "\\(x\\)", "—", "–", "…", "£", "“", "”", "\u00a0",
    "🙏", "שלום", "NPS", "Napo", "MoJ", "HMPPS",
]
WORD = st.sampled_from(["probation", "officer", "Ruth", "caseload", "2019", "x7", "TR", "prison", "staff"])
PIECE = st.one_of(WORD, st.sampled_from(MARKUP))
TEXT = st.lists(PIECE, min_size=1, max_size=14).map(" ".join).map(str.strip).filter(bool)
LINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: "  • " + t),
    TEXT.map(lambda t: t + ":-"),
    st.just("--oo00oo--"),
    st.just("*****"),
    TEXT.map(lambda t: "Q12 Chair: " + t),
)
COMMENT = st.lists(TEXT, min_size=1, max_size=3)
THREAD = st.lists(st.tuples(COMMENT, st.lists(COMMENT, max_size=2)), max_size=3)
POST = st.tuples(st.one_of(st.just(""), TEXT), st.lists(LINE, min_size=1, max_size=10), THREAD)


def _safe(line: str) -> bool:
    """Lines that are the dump's own structure cannot be generated as text."""
    return not re.match(rf"^\s*(?:{'|'.join(WEEKDAYS)})\b|^\s*\d+ comments?:|^\s*(?:ReplyDelete|Replies|Delete)$", line)


def dump(posts: list[tuple[str, list[str], list]], start: dt.date) -> tuple[str, list[str]]:
    """A single dump: an archive page of the posts (newest first) + pages for threads."""
    archive, threads = [], []
    for index, (title, body, thread) in reversed(list(enumerate(posts))):
        date = start + dt.timedelta(days=index)
        head = f"{WEEKDAYS[date.weekday()]}, {date.day} {MONTHS[date.month - 1]} {date.year}"
        lines = [head, "", title, "", *body, ""]
        if thread:
            count = sum(1 + len(replies) for _, replies in thread)
            page = [*lines, f"{count} comments:", ""]
            for n, (paragraphs, replies) in enumerate(thread, 1):
                page += [f"  {n}. {paragraphs[0]}", ""] + [f"    {p}\n" for p in paragraphs[1:]] + ["    ReplyDelete"]
                if replies:
                    page.append("    Replies")
                    for r, reply in enumerate(replies, 1):
                        page += [f"    {r}. {reply[0]}", ""] + [f"      {p}\n" for p in reply[1:]] + ["      Delete"]
            threads.append("\n".join(page))
        else:
            archive += lines
    return "\n".join(archive), threads


ALLOWED_NODES = {
    nodes.document, nodes.section, nodes.title, nodes.paragraph, nodes.Text, nodes.container, nodes.inline,
    nodes.reference, nodes.target, nodes.block_quote, nodes.attribution, nodes.rubric, nodes.bullet_list,
    nodes.list_item, nodes.transition, nodes.strong, nodes.comment, addnodes.pending_xref, addnodes.index,
    nodes.compound, addnodes.toctree, nodes.abbreviation,
}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(POST, min_size=1, max_size=6))
def test_hostile_dumps_build_literally(tmp_path_factory, posts) -> None:
    posts = [(t if _safe(t) else "x " + t, [l for l in b if _safe(l)] or ["x"], th) for t, b, th in posts]
    work = tmp_path_factory.mktemp("fuzz")
    seeds = work / "seeds"
    seeds.mkdir()
    archive, threads = dump(posts, dt.date(2016, 3, 1))
    if archive:
        (seeds / "archive.txt").write_text(archive, encoding="utf-8")
    for n, page in enumerate(threads):
        (seeds / f"thread-{n}.txt").write_text(page, encoding="utf-8")
    corpus = read(sorted(seeds.glob("*.txt")), work)
    assert corpus.problems == [] and len(corpus.posts) == len(posts)

    src = work / "docs"
    shutil.copytree(FUZZ_ROOT, src)
    app, warnings = build(src, seeds=seeds, html_theme="basic")
    assert warnings == ""
    for post in corpus.posts:
        doctree = app.env.get_doctree(post.path)
        kinds = {type(node) for node in doctree.findall()}
        assert kinds <= ALLOWED_NODES, kinds - ALLOWED_NODES
        text, _ = main_text(Path(app.outdir) / f"{post.path}.html")
        expected = words("\n".join(
            [line.text for line in post.body if not re.fullmatch(r"-*o+0+o+-*|\*{3,}", line.text.strip())]
            + [line.text for c in post.comments for x in (c, *c.replies) for line in x.lines]  # as shown
        ))
        found, context = missing_words(expected, words(text))
        assert found == len(expected), f"{post.title!r}: lost a word after {context}"
        html = (Path(app.outdir) / f"{post.path}.html").read_text(encoding="utf-8")
        for markup in ("<script>alert", "<b>x</b>", "<!-- c -->"):
            assert markup not in html, markup  # shown as text (&lt;...), never as a tag


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex is not installed")
def test_hostile_text_cannot_break_or_inject_latex(tmp_path: Path) -> None:
    """Every metacharacter in one post, through xelatex: it compiles and prints the text."""
    body = [" ".join(MARKUP[i : i + 8]) for i in range(0, len(MARKUP), 8)]
    archive, _ = dump([("All \\ the {markup} $x$ % #", body, [])], dt.date(2016, 3, 1))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(archive, encoding="utf-8")
    src = tmp_path / "docs"
    shutil.copytree(FUZZ_ROOT, src)
    fonts = re.search(r'"fontpkg": r"""(.*?)""",', (ROOT / "docs/conf.py").read_text(encoding="utf-8"), re.S)[1]
    app, warnings = build(src, "latex", seeds=seeds, latex_engine="xelatex", latex_use_xindy=False,
                          latex_elements={"fontpkg": fonts})
    assert warnings == ""
    tex = next(Path(app.outdir).glob("*.tex"))
    assert "\\input{/etc/passwd}" not in tex.read_text(encoding="utf-8").replace("\\textbackslash{}input", "")
    result = subprocess.run(["make", "-C", str(app.outdir), "all-pdf",
                             "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:]
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, re.findall(r"Missing character.*", log)[:5]
    pdf_text = subprocess.run(["pdftotext", tex.with_suffix(".pdf").name, "-"], cwd=app.outdir,
                              capture_output=True, text=True).stdout
    for token in ("\\section{x}", "\\input{/etc/passwd}", "$x$", "{{x}}", "<script>alert(1)</script>", "£", "שלום",
                  "🙏"):
        assert token in pdf_text.replace("\n", " "), token
