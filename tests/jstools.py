"""The validators of tests/js (pinned in its package-lock.json) and the
programs they need. ``make test`` installs them (``npm ci``); ``.ci/run``
installs Java, Node and Chromium. A test skips only when a program is
missing; with the programs there, missing packages are a failure."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT

JS = ROOT / "tests" / "js"
NODE_MODULES = JS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse"

JAVA = shutil.which("java")
NODE = shutil.which("node")
NPM = shutil.which("npm")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def installed(path) -> None:
    """Fail, saying how to fix it, when a validator package is missing."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make validators` (npm ci in tests/js)")
