"""Baseline for the benchmark: the same generated MyST pages, built by plain
Sphinx + MyST with the basic theme and without the project's extension.

The extension's roles and directives are stubbed as cheaply as possible
(roles give their text, directives nothing), so that the baseline does the
work of Sphinx and MyST alone on the same documents.
"""

from docutils import nodes
from docutils.parsers.rst import Directive

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence"]
html_theme = "basic"
exclude_patterns = ["_build", "registry"]
smartquotes = False


def _role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.Text(text.split("<")[0].strip())], []


class _Nothing(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"count": str}

    def run(self):
        return []


def setup(app):
    for role in ("org", "report", "person", "post"):
        app.add_role(role, _role)
    for directive in ("org-entity", "report-entity", "backlinks", "entity-list", "latest-posts",
                      "search-box", "timeline", "dump-history", "entity-year"):
        app.add_directive(directive, _Nothing)
