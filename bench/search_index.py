"""Index a built site into Pagefind bundles as the build does, outside Sphinx,
to measure it (issue 14): past years of posts in groups, the current year
alone, and one bundle for the other searched pages, at most ``--jobs``
Pagefind runs at a time, only outdated bundles re-made.

    /usr/bin/time -f "%e s %U user %M KB" .venv/bin/python bench/search_index.py SITE --jobs 2 --search-page
    .venv/bin/python bench/search_bytes.py SITE --query grayling

``--search-page`` points the copied site's ``search.html`` (of any older
build) at these bundles with this checkout's scripts, so that
``search_bytes.py`` measures them; ``--group-posts 1`` gives a bundle a year.

The plan is read from the files (the build takes it from the ``op`` domain):
a post is ``YYYY/MM/slug.html``; the other searched pages are those holding
``data-pagefind-body`` elsewhere, but not an entity's year pages
(``organisations/napo/2015.html``). ``%M`` of this process is the peak of the
largest Pagefind run (the RSS of the largest child that was waited for).
The manifests go to ``SITE/../pagefind-manifests`` unless ``--state`` says.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sphinxext"))

from onprobation_ext.search_bundles import (GROUP_POSTS, PAGES, bundle_names, update_bundles,  # noqa: E402
                                           year_bundle, year_groups)

POST = re.compile(r"^(\d{4})/\d\d/(?!index\.html$)[^/]+\.html$")
ENTITY_YEAR = re.compile(r"^[^/]+/[^/]+/\d{4}\.html$")


def plan_of(site: Path, budget: int = GROUP_POSTS) -> dict[str, list[str]]:
    by_year: dict[str, list[str]] = {}
    pages: list[str] = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("pagefind/", "_")):
            continue
        post = POST.match(relative)
        if post:
            by_year.setdefault(post[1], []).append(relative)
        elif not ENTITY_YEAR.match(relative) and b"data-pagefind-body" in path.read_bytes():
            pages.append(relative)
    groups = year_groups({year: len(posts) for year, posts in by_year.items()}, budget)
    plan = {PAGES: pages} if pages else {}
    plan.update({year_bundle(group): [p for year in group for p in by_year[year]] for group in groups})
    return {name: plan[name] for name in bundle_names(groups, has_pages=bool(pages))}


SEARCH_BLOCK = re.compile(r'<link rel="stylesheet" href="pagefind/[^"]*pagefind-ui\.css" />|'
                          r'(?:<p class="search-more-filters".*?</p>\s*)?'
                          r'<div id="search"[^>]*></div>\s*<script src="pagefind/[^"]*"></script>', re.S)
STATIC = Path(__file__).resolve().parent.parent / "sphinxext" / "onprobation_ext" / "static"


def write_search_page(site: Path, plan: dict[str, list[str]]) -> None:
    """Point the site's search page (of any older build) at these bundles, as
    ``docs/_templates/search.html`` would, with this checkout's scripts, so
    the bytes a query costs can be measured without rebuilding the site."""
    names = list(plan)
    primary = f"pagefind/{names[0]}/"
    bundles = json.dumps([{"name": n, "path": f"pagefind/{n}/", "pages": len(plan[n])} for n in names])
    years: dict[str, int] = {}
    for pages in plan.values():
        for page in pages:
            if POST.match(page):
                years[page[:4]] = years.get(page[:4], 0) + 1
    filters = json.dumps({"year": dict(sorted(years.items()))})

    def block(match: re.Match[str]) -> str:
        if match[0].startswith("<link"):
            return f'<link rel="stylesheet" href="{primary}pagefind-ui.css" />'
        return ('<p class="search-more-filters" hidden><button type="button" id="search-organisations">'
                "Filter by organisation</button></p>\n"
                f"  <div id=\"search\" data-bundles='{bundles}' data-filters='{filters}' "
                f'data-api="_static/pagefind-merged/"></div>\n'
                f'  <script src="{primary}pagefind-ui.js"></script>')

    page = site / "search.html"
    page.write_text(SEARCH_BLOCK.sub(block, page.read_text(encoding="utf-8")), encoding="utf-8")
    for name in ("search.js", "search.css"):
        shutil.copyfile(STATIC / name, site / "_static" / name)
    shutil.copytree(STATIC / "pagefind-merged", site / "_static" / "pagefind-merged", dirs_exist_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--state", type=Path)
    parser.add_argument("--group-posts", type=int, default=GROUP_POSTS,
                        help="the most posts of a bundle of past years (1: a bundle a year)")
    parser.add_argument("--search-page", action="store_true",
                        help="rewrite SITE/search.html for these bundles (a copy of an older build)")
    args = parser.parse_args()
    plan = plan_of(args.site, args.group_posts)
    started = time.perf_counter()
    outcomes = update_bundles(args.site, args.state or args.site.parent / "pagefind-manifests", plan, jobs=args.jobs)
    for o in outcomes:
        print(f"{o.name}: {o.status} {o.pages} pages {o.seconds:.1f} s {o.detail}")
    print(f"bundles: {len(outcomes)}, total {time.perf_counter() - started:.1f} s")
    if args.search_page:
        write_search_page(args.site, {o.name: plan[o.name] for o in outcomes})


if __name__ == "__main__":
    main()
