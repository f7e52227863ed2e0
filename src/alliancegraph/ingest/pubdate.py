"""Publication-date inference: rules tried in order, each a pure function of the text.

The first rule that answers wins; the value carries its precision and the rule's name
so the user can see (and override with ``--published``) why a date was chosen.

1. ``labelled-line``: a line near the top or bottom that is a date, or "Published: <date>"
2. ``url``: a date in the article's own URL (/YYYY/MM/DD/, YYYYMMDD, /YYYY/MM/)
3. ``dateline``: "CITY, Mon. DD (Agency) --", "CITY, Month DD, YYYY —", "CITY, Month DD. /AGENCY/."
   with the year given there, else from the text's latest full date
4. ``periodical-volume``: "Volume: V Issue: I" of a known periodical (estimated month)
5. ``access-date``: the latest "Date of Accession"/"Accessed"/"Retrieved" date of its
   footnotes, a lower bound
6. ``latest-event``: the latest full date mentioned, a lower bound, at year precision
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from .. import data
from ..models import DateValue
from ..timeexpr import MONTH_RE, find_dates, make_date, month_number, parse_date

EDGE_LINES = 12
_LABEL = re.compile(r"^\s*(?:published(?:\s+on)?|posted(?:\s+on)?|date(?:\s+published)?|publication\s+date|"
                    r"updated|last\s+updated|dated|filed|first\s+published)\s*[:\-–—]?\s*(?P<rest>.+?)\s*$", re.I)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|$|[^\d])")
_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/")
_URL_IN_TEXT = re.compile(r"https?://\S+")
# "CITY, Mon. DD (Agency) --", "CITY, Month DD, YYYY —", "CITY, DD Month, (Agency):", "CITY, Month DD. /AGENCY/.",
# "PLACE /Country/, Month DD.": a place in capitals (or a capitalised city), a date, then an agency tag or a dash
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PART = (rf"(?:{MONTH_RE}\s+{_DAY}|{_DAY.replace('day', 'day2')}\s+{MONTH_RE.replace('month', 'month2')})"
              rf"(?:,\s*(?P<year>(?:19|20)\d\d))?")
_AGENCY = r",?\s*\([^)\n]{1,60}\)\s*[-–—:]|\.\s*/[^/\n]{1,40}/|,?\s*[-–—]"
_DATELINES = (  # a place in capitals: an agency tag, a dash, or a full stop and the first sentence
    re.compile(rf"^[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*(?:\s*/[A-Za-z .'’\-]+/)?,\s+{_DATE_PART}"
               rf"(?:{_AGENCY}|\.\s+(?=[A-Z]))", re.M),
    # a capitalised city of at most three words: an agency tag or a dash only
    re.compile(rf"^[A-Z][\w'’]*(?:-[a-z]+)*(?:[ -][A-Z][\w'’]*){{0,2}},\s+{_DATE_PART}(?:{_AGENCY})", re.M))
_VOLUME = re.compile(r"\bVol(?:ume)?\.?\s*:?\s*(?P<vol>\d{1,3})\s*,?\s*(?:Issue|No\.?|Number)\s*:?\s*(?P<issue>\d{1,4})",
                     re.I)
_ACCESS = re.compile(r"(?:date\s+of\s+accession|accessed(?:\s+on)?|retrieved(?:\s+on)?|access\s+date)\s*:?\s*",
                     re.I)

Rule = Callable[[str, str | None], DateValue | None]


def _edge_lines(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def labelled_line(text: str, url: str | None) -> DateValue | None:
    for line in _edge_lines(text):
        if len(line) > 80 or _ACCESS.search(line):
            continue
        m = _LABEL.match(line)
        candidate = m.group("rest") if m else line
        dv = parse_date(candidate, "labelled-line")
        if dv is not None:
            return dv
        if m:  # "Published: 5 June 2023 10:42 GMT"
            found = find_dates(candidate, "labelled-line")
            if found and found[0].start == 0:
                return found[0].date
        # a short non-sentence line with a full date: bylines, "Thu 12 Jan 2023 07.30 GMT",
        # "The Steppe Courier, 9th August 2024", "— Caucasus Monitor, 13/06/2024"
        if len(line.split()) <= 12 and not line.rstrip().endswith((".", "?", "!", ":")):
            days = [d.date for d in find_dates(line, "labelled-line") if d.date.precision == "day"]
            if len(days) == 1:
                return days[0]
    return None


def url_date(text: str, url: str | None) -> DateValue | None:
    urls = [url] if url else []
    urls += [u for line in text.splitlines()[:EDGE_LINES] for u in _URL_IN_TEXT.findall(line)]
    for u in urls:
        for pat, precision in ((_URL_DAY, "day"), (_URL_COMPACT, "day"), (_URL_MONTH, "month")):
            m = pat.search(u)
            if m:
                parts = [int(x) for x in m.groups()]
                dv = make_date(*parts, rule="url") if precision == "day" else make_date(parts[0], parts[1], rule="url")
                if dv is not None:
                    return dv
    return None


def _latest_full_date(text: str) -> DateValue | None:
    dates = [d.date for d in find_dates(text) if d.date.precision != "year"]
    return max(dates, key=lambda d: d.value) if dates else None


def dateline(text: str, url: str | None) -> DateValue | None:
    head = "\n".join(text.splitlines()[:EDGE_LINES])
    m = next((m for m in (p.search(head) for p in _DATELINES) if m), None)
    if not m:
        return None
    month, day = month_number(m.group("month") or m.group("month2")), int(m.group("day") or m.group("day2"))
    if m.group("year"):
        return make_date(int(m.group("year")), month, day, "dateline")
    latest = _latest_full_date(text)
    if latest is None:
        return None
    year = latest.year
    # A January dateline in an article whose latest date is late the year before.
    if latest.precision != "year" and int(latest.value[5:7]) > month + 6:
        year += 1
    return make_date(year, month, day, "dateline")


def periodical_volume(text: str, url: str | None) -> DateValue | None:
    head = "\n".join(text.splitlines()[:EDGE_LINES])
    m = _VOLUME.search(head)
    if not m:
        return None
    for p in data.load("periodicals")["periodicals"]:
        names = [p["name"], *p.get("aliases", [])]
        if any(re.search(rf"\b{re.escape(n)}\b", head) for n in names):
            year = p["first_volume_year"] + int(m.group("vol")) - 1
            issue = int(m.group("issue"))
            day_of_year = min(364, int((issue - 1) / p["issues_per_year"] * 365))
            estimate = date(year, 1, 1) + timedelta(days=day_of_year)
            return make_date(estimate.year, estimate.month, rule=f"periodical-volume ({p['name']}, estimated month)")
    return None


def access_date(text: str, url: str | None) -> DateValue | None:
    found: list[DateValue] = []
    for m in _ACCESS.finditer(text):
        window = text[m.end(): m.end() + 40]
        dates = find_dates(window)
        if dates and dates[0].start == 0:
            found.append(dates[0].date)
    if not found:
        return None
    latest = max(found, key=lambda d: d.value)
    return DateValue(latest.value, latest.precision, "access-date (latest source access, lower bound)")


def latest_event(text: str, url: str | None) -> DateValue | None:
    latest = _latest_full_date(text)
    if latest is None:
        return None
    return DateValue(latest.value[:4], "year", "latest-event (latest full date mentioned, lower bound)")


RULES: list[tuple[str, Rule]] = [
    ("labelled-line", labelled_line),
    ("url", url_date),
    ("dateline", dateline),
    ("periodical-volume", periodical_volume),
    ("access-date", access_date),
    ("latest-event", latest_event),
]


def infer_published(text: str, url: str | None = None) -> DateValue | None:
    """The publication date of an article, or None when no rule applies."""
    for _name, rule in RULES:
        dv = rule(text, url)
        if dv is not None:
            return dv
    return None


def parse_published_option(value: str) -> DateValue:
    """``--published`` / JSONL ``published``: ISO ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a written date."""
    value = value.strip()
    m = re.fullmatch(r"((?:19|20)\d\d)(?:-([01]?\d)(?:-([0-3]?\d))?)?(?:[T ].*)?", value)
    dv: DateValue | None = None
    if m:
        y, mo, d = m.groups()
        dv = make_date(int(y), int(mo) if mo else None, int(d) if d else None, "given")
    else:
        dv = parse_date(value, "given")
    if dv is None:
        raise ValueError(f"{value!r} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD")
    return dv
