"""Index a built site into Pagefind bundles as the build does, outside Sphinx,
to measure it (issue 14): one bundle per year of posts and one for the other
searched pages, at most ``--jobs`` Pagefind runs at a time, only outdated
bundles re-made.

    /usr/bin/time -f "%e s %U user %M KB" .venv/bin/python bench/search_index.py SITE --jobs 2

The plan is read from the files (the build takes it from the ``op`` domain):
a post is ``YYYY/MM/slug.html``; the other searched pages are those holding
``data-pagefind-body`` elsewhere, but not an entity's year pages
(``organisations/napo/2015.html``). ``%M`` of this process is the peak of the
largest Pagefind run (the RSS of the largest child that was waited for).
The manifests go to ``SITE/../pagefind-manifests`` unless ``--state`` says.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sphinxext"))

from onprobation_ext.search_bundles import PAGES, bundle_names, update_bundles, year_bundle  # noqa: E402

POST = re.compile(r"^(\d{4})/\d\d/(?!index\.html$)[^/]+\.html$")
ENTITY_YEAR = re.compile(r"^[^/]+/[^/]+/\d{4}\.html$")


def plan_of(site: Path) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("pagefind/", "_")):
            continue
        post = POST.match(relative)
        if post:
            groups.setdefault(year_bundle(post[1]), []).append(relative)
        elif not ENTITY_YEAR.match(relative) and b"data-pagefind-body" in path.read_bytes():
            groups.setdefault(PAGES, []).append(relative)
    years = [name[1:] for name in groups if name != PAGES]
    return {name: groups[name] for name in bundle_names(years, has_pages=PAGES in groups)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--state", type=Path)
    args = parser.parse_args()
    plan = plan_of(args.site)
    started = time.perf_counter()
    outcomes = update_bundles(args.site, args.state or args.site.parent / "pagefind-manifests", plan, jobs=args.jobs)
    for o in outcomes:
        print(f"{o.name}: {o.status} {o.pages} pages {o.seconds:.1f} s {o.detail}")
    print(f"bundles: {len(outcomes)}, total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
