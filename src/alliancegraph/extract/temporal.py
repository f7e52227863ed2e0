"""Temporal normalizer: date expressions in a sentence, resolved against the article's
publication date, each with its precision. Pure functions.

Handles absolute dates and ranges ("from March 3 to March 9", "April
27-May 5, 2019", "11-13 June 2017", "in June to July 2021"), vague
dates ("early September": month precision, never an invented day) and relative ones
("this year", "last month", "the following day", "on Tuesday", "on October 3"), the year
chosen nearest to the publication date, biased by tense (past for "was held", future for
"will").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..models import DateValue
from ..timeexpr import MONTH_RE, find_dates, make_date, month_number

Tense = Literal["past", "future", "any"]


@dataclass(frozen=True)
class TimeExpr:
    start: int  # character span in the text given
    end: int
    begin: DateValue
    finish: DateValue | None = None  # set for ranges
    kind: Literal["date", "range", "relative"] = "date"

    @property
    def last(self) -> DateValue:
        return self.finish or self.begin


_M1 = MONTH_RE.replace("?P<month>", "?P<m1>")
_M2 = MONTH_RE.replace("?P<month>", "?P<m2>")
_Y = r"(?:,?\s*(?P<y>(?:19|20)\d\d))"
_DASH = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
RANGE_PATTERNS = [
    # April 27-May 5, 2019 / from March 3 to March 9 / between June 4 and June 20, 2023
    re.compile(rf"(?:from\s+|between\s+)?{_M1}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_DASH}{_M2}\s+(?P<d2>[0-3]?\d)"
               rf"(?:st|nd|rd|th)?{_Y}?"),
    # August 18-22(, 2021) / from June 4 to 20
    re.compile(rf"(?:from\s+|between\s+)?{_M1}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_DASH}(?P<d2>[0-3]?\d)\b"
               rf"(?:st|nd|rd|th)?{_Y}?"),
    # 11-13 June 2017 / from 27 April to 5 May 2019
    re.compile(rf"(?:from\s+|between\s+)?(?P<d1>[0-3]?\d){_DASH}(?P<d2>[0-3]?\d)\s+{_M2}{_Y}?"),
    re.compile(rf"(?:from\s+|between\s+)?(?P<d1>[0-3]?\d)\s+{_M1}{_DASH}(?P<d2>[0-3]?\d)\s+{_M2}{_Y}?"),
    # (in) June to July 2021 / from June to August
    re.compile(rf"(?:from\s+|between\s+)?{_M1}{_DASH}{_M2}{_Y}?"),
]
_VAGUE = re.compile(rf"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+)?"
                    rf"(?:in\s+)?{MONTH_RE}(?![\w])(?!\s+[0-3]?\d\b){_Y}?", re.I)
_MONTH_DAY = re.compile(rf"\b{MONTH_RE}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)")
_DAY_MONTH = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}(?![\w])(?!,?\s*(?:19|20)\d\d)")
_YEAR_WORDS = re.compile(r"\b(?P<rel>this|last|next|the\s+previous|the\s+following|the\s+same)\s+"
                         r"(?P<unit>year|month|week)\b", re.I)
_DAY_WORDS = re.compile(r"\b(?P<rel>the\s+following\s+day|the\s+next\s+day|the\s+day\s+before|the\s+previous\s+day|"
                        r"yesterday|today|tomorrow)\b", re.I)
_WEEKDAY = re.compile(r"\b[Oo]n\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WD = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY_RANGE = re.compile(rf"\b(?:from\s+|between\s+)?(?P<wd1>{_WD})\s*(?:-|–|to|until|till|through|and)\s*(?P<wd2>{_WD})\b")
_YEAR_ALONE = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Bb]y|of|for)\s+(?P<y>(?:19|20)\d\d)\b(?![-–/]\d)")
_FUTURE = re.compile(r"\b(?:will|would|shall|plans?\s+to|the\s+plan\s+is|planned|planning|scheduled|to\s+be\s+held|"
                     r"is\s+to|are\s+to|going\s+to|upcoming|next)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|held|took\s+place|ended|began|completed|concluded|did|last)\b", re.I)


def tense_of(sentence: str) -> Tense:
    if _FUTURE.search(sentence):
        return "future"
    if _PAST.search(sentence):
        return "past"
    return "any"


def _ref_date(ref: DateValue) -> date:
    y = ref.year
    m = int(ref.value[5:7]) if ref.precision != "year" else 7
    d = int(ref.value[8:10]) if ref.precision == "day" else 15
    return date(y, m, d)


def year_for(month: int, day: int | None, ref: DateValue | None, tense: Tense) -> int | None:
    """The year a month (and day) without a year most plausibly falls in, given the
    publication date and the tense: nearest to the reference, past for past tense."""
    if ref is None:
        return None
    if ref.precision == "year":
        return ref.year
    r = _ref_date(ref)
    best: tuple[float, int] | None = None
    for y in (r.year - 1, r.year, r.year + 1):
        d = date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))
        delta = (d - r).days
        cost = abs(delta)
        if tense == "past" and delta > 31:
            cost += 400
        if tense == "future" and delta < -31:
            cost += 400
        if best is None or cost < best[0]:
            best = (cost, y)
    assert best is not None
    return best[1]


def _shift(ref: DateValue, unit: str, n: int) -> DateValue | None:
    if unit == "year":
        return make_date(ref.year + n, rule="relative")
    if ref.precision == "year":
        return None
    if unit == "month":
        y, m = ref.year, int(ref.value[5:7]) + n
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        return make_date(y, m, rule="relative")
    if ref.precision != "day":
        return None
    d = _ref_date(ref) + timedelta(weeks=n)
    return make_date(d.year, d.month, rule="relative")  # a week is only month-precise


_PAST_VERB = re.compile(r"\b(?:\w+ed|said|told|began|held|took|met|ran|went|saw|made|gave|won|led|sent|flew|"
                        r"left|spoke|wrote|came)\b", re.I)


def _local_tense(before: str, tense: Tense) -> Tense:
    """The tense of the verb nearest before a weekday in its clause: "will launch X, the commander
    announced on Thursday" has a future sentence but a past "on Thursday"."""
    clause = re.split(r"[,;:]\s", before)[-1]
    words = clause.split()[-6:]
    tail = " ".join(words)
    if re.search(r"\b(?:will|shall|is\s+to|are\s+to|to\s+be)\b", tail, re.I):
        return "future"
    if _PAST_VERB.search(tail):
        return "past"
    return tense


def _weekday_date(ref: DateValue, weekday: str, tense: Tense) -> date:
    """The date of "on <weekday>": the coming one in future tense, else the last one (or today)."""
    target = list(calendar.day_name).index(weekday)
    r = _ref_date(ref)
    if tense == "future":
        return r + timedelta(days=(target - r.weekday()) % 7)
    return r - timedelta(days=(r.weekday() - target) % 7)


def find_time(text: str, ref: DateValue | None, tense: Tense | None = None,
              anchor: DateValue | None = None) -> list[TimeExpr]:
    """Date expressions in ``text`` (a sentence), resolved; spans don't overlap.

    ``ref`` is the publication date; ``anchor`` the last date the article mentioned before
    this sentence (for "the following day"), defaulting to ``ref``."""
    tense = tense or tense_of(text)
    out: list[TimeExpr] = []

    def free(s: int, e: int) -> bool:
        return all(e <= x.start or s >= x.end for x in out)

    for pat in RANGE_PATTERNS:
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            m1 = month_number(g["m1"]) if g.get("m1") else month_number(g["m2"])
            m2 = month_number(g["m2"]) if g.get("m2") else m1
            d1 = int(g["d1"]) if g.get("d1") else None
            d2 = int(g["d2"]) if g.get("d2") else None
            if (d1 is None) != (d2 is None):
                continue
            y2 = int(g["y"]) if g.get("y") else year_for(m2, d2, ref, tense)
            if y2 is None:
                continue
            y1 = y2 - 1 if (m1, d1 or 0) > (m2, d2 or 0) else y2
            b, f = make_date(y1, m1, d1, "range"), make_date(y2, m2, d2, "range")
            if b and f:
                out.append(TimeExpr(m.start(), m.end(), b, f, "range"))

    for dm in find_dates(text, "absolute"):
        if free(dm.start, dm.end):
            out.append(TimeExpr(dm.start, dm.end, dm.date))

    for pat in (_MONTH_DAY, _DAY_MONTH):
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month, day = month_number(m.group("month")), int(m.group("day"))
            y = year_for(month, day, ref, tense)
            dv = make_date(y, month, day, "month-day") if y else None
            if dv:
                out.append(TimeExpr(m.start(), m.end(), dv, None, "relative"))

    for m in _VAGUE.finditer(text):
        if not free(m.start(), m.end()) or m.group("month")[0].islower():
            continue
        month = month_number(m.group("month"))
        if month == 5 and not m.group("y") and not m.group("part") and not re.match(r"in\s", m.group(0), re.I):
            continue  # "May" alone is too often the verb
        y = int(m.group("y")) if m.group("y") else year_for(month, None, ref, tense)
        dv = make_date(y, month, rule="vague" if m.group("part") else "month") if y else None
        if dv:
            out.append(TimeExpr(m.start(), m.end(), dv, None, "date" if m.group("y") else "relative"))

    for m in _YEAR_WORDS.finditer(text):
        if ref is None or not free(m.start(), m.end()):
            continue
        rel = m.group("rel").lower().split()[-1]
        n = {"this": 0, "same": 0, "last": -1, "previous": -1, "next": 1, "following": 1}[rel]
        dv = _shift(ref, m.group("unit").lower(), n)
        if dv:
            out.append(TimeExpr(m.start(), m.end(), dv, None, "relative"))

    for m in _DAY_WORDS.finditer(text):
        word = m.group("rel").lower()
        # "today", "yesterday": from the publication date; "the following day": from the last date told
        base = ref if word in ("today", "yesterday", "tomorrow") else (anchor or ref)
        if base is None or base.precision != "day" or not free(m.start(), m.end()):
            continue
        n = 1 if ("following" in word or "next" in word or word == "tomorrow") else \
            (0 if word == "today" else -1)
        d = _ref_date(base) + timedelta(days=n)
        out.append(TimeExpr(m.start(), m.end(), DateValue(d.isoformat(), "day", "relative"), None, "relative"))

    for m in _WEEKDAY_RANGE.finditer(text):  # "runs from Sunday to Friday"
        if ref is None or ref.precision != "day" or not free(m.start(), m.end()):
            continue
        first = _weekday_date(ref, m.group("wd1"), tense)
        names = list(calendar.day_name)
        last = first + timedelta(days=(names.index(m.group("wd2")) - names.index(m.group("wd1"))) % 7)
        out.append(TimeExpr(m.start(), m.end(), DateValue(first.isoformat(), "day", "weekday"),
                            DateValue(last.isoformat(), "day", "weekday"), "range"))

    for m in _WEEKDAY.finditer(text):
        if ref is None or ref.precision != "day" or not free(m.start(), m.end()):
            continue
        d = _weekday_date(ref, m.group("wd"), _local_tense(text[:m.start()], tense))
        out.append(TimeExpr(m.start(), m.end(), DateValue(d.isoformat(), "day", "weekday"), None, "relative"))

    for m in _YEAR_ALONE.finditer(text):
        if free(m.start("y"), m.end("y")):
            dv = make_date(int(m.group("y")), rule="year")
            if dv:
                out.append(TimeExpr(m.start("y"), m.end("y"), dv))
    return sorted(out, key=lambda t: t.start)
