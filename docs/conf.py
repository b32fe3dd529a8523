"""Sphinx configuration of the On Probation archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The converter and the extension are installed by `pip install .`; the paths
# also let a plain checkout build without installing.
for folder in ("tools", "sphinxext"):
    if str(ROOT / folder) not in sys.path:
        sys.path.insert(0, str(ROOT / folder))

project = "On Probation: an archive"
author = "Jim Brown and contributors"
copyright = "2010–2025, the authors of On Probation; archive tooling by its maintainers"
language = "en"

def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# The version of the archive: the git description of the commit it was built from.
release = version = _git("describe", "--tags", "--always") or "unversioned"
html_last_updated_fmt = "%d %B %Y"  # honours SOURCE_DATE_EPOCH

extensions = ["myst_parser", "onprobation_ext"]
onprobation_seeds = "../seeds"

root_doc = "index"
exclude_patterns = ["_build", "README.md", "**/.*"]
source_suffix = {".md": "markdown"}
# Colon fences only: the converter writes its directives with them.
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 0

# Seed text is rendered literally: no smart quotes, no dashes from "--".
smartquotes = False
# Even a converter bug cannot include a file or emit raw HTML/LaTeX: see
# docutils.conf beside this file (raw_enabled, file_insertion_enabled off).

nitpicky = True

# -- Citation ---------------------------------------------------------------
# The address the archive is published at: canonical links, citations, feeds.
# Read the Docs sets READTHEDOCS_CANONICAL_URL; elsewhere set ONPROBATION_BASE_URL.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", os.environ.get("ONPROBATION_BASE_URL", "https://onprobation.example.org/")
)
onprobation_author = "Jim Brown"  # the blog's author, as citations name him
onprobation_blog = "On Probation"
onprobation_original_host = "probationmatters.blogspot.com"

# -- HTML -------------------------------------------------------------------
html_theme = "alabaster"
html_title = "On Probation archive"
html_favicon = "favicon.svg"
html_theme_options = {
    "description": "An archive of the On Probation blog, 2010–2025",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "230px",
    "show_relbars": False,
    "font_family": "Georgia, 'DejaVu Serif', serif",
    "font_size": "18px",
    "head_font_family": "Georgia, 'DejaVu Serif', serif",
}
templates_path = ["_templates"]
# Never the whole archive on every page: years, and the current year's months
# and month's posts (see sphinxext/onprobation_ext/navigation.py).
# site-title.html replaces alabaster's about.html, whose h1 broke every page's
# heading outline (the sidebar follows the text: see _templates/layout.html).
html_sidebars = {"**": ["site-title.html", "searchbox.html", "archive-nav.html"]}
# No general index in HTML: each entity's page (organisation, report, person)
# lists every post that mentions it, and the alphabetical lists are the domain indices.
# (The PDF keeps its back-of-book index, with a page number per mention.)
html_use_index = False
html_copy_source = False
html_show_sourcelink = False

# -- LaTeX (PDF) ------------------------------------------------------------
latex_engine = "xelatex"
latex_toplevel_sectioning = "part"
latex_show_urls = "no"
# Sphinx's xindy style prints page ranges with no dash ("6567"); makeindex
# prints "65–67". The index holds registry names, which makeindex sorts well.
latex_use_xindy = False
# ONPROBATION_PDF_VOLUMES=year makes one PDF per year instead of one book.
onprobation_pdf_volumes = os.environ.get("ONPROBATION_PDF_VOLUMES", "")
# Volumes typeset at once by latex/Makefile (make -jN); 0: one per core.
onprobation_pdf_jobs = 0
latex_documents = [
    ("index", "onprobation.tex", "On Probation: an archive", author, "manual"),
]
# The title page names the version and the date of the build (SOURCE_DATE_EPOCH
# is honoured): "Archive version 8f174a4", "Built 26 November 2026".
from sphinx.util.i18n import format_date as _format_date  # noqa: E402

latex_elements = {
    "releasename": "Archive version",
    # Title and author for the XMP metadata too (hyperxmp reads them from
    # \hypersetup; \title and \author come after the preamble).
    "maketitle": r"""\date{Built %s}
\makeatletter\hypersetup{pdftitle={\@title}, pdfauthor={\@author}}\makeatother
\sphinxmaketitle""" % _format_date("%-d %B %Y", language="en"),
    # hyperxmp: XMP metadata (title, author, language), keeping the document
    # information's Author; pdflang: the catalogue's /Lang, as the site's inLanguage.
    "hyperref": r"""
\usepackage{hyperref}
\usepackage{hypcap}
\usepackage{hyperxmp}
\urlstyle{same}
\hypersetup{pdflang=en-GB, pdfmetalang=en-GB, keeppdfinfo}
% hyperxmp writes its packet at \end{document}: after the index, whose last
% page is already out, it was lost. It goes with the first page instead.
\makeatletter
\AddToHook{shipout/firstpage}{%
  \hyxmp@auto@assign@data\hyxmp@embed@packet\global\let\hyxmp@embed@packet\relax}
\makeatother
""",
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fontpkg": r"""
\setmainfont{DejaVu Serif}[Scale=0.92, Ligatures=TeX]
\setsansfont{DejaVu Sans}[Scale=0.92, Ligatures=TeX]
\setmonofont{DejaVu Sans Mono}[Scale=0.85]
% Fallbacks for what DejaVu Serif lacks (see sphinxext/onprobation_ext/glyphs.py).
\newfontfamily\opglyphssans{DejaVu Sans}[Scale=0.92]
\newfontfamily\opglyphsemoji{Symbola}[Scale=0.92]
\newcommand{\DUroleglyphssans}[1]{{\opglyphssans #1}}
\newcommand{\DUroleglyphsemoji}[1]{{\opglyphsemoji #1}}
""",
    "preamble": r"""
% Paragraph numbers in the left margin; comment numbers in bold.
\newcommand{\DUroleparanum}[1]{\leavevmode\llap{\footnotesize\color{gray}#1\hspace{0.8em}}}
\newcommand{\DUrolecommentnum}[1]{\textbf{#1}\enspace}
% The comment thread in smaller type; replies indented under their comment.
\newenvironment{sphinxclassthread}{\small}{}
\newenvironment{sphinxclassreplies}{\par\addtolength{\leftskip}{2em}}{\par}
% Index entries in the text font, not in typewriter.
\protected\def\sphinxstyleindexentry#1{#1}
% The index chapters (Organisations, Reports, Index) at the top level of the
% outline and the contents, not inside the last part.
\makeatletter
\renewenvironment{sphinxtheindex}{%
  \if@openright\cleardoublepage\else\clearpage\fi
  \phantomsection
  \begin{theindex}%
  \addcontentsline{toc}{part}{\indexname}\raggedright}{\end{theindex}}
\makeatother
\newcommand{\DUroleciteline}[1]{{\raggedright\small\color{darkgray}#1\par}}
\setlength{\headheight}{14pt}
% DejaVu has no small capitals: abbreviations are printed as written.
\protected\def\sphinxstyleabbreviation#1{#1}
% Long URLs and unbroken words may break anywhere rather than overflow.
\setlength{\emergencystretch}{3em}
\Urlmuskip=0mu plus 1mu
\makeatletter
\g@addto@macro{\UrlBreaks}{\do\-\do\a\do\b\do\c\do\d\do\e\do\f\do\g\do\h\do\i\do\j\do\k\do\l\do\m\do\n\do\o\do\p\do\q\do\r\do\s\do\t\do\u\do\v\do\w\do\x\do\y\do\z\do\0\do\1\do\2\do\3\do\4\do\5\do\6\do\7\do\8\do\9}
\makeatother
""",
}
