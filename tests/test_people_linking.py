"""Auto-linking of people: full names always, a surname alone only when
certain, an office by the date of its text unit (precision first).

The registry is built here from plain ``Entity`` objects, so these tests do
not depend on the contents of ``docs/registry/people.toml``.
"""

from __future__ import annotations

import datetime as dt
import re

from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from conftest import parse
from onprobation import myst
from onprobation.mentions import Linker, Unit
from onprobation.pages import post_page
from onprobation.kinds import by_type, load as load_kinds
from onprobation.registry import Entity, Registry

KINDS = by_type(load_kinds())  # the built-in kinds: an entity's kind names its surface forms
JUSTICE = ["Justice Secretary", "Secretary of State for Justice"]
INSPECTOR = ["Chief Inspector of Probation"]


def person(key: str, name: str, roles: list[dict], **data: object) -> Entity:
    return Entity("person", key, name, {"name": name, "description": "x", "roles": roles, **data}, "people.toml", 1,
                  KINDS["person"])


def org(key: str, name: str, **data: object) -> Entity:
    return Entity("org", key, name, {"name": name, "kind": "other", "description": "x", **data}, "o.toml", 1, KINDS["org"])


ENTITIES = [
    org("moj", "Ministry of Justice", abbr=["MoJ"]),
    org("clinks", "Clinks"),
    person("chris-grayling", "Chris Grayling", [{"title": "Justice Secretary", "from": "2012-09-04",
                                                 "to": "2015-05-09", "forms": JUSTICE}],
           surname="Grayling", aliases=["Christopher Grayling"]),
    person("michael-gove", "Michael Gove", [{"title": "Justice Secretary", "from": "2015-05-09",
                                             "to": "2016-07-14", "forms": JUSTICE}], surname="Gove"),
    person("glenys-stacey", "Glenys Stacey", [{"title": "Chief Inspector of Probation", "from": "2016-03",
                                               "to": "2019-05", "forms": INSPECTOR}],
           surname="Stacey", aliases=["Dame Glenys Stacey"]),
    person("justin-russell", "Justin Russell", [{"title": "Chief Inspector of Probation", "from": "2019-06",
                                                 "forms": INSPECTOR}], surname="Russell"),
    person("andrew-smith", "Andrew Smith", [{"title": "MP", "from": "2000"}], surname="Smith"),
    person("jane-smith", "Jane Smith", [{"title": "Chief Executive", "from": "2010"}], surname="Smith"),
    person("anna-clinks", "Anna Clinks", [{"title": "Director", "from": "2010"}], surname="Clinks"),
]
LINKER = Linker(Registry({(e.type, e.key): e for e in ENTITIES}))
DAY = dt.date(2014, 6, 1)


def linked(text: str, unit: Unit | None = None) -> list[tuple[str, str]]:
    """(surface, key) of each mention, in order."""
    return [(text[m.start:m.end], m.entity.key) for m in LINKER.find(text, "", unit)]


# -- rule 1: the full name and aliases, always ---------------------------------------------

def test_full_name_and_alias_always() -> None:
    assert linked("Chris Grayling spoke to the MoJ.") == [("Chris Grayling", "chris-grayling"), ("MoJ", "moj")]
    assert linked("as Christopher Grayling said") == [("Christopher Grayling", "chris-grayling")]
    assert linked("Dame Glenys Stacey reported") == [("Dame Glenys Stacey", "glenys-stacey")]


def test_full_name_is_case_exact_and_whole_words() -> None:
    assert linked("chris grayling and Chris Graylings and XChris Grayling") == []


def test_first_mention_per_paragraph() -> None:
    assert linked("Chris Grayling, then Grayling, then Mr Grayling.") == [("Chris Grayling", "chris-grayling")]


# -- rule 2: the surname alone ---------------------------------------------------------------

def test_surname_after_the_full_name_in_the_same_unit() -> None:
    unit = LINKER.unit(DAY)
    assert linked("Chris Grayling announced it.", unit) == [("Chris Grayling", "chris-grayling")]
    assert linked("Later Grayling changed his mind.", unit) == [("Grayling", "chris-grayling")]


def test_surname_named_in_the_title_counts() -> None:
    unit = LINKER.unit(DAY, title="Chris Grayling's legacy")
    assert linked("Grayling left.", unit) == [("Grayling", "chris-grayling")]


def test_surname_before_the_full_name_is_not_linked() -> None:
    unit = LINKER.unit(DAY)
    assert linked("Grayling left.", unit) == []
    assert linked("Grayling, that is Chris Grayling, left.", LINKER.unit(DAY)) == [("Chris Grayling", "chris-grayling")]
    assert linked("Grayling again.", unit) == []  # the earlier bare surname named nobody in full


def test_surname_in_another_unit_is_not_linked() -> None:
    first, second = LINKER.unit(DAY), LINKER.unit(DAY)
    assert linked("Chris Grayling spoke.", first) == [("Chris Grayling", "chris-grayling")]
    assert linked("Grayling is wrong.", second) == []


def test_ambiguous_surname_is_never_linked_alone() -> None:
    unit = LINKER.unit(DAY)
    assert linked("Andrew Smith spoke.", unit) == [("Andrew Smith", "andrew-smith")]
    assert linked("Smith said, and Mr Smith and Smith's view.", unit) == []


def test_surname_that_is_an_organisation_form_is_not_a_person() -> None:
    unit = LINKER.unit(DAY)
    assert linked("Anna Clinks joined.", unit) == [("Anna Clinks", "anna-clinks")]
    assert linked("Clinks said, as Ms Clinks did.", unit) == [("Clinks", "clinks")]


def test_honorific_makes_the_surname_certain_and_is_linked_with_it() -> None:
    for honorific in ("Mr", "Mr.", "Lord", "Dr", "Professor", "Baroness"):
        assert linked(f"then {honorific} Grayling said") == [(f"{honorific} Grayling", "chris-grayling")]
    assert linked("then mr Grayling said") == []  # honorifics are case-exact
    assert linked("then XMr Grayling said") == []  # a whole word only


def test_possessive_makes_the_surname_certain_with_either_apostrophe() -> None:
    assert linked("Grayling's reforms") == [("Grayling", "chris-grayling")]
    assert linked("Grayling’s reforms") == [("Grayling", "chris-grayling")]
    assert linked("Graylings reforms and Grayling reforms") == []
    assert linked("Grayling'sx") == []


def test_surname_next_to_another_capitalised_word_is_another_name() -> None:
    unit = LINKER.unit(DAY, title="Chris Grayling")
    assert linked("Then David Grayling spoke, and Grayling Road, and David Grayling's car.", unit) == []
    assert linked("Later, Grayling spoke.", unit) == [("Grayling", "chris-grayling")]
    assert linked("Sir Grayling Road", unit) == [("Sir Grayling", "chris-grayling")]  # the honorific decides


# -- rule 3: an office, by the date ----------------------------------------------------------

def office(text: str, day: dt.date) -> list[tuple[str, str]]:
    return linked(text, LINKER.unit(day))


def test_office_resolved_to_its_one_holder_on_the_date() -> None:
    assert office("the Justice Secretary said", dt.date(2014, 1, 1)) == [("Justice Secretary", "chris-grayling")]
    assert office("the Secretary of State for Justice said", dt.date(2015, 12, 1)) == [
        ("Secretary of State for Justice", "michael-gove")]


def test_office_with_no_holder_on_the_date_is_not_linked() -> None:
    assert office("the Justice Secretary said", dt.date(2011, 1, 1)) == []
    assert office("the Justice Secretary said", dt.date(2017, 1, 1)) == []
    assert linked("the Justice Secretary said") == []  # no date, no office


def test_office_on_a_hand_over_date_is_not_linked() -> None:
    assert office("the Justice Secretary said", dt.date(2015, 5, 9)) == []
    assert office("the Justice Secretary said", dt.date(2015, 5, 8)) == [("Justice Secretary", "chris-grayling")]
    assert office("the Justice Secretary said", dt.date(2015, 5, 10)) == [("Justice Secretary", "michael-gove")]


def test_partial_dates_link_only_when_certain() -> None:
    """Russell from 2019-06, Stacey to 2019-05: June 2019 is certain, May 2019 is not."""
    assert office("the Chief Inspector of Probation", dt.date(2019, 5, 20)) == []
    assert office("the Chief Inspector of Probation", dt.date(2019, 6, 2)) == []
    assert office("the Chief Inspector of Probation", dt.date(2019, 7, 1)) == [
        ("Chief Inspector of Probation", "justin-russell")]
    assert office("the Chief Inspector of Probation", dt.date(2017, 1, 1)) == [
        ("Chief Inspector of Probation", "glenys-stacey")]


def test_qualified_office_or_office_before_a_name_is_not_linked() -> None:
    day = dt.date(2014, 1, 1)
    for before in ("former", "the then", "ex-", "Shadow", "a", "the new", "As", "Her Majesty’s", "to be"):
        assert office(f"{before} Justice Secretary said", day) == [], before
    assert office("As Justice Secretary, Ken Clarke said", day) == []
    assert office("The Justice Secretary said", day) == [("Justice Secretary", "chris-grayling")]
    assert office("Justice Secretary Chris Grayling said", day) == [("Chris Grayling", "chris-grayling")]
    assert office("the Justice Secretary's plan", day) == [("Justice Secretary", "chris-grayling")]


def test_office_does_not_make_the_surname_certain() -> None:
    unit = LINKER.unit(dt.date(2014, 1, 1))
    assert linked("The Justice Secretary spoke.", unit) == [("Justice Secretary", "chris-grayling")]
    assert linked("Grayling left.", unit) == []


# -- nothing inside words or URLs ----------------------------------------------------------

def test_nothing_inside_words_or_urls() -> None:
    unit = LINKER.unit(DAY, title="Chris Grayling")
    assert linked("McGrayling, Graylingham, Chris Graylingx", unit) == []
    assert linked("see https://example.org/Grayling's-plan and www.example.org/Mr_Grayling", unit) == []
    assert linked("https://example.org/x?Chris Grayling", LINKER.unit(DAY)) == []  # straddles the URL
    assert linked("https://example.org/x Chris Grayling", LINKER.unit(DAY)) == [("Chris Grayling", "chris-grayling")]


# -- pages: a post's title and body are one unit, each comment its own ---------------------

THREAD = """\
Monday, 2 June 2014

Chris Grayling and the CRCs

Grayling has sold probation.

The Justice Secretary insists.

2 comments:

  1. Grayling is to blame, says Mr Grayling's critic.

    ReplyDelete
  2. Chris Grayling again. Grayling.

    ReplyDelete
"""


def test_page_units_and_roles() -> None:
    (post,), _ = parse(THREAD)
    page = post_page(post, None, None, LINKER)
    body, thread = page.split("thread-title")
    assert "{person}`Grayling <chris-grayling>`" in body  # named in full in the title
    assert "{person}`Justice Secretary <chris-grayling>`" in body  # 2 June 2014
    lines = {line.split()[-1]: line for line in thread.splitlines() if "Grayling" in line}
    # a comment is its own unit: the bare surname is not linked, "Mr Grayling" is
    assert lines["critic\\."] == "Grayling is to blame\\, says {person}`Mr Grayling <chris-grayling>`\\'s critic\\."
    assert lines["Grayling\\."] == "{person}`Chris Grayling <chris-grayling>` again\\. Grayling\\."
    assert 'organisations: []' in page


# -- fidelity: linking never changes the text ----------------------------------------------

ROLE = re.compile(r"\{(?:org|report|person)\}`([^`<]*) <([a-z0-9-]+)>`")
WORDS = ["Chris Grayling", "Christopher", "Grayling", "Grayling's", "Grayling’s", "Mr", "Mr.", "Lord", "Dame",
         "Glenys Stacey", "Smith", "Justice Secretary", "the", "former", "Chief Inspector of Probation",
         "MoJ", "Clinks", "https://example.org/", "www.", "'s", "’", "`", "*", "_", "{person}", "<", ">", "\\",
         ":", "[", "]", "(", ")", "&", "#", "\u00a0"]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", "  ", "-", ",", "."])),
                min_size=1, max_size=25).map("".join)
SETTINGS = {"report_level": 5, "raw_enabled": False, "file_insertion_enabled": False,
            "myst_enable_extensions": ["colon_fence"]}


def _unrole(source: str) -> str:
    """The MyST of a paragraph with each role replaced by its text, escaped as seed text."""
    return ROLE.sub(lambda m: myst.escape(m[1]), source)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.dates(dt.date(2010, 1, 1), dt.date(2022, 12, 31)), st.booleans())
def test_linking_never_changes_the_text(text: str, day: dt.date, named: bool) -> None:
    text = text.strip()
    if not text:
        return
    unit = LINKER.unit(day, "Chris Grayling" if named else "")
    source = myst.inline(text, _Bound(unit))
    keys = {m[2] for m in ROLE.finditer(source)}
    assert keys <= {e.key for e in ENTITIES}
    tree = publish_doctree(_unrole(source) + "\n", parser=Parser(), settings_overrides=SETTINGS)
    assert " ".join(tree.astext().split()) == " ".join(text.split())


class _Bound:
    """``LINKER`` within one unit, as ``myst.inline`` calls it."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    def find(self, text: str, context: str = "") -> list:
        return LINKER.find(text, context, self.unit)


def test_a_comment_is_resolved_by_its_own_date() -> None:
    from onprobation.model import Comment, Line, Post

    later = dt.datetime(2015, 6, 1, 9, 0, tzinfo=dt.timezone.utc)
    post = Post("t.txt", 1, dt.date(2015, 5, 1), "", "Title", [Line(3, "The Justice Secretary spoke.")],
                [Comment(5, [Line(5, "The Justice Secretary replied.")], published=later),
                 Comment(7, [Line(7, "The Justice Secretary, undated.")])], slug="title")
    page = post_page(post, None, None, LINKER)
    assert "The {person}`Justice Secretary <chris-grayling>` spoke" in page
    assert "The {person}`Justice Secretary <michael-gove>` replied" in page
    assert "The {person}`Justice Secretary <chris-grayling>`\\, undated" in page  # the post's date
