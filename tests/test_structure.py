"""Recognising structure in a post body."""

from onprobation.model import Line
from onprobation.structure import Bullets, Para, Quote, Rubric, Separator, parse_body


def body(text: str) -> list:
    return parse_body([Line(n, t) for n, t in enumerate(text.split("\n"), 1)])


def test_paragraphs_lists_and_separators() -> None:
    blocks = body("One.\nTwo.\n\n  • a\n• b\n- c\n\n--oo00oo--\n\nThree.*****\n\nFour.")
    assert [type(b).__name__ for b in blocks] == ["Para", "Para", "Bullets", "Separator", "Para", "Separator", "Para"]
    assert [i.text for i in blocks[2].items] == ["a", "b", "c"]
    assert blocks[4].text == "Three."


def test_separators_never_first_last_or_adjacent() -> None:
    blocks = body("*****\n\n--oo00oo--\nText\n--oo00oo--\n*****\nMore\n*****")
    assert [type(b).__name__ for b in blocks] == ["Para", "Separator", "Para"] or all(
        not (isinstance(a, Separator) and isinstance(b, Separator)) for a, b in zip(blocks, blocks[1:])
    )
    assert not isinstance(blocks[0], Separator) and not isinstance(blocks[-1], Separator)


def test_reproduced_article_with_title_heading_and_author() -> None:
    blocks = body(
        "Here's Rob Allen:-\n\nWhy Gauke Deserves Two Cheers\n\nFirst para.\n\nA Heading Inside\n\n"
        "Second para.\n\nRob Allen\n\n--oo00oo--\n\nMy own voice."
    )
    intro, quote, sep, own = blocks
    assert isinstance(intro, Para) and isinstance(sep, Separator) and own.text == "My own voice."
    assert isinstance(quote, Quote) and quote.kind == "article"
    assert [t.text for t in quote.titles] == ["Why Gauke Deserves Two Cheers"]
    assert [type(b).__name__ for b in quote.blocks] == ["Para", "Rubric", "Para"]
    assert quote.attribution.text == "Rob Allen"


def test_list_lines_are_not_headings() -> None:
    (_, quote) = body("Jobs:-\n\nNPS\n\nOfficer: Grays\nOfficer: Bure\n\nEnd.")
    assert [t.text for t in quote.titles] == ["NPS"]
    assert all(isinstance(b, Para) for b in quote.blocks)


def test_republished_reader_comment() -> None:
    blocks = body("Mine.\n\n*****\nA reader wrote this.\n\n******\nMine again.")
    assert [type(b).__name__ for b in blocks] == ["Para", "Quote", "Para"]
    assert blocks[1].kind == "comment"


def test_transcript_speakers() -> None:
    blocks = body("Q5 Chair: A question?\n\nAntonia Romeo: An answer.")
    assert [b.speaker for b in blocks] == ["Q5 Chair:", "Antonia Romeo:"]
    assert body("Officer: Grays")[0].speaker == ""
