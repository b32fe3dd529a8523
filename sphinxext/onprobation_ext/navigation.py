"""Navigation that does not grow with the archive.

Every page gets the years of the archive, and, on a year, month or post page,
the months of that year and the posts of that month; never the whole archive
(a sidebar listing every post on every page is O(n²) output). The outline is
made once per build process from the ``op`` domain, then each page takes its
few entries from it. Templates in ``docs/_templates`` draw it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from onprobation.dates import MONTHS
from sphinx.application import Sphinx

from .domain import OpDomain



class Outline:
    """Years -> months -> posts, with counts, in date order."""

    def __init__(self, domain: OpDomain) -> None:
        self.posts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # "2017/11" -> [(docname, title)]
        for docname, post in sorted(domain.posts.items(), key=lambda item: (item[1]["date"], item[0])):
            self.posts[post["date"][:4] + "/" + post["date"][5:7]].append((docname, post["display"]))
        self.months: dict[str, list[str]] = defaultdict(list)  # "2017" -> ["2017/11", ...]
        for month in sorted(self.posts):
            self.months[month[:4]].append(month)

    def years(self) -> list[dict[str, Any]]:
        return [{"doc": f"{y}/index", "title": y, "count": sum(len(self.posts[m]) for m in ms)}
                for y, ms in sorted(self.months.items())]

    def context(self, pagename: str) -> dict[str, Any]:
        """What the sidebar and breadcrumbs of one page show."""
        parts = pagename.split("/")
        year = parts[0] if parts[0] in self.months else ""
        month = f"{parts[0]}/{parts[1]}" if year and len(parts) > 2 else ""
        crumbs = []
        if year:
            crumbs.append({"doc": f"{year}/index", "title": year})
        if month:
            crumbs.append({"doc": f"{month}/index", "title": f"{MONTHS[int(month[5:]) - 1]} {year}"})
        return {
            "years": self.years(),
            "year": year,
            "months": [{"doc": f"{m}/index", "title": MONTHS[int(m[5:]) - 1], "count": len(self.posts[m])}
                       for m in self.months.get(year, [])],
            "month": month,
            "month_title": f"{MONTHS[int(month[5:]) - 1]} {year}" if month else "",
            "posts": [{"doc": d, "title": t} for d, t in self.posts.get(month, [])],
            "crumbs": crumbs,
        }


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    outline = getattr(app.builder, "_onprobation_outline", None)
    if outline is None:
        outline = Outline(app.env.domains["op"])  # type: ignore[arg-type]
        app.builder._onprobation_outline = outline  # type: ignore[attr-defined]
    context["archive"] = outline.context(pagename)
    # the list page of every kind of entity that has one (Organisations, Reports, People...)
    domain = app.env.domains["op"]
    context["archive"]["kinds"] = [{"doc": f"{kind.folder}/index", "title": kind.title}
                                   for kind in domain.kinds  # type: ignore[attr-defined]
                                   if f"{kind.folder}/index" in app.env.found_docs]


def forget(app: Sphinx, env: Any) -> None:
    """A new build reads new posts: make the outline again."""
    if hasattr(app.builder, "_onprobation_outline"):
        del app.builder._onprobation_outline  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
    app.connect("env-updated", forget)
