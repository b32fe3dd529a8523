"""The people registry's data, checked against its contract without the loader.

``docs/registry/people.toml`` is data others read; this test reads it with
``tomllib`` alone so a broken entry is caught even before (or apart from) the
code that links people. Every check reports ``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

REGISTRY = Path(__file__).resolve().parent.parent / "docs" / "registry"
PEOPLE = REGISTRY / "people.toml"

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FORM = re.compile(r"^[\w][\w .,&'’()–:/-]*$")
URL = re.compile(r"^https://[^\s]+$")
PERSON_REQUIRED = {"name", "description", "roles"}
PERSON_OPTIONAL = {"sort", "surname", "aliases", "ambiguous", "context", "url"}
ROLE_REQUIRED = {"title", "from"}
ROLE_OPTIONAL = {"org", "to", "forms"}
HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Baroness", "Professor"}


def _table_lines(text: str) -> dict[str, int]:
    """Line of each person's table and of each of its role tables, in order."""
    lines: dict[str, int] = {}
    roles: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        if m := re.match(r"^\[\[([a-z0-9-]+)\.roles\]\]\s*$", line):
            roles[m[1]].append(number)
        elif m := re.match(r"^\[([^\]\[]+)\]\s*(?:#.*)?$", line):
            lines[m[1].strip()] = number
    return {**lines, **{f"{k}#{i}": n for k, ns in roles.items() for i, n in enumerate(ns)}}


def first_day(value: str) -> dt.date:
    """A partial date stands for its first day (the header of people.toml says so)."""
    m = DATE.match(value)
    assert m, value
    return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))


def valid_date(value: object) -> bool:
    if not isinstance(value, str) or not (m := DATE.match(value)):
        return False
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


def other_forms() -> dict[str, str]:
    """Every surface form of an organisation or report, with where it is defined."""
    forms: dict[str, str] = {}
    for filename in ("organisations.toml", "reports.toml"):
        data = tomllib.loads((REGISTRY / filename).read_text(encoding="utf-8"))
        for key, entry in data.items():
            names = [entry.get("name"), entry.get("title"), entry.get("short")]
            for form in [*names, *entry.get("abbr", []), *entry.get("aliases", []), *entry.get("ambiguous", [])]:
                if form:
                    forms.setdefault(form, f"{filename} [{key}]")
    return forms


def problems(text: str, org_keys: set[str], taken: dict[str, str], file: str = "people.toml") -> list[str]:
    """Every breach of the people contract in ``text``, as ``file:line: message``."""
    data = tomllib.loads(text)
    lines = _table_lines(text)
    found: list[str] = []
    names: dict[str, str] = {}
    surnames: dict[str, list[str]] = defaultdict(list)
    holders: dict[str, list[tuple[dt.date, dt.date | None, str, int]]] = defaultdict(list)

    def say(line: int, message: str) -> None:
        found.append(f"{file}:{line}: {message}")

    for key, person in data.items():
        line = lines.get(key, 1)
        if not KEY.match(key):
            say(line, f"key {key!r} must be lower-case words joined by '-'")
        if not isinstance(person, dict):
            say(line, f"{key!r} is not a table")
            continue
        for missing in sorted(PERSON_REQUIRED - set(person)):
            say(line, f"{key}: missing required field {missing!r}")
        for unknown in sorted(set(person) - PERSON_REQUIRED - PERSON_OPTIONAL):
            say(line, f"{key}: unknown field {unknown!r}")
        description = person.get("description", "")
        sentences = len(re.findall(r"[.!?](?:\s|$)", description))
        if not isinstance(description, str) or not 1 <= sentences <= 3:
            say(line, f"{key}: description must be 1–3 sentences")
        if "url" in person and not URL.match(str(person["url"])):
            say(line, f"{key}: url must be an https address")
        if person.get("ambiguous") and not person.get("context"):
            say(line, f"{key}: 'ambiguous' forms need 'context' words")
        for field in ("aliases", "ambiguous", "context"):
            value = person.get(field, [])
            if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
                say(line, f"{key}: {field!r} must be a list of strings")
        own = [person.get("name"), *person.get("aliases", []), *person.get("ambiguous", [])]
        if surname := person.get("surname"):
            if not isinstance(surname, str) or " " in surname.strip() or surname in HONORIFICS:
                say(line, f"{key}: surname must be one word")
            elif surname not in str(person.get("name", "")).split():
                say(line, f"{key}: surname {surname!r} is not a word of the name")
            surnames[surname].append(key)
            own.append(surname)
        for form in own:
            if not isinstance(form, str) or not FORM.match(form):
                say(line, f"{key}: form {form!r} has characters not allowed")
                continue
            if form in taken:
                say(line, f"{key}: {form!r} is also a form of {taken[form]}")
            if form in names and names[form] != key:
                say(line, f"{key}: {form!r} is also a form of [{names[form]}]")
            names.setdefault(form, key)
        roles = person.get("roles")
        if not isinstance(roles, list) or not roles:
            say(line, f"{key}: at least one [[{key}.roles]] is required")
            continue
        for index, role in enumerate(roles):
            rline = lines.get(f"{key}#{index}", line)
            for missing in sorted(ROLE_REQUIRED - set(role)):
                say(rline, f"{key}: role missing required field {missing!r}")
            for unknown in sorted(set(role) - ROLE_REQUIRED - ROLE_OPTIONAL):
                say(rline, f"{key}: role has unknown field {unknown!r}")
            if "org" in role and role["org"] not in org_keys:
                say(rline, f"{key}: org {role['org']!r} is not an organisation key")
            bad = [f for f in ("from", "to") if f in role and not valid_date(role[f])]
            for field in bad:
                say(rline, f"{key}: {field} must be a real date as YYYY, YYYY-MM or YYYY-MM-DD")
            if bad or "from" not in role:
                continue
            start = first_day(role["from"])
            end = first_day(role["to"]) if "to" in role else None
            if end is not None and end < start:
                say(rline, f"{key}: role ends ({role['to']}) before it starts ({role['from']})")
            for form in role.get("forms", []):
                if not isinstance(form, str) or not FORM.match(form):
                    say(rline, f"{key}: role form {form!r} has characters not allowed")
                elif form in taken:
                    say(rline, f"{key}: role form {form!r} is also a form of {taken[form]}")
                else:
                    holders[form].append((start, end, key, rline))
    for surname, keys in surnames.items():
        if len(keys) > 1:
            say(lines.get(keys[1], 1), f"{keys[1]}: surname {surname!r} is also the surname of [{keys[0]}]")
    for form, spans in holders.items():
        if form in names:
            say(spans[0][3], f"{spans[0][2]}: role form {form!r} is also a person's name form")
        spans.sort()
        for (s1, e1, k1, _), (s2, e2, k2, l2) in zip(spans, spans[1:]):
            if e1 is None or s2 < e1:
                say(l2, f"{k2}: role form {form!r} overlaps the holder [{k1}] ({s1}–{e1 or 'now'})")
    return found


@pytest.fixture(scope="module")
def org_keys() -> set[str]:
    return set(tomllib.loads((REGISTRY / "organisations.toml").read_text(encoding="utf-8")))


def test_people_registry_keeps_its_contract(org_keys: set[str]) -> None:
    assert problems(PEOPLE.read_text(encoding="utf-8"), org_keys, other_forms()) == []


def test_people_registry_covers_the_offices_the_blog_names() -> None:
    data = tomllib.loads(PEOPLE.read_text(encoding="utf-8"))
    assert 60 <= len(data) <= 120
    def holder(form: str, day: str) -> list[str]:
        when = first_day(day)
        return [k for k, p in data.items() for r in p["roles"] if form in r.get("forms", [])
                and first_day(r["from"]) <= when and ("to" not in r or when < first_day(r["to"]))]
    # Dates of the seed posts and the offices they name.
    assert holder("Justice Secretary", "2017-02-20") == ["liz-truss"]
    assert holder("Justice Secretary", "2015-11-27") == ["michael-gove"]
    assert holder("Chief Inspector of Probation", "2019-02-22") == ["glenys-stacey"]
    assert holder("Chief Inspector of Probation", "2021-04-07") == ["justin-russell"]
    assert holder("Prisons Minister", "2017-11-17") == ["sam-gyimah"]
    assert holder("HMPPS Chief Executive", "2017-11-17") == ["michael-spurr"]
    assert holder("Napo General Secretary", "2019-02-22") == ["ian-lawrence"]
    # A hand-over day belongs to the incoming holder.
    assert holder("Justice Secretary", "2012-09-04") == ["chris-grayling"]


def test_the_checks_catch_each_kind_of_breach(org_keys: set[str]) -> None:
    bad = (
        '[Bad_Key]\nname = "X Y"\ndescription = "One."\n\n[[Bad_Key.roles]]\ntitle = "T"\nfrom = "2010"\n\n'
        '[a-b]\nname = "Ann Bee"\nsurname = "Bee"\ndescription = "One."\ncolour = "red"\n\n'
        '[[a-b.roles]]\ntitle = "Boss"\norg = "nowhere"\nfrom = "2012-13"\nforms = ["Top Boss"]\n\n'
        '[[a-b.roles]]\ntitle = "Boss"\nfrom = "2015"\nto = "2014"\n\n'
        '[c-d]\nname = "Cy Bee"\nsurname = "Bee"\naliases = ["Ann Bee", "Napo"]\ndescription = "One."\n\n'
        '[[c-d.roles]]\ntitle = "Chief"\nfrom = "2010"\nto = "2013"\nforms = ["Chief Boss"]\n\n'
        '[e-f]\nname = "Ed Eff"\ndescription = "One."\n\n'
        '[[e-f.roles]]\ntitle = "Chief"\nfrom = "2012-06"\nforms = ["Chief Boss"]\n\n'
        '[g-h]\nname = "Gee Aitch"\ndescription = "One."\nroles = []\n'
    )
    found = problems(bad, org_keys, other_forms(), "p.toml")
    expected = [
        "p.toml:1: key 'Bad_Key' must be lower-case words",
        "p.toml:9: a-b: unknown field 'colour'",
        "p.toml:15: a-b: org 'nowhere' is not an organisation key",
        "p.toml:15: a-b: from must be a real date",
        "p.toml:21: a-b: role ends (2014) before it starts (2015)",
        "p.toml:26: c-d: 'Ann Bee' is also a form of [a-b]",
        "p.toml:26: c-d: 'Napo' is also a form of organisations.toml [napo]",
        "p.toml:26: c-d: surname 'Bee' is also the surname of [a-b]",
        "p.toml:42: e-f: role form 'Chief Boss' overlaps the holder [c-d]",
        "p.toml:47: g-h: at least one [[g-h.roles]] is required",
    ]
    for message in expected:
        assert any(f.startswith(message) for f in found), (message, found)
    # A hand-over day shared by two holders is not an overlap.
    good = bad.replace('from = "2012-06"\nforms', 'from = "2013"\nforms')
    assert not any("overlaps" in f for f in problems(good, org_keys, other_forms(), "p.toml"))


# Public figures the seed posts name in full, as the seeds write them.
SEED_NAMES = [
    "Chris Grayling", "Michael Gove", "Liz Truss", "Elizabeth Truss", "David Gauke", "Robert Buckland",
    "Ken Clarke", "Jack Straw", "Sam Gyimah", "Kit Malthouse", "Bob Neill", "David Blunkett", "David Cameron",
    "Dominic Grieve", "Keir Starmer", "Liz Savile Roberts", "Rebecca Long Bailey", "Jo Farrar", "Antonia Romeo",
    "Sonia Crozier", "Sonia Flynn", "Michael Spurr", "Richard Heaton", "Glenys Stacey", "Peter Clarke",
    "Justin Russell", "Paul McDowell", "Sir Graham Smith", "Lord Ramsbotham", "Lord Farmer", "Lord Justice Pitchford",
    "Dame Sally Coates", "Kate Lampard", "Ian Lawrence", "Frances Crook", "Rob Allen", "Penelope Gibbs",
    "Peter Dawson", "Richard Garside", "Deborah Coles",
]


def test_the_public_figures_the_seeds_name_are_in_the_registry() -> None:
    data = tomllib.loads(PEOPLE.read_text(encoding="utf-8"))
    full = {form for p in data.values() for form in [p["name"], *p.get("aliases", [])]}
    seeds = "\n".join(f.read_text(encoding="utf-8") for f in sorted((REGISTRY.parent.parent / "seeds").glob("*.txt")))
    assert [n for n in SEED_NAMES if n not in seeds] == []
    assert [n for n in SEED_NAMES if n not in full] == []
