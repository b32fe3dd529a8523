"""Shared fixtures: paths of the repository and a helper to parse small dumps."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from onprobation.model import Post, Problem
from onprobation.parse import parse_text

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS = ROOT / "docs"


def dump(text: str) -> str:
    """A dump written in a test: dedented, first newline dropped."""
    return textwrap.dedent(text).lstrip("\n")


def parse(text: str, file: str = "test.txt") -> tuple[list[Post], list[Problem]]:
    return parse_text(dump(text), file)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"
