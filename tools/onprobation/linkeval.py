"""Measure the linker against a sample of posts labelled by hand.

``tests/data/linking-sample.toml`` lists, for some posts, every mention a
careful reader would expect linked, by the paragraph or comment anchor the
site gives it (``p3``, ``c4-1``). Each sampled post is converted with the
current registry, exactly as ``onprobation convert`` writes its page; the
page is read back with MyST's docutils parser and numbered as the
extension numbers it (``sphinxext/onprobation_ext/anchors.py``), so the
links found are the links a reader sees. Links and labels are compared as
(post, anchor, entity) pairs: first mention per paragraph, as the linker
links, counted once per anchor.

People are labelled by full name, so that a sample can be written before
the person is in the registry: a name the registry does not know counts as
a miss.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles

from .kinds import DEFAULT as BUILT_IN_KINDS
from .mentions import Linker
from .model import Post
from .numbering import body_paragraphs, comment_anchor, comments, threads
from .pages import post_page
from .registry import Registry

# The kinds the sample labels (the table's built-in rows), and how the report names them.
KINDS = tuple(kind.type for kind in BUILT_IN_KINDS)
KIND_NAMES = {kind.type: kind.folder for kind in BUILT_IN_KINDS}
_SETTINGS = {"report_level": 5, "halt_level": 5, "raw_enabled": False, "file_insertion_enabled": False,
             "myst_enable_extensions": ["colon_fence"], "warning_stream": False}


@dataclass(frozen=True)
class Item:
    """One expected or found link: a post, an anchor, an entity (and the words, to show)."""

    post: str
    anchor: str
    kind: str
    key: str
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.post}#{self.anchor} {self.text!r} -> {self.key}"


@dataclass
class Score:
    kind: str
    hits: list[Item] = field(default_factory=list)
    wrong: list[Item] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    unknown: int = 0  # misses of entities the registry does not have

    @property
    def precision(self) -> float | None:
        found = len(self.hits) + len(self.wrong)
        return len(self.hits) / found if found else None

    @property
    def recall(self) -> float | None:
        expected = len(self.hits) + len(self.missed)
        return len(self.hits) / expected if expected else None

    @property
    def known_recall(self) -> float | None:
        """Recall over the entities the registry has: the linker's part of the misses."""
        expected = len(self.hits) + len(self.missed) - self.unknown
        return len(self.hits) / expected if expected else None


@dataclass
class Evaluation:
    posts: int
    anchors: int
    scores: dict[str, Score]
    problems: list[str] = field(default_factory=list)


def _person_key(registry: Registry, name: str) -> str:
    """The registry key of a person labelled by full name; ``?name`` when unknown."""
    wanted = " ".join(name.split())
    for entity in registry.of_type("person"):
        if wanted == entity.name or wanted in entity.data.get("aliases", []):
            return entity.key
    return "?" + wanted


@contextmanager
def _mention_roles() -> Iterator[None]:
    """``{org}``, ``{report}``, ``{person}`` as plain docutils roles while a page is read back
    (docutils keeps roles in a module-level table: it is put back as it was)."""
    saved = dict(roles._roles)

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
        surface, _, key = text.rpartition(" <")
        node = nodes.inline(rawtext, surface or text, classes=["mention"])
        node["kind"], node["key"] = name, key.rstrip(">")
        return [node], []

    for kind in KINDS:
        roles.register_local_role(kind, role)
    try:
        yield
    finally:
        roles._roles.clear()
        roles._roles.update(saved)


def anchored_mentions(page: str) -> Iterator[tuple[str, nodes.inline]]:
    """(anchor, mention node) of a post page's MyST, numbered as the site numbers it."""
    from myst_parser.parsers.docutils_ import Parser

    with _mention_roles():
        tree = publish_doctree(page, parser=Parser(), settings_overrides=_SETTINGS)
    for n, paragraph in enumerate(body_paragraphs(tree), 1):
        for node in paragraph.findall(nodes.inline):
            if "mention" in node["classes"]:
                yield f"p{n}", node
    for thread in threads(tree):
        for path, comment in comments(thread):
            for child in comment.children:
                if not (isinstance(child, nodes.container) and "replies" in child["classes"]):
                    for node in child.findall(nodes.inline):
                        if "mention" in node["classes"]:
                            yield comment_anchor(path), node


def found_links(post: Post, linker: Linker) -> set[Item]:
    """Every link of the post's page, as (anchor, entity)."""
    page = post_page(post, None, None, linker)
    return {Item(post.path, anchor, node["kind"], node["key"], node.astext())
            for anchor, node in anchored_mentions(page)}


def _scope(entry: dict, post: Post) -> set[str]:
    """The anchors a labeller read: the body's paragraphs (all, or those listed) and the comments listed."""
    body = entry.get("body", True)
    anchors = {f"p{n}" for n in range(1, _paragraphs(post) + 1)} if body is True else set(body or [])
    return anchors | set(entry.get("comments", []))


def _paragraphs(post: Post) -> int:
    from myst_parser.parsers.docutils_ import Parser

    with _mention_roles():
        tree = publish_doctree(post_page(post, None, None, None), parser=Parser(), settings_overrides=_SETTINGS)
    return len(body_paragraphs(tree))


def evaluate(posts: list[Post], registry: Registry, sample: dict) -> Evaluation:
    """Convert each sampled post with ``registry`` and compare its links with the labels."""
    linker = Linker(registry)
    by_id = {(p.date.isoformat(), " ".join(p.title.split())): p for p in posts}
    scores = {kind: Score(kind) for kind in KINDS}
    problems: list[str] = []
    anchors = 0
    sampled = 0
    for entry in sample.get("posts", []):
        post = by_id.get((str(entry.get("date")), " ".join(str(entry.get("title", "")).split())))
        if post is None:
            problems.append(f"sample: no post of {entry.get('date')} titled {entry.get('title')!r}")
            continue
        sampled += 1
        found = found_links(post, linker)
        scope = _scope(entry, post)
        anchors += len(scope)
        expected = set()
        for label in entry.get("mentions", []):
            kind = next((k for k in KINDS if k in label), "")
            if not kind or label.get("at") not in scope:
                problems.append(f"sample: {post.path}: label {label} has no kind or is outside the anchors read")
                continue
            key = _person_key(registry, label[kind]) if kind == "person" else label[kind]
            expected.add(Item(post.path, label["at"], kind, key, label.get("text", "")))
        found = {item for item in found if item.anchor in scope}
        for item in sorted(found, key=str):
            (scores[item.kind].hits if item in expected else scores[item.kind].wrong).append(item)
        for item in sorted(expected - found, key=str):
            scores[item.kind].missed.append(item)
            scores[item.kind].unknown += registry.get(item.kind, item.key) is None
    return Evaluation(sampled, anchors, scores, problems)


def load_sample(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def report(evaluation: Evaluation, examples: int = 10) -> str:
    """Precision and recall per kind, with the counts and examples of what went wrong."""
    lines = [f"linkeval: {evaluation.posts} posts, {evaluation.anchors} paragraphs and comments read"]
    for kind in KINDS:
        score = evaluation.scores[kind]
        lines.append(
            f"{KIND_NAMES[kind]}: precision {_ratio(score.precision)}, recall {_ratio(score.recall)} "
            f"(true positives {len(score.hits)}, false positives {len(score.wrong)}, misses {len(score.missed)}, "
            f"of which {score.unknown} not in the registry; recall where the registry has the entity "
            f"{_ratio(score.known_recall)})"
        )
        for title, items in (("false positives", score.wrong), ("misses", score.missed)):
            if items:
                lines.append(f"  {title}:")
                lines += [f"    {item}" for item in items[:examples]]
                if len(items) > examples:
                    lines.append(f"    ... and {len(items) - examples} more")
    lines += [f"problem: {p}" for p in evaluation.problems]
    return "\n".join(lines)
