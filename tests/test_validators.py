"""The built site against the validators of issue 12.

- The Nu Html Checker (vnu.jar) finds no error on any page of the seed site:
  one Java process checks every file.
- Every page has one viewport tag and one meta description of a useful length.
- Lighthouse scores 100 for accessibility and SEO on the home page and a post
  (one Chromium for both; about 30 s).

axe-core, the phone layout and the descriptions as a browser sees them are in
test_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from jstools import CHROMIUM, JAVA, JS, LIGHTHOUSE, NODE, VNU_JAR, installed

pytestmark = pytest.mark.slow
POST = "2019/02/if-only-probation-wasnt-broken"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.skipif(not JAVA, reason="java is not installed; .ci/run installs it")
@pytest.mark.skipif(not NODE, reason="node is not installed; .ci/run installs it (npm ci fetches vnu.jar)")
def test_no_html_errors_on_any_page(seed_site: Path) -> None:
    installed(VNU_JAR)
    files = pages(seed_site)
    assert len(files) > 300
    run = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]  # vnu writes its report on stderr
    errors = [f"{m.get('url', '').rsplit('/html/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] != "info"]
    assert errors == [], f"{len(errors)} errors, the first: " + "\n".join(errors[:20])


def test_every_page_has_one_viewport_and_a_description(seed_site: Path) -> None:
    problems = []
    for page in pages(seed_site):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        name = page.relative_to(seed_site).as_posix()
        if len(re.findall(r'<meta name="viewport"', head)) != 1:
            problems.append(f"{name}: not one viewport tag")
        descriptions = [html.unescape(d) for d in re.findall(r'<meta name="description" content="([^"]*)"', head)]
        if len(descriptions) != 1 or not 40 <= len(descriptions[0]) <= 160:
            problems.append(f"{name}: description {descriptions}")
    assert problems == []


def test_descriptions_say_what_each_page_is(seed_site: Path) -> None:
    def description(name: str) -> str:
        head = (seed_site / name).read_text(encoding="utf-8")
        return re.search(r'<meta name="description" content="([^"]*)"', head).group(1)

    post = description(f"{POST}.html")
    assert post.startswith("It seems to me that whilst domestic politics continues to be focused on matters")
    assert post.endswith("…")
    assert "Wales" in description("index.html") and "citation" in description("index.html")
    assert description("2019/02/index.html") == "On Probation in February 2019, 1 post: If Only Probation Wasn&#x27;t Broken!"
    assert description("organisations/nps.html").startswith("National Probation Service (NPS): Public-sector")
    assert description("search.html") == "Search every post and comment of the On Probation archive."


@pytest.mark.skipif(not NODE, reason="node is not installed; .ci/run installs it")
@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed; .ci/run installs it")
def test_lighthouse_accessibility_and_seo_are_100(seed_site_url: str) -> None:
    installed(LIGHTHOUSE)
    urls = [seed_site_url + "index.html", seed_site_url + f"{POST}.html"]
    run = subprocess.run(
        [NODE, str(JS / "lighthouse.mjs"), *urls],
        capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=JS,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    for url in urls:
        assert results[url]["error"] is None, results[url]
        assert results[url]["scores"] == {"accessibility": 1, "seo": 1}, results[url]
