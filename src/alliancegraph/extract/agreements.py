"""Agreements: treaties, charters, protocols, memoranda, plans, joint statements, decisions —
with parties, signing date and place. Pure: DocContext in, Agreement records out.

Mentions are noun phrases on spaCy's parse, headed by an agreement word from
``data/cues/agreements.json`` ("an agreement on cooperation in border security",
"the 2015 agreement on a helicopter school", "the Coastal Patrol Treaty (CPT)",
'a "Naval Training Plan for 2021-2023"'), plus names from ``data/agreements.json``.
A descriptive (lower-case) mention is an agreement only when a signing verb governs it and
the signing is told as done (not "due to be signed", "ready to sign", "a proposed treaty").
The signing verb's arguments give the record's attributes: its subject, agent, "with X" and
"between X and Y" the parties; "in CITY" the place; the clause's date the signing date.
Definite references ("the plan was signed on …", "it was signed in …") add to the agreement
named before; "had signed similar accords with A in 2015 and with B last year" gives one record
per partner. A law ratifying an agreement is not an agreement.
Names leave out what describes the mention or the signing's circumstances: ordinals and
"last/new/previous" ("the last accord governing X" is the Accord governing X), a bare weekday,
"on the sidelines of …", "for the first time". References join the agreement told before: "the
deal", "the Chilean-Peruvian agreement", "the EU-NATO joint declaration" (parties' adjectives
only), and a definite description with the same content words ("a border security agreement" …
"the agreement on security in the border area"). Aliases are acronyms, quoted forms, other names
and a plan's name without its period; never truncated prefixes of the name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from .. import data
from ..models import Agreement, DateValue
from ..text import fold_name
from .context import DocContext, SentenceInfo
from .lexicon import cue_words
from .temporal import TimeExpr


def _cues(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in cue_words("agreements", key))


HEADS = _cues("heads")
ANAPHOR_HEADS = _cues("anaphor_heads")
INSTRUMENT_HEADS = _cues("instrument_heads")
SIGN_VERBS = _cues("sign_verbs")
RATIFY_VERBS = _cues("ratify_verbs")
RATIFY_NOUNS = _cues("ratify_nouns")
SIGN_NOUNS = _cues("sign_nouns")
QUANTITY_NOUNS = _cues("quantity_nouns")
SETTING_VERBS = _cues("setting_verbs")
PLAN_GOVERNORS = _cues("plan_governors")
FUTURE_AUX = _cues("future_auxiliaries")
PLAN_MODIFIERS = _cues("plan_modifiers")
DROPPED = _cues("dropped_modifiers")
SIMILAR = _cues("similar_modifiers")
DECIDE_VERBS = _cues("decide_verbs")
ESTABLISH_VERBS = _cues("establish_verbs")
STOP_PREPS = _cues("stop_preps")
COMPLEMENT_PREPS = _cues("complement_preps")
EVENT_NOUNS = _cues("event_nouns")
PARTY_GROUPS = _cues("party_groups")
TIME_NOUNS = _cues("time_nouns")
VISIT_VERBS = _cues("visit_verbs")
DAY_ORDINALS = _cues("day_ordinals")
OPENING_VERBS = _cues("opening_verbs")
WEEKDAYS = _cues("weekdays")
_ANAPHORIC_TIME = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                                for w in cue_words("agreements", "anaphoric_time")) + r")\b", re.I)
_LATER = re.compile(r"\b(?:" + "|".join(cue_words("agreements", "later_cues")) + r")\b", re.I)
_QUOTES_OPEN = "\"“‘'«„"
_QUOTES_CLOSE = "\"”’'»“"
_WEEKDAY = re.compile(r"\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DATELINE = re.compile(r"\A\s*(?P<city>[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){0,2})"
                       r"(?:,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)?"
                       r"\s*(?:[,.]\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\b|\(\w[^)]{0,30}\)\s*[-–—]"
                       r"|\s+[-–—]{1,2}\s)")
_NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "all": 0}


# ---------------------------------------------------------------- data


@cache
def _known_pattern() -> re.Pattern[str]:
    names = sorted({str(n) for a in data.load("agreements")["agreements"] for n in (a["name"], *a["aliases"])},
                   key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b(?![\w-]|\s+[A-Z][a-z])")


@cache
def _known() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for a in data.load("agreements")["agreements"]:
        for n in (a["name"], *a["aliases"]):
            out[fold_name(n)] = a
    return out


# ---------------------------------------------------------------- mentions


@dataclass
class Mention:
    head: Any  # spaCy token heading the phrase
    start: int  # character span of the name in the document
    end: int
    names: list[str]  # main name first, then aliases
    info: SentenceInfo
    proper: bool = False  # capitalized, quoted, acronym-defined or known name
    year: DateValue | None = None  # "the 2005 agreement"
    generic: bool = False  # the head word alone: "the agreement", "the document", "it"
    similar: bool = False  # "similar accords"
    planned: bool = False  # "a proposed treaty", "no agreement"
    quoted: bool = False
    party_ref: bool = False  # "the Chilean-Peruvian pact": only its parties' adjectives, a reference back
    definite: bool = False  # "the agreement on X"


def _is_head(tok: Any) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in HEADS and tok.lower_ not in HEADS:
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    # "Collective Security Treaty Organization": the head word modifies a following name
    if tok.dep_ == "compound" or (nxt is not None and tok.text[0].isupper() and nxt.text[:1].isupper()
                                  and tok.head.i > tok.i and tok.dep_ in ("nmod", "amod", "compound")):
        return False
    return True


def _in_time(info: SentenceInfo, idx: int) -> TimeExpr | None:
    return next((t for t in info.times if t.start <= idx < t.end), None)


def _place_hit(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> bool:
    return any(h.label in ("CAPITAL", "PLACE", "COUNTRY") for h in info.hits_in(start, end)) or any(
        e.label_ in ("GPE", "LOC", "FAC") for e in ctx.spacy_doc.char_span(start, end, alignment_mode="expand").ents)


def _right(ctx: DocContext, info: SentenceInfo, head: Any, gaps: list[tuple[int, int]] | None = None) -> int:
    """Index (exclusive) of the last token of the head's complement ("on cooperation in military
    education"), read left to right and stopped by what names the signing's circumstances:
    punctuation, dates, places, "with"/"by"/"between", relative clauses, finite verbs. A partner
    between the head and its complement ("an agreement with Chile on X") is left out of the name
    and its span added to ``gaps``."""
    doc = ctx.spacy_doc
    end = head.i + 1
    i = head.i + 1
    after_prep = False
    limit = len(doc)
    while i < limit and doc[i].idx < info.sentence.end:
        t = doc[i]
        low = t.lower_
        if _in_time(info, t.idx):
            tx = _in_time(info, t.idx)
            if not (after_prep and doc[i - 1].lower_ == "for" and tx is not None and re.fullmatch(
                    r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?", ctx.document.text[tx.start:tx.end])):
                break
            while i < limit and doc[i].idx < tx.end:  # "a plan for 2013-2017": its period belongs to the name
                i += 1
            end, after_prep = i, False
            continue
        if t.text == "(" and gaps is not None and i + 3 < limit and doc[i + 2].text == ")" and \
                re.fullmatch(r"[A-Z][A-Za-z]{0,7}[A-Z]", doc[i + 1].text) and doc[i + 3].lower_ in ("on", "concerning", "regarding", "for"):
            gaps.append((t.idx, doc[i + 3].idx))  # "a memorandum of understanding (MoU) on X"
            i += 3
            continue
        if t.is_punct and not (t.text in "-–/" and not doc[i - 1].whitespace_ and not t.whitespace_):
            break
        if low in WEEKDAYS:  # "signed a transit agreement Monday on X": a bare weekday closes the name
            break
        if t.text in "-–/" and t.is_punct:
            i += 1
            continue
        if low in ("with", "between") and i == end and gaps is not None:
            j = i + 1
            while j < min(limit, i + 11) and (doc[j].pos_ in ("PROPN", "DET", "CCONJ", "PART", "NOUN", "ADJ")
                                              or doc[j].lower_ == "of" or doc[j].text == "," or doc[j].text[:1].isupper()):
                j += 1
            bare = head.left_edge.i >= head.i - 1  # "an agreement with X on Y", not "a transit agreement with X concerning …"
            period = doc[j].lower_ == "for" and j + 1 < limit and re.fullmatch(r"(?:19|20)\d\d", doc[j + 1].text)
            if j < limit and j > i + 1 and (period or bare and doc[j].lower_ in ("on", "concerning", "regarding", "about",
                                                                              "for")):
                gaps.append((doc[i].idx, doc[j].idx))
                i = j
                continue
        if low in STOP_PREPS or t.tag_ in ("WDT", "WP", "WRB") or (low == "that" and t.dep_ != "det"):
            break
        if after_prep is False and (t.pos_ == "ADP" or (t.tag_ == "VBG" and i == head.i + 1) or low in COMPLEMENT_PREPS
                                    and t.pos_ in ("ADP", "VERB", "SCONJ")):
            if low not in COMPLEMENT_PREPS:
                break
            if low in ("in", "at", "on", "for") and _circumstance(ctx, info, t):
                break
            if low == "for" and i + 2 < len(doc) and any(_is_head(x) for x in doc[i + 1:i + 4]):
                break  # "a protocol … for the agreement on X": the second agreement is its own record
            if low == "to" and not (head.lemma_.lower() == "decision" and i + 1 < len(doc) and doc[i + 1].pos_ == "VERB"):
                if i + 1 < len(doc) and doc[i + 1].pos_ == "VERB":
                    break
            after_prep = True
            i += 1
            continue
        if t.tag_ == "VBG" and doc[i - 1].pos_ in ("NOUN", "ADJ", "PROPN") and i > head.i + 1 and \
                (i + 1 >= limit or doc[i + 1].pos_ in ("ADP", "PUNCT", "CCONJ")):
            i += 1  # "a protocol on air policing": a gerund closing a noun phrase is a noun
            end = i
            continue
        if t.pos_ == "VERB" and not (doc[i - 1].lower_ == "to" and head.lemma_.lower() == "decision") \
                and not (after_prep and t.tag_ == "VBG"):  # "a decision on creating X"
            break
        if t.pos_ == "PRON" and t.tag_ == "PRP$":
            # "along their common border": a pronoun makes the rest depend on context
            back = i - 1
            while back > head.i and doc[back].pos_ != "ADP":
                back -= 1
            end = back if back > head.i else end
            break
        if t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADV") or (t.pos_ == "VERB" and after_prep):
            if t.pos_ == "ADV" and not after_prep:
                break
            if t.pos_ == "PART" and t.tag_ != "POS":
                break
            i += 1
            if t.pos_ in ("NOUN", "PROPN", "NUM"):
                end, after_prep = i, False
            continue
        if t.pos_ == "CCONJ" and i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "ADJ", "PROPN") and \
                not (doc[i + 1].text[:1].isupper() and not head.text[:1].isupper()):
            i += 1
            continue
        break
    return end


def _circumstance(ctx: DocContext, info: SentenceInfo, prep: Any) -> bool:
    """Is "in/at …" a place or an event (where it was signed) rather than part of the name?"""
    obj = [c for c in prep.children if c.dep_ == "pobj"]
    if prep.lower_ == "for":  # "for the first time" (not "for 2021-2023", the period a plan covers)
        return bool(obj) and bool({obj[0].lemma_.lower(), obj[0].lower_} & TIME_NOUNS)
    if not obj:
        return not any(c.dep_ == "pcomp" for c in prep.children)  # "a decision on creating X" is a complement
    root = obj[0]
    lo, hi = root.left_edge.idx, root.idx + len(root)  # the object's own words, not clauses hanging off it
    if {root.lemma_.lower(), root.lower_} & (EVENT_NOUNS | TIME_NOUNS) or root.ent_type_ in ("DATE", "TIME") \
            or any(t.start < hi and lo < t.end for t in info.times):
        return True
    if prep.lower_ == "on":
        return False
    if prep.lower_ == "at" and root.pos_ == "PROPN" and root.ent_type_:
        return True  # "at the Pentagon", "at the Kremlin"
    # "in Lima", "in Peru" (a place name heads the object), not "at the Duqm port"
    return root.pos_ == "PROPN" and (root.ent_type_ in ("GPE", "LOC", "FAC")
                                     or _place_hit(ctx, info, root.idx, root.idx + len(root)))


def _left(ctx: DocContext, head: Any) -> tuple[int, DateValue | None]:
    """Index of the first token of the name and a year prefix ("the 2004 … Treaty")."""
    doc = ctx.spacy_doc
    start = head.i
    year: DateValue | None = None
    proper = head.text[:1].isupper()
    i = head.i - 1
    while i >= 0:
        t = doc[i]
        low = t.lower_
        if t.like_num and re.fullmatch(r"(?:19|20)\d\d", t.text):
            year = DateValue(t.text, "year", "year prefix")
            break
        if t.text in "-–" and not t.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
            if start == i + 1:
                start = i - 1  # "a five-year plan", "a Russian-Kyrgyz treaty": both halves of the compound
            i -= 2
            continue
        if proper:
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ", "VERB", "NUM") and low not in ("the", "a", "an"):
                start = i
            elif low in ("of", "for", "on", "and", "the") and i > 0 and doc[i - 1].text[:1].isupper() \
                    and t.text[:1].islower() and start < head.i:
                pass
            else:
                break
        else:
            if t.dep_ in ("compound", "amod", "nmod", "npadvmod") or t.pos_ in ("NOUN", "ADJ", "PROPN") and t.head.i > i:
                if low in DROPPED or low in PLAN_MODIFIERS or t.tag_ in ("JJS",) or t.dep_ == "poss" \
                        or t.ent_type_ == "ORDINAL":  # "the last/third accord on X": an ordinal describes the mention
                    break
                if t.head.i < i or t.head.i > head.i:
                    break
                start = i
            else:
                break
        i -= 1
    while start < head.i and doc[start].lower_ in ("of", "for", "on", "and", "the"):
        start += 1
    return start, year


def _quoted(ctx: DocContext, info: SentenceInfo, head: Any) -> tuple[int, int] | None:
    """Character span of a quoted name around the head ('a "Naval Training Plan for 2021-2023"')."""
    text = ctx.document.text
    lo = max(info.start, head.idx - 80)
    before = text[lo:head.idx]
    op = max(before.rfind(q) for q in _QUOTES_OPEN)
    if op < 0:
        return None
    op += lo
    close = min((p for p in (text.find(q, head.idx, info.sentence.end) for q in _QUOTES_CLOSE) if p >= 0), default=-1)
    if close < 0 or close - op > 120 or not text[op + 1:op + 2].isupper():
        return None
    if any(ch in text[op + 1:close] for ch in _QUOTES_OPEN + _QUOTES_CLOSE):
        return None
    return op + 1, close


def _without_period(name: str) -> list[str]:
    """The name without the period it covers ("Border Patrol Plan for 2024-2026" → "Border Patrol Plan"):
    the series of plans, the one alias kept besides acronyms, quoted forms and different names."""
    cut = re.sub(r"\s+for\s+(?:the\s+(?:years?|period)\s+)?(?:19|20)\d\d(?:\s*(?:[-–]|to)\s*(?:19|20)?\d\d)?$", "", name)
    return [cut] if cut != name and len(cut.split()) > 1 else []


def _acronym_after(ctx: DocContext, end: int) -> str | None:
    m = re.match(r"\s*\((?P<acr>[A-Z][A-Za-z]{0,7}[A-Z])\)", ctx.document.text[end:end + 14])
    return m.group("acr") if m else None


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    return name[:1].upper() + name[1:]


def _candidates(doc: Any) -> list[Any]:
    """Tokens any rule here starts from (one pass over the parse)."""
    words = HEADS | ANAPHOR_HEADS | DECIDE_VERBS | {"it"}
    return [t for t in doc if t.lower_ in words or t.lemma_.lower() in words]


def _head_mention(ctx: DocContext, info: SentenceInfo, tok: Any) -> Mention | None:
    """The mention an agreement head word starts: its name (left modifiers, complement, or the quoted
    name around it), acronym, year prefix and determiners; None for a bare indefinite head."""
    doc, text = ctx.spacy_doc, ctx.document.text
    q = _quoted(ctx, info, tok)
    first, year = _left(ctx, tok)
    gaps: list[tuple[int, int]] = []
    last = _right(ctx, info, tok, gaps)
    if q is not None and not (q[0] <= doc[first].idx + 1 and q[1] <= doc[last - 1].idx + len(doc[last - 1]) + 30
                              and not any(x.pos_ in ("VERB", "AUX") for x in doc[tok.i:last] if x.idx < q[1])
                              and not any(x.pos_ in ("VERB", "AUX", "PRON") for x in doc[:tok.i] if x.idx >= q[0])):
        # (a quotation that tells the signing, '"We have signed the X," she said', is not a quoted name)
        q = None
    if q is not None:
        start, end = q
        proper = True
    else:
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
        proper = doc[first].text[:1].isupper() and first < tok.i or tok.text[:1].isupper() and last > tok.i + 1
    name = _clean(text[start:end] if not gaps or q is not None else
                  text[start:gaps[0][0]].rstrip() + " " + text[gaps[0][1]:end])
    end_alias = None
    org = [h for h in info.hits_in(start, end, "ORG") if h.end == end and tok.idx < h.start]
    if org and re.search(r"\s+of\s+(?:the\s+)?$", text[start:org[-1].start]) and q is None:
        # "Agreement on X of the Shanghai Cooperation Organisation": the body is context
        name, end_alias = _clean(re.sub(r"\s+of\s+(?:the\s+)?$", "", text[start:org[-1].start])), name
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "poss")} | \
        {doc[k].lower_ for k in range(max(0, first - 3), first)}
    generic = first == tok.i and last == tok.i + 1 and q is None
    counted = any(c.dep_ == "nummod" and not re.fullmatch(r"(?:19|20)\d\d", c.text) for c in tok.children) or \
        dets & ({"several", "many", "some", "various", "other", "all", "these", "those", "both"} | QUANTITY_NOUNS) or \
        (tok.tag_ == "NNS" and q is None and not tok.text[:1].isupper())
    if counted and not dets & SIMILAR:
        return None  # "two MoUs", "several agreements": a count of documents, not one agreement
    if generic and tok.text[:1].isupper():
        return None  # "the Treaty" alone
    acr = _acronym_after(ctx, end if q is None else end + 1) or \
        next((_acronym_after(ctx, g[0]) for g in gaps if text[g[0]] == "("), None)
    if generic and not acr and not dets & ({"the", "this", "that", "these", "both", "joint", "trilateral", "bilateral"}
                                           | SIMILAR) and not (tok.i and doc[tok.i - 1].text.isupper()):
        return None  # "signed an agreement", "12 agreements": nothing to name or refer to
    names = [name] + ([acr] if acr else []) + ([end_alias] if end_alias else []) + _without_period(name)
    if generic and tok.lemma_.lower() in ("statement", "decision") and not (dets & {"joint", "trilateral"}):
        names = [name]
    party_ref = q is None and not acr and year is None and last == tok.i + 1 and first < tok.i and "the" in dets \
        and _parties_adjective(ctx, doc[first:tok.i])
    return Mention(tok, start, end, names, info, proper=proper or acr is not None, year=year, generic=generic,
                   similar=bool(dets & SIMILAR), planned=bool(dets & (PLAN_MODIFIERS | {"no"})), quoted=q is not None,
                   party_ref=party_ref, definite="the" in dets and q is None)


def _parties_adjective(ctx: DocContext, words: Any) -> bool:
    """Do the words before a head only name its sides ("Chilean-Peruvian", "the EU-NATO joint")?"""
    sides = [x for x in words if ctx.gaz.terms.get(x.text, ("",))[0] in ("COUNTRY", "DEMONYM", "ORG")]
    return bool(sides) and all(x.text in "-–" or x in sides or x.lower_ in ("joint", "bilateral", "trilateral")
                               for x in words)


def _acronym_head(ctx: DocContext, m: Mention) -> None:
    """"the JRF treaty": an acronym of a known agreement, a defined name or a known body with a head word."""
    acr = m.head.nbor(-1) if m.head.i > 0 else None
    if acr is None or acr.idx != m.start or m.end != m.head.idx + len(m.head) or not acr.text.isupper() \
            or len(acr.text) < 2 or ctx.gaz.terms.get(acr.text, ("",))[0] in ("COUNTRY", "DEMONYM", "CAPITAL"):
        return
    full = ctx.acronyms.get(acr.text)
    if acr.text in _known():
        m.names = [acr.text, f"{acr.text} {m.head.lower_}"]  # "the IPAP agreement"
    elif full and re.search(r"(?:Treaty|Agreement|Charter|Protocol)$", full):
        m.names = [full, acr.text]
    elif acr.text in ctx.acronyms or ctx.gaz.terms.get(acr.text, ("",))[0] in ("FORCE", "ORG"):
        m.names = [f"{acr.text} {m.head.lower_}"]
    else:
        return
    m.start, m.generic, m.proper = acr.idx, False, True


def _mentions(ctx: DocContext, cands: list[Any]) -> list[Mention]:
    doc = ctx.spacy_doc
    out: list[Mention] = []
    starts = [s.start for s in ctx.sents]
    text = ctx.document.text

    def info_of(idx: int) -> SentenceInfo:
        return ctx.sents[max(0, bisect_right(starts, idx) - 1)]

    for tok in cands:
        low = tok.lower_
        info = info_of(tok.idx)
        if _is_head(tok):
            m = _head_mention(ctx, info, tok)
            if m is not None:
                out.append(m)
        elif (low in ANAPHOR_HEADS or tok.lemma_.lower() in ANAPHOR_HEADS) and tok.pos_ == "NOUN" \
                and any(c.lower_ in {"the", "this", "that", "these", "both"} | SIMILAR for c in tok.children):
            out.append(Mention(tok, tok.idx, tok.idx + len(tok), [tok.text], info, generic=True,
                               similar=any(c.lower_ in SIMILAR for c in tok.children)))
        elif low == "it" and tok.dep_ in ("nsubjpass", "dobj"):
            out.append(Mention(tok, tok.idx, tok.idx + len(tok), [tok.text], info, generic=True))
    # known names and acronyms that the parse does not head ("IPAP", "New START")
    for km in _known_pattern().finditer(text):
        if any(x.start <= km.start() < x.end or km.start() <= x.start < km.end() for x in out if not x.generic):
            continue
        if re.search(r"\(\s*$", text[max(0, km.start() - 2):km.start()]) and any(
                0 <= km.start() - x.end <= 3 for x in out):
            continue  # the acronym in brackets after a name is that name's alias
        span = doc.char_span(km.start(), km.end(), alignment_mode="expand")
        if span is not None:
            out.append(Mention(span.root, km.start(), km.end(), [km.group(0)], info_of(km.start()), proper=True))
    for m in out:
        _acronym_head(ctx, m)
        _resolve_definite_complement(ctx, m)
    out = [m for m in out if not any(o is not m and not o.generic and o.start <= m.start and m.end <= o.end
                                     and (o.start, o.end) != (m.start, m.end) and o.head.i == m.head.i for o in out)]
    return sorted(out, key=lambda m: m.start)


def _resolve_definite_complement(ctx: DocContext, m: Mention) -> None:
    words = m.names[0].split()
    if len(words) != 4 or words[1].lower() != "on" or words[2].lower() != "the" or m.proper:
        return
    noun = words[3].lower().rstrip("s")
    prior = [h for s in ctx.sents[:m.info.sentence.index + 1] for h in s.hits
             if h.label in ("FORCE", "ORG") and h.end <= m.start and h.key.lower().split()[-1].rstrip("s") == noun]
    if prior:
        h = prior[-1]
        short = h.text if h.text.isupper() else (ctx.gaz.forces.get(h.key, {}).get("acronym") or h.text)
        m.names = [f"{short} {m.head.lower_}"] + m.names
        m.proper = True


# ---------------------------------------------------------------- the governing verb


@dataclass
class Relation:
    verb: Any | None  # spaCy token
    kind: str  # "sign", "ratify", "none"
    planned: bool = False
    parties_from: list[Any] = field(default_factory=list)  # tokens whose subtree names parties


def _verb_of(head: Any, end: int | None = None, start: int | None = None) -> tuple[Any | None, str]:
    """The verb the mention depends on and how: "dobj", "pass", "acl" (signed after it), "conj"."""
    tok = head
    # "a memorandum on the joint use of X signed in CITY": the participle may hang off any noun of the name
    for t in head.doc[head.i:]:
        if end is not None and t.idx >= end:
            break
        for c in t.children:
            if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX") and c.lemma_.lower() in SIGN_VERBS | RATIFY_VERBS \
                    and c.tag_ in ("VBN", "VBD"):
                return c, "acl"
    for _ in range(4):
        while tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head
        if tok.dep_ == "appos":
            tok = tok.head
        if tok.dep_ in ("dobj", "attr", "oprd"):
            return tok.head, "dobj"
        if tok.dep_ in ("nsubjpass",):
            return tok.head, "pass"
        if tok.dep_ == "nsubj":
            return tok.head, "subj"
        if tok.dep_ != "pobj" or tok.head.dep_ not in ("prep", "agent"):
            return None, "none"
        prep, gov = tok.head, tok.head.head
        if gov.pos_ in ("NOUN", "PROPN") and gov.lower_ in RATIFY_NOUNS:
            return gov, "ratify-noun"  # "the Law on Ratification of the Agreement on X"
        if prep.lower_ in ("to", "under", "on") and (
                gov.lemma_.lower() == "signature" and gov.head.pos_ == "VERB" or gov.pos_ == "VERB"
                and any(c.lemma_.lower() == "signature" for c in gov.children)):
            # "put their signatures to a joint statement"
            return (gov.head if gov.lemma_.lower() == "signature" else gov), "signature"
        if gov.pos_ == "NOUN" and gov.lower_ in SIGN_NOUNS and prep.lower_ == "of":
            # "the signing of the agreement took place in X", "witnessed the signing of an accord"
            return (gov.head if gov.head.pos_ in ("VERB", "AUX") else gov), "nominal"
        if gov.pos_ == "VERB" and prep.lower_ in ("to", "on", "upon", "including", "among") \
                and gov.lemma_.lower() in SIGN_VERBS:
            return gov, "dobj"  # "agreed to a plan", "agreed on a roadmap"
        if gov.pos_ == "VERB" and prep.lower_ in ("including", "among") and gov.dep_ == "prep":
            prep, gov = gov, gov.head  # "signed documents, including an agreement on X"
        if gov.pos_ in ("NOUN", "PROPN") and (gov.lemma_.lower() in ANAPHOR_HEADS | HEADS and tok is not head
                                              or start is not None and gov.idx >= start  # "Status of … Agreement"
                                              or prep.lower_ in ("including", "among")
                                              or prep.lower_ == "of" and gov.lower_ in QUANTITY_NOUNS):
            tok = gov  # "signed dozens of agreements, including a 2020 agreement on X"
            continue
        return None, "nested"
    return None, "none"


def _preceding_verb(m: Mention) -> Any | None:
    """"signed a X and a Y in …" parsed loosely: the nearest verb before the mention when only
    noun phrases (the other items of a list) stand between them."""
    doc = m.head.doc
    i = doc.char_span(m.start, m.end, alignment_mode="expand")[0].i - 1
    seen_prep = in_list = False
    while i >= 0 and doc[i].idx >= m.info.start:
        t = doc[i]
        if t.pos_ in ("VERB", "AUX"):
            return t if t.lemma_.lower() in SIGN_VERBS | RATIFY_VERBS and t.tag_ != "VBG" else None
        if t.pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "PUNCT", "CCONJ", "ADP", "SYM", "PART") \
                or (_is_head(t) and seen_prep) or t.lower_ in RATIFY_NOUNS:
            return None
        in_list = in_list or t.pos_ == "CCONJ"  # "a X for 2015-2019 and a Y": the preposition is X's
        seen_prep = seen_prep or (t.pos_ == "ADP" and not in_list)
        i -= 1
    return None


def _planned(verb: Any) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        gov = verb.head  # "ready to sign", "is due to be signed", not "the first country to join X"
        return gov.lemma_.lower() in PLAN_GOVERNORS | {"be"} or gov.lower_ in PLAN_GOVERNORS
    return False


def _linear_relative(m: Mention) -> tuple[Any, list[Any]] | None:
    """", which the two ministers signed in April" parsed loosely: the signing verb of a relative
    clause right after the name, and the words of its subject."""
    doc = m.head.doc
    acr = re.match(r"\s*\([A-Za-z]{2,8}\)", doc.text[m.end:m.end + 12])
    span = doc.char_span(m.start, m.end + (acr.end() if acr else 0), alignment_mode="expand")
    i = span[-1].i + 1
    if i < len(doc) and doc[i].tag_ == "VBN" and doc[i].lemma_.lower() in SIGN_VERBS:
        return doc[i], []  # "the X Arrangement (XA) signed last October", the participle hung elsewhere
    if i < len(doc) and doc[i].lower_ in ("with", "between"):  # "the X Declaration with Turkey, which …"
        k = i + 1
        while k < min(len(doc), i + 6) and (doc[k].pos_ in ("PROPN", "DET", "CCONJ") or doc[k].text[:1].isupper()):
            k += 1
        i = k
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].lower_ not in ("which", "that"):
        return None
    subj: list[Any] = []
    for t in doc[i + 1:i + 9]:
        if t.pos_ in ("VERB", "AUX"):
            if t.lemma_.lower() in SIGN_VERBS and t.tag_ in ("VBD", "VBN"):
                return t, subj
            if t.dep_.startswith("aux"):
                continue
            return None
        if _is_head(t) or t.is_punct:
            return None
        subj.append(t)
    return None


def _relation(m: Mention) -> Relation:
    acr = re.match(r"\s*\([A-Za-z]{2,8}\)", m.head.doc.text[m.end:m.end + 12])
    end = m.end + (acr.end() if acr else 0)  # "the X Arrangement (XA) signed last October"
    lin = _linear_relative(m)
    if lin is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in lin[0].children):
        return Relation(lin[0], "sign", planned=_planned(lin[0]), parties_from=lin[1][-1:] if lin[1] else [])
    verb, how = _verb_of(m.head, end, m.start)
    if how == "nested":
        return Relation(None, "none")
    if verb is None or (verb.pos_ not in ("VERB", "AUX") and how != "nominal"):
        verb, how = _preceding_verb(m), "dobj"
    if verb is None:
        return Relation(None, "none")
    if how == "ratify-noun":
        return Relation(verb, "ratify")
    lemma = verb.lemma_.lower()
    if how == "signature":
        return Relation(verb, "sign", planned=_planned(verb))
    if how == "nominal":
        nominal = next((c for c in verb.subtree if c.lower_ in SIGN_NOUNS), verb)
        ahead = nominal.head.lower_ in ("towards", "toward", "for", "before") or \
            any(c.lower_ in ("ahead", "towards", "toward") for c in nominal.ancestors)
        return Relation(verb, "sign", planned=ahead or (verb.pos_ in ("VERB", "AUX") and _planned(verb)))
    if lemma in SIGN_VERBS:
        if how == "subj" and lemma not in ("join",):
            return Relation(None, "none")
        return Relation(verb, "sign", planned=_planned(verb))
    if lemma in RATIFY_VERBS or (lemma == "approve" and how != "acl"):
        return Relation(verb, "ratify", planned=_planned(verb))
    if lemma in ("ratifying",):
        return Relation(verb, "ratify")
    if verb.tag_ == "VBG" and verb.lower_.startswith("ratif"):
        return Relation(verb, "ratify")
    return Relation(verb, "none")


# ---------------------------------------------------------------- attributes


def _span(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _clause_tokens(verb: Any, skip: tuple[int, int] | None = None) -> list[Any]:
    """The verb's clause: its subtree without subordinate clauses of other verbs."""
    out: list[Any] = []

    def walk(t: Any) -> None:
        out.append(t)
        for c in t.children:
            if c.dep_ in ("relcl", "ccomp", "advcl", "parataxis") and c is not verb and not (
                    c.dep_ == "advcl" and c.lemma_.lower() in SETTING_VERBS):
                continue  # but "Meeting in CITY on DATE, ministers signed …" sets the signing's scene
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and t is verb:
                continue
            if c.dep_ == "acl" and c.pos_ == "VERB" and c.lemma_.lower() not in VISIT_VERBS:
                continue
            walk(c)

    walk(verb)
    if skip:
        out = [t for t in out if not (skip[0] <= t.idx < skip[1])]
    return sorted(out, key=lambda t: t.i)


def _countries_in(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[str]:
    out: list[str] = []
    text = ctx.document.text
    for h in info.hits_in(start, end, "COUNTRY", "ORG", "CAPITAL", "DEMONYM", "PLACE"):
        if h.label in ("CAPITAL", "PLACE") and re.search(r"\b(?:in|at|to|from)\s+$", text[max(start, h.start - 5):h.start]):
            continue
        key = _capital_state(ctx, h.key) if h.label == "PLACE" else h.key
        if key and key not in out:
            out.append(key)
    for pm in ctx.people.mentions:
        if start <= pm.start and pm.end <= end:
            c = ctx.people.country.get(ctx.people.resolve(pm.name))
            if c and c not in out:
                out.append(c)
    return out


def _capital_state(ctx: DocContext, place: str) -> str | None:
    """"Lima signed": the state whose capital the place is."""
    return next((c["name"] for c in ctx.gaz.country.values() if place in c.get("capitals", [])), None)


def _context_countries(ctx: DocContext, info: SentenceInfo, n: int) -> list[str]:
    """The ``n`` states a passage is about: countries of this sentence, then of those before."""
    out: list[str] = []
    k = info.sentence.index
    for s in [info] + list(reversed(ctx.sents[max(0, k - 4):k])) + ctx.sents[k + 1:k + 3]:
        for h in s.hits:
            if _in_credit(ctx, h.start):
                continue
            before = ctx.document.text[max(0, h.start - 30):h.start]
            if re.search(r"\b(?:" + "|".join(EVENT_NOUNS) + r")\s+(?:in|at)\s+(?:the\s+)?$", before, re.I):
                continue  # a setting, not a side: "the summit in Singapore"
            key = _capital_state(ctx, h.key) if h.label == "PLACE" else h.key
            if h.label in ("COUNTRY", "DEMONYM", "CAPITAL", "PLACE") and key and key not in out:
                out.append(key)
        if len(out) >= n:
            break
    return out[:n]


def _in_credit(ctx: DocContext, pos: int) -> bool:
    """Is ``pos`` inside the source credit of a dateline ("CITY, (Agency / Country News) - …")?"""
    m = re.match(r"\A[^\n(]{0,40}\((?P<credit>[^)\n]{0,120})\)", ctx.document.text)
    return m is not None and m.start("credit") <= pos < m.end("credit")


def _subject_parties(ctx: DocContext, info: SentenceInfo, subj: Any) -> list[str]:
    sub = list(subj.subtree)
    lo, hi = _span(sub)
    found = _countries_in(ctx, info, lo, hi)
    for t in sub:  # a surname the article names in full elsewhere ("Kazakhstan's President Ivan Doe" … "Doe signed")
        c = ctx.people.country.get(ctx.people.full.get(t.text, "")) if t.pos_ == "PROPN" else None
        if c and c not in found:
            found.append(c)
    if found:
        return found
    words = {t.lower_ for t in sub}
    if words & PARTY_GROUPS:
        # "the two sides", "both ministers"; "the ministers" of a bilateral visit are its two sides
        definite = subj.lower_ in PARTY_GROUPS and any(c.lower_ == "the" for c in subj.children)
        n = max((_NUMBER_WORDS.get(w, 0) for w in words), default=0) or (2 if "sides" in words or definite else 0)
        if n >= 2:
            return _context_countries(ctx, info, n)
    if subj.lower_ in ("it",):
        prior = [h for s in ctx.sents[:info.sentence.index + 1] for h in s.hits
                 if h.label in ("COUNTRY", "CAPITAL") and h.end <= subj.idx
                 and not re.search(r"\b(?:in|at|to|from)\s+$", ctx.document.text[max(0, h.start - 5):h.start])]
        return [prior[-1].key] if prior else []
    return []


def _signers(ctx: DocContext, m: Mention, rel: Relation) -> list[str]:
    """Parties named as the signing's (or ratifying's) subject or agent ("X and Y signed", "signed by X",
    "X's parliament ratified")."""
    verb = rel.verb
    out: list[str] = []
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return out
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("which", "that", "who")]
    for c in subjects or rel.parties_from:
        out += _subject_parties(ctx, m.info, c)
    for c in verb.children:
        if c.dep_ == "agent":
            for o in c.children:
                out += _subject_parties(ctx, m.info, o)
    if not out and verb.dep_ == "conj":
        return _signers(ctx, m, Relation(verb.head, rel.kind))
    if not subjects and not out and verb.i > 0:  # "in Moscow Ivanov readily signed": the parse lost the subject
        k = verb.i - 1
        while k > 0 and verb.doc[k].pos_ == "ADV":
            k -= 1
        t = verb.doc[k]
        if t.pos_ == "PROPN":
            c = ctx.people.country.get(ctx.people.full.get(t.text, ""))
            out += [c] if c else _countries_in(ctx, m.info, t.idx, t.idx + len(t))
    return out


def _parties(ctx: DocContext, m: Mention, rel: Relation) -> list[str]:
    """Signers, then partners ("with X", "between X and Y")."""
    verb = rel.verb
    info = m.info
    if verb is None:
        return []
    out = _signers(ctx, m, rel)
    name = [t for t in m.head.doc[m.head.i:] if t.idx < m.end] if m.end > m.head.idx else [m.head]
    # a partner named after the next agreement in the clause is that one's ("… with A in 2014 and a
    # similar document with B in 2016")
    nxt = next((t.idx for t in verb.doc[m.head.i + 1:] if t.idx >= m.end and t.idx < m.info.sentence.end
                and t.pos_ == "NOUN" and (t.lemma_.lower() in HEADS | ANAPHOR_HEADS)), m.info.sentence.end)
    clause = [t for t in _clause_tokens(verb) if t.dep_ == "prep" and t.lower_ in ("with", "between") and t.idx < nxt
              and not any(x.lower_ in STOP_PREPS for x in t.ancestors if x.i != verb.i and x.dep_ == "prep")]
    # ("… with Chile amid tensions with Peru": a partner inside a circumstance is not one)
    for holder in (verb, *name, *[t.head for t in clause]):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between"):
                lo, hi = _span(list(c.subtree))
                out += _countries_in(ctx, info, lo, hi)
    if not out and verb.head is not verb and verb.dep_ in ("conj",):
        return _parties(ctx, m, Relation(verb.head, rel.kind))
    return list(dict.fromkeys(out))


def _not_after(ctx: DocContext, d: DateValue | None) -> DateValue | None:
    """A signing told as done is not later than the article: "signed … in September" in a
    sentence about next year's deployment is last September."""
    pub = ctx.published
    if d is None or pub is None or d.rule not in ("month", "month-day", "relative", "weekday", "vague"):
        return d
    n = min(len(d.value), len(pub.value))
    if d.value[:n] > pub.value[:n]:
        if d.rule == "weekday":  # "signed on Friday" in a sentence about what will follow: the Friday before
            return DateValue((date.fromisoformat(d.value) - timedelta(days=7)).isoformat(), "day", d.rule)
        return DateValue(f"{d.year - 1}{d.value[4:]}", d.precision, d.rule)
    return d


def _pick_date(cands: list[TimeExpr], text: str, lo: int) -> DateValue | None:
    rank = {"day": 0, "month": 1, "year": 2}
    good = [t for t in cands if t.finish is None
            and not re.search(r"\b(?:for|until|to|through|till|since|by)\s+$", text[max(lo, t.start - 10):t.start])]
    if not good:
        return None
    good.sort(key=lambda t: rank[t.begin.precision])
    return good[0].begin


def _ordinal_day(ctx: DocContext, info: SentenceInfo, lo: int, hi: int) -> DateValue | None:
    """"on the second day of a two-day summit that opened on October 14" → October 15."""
    text = ctx.document.text[lo:hi]
    m = re.search(r"\bon\s+the\s+(?P<ord>\w+)\s+day\s+of\b", text)
    if not m or m.group("ord").lower() not in DAY_ORDINALS:
        return None
    def after_opening(t: TimeExpr) -> bool:
        before = ctx.spacy_doc.char_span(max(info.start, t.start - 30), t.start, alignment_mode="contract") or []
        return any(x.lemma_.lower() in OPENING_VERBS for x in list(before)[-3:])

    opened = next((t for t in info.times if t.start >= lo + m.end() and t.begin.precision == "day"
                   and after_opening(t)), None)
    if opened is None:
        return None
    order = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "opening": 1}
    ordw = m.group("ord").lower()
    if ordw in order:
        n = order[ordw]
    else:  # "final"/"last"/"closing" day of a "three-day" event
        length = re.search(r"\b(\w+)-day\b", text)
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
        if not length or length.group(1).lower() not in words:
            return None
        n = words[length.group(1).lower()]
    d = date.fromisoformat(opened.begin.value) + timedelta(days=n - 1)
    return DateValue(d.isoformat(), "day", "nth day of event")


def _anaphoric(ctx: DocContext, info: SentenceInfo, lo: int, hi: int) -> tuple[DateValue | None, str | None]:
    """"signed at the time", "later", "at that meeting", "an hour before the summit opened":
    the date (and place) told before in the article."""
    text = ctx.document.text
    clause = text[lo:hi]
    back = list(reversed(ctx.sents[max(0, info.sentence.index - 3):info.sentence.index]))
    if _ANAPHORIC_TIME.search(clause):
        for prev in back:
            d = _pick_date(prev.times, text, prev.start)
            if d:
                return d, _place_in(ctx, prev, prev.start, prev.sentence.end)
    if _LATER.search(text[info.start:lo + (hi - lo)]):
        earlier = [t for t in info.times if t.end <= lo + clause.find(_LATER.search(clause).group(0))] \
            if _LATER.search(clause) else []
        if earlier:
            return DateValue(earlier[-1].begin.value[:4], "year", "later"), None
    nouns = "|".join(sorted(EVENT_NOUNS))
    if re.search(rf"\b(?:the|that|this)\s+(?:[\w-]+\s+){{0,2}}(?:{nouns})\b", clause):
        found_date: DateValue | None = None
        found_place: str | None = None
        for prev in reversed(ctx.sents[:info.sentence.index + 1]):
            for mm in reversed(list(re.finditer(rf"\b(?:{nouns})\b", prev.text))):
                pos = prev.start + mm.start()
                if pos >= lo:
                    continue
                near = [t for t in prev.times if 0 <= t.start - pos < 60 and t.begin.precision == "day"]
                if near and found_date is None:
                    found_date = near[0].begin
                found_place = found_place or _place_in(ctx, prev, pos, min(prev.sentence.end, pos + 40))
            if found_date and found_place:
                break
        return found_date, found_place
    return None, None


def _is_city(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> str | None:
    for h in info.hits_in(start, end, "COUNTRY"):
        if h.key in ctx.gaz.country.get(h.key, {}).get("capitals", []):
            return h.text  # a city-state: "the summit in Singapore"
    for h in info.hits_in(start, end, "CAPITAL", "PLACE"):
        place = ctx.gaz.places.get(h.key)
        if place is None or place.get("kind") in ("city", "capital", None):
            return h.text
    if info.hits_in(start, end, "COUNTRY", "DEMONYM", "ORG"):
        return None
    span = ctx.spacy_doc.char_span(start, end, alignment_mode="expand")
    for e in (span.ents if span is not None else []):
        if e.label_ in ("GPE", "LOC", "FAC") and e.text[:1].isupper():
            return re.sub(r"^the\s+", "", e.text)
    return None


def _place_in(ctx: DocContext, info: SentenceInfo, lo: int, hi: int) -> str | None:
    """The city of the first "in/at CITY" (or "at the resort of X") between ``lo`` and ``hi``."""
    text = ctx.document.text
    pat = r"\b(?:in|at)\s+(?P<kind>the\s+(?:\w+\s+){0,2}?(?:resort|city|town|village|capital|port)\s+of\s+)?"
    for mm in re.finditer(pat, text[lo:hi]):
        s = lo + mm.end()
        w = re.match(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}", text[s:hi])
        if not w:
            continue
        e = s + w.end()
        if mm.group("kind") and not info.hits_in(s, e, "COUNTRY", "ORG", "DEMONYM"):
            return w.group(0)  # the text itself says it is a town
        city = _is_city(ctx, info, s, e)
        if city:
            return city
    return None


def _weekday_month(ctx: DocContext, clause: str) -> DateValue | None:
    """"on Tuesday" in an article dated only by month: the month."""
    pub = ctx.published
    if pub is not None and pub.precision == "month" and _WEEKDAY.search(clause):
        return DateValue(pub.value, "month", "weekday in publication month")
    return None


def _bare_weekday(ctx: DocContext, toks: list[Any]) -> DateValue | None:
    """"signed a pact Thursday" (no "on"): the last such weekday up to the publication date."""
    pub = ctx.published
    day = next((t for t in toks if t.lower_ in WEEKDAYS and t.text[:1].isupper()
                and (t.i == 0 or t.doc[t.i - 1].lower_ not in ("on", "next", "this", "last"))), None)
    if day is None or pub is None or pub.precision != "day":
        return None
    ref = date.fromisoformat(pub.value)
    target = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(day.lower_)
    return DateValue((ref - timedelta(days=(ref.weekday() - target) % 7)).isoformat(), "day", "weekday")


def _dateline_city(ctx: DocContext) -> str | None:
    m = _DATELINE.match(ctx.document.text)
    if not m:
        return None
    city = m.group("city")
    words = city.split()
    if len(words) > 3 or city.lower() in ("the", "a"):
        return None
    name = " ".join(w if not w.isupper() else w.capitalize() for w in words)
    key = ctx.gaz.terms.get(name) or ctx.gaz.terms.get(city)
    if key is not None and key[0] in ("COUNTRY", "ORG", "DEMONYM", "FORCE", "SERIES"):
        return None
    return name


def _dateline_end(ctx: DocContext) -> int:
    """End of an opening dateline ("CITY, March 11 -", "Monday October 16, 2017 -"), else 0."""
    m = _DATELINE.match(ctx.document.text) or re.match(r"\A[^\n.]{0,60}?\d\s+[-–—]{1,2}\s", ctx.document.text)
    return m.end() if m else 0


def _near_publication(ctx: DocContext, d: DateValue | None) -> bool:
    pub = ctx.published
    if pub is None or d is None:
        return False
    if d.precision == "day" and pub.precision == "day":
        return 0 <= (date.fromisoformat(pub.value) - date.fromisoformat(d.value)).days <= 7
    return d.value[:7] == pub.value[:7] and d.precision != "year"


def _visit_place(ctx: DocContext, info: SentenceInfo) -> str | None:
    """"… who arrived in Tbilisi on an official visit": the city of the visit."""
    for t in ctx.spacy_doc.char_span(info.start, info.sentence.end, alignment_mode="expand"):
        if t.lemma_.lower() in VISIT_VERBS and t.pos_ in ("VERB", "NOUN"):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "to") or c.dep_ == "dobj":
                    sub = list(c.subtree)
                    lo, hi = _span(sub)
                    city = _is_city(ctx, info, lo, hi)
                    if city:
                        return city
    return None


# ---------------------------------------------------------------- records


@dataclass
class Facts:
    date: DateValue | None = None
    place: str | None = None
    parties: list[str] = field(default_factory=list)
    signed: bool = False
    partner_only: bool = False  # "signed with X": the signer is left to the passage


def _facts(ctx: DocContext, m: Mention, rel: Relation) -> Facts:
    text = ctx.document.text
    f = Facts()
    between = re.match(r"\s+between\s+[^,;.]{3,80}", text[m.end:m.info.sentence.end])
    if between:  # "the Agreement on X between Tajikistan and Russia"
        f.parties = _countries_in(ctx, m.info, m.end, m.end + between.end())
    left = ctx.spacy_doc.char_span(m.start, m.head.idx, alignment_mode="contract") or []
    named = [key for t in left for label, key in [ctx.gaz.terms.get(t.text, ("", ""))] if label in ("COUNTRY", "DEMONYM")]
    if len(set(named)) >= 2:  # "the Russian-Kyrgyz agreement on X", "the US-Philippine Mutual Defense Treaty"
        f.parties = list(dict.fromkeys(f.parties + named))
    if rel.kind == "ratify" and rel.verb is not None and not rel.planned:
        f.parties = list(dict.fromkeys(f.parties + _parties(ctx, m, rel)))
    if rel.kind != "sign" or rel.verb is None or rel.planned:
        return f
    f.signed = True
    toks = _clause_tokens(rel.verb, (m.start, m.end))
    lo, hi = _span(toks) if toks else (m.start, m.end)
    info = m.info
    inside = [t for t in info.times if any(t.start <= x.idx < t.end for x in toks) and not (m.start <= t.start < m.end)]
    f.date = _ordinal_day(ctx, info, lo, hi) or _pick_date(inside, text, info.start)
    if f.date is None:  # "signed a X and a Y in December 2014": a date closing the list
        doc = ctx.spacy_doc
        tail = [t for t in info.times if t.start >= m.end and t.start > rel.verb.idx
                and not any(x.pos_ in ("VERB", "AUX") for x in doc.char_span(m.end, t.start, alignment_mode="expand") or [])]
        f.date = _pick_date(tail, text, info.start)
    clause = " ".join(x.text for x in toks)
    if f.date is None:
        f.date = _weekday_month(ctx, clause) or _bare_weekday(ctx, toks)
    place = None
    for t in toks:
        if t.lower_ in ("in", "at") and t.dep_ == "prep":
            sub = [x for x in t.subtree]
            s_lo, s_hi = _span(sub)
            place = _place_in(ctx, info, t.idx, s_hi)
            if place:
                break
    for t in toks:  # "during a summit which took place on April 18 in X", "at talks held in X"
        if t.lemma_.lower() in EVENT_NOUNS and t.pos_ == "NOUN" and (place is None or f.date is None):
            e_lo, e_hi = _span(list(t.subtree))
            place = place or _place_in(ctx, info, e_lo, e_hi)
            if f.date is None:
                f.date = _pick_date([x for x in info.times if e_lo <= x.start < e_hi], text, info.start)
    back_date, back_place = (None, None)
    if f.date is None or place is None:
        back_date, back_place = _anaphoric(ctx, info, lo, hi)
    f.date = _not_after(ctx, f.date or back_date)
    if f.date is not None and any(t.begin == f.date and t.start < _dateline_end(ctx) for t in info.times):
        f.date = DateValue(f.date.value, f.date.precision, "dateline")  # the report's date, not the signing's
    f.place = place or back_place
    f.parties = list(dict.fromkeys(f.parties + _parties(ctx, m, rel)))
    signers = _signers(ctx, m, rel)
    f.partner_only = bool(f.parties) and not signers
    # "signed by Minister X and his Kazakh counterpart Y": two signers, one state named
    subj = [c for c in rel.verb.children if c.dep_ in ("nsubj", "agent")]
    people = [t for c in subj for t in c.subtree if t.dep_ != "compound" and t.pos_ == "PROPN"
              and t.ent_type_ == "PERSON"]
    f.partner_only = f.partner_only or (len(f.parties) == 1 and len(signers) == 1 and len(people) >= 2)
    return f


def _acting_states(ctx: DocContext, m: Mention) -> list[str]:
    """"India and Chile agreed to revise the 2009 Accord on X": two or more states that act together
    on a named agreement (the subject of the verb it depends on) are its parties."""
    tok = m.head
    for _ in range(6):
        if tok.dep_ in ("nsubj", "nsubjpass") or tok.head is tok:
            break
        tok = tok.head
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if tok.pos_ in ("VERB", "AUX") else None
        if subj is not None:
            states = _subject_parties(ctx, m.info, subj)
            return states if len(states) >= 2 else []
    return []


def _standalone(m: Mention) -> bool:
    """Is the mention an agreement even where no signing is told: a known name, a capitalized name
    with its acronym, a quoted name, an instrument with its year ("the 2005 agreement on X")?"""
    return m.year is not None and (m.proper or m.head.lemma_.lower() in INSTRUMENT_HEADS) or m.quoted or \
        any(fold_name(n) in _known() for n in m.names) or \
        (m.proper and (len(m.names) > 1 and m.names[1].isupper() or '"' in m.names[0]))


def extract_agreements(ctx: DocContext) -> list[Agreement]:
    """Every agreement the document names or tells the signing of, with parties, date and place."""
    if ctx.spacy_doc is None:
        return []
    out: list[Agreement] = []
    cands = _candidates(ctx.spacy_doc)
    mentions = _mentions(ctx, cands)
    dateline = _dateline_city(ctx)
    signed: list[Agreement] = []  # records whose signing the article tells
    pending: list[Mention] = []
    unsigned: list[Mention] = []
    for m in mentions:
        rel = _relation(m)
        if m.planned or rel.planned:
            unsigned.append(m)
            continue
        facts = _facts(ctx, m, rel)
        if m.similar and facts.signed and rel.verb is not None:
            _similar_records(ctx, m, rel, out)
            continue
        if m.generic:
            founding = _founding_act(ctx, m, out)
            if founding is not None:
                signed.append(founding)
                continue
            if not (facts.signed or rel.kind == "ratify"):
                continue
            target = _antecedent(ctx, out, pending, m)
            if target is None:
                continue
            _apply(ctx, target, m, facts, dateline)
            if facts.signed:
                signed.append(target)
            continue
        if m.party_ref and (facts.signed or rel.kind == "ratify"):
            # "the Chilean-Peruvian pact was ratified …": the pact told before, when one with that head was
            target = _antecedent(ctx, out, pending, m, same_head=True)
            if target is not None:
                _apply(ctx, target, m, facts, dateline)
                if m.names[0] not in target.aliases and fold_name(m.names[0]) != fold_name(target.name):
                    target.aliases.append(m.names[0])
                continue
        same = _described_before(out, m) if m.definite and not m.proper else None
        if same is not None:  # "signed a border cooperation agreement … the agreement on cooperation on the border"
            _apply(ctx, same, m, facts, dateline)
            if m.names[0] not in same.aliases and fold_name(m.names[0]) != fold_name(same.name):
                same.aliases.append(m.names[0])
            continue
        standalone = _standalone(m)
        if _in_headline(ctx, m) and not standalone:
            continue  # a headline restates the article's first sentence
        if not (standalone or facts.signed or rel.kind == "ratify"):
            pending.append(m)  # named in passing; a later "the agreement was signed …" may take it up
            continue
        rec = _record(out, m, facts)
        if standalone and not facts.parties and not facts.signed:
            facts.parties = _acting_states(ctx, m)
        _apply(ctx, rec, m, facts, dateline)
        if facts.signed:
            signed.append(rec)
    _decisions(ctx, out, cands)
    _charters(ctx, out, cands)
    _inherit_parties(ctx, out, signed)
    _acronym_aliases(out, unsigned)
    for a in out:  # every name the article gives an agreement is an alias of each of its records
        for b in out:
            if a is not b and fold_name(a.name) == fold_name(b.name):
                a.aliases.extend(x for x in b.aliases if x not in a.aliases)
    return out


def _founding_act(ctx: DocContext, m: Mention, out: list[Agreement]) -> Agreement | None:
    """"The SCO set up a cyber security centre in Bishkek on May 4, 2015, and the agreement came
    into force …": a definite "the agreement" after an act of founding in its own sentence is the
    founding agreement ("SCO cyber security agreement"), dated and placed by the founding clause."""
    if m.head.lower_ in ANAPHOR_HEADS or m.head.lower_ == "it" or not any(c.lower_ == "the" for c in m.head.children):
        return None
    doc = ctx.spacy_doc
    verbs = [t for t in doc.char_span(m.info.start, m.start, alignment_mode="contract") or []
             if t.pos_ == "VERB" and t.lemma_.lower() in ESTABLISH_VERBS and not _planned(t)]
    for verb in reversed(verbs):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None:
            continue
        founders = [h.key for h in m.info.hits_in(*_span(list(subj.subtree)), "ORG", "COUNTRY")]
        mods = [t.text for t in obj.lefts if t.dep_ in ("compound", "amod") and t.lower_ not in DROPPED]
        if not founders or not mods:
            continue
        name = f"{founders[0]} {' '.join(mods)} {m.head.lower_}"
        if any(fold_name(a.name) == fold_name(name) for a in out):
            return None
        toks = _clause_tokens(verb)
        lo, hi = _span(toks)
        rec = Agreement(name=name, parties=list(dict.fromkeys(founders)))
        rec.date = _pick_date([t for t in m.info.times if lo <= t.start < hi and t.start < m.start],
                              ctx.document.text, m.info.start)
        rec.place = _place_in(ctx, m.info, lo, min(hi, m.start))
        ev = ctx.evidence(verb.idx, m.end, m.info.sentence)
        for key in ("", "parties", "date", "place"):
            rec.add_evidence(key, ev)
        out.append(rec)
        return rec
    return None


def _acronym_aliases(out: list[Agreement], unsigned: list[Mention]) -> None:
    """"the XRF treaty" that one state refused to sign and "the XRF agreement" another signed are
    one agreement: an acronym-and-head mention is an alias of the record with the same acronym."""
    for m in unsigned:
        words = m.names[0].split()
        if len(words) != 2 or not words[0].isupper():
            continue
        rec = next((a for a in out if a.name.split()[0] == words[0] and len(a.name.split()) == 2), None)
        if rec is not None and m.names[0] != rec.name and m.names[0] not in rec.aliases:
            rec.aliases.append(m.names[0])


def _in_headline(ctx: DocContext, m: Mention) -> bool:
    """Is the mention in a headline (the document's first line, without a closing full stop)?"""
    first = ctx.document.text.lstrip().split("\n", 1)[0]
    return m.info.sentence.index == 0 and "\n" in ctx.document.text.strip() and not first.rstrip().endswith((".", "!", "?"))


def _record(out: list[Agreement], m: Mention, facts: Facts) -> Agreement:
    """The record a named mention adds to (same name and year), created when new."""
    name, aliases = _canonical(m.names)
    date_ = facts.date or m.year
    rec = next((a for a in out if fold_name(a.name) == fold_name(name)
                and (a.date is None or date_ is None or a.date.year == date_.year)), None)
    if rec is None:
        rec = Agreement(name=name, aliases=[])
        out.append(rec)
    for a in aliases:
        if a not in rec.aliases and fold_name(a) != fold_name(rec.name):
            rec.aliases.append(a)
    if m.year is not None and facts.date is None:
        facts.date = m.year
    return rec


def _apply(ctx: DocContext, rec: Agreement, m: Mention, f: Facts, dateline: str | None) -> None:
    ev = ctx.evidence(m.start, m.end, m.info.sentence)
    rec.add_evidence("", ev)
    if f.date and (rec.date is None or (rec.date.year == f.date.year and len(f.date.value) > len(rec.date.value))
                   or (rec.date.rule == "dateline" and f.date.rule != "dateline")):
        rec.date = f.date
        rec.add_evidence("date", ev)
    place = f.place
    if place is None and f.signed:
        place = _visit_place(ctx, m.info)
        if place is None and dateline and (_near_publication(ctx, rec.date) or
                                           (rec.date is None and m.info.paragraph <= 1)):
            place = dateline
    first = rec.name.split()[0]
    if place is None and ctx.gaz.terms.get(first, ("",))[0] in ("CAPITAL", "PLACE"):
        place = first  # "the Riga Protocol"
    if place and rec.place is None:
        rec.place = place
        rec.add_evidence("place", ev)
        if fold_name(rec.name) in {fold_name(h) for h in HEADS} | {f"joint {h}" for h in HEADS}:
            rec.aliases.append(rec.name)  # "a joint statement" signed in Singapore: the Singapore joint statement
            rec.name = f"{place} {rec.name[:1].lower()}{rec.name[1:]}"
    parties = list(f.parties)
    if f.signed:
        k = _known().get(fold_name(rec.name))
        if k and k.get("organization") and parties and k["organization"] not in parties:
            parties.append(str(k["organization"]))
    if f.signed and f.partner_only and len(parties) == 1 and all(p in ctx.gaz.country for p in parties):
        others = [c for c in _context_countries(ctx, m.info, 3) if c not in parties]
        parties += others[:1]
    if f.signed and not parties and not rec.parties:
        two = _context_countries(ctx, m.info, 3)
        sentence_countries = {h.key for h in m.info.hits if h.label in ("COUNTRY", "DEMONYM")}
        if len(sentence_countries) == 2:
            parties = [c for c in two if c in sentence_countries]
    for p in parties:
        if p not in rec.parties:
            rec.parties.append(p)
            rec.add_evidence("parties", ev)


def _antecedent(ctx: DocContext, out: list[Agreement], pending: list[Mention], m: Mention,
                same_head: bool = False) -> Agreement | None:
    """The agreement a definite reference ("the plan", "the document", "it") points back to: the
    last one named before it with the same head word, else (for "the document", "it") the last one."""
    head = m.head.lemma_.lower()
    cands: list[tuple[int, Agreement | Mention]] = []
    for a in out:
        spans = [e.start for e in a.evidence.get("", []) if e.start < m.start]
        if spans:
            cands.append((max(spans), a))
    cands += [(p.start, p) for p in pending if p.start < m.start and not p.similar]
    cands.sort(key=lambda c: c[0])

    def heads_of(c: Agreement | Mention) -> set[str]:
        if isinstance(c, Mention):
            return {c.head.lemma_.lower()}
        return {w.lower() for n in (c.name, *c.aliases) for w in n.split()}

    same = [c for _, c in cands if head in heads_of(c)]
    pick: Agreement | Mention | None = same[-1] if same else None
    if pick is None and not same_head and (head not in HEADS or m.head.lower_ in ANAPHOR_HEADS):
        pick = cands[-1][1] if cands else None
    if isinstance(pick, Mention):
        pending.remove(pick)
        facts = _facts(ctx, pick, _relation(pick))
        rec = _record(out, pick, facts)
        _apply(ctx, rec, pick, facts, None)
        return rec
    return pick


_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "on", "in", "for", "to", "and", "field", "area", "sphere", "domain"})


def _content(name: str) -> set[str]:
    words = {w.strip("-").rstrip("s") for w in re.split(r"[\s-]+", fold_name(name))}
    return words - _FUNCTION_WORDS - {""}


def _described_before(out: list[Agreement], m: Mention) -> Agreement | None:
    """The record a definite description re-describes: same head word and the same content words
    ("a defence cooperation agreement" … "the agreement on cooperation in the field of defence")."""
    head = m.head.lemma_.lower()
    mine = _content(m.names[0])
    for rec in reversed(out):
        theirs = _content(rec.name)
        if head in theirs and len(theirs) >= 3 and theirs == mine and fold_name(rec.name) != fold_name(m.names[0]):
            return rec
    return None


def _canonical(names: list[str]) -> tuple[str, list[str]]:
    known = _known()
    for n in names:
        k = known.get(fold_name(n))
        if k is not None:
            aliases = [str(x) for x in k["aliases"]] + [x for x in names if fold_name(x) != fold_name(str(k["name"]))]
            return str(k["name"]), list(dict.fromkeys(aliases))
    return names[0], names[1:]


def _similar_records(ctx: DocContext, m: Mention, rel: Relation, out: list[Agreement]) -> None:
    """"had signed similar accords with Ukraine in 2015 and with Poland last year": a record per partner."""
    verb = rel.verb
    info = m.info
    text = ctx.document.text
    base = []
    for c in verb.children:
        if c.dep_ == "nsubj":
            base = _subject_parties(ctx, info, c)
    withs = [t for t in verb.subtree if t.lower_ == "with" and t.dep_ in ("prep", "conj") and t.idx > m.start]
    if not withs or not out:
        return
    antecedent = out[-1]
    for k, w in enumerate(withs):
        lo = w.idx
        hi = withs[k + 1].idx if k + 1 < len(withs) else _span(list(verb.subtree))[1]
        partners = [p for p in _countries_in(ctx, info, lo, hi) if p not in base]
        if not partners:
            continue
        date_ = _pick_date([t for t in info.times if lo <= t.start < hi], text, info.start)
        if date_ is None or not base:
            continue  # "the first country to conclude such a pact with X": no second agreement told
        surface = next((h.text for h in info.hits_in(lo, hi, "COUNTRY") if h.key == partners[0]), partners[0])
        label = "-".join([base[0], surface])
        tail = antecedent.name if antecedent.name.split()[0].isupper() or len(antecedent.name.split()) > 1 and \
            antecedent.name.split()[1][:1].isupper() else antecedent.name[:1].lower() + antecedent.name[1:]
        name = f"{label} {tail}"
        rec = Agreement(name=name, aliases=[], parties=list(dict.fromkeys(base[:1] + partners)), date=date_)
        ev = ctx.evidence(lo, hi, info.sentence)
        rec.add_evidence("", ev)
        rec.add_evidence("parties", ev)
        if date_:
            rec.add_evidence("date", ev)
        out.append(rec)


def _decisions(ctx: DocContext, out: list[Agreement], cands: list[Any]) -> None:
    """"Leaders decided at their summit in Yerevan on Monday to establish a cyber centre": a decision."""
    doc = ctx.spacy_doc
    text = ctx.document.text
    starts = [s.start for s in ctx.sents]
    for verb in cands:
        if verb.lemma_.lower() not in DECIDE_VERBS or verb.pos_ != "VERB" or _planned(verb):
            continue
        for x in verb.children:
            if x.dep_ != "xcomp" or x.lemma_.lower() not in ESTABLISH_VERBS:
                continue
            obj = next((c for c in x.children if c.dep_ == "dobj"), None)
            if obj is None:
                continue
            info = ctx.sents[max(0, bisect_right(starts, verb.idx) - 1)]
            first = min(t.i for t in obj.subtree if t.i >= obj.left_edge.i)
            last = _right(ctx, info, obj)
            lo, hi = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
            full = f"Decision to {x.text} {text[lo:hi]}"
            name = f"Decision to {x.text} {text[lo:obj.idx + len(obj)]}"
            toks = _clause_tokens(verb, (x.idx, hi))
            c_lo, c_hi = _span(toks)
            inside = [t for t in info.times if c_lo <= t.start < c_hi and not (x.idx <= t.start < hi)]
            rec = Agreement(name=name, aliases=[full] if full != name else [])
            rec.date = _pick_date(inside, text, info.start)
            place = None
            for t in toks:
                if t.lower_ in ("in", "at") and t.dep_ == "prep":
                    place = _place_in(ctx, info, t.idx, _span(list(t.subtree))[1])
                    if place:
                        break
            rec.place = place
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                rec.parties = [p for p in _subject_parties(ctx, info, subj)]
            ev = ctx.evidence(verb.idx, hi, info.sentence)
            for key in ("", "date", "place", "parties"):
                rec.add_evidence(key, ev)
            out.append(rec)


def _charters(ctx: DocContext, out: list[Agreement], cands: list[Any]) -> None:
    """"ORG was established by a charter … signed in June 2002 in CITY": the ORG Charter."""
    starts = [s.start for s in ctx.sents]
    for tok in cands:
        if tok.dep_ != "pobj" or tok.head.dep_ != "agent" or tok.lemma_.lower() not in HEADS:
            continue
        verb = tok.head.head
        if verb.lemma_.lower() not in ESTABLISH_VERBS:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        info = ctx.sents[max(0, bisect_right(starts, tok.idx) - 1)]
        orgs = info.hits_in(subj.idx, subj.idx + len(subj), "ORG") if subj is not None else []
        if not orgs:
            continue
        name = f"{orgs[0].key} {tok.text.capitalize()}"
        rec = next((a for a in out if fold_name(a.name) == fold_name(name)), None)
        known = _known().get(fold_name(name))
        if known is not None:
            name = str(known["name"])
            rec = rec or next((a for a in out if fold_name(a.name) == fold_name(name)), None)
        if rec is None:
            rec = Agreement(name=name)
            out.append(rec)
        rest = ctx.spacy_doc.char_span(tok.idx, info.sentence.end, alignment_mode="contract") or []
        signs = [t for t in rest if t.lemma_.lower() in SIGN_VERBS]
        ev = ctx.evidence(subj.idx, tok.idx + len(tok), info.sentence)
        rec.add_evidence("", ev)
        if signs:
            toks = _clause_tokens(signs[0])
            lo, hi = _span(toks)
            d = _pick_date([t for t in info.times if lo <= t.start < hi], ctx.document.text, info.start)
            if d and rec.date is None:
                rec.date = d
                rec.add_evidence("date", ev)
            place = _place_in(ctx, info, lo, hi)
            if place and rec.place is None:
                rec.place = place
                rec.add_evidence("place", ev)


def _inherit_parties(ctx: DocContext, out: list[Agreement], signed: list[Agreement]) -> None:
    """Agreements named beside a signing ("… signed a protocol amending the 2015 agreement on X")
    without parties of their own are between the same parties; records of one name share parties."""
    for rec in out:
        if rec.parties:
            continue
        same = [a for a in out if a is not rec and fold_name(a.name) == fold_name(rec.name) and a.parties]
        if same:
            rec.parties = list(same[0].parties)
            continue
        mine = {e.sentence_index for e in rec.evidence.get("", [])}
        own_signing = any(rec is x for x in signed)

        def near(a: Agreement) -> bool:
            """Named in the donor's sentence, or (when not signed on its own) in the next one."""
            theirs = {e.sentence_index for e in a.evidence.get("", [])}
            return bool(mine & theirs) or (not own_signing and any(i - 1 in theirs for i in mine))

        donors = [a for a in out if a is not rec and a.parties and any(a is x for x in signed) and near(a)]
        if donors and len(donors[0].parties) >= 2:
            rec.parties = list(donors[0].parties)
            for e in donors[0].evidence.get("parties", [])[:1]:
                rec.add_evidence("parties", e)
