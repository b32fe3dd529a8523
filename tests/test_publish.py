"""Publishing: Read the Docs' way of building, any static host, link rot."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from htmltext import main_text
from sitebuild import build_seed_site

POST = "2019/02/if-only-probation-wasnt-broken"


def test_read_the_docs_configuration() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"]["configuration"] == "docs/conf.py" and config["sphinx"]["fail_on_warning"]
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    assert config["formats"] == ["pdf"]
    assert (ROOT / config["sphinx"]["configuration"]).is_file()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    app = build_seed_site(tmp_path_factory.mktemp("publish"), html_baseurl="https://archive.example/sub/path/")
    return Path(app.outdir)


@pytest.mark.slow
def test_the_site_works_from_any_folder_or_sub_path(site: Path) -> None:
    """Every link between pages is relative; only the canonical links, feeds and
    sitemap (which must be absolute) name the configured address."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:href|src)="/(?!/)', html), page
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"https://archive.example/sub/path/{POST}.html" in locations
    assert all(loc.startswith("https://archive.example/sub/path/") for loc in locations)
    assert len(locations) == len(list(site.rglob("*.html"))) - 1  # all but search


@pytest.mark.slow
def test_archived_copies_and_the_list_of_links(site: Path) -> None:
    html = (site / f"{POST}.html").read_text(encoding="utf-8")
    assert ('class="archived-copy reference external" href="https://web.archive.org/web/20190222/'
            'https://www.napo.org.uk/working-links-demise-victory-big-test-ahead"') in html
    links = json.loads((site / "links.json").read_text(encoding="utf-8"))
    napo = [l for l in links if l["url"] == "https://www.napo.org.uk/working-links-demise-victory-big-test-ahead"]
    assert napo == [{
        "post": "2019-02-if-only-probation-wasnt-broken",
        "page": f"https://archive.example/sub/path/{POST}.html#c9",
        "paragraph": "c9",
        "url": "https://www.napo.org.uk/working-links-demise-victory-big-test-ahead",
        "archived": "https://web.archive.org/web/20190222/https://www.napo.org.uk/working-links-demise-victory-big-test-ahead",
    }]
    in_seeds = [url for seed in sorted((ROOT / "seeds").iterdir())
                for url in re.findall(r"https?://\S+", seed.read_text(encoding="utf-8"))]
    assert sorted(l["url"] for l in links) == sorted(in_seeds)  # every one, once per mention
    assert all(l["archived"].startswith("https://web.archive.org/web/") for l in links)


@pytest.mark.slow
def test_version_and_changes(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Archive version [\w.-]+, built on \d+ \w+ \d{4}", html)
    text, _ = main_text(site / "changes.html")
    text = " ".join(text.split())
    assert "004_04b72ef4a6ddfc0f.txt" in text and "22 February 2019 – 22 February 2019" in text
    assert re.search(r"001_4e82bc7164a9b7d3\.txt (?:\d{4}-\d\d-\d\d|not known) 10 ", text)


@pytest.mark.slow
def test_the_read_the_docs_way(tmp_path: Path) -> None:
    """A fresh virtual environment, `pip install .`, then sphinx-build on docs/
    for html and latex, warnings as errors, as Read the Docs runs it."""
    checkout = tmp_path / "checkout"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, files.stdout.split("\0")):
        target = checkout / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(checkout)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    for builder in ("html", "latex"):
        result = subprocess.run(
            [str(venv / "bin" / "python"), "-m", "sphinx", "-T", "-W", "--keep-going", "-b", builder,
             "-d", "_build/doctrees", "-D", "language=en", ".", f"_build/{builder}"],
            cwd=checkout / "docs", capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    assert (checkout / "docs/_build/html" / f"{POST}.html").exists()
    assert (checkout / "docs/_build/latex/onprobation.tex").exists()
