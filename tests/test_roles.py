"""The {org}, {report} and {post} roles, in HTML and LaTeX, on tiny test roots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="roles")


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_roles_in_html(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="organisations/nps.html"[^>]*><abbr title="National Probation Service">NPS</abbr>', html)
    assert re.search(r'href="organisations/hmi-probation.html"[^>]*><span[^>]*>the Inspectorate</span>', html)
    assert re.search(r'href="reports/jc-tr-2018.html"[^>]*><span[^>]*>Transforming Rehabilitation</span>', html)
    assert "National Offender Management Service</span>" in html  # a bare key shows the name
    nps = (Path(app.outdir) / "organisations/nps.html").read_text(encoding="utf-8")
    assert "HM Prison and Probation Service" in nps  # its parent, as a link
    assert "No post in the archive mentions it yet." in nps
    assert (Path(app.outdir) / "op-organisations.html").exists()


@pytest.mark.sphinx("latex", testroot="roles")
def test_roles_in_latex_link_and_index(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\index{National Probation Service@\spxentry{National Probation Service}}" in tex
    assert r"\hyperref[\detokenize{organisations/nps::doc}]" in tex
    assert r"\sphinxstyleabbreviation{NPS}" in tex
    assert "Organisations" in tex and "sphinxtheindex" in tex  # the domain index chapter


@pytest.mark.sphinx("html", testroot="unknown-key", confoverrides={"html_theme": "alabaster"})
def test_unknown_key_warns_with_place_and_closest_keys(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    assert re.search(r"index\.md:3: WARNING: unknown organisation 'nsp'; closest known keys: nps", text), text
    assert re.search(r"index\.md:\d+: WARNING: unknown post '2017-11-nope'", text), text


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_objects_inventory_for_intersphinx(app) -> None:
    app.build()
    from sphinx.util.inventory import InventoryFile

    with open(Path(app.outdir) / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://archive.example/", lambda a, b: a + b)
    data = inventory.data if hasattr(inventory, "data") else inventory
    assert data["op:org"]["nps"].uri == "https://archive.example/organisations/nps.html"
    assert "jc-tr-2018" in data["op:report"]


@pytest.mark.sphinx("html", testroot="roles", confoverrides={"html_theme": "alabaster"})
def test_a_second_build_finds_the_configuration_unchanged(app, make_app) -> None:
    """The extension's static folder is added before Sphinx compares the configuration
    with the pickled one: an incremental build must not report it changed."""
    app.build()
    again = make_app("html", srcdir=app.srcdir, confoverrides={"html_theme": "alabaster"})
    again.build()
    log = again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in log, log
    assert "configuration has changed" not in log and "build_info mismatch" not in log, log
