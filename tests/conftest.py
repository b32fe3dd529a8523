"""Shared fixtures: paths of the repository, a helper to parse small dumps, and
the seed site built and served once for the browser and validator tests."""

from __future__ import annotations

import functools
import http.server
import textwrap
import threading
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The real site, built once for the tests that only look at its HTML
    (the browser and the validators): its output folder."""
    from sitebuild import build_seed_site  # imports this module: not at the top

    app = build_seed_site(tmp_path_factory.mktemp("seedsite"), html_baseurl="https://archive.example/")
    return Path(app.outdir)


@pytest.fixture(scope="session")
def seed_site_url(seed_site: Path) -> Iterator[str]:
    """``seed_site`` served on 127.0.0.1 (a free port): its root URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(seed_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
