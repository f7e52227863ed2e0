"""Figures: how many personnel and how much equipment a sentence reports. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SMALL = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(w for w in _UNITS if w != 'zero')}))?|" \
         rf"{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
_HUNDREDS = rf"(?:{_SMALL}\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
_WORDS = rf"(?:{_HUNDREDS}\s+(?:thousand|million)(?:\s+(?:and\s+)?{_HUNDREDS})?|{_HUNDREDS}|(?:a|one)\s+thousand)"
_NUMBER = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s*(?:thousand|million))?|(?i:{_WORDS}))"
_QUAL = r"(?:(?P<qual>up\s+to|over|more\s+than|about|around|some|nearly|almost|approximately|roughly|at\s+least|" \
        r"fewer\s+than|less\s+than|an\s+estimated)\s+)?"
_FILL = r"(?:(?:[A-Za-z][\w'’-]*|\([A-Z]+\))\s+){0,3}?"
PERSONNEL_NOUNS = (r"personnel|troops|soldiers|servicemen|servicewomen|service\s+members|service\s+personnel|"
                   r"peacekeepers|officers|sailors|marines|paratroopers|airmen|participants|"
                   r"men|women\s+and\s+men|people")
EQUIPMENT_NOUNS = (r"vehicles|aircraft|helicopters|ships|warships|vessels|tanks|planes|jets|fighter\s+jets|drones|"
                   r"(?:pieces|units|items)\s+of\s+(?:[\w-]+,?\s+(?:and\s+)?){0,3}?(?:equipment|hardware|weaponry|weapons|"
                   r"armour|armor|armament|armaments|materiel)|weapon\s+systems|submarines|boats|"
                   r"armou?red\s+vehicles|artillery\s+pieces|guns")
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


def words_to_int(raw: str) -> int | None:
    """"two hundred and forty" -> 240, "more than two thousand" (the number part) -> 2000."""
    total, current = 0, 0
    for w in re.split(r"[\s-]+", raw.lower()):
        if w in ("and", ""):
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "a":
            current = 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * (1000 if w == "thousand" else 1_000_000)
            current = 0
        else:
            return None
    return total + current


def _to_int(raw: str) -> int | None:
    if re.search(r"[a-z]", raw.replace("thousand", "").replace("million", ""), re.I):
        return words_to_int(raw)
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
        if 1900 <= value <= 2100 and m.group("num").isdigit():
            continue  # a year, not a count
        if not m.group("num")[0].isdigit() and value < 2:
            continue  # "one of the soldiers"
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
