"""Domain gazetteer: countries (names, aliases, demonyms, capitals), organizations, forces,
exercise series and places, matched in text. Built once per process from ``data/*.json``.
Pure lookups; the spaCy component ``ag_gazetteer`` exposes the same hits as ``doc.spans``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from .. import data

Label = Literal["COUNTRY", "DEMONYM", "CAPITAL", "ORG", "FORCE", "SERIES", "PLACE"]
LABEL_ORDER: dict[str, int] = {"SERIES": 0, "FORCE": 1, "ORG": 2, "COUNTRY": 3, "DEMONYM": 4, "PLACE": 5,
                               "CAPITAL": 6}


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    label: Label
    key: str  # canonical: country short name, organization acronym, force/series/place name
    text: str


def _fold(s: str) -> str:
    return s.replace("’", "'")


class Gazetteer:
    def __init__(self) -> None:
        self.terms: dict[str, tuple[Label, str]] = {}
        self.country: dict[str, dict[str, Any]] = {}
        self.orgs: dict[str, dict[str, Any]] = {}
        self.series: dict[str, dict[str, Any]] = {}
        self.forces: dict[str, dict[str, Any]] = {}
        self.places: dict[str, dict[str, Any]] = {}
        for c in data.load("countries")["countries"]:
            self.country[c["name"]] = c
            self._add(c["name"], "COUNTRY", c["name"])
            for a in c.get("aliases", []):
                self._add(a, "COUNTRY", c["name"])
            for a in c.get("demonyms", []):
                self._add(a, "DEMONYM", c["name"])
            for a in c.get("capitals", []):
                self._add(a, "CAPITAL", c["name"])
        for o in data.load("organizations")["organizations"]:
            self.orgs[o["acronym"]] = o
            for a in (o["acronym"], o["name"], *o.get("aliases", [])):
                self._add(a, "ORG", o["acronym"])
        for f in data.load("forces")["forces"]:
            self.forces[f["name"]] = f
            for a in (f["name"], f.get("acronym"), *f.get("aliases", [])):
                if a:
                    self._add(a, "FORCE", f["name"])
        for p in data.load("places")["places"]:
            self.places[p["name"]] = p
            for a in (p["name"], *p.get("aliases", [])):
                self._add(a, "PLACE", p["name"])
        for s in data.load("exercise_series")["series"]:
            self.series[s["name"]] = s
            for a in (s["name"], *s.get("aliases", [])):
                if not a.lower().startswith("exercise "):
                    self._add(a, "SERIES", s["name"], override=False)
        alts = sorted((re.escape(t) for t in self.terms), key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])")
        self.series_alias: dict[str, str] = {}
        for s in self.series.values():
            for a in (s["name"], *s.get("aliases", [])):
                self.series_alias.setdefault(fold_name(a), s["name"])

    def _add(self, term: str, label: Label, key: str, override: bool = True) -> None:
        term = _fold(term.strip())
        if len(term) < 2:
            return
        if term in self.terms:
            old = self.terms[term]
            if not override or LABEL_ORDER[old[0]] <= LABEL_ORDER[label]:
                return
        self.terms[term] = (label, key)

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every gazetteer term in ``text`` (case-sensitive, whole words), offsets shifted by ``offset``."""
        folded = _fold(text)
        out = []
        for m in self.pattern.finditer(folded):
            label, key = self.terms[m.group(0)]
            out.append(Hit(m.start() + offset, m.end() + offset, label, key, text[m.start():m.end()]))
        return out

    def series_for(self, name: str) -> dict[str, Any] | None:
        key = self.series_alias.get(fold_name(name))
        return self.series[key] if key else None

    def bloc_of(self, country: str, year: int | None) -> list[str]:
        """Blocs (CSTO, NATO, SCO) the country belonged to in ``year`` (now when None)."""
        out = []
        for o in self.orgs.values():
            if not o.get("bloc"):
                continue
            for m in o.get("members", []):
                if m["country"] == country and (year is None or (
                        (m.get("from") or 0) <= year and (m.get("to") is None or year <= m["to"]))):
                    out.append(o["bloc"])
                    break
        return out


def fold_name(s: str) -> str:
    """Case-, quote-, punctuation- and hyphen-insensitive key for names."""
    s = _fold(s).casefold()
    s = re.sub(r"[\"'`´‘’“”«»()\[\]]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


def register_component() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if "ag_gazetteer" in Language.factories:
        return

    @Language.component("ag_gazetteer")
    def ag_gazetteer(doc: Doc) -> Doc:
        """Writes countries, organizations, forces, series and places to ``doc.spans["ag"]``
        (label = type, ``kb_id_`` = canonical key)."""
        spans = []
        hits = gazetteer().find(doc.text)
        doc.user_data["ag_hits"] = hits  # reused by extraction (build_context)
        for h in hits:
            span = doc.char_span(h.start, h.end, label=h.label, kb_id=h.key, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["ag"] = spans
        return doc
