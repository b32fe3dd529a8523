"""Names the archive mentions most that the registry does not know yet.

The registry is the only source of links, so it must keep up with the blog.
This module reads the archive (every source format, through
``convert.read``), hides every form the registry already knows (organisations,
reports and, when ``people.toml`` exists, people), and counts what is left
that looks like an organisation, an abbreviation or a public figure:

* organisations: runs of capitalised words with an organisation-like head
  ("Justice Select Committee", "Howard League for Penal Reform"), prisons
  ("HMP Bure") and "the X of Y" forms;
* abbreviations: words of two or more capitals ("CPS", "OASys", "nDelius");
* people: two or three capitalised words next to an honorific or a title
  ("Mr", "Lord", "Justice Secretary ...", "..., General Secretary of ...").

Precision first, as for links: a commenter signing "Jim Brown" is a private
person and is never proposed; a name is proposed only with a title. Words
that start a sentence count only when the archive writes them capitalised
elsewhere; months, days and common words never count. The result is a list
for a maintainer to read, never a source of links.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import htmlbody
from .mentions import trie_pattern
from .model import Comment, Post
from .registry import KINDS, Registry
from .slug import slugify
from .structure import BlockLine, RichLine, runs_text

# Words that head an organisation's name, and the registry kind each suggests.
HEADS: dict[str, str] = {
    **dict.fromkeys(["Trust", "Trusts", "Foundation", "Charity", "Society", "League", "Appeal", "Mission",
                     "Project", "Network", "Centre", "Center", "Alliance", "Coalition", "Campaign", "Trustees"],
                    "charity"),
    **dict.fromkeys(["Council", "Board", "Authority", "Agency", "Service", "Services", "Executive", "Assembly",
                     "Government", "Directorate", "Bureau", "Panel", "Partnership", "Partnerships", "Unit",
                     "Consortium", "Forum", "Group", "Office", "Institute", "Institution", "University",
                     "College", "Academy", "School", "Hospital", "Fund", "Bank", "Department", "Ministry"],
                    "other"),
    **dict.fromkeys(["Committee", "Commons", "Lords"], "parliamentary-committee"),
    **dict.fromkeys(["Association", "Federation", "Union", "Guild", "Confederation"], "union"),
    **dict.fromkeys(["Ltd", "Limited", "plc", "PLC", "Plc", "LLP", "Inc", "Company", "Corporation", "Holdings",
                     "Solutions", "Consulting", "Associates"], "company"),
    **dict.fromkeys(["Court", "Courts", "Tribunal", "Tribunals"], "court"),
    **dict.fromkeys(["Prison", "Prisons", "HMP", "HMYOI", "YOI", "Borstal"], "prison"),
    **dict.fromkeys(["Inspectorate", "Ombudsman"], "inspectorate"),
    **dict.fromkeys(["Commission", "Regulator"], "regulator"),
    **dict.fromkeys(["Police", "Constabulary"], "police"),
    **dict.fromkeys(["Party"], "political-party"),
}  # fmt: skip
# A prison named by its prefix: "HMP Bure", "HMYOI Feltham".
PRISON_PREFIXES = {"HMP", "HMYOI", "YOI", "HMPYOI"}
# Honorifics that make a name a person's (the spec of people.toml lists the same).
HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron", "Professor",
              "Prof", "Cllr", "Councillor", "Rev", "Revd"}
# Honorifics that stay in the name when a single word follows ("Lord Ramsbotham", "Baroness Stern");
# after "Sir" or "Dame" a single word is a first name ("Dame Glenys"), not enough to tell who.
PEERAGE = {"Lord", "Lady", "Baroness", "Baron"}
# Capitalised words of offices and bodies, never part of a person's name.
NOT_NAME = {"National", "Royal", "British", "English", "Welsh", "Scottish", "Regional", "Local", "Senior",
            "Assistant", "Acting", "Interim", "Former", "Public", "Private", "Social", "Criminal", "Community",
            "Probation", "Prison", "Prisons", "Home", "Labour", "Tory", "Conservative", "Liberal", "Green",
            "Shadow", "Permanent", "Principal", "Lead", "Joint", "Co", "Select", "Policy", "Operations"}
# Words of an office: before a name ("Justice Secretary Chris Grayling") or after it (", General Secretary of").
TITLES = {"Secretary", "Minister", "Inspector", "Executive", "Director", "Chair", "Chairman", "Chairwoman",
          "Chairperson", "Commissioner", "Chancellor", "President", "Governor", "Leader", "Ombudsman", "Editor",
          "Officer", "Spokesman", "Spokeswoman", "Spokesperson", "Deputy", "Chief", "MP", "MPs", "Peer",
          "Judge", "Justice", "Recorder", "Attorney", "Solicitor", "General", "Mayor", "Premier", "Professor",
          "Head", "Manager", "Founder", "Vice", "CEO", "HMI", "Officers", "Directors", "Secretaries", "Ministers",
          "Inspectors", "Governors", "Managers", "Commissioners", "Heads"}  # fmt: skip
# Titles that make a preceding or following name a public figure's; "Officer" and "Manager" do not
# ("Probation Officer Jane Smith" is staff, a private person).
PUBLIC_TITLES = TITLES - {"Officer", "Manager", "Head", "Deputy", "Chief", "General", "Vice", "Justice",
                          "Founder", "Solicitor", "Attorney", "Recorder"}
# Titles that can start the name of a body ("Justice Select Committee", "General Medical Council").
NAMING_TITLES = {"Justice", "General", "Solicitor", "Attorney", "Recorder"}
AFTER_NAME = {"MP", "QC", "KC", "MEP", "MSP", "AM", "OBE", "CBE", "MBE", "DBE", "KBE"}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
          "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas",
          "Easter", "Xmas"}  # fmt: skip
# Common words that are capitalised only to start a sentence, or that never name anything.
STOP = set("""
a about above after again against all also although always am an and another any anyone anything anyway apparently
are as at because been before being both but by can could dear did do does doing don't down during each either even
ever every everyone everything few finally first for from further had has have having he he'd he's hello her here
hers herself hi him himself his how however i i'd i'll i'm i've if in indeed instead into is isn't it it's its itself
just last let let's like many maybe me meanwhile might more most much must my myself never next no nobody none nor not
nothing now of off oh ok okay on once one only or other others otherwise our ours ourselves out over perhaps please
quite rather really regards right sadly same say says she she's should since so some someone something sometimes
still such surely than thank thanks that that's the their theirs them themselves then there there's these they
they're this those though through thus to today together tomorrow too under unless until up upon us very was we
we're we've well were what what's whatever when where whether which while who whoever whom whose why will with
within without would yes yesterday yet you you're you've your yours yourself yourselves
anon anonymous re fwd ps nb pps update edit note see read yeah wow good great sorry true agreed exactly
""".split())  # fmt: skip
# Capitals that are not names: countries, units, everyday abbreviations, shouting interjections.
NOT_ABBR = {"UK", "US", "USA", "EU", "GB", "TV", "OK", "PM", "AM", "GMT", "BST", "CEO", "MP", "MPs", "QC", "KC",
            "NB", "PS", "PPS", "RIP", "LOL", "FYI", "IMO", "IMHO", "TBH", "BTW", "AKA", "ETA", "PDF", "URL", "FAQ",
            "ID", "IT", "HR", "PR", "IQ", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "OBE", "CBE",
            "MBE", "DBE", "KBE", "MEP", "MSP", "BA", "MA", "MSc", "BSc", "PhD", "DipSW", "CV", "NO", "YES",
            "WTF", "OMG", "ASAP", "AI", "DIY", "VAT", "GDP", "PPE", "OR", "AND", "THE", "NOT", "FOR", "BUT",
            "Mr", "Mrs", "Ms", "Dr", "St", "No", "Ltd"}  # fmt: skip
# Small words allowed inside an organisation's name ("Howard League for Penal Reform").
CONNECTORS = {"of", "for", "and", "&", "on", "the", "in"}

_TOKEN = re.compile(r"\w[\w'’&.-]*\w|\w|&|\S")
_ABBR = re.compile(r"^(?:[A-Z][A-Za-z&]*[A-Z][A-Za-z]*|[a-z][A-Z][A-Za-z]+)$")
_CAPITAL = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*$|^Mc[A-Z][a-z]+$|^O[’'][A-Z][a-z]+$")
_POSSESSIVE = re.compile(r"['’]s?$")
_CAPWORD = r"(?:[A-Z][A-Za-z'’&-]*|[a-z]+[A-Z][A-Za-z'’&-]*)"
# Runs of capitalised words, with small words inside: "Howard League for Penal Reform".
_RUN = re.compile(rf"(?<![\w'’&-]){_CAPWORD}(?:\s+(?:(?:of|for|and|&|on|the|in)\s+)*{_CAPWORD})*(?![\w&-])")
_SPAN = re.compile(r"\S+")
# A word with a capital after its first letter: "CPS", "OASys", "nDelius", "MoJ" (filtered after).
_ABBR_FIND = re.compile(r"(?<![\w'’&-])[A-Za-z][A-Za-z&]*[A-Z][A-Za-z&]*(?![\w&-])")
_LONG = re.compile(r"(?<![\w'’])[^\W\d_]{3,}(?![\w'’])")
_CAPS3 = re.compile(r"[A-Z]{3}")
# An abbreviation next to another word in capitals is a name or a heading in capitals: "IAN LAWRENCE".
_CAPITALS_BEFORE = re.compile(r"[A-Z]{3} $")
_CAPITALS_AFTER = re.compile(r" [A-Z]{3}")
_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_MIDCAP = re.compile(r"(?<=[a-z,;] )[A-Z][a-z'’-]+")
_OPENERS = " \t\"'“‘([•*-–—"
_MASK = "\x00"
# "Offender Management in Custody (OMiC)": the words before an abbreviation in brackets.
_SPELT_OUT = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|and|in|on|the|&)\s+)*)+)\(([A-Za-z&]{2,10})\)")


@dataclass
class Example:
    sentence: str
    date: str
    path: str
    where: str  # "post" or "comment"


@dataclass
class Candidate:
    """A name the registry does not know, with where the archive uses it."""

    name: str
    kind: str  # "organisation", "abbreviation" or "person"
    org_kind: str = "other"  # the registry kind it suggests (organisations)
    in_posts: int = 0  # mentions in post bodies
    in_comments: int = 0  # mentions in comments
    posts: set[str] = field(default_factory=set)  # the posts it appears in (paths)
    example: Example | None = None
    expansion: str = ""  # an abbreviation's full name, as the archive spells it out: "Name (ABBR)"

    @property
    def count(self) -> int:
        return self.in_posts + self.in_comments

    def add(self, where: str, sentence: str, post: Post) -> None:
        if where == "post":
            self.in_posts += 1
        else:
            self.in_comments += 1
        self.posts.add(post.path)
        # a post body's sentence explains a name better than a reader's comment does
        if self.example is None or (self.example.where == "comment" and where == "post"):
            self.example = Example(_around(sentence, self.name), post.date.isoformat(), post.path + ".html", where)

    def as_json(self) -> dict[str, object]:
        example = self.example or Example("", "", "", "")
        return {"name": self.name, "kind": self.kind, "expansion": self.expansion or None,
                "org_kind": self.org_kind if self.kind != "person" else None, "mentions": self.count, "in_posts": self.in_posts, "in_comments": self.in_comments,
                "posts": len(self.posts), "example": example.sentence, "date": example.date, "path": example.path}


def _around(sentence: str, name: str, limit: int = 240) -> str:
    """The sentence, or, when it is long, the part of it around the name."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    at = max(text.find(name.split()[-1]), 0)
    start = max(0, min(at - limit // 3, len(text) - limit))
    part = text[start:start + limit]
    return ("…" if start else "") + part + ("…" if start + limit < len(text) else "")


# --- what the registry knows ------------------------------------------------


def known(registry: Registry, people: Path | None = None) -> Known:
    """What the registry knows: its forms and keys (people's too when ``people`` exists)."""
    keys = {key for (_, key) in registry.entities}
    if people is not None and people.is_file():
        try:
            keys |= set(tomllib.loads(people.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            pass
    return Known(known_forms(registry, people), keys)


def known_forms(registry: Registry, people: Path | None = None) -> set[str]:
    """Every form of every entity: names, titles, abbreviations, aliases, ambiguous forms,
    and, from ``people.toml`` when it exists, people's names, surnames, aliases and role forms."""
    forms: set[str] = set()
    for entity in registry.entities.values():
        data = entity.data
        forms.add(entity.name)
        for name in ("abbr", "aliases", "ambiguous"):
            forms.update(data.get(name, []))
        if isinstance(data.get("short"), str):
            forms.add(data["short"])
    if people is not None and people.is_file():
        forms |= people_forms(people)
    return {" ".join(f.split()) for f in forms if isinstance(f, str) and f.strip()}


def people_forms(path: Path) -> set[str]:
    """The forms of ``people.toml`` (read here with ``tomllib``; an unreadable file adds nothing,
    the registry's own loader reports it)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    forms: set[str] = set()
    for entry in data.values():
        if not isinstance(entry, dict):
            continue
        for name in ("name", "surname"):
            if isinstance(entry.get(name), str):
                forms.add(entry[name])
        for name in ("aliases", "ambiguous"):
            if isinstance(entry.get(name), list):
                forms.update(v for v in entry[name] if isinstance(v, str))
        for role in entry.get("roles", []) if isinstance(entry.get("roles"), list) else []:
            if isinstance(role, dict) and isinstance(role.get("forms"), list):
                forms.update(v for v in role["forms"] if isinstance(v, str))
    return forms


class Known:
    """Hides what the registry knows from a text, and answers whether a name is known."""

    def __init__(self, forms: set[str], keys: Iterable[str] = ()) -> None:
        self.forms = forms
        self.keys = set(keys)
        self.lower = {f.lower() for f in forms}
        self.surnames = {f.split()[-1] for f in forms if len(f.split()) > 1}
        pattern = trie_pattern(sorted(forms)) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![\w&])(?:{pattern})(?![\w])")

    def mask(self, text: str) -> str:
        """The text with every known form blanked out (same length, so positions still match)."""
        return self.regex.sub(lambda m: _MASK * len(m[0]), text)

    def knows(self, name: str) -> bool:
        return name.lower() in self.lower or slugify(name) in self.keys


# --- the archive's text -----------------------------------------------------


def _html_text(html: str) -> str:
    """The text of a body or comment in Blogger's HTML, line by line, as the pages show it
    (tables, quotes and lists included: names stand in them too)."""
    lines = []
    for line in htmlbody.html_lines(html):
        if isinstance(line, RichLine):
            lines.append(line.text)
        elif isinstance(line, BlockLine):
            lines.append(runs_text(htmlbody._block_runs(line.block)))
        else:
            lines.append(line.text)
    return "\n".join(lines)


def _comment_units(comment: Comment) -> Iterator[str]:
    if not comment.removed:
        if comment.html is not None:
            yield _html_text(comment.html)
        else:
            yield "\n".join(line.text for line in comment.lines)
    for reply in comment.replies:
        yield from _comment_units(reply)


def units(post: Post) -> Iterator[tuple[str, str]]:
    """(``"post"`` or ``"comment"``, text) for a post's body and each of its comments and replies.
    Titles are left out: the blog writes them in title case."""
    body = _html_text(post.html) if post.html is not None else "\n".join(line.text for line in post.body)
    yield "post", body
    for comment in post.comments:
        for text in _comment_units(comment):
            yield "comment", text


def sentences(text: str) -> Iterator[str]:
    """Sentences of a text: each line (paragraph) split after . ! ? before a capital."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            yield from (s for s in re.split(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])", line) if s.strip())


# --- finding names ----------------------------------------------------------


def _shouting(sentence: str) -> bool:
    """Most of its long words in capitals: a heading or a shout, not a list of names."""
    if not _CAPS3.search(sentence):
        return False
    long = _LONG.findall(sentence)
    return bool(long) and sum(w.isupper() for w in long) * 2 > len(long)


def _initial_offset(sentence: str) -> int:
    """Where the sentence's first word starts (after quotes, brackets, bullets)."""
    return len(sentence) - len(sentence.lstrip(_OPENERS))


class Finder:
    """Counts candidates over the archive (two passes: how words are written first, then names).

    Regular expressions find the capitalised runs and the capitals, so that Python
    looks only at the few words that could be names (the archive is tens of millions
    of words)."""

    def __init__(self, known: Known) -> None:
        self.known = known
        self.lower: Counter[str] = Counter()  # a word written in lower case
        self.capital: Counter[str] = Counter()  # a word written capitalised, not starting a sentence
        self.found: dict[tuple[str, str], Candidate] = {}

    # pass 1: how the archive writes each word
    def learn(self, text: str) -> None:
        self.lower.update(_LOWER.findall(text))
        self.capital.update(word.lower() for word in _MIDCAP.findall(text))

    def common(self, word: str) -> bool:
        """A word the archive writes in lower case more often than capitalised (mid-sentence)."""
        low = word.lower()
        return low in STOP or word in MONTHS or self.lower[low] > self.capital[low]

    # pass 2: names
    def scan(self, text: str, where: str, post: Post) -> None:
        masked = self.known.mask(text)
        for sentence, masked_sentence in _aligned(text, masked):
            if _shouting(masked_sentence):
                continue
            for name, kind, org_kind in self._names(masked_sentence):
                if self.known.knows(name):
                    continue
                candidate = self.found.get((kind, name))
                if candidate is None:
                    candidate = self.found[(kind, name)] = Candidate(name, kind, org_kind)
                candidate.add(where, sentence, post)
                if kind == "abbreviation" and not candidate.expansion:
                    candidate.expansion = spelt_out(sentence, name)

    def _names(self, sentence: str) -> Iterator[tuple[str, str, str]]:
        for match in _ABBR_FIND.finditer(sentence):
            if (self._abbreviation(match[0]) and not _CAPITALS_BEFORE.search(sentence, max(0, match.start() - 4), match.start())
                    and not _CAPITALS_AFTER.match(sentence, match.end())):
                yield match[0], "abbreviation", "other"
        for words, before, after in self._runs(sentence):
            yield from self._run_names(words, before, after)

    def _abbreviation(self, word: str) -> bool:
        """Capitals that name something: "CPS", "OASys", "nDelius", "CRCs"; not a shouted word
        ("PROBATION"), a camel-cased brand ("PowerPoint") or a surname ("McHugh")."""
        if not _ABBR.match(word) or word in NOT_ABBR or len(word) > 10 or word in HEADS or word in PRISON_PREFIXES:
            return False
        upper = sum(c.isupper() for c in word)
        if upper < sum(c.islower() for c in word) and not word[0].islower() and not re.match(r"^[A-Z]+s$", word):
            return False
        if re.match(r"^[A-Z]&[A-Z]$", word):
            return False  # "Q&A", "H&S"
        low = word.lower()
        return not (low in STOP or word.isupper() and len(word) >= 4 and self.lower[low] > 0)

    def _runs(self, sentence: str) -> Iterator[tuple[list[str], str, list[str]]]:
        """Runs of capitalised words (with connectors inside), the word before each and the tokens after."""
        first = _initial_offset(sentence)
        for match in _RUN.finditer(sentence):
            spans = [(m.start() + match.start(), m[0]) for m in _SPAN.finditer(match[0])]
            k = 0
            while k < len(spans):
                run: list[tuple[int, str]] = []  # (offset, word) of the name's words
                while k < len(spans):
                    at, word = spans[k]
                    k += 1
                    if word in CONNECTORS:
                        if run:
                            run.append((at, word))
                        continue
                    bare = _POSSESSIVE.sub("", word)
                    if not self._capital(bare, at == first):
                        break
                    run.append((at, bare))
                    if bare != word:
                        following = spans[k][1] if k < len(spans) else ""
                        if word[-1] in "'’" and bare.endswith("s") and following[:1].isupper():
                            run[-1] = (at, word)  # a plural possessive inside a name: "Prisoners’ Education Trust"
                            continue
                        break  # "Grayling's": a possessive ends the name
                if not run:
                    continue
                end = run[-1][0] + len(run[-1][1])
                before = sentence[max(0, run[0][0] - 12):run[0][0]].split()[-1:]
                # a common word that only starts the sentence is not part of a name ("The", "Since")
                if run[0][0] == first and self.common(run[0][1]):
                    before = [run.pop(0)[1].lower()]
                while run and run[0][1] in CONNECTORS:
                    before = [run.pop(0)[1]]
                while run and run[-1][1] in CONNECTORS:
                    run.pop()
                if run:
                    yield [w for _, w in run], before[0] if before else "", _TOKEN.findall(sentence, end, end + 60)[:6]

    def _capital(self, word: str, initial: bool) -> bool:
        if word in MONTHS:
            return False
        if word in HEADS or word in TITLES or word in HONORIFICS or word in PRISON_PREFIXES:
            return True
        if word.lower() in STOP:
            return initial  # dropped again if it starts the sentence
        return bool(_CAPITAL.match(word) or (_ABBR.match(word) and word not in NOT_ABBR))

    def _run_names(self, words: list[str], before: str, after: list[str]) -> Iterator[tuple[str, str, str]]:
        yield from self._organisation(words, before)
        yield from self._people(words, before, after)

    def _organisation(self, words: list[str], before: str) -> Iterator[tuple[str, str, str]]:
        # a prison by its prefix
        for k, word in enumerate(words[:-1]):
            if word in PRISON_PREFIXES and _CAPITAL.match(words[k + 1]):
                end = k + 2
                while end < len(words) and _CAPITAL.match(words[end]) and words[end] not in HEADS and words[end] not in TITLES:
                    end += 1
                yield " ".join(words[k:end]), "organisation", "prison"
                return
        heads = [k for k, w in enumerate(words) if w in HEADS and w not in PRISON_PREFIXES]
        if not heads:
            # "the X of Y": an institution named by what it does
            if (before == "the" and "of" in words[1:-1]
                    and not any(w in TITLES or w in HONORIFICS for w in words)):
                yield " ".join(words), "organisation", "other"
            return
        # the name ends at its last head, or goes on through "of/for/on ..." ("Ministry of Justice")
        end = heads[-1] + 1
        if end < len(words) and words[end] in {"of", "for", "on"}:
            end = len(words)
        elif end < len(words) and words[end] not in CONNECTORS and words[end] not in TITLES | HONORIFICS:
            return  # the name goes on past its head: "Multi Agency Public Protection Arrangements"
        start = 0
        # a title or honorific before the organisation belongs to a person ("Chief Executive of ...")
        for k in range(heads[0]):
            if words[k] in TITLES - NAMING_TITLES or words[k] in HONORIFICS or words[k] == "the":
                start = k + 1
        name = words[start:end]
        while name and name[0] in CONNECTORS:
            name.pop(0)
        while name and name[-1] in CONNECTORS:
            name.pop()
        significant = [w for w in name if w not in CONNECTORS]
        if len(significant) < 2 or all(w in HEADS or w in TITLES for w in significant):
            return  # "Service", "Trust Board": a common noun, not a name
        if any(self.common(w) and w not in HEADS for w in significant[:1]) and len(significant) == 2 \
                and significant[0].lower() in STOP:
            return
        yield " ".join(name), "organisation", HEADS[words[heads[-1]]]

    def _people(self, words: list[str], before: str, after: list[str]) -> Iterator[tuple[str, str, str]]:
        # honorific or title inside the run, then the name: "Mr Chris Grayling", "Justice Secretary Chris Grayling"
        for k, word in enumerate(words):
            if word in HONORIFICS or word in PUBLIC_TITLES:
                name = self._name(words[k + 1:])
                if name and not (word in TITLES and len(name) < 2):
                    if len(name) == 1:
                        if word in PEERAGE or word in HONORIFICS - {"Sir", "Dame"}:
                            yield f"{word} {name[0]}", "person", ""
                    else:
                        yield " ".join(name), "person", ""
                    return
        # a name alone in the run, then a title: "Chris Grayling MP", "Ian Lawrence, General Secretary"
        name = self._name(words)
        if not name or len(name) != len(words) or len(name) < 2:
            return
        texts = after
        if texts and texts[0] in AFTER_NAME:
            yield " ".join(name), "person", ""
            return
        if texts and texts[0] in {",", "("}:
            rest = [t for t in texts[1:] if t not in {"the", "a", "former", "then", "now", "new"}][:3]
            if any(_POSSESSIVE.sub("", t) in PUBLIC_TITLES for t in rest):
                yield " ".join(name), "person", ""

    def _name(self, words: list[str]) -> list[str]:
        """The first two or three words if they look like a person's name, else []."""
        name: list[str] = []
        for word in words[:3]:
            if (not _CAPITAL.match(word) or word in HEADS or word in TITLES or word in HONORIFICS
                    or word in NOT_NAME or word.split("-")[0] in NOT_NAME or word.split("-")[-1] in TITLES
                    or word in MONTHS or word.lower() in STOP or self.common(word)):
                break
            name.append(word)
        return name


def spelt_out(sentence: str, abbr: str) -> str:
    """The full name an abbreviation stands for, when the sentence spells it out before
    it in brackets and the initials agree: "Offender Management in Custody (OMiC)"."""
    for match in _SPELT_OUT.finditer(sentence):
        if match[2] != abbr:
            continue
        words = match[1].split()
        capitals = [c for c in abbr.rstrip("s") if c.isupper()]
        # the last capitalised words whose initials are the abbreviation's capitals
        taken: list[str] = []
        for word in reversed(words):
            taken.insert(0, word)
            initials = [w[0] for w in taken if w[0].isupper()]
            if len(initials) == len(capitals):
                return " ".join(taken) if initials == capitals else ""
    return ""


def _aligned(text: str, masked: str) -> Iterator[tuple[str, str]]:
    """Sentences of the text and of its masked copy, side by side."""
    position = 0
    for sentence in sentences(masked):
        start = masked.index(sentence, position)
        position = start + len(sentence)
        yield text[start:position], sentence


# --- the report -------------------------------------------------------------


def find(posts: Iterable[Post], known: Known) -> list[Candidate]:
    """Every candidate, most mentioned first."""
    posts = list(posts)
    finder = Finder(known)
    texts = [(post, where, text) for post in posts for where, text in units(post)]
    for _, _, text in texts:
        finder.learn(text)
    for post, where, text in texts:
        finder.scan(text, where, post)
    return rank(_fold(finder.found, known))


def _merge(target: Candidate, other: Candidate) -> None:
    target.in_posts += other.in_posts
    target.in_comments += other.in_comments
    target.posts |= other.posts
    target.expansion = target.expansion or other.expansion


def _fold(found: dict[tuple[str, str], Candidate], known: Known) -> list[Candidate]:
    """Variants of one name counted once: "SPOs" for "SPO" (gone if the registry knows "SPO"),
    and "Mr Grayling" for "Chris Grayling" when the archive names one such person (gone when the
    registry knows a person of that surname)."""
    people = [c for c in found.values() if c.kind == "person" and " " in c.name]
    out = []
    for candidate in found.values():
        words = candidate.name.split()
        if candidate.kind == "abbreviation" and candidate.name.endswith("s") and len(candidate.name) > 2:
            stem = candidate.name[:-1]
            if known.knows(stem):
                continue
            if ("abbreviation", stem) in found:
                _merge(found[("abbreviation", stem)], candidate)
                continue
        if candidate.kind == "person" and len(words) == 2 and words[0] in HONORIFICS - PEERAGE:
            if words[1] in known.surnames:
                continue
            full = [p for p in people if p.name.split()[-1] == words[1] and p is not candidate
                    and p.name.split()[0] not in HONORIFICS]
            if len(full) == 1:
                _merge(full[0], candidate)
                continue
        out.append(candidate)
    return out


def rank(candidates: list[Candidate], min_count: int = 1, limit: int | None = None) -> list[Candidate]:
    ranked = sorted((c for c in candidates if c.count >= min_count),
                    key=lambda c: (-c.count, -len(c.posts), c.kind, c.name))
    return ranked[:limit] if limit else ranked


def text_table(candidates: list[Candidate]) -> str:
    lines = [f"{'mentions':>8} {'posts':>5} {'in posts':>8} {'comments':>8}  {'kind':<12} name",
             f"{'':>8} {'':>5} {'':>8} {'':>8}  {'':<12} example (date, page)"]
    for c in candidates:
        kind = c.kind if c.kind == "person" else f"{c.kind[:4]}:{c.org_kind}" if c.kind == "organisation" else "abbr"
        lines.append(f"{c.count:>8} {len(c.posts):>5} {c.in_posts:>8} {c.in_comments:>8}  {kind:<12} {c.name}")
        if c.example:
            lines.append(f"{'':>37}“{c.example.sentence}” ({c.example.date}, {c.example.path})")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_stubs(candidates: list[Candidate]) -> str:
    """Registry stubs to edit: organisations and abbreviations for organisations.toml,
    people for people.toml. Every description is TODO (and a person's role, whose ``from`` date
    then fails the registry's check), so that a stub nobody has read is easy to find."""
    keys: set[str] = set()

    def key_of(name: str) -> str:
        base = slugify(name) or "todo"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        return key

    orgs = [c for c in candidates if c.kind != "person"]
    people = [c for c in candidates if c.kind == "person"]
    out = ["# Stubs from `onprobation candidates`: check each against the text, fill in the TODOs,",
           "# delete what is not worth a link, then move each block into its registry file.", ""]
    if orgs:
        out += ["# --- for docs/registry/organisations.toml ---", ""]
    for c in orgs:
        out.append(f"[{key_of(c.name)}]")
        if c.kind == "abbreviation":
            if c.expansion:
                out.append(f"name = {_toml_string(c.expansion)}  # as the archive spells it out")
            else:
                out.append(f'name = "TODO"  # the full name of {c.name}')
            out.append(f"abbr = [{_toml_string(c.name)}]")
        else:
            out.append(f"name = {_toml_string(c.name)}")
        kind = c.org_kind if c.org_kind in KINDS else "other"
        out.append(f"kind = {_toml_string(kind)}  # a guess: one of the kinds in the file's header")
        out.append('description = "TODO"')
        out.append(f"# {c.count} mentions in {len(c.posts)} posts; e.g. {_example(c)}")
        out.append("")
    if people:
        out += ["# --- for docs/registry/people.toml (public figures only) ---", ""]
    for c in people:
        key = key_of(c.name)
        out.append(f"[{key}]")
        out.append(f"name = {_toml_string(c.name)}")
        out.append('description = "TODO"')
        out.append(f"# {c.count} mentions in {len(c.posts)} posts; e.g. {_example(c)}")
        out.append(f"[[{key}.roles]]")
        out.append('title = "TODO"')
        out.append('from = "TODO"')
        out.append("")
    return "\n".join(out)


def _example(c: Candidate) -> str:
    if not c.example:
        return ""
    return f"{c.example.date} {c.example.path}: {c.example.sentence}".replace("\n", " ")
