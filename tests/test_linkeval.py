"""``onprobation linkeval``: the labelled sample, scored against the pages the converter writes."""

from __future__ import annotations

import re
import tomllib

import pytest

from conftest import DOCS, ROOT, SEEDS
from onprobation.cli import main
from onprobation.convert import read, seed_files
from onprobation.linkeval import KINDS, KIND_NAMES, evaluate, found_links
from onprobation.mentions import Linker
from onprobation.registry import Entity, load

SAMPLE = ROOT / "tests" / "data" / "linking-sample.toml"
LINE = re.compile(
    r"^(?P<kind>\w+): precision (?:n/a|\d+\.\d%), recall (?:n/a|\d+\.\d%) \(true positives (?P<tp>\d+), "
    r"false positives (?P<fp>\d+), misses (?P<fn>\d+), of which (?P<unknown>\d+) not in the registry; "
    r"recall where the registry has the entity (?:n/a|\d+\.\d%)\)$"
)


@pytest.fixture(scope="module")
def posts() -> list:
    return read(seed_files(SEEDS)).posts


def test_report_on_the_seeds(capsys) -> None:
    assert main(["linkeval", "--registry", str(DOCS / "registry"), "--sample", str(SAMPLE), str(SEEDS)]) == 0
    out = capsys.readouterr().out.splitlines()
    sample = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))["posts"]
    assert len(sample) >= 12
    assert re.match(rf"^linkeval: {len(sample)} posts, \d+ paragraphs and comments read$", out[0])
    scores = {m["kind"]: m for m in map(LINE.match, out) if m}
    assert set(scores) == {KIND_NAMES[k] for k in KINDS}
    for kind in KINDS:
        labels = sum(1 for post in sample for label in post["mentions"] if kind in label)
        score = scores[KIND_NAMES[kind]]
        assert int(score["tp"]) + int(score["fn"]) == labels, kind  # every label is a hit or a miss
        assert int(score["unknown"]) <= int(score["fn"])
    assert not [line for line in out if line.startswith("problem:")]


def _person() -> Entity:
    data = {"name": "Liz Truss", "aliases": ["Elizabeth Truss"], "surname": "Truss", "description": "x",
            "roles": [{"title": "Justice Secretary", "from": "2016-07-14", "to": "2017-06-11",
                       "forms": ["Justice Secretary"]}]}
    return Entity("person", "liz-truss", "Liz Truss", data, "people.toml", 1)


def test_hits_false_positives_and_misses(posts) -> None:
    registry = load(DOCS / "registry", DOCS.parent)
    registry.entities[("person", "liz-truss")] = _person()
    sample = {"posts": [{
        "date": "2017-02-08", "title": "Prison Service Swallows Probation Whole", "body": ["p2", "p9", "p10"],
        "mentions": [
            {"at": "p2", "text": "Elizabeth Truss", "person": "Liz Truss"},  # by name, through the alias
            {"at": "p10", "text": "Liz Truss", "person": "Nobody Known"},  # not in the registry: a miss
        ],
    }]}
    scores = evaluate(posts, registry, sample).scores
    assert [(i.anchor, i.key) for i in scores["person"].hits] == [("p2", "liz-truss")]
    assert [(i.anchor, i.key) for i in scores["person"].wrong] == [("p10", "liz-truss")]
    assert [(i.anchor, i.key) for i in scores["person"].missed] == [("p10", "?Nobody Known")]
    assert scores["person"].unknown == 1
    assert [(i.anchor, i.key, i.text) for i in scores["org"].wrong] == [("p9", "moj", "Ministry of Justice")]
    assert scores["org"].precision == 0.0 and scores["org"].recall is None


def test_bad_sample_entries_are_reported(tmp_path, capsys) -> None:
    sample = tmp_path / "sample.toml"
    sample.write_text('[[posts]]\ndate = 2017-02-08\ntitle = "No such post"\nmentions = []\n'
                      '[[posts]]\ndate = 2017-02-08\ntitle = "Prison Service Swallows Probation Whole"\n'
                      'body = ["p1"]\nmentions = [{ at = "p99", text = "NPS", org = "nps" }]\n')
    assert main(["linkeval", "--sample", str(sample), "--registry", str(DOCS / "registry"), str(SEEDS)]) == 1
    out = capsys.readouterr().out
    assert "problem: sample: no post of 2017-02-08 titled 'No such post'" in out
    assert "outside the anchors read" in out
    assert main(["linkeval", "--sample", str(tmp_path / "missing.toml")]) == 2


def test_anchors_are_the_sites(seed_site, posts) -> None:
    """The anchors linkeval gives links are the ids the built page gives their paragraphs."""
    linker = Linker(load(DOCS / "registry", DOCS.parent))
    post = next(p for p in posts if p.title == "If Only Probation Wasn't Broken!")
    html = (seed_site / (post.path + ".html")).read_text(encoding="utf-8")
    for item in sorted(found_links(post, linker), key=str):
        start = html.find(f'id="{item.anchor}"')
        assert start >= 0, item
        nxt = re.compile(r'id="(?:p\d+|c\d+(?:-\d+)*)"').search(html, start + 10)
        chunk = html[start:nxt.start() if nxt else len(html)]
        assert f"/{item.key}.html" in chunk or f"#{item.key}" in chunk, item
