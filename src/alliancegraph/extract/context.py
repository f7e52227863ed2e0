"""What every record extractor reads: the document's sentences with their gazetteer hits,
time expressions and figures, computed once per document. Pure (no I/O)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ..models import DateValue, Document, Evidence, Sentence
from .figures import Figure, find_figures
from ..nlp.gazetteer import Gazetteer, Hit, gazetteer
from .people import People, find_people
from .temporal import TimeExpr, find_time, tense_of

EXERCISE_WORD = re.compile(r"\b(?:exercises?|drills?|manoeuvres?|maneuvers?|war\s?games|wargames)\b", re.I)
_ACRONYM_DEF = re.compile(r"(?P<long>(?:[A-Z][\w’'-]*\s+(?:of\s+|for\s+|and\s+|the\s+)*){1,7})"
                          r"\((?P<short>[A-Z][A-Za-z]{0,6}[A-Z])\)")


@dataclass
class SentenceInfo:
    sentence: Sentence
    hits: list[Hit]
    times: list[TimeExpr]
    figures: list[Figure]
    tense: str
    paragraph: int

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def start(self) -> int:
        return self.sentence.start

    def hits_in(self, start: int, end: int, *labels: str) -> list[Hit]:
        return [h for h in self.hits if start <= h.start and h.end <= end and (not labels or h.label in labels)]


@dataclass
class DocContext:
    document: Document
    spacy_doc: Any
    gaz: Gazetteer
    sents: list[SentenceInfo]
    acronyms: dict[str, str] = field(default_factory=dict)
    people: People = field(default_factory=lambda: People([]))

    @property
    def published(self) -> DateValue | None:
        return self.document.published

    def evidence(self, start: int, end: int, sentence: Sentence) -> Evidence:
        return Evidence(self.document.id, sentence.index, start, end, self.document.text[start:end])

    def sentence_evidence(self, info: SentenceInfo) -> Evidence:
        return self.evidence(info.start, info.sentence.end, info.sentence)

    def token_at(self, pos: int) -> Any:
        """The parsed token covering character ``pos`` (None without a parse)."""
        if self.spacy_doc is None:
            return None
        span = self.spacy_doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None


def in_citation(text: str, pos: int) -> bool:
    """Is ``pos`` inside a parenthetical source citation such as "(Reuters, June 12)"?"""
    opening, closing = text.rfind("(", 0, pos), text.rfind(")", 0, pos)
    return opening > closing and re.match(r"\((?:see\s+)?[^()]*[A-Za-z][^()]*,\s*$", text[opening:pos]) is not None \
        and not re.match(r"\((?:on|in|from|since|by)\b", text[opening:pos])


def build_context(document: Document, spacy_doc: Any = None) -> DocContext:
    gaz = gazetteer()
    text = document.text
    cached = spacy_doc._.ag_hits if spacy_doc is not None and spacy_doc.has_extension("ag_hits") else None
    hits = cached if cached is not None and spacy_doc.text == text else gaz.find(text)
    hits = sorted(hits, key=lambda h: h.start)
    hit_starts = [h.start for h in hits]
    sents: list[SentenceInfo] = []
    anchor = document.published
    paragraph = 0
    prev_end = 0
    for s in document.sentences:
        if "\n" in text[prev_end:s.start]:
            paragraph += 1
        prev_end = s.end
        tense = tense_of(s.text)
        times = [TimeExpr(t.start + s.start, t.end + s.start, t.begin, t.finish, t.kind)
                 for t in find_time(s.text, document.published, tense, anchor)
                 if not in_citation(s.text, t.start)]
        days = [t.last for t in times if t.last.precision == "day"]
        if days:
            anchor = days[-1]
        figures = [Figure(f.start + s.start, f.end + s.start, f.value, f.kind, f.qualifier, f.noun)
                   for f in find_figures(s.text)]
        lo = bisect_left(hit_starts, s.start)
        hi = bisect_left(hit_starts, s.end, lo)
        sents.append(SentenceInfo(s, [h for h in hits[lo:hi] if h.end <= s.end], times, figures, tense, paragraph))
    acronyms = {}
    for m in _ACRONYM_DEF.finditer(text):
        long = m.group("long").strip()
        acronyms.setdefault(m.group("short"), long)
    return DocContext(document, spacy_doc, gaz, sents, acronyms, find_people(text, spacy_doc, gaz.terms))
