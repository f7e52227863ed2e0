"""Figures: how many personnel and how much equipment a sentence reports. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s*(?:thousand|million))?)"
_QUAL = r"(?:(?P<qual>up\s+to|over|more\s+than|about|around|some|nearly|almost|approximately|roughly|at\s+least|" \
        r"fewer\s+than|less\s+than|an\s+estimated)\s+)?"
_FILL = r"(?:(?:[A-Za-z][\w'’-]*|\([A-Z]+\))\s+){0,3}?"
PERSONNEL_NOUNS = (r"personnel|troops|soldiers|servicemen|servicewomen|service\s+members|service\s+personnel|"
                   r"peacekeepers|officers|sailors|marines|paratroopers|airmen|participants|"
                   r"men|women\s+and\s+men|people")
EQUIPMENT_NOUNS = (r"vehicles|aircraft|helicopters|ships|warships|vessels|tanks|planes|jets|fighter\s+jets|drones|"
                   r"(?:pieces|units|items)\s+of\s+(?:military\s+)?(?:equipment|hardware|weaponry|weapons)|submarines|boats")
_PATTERN = re.compile(rf"\b{_QUAL}{_NUMBER}\s+{_FILL}(?P<noun>{PERSONNEL_NOUNS}|{EQUIPMENT_NOUNS})\b", re.I)
_STRONG = re.compile(rf"\b{_QUAL}{_NUMBER}-strong\b", re.I)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    value: int
    kind: Literal["personnel", "equipment"]
    qualifier: str | None
    noun: str


def _to_int(raw: str) -> int | None:
    raw = raw.replace(",", "").strip().lower()
    mult = 1
    if raw.endswith("thousand"):
        raw, mult = raw.removesuffix("thousand").strip(), 1000
    elif raw.endswith("million"):
        raw, mult = raw.removesuffix("million").strip(), 1_000_000
    try:
        return int(float(raw) * mult)
    except ValueError:
        return None


def find_figures(text: str) -> list[Figure]:
    """Counts of personnel ("4200 military personnel", "up to 1,000 troops") and equipment
    ("310 military vehicles"). Years and percentages are not counts."""
    out: list[Figure] = []
    for m in _PATTERN.finditer(text):
        value = _to_int(m.group("num"))
        between = text[m.end("num"):m.start("noun")]
        if value is None or "%" in between or "percent" in between.lower():
            continue
        if 1900 <= value <= 2100 and "," not in m.group("num"):
            continue  # a year, not a count
        noun = m.group("noun").lower()
        if noun in ("people", "men") and not re.search(r"military|troops|army|armed", between, re.I):
            continue
        kind: Literal["personnel", "equipment"] = "equipment" if re.fullmatch(EQUIPMENT_NOUNS, noun, re.I) \
            else "personnel"
        out.append(Figure(m.start(), m.end(), value, kind, (m.group("qual") or None), noun))
    for m in _STRONG.finditer(text):
        value = _to_int(m.group("num"))
        if value is not None:
            out.append(Figure(m.start(), m.end(), value, "personnel", m.group("qual") or None, "strong"))
    return sorted(out, key=lambda f: f.start)
