"""Exercise editions: names (known series and unseen ones), years, dates, hosts, organizer,
participants, declined countries, locations, figures, status, kind and scenario — each value
with the span it was read from. Pure: DocContext in, Exercise records out.

The flow: per sentence, name mentions are found (``find_mentions``); each mention gets an
edition year (written, or from the clause's dates, or from tense and the publication date for
a report on the current edition) and then one small function per attribute reads its clause,
mostly through spaCy's parse (the verb that governs the mention, its subject, the country
tokens' own verbs for declining and observing). Sentences that do not name an exercise either
name past editions of the current series ("first held in 2009", "last year's edition") or add
dates, participants, locations and figures to the exercises of the previous sentence. Cue words
live in ``data/cues/exercises.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from ..models import DateValue, Evidence, Exercise
from ..nlp.gazetteer import Hit
from ..text import fold_name
from .context import EXERCISE_WORD, DocContext, SentenceInfo
from .lexicon import cue_pattern, cue_words, cues
from .temporal import TimeExpr


def _cues(key: str) -> str:
    return cue_pattern("exercises", key)


@cache
def _set(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in cue_words("exercises", key))


@cache
def _rx(key: str, before: str = r"\b", after: str = r"\b", flags: int = re.I) -> re.Pattern[str]:
    return re.compile(rf"{before}(?:{_cues(key)}){after}", flags)


YEAR = r"(?:19|20)\d\d"
DASH = r"\s?[-–—]\s?"
CAP = r"[A-Z][\w’'.]*"
NAME_WORDS = rf"{CAP}(?:[ -]{CAP}){{0,3}}"
QUOTES = "\"“”‘’'«»"
EX_WORDS = r"exercises?|drills?|manoeuvres?|maneuvers?|war\s?games"
ROMAN = r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)"


@cache
def _mods() -> str:
    return rf"(?:(?:{_cues('exercise_modifiers')})\s+){{0,6}}"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    mods = _mods()
    return {
        "year_suffix": re.compile(rf"(?P<name>{NAME_WORDS})(?P<paren>\s*\([^()]{{1,40}}\))?{DASH}(?P<year>{YEAR})\b"),
        "roman": re.compile(rf"(?P<name>{NAME_WORDS}){DASH}(?P<roman>{ROMAN})\s*\((?P<year>{YEAR})\)"),
        "quoted_year": re.compile(rf"[{QUOTES}](?P<name>{NAME_WORDS})\s(?P<year>{YEAR})[{QUOTES}]"),
        "space_year": re.compile(rf"(?P<name>{NAME_WORDS})\s(?P<year>{YEAR})\b(?![-–/]\d)"
                                 rf"(?:\s*\((?P<alias>{NAME_WORDS})(?:\s{YEAR})?\))?"),
        "year_before": re.compile(rf"\b(?P<year>{YEAR})\s+(?P<name>{NAME_WORDS})\s+{mods}(?:{EX_WORDS})\b"),
        "short_year": re.compile(rf"(?:(?P<prefix>\bExercise)\s+)?(?P<name>{NAME_WORDS})(?P<sep>\s|{DASH})(?P<yy>\d\d)\b"
                                 rf"(?![-–/.,]?\d)"
                                 rf"(?P<after>\s+{mods}(?:{EX_WORDS})\b)?"),
        "named": re.compile(rf"(?:\b(?:{_cues('naming_cues')})\s+|\bExercise\s+|\b(?:{EX_WORDS})\s+{mods})"
                            rf"[{QUOTES}]?(?P<name>{NAME_WORDS})[{QUOTES}]?"
                            rf"(?:\s*\((?P<alias>{NAME_WORDS})\))?"),
        "appos": re.compile(rf"(?P<name>{NAME_WORDS}),\s+(?:which\s+\w+\s+(?:as\s+)?|an?\s+|the\s+)"
                            rf"(?:(?!of\b|for\b|at\b|in\b)[\w-]+\s+){{0,5}}(?:{EX_WORDS})\b"),
        "quoted": re.compile(rf"[“\"‘«](?P<name>{NAME_WORDS})[”\"’»]\s+{mods}(?:{EX_WORDS})\b"),
        "before_word": re.compile(rf"(?P<name>{NAME_WORDS})(?:\s*\((?P<alias>{NAME_WORDS})\))?\s+{mods}"
                                  rf"(?:{EX_WORDS})\b"),
        "unnamed": re.compile(r"\b(?:a|an|the)\s+(?P<joint>joint\s+|multinational\s+|trilateral\s+|bilateral\s+)?"
                              r"(?P<adj>[A-Z][\w-]+)\s+(?P<kind>(?:(?:naval|air|air[- ]defen[cs]e|land|amphibious|"
                              r"border|mountain|counter-terrorism|anti-terrorism|peacekeeping|military|maritime)\s+)+)"
                              r"(?P<word>exercise|drill|manoeuvres?|maneuvers?)\s+with\b"),
    }


KINDS = [("command-staff", re.compile(r"command[- ](?:and[- ])?staff|command\s+post", re.I)),
         ("air defence", re.compile(r"air[- ]defen[cs]e", re.I)),
         ("naval", re.compile(r"\bnaval\b|\bmaritime\b|\bsea\b", re.I)),
         ("peacekeeping", re.compile(r"peacekeeping", re.I)),
         ("counter-terrorism", re.compile(r"(?:counter|anti)[- ]terror", re.I)),
         ("field", re.compile(r"\bfield\b|live[- ]fire", re.I))]
SCENARIO = re.compile(r"\bscenario\b[^.;]*", re.I)
CLAUSE_END = re.compile(r";|[”\"]\s*,?\s*(?:adding|and\s+added|he\s+added|she\s+added)\b|,\s*(?:but|while|although|"
                        r"whereas|however)\b|,\s*(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,4}?(?:said|says|told|"
                        r"reported|announced|stated)\b")
GROUP_GAP = re.compile(rf"^[\s,;(]*(?:(?:and|as\s+well\s+as|along\s+with)\s+)?(?:the\s+)?[{QUOTES}\s]*$", re.I)
ANAPHOR = re.compile(r"\b(?:the|these|those|this|both|its|this\s+year[’']s)\s+(?:\w+\s+){0,2}?"
                     r"(?:exercises?|drills?|manoeuvres?|maneuvers?|edition|war\s?games?|training|phase|stage)\b|^\s*(?:It|They)\b",
                     re.I)
VERB_POS = ("VERB", "AUX")


@dataclass
class Mention:
    start: int
    end: int
    names: list[str]
    year: int | None
    info: SentenceInfo
    unnamed: bool = False
    series: str | None = None
    scope: tuple[int, int] = (0, 0)  # the clause it reads attributes from
    group: int = 0
    locations: list[tuple[str, int, int]] = field(default_factory=list)  # implied by the name itself
    organizer: tuple[str, int, int] | None = None  # "the CSTO's X-2024"
    own_prefix: bool = True  # the words before it in its sentence are about it


@dataclass
class Draft:
    """An exercise edition being assembled from the mentions of one document."""

    record: Exercise
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class _State:
    drafts: dict[tuple[str, int | None], Draft] = field(default_factory=dict)
    order: list[tuple[str, int | None]] = field(default_factory=list)
    last_group: list[Draft] = field(default_factory=list)
    coordinated: bool = False  # the last sentence named its exercises as one list ("A, B and C")
    context_host: tuple[str, Hit, SentenceInfo] | None = None
    pending: SentenceInfo | None = None  # an exercise described before it is named
    context_org: tuple[str, Hit, SentenceInfo] | None = None
    context_hosted: set[int] = field(default_factory=set)  # records whose host came from an earlier sentence  # "NATO's biggest drills …" before the name


_BLOCS = ("CSTO", "NATO", "SCO", "UN", "CIS", "EU", "OSCE", "AU", "ECOWAS", "ASEAN", "OTS", "GCC")

# ---------------------------------------------------------------- parse helpers

def _verb_of(tok: Any) -> Any:
    """The nearest verb that governs ``tok`` (the token itself if it is one)."""
    while tok is not None and (tok.pos_ not in VERB_POS or EXERCISE_WORD.fullmatch(tok.text)) and tok.dep_ != "ROOT":
        tok = tok.head  # "drills" is a noun here even where the tagger reads a verb
    return tok


def _head_noun(ctx: DocContext, m: Mention) -> Any:
    """The noun the mention names: "the Tern Harbour exercise" -> exercise; "a joint drill
    code-named X" -> drill."""
    named = re.search(rf"\b(?:{EX_WORDS}),?\s+(?:(?:{_cues('naming_cues')})\s+)?[{QUOTES}]?$",
                      ctx.document.text[max(m.info.start, m.start - 30):m.start], re.I)
    if named:
        return ctx.token_at(max(m.info.start, m.start - 30) + named.start())
    tok = ctx.token_at(m.end - 1)
    while tok is not None and tok.dep_ in ("compound", "nmod", "amod", "nummod", "npadvmod") and tok.head is not tok:
        tok = tok.head
    return tok


def _subtree_span(tok: Any) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


@lru_cache(maxsize=8)
def _quote_marks(text: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Positions of the quotation marks of a document, computed once: straight double quotes,
    opening and closing curly double quotes, opening single quotes after a space, closing single
    quotes before a space or punctuation."""
    def at(rx: str) -> list[int]:
        return [m.start() for m in re.finditer(rx, text)]
    return at('"'), at("“"), at("”"), at(r"(?<=\s)‘"), at(r"’(?=[\s.,;])")


def _in_quote(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a direct quotation opened after ``start``? (bisect over the document's
    quotation marks, so a call costs O(log n) instead of a scan of the sentence)"""
    if pos <= start:
        return False
    dq, lq, rq, ls, rs = _quote_marks(text)

    def n(marks: list[int], lo: int, hi: int) -> int:
        return bisect_left(marks, hi) - bisect_left(marks, lo)
    if n(dq, start, pos) % 2 == 1 or n(lq, start, pos) > n(rq, start, pos):
        return True
    opens = n(ls, start + 1, pos) + (text[start] == "‘")
    closes = n(rs, start, pos - 1) + (text[pos - 1] == "’")
    return opens > closes


# ---------------------------------------------------------------- names

def _clean_name(raw: str) -> str:
    words = raw.strip(QUOTES + " ").split()
    while words and words[0].lower() in _set("not_name_words"):
        words.pop(0)
    if words and words[-1].endswith(".") and words[-1].count(".") == 1:
        words[-1] = words[-1][:-1]  # the sentence's full stop, not an abbreviation's
    return " ".join(words)


def _strip_org_prefix(ctx: DocContext, s: int, name: str) -> tuple[int, str, tuple[str, int, int] | None]:
    """"CSTO's Basalt Accord" -> ("Granite Accord", organizer CSTO)."""
    lead = re.match(r"(?:(?:the|a|an)\s+)", name, re.I)
    if lead:
        s, name = s + lead.end(), name[lead.end():]
    m = re.match(r"(?P<org>[\w.-]+)[’']s\s+", name)
    if not m:
        return s, name, None
    term = ctx.gaz.terms.get(m.group("org"))
    if not term or term[0] not in ("ORG", "FORCE", "COUNTRY"):
        return s, name, None
    org = term[1] if term[0] == "ORG" else (ctx.gaz.forces[term[1]].get("organization") if term[0] == "FORCE" else None)
    return s + m.end(), name[m.end():], (org, s, s + len(m.group("org"))) if org else None


def _is_entity(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> bool:
    """The name is only countries, organizations, demonyms or places: not an exercise name."""
    name = ctx.document.text[start:end]
    parts = [p for p in re.split(r"[-–]", name) if p.strip()]
    if len(parts) > 1 and all(p.strip() in _combining_forms() or ctx.gaz.terms.get(p.strip(), ("",))[0] in (
            "COUNTRY", "DEMONYM", "ORG") for p in parts):
        return True  # "the India-Sri Lanka exercise", "the Indo-Maldives exercise"
    hits = info.hits_in(start, end, "COUNTRY", "DEMONYM", "ORG", "CAPITAL", "PLACE", "FORCE")
    covered = sum(h.end - h.start for h in hits)
    letters = len(re.sub(r"[^\w]", "", name))
    return covered > 0 and covered >= letters * 0.6


def _all_propn(ctx: DocContext, s: int, e: int) -> bool:
    """A proper name: every word a proper noun, or (not at the start of a sentence, where any word is
    capitalised) capitalised words of which at least one is a proper noun ("the Tundra Lantern exercise",
    where the tagger reads "Current" as an adjective)."""
    doc = ctx.spacy_doc
    if doc is None:
        return True
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if t.text not in "-–"]
    if all(t.pos_ == "PROPN" for t in words):
        return True
    return not span[0].is_sent_start and any(t.pos_ == "PROPN" for t in words) and all(
        t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN", "NUM") for t in words)


def _two_digit_year(yy: str, pub: DateValue | None) -> int | None:
    """"Copper Gate 22" -> 2022 (the century that puts it nearest the article)."""
    ref = pub.year if pub else 2020
    y = 2000 + int(yy)
    if y > ref + 5:
        y -= 100
    return y if abs(y - ref) <= 30 else None


class _Finder:
    """Collects a sentence's name mentions without overlaps, most specific pattern first."""

    def __init__(self, ctx: DocContext, info: SentenceInfo) -> None:
        self.ctx, self.info, self.found = ctx, info, []  # type: ignore[var-annotated]
        self.text, self.base = info.text, info.start
        self.has_ex_word = bool(EXERCISE_WORD.search(self.text) or re.search(r"\beditions?\b", self.text))
        self.doc_has_ex_word = bool(EXERCISE_WORD.search(ctx.document.text))

    def overlaps(self, s: int, e: int) -> bool:
        return any(s < m.end and m.start < e for m in self.found)

    def add(self, s: int, e: int, names: list[str], year: int | None, check_entity: bool = True) -> Mention | None:
        org = None
        if names:
            s2, first, org = _strip_org_prefix(self.ctx, s, names[0].strip(QUOTES + " "))
            if org is not None or s2 != s:
                s, names = s2, [first, *names[1:]]
        names = [n for n in (_clean_name(x) for x in names) if n and n.lower() not in _set("not_name_words")]
        if not names or self.overlaps(s, e):
            return None
        name_end = s + len(names[0]) if self.ctx.document.text[s:].startswith(names[0]) else e
        if check_entity and _is_entity(self.ctx, self.info, s, name_end):
            return None
        if _force_or_date(self.info, names[0], s, name_end):
            return None
        m = Mention(s, e, list(dict.fromkeys(names)), year, self.info, organizer=org)
        self.found.append(m)
        return m


def _force_or_date(info: SentenceInfo, name: str, s: int, e: int) -> bool:
    """A formation ("the drills of the alliance's Joint Coastal Response Forces") or a date
    ("in June-July, the X exercise") is never an exercise's name."""
    words = name.split()
    if words and words[-1].lower() in _set("military_unit_nouns"):
        return True
    return any(t.start < e and s < t.end for t in info.times)


def _find_roman(f: _Finder) -> None:
    """"Osprey-II (2017)": the series, its numbered name as alias, the year in brackets."""
    for m in _patterns()["roman"].finditer(f.text):
        name = m.group("name")
        f.add(f.base + m.start("name"), f.base + m.end(), [name, f"{name}-{m.group('roman')}"], int(m.group("year")))


def _find_year_suffix(f: _Finder) -> None:
    """"Name-2022", "Name (Alias/Alias)-2022", "Step (Cobalt-2023)", and elided "-2016, -2018"."""
    ctx, text, base = f.ctx, f.text, f.base
    for m in _patterns()["year_suffix"].finditer(text):
        name = m.group("name")
        series = ctx.gaz.series_for(_clean_name(name))
        quoted = m.start() > 0 and text[m.start() - 1:m.start()] in QUOTES
        if not (f.has_ex_word or series or quoted or (f.doc_has_ex_word and _all_propn(
                f.ctx, base + m.start("name"), base + m.end("name")))):
            continue  # "Vision-2030"; a "Name-2018" in an article about exercises is one
        names = [name]
        if m.group("paren"):
            names += [p for p in re.split(r"[/,;]", m.group("paren").strip(" ()")) if p.strip()]
        s, e = base + m.start("name"), base + m.end()
        outer = re.search(rf"({CAP})\s*\($", text[:m.start()])
        if outer and text[m.end():m.end() + 1] == ")":
            names.append(outer.group(1))
            s, e = base + outer.start(1), e + 1
        first = f.add(s, e, [n.strip() for n in names], int(m.group("year")))
        if first is None:
            continue
        pos = m.end()
        while (more := re.match(rf"\s*(?:,|and|,\s*and)\s*[-–](?P<year>{YEAR})\b", text[pos:])):
            f.found.append(Mention(base + pos + more.start("year") - 1, base + pos + more.end(), list(first.names),
                                   int(more.group("year")), f.info, organizer=first.organizer))
            pos += more.end()


def _find_space_year(f: _Finder) -> None:
    """"“Name 2023”", "Iron Anchor 2023 (Alias 2023)", "the 2014 Name exercise"."""
    for m in _patterns()["quoted_year"].finditer(f.text):
        f.add(f.base + m.start("name"), f.base + m.end("year"), [m.group("name")], int(m.group("year")))
    prev = [x for x in f.ctx.sents if x.sentence.index == f.info.sentence.index - 1]
    if not f.has_ex_word and not (prev and EXERCISE_WORD.search(prev[0].text)):
        return  # "Iron Bridge 2024 will rehearse …" right after a sentence about an exercise
    for m in _patterns()["space_year"].finditer(f.text):
        name = _clean_name(m.group("name"))
        if not name or name.split()[0].lower() in _set("not_name_words"):
            continue
        s = f.base + m.start("name") + m.group("name").find(name)
        if _all_propn(f.ctx, s, s + len(name)):
            names = [name] + ([m.group("alias")] if m.group("alias") else [])
            f.add(s, f.base + m.end(), names, int(m.group("year")))
    for m in _patterns()["year_before"].finditer(f.text):
        name = _clean_name(m.group("name"))
        s = f.base + m.start("name") + m.group("name").find(name)
        if name and _all_propn(f.ctx, s, s + len(name)):
            f.add(s, s + len(name), [name], int(m.group("year")))


def _find_short_year(f: _Finder) -> None:
    """"Exercise Copper Gate 22", "the Reed Bridge 14 exercise": a two-digit edition suffix."""
    for m in _patterns()["short_year"].finditer(f.text):
        name = _clean_name(m.group("name"))
        series = f.ctx.gaz.series_for(name)
        joined = re.search(r"\b(?:take|takes|took|taking)\s+part\s+in\s+$|\bparticipat\w+\s+in\s+$|\bjoin\w*\s+$",
                           f.text[:m.start("name")])
        if not name or not (m.group("prefix") or m.group("after") or series or joined):
            continue
        if m.group("sep").strip() and not (series or re.search(rf"\b{re.escape(name)}{DASH}?{YEAR}\b",
                                                               f.ctx.document.text)):
            continue  # "MiG-29", "Su-30": a dash and two digits name an edition only of a known series
        s = f.base + m.start("name") + m.group("name").find(name)
        year = _two_digit_year(m.group("yy"), f.ctx.published)
        if year and _all_propn(f.ctx, s, s + len(name)):
            f.add(s, f.base + m.end("yy"), [name], year)


def _find_series(f: _Finder) -> None:
    """Known series anywhere ("Nerushimoe Bratstvo 2021", "the Poisk field exercises")."""
    text = f.ctx.document.text
    for h in f.info.hits_in(f.info.start, f.info.sentence.end, "SERIES"):
        if re.search(rf"{CAP}[ -]$", text[max(0, h.start - 30):h.start]) and f.info.start < h.start:
            continue  # "Copper Thunder": the known series' name is part of a longer proper name
        after = text[h.end:h.end + 40]
        ym = re.match(rf"(?:{DASH}|\s)({YEAR})\b", after)
        strong = " " in h.text or ym or re.match(rf"\s+{_mods()}(?:{EX_WORDS})\b", after) \
            or (h.start > 0 and text[h.start - 1] in QUOTES)  # at 0 the slice is "", in any str
        if strong:
            f.add(h.start, h.end + (ym.end() if ym else 0), [h.text], int(ym.group(1)) if ym else None,
                  check_entity=False)


def _find_named(f: _Finder) -> None:
    """"code-named “Slate Pass”", "Exercise Tin Crossing", "the exercise Marsh Guardian",
    "codenamed Kindjal (Dagger)": a proper name after a naming cue."""
    if not f.has_ex_word and not re.search(r"\bExercise\b", f.text):
        return
    for m in _patterns()["named"].finditer(f.text):
        name = _clean_name(m.group("name"))
        if not name:
            continue
        s = f.base + m.start("name") + m.group("name").find(name)
        if _next_pos(f.ctx, s + len(name)) == "NOUN":
            continue  # "during the exercise Army units fired": the words modify a noun
        if _all_propn(f.ctx, s, s + len(name)) or _ends_noun_phrase(f.ctx, s + len(name)):
            names = [name] + ([m.group("alias")] if m.group("alias") else [])
            f.add(s, f.base + m.end(), names, None)


def _ends_noun_phrase(ctx: DocContext, end: int) -> bool:
    """After "exercises Orient Lance" the phrase ends (punctuation, a verb, a preposition): the
    capitalised words are the name even where the tagger reads them as common words; in "the
    exercise Army units fired" it does not."""
    return _next_pos(ctx, end) in (None, "PUNCT", "VERB", "AUX", "ADP", "CCONJ", "SCONJ")


def _next_pos(ctx: DocContext, end: int) -> str | None:
    text = ctx.document.text
    while end < len(text) and text[end] in " \t":
        end += 1
    tok = ctx.token_at(end) if end < len(text) else None
    return tok.pos_ if tok is not None else None


def _find_before_word(f: _Finder) -> None:
    """"the “Gobi Watch” exercise", "their yearly Khaan Quest field exercise", "Kindjal (Dagger) drills"."""
    for m in _patterns()["quoted"].finditer(f.text):
        f.add(f.base + m.start("name"), f.base + m.end("name"), [m.group("name")], None)
    for m in _patterns()["before_word"].finditer(f.text):
        name = _clean_name(m.group("name"))
        if not name:
            continue
        s = f.base + m.start("name") + m.group("name").find(name)
        if _all_propn(f.ctx, s, s + len(name)):
            names = [name] + ([m.group("alias")] if m.group("alias") else [])
            f.add(s, s + len(name), names, None)


def _find_appositive(f: _Finder) -> None:
    """"Blue Fjord, a biennial naval exercise, …", "Blue Fjord, which began as a small drill in 2001, …"."""
    for m in _patterns()["appos"].finditer(f.text):
        name = _clean_name(m.group("name"))
        s = f.base + m.start("name") + m.group("name").find(name)
        if name and _all_propn(f.ctx, s, s + len(name)) and not f.ctx.gaz.terms.get(name):
            f.add(s, s + len(name), [name], None)


def _find_gathering(f: _Finder) -> None:
    """"9,000 personnel have gathered in X for Blue Fjord 2025": a named, dated event that troops
    take part in is an exercise even where the article never says "exercise"."""
    if f.has_ex_word or not (f.info.figures or _rx("participation_cues").search(f.text)):
        return
    for m in _patterns()["space_year"].finditer(f.text):
        name = _clean_name(m.group("name"))
        s = f.base + m.start("name") + m.group("name").find(name)
        before = f.text[:m.start("name")]
        if name and re.search(rf"\b(?:for|in|{_cues('start_cues')}|{_cues('end_cues')})\s+(?:the\s+)?$", before, re.I) \
                and _all_propn(f.ctx, s, s + len(name)):
            f.add(s, f.base + m.end(), [name], int(m.group("year")))


def _find_unnamed(f: _Finder) -> None:
    """"a joint Baltic naval exercise with A, B and C" gets a descriptive name."""
    for m in _patterns()["unnamed"].finditer(f.text):
        adj = m.group("adj")
        if adj.lower() in _set("not_name_words"):
            continue
        kind = " ".join(m.group("kind").split())
        name = f"{adj} {kind} exercise".replace(" military exercise", " exercise")
        names = [name] + ([f"{m.group('joint').strip().capitalize()} {name}"] if m.group("joint") else [])
        mt = Mention(f.base + m.start("adj"), f.base + m.end("word"), names, None, f.info, unnamed=True)
        if f.overlaps(mt.start, mt.end):
            continue
        f.found.append(mt)
        if f"{adj} Sea" in f.ctx.gaz.places:
            mt.locations.append((f"{adj} Sea", f.base + m.start("adj"), f.base + m.end("adj")))


def _not_an_edition(ctx: DocContext, info: SentenceInfo, m: Mention) -> bool:
    """A drill only compared to ("nothing like the X manoeuvres", "such as NATO's X series") or
    one planned but never scheduled ("tentatively called X … has not been scheduled")."""
    before = ctx.document.text[max(info.start, m.start - 40):m.start]
    if _rx("comparison_cues", after=r"\b(?:\s+\S+){0,3}\s*$").search(before):
        return True
    return bool(_rx("unrealised_cues").search(info.text))


def _may_name_exercise(ctx: DocContext, info: SentenceInfo) -> bool:
    """Cheap test before the finders: an exercise word, a known series, "Exercise X", or (in an
    article about exercises) a proper name with an edition number ("Name-2018", "Name 18")."""
    if EXERCISE_WORD.search(info.text) or re.search(r"\bExercise\b|\beditions?\b", info.text) or \
            info.hits_in(info.start, info.sentence.end, "SERIES"):
        return True
    if info.figures and re.search(rf"{CAP}\s{YEAR}\b", info.text):
        return True
    return bool(re.search(rf"{CAP}(?:{DASH}{YEAR}|\s{YEAR}|\s\d\d)\b", info.text)) and bool(
        EXERCISE_WORD.search(ctx.document.text))


def find_mentions(ctx: DocContext, info: SentenceInfo) -> list[Mention]:
    if not _may_name_exercise(ctx, info):
        return []
    f = _Finder(ctx, info)
    for step in (_find_roman, _find_year_suffix, _find_space_year, _find_gathering, _find_short_year, _find_series,
                 _find_named, _find_before_word, _find_appositive, _find_unnamed):
        step(f)
    found = [m for m in f.found if not _not_an_edition(ctx, info, m)]
    for mt in found:
        series = next((s for s in (ctx.gaz.series_for(n) for n in mt.names) if s), None)
        mt.series = series["name"] if series else None
    found.sort(key=lambda x: x.start)
    _assign_scopes(ctx, info, found)
    return found


def _assign_scopes(ctx: DocContext, info: SentenceInfo, ms: list[Mention]) -> None:
    """Clause of each mention: up to the next mention (or group of coordinated mentions)."""
    text = ctx.document.text
    group = 0
    for i, m in enumerate(ms):
        if i and not GROUP_GAP.match(re.sub(r"\([^()]*\)", "", text[ms[i - 1].end:m.start])):
            group += 1
        m.group = group
    for m in ms:
        last = [x for x in ms if x.group == m.group][-1]
        nxt = next((x for x in ms if x.group > m.group), None)
        stop = nxt.start if nxt else info.sentence.end
        boundary = CLAUSE_END.search(text, last.end, stop)
        if nxt is not None and boundary is None:
            stop = _new_clause_start(ctx, last, nxt)
        m.scope = (last.end, boundary.start() if boundary else stop)


def _new_clause_start(ctx: DocContext, last: Mention, nxt: Mention) -> int:
    """"Peru will host the Condor exercise with A's forces, in June-July, the Puma exercise will take
    place in Chile": a mention with a verb of its own starts a clause at the earliest comma after
    which no verb comes before it; the words from there belong to it, not to the mention before."""
    text = ctx.document.text
    fronted = re.search(r",\s*(?:in|on|from|by|during|between|at)\s+[^,;]{1,40},\s*(?:the\s+)?[“\"]?$",
                        text[last.end:nxt.start], re.I)
    if fronted:  # ", in June-July, the Puma exercise …": a fronted phrase opens the next mention's clause
        return last.end + fronted.start()
    v1, v2 = _governing_verb(ctx, last), _governing_verb(ctx, nxt)
    if v1 is None or v2 is None or v1 == v2:
        return nxt.start
    for c in re.finditer(r",", text[last.end:nxt.start]):
        pos = last.end + c.start()
        toks = [ctx.token_at(i) for i in range(pos + 1, nxt.start) if not text[i].isspace() and text[i - 1].isspace()]
        if not any(t is not None and t.pos_ in VERB_POS for t in toks):
            return pos
    return nxt.start


# ---------------------------------------------------------------- year

def _governing_verb(ctx: DocContext, m: Mention) -> Any:
    noun = _head_noun(ctx, m)
    return _verb_of(noun.head) if noun is not None and noun.dep_ != "ROOT" else noun


def _is_series_level(ctx: DocContext, info: SentenceInfo, m: Mention) -> bool:
    """"have flown in the X exercises", "held every two years, X drills …", "since 2004": the series,
    not one edition."""
    if _rx("habitual_cues").search(info.text) or re.search(r"\bsince\b", info.text[:m.start - info.start], re.I):
        return True
    if re.match(r"\s+series\b", ctx.document.text[m.end:m.end + 10]):
        return True  # "the long-running X series"
    verb = _governing_verb(ctx, m)
    if verb is None:
        return False
    return any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VBN" \
        and verb.lemma_ in _set("participation_verbs")


def _edition_time(times: list[TimeExpr], year: int | None) -> list[TimeExpr]:
    """Times in a clause that can date the edition (not "since 2004", not another year's)."""
    return [t for t in times if not (t.begin.precision == "year" and t.finish is None)
            and (year is None or year in (t.begin.year, t.last.year) or _rebase(t, year) is not None)]


def _clause_times(info: SentenceInfo, m: Mention, mentions: list[Mention]) -> list[TimeExpr]:
    prefix_end = min(x.start for x in mentions) if m.own_prefix else info.start
    return [t for t in info.times if m.scope[0] <= t.start < m.scope[1] or info.start <= t.start < prefix_end]


def _edition_year(ctx: DocContext, info: SentenceInfo, m: Mention, mentions: list[Mention], state: _State
                  ) -> int | None:
    """The written year; else the year of the clause's dates; else, for a report on the current
    edition (not the series in general), the publication year."""
    if m.year is not None:
        return m.year
    years = {x.year for x in mentions if x.year}
    if m.unnamed and len(years) == 1:
        return next(iter(years))
    if _is_series_level(ctx, info, m):
        return None
    dated = _edition_time(_clause_times(info, m, mentions), None)
    if dated:
        return dated[0].last.year if dated[0].finish else dated[0].begin.year
    if _past_editions(ctx, info, m.names[0]):
        return None  # "X has come a long way since it started in 2008 …": the series, its first edition
    name = m.series or m.names[0]
    same = [k[1] for k in state.order if k[0] == name and k[1] is not None]
    if len(same) == 1:
        return same[0]
    pub = ctx.published
    if pub is not None and not m.unnamed and info.tense in ("past", "future", "any"):
        return pub.year
    return None


# ---------------------------------------------------------------- countries and their roles

def _countries(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, Hit]]:
    """Countries and demonyms in a span; "India-France exercise" keeps a hyphenated pair,
    "Azerbaijan-Armenia conflict" does not."""
    text = ctx.document.text
    out = []
    hits = _with_hyphen_partners(ctx, info.hits_in(start, end, "COUNTRY", "DEMONYM"), start, end)
    for h in hits:
        if text[h.end:h.end + 1] in ("-", "–") or (h.start > 0 and text[h.start - 1] in "-–"):
            chain_end = h.end
            while (nxt := next((x for x in hits if x.start == chain_end + 1 and text[chain_end] in "-–"), None)):
                chain_end = nxt.end
            if not re.match(rf"\s+{_mods()}(?:{EX_WORDS})\b", text[chain_end:chain_end + 80], re.I):
                continue  # "the Azerbaijan-Armenia conflict" names no participant
        if any(o.start < h.end and h.start < o.end for o in info.hits_in(start, end, "ORG", "FORCE", "SERIES")):
            continue
        out.append((h.key, h))
    return out


@cache
def _combining_forms() -> dict[str, str]:
    forms = cues("exercises")["combining_forms"]
    assert isinstance(forms, dict)
    return {k: v for k, v in forms.items() if not k.startswith("_")}


def _with_hyphen_partners(ctx: DocContext, hits: list[Hit], start: int = 0, end: int = 0) -> list[Hit]:
    """"Egypt-Greece", "Indo-Maldives": the gazetteer leaves the second half of a hyphenated pair
    and combining forms ("Indo-", "Sino-"); add them."""
    text = ctx.document.text
    out = list(hits)
    forms = _combining_forms()
    for m in re.finditer(rf"\b({'|'.join(forms)})[-–](?=[A-Z])", text[start:end] if end else ""):
        s = start + m.start(1)
        if not any(x.start == s for x in out):
            out.append(Hit(s, s + len(m.group(1)), "DEMONYM", forms[m.group(1)], m.group(1)))
            nxt = re.match(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?", text[start + m.end():start + m.end() + 30])
            if nxt and not any(x.start == start + m.end() for x in out):
                word = nxt.group(0) if ctx.gaz.terms.get(nxt.group(0)) else nxt.group(0).split()[0]
                term = ctx.gaz.terms.get(word)
                if term and term[0] in ("COUNTRY", "DEMONYM"):
                    out.append(Hit(start + m.end(), start + m.end() + len(word), term[0], term[1], word))  # type: ignore[arg-type]
    for h in hits:
        pos = h.end
        while (m := re.match(r"[-–]([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text[pos:pos + 40])):
            term = ctx.gaz.terms.get(m.group(1)) or ctx.gaz.terms.get(m.group(1).split()[0])
            word = m.group(1) if ctx.gaz.terms.get(m.group(1)) else m.group(1).split()[0]
            if not term or term[0] not in ("COUNTRY", "DEMONYM"):
                break
            s = pos + 1
            if not any(x.start == s for x in out):
                out.append(Hit(s, s + len(word), term[0], term[1], word))  # type: ignore[arg-type]
            pos = s + len(word)
    return sorted(out, key=lambda x: x.start)


def _role(ctx: DocContext, info: SentenceInfo, h: Hit) -> str | None:
    """"observer", "declined" or "opponent" for a country that does not take part."""
    text = ctx.document.text
    before = text[max(info.start, h.start - 30):h.start]
    if _rx("not_participant_before", after=r"\s+(?:the\s+)?$").search(before):
        return "opponent"
    tok = ctx.token_at(h.start)
    if tok is None:
        return None
    if tok.head.lemma_.lower() in _set("pair_conflict_words") and tok.head.i > tok.i:
        return "opponent"  # "only a few kilometres from the Polish border"
    path = [tok]
    t = tok
    while t.pos_ not in VERB_POS and t.dep_ != "ROOT":
        t = t.head
        path.append(t)
    if any(x.lower_ in _set("observer_words") for x in path):
        return "observer"
    if _membership(ctx, t):
        return "member"
    subject = len(path) > 1 and (path[-2].dep_ in ("nsubj", "nsubjpass") or (
        path[-2].dep_ == "conj" and len(path) > 2 and path[-3].dep_ in ("nsubj", "nsubjpass")))
    subject = subject or any(x.dep_ in ("nsubj", "nsubjpass") for x in path[:-1])
    verbs = [t] + [c for c in t.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in VERB_POS]
    for v in verbs:
        kids = list(v.children)
        if any(k.dep_ in ("prep", "dobj", "attr") and any(x.lower_ in _set("observer_words") for x in k.subtree)
               for k in kids) and v.lemma_ in ("attend", "send", "be", "come", "watch", "join", "participate"):
            return "observer"
        comps = [k for k in kids if k.dep_ in ("xcomp", "ccomp")]
        if v.lemma_ in _set("decline_verbs") and subject and all(
                k.lemma_ in _set("participation_verbs") | {"take"} for k in comps):
            return "declined"  # not "declined to comment"
        negated = any(k.dep_ == "neg" for k in kids) or any(
            k.dep_ == "dobj" and any(d.lower_ == "no" for d in k.children) for k in kids)
        if negated and subject and v.lemma_ in _set("participation_verbs") | {"take"}:
            return "declined"
    window = text[h.start:min(info.sentence.end, h.end + 60)]
    if _rx("decline_cues").search(window) or _rx("decline_cues").search(before):
        return "declined"
    return None


def _membership(ctx: DocContext, verb: Any) -> bool:
    """The country is listed as a member of a bloc, not as a participant: "The alliance includes
    A, B and C", "the pact, which is made up of A and B", "Its member states are A and B"."""
    if verb.lemma_.lower() not in _set("membership_verbs") | {"be", "make"}:
        return False
    subj = [k for k in verb.children if k.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ == "relcl":
        subj.append(verb.head)  # "the bloc, which comprises …"
    for s in subj:
        words = {x.lower_ for x in s.subtree if x.i <= s.i}
        if s.lower_ in ("which", "that", "it"):
            continue
        if words & _set("bloc_words") or s.ent_type_ == "ORG" or ctx.gaz.terms.get(s.text, ("",))[0] == "ORG":
            return verb.lemma_.lower() != "be" or bool(words & {"member", "members", "membership"})
    return False


def _is_excluded(ctx: DocContext, info: SentenceInfo, h: Hit) -> bool:
    return _role(ctx, info, h) is not None


def _subject_countries(ctx: DocContext, info: SentenceInfo, m: Mention) -> list[tuple[str, Hit]]:
    """Countries in the subject of the verb that governs the mention ("Thai and U.S. marines began
    the X exercise", "Navies of A and B began …") and in the mention's own phrase ("exercise of
    the Uzbek and Kazakh armed forces", "the exercise involving A, B and C")."""
    verb = _governing_verb(ctx, m)
    spans: list[tuple[int, int]] = []
    noun = _head_noun(ctx, m)
    if noun is not None:
        s0, e0 = _subtree_span(noun)
        named_by = noun.idx < m.start and EXERCISE_WORD.fullmatch(noun.text) and m.start - noun.idx < 35
        spans.append((s0 if named_by else max(s0, m.start), min(e0, m.scope[1])))
    if verb is not None and verb.pos_ in VERB_POS:
        v = verb
        while not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) and v.dep_ in ("conj", "xcomp") \
                and v.head is not v:
            v = v.head
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (noun is None or c.i != noun.i):
                s0, e0 = _subtree_span(c)
                spans.append((max(s0, info.start), min(e0, m.start)))
    out = []
    for s, e in spans:
        out += [(k, h) for k, h in _countries(ctx, info, s, e) if not _is_excluded(ctx, info, h)]
    return out


# ---------------------------------------------------------------- places

def _dateline(ctx: DocContext) -> tuple[str | None, str | None, int, int]:
    """"RANGE NAME /Country/, date" or "CITY, (Country):": the place (only a facility: range,
    training ground, base) and the country, with the country's span."""
    text = ctx.document.text
    m = re.match(r"\s*(?P<place>[A-Z][A-Z’'.-]*(?:\s+[A-Z][A-Z’'.-]*){0,4})\s*,?\s*[/(]\s*(?P<country>[A-Z][\w ]+?)\s*[/)]",
                 text)
    if not m:
        return None, None, 0, 0
    term = ctx.gaz.terms.get(m.group("country"))
    country = term[1] if term and term[0] == "COUNTRY" else None
    place = m.group("place").title()
    facility = re.search(r"\b(?:Range|Training\s+Ground|Polygon|Base|Training\s+Area|Training\s+Centre)$", place)
    place_out = re.sub(r"\b(Range|Training Ground|Polygon|Base|Training Area|Training Centre)$",
                       lambda x: x.group(1).lower(), place) if facility else None
    return place_out, country, m.start("country"), m.end("country")


_LOC_KINDS = (r"provinces|regions|oblasts|training\s+ranges|ranges|training\s+grounds|polygons|province|region|oblast|"
              r"training\s+range|range|training\s+ground|training\s+area|training\s+centre|training\s+center|"
              r"training\s+base|naval\s+base|air\s+base|autonomous\s+region|islands|island|military\s+station|"
              r"air\s+station|naval\s+station|firing\s+ranges|training\s+camp|airfield|garrison")
_NAMEPART = r"[A-Z][\w’'.]*(?:-[A-Z][\w’'.]*)*"


@cache
def _loc_patterns() -> tuple[re.Pattern[str], ...]:
    return (
        # "Brest and Grodno regions", "the Obuz-Lesnovsky training ground", "Ningxia Hui autonomous region"
        re.compile(rf"(?P<items>{_NAMEPART}(?:\s{_NAMEPART}){{0,4}}(?:(?:,\s*|\s+and\s+){_NAMEPART}"
                   rf"(?:\s{_NAMEPART}){{0,2}}){{0,4}})\s+(?P<kind>(?i:{_LOC_KINDS}))\b"),
        # "the province of Udon Thani", "the island of Samar"
        re.compile(rf"\b(?:province|region|island|city|port|town|state|district|county)\s+of\s+"
                   rf"(?P<items>{_NAMEPART}(?:\s{_NAMEPART}){{0,2}})"),
        # waters: "the Gulf of Oman", "the Bay of Bengal", "the South Natuna Sea"
        re.compile(rf"\b(?P<items>(?:Gulf|Bay|Sea|Strait)\s+of\s+{_NAMEPART}|(?:{_NAMEPART}\s){{1,2}}"
                   rf"(?:Sea|Ocean|Gulf|Bay|Strait))\b(?!\s+(?:coast|shore|fleet|port|region|rim)\b)"),
        # a quoted facility name with its town in brackets: centre "Tash-Bulak" (Naryn)
        re.compile(rf"\b(?P<kind>(?:training\s+)?(?:centre|center|ground|range|base))\s+[“\"](?P<items>{_NAMEPART})"
                   rf"[”\"](?:\s*\((?P<town>{_NAMEPART})\))?"),
    )


def _singular_kind(kind: str) -> str:
    kind = " ".join(kind.split())
    low = kind.lower()
    if low in ("province", "region", "oblast", "provinces", "regions", "oblasts"):
        return low.rstrip("s").capitalize() if low.endswith("s") and low != "regions" else (
            "Region" if low == "regions" else low.capitalize())
    return kind.rstrip("s") if low.endswith(("ranges", "grounds", "polygons", "islands")) else kind


def _locations(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, int, int]]:
    """Training ranges, provinces, seas, bases and known places in a span (never inside a quote)."""
    text = ctx.document.text
    out: list[tuple[str, int, int]] = []

    def add(name: str, s: int, e: int, quoted_name: bool = False) -> None:
        if name.endswith(".") and name.count(".") == 1:
            name, e = name[:-1], e - 1
        if (quoted_name or not _in_quote(text, info.start, s)) and not any(s < e2 and s2 < e for _, s2, e2 in out):
            out.append((name, s, e))

    pats = _loc_patterns()
    for m in pats[3].finditer(text, start, end):  # the facility's own name is in quotation marks
        if not _in_quote(text, info.start, m.start()):
            add(f"{m.group('items')} {' '.join(m.group('kind').split())}", m.start("items"), m.end("items"), True)
            if m.group("town"):
                add(m.group("town"), m.start("town"), m.end("town"), True)
    for m in pats[0].finditer(text, start, end):
        kind = m.group("kind")
        items = [i for i in re.split(r",\s*|\s+and\s+", m.group("items")) if i.strip()]
        for item in items:
            words = item.split()
            while words and words[0].lower() in _set("not_name_words") | _set("compass_words"):
                words.pop(0)
            if words and re.sub(r"[’']s$", "", words[0]) in ctx.gaz.terms and re.search(r"[’']s$", words[0]):
                words.pop(0)  # "Kyrgyzstan's Osh Region" -> "Osh Region"
            item = " ".join(words)
            if re.match(rf"(?:{'|'.join(_combining_forms())}|Asia|Euro|Afro)[-–]", item):
                continue  # "the Indo-Pacific region", "the Euro-Atlantic area": not a place of the drill
            if not item or ctx.gaz.terms.get(item, ("",))[0] in ("COUNTRY", "DEMONYM", "ORG"):
                continue
            s = m.start("items") + m.group("items").find(item)
            if _adjective_region(ctx, item, s):
                continue  # "the Central Asian region", "the Asian region": a macro-region, not a place
            label = kind if kind[0].isupper() or len(items) == 1 else _singular_kind(kind)
            add(f"{item} {' '.join(label.split())}", s, s + len(item))
    for m in pats[1].finditer(text, start, end):
        add(m.group("items"), m.start("items"), m.end("items"))
    for m in pats[2].finditer(text, start, end):
        words = m.group("items").split()
        while words and words[0].lower() in _set("not_name_words"):
            words.pop(0)
        add(" ".join(words), m.end("items") - len(" ".join(words)), m.end("items"))
    for h in info.hits_in(start, end, "PLACE"):
        if _about_a_person(ctx, h.start) or re.match(r"\s+(?:coast|shore|fleet|port|rim)\b", text[h.end:h.end + 8]):
            continue  # "an official in Astana said", "on the Black Sea coast"
        place = ctx.gaz.places.get(h.key, {})
        if place.get("kind") in ("city", "capital") and not re.search(r"\b(?:at|near|in|outside|off)\s+$",
                                                                         text[max(0, h.start - 10):h.start]):
            continue
        add(h.key, h.start, h.end)
    _ner_places(ctx, info, start, end, add)
    return out


def _adjective_region(ctx: DocContext, item: str, s: int) -> bool:
    """A one-word adjective before the region noun ("Asian", "Nordic", "Baltic-wide") names a
    macro-region, not a place; proper names ("Osh Region") are nouns or unknown words."""
    if len(item.split()) != 1:
        return False
    tok = ctx.token_at(s)
    return tok is not None and (tok.pos_ == "ADJ" or tok.ent_type_ == "NORP")


def _about_a_person(ctx: DocContext, pos: int) -> bool:
    """The place says where a person or office is ("an analyst in Almaty"), not the exercise."""
    tok = ctx.token_at(pos)
    if tok is None:
        return False
    while tok.dep_ in ("compound", "amod") and tok.head is not tok:
        tok = tok.head
    prep = tok.head
    owner = prep.head if prep.dep_ == "prep" else None
    return owner is not None and (owner.lower_ in _set("person_nouns") or owner.ent_type_ == "PERSON")


def _ner_places(ctx: DocContext, info: SentenceInfo, start: int, end: int, add: Any) -> None:
    """Towns and areas the parser tags as places after "near/off/at/in" ("near Bodø", "off Karachi")."""
    doc = ctx.spacy_doc
    if doc is None:
        return
    text = ctx.document.text
    preps = _set("place_prepositions")
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC") or ent.start_char < start or ent.end_char > end:
            continue
        if info.hits_in(ent.start_char, ent.end_char, "COUNTRY", "DEMONYM", "ORG", "FORCE", "SERIES", "CAPITAL"):
            continue
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.text in ("'s", "’s") and ent.start > 2:
            prev = doc[ent.start - 3]  # "in Maharashtra's Pune"
        if prev is None or prev.lower_ not in preps or _in_quote(text, info.start, ent.start_char) or \
                _about_a_person(ctx, ent.start_char) or re.match(r"\s+(?:coast|shore|fleet|port|rim)\b",
                                                                 text[ent.end_char:ent.end_char + 8]):
            continue
        name = ent.text[4:] if ent.text.startswith("the ") else ent.text
        if re.fullmatch(r"[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,3}", name):
            add(name, ent.end_char - len(name), ent.end_char)


def _place_country(ctx: DocContext, name: str, s: int) -> str | None:
    """The country a location lies in: "Belarus's Brest Region", "in X, Country", a known place."""
    text = ctx.document.text
    before = text[max(0, s - 40):s]
    poss = re.search(r"(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[’']s\s+(?:(?:\w+ern|central|north|south|east|west)\s+)?$",
                     before)
    if poss:
        term = ctx.gaz.terms.get(poss.group("c"))
        if term and term[0] == "COUNTRY":
            return term[1]
    dem = re.search(r"(?P<d>[A-Z][\w]+)\s+(?:[a-z]+\s+)?(?:province|region|state|district)\s+of\s+$", before)
    if dem:
        term = ctx.gaz.terms.get(dem.group("d"))
        if term and term[0] in ("COUNTRY", "DEMONYM"):
            return term[1]
    after = re.match(r"[\w\s-]{0,30}?\s+in\s+(?:(?:\w+ern)\s+)?(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text[s:s + 60]) \
        or re.match(rf"{re.escape(name)},\s+(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text[s:s + 60])  # "Fort X, Philippines"
    if after:
        term = ctx.gaz.terms.get(after.group("c").rstrip(".")) or ctx.gaz.terms.get(after.group("c").split()[0].rstrip("."))
        if term and term[0] == "COUNTRY":
            return term[1]
    place = ctx.gaz.places.get(name) or ctx.gaz.places.get(ctx.gaz.terms.get(name, ("", ""))[1])
    return place.get("country") if place else None


def _weak_hosts(ctx: DocContext, state: _State) -> None:
    """An edition with no host named: the country its locations lie in (ISO 3166-2 provinces) or the
    dateline's country — only when that country takes part (the host usually does; a province
    name shared with another country's does not make that country the host)."""
    dl = _dateline_city(ctx)
    for d in state.drafts.values():
        rec = d.record
        if rec.hosts:
            continue
        found: list[tuple[str, Evidence]] = []
        for ev in rec.evidence.get("locations", []):
            c = ctx.gaz.subdivision_country(ev.text)
            if c and c in rec.participants:
                found.append((c, ev))
        if not found and dl and dl[0] in rec.participants and any(
                m.info.paragraph <= 1 for m in d.mentions):
            found.append(dl)
        for c, ev in found:
            _add_list(rec, "hosts", c, ev)


def _dateline_city(ctx: DocContext) -> tuple[str, Evidence] | None:
    """"BANGKOK - …", "ASTANA, June 14. …": the country of a dateline capital or known place."""
    if not ctx.sents:
        return None
    first = ctx.sents[0]
    m = re.match(r"\s*(?P<city>[A-Z][A-Z’'.-]+(?:\s[A-Z][A-Z’'.-]+)?)(?:,|\s+[-–—]|\s*\()", first.text)
    if not m or re.match(r"\s*\((?:Reuters|AP|AFP|Xinhua|dpa|Bloomberg|UPI)\b", first.text[m.end("city"):]):
        return None  # an international wire files from wherever its bureau is
    city = m.group("city").title()
    term = ctx.gaz.terms.get(city)
    if term and term[0] == "CAPITAL":
        country = term[1]
    elif term and term[0] == "PLACE":
        country = (ctx.gaz.places.get(term[1]) or {}).get("country")
    else:
        country = ctx.gaz.subdivision_country(city)
    if not country:
        return None
    s = first.start + m.start("city")
    return country, ctx.evidence(s, s + len(m.group("city")), first.sentence)


# ---------------------------------------------------------------- attributes of one mention

def _hosts(ctx: DocContext, info: SentenceInfo, start: int, end: int, loose: bool = True) -> list[tuple[str, Hit]]:
    """Countries named as where it is held: "held in X", "on the territory of X", "X hosted"."""
    text = ctx.document.text
    out: list[tuple[str, Hit]] = []
    host_after = _rx("host_before", after=r"\s+(?:\w+\s+){0,2}?(?:the\s+)?$")
    host_verb = re.compile(r"(?:[’']s)?\s+(?:\w+\s+){0,2}?(?:host(?:s|ed|ing)?|will\s+host|is\s+hosting)\b", re.I)
    for key, h in _countries(ctx, info, start, end):
        if h.label != "COUNTRY" or _in_quote(text, info.start, h.start):
            continue
        if host_after.search(text[max(info.start, h.start - 60):h.start]) or \
                host_verb.match(text[h.end:min(info.sentence.end, h.end + 40)]):
            out.append((key, h))
    for h in info.hits_in(start, end, "CAPITAL", "PLACE"):
        cap = ctx.gaz.country.get(ctx.gaz.terms.get(h.text, ("", ""))[1])
        if cap and re.match(r"\s+(?:will\s+host|hosted|hosts|is\s+hosting)\b", text[h.end:h.end + 30]):
            out.append((cap["name"], h))
    if not out and loose:
        # "… in northern Norway", "at the Donguz range in Russia's Orenburg region", "outside Ulaanbaatar"
        near = re.compile(rf"\b(?:{_cues('place_prepositions')})\s+(?:the\s+)?(?:(?:{_cues('compass_words')})\s+)?$")
        for h in info.hits_in(start, end, "COUNTRY", "PLACE", "CAPITAL"):
            if not near.search(text[max(info.start, h.start - 25):h.start]) or _in_quote(text, info.start, h.start):
                continue
            country = h.key if h.label == "COUNTRY" else (ctx.gaz.places.get(h.key) or {}).get("country") or next(
                (c["name"] for c in ctx.gaz.country.values() if h.text in c.get("capitals", [])), None)
            if country and (not out or (h.label == "COUNTRY" and re.search(r"\bin\s+$", text[h.start - 4:h.start])
                                        and country not in [c for c, _ in out])):
                out.append((country, h))  # "at five ranges in Belarus and two in Russia's Smolensk region"
    return out


def _organizer(ctx: DocContext, info: SentenceInfo, m: Mention, mentions: list[Mention]) -> tuple[str, int, int] | None:
    """The organization running it: "the CSTO's X", "ASEAN-led X", "X of the CSTO", "within the
    framework of the SCO", "members of the SCO began …", "NATO's maritime command concluded X"."""
    if m.organizer:
        return m.organizer
    text = ctx.document.text
    blocs = _BLOCS

    def org_of(h: Hit) -> str | None:
        key = h.key if h.label == "ORG" else ctx.gaz.forces[h.key].get("organization")
        return key if key in blocs else None

    hits = [h for h in info.hits_in(info.start, info.sentence.end, "ORG", "FORCE") if org_of(h)
            and not _in_quote(text, info.start, h.start)]
    cue = re.compile(rf"\b(?:{_cues('organizer_cues')})\s+(?:the\s+)?$", re.I)
    suffix = re.compile(rf"^(?:{_cues('organizer_suffixes')})\b|^[’']s\b", re.I)
    first = min(x.start for x in mentions)
    for h in hits:
        if m.start - 45 <= h.start < m.start and suffix.match(text[h.end:h.end + 12]):
            return org_of(h) or "", h.start, h.end  # "ASEAN-led X", "the CSTO's X"
        if (m.scope[0] <= h.start < m.scope[1] or info.start <= h.start < first) and \
                cue.search(text[max(info.start, h.start - 45):h.start]):
            return org_of(h) or "", h.start, h.end
    subj = _subject_span(ctx, m)
    for h in hits:
        if subj and subj[0] <= h.start < subj[1]:
            return org_of(h) or "", h.start, h.end
    of_exercise = re.compile(rf"\b(?:{EX_WORDS})\s+of\s+(?:the\s+)?$", re.I)
    appos = re.compile(rf"^[’']s\s+(?:[\w-]+\s+){{0,4}}(?:{EX_WORDS})\b", re.I)
    for h in hits:
        if info.start <= h.start < m.start and of_exercise.search(text[max(info.start, h.start - 30):h.start]):
            return org_of(h) or "", h.start, h.end  # "a joint exercise of CSTO peacekeeping forces codenamed X"
        if m.end <= h.start < m.scope[1] and appos.match(text[h.end:h.end + 60]) and \
                re.fullmatch(r"[\s\d,]*", text[m.end:h.start]):
            return org_of(h) or "", h.start, h.end  # "X 19, NATO's largest reinforcement drill"
    bloc = re.search(rf"\b(?:the\s+)({_cues('bloc_words')})[’']s\s+(?:[\w,-]+\s+){{0,3}}$",
                     text[max(info.start, m.start - 60):m.start], re.I)
    if bloc:  # "the alliance's exercise, named X": the one bloc the article names
        named = {org_of(h) for h in ctx.gaz.find(text) if h.label in ("ORG", "FORCE") and org_of(h)}
        if len(named) == 1:
            s0 = max(info.start, m.start - 60) + bloc.start(1)
            return next(iter(named)) or "", s0, s0 + len(bloc.group(1))
    for h in hits:  # "the X-2023 exercise of the CSTO", "CSTO peacekeeping forces' X"
        if m.end <= h.start < m.scope[1] and re.match(rf"^\s+{_mods()}(?:{EX_WORDS})?\s*(?:of|by)\s+the\s+$",
                                                      text[m.end:h.start]):
            return org_of(h) or "", h.start, h.end
    return None


def _subject_span(ctx: DocContext, m: Mention) -> tuple[int, int] | None:
    verb = _governing_verb(ctx, m)
    if verb is None or verb.pos_ not in VERB_POS:
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return _subtree_span(c)
    return None


def _time_role(ctx: DocContext, info: SentenceInfo, t: TimeExpr) -> str | None:
    """"start", "end", "both" (a range or a single day or month the drill is held on), or None
    for a deadline ("move to X by September 22")."""
    if t.finish is not None:
        return "both"
    text = ctx.document.text
    before = text[max(info.start, t.start - 30):t.start]
    if _rx("deadline_cues", after=r"\s+(?:\w+\s+)?$").search(before):
        return None
    after = text[t.end:info.sentence.end]
    lead = text[info.start:t.start]
    if (not lead.strip() or re.fullmatch(r"\s*[A-Z][A-Z .’'-]+,?\s*(?:\([^()]*\)\s*)?", lead)) and \
            re.match(r"\s*(?:--|—|–|-|\.|\(|,)", after):
        return None  # a dateline's date: "June 18 -- …", "NEW DELHI, Feb 25 -- …"
    if t.kind == "date" and re.search(r",\s*$", before) and re.fullmatch(r"\s*[.)]?\s*", after):
        return None  # a photo caption's date: "…during the drill, June 14, 2021."
    near = r"\s+(?:(?:on|in|at|from|to|the|of|early|late|mid|next|this|last|by)\s+){0,2}$"
    if _rx("end_cues", after=near).search(before) and not re.search(r"\bthe\s+end\s+$", before, re.I):
        return "end"
    if _rx("start_cues", after=near).search(before):
        return "start"
    tok = ctx.token_at(t.start)
    verb = _verb_of(tok) if tok is not None else None
    for _ in range(2):  # "wrapped up the X exercise, hosted by Y, on Friday": past the participle
        if verb is None or verb.lemma_ in _set("start_verbs") | _set("end_verbs") or verb.dep_ not in ("acl", "relcl") \
                or verb.tag_ != "VBN":
            break
        verb = _verb_of(verb.head)
    if verb is not None:
        lemma = verb.lemma_
        if lemma in _set("report_verbs"):
            return None  # "…, a spokesman said on Thursday": when it was said
        if lemma in _set("end_verbs"):
            return "end"
        if lemma in _set("start_verbs"):
            return "start"
        if lemma in ("run", "last") and re.search(r"\b(?:until|till|through)\b", text[verb.idx:t.start]):
            return "end"
    if t.begin.precision == "day":
        return "start"
    return "both" if t.begin.precision == "month" else None


def _rebase(t: TimeExpr, year: int) -> TimeExpr | None:
    """A month or day the text gives without a year, moved to the edition's year (the temporal
    normalizer chose the year nearest the publication date)."""
    if t.begin.rule not in ("month", "vague", "month-day") or t.finish is not None:
        return None
    value = f"{year}{t.begin.value[4:]}"
    return TimeExpr(t.start, t.end, DateValue(value, t.begin.precision, t.begin.rule), None, t.kind)


def _apply_time(ctx: DocContext, info: SentenceInfo, rec: Exercise, t: TimeExpr, overwrite: bool = False) -> None:
    role = _time_role(ctx, info, t)
    ev = ctx.evidence(t.start, t.end, info.sentence)
    if role is None:
        return
    if rec.year is not None and rec.year not in (t.begin.year, t.last.year):
        t = _rebase(t, rec.year)  # "held in March of that year" about a past edition
        if t is None:
            return
    if role in ("start", "both") and (rec.start is None or overwrite):
        rec.start = t.begin
        rec.add_evidence("start", ev)
    if role == "end" and (rec.end is None or overwrite):
        rec.end = t.begin
        rec.add_evidence("end", ev)
    elif role == "both" and (rec.end is None or overwrite) and (t.finish is not None or (
            t.begin.precision != "day" and t.begin.rule != "relative")):  # "next week" starts it, does not end it
        rec.end = t.last
        rec.add_evidence("end", ev)


def _governed_by(ctx: DocContext, m: Mention, time_tok: Any) -> bool:
    """The time's verb governs the mention through places, countries and other exercises only ("will
    hold the A drills in X and the B drills in Y in October"), not through another verb or another
    noun ("concluded the planning conference for the B drills on Thursday")."""
    verb = _verb_of(time_tok) if time_tok is not None else None
    tok = _head_noun(ctx, m)
    if verb is None or tok is None:
        return False
    hits = m.info.hits
    for _ in range(12):
        if tok == verb:
            return True
        if tok.head is tok:
            return False
        tok = tok.head
        if tok == verb:
            return True
        if tok.pos_ in VERB_POS:
            return False
        if tok.pos_ in ("NOUN", "PROPN") and not EXERCISE_WORD.fullmatch(tok.text) and not any(
                h.start <= tok.idx < h.end for h in hits):
            return False
    return False


def _same_predicate(between: str) -> bool:
    """"on Thursday concluded the 11-day X exercise": nothing but one verb and the mention's
    modifiers between a date and the name (the fallback where the parse is garbled)."""
    return not re.search(r"[,;]|\b(?:for|that|which|to|of|after|before|while)\b", between) and len(between.split()) <= 6


def _direct_verb(ctx: DocContext, m: Mention) -> Any:
    """The verb the mention is a direct argument of ("began the X exercise", "X opened", "took part
    in X"), or None ("forcing planners to move X" is not "informed … on January 10")."""
    noun = _head_noun(ctx, m)
    if noun is None:
        return None
    while noun.dep_ in ("compound", "nmod", "amod", "nummod", "appos", "npadvmod", "punct", "conj") and \
            noun.head is not noun:
        noun = noun.head  # "will hold the A drills in X and the B drills in Y": B shares A's verb
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd"):
        return noun.head
    if noun.dep_ == "pobj":  # "took part in X", "ended together with X"
        up = noun.head
        while up.pos_ in ("ADP", "ADV") and up.head is not up:
            up = up.head
        return up if up.pos_ in VERB_POS else None
    return None


def _dates(ctx: DocContext, info: SentenceInfo, m: Mention, mentions: list[Mention], rec: Exercise) -> None:
    """Ranges first, then single dates with their cue ("began on", "until", "ends")."""
    verb = _direct_verb(ctx, m)
    clause = _clause_times(info, m, mentions)
    shared = [t for t in info.times if t not in clause and verb is not None and _verb_of(ctx.token_at(t.start)) == verb
              and not _in_other_clause(m, mentions, t.start)]
    ends = [x.scope[1] for x in mentions if x.start < m.start and x.group != m.group and x.scope[1] < m.start]
    if ends:  # ", in June-July, the Puma exercise …": the fronted phrase of this mention's own clause
        clause = clause + [t for t in info.times if max(ends) <= t.start < m.start and t not in clause]
    times = _edition_time(clause + shared, rec.year)
    prefix_end = min(x.start for x in mentions)
    text = ctx.document.text
    times = [t for t in times if t.start >= m.scope[0] or t.start >= prefix_end - 1 or
             (verb is not None and _verb_of(ctx.token_at(t.start)) == verb) or
             (verb is None and (_same_predicate(text[t.end:m.start]) or _governed_by(ctx, m, ctx.token_at(t.start))))]
    for t in sorted(times, key=lambda t: t.finish is None):
        _apply_time(ctx, info, rec, t)


def _figures(ctx: DocContext, info: SentenceInfo, rec: Exercise, figures: list[Any]) -> None:
    """Personnel and equipment; a figure for a single national contingent ("The Russian contingent
    consists of 150 troops") is not the exercise's total."""
    text = ctx.document.text
    for f in figures:
        if _in_quote(text, info.start, f.start):
            continue
        before = text[max(info.start, f.start - 60):f.start]
        if _rx("force_size_cues").search(before):
            continue  # "1,500 troops assigned to the rapid reaction force": a force's size, not the exercise's
        if _single_contingent(ctx, info, f):
            continue
        ev = ctx.evidence(f.start, f.end, info.sentence)
        if f.kind == "personnel" and rec.personnel is None:
            rec.personnel = f.value
            rec.add_evidence("personnel", ev)
        elif f.kind == "equipment" and rec.equipment is None:
            rec.equipment = f.value
            rec.add_evidence("equipment", ev)


def _single_contingent(ctx: DocContext, info: SentenceInfo, f: Any) -> bool:
    """The figure belongs to one country's contingent: "The Russian contingent consists of 150
    troops", "a Kazakh company of 150 servicemen"."""
    tok = ctx.token_at(f.start)
    if tok is None:
        return False
    verb = _verb_of(tok)
    nouns = [a for a in tok.ancestors if a.pos_ in ("NOUN", "PROPN") and a.i < tok.i]
    if verb is not None:
        nouns += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    units = _set("contingent_nouns")
    for n in nouns:
        if n.lemma_.lower() in units and len(info.hits_in(*_subtree_span(n), "DEMONYM", "COUNTRY")) == 1:
            return True
    return False


def _kind(ctx: DocContext, info: SentenceInfo, m: Mention, rec: Exercise) -> None:
    text = ctx.document.text
    clause = text[max(info.start, m.start - 25):m.start] + text[m.start:m.scope[1]]
    for kind, pat in KINDS:
        if pat.search(clause) and rec.kind in (None, "mixed"):
            rec.kind = kind
            return


def _started_and_continues(text: str) -> bool:
    """"began on Monday and will run until Friday": started in the past, goes on in the future."""
    started = re.search(rf"\b(?:{_cues('start_cues')})\b", text, re.I)
    return bool(started and started.group(0).lower() not in ("from", "begin", "start", "will begin", "will start",
                                                           "will open") and
                re.search(r"\bwill\s+(?:last|run|continue|end|close|conclude)\b", text[started.end():], re.I))


def _status(ctx: DocContext, info: SentenceInfo, rec: Exercise, future_context: bool = False) -> None:
    pub = ctx.published
    if _rx("cancel_cues").search(info.text):
        rec.status = "cancelled"
        return
    if rec.status == "cancelled":
        return
    if _rx("under_way_cues").search(info.text) or _started_and_continues(info.text):
        rec.status = "under way"
    elif pub and rec.start and rec.start.value > pub.value[:len(rec.start.value)]:
        rec.status = "planned"
    elif info.tense == "future" and rec.status is None:
        rec.status = "planned"
    elif pub and rec.end and rec.end.value < pub.value[:len(rec.end.value)]:
        rec.status = "held"
    elif info.tense == "past" and rec.status is None:
        rec.status = "held"
    elif rec.status is None and pub and rec.year is not None:
        if rec.year > pub.year or (rec.year == pub.year and future_context):
            rec.status = "planned"
        elif rec.year < pub.year:
            rec.status = "held"


def _add_list(rec: Exercise, field_name: str, value: str, ev: Evidence) -> None:
    values: list[str] = getattr(rec, field_name)
    if value not in values:
        values.append(value)
    rec.add_evidence(field_name, ev)


def _add_hosts(ctx: DocContext, rec: Exercise, hosts: list[tuple[str, Hit]], info: SentenceInfo) -> None:
    for key, h in hosts:
        ev = ctx.evidence(h.start, h.end, info.sentence)
        _add_list(rec, "hosts", key, ev)
        _add_list(rec, "participants", key, ev)
        if key in rec.declined:
            rec.declined.remove(key)


def _add_locations(ctx: DocContext, info: SentenceInfo, rec: Exercise, locs: list[tuple[str, int, int]],
                   with_hosts: bool) -> None:
    """Locations, and (with_hosts) the country each lies in as a host when none is named."""
    countries: list[tuple[str, int, int]] = []
    for loc, s, e in locs:
        _add_list(rec, "locations", loc, ctx.evidence(s, e, info.sentence))
        c = _place_country(ctx, loc, s)
        if c:
            countries.append((c, s, e))
    if with_hosts:
        for c, s, e in countries:
            if c not in rec.hosts:
                ev = ctx.evidence(s, e, info.sentence)
                _add_list(rec, "hosts", c, ev)
                _add_list(rec, "participants", c, ev)


def _participants(ctx: DocContext, info: SentenceInfo, m: Mention, mentions: list[Mention], rec: Exercise) -> None:
    prefix = (info.start, min(x.start for x in mentions) if m.own_prefix else info.start)
    cands = _subject_countries(ctx, info, m) + [
        (k, h) for k, h in _countries(ctx, info, *m.scope) + _countries(ctx, info, *prefix)
        if _participation_context(ctx, info, h, m)]
    for key, h in cands:
        role = _role(ctx, info, h)
        if role is None and key not in rec.declined:
            _add_list(rec, "participants", key, ctx.evidence(h.start, h.end, info.sentence))


def _participation_context(ctx: DocContext, info: SentenceInfo, h: Hit, m: Mention) -> bool:
    """A country in the mention's clause takes part unless it is only where the drill is held
    from a quote or the subject of an unrelated statement."""
    text = ctx.document.text
    if m.scope[0] <= h.start < m.scope[1]:
        return True
    before = text[max(info.start, h.start - 60):h.start]
    return bool(_rx("participation_cues").search(before) or _rx("participation_cues").search(
        text[h.end:min(info.sentence.end, h.end + 60)]))


def _declined(ctx: DocContext, info: SentenceInfo, drafts: list[Draft]) -> None:
    """Countries whose own verb declines or is negated: "X declined to send troops", "Y and Z were
    not invited", "W sent no ships", "V will not take part"."""
    if not drafts:
        return
    for key, h in _countries(ctx, info, info.start, info.sentence.end):
        if h.label != "COUNTRY" or _role(ctx, info, h) != "declined":
            continue
        for d in drafts:
            if key in d.record.participants:
                d.record.participants.remove(key)
            if key not in d.record.hosts:
                _add_list(d.record, "declined", key, ctx.evidence(h.start, h.end, info.sentence))


# ---------------------------------------------------------------- one sentence naming exercises

def _draft_for(ctx: DocContext, state: _State, m: Mention, year: int | None) -> Draft:
    name = m.series or m.names[0]
    key = (name, year)
    if key not in state.drafts:
        series = ctx.gaz.series.get(m.series) if m.series else None
        rec = Exercise(name=name, year=year)
        if series:
            rec.aliases = [a for a in series.get("aliases", []) if a != name]
            rec.kind = series.get("kind")
        state.drafts[key] = Draft(rec)
        state.order.append(key)
    d = state.drafts[key]
    d.mentions.append(m)
    ev = ctx.evidence(m.start, m.end, m.info.sentence)
    d.record.add_evidence("", ev)
    d.record.add_evidence("name", ev)
    for n in m.names:
        if fold_name(n) != fold_name(d.record.name) and n not in d.record.aliases:
            d.record.aliases.append(n)
    return d


def _in_other_clause(m: Mention, mentions: list[Mention], pos: int) -> bool:
    """Is ``pos`` in the clause of a later, uncoordinated mention ("…, the Puma exercise will take
    place in Chile" is not where the Condor exercise of the same sentence is held)?"""
    return any(x.group != m.group and x.start > m.start and min(x.start, m.scope[1]) <= pos < x.scope[1]
               for x in mentions)


def _shared_verb_scope(ctx: DocContext, m: Mention, mentions: list[Mention]) -> tuple[int, int] | None:
    """"The X exercises, along with the Y and Z drills, have begun in Town, Country": a mention whose
    verb is shared by a later mention is held where that mention's clause says."""
    verb = _governing_verb(ctx, m)
    if verb is None:
        return None
    later = [x for x in mentions if x.start > m.start and x.group != m.group and _governing_verb(ctx, x) == verb]
    return later[-1].scope if later else None


def _read_mention(ctx: DocContext, info: SentenceInfo, m: Mention, mentions: list[Mention], d: Draft,
                  state: _State) -> None:
    rec = d.record
    _dates(ctx, info, m, mentions, rec)
    hosts = _hosts(ctx, info, *m.scope) or (
        [(k, h) for k, h in _hosts(ctx, info, info.start, info.sentence.end, loose=False)
         if not _in_other_clause(m, mentions, h.start)] if m.own_prefix else [])
    shared = _shared_verb_scope(ctx, m, mentions)
    if not hosts and shared is not None:
        hosts = _hosts(ctx, info, *shared)
    host_info = info
    if not hosts and not rec.hosts and state.context_host and state.context_host[2].paragraph >= info.paragraph - 3:
        hosts, host_info = [state.context_host[:2]], state.context_host[2]
        state.context_hosted.add(id(rec))
    _add_hosts(ctx, rec, hosts, host_info)
    locs = m.locations + _locations(ctx, info, *m.scope)
    if not locs and shared is not None:
        locs = _locations(ctx, info, *shared)
    if m.own_prefix and all(x.group == m.group for x in mentions):  # "troops assembling at the X range for Y"
        locs += _locations(ctx, info, info.start, min(x.start for x in mentions))
        if not hosts:
            _add_hosts(ctx, rec, _hosts(ctx, info, info.start, min(x.start for x in mentions)), info)
    _add_locations(ctx, info, rec, locs, with_hosts=not rec.hosts)
    _participants(ctx, info, m, mentions, rec)
    org = _organizer(ctx, info, m, mentions)
    if org and org[0] and rec.organizer is None:
        rec.organizer = org[0]
        rec.add_evidence("organizer", ctx.evidence(org[1], org[2], info.sentence))
    elif rec.organizer is None and m.series and ctx.gaz.series[m.series].get("organizer"):
        rec.organizer = ctx.gaz.series[m.series]["organizer"]
    co = state.context_org
    if rec.organizer is None and co and 0 < info.sentence.index - co[2].sentence.index <= 2:
        rec.organizer = co[0]
        rec.add_evidence("organizer", ctx.evidence(co[1].start, co[1].end, co[2].sentence))
    if len({x.series or x.names[0] for x in mentions if x.group == m.group}) == 1:  # not a total for a list
        _figures(ctx, info, rec, [f for f in info.figures if m.scope[0] <= f.start < m.scope[1]])
    _kind(ctx, info, m, rec)
    sc = SCENARIO.search(ctx.document.text[m.start:m.scope[1]])
    if sc and rec.scenario is None:
        rec.scenario = sc.group(0).strip()
    ch = state.context_host
    _status(ctx, info, rec, bool(ch and ch[2].tense == "future" and ch[2].paragraph >= info.paragraph - 1))


def _naming_sentence(ctx: DocContext, info: SentenceInfo, mentions: list[Mention], state: _State) -> None:
    group: list[Draft] = []
    for m in mentions:
        year = _edition_year(ctx, info, m, mentions, state)
        if m.unnamed and year is None:
            continue
        d = _draft_for(ctx, state, m, year)
        _read_mention(ctx, info, m, mentions, d, state)
        if d not in group:
            group.append(d)
    _declined(ctx, info, group)
    if group and all(d.record.year is None for d in group) and any(
            p.record.name == d.record.name for p in state.last_group for d in group):
        return  # "X is held every two years": the article goes on about the edition it reports
    first_group = [x for x in mentions if x.group == mentions[0].group]
    state.coordinated = len({id(d) for d in group if any(x in d.mentions for x in first_group)}) > 1
    state.last_group = group


# ---------------------------------------------------------------- sentences that do not name one

@cache
def _past_edition_patterns() -> tuple[re.Pattern[str], ...]:
    verbs = r"(?:first\s+)?(?:held|began|begun|started|launched|inaugurated|staged|hosted|joined|took\s+part|" \
            r"conducted|established|took\s+place)"
    return (
        # "first held in 1994", "began in 2009 as a bilateral drill", "joined for the first time in 2016"
        re.compile(rf"\b{verbs}\b(?:\s+(?:[\w-]+\s+){{0,6}}?)?\s*in\s+(?P<year>{YEAR})\b(?![-–/]\d)", re.I),
        # "the 2019 and 2021 editions", "its 2022 edition"
        re.compile(rf"\b(?:the|its|their)\s+(?P<years>{YEAR}(?:(?:,\s*|\s+and\s+){YEAR})*)\s+"
                   rf"(?:editions?|iterations?|exercises?|drills?)\b", re.I),
        # "last year's edition", "this year's drills"
        re.compile(rf"\b(?P<rel>last|this|next)\s+year[’']s\s+(?:{_mods()})?(?:editions?|exercises?|drills?|"
                   rf"manoeuvres?|iterations?)\b", re.I),
        # "In 2013 the joint exercise was held in X and in 2012 it took place in Y": the year leads the clause
        re.compile(rf"\bin\s+(?P<year>{YEAR}),?\s+(?:(?:the|this|that)\s+(?:[\w-]+\s+){{0,3}}?"
                   rf"(?:{EX_WORDS}|editions?)|it|they)\s+(?:was\s+|were\s+)?{verbs}\b", re.I),
    )


def _past_editions(ctx: DocContext, info: SentenceInfo, series_name: str | None) -> list[tuple[int, int, int]]:
    """Editions named in passing: (year, start, end) of each phrase."""
    out: list[tuple[int, int, int]] = []
    pub = ctx.published
    text = info.text
    pats = _past_edition_patterns()
    for m in pats[0].finditer(text):
        before = text[max(0, m.start() - 50):m.start()]
        if _refers_to_series(ctx, info, before, m.group(0)):
            out.append((int(m.group("year")), m.start("year"), m.end("year")))
    for m in pats[1].finditer(text):
        for y in re.finditer(YEAR, m.group("years")):
            out.append((int(y.group(0)), m.start("years") + y.start(), m.start("years") + y.end()))
    for m in pats[3].finditer(text):
        out.append((int(m.group("year")), m.start("year"), m.end("year")))
    for m in pats[2].finditer(text):
        if pub is not None:
            out.append((pub.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()], m.start(), m.end()))
    out = [(y, info.start + s, info.start + e) for y, s, e in sorted(out, key=lambda x: x[1])]
    return out if series_name else []


def _refers_to_series(ctx: DocContext, info: SentenceInfo, before: str, phrase: str) -> bool:
    """"The exercise, first held in 1994", "which was first held in 2019", "since it started in
    2008", "The UAE joined for the first time in 2019" — not "the alliance staged X in 1988"."""
    if re.search(rf"(?:\b(?:it|which|that|they|its)\b|\b(?:{_cues('edition_nouns')}|series)\b,?|,)\s*"
                 rf"(?:(?:was|were|had|has|have|been|is|first)\s+)*$", before, re.I):
        return True
    if re.match(r"(?:first\s+)?(?:joined|took\s+part)", phrase, re.I):
        return bool(re.search(r"[A-Z][\w.]+\s+(?:(?:has|have|had|also|first)\s+)*$", before))
    return False


def _edition_clauses(ctx: DocContext, info: SentenceInfo, found: list[tuple[int, int, int]]
                     ) -> list[tuple[int, int, int]]:
    """(year, clause start, clause end) for each edition phrase: from the previous phrase's clause
    end (or the sentence start) to the next phrase's clause."""
    text = ctx.document.text
    out = []
    for i, (year, s, e) in enumerate(found):
        start = info.start if i == 0 else out[-1][2]
        stop = found[i + 1][1] if i + 1 < len(found) else info.sentence.end
        cut = list(re.finditer(r",\s*(?:and|while|but)\s|;\s|,\s*(?=\w+\s+year[’']s)", text[e:stop]))
        end = e + cut[0].start() if cut and i + 1 < len(found) else stop
        if i + 1 < len(found):
            nxt = re.search(r"(?:,\s*and\s|,\s*while\s|;\s|\band\s+(?=(?:the\s+)?(?:\d{4}|last|this)\b))",
                            text[e:found[i + 1][1]])
            end = e + nxt.start() if nxt else found[i + 1][1]
        out.append((year, start, end))
    return out


def _passing_editions(ctx: DocContext, info: SentenceInfo, state: _State, series: tuple[Mention, Draft] | None
                      ) -> bool:
    """"The drill began in 2009 as a bilateral India-France exercise", "the 2019 edition was hosted by
    Australia off Darwin", "last year's edition was held in the Gulf of Oman": one edition each."""
    if series is None:
        return False
    m0, d0 = series
    found = _past_editions(ctx, info, d0.record.name)
    if not found:
        return False
    for year, s, e in _edition_clauses(ctx, info, found):
        if year == d0.record.year:
            rec = d0.record
        else:
            m = Mention(s, e, [d0.record.name], year, info, series=m0.series, scope=(s, e))
            d = _draft_for(ctx, state, m, year)
            d.record.aliases = [a for a in d0.record.aliases if a not in d.record.aliases] + d.record.aliases
            rec = d.record
            if ctx.published and year < ctx.published.year:
                rec.status = "held"
        hosts = _hosts(ctx, info, s, e, loose=False)
        _add_hosts(ctx, rec, hosts, info)
        _add_locations(ctx, info, rec, _locations(ctx, info, s, e), with_hosts=False)
        for key, h in _countries(ctx, info, s, e):
            if _role(ctx, info, h) is None:
                _add_list(rec, "participants", key, ctx.evidence(h.start, h.end, info.sentence))
        if rec is not d0.record:
            for t in info.times:
                if s <= t.start < e and t.begin.precision != "year":
                    _apply_time(ctx, info, rec, t)
            if len(found) == 1:
                _figures(ctx, info, rec, [f for f in info.figures if s <= f.start < e])
                if not ctx.document.text[info.start:found[0][1]].strip(" \"“") or re.match(
                        r"\s*(?:Last|This|Next)\s+year", info.text):
                    state.last_group, state.coordinated = [state.drafts[(d0.record.name, year)]], False
    return True


def _current_series(state: _State) -> tuple[Mention, Draft] | None:
    if not state.last_group:
        return None
    d = state.last_group[0]
    return (d.mentions[-1], d) if d.mentions else None


def _follow_up(ctx: DocContext, info: SentenceInfo, state: _State, dates_only: bool = False) -> None:
    """A sentence about the last named exercises without naming them: "The drills run until
    September 15", "Units from A and B took part in both drills", "Georgia chose not to take
    part in the drills held near Brest", "About 1,100 servicemen took part"."""
    group = state.last_group
    if not group:
        return
    last = max(m.info.sentence.index for d in group for m in d.mentions)
    text = ctx.document.text
    unquoted = "".join(ch if not _in_quote(text, info.start, info.start + i) else " "
                       for i, ch in enumerate(info.text))
    refers = bool(ANAPHOR.search(unquoted) or EXERCISE_WORD.search(unquoted) or (
        info.sentence.index - last <= 3 and _rx("event_predicates").search(unquoted)))
    takes_part = bool(_rx("participation_cues").search(info.text) or _rx("military_send").search(info.text)) and (info.sentence.index - last <= 4 or info.paragraph == group[0].mentions[-1].info.paragraph)
    phase = bool(re.match(r"\s*(?:\S+\s+){0,3}(?:phase|stage|leg)\b", unquoted, re.I))
    later_phase = bool(re.match(r"\s*(?:The|A|Its)?\s*(?:second|third|fourth|next|final|last|closing|later)\s+"
                                r"(?:\S+\s+)?(?:phase|stage|leg)\b", unquoted, re.I))
    if (refers or takes_part) and not later_phase:  # another phase's date is not the edition's start
        for d in group:
            for t in info.times:
                if not _in_quote(text, info.start, t.start):
                    _apply_time(ctx, info, d.record, t)
    if dates_only:
        return
    if refers or takes_part or info.sentence.index - last <= 1:
        _declined(ctx, info, group)
    if info.sentence.index - last <= 4 and not dates_only:
        for key, h in _unit_countries(ctx, info):
            for d in group:
                if key not in d.record.declined and _role(ctx, info, h) is None:
                    _add_list(d.record, "participants", key, ctx.evidence(h.start, h.end, info.sentence))
    if takes_part:
        for key, h in _countries(ctx, info, info.start, info.sentence.end):
            if _role(ctx, info, h) is None:
                for d in group:
                    if key not in d.record.declined:
                        _add_list(d.record, "participants", key, ctx.evidence(h.start, h.end, info.sentence))
    if refers:
        locs = _locations(ctx, info, info.start, info.sentence.end)
        about_it = bool(re.match(r"\s*(?:The|This|That|These|Those|It|They)\b", unquoted)) and \
            bool(ANAPHOR.search(unquoted[:40]))  # "The exercise will be held at five ranges in X and two in Y"
        hosts = _hosts(ctx, info, info.start, info.sentence.end, loose=about_it)
        for d in group:
            if hosts and id(d.record) in state.context_hosted:  # "That exercise will now be held in X"
                _replace_hosts(d.record)
                state.context_hosted.discard(id(d.record))
            if not d.record.hosts or phase:  # "The second phase will take place near X in China's Y"
                _add_hosts(ctx, d.record, hosts + _side_hosts(ctx, info), info)
            _add_locations(ctx, info, d.record, locs, with_hosts=not d.record.hosts or phase)
    if refers or takes_part:
        main = group[0] if not state.coordinated else None
        if main is not None:
            _figures(ctx, info, main.record, info.figures)


def _side_hosts(ctx: DocContext, info: SentenceInfo) -> list[tuple[str, Hit]]:
    """"on the Chinese side of the border": that country hosts this part."""
    return [(k, h) for k, h in _countries(ctx, info, info.start, info.sentence.end)
            if re.match(r"\s+side\b", ctx.document.text[h.end:h.end + 8])]


def _replace_hosts(rec: Exercise) -> None:
    """Forget a host taken from an earlier sentence's context (and the participant it implied)."""
    for c in rec.hosts:
        if c in rec.participants:
            rec.participants.remove(c)
    rec.hosts = []
    rec.evidence.pop("hosts", None)


def _unit_countries(ctx: DocContext, info: SentenceInfo) -> list[tuple[str, Hit]]:
    """"… where American, British and Swedish units are practising": countries whose military units
    are the subject of a verb in a sentence that follows an exercise's."""
    text = ctx.document.text
    out = []
    for key, h in _countries(ctx, info, info.start, info.sentence.end):
        tok = ctx.token_at(h.start)
        if tok is None or _in_quote(text, info.start, h.start):
            continue
        while tok.dep_ in ("conj", "compound", "amod", "nmod", "cc") and tok.head is not tok and \
                tok.lower_ not in _set("military_unit_nouns"):
            tok = tok.head
        if tok.lower_ in _set("military_unit_nouns") and tok.dep_ in ("nsubj", "nsubjpass"):
            out.append((key, h))
    return out


def _context_sentence(ctx: DocContext, info: SentenceInfo, state: _State) -> None:
    """"Mongolia will host several joint drills this year": a host for the list that follows;
    "Norway is hosting NATO's biggest drills since 1990": also their organizer."""
    hosts = _hosts(ctx, info, info.start, info.sentence.end, loose=False)
    if hosts and EXERCISE_WORD.search(info.text):
        state.context_host = (hosts[0][0], hosts[0][1], info)
    text = ctx.document.text
    for h in info.hits_in(info.start, info.sentence.end, "ORG"):
        if h.key in _BLOCS and re.match(rf"[’']s\s+(?:[\w-]+\s+){{0,4}}(?:{EX_WORDS})\b|\s+{_mods()}(?:{EX_WORDS})\b",
                                         text[h.end:h.end + 60], re.I):
            state.context_org = (h.key, h, info)


def _apply_dateline(ctx: DocContext, state: _State) -> None:
    """"RANGE NAME /Country/, date": the range and country of the exercises the lead names."""
    place, country, cs, ce = _dateline(ctx)
    if not ctx.sents or (place is None and country is None):
        return
    first = ctx.sents[0]
    lead = [d for d in state.drafts.values() if any(m.info.sentence.index <= first.sentence.index + 1
                                                   for m in d.mentions)]
    for d in lead:
        rec = d.record
        ev = ctx.evidence(cs, ce, first.sentence)
        if country and not rec.hosts:
            _add_list(rec, "hosts", country, ev)
            _add_list(rec, "participants", country, ev)
        if place and place not in rec.locations:
            _add_list(rec, "locations", place, ctx.evidence(first.start, first.start + len(place), first.sentence))


_DESCRIPTOR = re.compile(rf"\b(?:the|its|their)\s+((?:[\w’'-]+\s+){{1,4}}?(?:{EX_WORDS}))\b", re.I)


def _descriptor_dates(ctx: DocContext, info: SentenceInfo, state: _State) -> None:
    """A descriptor of three or more words ("the bloc's largest ever mountain drills from May 3 to
    May 9") dates the named edition whose sentence uses the same descriptor."""
    ranges = [t for t in info.times if t.finish is not None]
    if not ranges:
        return
    for m in _DESCRIPTOR.finditer(info.text):
        desc = m.group(1).lower()
        if len(desc.split()) < 3:
            continue
        targets = [d for d in state.drafts.values() if d.record.start is None and d.record.year is not None
                   and any(desc in x.info.text.lower() for x in d.mentions) and ranges[0].begin.year == d.record.year]
        if len(targets) == 1:
            _apply_time(ctx, info, targets[0].record, ranges[0])


def _merge_yearless(state: _State) -> None:
    """"the BALTOPS exercise" in an article about BALTOPS 2023 is that edition; a series named
    without an edition is a record of its own only when the article names no edition of it."""
    for key in [k for k in state.order if k[1] is None]:
        editions = [k for k in state.order if k[0] == key[0] and k[1] is not None]
        if len(editions) == 1:
            state.drafts[editions[0]].record.absorb(state.drafts.pop(key).record)
            state.order.remove(key)
        elif editions:
            state.drafts.pop(key)
            state.order.remove(key)


def _names_the_described(ctx: DocContext, info: SentenceInfo, mentions: list[Mention]) -> bool:
    """"The exercise, code-named X, runs …": the name of the exercise the previous sentence described."""
    lead = ctx.document.text[info.start:mentions[0].start]
    return bool(re.match(rf"\s*(?:The|This|That)\s+(?:[\w-]+\s+){{0,2}}(?:{EX_WORDS}),?\s+"
                         rf"(?:(?:{_cues('naming_cues')})\s+)?[{QUOTES}]?$", lead))


def _backfill(ctx: DocContext, info: SentenceInfo, drafts: list[Draft]) -> None:
    """What the describing sentence says ("Four members of the SCO began a six-day exercise on Sunday at
    the X training base in the Y region") goes to the exercise named next."""
    word = EXERCISE_WORD.search(info.text)
    noun = ctx.token_at(info.start + word.start()) if word else None
    verb = _verb_of(noun) if noun is not None else None
    subj = next((_subtree_span(c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
        if verb is not None else None
    locs = _locations(ctx, info, info.start, info.sentence.end)
    hosts = _hosts(ctx, info, info.start, info.sentence.end, loose=False)
    _declined(ctx, info, drafts)
    for d in drafts:
        rec = d.record
        for t in info.times:
            _apply_time(ctx, info, rec, t)
        if not rec.hosts:
            _add_hosts(ctx, rec, hosts, info)
        _add_locations(ctx, info, rec, locs, with_hosts=not rec.hosts)
        if subj is not None:
            for key, h in _countries(ctx, info, *subj):
                if _role(ctx, info, h) is None:
                    _add_list(rec, "participants", key, ctx.evidence(h.start, h.end, info.sentence))
            for h in info.hits_in(subj[0], subj[1], "ORG", "FORCE"):
                org = h.key if h.label == "ORG" else ctx.gaz.forces[h.key].get("organization")
                if org and rec.organizer is None and org in ("CSTO", "NATO", "SCO", "UN", "CIS", "ASEAN", "EU"):
                    rec.organizer = org
                    rec.add_evidence("organizer", ctx.evidence(h.start, h.end, info.sentence))


def _anaphoric_subject(ctx: DocContext, info: SentenceInfo, mentions: list[Mention]) -> bool:
    """"That exercise will now be held in X as the final stage of Y": the sentence is about the
    exercise named before; Y only gets what its own clause says."""
    lead = ctx.document.text[info.start:mentions[0].start]
    return bool(re.match(r"\s*(?:That|This|The)\s+(?:\w+\s+)?(?:exercise|drill|edition)s?\b|\s*(?:It|They)\b",
                         lead)) and len(lead) > 20


def extract_exercises(ctx: DocContext) -> list[Exercise]:
    state = _State()
    unnamed: list[SentenceInfo] = []
    for info in ctx.sents:
        mentions = find_mentions(ctx, info)
        if mentions and _anaphoric_subject(ctx, info, mentions):
            _follow_up(ctx, info, state)
            for m in mentions:
                m.own_prefix = False
        if mentions:
            first_named = not state.order
            _naming_sentence(ctx, info, mentions, state)
            if state.pending is not None and (_names_the_described(ctx, info, mentions) or (
                    first_named and state.pending.sentence.index == info.sentence.index - 1)):
                _backfill(ctx, state.pending, state.last_group[:1])
            state.pending = None
            series = next(((m, d) for m in mentions for d in state.drafts.values() if m in d.mentions), None)
            if _past_editions(ctx, info, "x"):
                _passing_editions(ctx, info, state, series)
            continue
        passing = _passing_editions(ctx, info, state, _current_series(state))
        _context_sentence(ctx, info, state)
        _follow_up(ctx, info, state, dates_only=passing)
        if EXERCISE_WORD.search(info.text) and not state.last_group:
            state.pending = info
        unnamed.append(info)
    for info in unnamed:
        _descriptor_dates(ctx, info, state)
    _apply_dateline(ctx, state)
    _weak_hosts(ctx, state)
    _merge_yearless(state)
    return [state.drafts[k].record for k in state.order]
