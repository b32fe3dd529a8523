"""Short lines in the LaTeX output, whatever the length of a paragraph.

TeX reads its input a line at a time into a buffer of fixed size (TeX Live:
200,000 characters); one longer line stops the whole book with "Unable to
read an entire line". Sphinx writes a paragraph on one line, so a dump with a
very long paragraph would do that. Every line of the ``.tex`` file longer
than ``MAX_LINE`` is broken, losslessly:

- at a space: TeX reads a line end as a space, and skips the spaces that
  start the next line, so the text reads the same;
- where there is no usable space, inside a word with ``%`` at the line end:
  the rest of that line (the line end) is a comment, so the word reads
  unbroken. Never inside a control word (``\\sphinxhyphen``) nor after a
  backslash.

A ``%`` comment already on the line is kept a comment (continued on lines
starting with ``%``); verbatim environments, where line ends are text, are
left alone.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

MAX_LINE = 4096  # characters; far below TeX's buffer even in 4-byte UTF-8
VERBATIM = re.compile(r"\\(begin|end)\{(sphinxVerbatim\w*|Verbatim|verbatim|sphinxalltt|alltt)\}")
# Arguments read with % as a character (LaTeX's \index uses \@sanitize): a
# line end there is still a space, but a % would be written to the index.
SANITIZED = re.compile(r"\\index\{")


def _letter(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z" or char == "@"


def _escaped(line: str, i: int) -> bool:
    """Whether ``line[i]`` follows an escaping backslash (``\\%``, ``\\ ``)."""
    n = 0
    while i - 1 - n >= 0 and line[i - 1 - n] == "\\":
        n += 1
    return n % 2 == 1


def _comment_start(line: str) -> int:
    """Where a TeX comment starts on the line (its length if none)."""
    i = line.find("%")
    while i != -1 and _escaped(line, i):
        i = line.find("%", i + 1)
    return len(line) if i == -1 else i


def _sanitized(line: str) -> list[tuple[int, int]]:
    """The spans of ``\\index{...}`` on the line."""
    spans = []
    for match in SANITIZED.finditer(line):
        depth, i = 1, match.end()
        while i < len(line) and depth:
            if line[i] in "{}" and not _escaped(line, i):
                depth += 1 if line[i] == "{" else -1
            i += 1
        spans.append((match.start() + 1, i))
    return spans


def _space_break(code: str, width: int) -> int:
    """The last space at most ``width`` that may become a line end: not
    escaped (``\\ ``), not a character code (`````\\ ``, ``^^ ``), not one of
    several, with text after it."""
    i = code.rfind(" ", 1, width + 1)
    while i > 0:
        if (code[i - 1] not in " `" and code[max(0, i - 2):i] != "^^" and not _escaped(code, i)
                and code[i + 1:].strip()):
            return i
        i = code.rfind(" ", 1, i)
    return -1


def _word_break(code: str, width: int, spans: list[tuple[int, int]]) -> int:
    """The last place at most ``width`` (else the first after it) where ``%``
    and a line end may split a run: not at a space, not after a backslash,
    not inside or right after a control word (``\\sphinxhyphen``), not in a
    ``^^^^00a0`` character code, not in an ``\\index`` entry."""

    def allowed(i: int) -> bool:
        before, char = code[i - 1], code[i]
        if char in " ^" or before in " \\" or "^^" in code[max(0, i - 7):i] or any(a <= i <= b for a, b in spans):
            return False
        # Not inside or right after a control word: a command may change
        # catcodes (\\index does) before the rest of the line is read.
        j = i
        while j > 0 and _letter(code[j - 1]):
            j -= 1
        return not (j < i and j > 0 and code[j - 1] == "\\" and not _escaped(code, j - 1))

    width = min(width, len(code) - 1)
    return next((i for i in range(width, 0, -1) if allowed(i)), None) or next(
        (i for i in range(width + 1, len(code)) if allowed(i)), -1)


def break_line(line: str, width: int = MAX_LINE) -> list[str]:
    """``line`` as lines of at most ``width`` characters (plus a ``%``) that
    TeX reads as the same tokens."""
    end = _comment_start(line)
    code, comment = line[:end], line[end:]
    out: list[str] = []
    offset = 0  # of ``code`` in ``line``, for the spans
    spans = _sanitized(code)
    while len(code) > width:
        cut = _space_break(code, width)
        if cut > 0:
            out.append(code[:cut])
            code, offset = code[cut + 1:], offset + cut + 1
            continue
        cut = _word_break(code, width, [(a - offset, b - offset) for a, b in spans])
        if cut <= 0:
            break  # nowhere to break: kept whole
        out.append(code[:cut] + "%")
        code, offset = code[cut:], offset + cut
    if len(code) + len(comment) <= width or not comment:
        return [*out, code + comment]
    # A long comment: the code ends with %, the comment goes on lines of its own.
    text = comment[1:]
    return [*out, *([code + "%"] if code else []),
            *("%" + text[i:i + width - 1] for i in range(0, max(len(text), 1), width - 1))]


def shorten(text: str, width: int = MAX_LINE) -> str:
    """Every line of a LaTeX document broken to at most about ``width`` characters."""
    lines = text.split("\n")
    if all(len(line) <= width for line in lines):
        return text
    out: list[str] = []
    verbatim = False
    for line in lines:
        for match in VERBATIM.finditer(line):
            verbatim = match[1] == "begin"
        out.extend([line] if verbatim or len(line) <= width else break_line(line, width))
    return "\n".join(out)


class ShortLines:
    """Mixed into the LaTeX translator: its output with short lines."""

    def astext(self) -> str:
        return shorten(super().astext())  # type: ignore[misc]


def use_short_lines(app: Sphinx) -> None:
    if app.builder.format != "latex":
        return
    current: Any = app.registry.get_translator_class(app.builder)
    if not issubclass(current, ShortLines):
        app.set_translator(app.builder.name, type(f"ShortLines{current.__name__}", (ShortLines, current), {}),
                           override=True)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", use_short_lines)
