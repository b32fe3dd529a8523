"""Blogger's permalink rule (contract 3)."""

import pytest

from onprobation.slug import slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Grayling Having a Laugh", "grayling-having-laugh"),
        ("A PO's View of the Future", "a-pos-view-of-future"),
        ("Carry On Advising, Assisting and Befriending", "carry-on-advising-assisting-and"),
        ("Probation Jobs", "probation-jobs"),
        ("If Only Probation Wasn't Broken!", "if-only-probation-wasnt-broken"),
        ("Prison Is The Future", "prison-is-future"),
        ("The End", "the-end"),
        ("HMPPS - Reaction", "hmpps-reaction"),
        ("Café Société – £3.7bn", "cafe-societe-37bn"),
        ("Antidote to a Scary World 3", "antidote-to-scary-world-3"),
        ("", "blog-post"),
        ("!!! ???", "blog-post"),
    ],
)
def test_examples(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_cut_at_word_boundary_to_40() -> None:
    slug = slugify("Transforming Rehabilitation Community Rehabilitation Companies Report")
    assert len(slug) <= 40 and not slug.endswith("-")
    assert slug == "transforming-rehabilitation-community"


def test_single_long_word_is_cut() -> None:
    assert slugify("x" * 60) == "x" * 40
