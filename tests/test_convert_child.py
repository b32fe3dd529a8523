"""The extension runs the converter in a forked child process (``convert.in_child``):
its result comes back, and so does its failure, as an error Sphinx reports."""

from __future__ import annotations

import os

import pytest
from sphinx.errors import ExtensionError

from onprobation_ext.convert import in_child


def test_the_result_comes_back() -> None:
    assert in_child(lambda: ({"posts": 3}, [1, 2])) == ({"posts": 3}, [1, 2])


def test_an_exception_comes_back_with_its_traceback() -> None:
    with pytest.raises(ExtensionError, match=r"(?s)the converter failed:.*ZeroDivisionError"):
        in_child(lambda: 1 / 0)


def test_a_process_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(ExtensionError, match="ended with exit code 3"):
        in_child(lambda: os._exit(3))
