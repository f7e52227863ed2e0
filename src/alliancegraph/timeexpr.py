"""Absolute date expressions in running text, shared by publication-date inference and the
temporal normalizer of extraction. Pure functions, no I/O.

Finds ``November 5, 2016``, ``5 November 2016``, ``November 2016``, ``05.11.2016``,
``2012-10-17`` and returns each with its span and precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .models import DateValue

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

MONTH_RE = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
            r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:\b|(?=T\d))")),
    # the first day of "September 20-24, 2021" / "11-13 June 2017"
    ("mdy-range", re.compile(rf"\b{MONTH_RE}\s+{_DAY}\s*[-–]\s*[0-3]?\d,?\s+{_YEAR}\b")),
    ("dmy-range", re.compile(rf"\b{_DAY}\s*[-–]\s*[0-3]?\d\s+{MONTH_RE},?\s+{_YEAR}\b")),
    ("slashed-dmy", re.compile(rf"\b(?P<d>1[3-9]|2\d|3[01])/(?P<m>0?[1-9]|1[0-2])/{_YEAR}\b")),
    ("slashed-mdy", re.compile(rf"\b(?P<m>0?[1-9]|1[0-2])/(?P<d>1[3-9]|2\d|3[01])/{_YEAR}\b")),
    ("dotted", re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{_YEAR}\b")),
    ("mdy", re.compile(rf"\b{MONTH_RE}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{MONTH_RE},?\s+{_YEAR}\b")),
    ("my", re.compile(rf"\b{MONTH_RE},?\s+(?:of\s+)?{_YEAR}\b")),
]


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: DateValue


def make_date(year: int, month: int | None = None, day: int | None = None, rule: str = "") -> DateValue | None:
    """A DateValue if the parts form a real calendar date, else None."""
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return DateValue(f"{year:04d}", "year", rule)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}", "month", rule)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day", rule)


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_dates(text: str, rule: str = "") -> list[DateMatch]:
    """Every absolute date in ``text``, longest match first at each position, in text order."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for _name, pat in PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else (month_number(g["month"]) if g.get("month") else None)
            day_s = g.get("d") or g.get("day")
            dv = make_date(int(g["year"]), month, int(day_s) if day_s else None, rule)
            if dv is None:
                continue
            found.append(DateMatch(m.start(), m.end(), dv))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, rule: str = "") -> DateValue | None:
    """The date if ``text`` is exactly one absolute date (surrounding space and punctuation allowed)."""
    stripped = text.strip().strip(".,;:()[]")
    matches = find_dates(stripped, rule)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].date
    return None
