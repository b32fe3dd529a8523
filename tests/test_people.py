"""People, the third kind of entity: the registry's checks of people.toml, the
``{person}`` role, person pages (roles over time, backlinks, feed), the holders
on organisation pages, the People index, and the PDF's index under the sort form."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from onprobation.registry import load
from sitebuild import build

PEOPLE_ROOT = Path(__file__).parent / "roots" / "test-people"


def _text(path: Path) -> str:
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([,.;:])", r"\1", text)


@pytest.mark.sphinx("html", testroot="people", confoverrides={"html_theme": "alabaster"})
def test_person_role_pages_holders_and_index(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="people/chris-grayling.html"[^>]*><span[^>]*>Chris Grayling</span>', index)
    assert re.search(r'href="people/chris-grayling.html"[^>]*><span[^>]*>Mr Grayling</span>', index)  # {op:person}
    assert re.search(r'href="people/justin-russell.html"[^>]*><span[^>]*>Justin Russell</span>', index)  # by name
    person = _text(out / "people/chris-grayling.html")
    assert "Roles: Secretary of State for Justice, Ministry of Justice, 4 September 2012 – 9 May 2015" in person
    assert "Mentioned in 2 posts" in person and "Grayling again" in person  # backlinks (the posts name him)
    assert 'href="../organisations/moj.html"' in (out / "people/chris-grayling.html").read_text(encoding="utf-8")
    russell = _text(out / "people/justin-russell.html")
    assert "since June 2019" in russell and "No post in the archive mentions them yet." in russell
    moj = _text(out / "organisations/moj.html")
    assert ("People: Chris Grayling, Secretary of State for Justice, 4 September 2012 – 9 May 2015 "
            "Michael Gove, Secretary of State for Justice, 9 May 2015 – 14 July 2016") in moj
    people_index = _text(out / "op-people.html")
    assert people_index.index("Gove, Michael") < people_index.index("Grayling, Chris") < people_index.index(
        "Russell, Justin")  # the sort form: given, or the last word first
    assert "Gove, Michael 1 post" in people_index
    assert "G Michael Gove · 1 post Chris Grayling · 2 posts R Justin Russell · 0 posts" in _text(
        out / "people/index.html")
    feed = (out / "people/chris-grayling.xml").read_text(encoding="utf-8")
    assert "posts mentioning Chris Grayling" in feed and "Grayling again" in feed
    assert not (out / "people/justin-russell.xml").exists()  # no post mentions him
    post = next(Path(app.srcdir).glob("2014/06/grayling*.md")).read_text(encoding="utf-8")
    assert 'people: ["chris-grayling"]' in post


@pytest.mark.sphinx("html", testroot="people", confoverrides={"html_theme": "alabaster",
                                                              "onprobation_entity_latest": 1})
def test_a_person_in_many_posts_gets_year_pages(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    assert sorted(p.name for p in (out / "people/chris-grayling").glob("*.html")) == ["2014.html", "2015.html"]
    page = (out / "people/chris-grayling.html").read_text(encoding="utf-8")
    assert 'href="chris-grayling/2015.html"' in page
    year = _text(out / "people/chris-grayling/2014.html")
    assert "All about Chris Grayling" in year and "Next year: 2015" in year and "Grayling again" in year


@pytest.mark.sphinx("latex", testroot="people")
def test_person_mentions_are_indexed_under_the_sort_form(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\index{Grayling, Chris@\spxentry{Grayling, Chris}}" in tex
    assert r"\index{Chris Grayling@" not in tex
    assert r"\renewcommand{\indexname}{People}" in tex
    assert r"\sphinxstyleindexentry{Grayling, Chris}" in tex


def write(folder: Path, people: str, orgs: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisations.toml").write_text(
        orgs or '[moj]\nname = "Ministry of Justice"\nabbr = ["MoJ"]\nkind = "government-department"\n'
        'description = "A department."\n', encoding="utf-8")
    (folder / "reports.toml").write_text("", encoding="utf-8")
    (folder / "people.toml").write_text(people, encoding="utf-8")
    return folder


def problems(tmp_path: Path, people: str) -> list[str]:
    return [str(p) for p in load(write(tmp_path / "registry", people), tmp_path).problems]


def test_the_placeholder_people_file_is_valid() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    registry = load(docs / "registry", docs.parent)
    assert [str(p) for p in registry.problems] == []
    grayling = registry.get("person", "chris-grayling")
    assert grayling is not None and grayling.sort_name == "Grayling, Chris"


def test_people_checks_have_file_and_line(tmp_path: Path) -> None:
    found = problems(tmp_path, """\
[a-person]
name = "Ann Person"
colour = "red"

[[a-person.roles]]
title = "Minister"
org = "nowhere"
from = "2015-13"

[[a-person.roles]]
title = "Secretary"
from = "2016"
to = "2014"
where = "here"

[b-person]
description = "No name, no roles."

[c-person]
name = "Cy Person"
surname = "Person"
aliases = ["Ann Person"]
description = "Has a form of another."
roles = []
""")
    assert "registry/people.toml:1: a-person: missing required field 'description'" in found
    assert "registry/people.toml:1: a-person: unknown field 'colour'" in found
    assert "registry/people.toml:5: a-person: role 1: from and to must be YYYY, YYYY-MM or YYYY-MM-DD" in found
    assert "registry/people.toml:10: a-person: role 2: from 2016 is after to 2014" in found
    assert "registry/people.toml:10: a-person: role 2: unknown field 'where'" in found
    assert "registry/people.toml:1: a-person: org 'nowhere' is not an organisation key" in found
    assert "registry/people.toml:16: b-person: missing required field 'name'" in found
    assert "registry/people.toml:16: b-person: missing required field 'roles'" in found
    assert "registry/people.toml:19: c-person: 'Ann Person' is also a form of the entry at registry/people.toml:1" in found
    assert "registry/people.toml:19: c-person: 'roles' must be one or more [[c-person.roles]]" in found


OFFICE = """\
[{key}]
name = "{name}"
description = "A Justice Secretary."

[[{key}.roles]]
title = "Secretary of State for Justice"
org = "moj"
from = "{start}"
{end}forms = ["Justice Secretary"]
"""


def test_an_office_is_shared_by_successive_holders_never_at_once(tmp_path: Path) -> None:
    one = OFFICE.format(key="ann-one", name="Ann One", start="2012-09-04", end='to = "2015-05-09"\n')
    two = OFFICE.format(key="bob-two", name="Bob Two", start="2015-05-09", end='to = "2016"\n')
    assert problems(tmp_path / "a", one + "\n" + two) == []  # handed over on the day
    three = OFFICE.format(key="cy-three", name="Cy Three", start="2014", end="")  # still holds it
    found = problems(tmp_path / "b", one + "\n" + two + "\n" + three)
    assert "registry/people.toml:5: ann-one: the office 'Justice Secretary' is also held by cy-three" not in found
    assert any(p.startswith("registry/people.toml:") and "cy-three" in p and "Justice Secretary" in p
               and "same time" in p for p in found), found


def test_a_name_may_not_be_another_entrys_form(tmp_path: Path) -> None:
    found = problems(tmp_path, """\
[moj-person]
name = "MoJ"
description = "Named as the Ministry's abbreviation."

[[moj-person.roles]]
title = "Clerk"
from = "2010"
""")
    assert any("moj-person: 'MoJ' is also a form of the entry at registry/organisations.toml:1" in p for p in found)


def test_editing_a_person_reads_again_the_pages_that_show_them(tmp_path: Path) -> None:
    """A registry edit (a role's title, a name) reaches the person's page, the
    organisation listing the role, and the post naming them, as a clean build."""
    src = tmp_path / "src"
    shutil.copytree(PEOPLE_ROOT, src)
    _, warnings = build(src, seeds=src / "seeds")
    assert warnings == ""
    people = src / "registry" / "people.toml"
    people.write_text(people.read_text(encoding="utf-8")
                      .replace('title = "Secretary of State for Justice"\norg = "moj"\nfrom = "2012',
                               'title = "Lord Chancellor"\norg = "moj"\nfrom = "2012', 1)
                      .replace('name = "Chris Grayling"', 'name = "Chris Grayling"\naliases = ["C. Grayling"]', 1),
                      encoding="utf-8")
    again, warnings = build(src, seeds=src / "seeds")
    assert warnings == ""
    clean_src = tmp_path / "clean"
    shutil.copytree(PEOPLE_ROOT, clean_src)
    (clean_src / "registry" / "people.toml").write_bytes(people.read_bytes())
    clean, warnings = build(clean_src, seeds=clean_src / "seeds")
    assert warnings == ""
    for page in ("people/chris-grayling.html", "organisations/moj.html", "index.html", "op-people.html"):
        assert _text(Path(again.outdir) / page) == _text(Path(clean.outdir) / page), page
    assert "Lord Chancellor, Ministry of Justice" in _text(Path(again.outdir) / "people/chris-grayling.html")
    assert "Chris Grayling, Lord Chancellor" in _text(Path(again.outdir) / "organisations/moj.html")


def test_a_parallel_build_makes_the_same_people_pages(tmp_path: Path) -> None:
    """-j 2: the person pages, their backlinks and the holders come out as in a serial build."""
    outs = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        src = tmp_path / name
        shutil.copytree(PEOPLE_ROOT, src)
        app, warnings = build(src, seeds=src / "seeds", parallel=parallel)
        assert warnings == ""
        outs.append(Path(app.outdir))
    for page in ("people/chris-grayling.html", "people/index.html", "organisations/moj.html", "op-people.html",
                 "2014/06/grayling-again.html"):
        assert _text(outs[0] / page) == _text(outs[1] / page), page
    assert (outs[0] / "people/chris-grayling.xml").read_bytes() == (outs[1] / "people/chris-grayling.xml").read_bytes()
