"""The changes page's table: made as text for HTML, the same bytes as its nodes translated."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.utils import new_document

from onprobation_ext.history import html_table, node_table, table_for

ROWS = [
    ("archive-2010-01.txt", "2024-03-01", "3", "10 January 2010 – 19 January 2010"),
    ('x&<y>"@z\'s dump.txt', "not known", "0", "—"),  # every character HTML escapes, as the translator does
    ("*not* `markup` <b>.txt", "not known", "1", "1 April 2010 – 1 April 2010"),
]


@pytest.mark.sphinx("html", testroot="unknown-key", srcdir="history-table",
                    confoverrides={"html_theme": "alabaster"})
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["three", "one", "none"])
def test_the_html_table_is_the_translated_nodes(app, rows) -> None:
    app.build()
    builder = app.builder
    document = new_document("changes", builder.docsettings)
    document += node_table(rows)
    translator = builder.create_translator(document, builder)
    document.children[0].walkabout(translator)
    assert html_table(rows) == "".join(translator.body)


def test_other_builders_get_the_nodes() -> None:
    assert isinstance(table_for("latex", ROWS), nodes.table)
    raw = table_for("html", ROWS)
    assert isinstance(raw, nodes.raw) and raw["format"] == "html" and raw.astext() == html_table(ROWS)
