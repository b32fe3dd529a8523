"""The table of kinds: a fourth kind (``event``) added by a test root's own
``registry/kinds.toml`` and ``events.toml`` gets a role, pages, an index,
backlinks and a feed with no code change, and nothing of it outlives its build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onprobation import kinds
from onprobation.registry import load
from onprobation_ext.domain import OpDomain


@pytest.mark.sphinx("html", testroot="kinds", confoverrides={"html_theme": "alabaster"})
def test_a_fourth_kind_gets_role_pages_index_backlinks_and_feed(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="events/tr-go-live.html"[^>]*><span[^>]*>TR go-live</span>', index)  # {event}`key`
    assert re.search(r'href="events/tr-go-live.html"[^>]*><span[^>]*>the sale</span>', index)  # {op:event}
    page = (out / "events/tr-go-live.html").read_text(encoding="utf-8")
    assert "Held by" in page and 'href="../organisations/moj.html"' in page  # a link fact of its row
    assert "Mentioned in 1 post" in page and "After the share sale" in page  # backlinks
    assert "TR go-live" in (out / "op-events.html").read_text(encoding="utf-8")  # its domain index
    assert "TR go-live" in (out / "events/index.html").read_text(encoding="utf-8")  # its list page
    assert "<title>" in (out / "events/tr-go-live.xml").read_text(encoding="utf-8")  # its feed
    post = next(Path(app.srcdir).glob("2015/02/*.md")).read_text(encoding="utf-8")
    assert 'events: ["tr-go-live"]' in post  # the front matter field of its row
    assert app.env.domains["op"].object_types["event"].lname == "event"


@pytest.mark.sphinx("latex", testroot="kinds")
def test_a_fourth_kind_has_its_index_chapter_and_entries(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    live = r"TR go\sphinxhyphen{}live"
    assert r"\index{%s@\spxentry{%s}}" % (live, live) in tex  # each mention, in the back-of-book index
    assert r"\renewcommand{\indexname}{Events}" in tex  # its domain index chapter
    assert r"\sphinxstyleindexpageref{events/tr-go-live:" in tex


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_the_fourth_kind_does_not_leak_into_other_builds(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    domain = app.env.domains["op"]
    assert "event" not in domain.object_types and "event" not in domain.roles
    assert [k.type for k in domain.kinds] == ["org", "report", "person"]
    assert "event" not in OpDomain.object_types and all(k.type != "event" for k in kinds.DEFAULT)


def test_a_registry_folder_adds_kinds_to_the_built_in_ones(rootdir: Path) -> None:
    registry = load(rootdir / "test-kinds" / "registry", rootdir)
    assert registry.problems == []
    assert [k.type for k in registry.kinds] == ["org", "report", "person", "event"]
    event = registry.get("event", "tr-go-live")
    assert event is not None and event.forms == ["TR go-live", "share sale"]


def test_a_bad_row_is_a_problem_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "kinds.toml").write_text('[event]\nfile = "events.toml"\ncolour = "red"\n', encoding="utf-8")
    registry = load(tmp_path, tmp_path.parent)
    assert any(p.file.endswith("kinds.toml") and "colour" in p.message for p in registry.problems)
