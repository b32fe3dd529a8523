"""Day and month names, every way a date is shown (in English, always), and plurals.

``strftime``'s ``%A`` and ``%B`` follow the process's locale (under
``LC_ALL=fr_FR.UTF-8`` they say "vendredi", "novembre"), so a page or a
citation would depend on the machine that built it. Nothing in the converter
or the extension formats a day or month name any other way than through this
module. It imports nothing from the project, so both can use it.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def month_name(month: int) -> str:
    """``11`` -> ``November``."""
    return MONTHS[month - 1]


def long_date(date: dt.date) -> str:
    """``17 November 2017``."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def weekday_date(date: dt.date) -> str:
    """``Friday 17 November 2017``."""
    return f"{WEEKDAYS[date.weekday()]} {long_date(date)}"


def date_line(date: dt.date) -> str:
    """A dump's date line: ``Friday, 17 November 2017``."""
    return f"{WEEKDAYS[date.weekday()]}, {long_date(date)}"


def month_year(date: dt.date) -> str:
    """``November 2017``."""
    return f"{MONTHS[date.month - 1]} {date.year}"


def partial_date(text: str) -> str:
    """A registry date as a reader says it: ``2012-09-04`` -> ``4 September 2012``,
    ``2012-09`` -> ``September 2012``, ``2012`` -> ``2012`` (anything else as given)."""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return long_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return text


def plural(n: int, word: str, words: str = "") -> str:
    """``1 post``, ``2 posts``; ``words`` when the plural is not ``word + s``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def display_date(iso: str) -> str:
    """A post's ISO date as shown: ``2017-11-17`` -> ``17 November 2017`` (else as given)."""
    try:
        return long_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso
