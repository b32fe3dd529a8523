"""Small bar charts drawn at build time: inline SVG in HTML (no JavaScript),
TeX rules in the PDF (no image conversion), a line of text elsewhere.

Like ``sphinx.ext.todo``'s node, ``bar_chart`` has a visitor for every
builder; the numbers are also always given in the text next to a chart.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

WIDTH, HEIGHT, BASE = 640, 150, 22


class bar_chart(nodes.General, nodes.Element):
    """``bars``: [(label, value, tick)]; ``tick`` is the axis label shown under a bar ("" for none)."""


def make_chart(title: str, bars: list[tuple[str, int, str]]) -> bar_chart:
    return bar_chart(title=title, bars=bars)


def svg(node: bar_chart) -> str:
    bars = node["bars"]
    top = max((value for _, value, _ in bars), default=0) or 1
    step = WIDTH / max(len(bars), 1)
    width = max(step * 0.8, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="-20 0 {WIDTH + 40} {HEIGHT + BASE}" '
        f'role="img" aria-label="{escape(node["title"])}"><title>{escape(node["title"])}</title>',
        f'<line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" class="axis"/>',
    ]
    for index, (label, value, tick) in enumerate(bars):
        x = index * step + (step - width) / 2
        h = HEIGHT * value / top
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - h:.1f}" width="{width:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if tick:
            parts.append(f'<text x="{x + width / 2:.1f}" y="{HEIGHT + 16}" text-anchor="middle">{escape(tick)}</text>')
    parts.append(f'<text x="{WIDTH}" y="12" text-anchor="end" class="max">{top}</text></svg>')
    return "".join(parts)


def visit_html(self, node: bar_chart) -> None:
    self.body.append(f'<figure class="chart">{svg(node)}<figcaption>{escape(node["title"])}</figcaption></figure>\n')
    raise nodes.SkipNode


def _tex(text: str) -> str:
    return "".join("\\" + c if c in "&%$#_{}" else c for c in text)


def visit_latex(self, node: bar_chart) -> None:
    bars = node["bars"]
    top = max((value for _, value, _ in bars), default=0) or 1
    slot = min(1.0, 14.0 / max(len(bars), 1))  # cm per bar
    boxes = "".join(
        f"\\parbox[b]{{{slot:.3f}cm}}{{\\centering\\rule{{{slot * 0.8:.3f}cm}}{{{2.5 * value / top:.3f}cm}}"
        f"\\\\[1pt]\\makebox[0pt]{{\\tiny {_tex(tick)}}}}}%\n"
        for _, value, tick in bars
    )
    self.body.append(
        "\n\\par\\begin{center}\\color{gray!70!black}\\setlength{\\lineskip}{0pt}%\n"
        f"{boxes}\\par\\smallskip{{\\small {_tex(node['title'])} (highest: {top})}}\\end{{center}}\n"
    )
    raise nodes.SkipNode


def visit_text(self, node: bar_chart) -> None:
    self.add_text(node["title"] + ": " + ", ".join(f"{label} {value}" for label, value, _ in node["bars"]))
    raise nodes.SkipNode


def skip(self, node: bar_chart) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(bar_chart, html=(visit_html, None), latex=(visit_latex, None), text=(visit_text, None),
                 man=(skip, None), texinfo=(skip, None))
