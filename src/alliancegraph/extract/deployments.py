"""Deployments: forces sent into another state's territory — who sent them, where, at whose
request, when they arrived and left, how many. Pure: DocContext in, Deployment records out.

Mentions, each read by small functions over the sentence, spaCy's parse and the gazetteer:

* Movements (``_sending``, ``_arrival``, ``_requested``, ``_withdrawal``, ``_missions_in``):
  "sent/dispatched/deployed (N) troops to X", "N soldiers arrived in X", "missions in A, B and
  C" (one deployment per host), "the arrival/presence of ORG troops in X", "withdrew troops
  from X", "X appealed to ORG for peacekeepers".
* Lasting presences (``_standing``, ``_base_phrases``, ``_strength``): a force phrase (base,
  battlegroup, air group, contingent, mission …) with a stationing, serving, holding, hosting or
  opening verb ("stationed in A and B since 2017" → one record per host, "which opened in 2009",
  "have served in X since 2011", "the bloc has kept a mission in X", "Belarus hosts a Russian
  base"), a foreign base named by its phrase ("Russia's 201st base in Tajikistan"), and a
  mission with its total strength ("the UN Mission in X (ACR) numbers about N troops").
* Follow-up sentences about the force just told (``_follow_up``): its composition ("the force
  includes units of A and B", also inside a quotation), its own name ("known as …"), its size,
  an earlier arrival, who asked for it.

Attributes: senders from the force's phrase and subject (demonyms, "X-led", "led by X", "the
bloc", capitals and seats of government); host from "to/in/at X", possessives ("X's Y
province"), known places, ISO 3166-2 regions and mission hosts in forces.json; start from the
clause's date, "since …", "opened in …", "from … to …"; requester after "at the request of" or
as the request verb's subject. Names are the text's noun phrase ("Mongolian peacekeeping
company"), prefixed with the sender when the phrase names none ("SADC standby brigade").

Real reporting: an opening dateline/agency tag ("CITY, 3 May, (Agency): …") gives neither a name
nor a start; a state told in the present ("N troops are stationed in X", "the presence of X's
base in Y", "X is home to …") starts only where the text says so ("since …", "opened in …"),
never at a signing, a ratification or the report's date; each clause keeps its own date ("X in
1961, while Y … in 1982"); a unit sent "as part of the rotation of its N-strong contingent" or
"as part of an N-member force" is recorded as that force with its size (a rotation's date is not
its start); countries after "in response to" or in a possessive before a non-place ("Russia's
intervention") are no destination; tolls ("N soldiers have died") are no size.

Not deployments: negated, hypothetical or requested-and-refused sending ("does not plan to",
"could station", "sought approval to base", "but the bloc declined"), troops that come
for an exercise. Cue words live in ``data/cues/deployments.json``. Mentions in one document with
the same host, compatible senders and start year are one deployment.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from ..models import DateValue, Deployment
from ..nlp.gazetteer import Hit
from .context import EXERCISE_WORD, DocContext, SentenceInfo
from .lexicon import cue_pattern, cue_words, cues
from .people import People

_C = "deployments"


@cache
def _re(key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{cue_pattern(_C, key)})\b", re.I)


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in cue_words(_C, key))


def _force_re() -> re.Pattern[str]:
    return _re("force_nouns")


# ---------------------------------------------------------------- gazetteer helpers


def _force_owner(ctx: DocContext, h: Hit) -> str | None:
    force = ctx.gaz.forces.get(h.key, {})
    return force.get("country") or force.get("organization")


def _hit_country(ctx: DocContext, h: Hit) -> str | None:
    """The state a country, capital or known place hit lies in."""
    if h.label == "COUNTRY":
        return h.key
    if h.label in ("CAPITAL", "PLACE"):
        return (ctx.gaz.places.get(h.key) or {}).get("country") or next(
            (c["name"] for c in ctx.gaz.country.values() if h.text in c.get("capitals", [])), None)
    return None


_PROPER = re.compile(r"(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+")


def _region_country(ctx: DocContext, text: str) -> str | None:
    """A region named at the start of ``text`` -> its state: "Nord-Kivu", "Tillabéri
    province" (ISO 3166-2 names that belong to one country)."""
    m = _PROPER.match(text)
    if not m:
        return None
    words = m.group(0).split()
    region_noun = bool(re.match(rf"\s+(?:{cue_pattern(_C, 'region_nouns')})\b", text[m.end():], re.I))
    for n in range(len(words), 0, -1):
        country = ctx.gaz.subdivision_country(" ".join(words[:n]))
        if country and (n > 1 or region_noun):
            return country
    return None


def _hosts_at(ctx: DocContext, info: SentenceInfo, start: int, limit: int = 25) -> list[tuple[str, Hit, int]]:
    """The state named right at ``start`` — a country ("Lebanon", "Mali's Mopti
    region"), a capital or known place ("Kant"), a demonym before capital/territory, or an
    ISO region ("Nord-Kivu") — and any countries coordinated with it ("Latvia and
    Estonia"). Returns (country, hit, end offset)."""
    text = ctx.document.text
    out: list[tuple[str, Hit, int]] = []
    pos = start
    while True:
        got = None
        mission = next((h for h in info.hits if h.label == "FORCE" and h.start <= pos < h.end), None)
        if mission is not None and ctx.gaz.forces.get(mission.key, {}).get("host"):
            got = (ctx.gaz.forces[mission.key]["host"], mission, mission.end)  # "the UN mission in Mali"
        for h in info.hits_in(pos, info.sentence.end, "COUNTRY", "DEMONYM", "CAPITAL", "PLACE", "FORCE"):
            if got is not None:
                break
            if h.start - pos >= limit:
                break
            country = _hit_country(ctx, h)
            if h.label == "FORCE" and pos <= h.start:
                country = ctx.gaz.forces.get(h.key, {}).get("host")  # "to UNIFIL", "to the 201st base"
            if h.label == "DEMONYM" and re.match(rf"\s+(?:{cue_pattern(_C, 'territory_nouns')})\b", text[h.end:h.end + 12],
                                                 re.I):  # "the Gambian capital"
                country = h.key
            if country and not _possessed_thing(text, h.end, info.sentence.end):
                got = (country, h, h.end)
            break
        if got is None and pos - start < 2:
            region = _region_country(ctx, text[pos:info.sentence.end])
            if region:
                end = pos + len(_PROPER.match(text[pos:]).group(0))  # type: ignore[union-attr]
                got = (region, Hit(pos, end, "PLACE", region, text[pos:end]), end)
        if got is None:
            return out
        if got[0] not in [c for c, _, _ in out]:
            out.append(got)
        more = re.match(rf"(?:\s+(?:{cue_pattern(_C, 'region_nouns')}))?\s*(?:,\s*and\b|,|\band\b)\s*(?:the\s+)?",
                        text[got[2]:info.sentence.end], re.I)
        if not more:
            return out
        pos, limit = got[2] + more.end(), 3


def _possessed_thing(text: str, end: int, limit: int) -> bool:
    """"Russia's intervention", "Lithuania's decision": a country in the possessive before a thing
    that is no place is not where a force goes ("Niger's Tillabéri region", "Mali's
    troubled region of Darfur" are)."""
    m = re.match(r"['’]s\s+((?:[\w-]+[ \t]+){0,3}[\w-]+)\b", text[end:limit])
    if not m:
        return False
    words = m.group(1).split()
    places = _words("region_nouns") | _words("territory_nouns")
    for i in range(len(words)):
        if words[i][:1].isupper() or words[i].lower() in places:
            return False
    return True


_TO = re.compile(r"\b(?:to|in|into|inside|within|for|on\s+the\s+territory\s+of|entered)\s+(?:the\s+)?")
_FROM = re.compile(r"\b(?:from|left|out\s+of)\s+(?:the\s+)?")


def _host_after(ctx: DocContext, info: SentenceInfo, pos: int, limit: int = 160,
                leaving: bool = False) -> list[tuple[str, Hit]]:
    """The country a force goes to ("to Lebanon", "into the Gambian capital, Banjul", "in Iraq")
    or, when ``leaving``, leaves ("left Kazakhstan", "from Afghanistan"). "from A, B and C"
    after a force noun names senders, not the host."""
    text = ctx.document.text
    end = min(info.sentence.end, pos + limit)
    reason = _re("reason_phrases").search(text, pos, end)  # "… in response to X's intervention in Y"
    end = reason.start() if reason else end
    for m in (_FROM if leaving else _TO).finditer(text, pos, end):
        found = _hosts_at(ctx, info, m.end())
        if found:
            return [(c, h) for c, h, _ in found]  # "to A, B and C": every host of the list
    return []


def _main_country(ctx: DocContext, exclude: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    """The country the article names most often (first named wins a tie)."""
    hits = [h.key for s in ctx.sents for h in s.hits if h.label in ("COUNTRY", "DEMONYM") and h.key not in exclude]
    counts = Counter(hits)
    return max(counts, key=lambda k: (counts[k], -hits.index(k))) if counts else None


# ---------------------------------------------------------------- senders


def _framework(text: str, h: Hit) -> bool:
    """"under UN auspices", "under the aegis of the OSCE": a framework, not a sender."""
    nouns = cue_pattern(_C, "framework_nouns")
    return bool(re.match(rf"\s+(?:{nouns})\b", text[h.end:h.end + 12], re.I)
                or re.search(rf"(?:{nouns})\s+of\s+(?:the\s+)?$", text[max(0, h.start - 25):h.start], re.I))


def _senders(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, Hit]]:
    """Organizations, forces' owners and countries (by name or demonym) in a span."""
    out: list[tuple[str, Hit]] = []
    for h in info.hits_in(start, end, "ORG", "FORCE", "COUNTRY", "DEMONYM"):
        if _framework(ctx.document.text, h):
            continue
        key = _force_owner(ctx, h) if h.label == "FORCE" else h.key
        if key and key not in [k for k, _ in out]:
            out.append((key, h))
    return out


def _anaphoric_org(ctx: DocContext, info: SentenceInfo, pos: int) -> str | None:
    """"the bloc", "the alliance's": the organization named last before ``pos`` in this
    sentence or the ones before."""
    for s in reversed(ctx.sents[:info.sentence.index + 1]):
        orgs = [h.key for h in s.hits if h.label == "ORG" and h.end <= pos
                and ctx.gaz.orgs[h.key].get("kind") not in _words("anaphor_excluded_kinds")]
        if orgs:
            return orgs[-1]
    return None


def _anaphoric_sender(ctx: DocContext, info: SentenceInfo, before: str) -> list[str]:
    """"The bloc answered by sending …", "the alliance's pull-out"."""
    m = None
    for m in re.finditer(rf"\bthe\s+(?:{cue_pattern(_C, 'org_anaphors')})\b", before, re.I):
        pass
    if m is None:
        return []
    org = _anaphoric_org(ctx, info, info.start + m.start())
    return [org] if org else []


def _phrase_senders(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[str]:
    """Senders named inside a force's noun phrase and its "led by X" / "X-led" modifiers,
    "alliance"/"bloc" resolved to the organization named before."""
    text = ctx.document.text
    out = [k for k, _ in _senders(ctx, info, start, end)]
    for m in re.finditer(r"(?<=[-–/])[A-Z]{2,}\b", text[start:end]):  # "African Union-UN": joined acronyms
        term = ctx.gaz.terms.get(m.group(0))
        if term and term[0] == "ORG" and term[1] not in out:
            out.append(term[1])
    led = re.search(r"\bled\s+by\s+(?:the\s+)?", text[end:min(info.sentence.end, end + 30)])
    if led:
        out += [k for k, _ in _senders(ctx, info, end + led.end(), end + led.end() + 20)][:1]
    if re.search(rf"\b(?:{cue_pattern(_C, 'org_anaphors')})\b", text[start:end], re.I):
        org = _anaphoric_org(ctx, info, start)
        if org:
            out.insert(0, org)
    orgs = [k for k in out if k in ctx.gaz.orgs]
    return list(dict.fromkeys(orgs + [k for k in out if k not in orgs]))


# ---------------------------------------------------------------- names


def _chunk_of(tok: Any) -> Any:
    """The noun phrase headed by ``tok``: its left modifiers (without clauses) and the token. A
    noun phrase never reaches over a colon, a closing bracket or a dash (a dateline or agency tag
    before it: "CITY, 3 May, (Agency): Troops")."""
    left = [t for t in tok.lefts if t.dep_ not in ("relcl", "acl", "punct", "cc", "appos")]
    start = min([t.left_edge.i for t in left] + [tok.i])
    cut = [t.i + 1 for t in tok.doc[start:tok.i] if t.is_punct and re.search(r"[:)–—/]|--", t.text)]
    return tok.doc[max([start, *cut]):tok.i + 1]


def _head_noun(ctx: DocContext, start: int, end: int, key: str = "force_nouns") -> Any:
    """The first token in [start, end) that heads a force noun phrase."""
    doc = ctx.spacy_doc
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    heads = _words(key)
    for t in span:
        if t.pos_ in ("NOUN", "PROPN") and (t.lower_ in heads or t.lemma_.lower() in heads) \
                and not (t.dep_ == "compound" and t.head.pos_ == "NOUN" and t.head.i < span.end):
            if t.lemma_.lower() == "group" and not any(c.dep_ in ("compound", "amod") for c in t.lefts):
                continue
            return t
    return None


def _label(ctx: DocContext, sender: str) -> str:
    """How a name refers to a sender: an organization's acronym, a country's short capital
    alias (US, UK) or its demonym ("Russian")."""
    if sender in ctx.gaz.orgs:
        return sender
    c = ctx.gaz.country.get(sender, {})
    short = [a for a in c.get("aliases", []) if a.isalpha() and a.isupper() and len(a) <= 3]
    if short:
        return short[0]
    return (c.get("demonyms") or [sender])[0]


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third", re.I)


def _phrase_name(ctx: DocContext, head: Any, senders: list[str], singular: bool = False) -> str:
    """The force as the text names it: its noun phrase without determiners, numbers,
    quantifiers and reference words ("another", "similar"); a proper name keeps its "in X"
    ("United Nations Mission in Liberia"); prefixed with the sender when the phrase names
    none ("SADC standby brigade")."""
    chunk = _chunk_of(head)
    drop = _words("reference_modifiers") | _words("org_anaphors")
    words: list[str] = []
    kept: list[Any] = []
    for t in chunk:
        if _ORDINAL.fullmatch(t.text):
            words.append(t.text_with_ws)
            kept.append(t)
            continue
        if t.i < head.i and (t.dep_ in ("det", "poss", "nummod", "quantmod", "case", "predet", "advmod")
                             or t.like_num or t.pos_ in ("NUM", "PRON", "DET") or t.lower_ in drop):
            if t.pos_ == "NUM" or t.like_num:
                words, kept = [], []
            continue
        if t.lower_ in drop or t.lower_ in ("-", *_SIZE_WORDS) and t.i > chunk.start and (
                t.nbor(-1).like_num or t.nbor(-1).text == "-"):
            continue
        text = t.lemma_ if singular and t.i == head.i and t.tag_ in ("NNS", "NNPS") else t.text
        after_tag = t.i > 0 and t.nbor(-1).is_punct and re.search(r"[:)]", t.nbor(-1).text)
        if (t.is_sent_start or after_tag) and t.pos_ == "NOUN" and not _doc_hits(ctx, t.idx, t.idx + len(t.text)):
            text = text.lower()
        words.append(text + t.whitespace_ if t.i < head.i else text)
        kept.append(t)
    name = re.sub(r"\S+[-–]led\s+", "", "".join(words).strip())
    proper = head.pos_ == "PROPN" or head.text[:1].isupper() and not head.is_sent_start
    if proper:
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "for", "of"):
                obj = [c for c in prep.children if c.dep_ == "pobj"]
                if obj and obj[0].text[:1].isupper():
                    name += " " + head.doc[prep.i:obj[0].i + 1].text
                break
    lo = name.lower()
    led = {t.i for t in kept if t.lower_ == "led" and t.i > 0} | {  # "German-led": removed from the name
        t.i for t in kept if t.i + 2 < len(t.doc) and t.nbor(1).text in "-–" and t.nbor(2).lower_ == "led"}
    named = bool(kept) and any(h.label in ("ORG", "COUNTRY", "DEMONYM", "FORCE") and any(
        h.start <= t.idx < h.end and t.i not in led for t in kept)
        for h in _doc_hits(ctx, kept[0].idx, kept[-1].idx + len(kept[-1])))
    own_name = any(t.pos_ == "PROPN" and t.i not in led for t in kept)  # "the Karshi-Khanabad air base"
    if senders and not named and not proper and not own_name and (len(senders) == 1 or senders[0] in ctx.gaz.orgs):
        name = f"{_label(ctx, senders[0])} {name}"
    return name if lo else ""


def _doc_hits(ctx: DocContext, start: int, end: int) -> list[Hit]:
    return [h for s in ctx.sents if s.start <= start < s.sentence.end for h in s.hits_in(start, end)]


def _name(ctx: DocContext, senders: list[str], force: str | None, noun: str, un: bool) -> str:
    """A name built from the sender and a force noun where the text gives no phrase."""
    if force and un:
        return f"{force} UN mission"
    lead = force or next((s for s in senders if s in ctx.gaz.orgs), None) or (senders[0] if senders else "")
    noun = " ".join(noun.lower().split()) or "troops"
    return f"{_label(ctx, lead)} {noun}".strip() if lead else noun


# ---------------------------------------------------------------- attributes


def _clause_end(s: str, pos: int) -> int:
    m = re.search(r"[;.]|,\s*(?:but|while|although|which|after|before|when|as)\b", s[pos:])
    return pos + m.start() if m else len(s)


def _clause_around(s: str, pos: int) -> tuple[int, int]:
    """The clause of a sentence around ``pos``: between semicolons and ", while/but/although"."""
    cut = re.compile(r";|,\s*(?:while|but|although|whereas)\b")
    start = max([m.end() for m in cut.finditer(s, 0, pos)], default=0)
    nxt = cut.search(s, pos)
    return start, nxt.start() if nxt else len(s)


def _for_exercise(ctx: DocContext, info: SentenceInfo, start: int) -> bool:
    """Troops that come for drills: "landed … for the X exercise", "arrived … for <series name>",
    "left … to take part in the drills" (from ``start`` to the end of the sentence)."""
    text = ctx.document.text
    s = text[start:info.sentence.end]
    rotation = _re("rotation_words")
    mentions = [m.start() for m in EXERCISE_WORD.finditer(s)
                if not rotation.search(s[max(0, m.start() - 25):m.start()])]  # "a rotation exercise"
    mentions += [h.start - start for h in info.hits_in(start, info.sentence.end, "SERIES")]
    if not mentions:
        return False
    return bool(_re("purpose_cues").search(s)) or any(
        re.search(r"\bfor\b[^,;]{0,60}$", s[:pos]) for pos in mentions)


def _hypothetical(tok: Any) -> bool:
    """A sending verb under a modal ("could station") or a noun/verb of intent ("asked for
    approval to base", "plans to send", "a proposal to deploy")."""
    if tok is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ in _words("hypothetical_modals") for c in tok.children):
        return True
    t = tok
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acl", "advcl", "ccomp", "relcl") or t.head is t:
            break
        t = t.head
        if t.lemma_.lower() in _words("hypothetical_heads") or t.lower_ in _words("hypothetical_heads"):
            return True
        if any(c.dep_ in ("dobj", "prep") and c.lemma_.lower() in _words("hypothetical_heads") for c in t.children):
            return True
    return False


def _negated(tok: Any, before: str) -> bool:
    """Is the verb negated — "did not send", "does not plan to send", "refused to deploy"? On
    the parse when there is one (a negation inside a relative clause before it does not count),
    else a negation word shortly before."""
    neg = re.compile(rf"(?:{cue_pattern(_C, 'negation')})", re.I)
    if tok is None:
        return bool(re.search(rf"\b(?:{neg.pattern})\b[^.;]{{0,40}}$", before, re.I))
    t = tok
    for _ in range(4):
        if any(c.dep_ == "neg" for c in t.children) or (t is not tok and neg.fullmatch(t.lemma_)):
            return True
        if t.dep_ not in ("xcomp", "ccomp") or t.head is t:
            return False
        t = t.head
    return False


_DATELINE = re.compile(r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3},\s+[^:\n]{0,40}?\d[^:\n]{0,40}?"
                       r"(?:\)\s*:|:|\s[-–—]{1,2}\s|/\.)\s*")


def _dateline_end(info: SentenceInfo) -> int:
    """Document offset where an opening dateline/agency tag of the sentence ends ("CITY, 31 May,
    (Agency): …", "CITY, May 2, 2013, Agency – …"), else the sentence start. The report's date
    is never a deployment's start, nor the dateline a force's name."""
    m = _DATELINE.match(info.text)
    return info.start + m.end() if m else info.start


def _start_time(info: SentenceInfo, start: int | None = None, end: int | None = None) -> DateValue | None:
    """The first dated expression of the clause (a bare year only after "in"/"since"), never a
    dateline's date."""
    skip = _dateline_end(info)
    for t in info.times:
        if (start is not None and t.start < start) or (end is not None and t.start >= end) or t.start < skip:
            continue
        if t.begin.precision != "year" or re.search(r"\b(?:in|since)\s+$", info.text[:t.start - info.start]):
            return t.begin
    return None


def _since_time(info: SentenceInfo) -> DateValue | None:
    """A state ("the presence of X troops in Y", "N troops are stationed in Y") starts only where
    the text says so ("since 2019"); the date of the clause (a signing, a ratification, the
    report) is not its start."""
    return next((t.begin for t in info.times if re.search(r"\bsince\s+(?:the\s+)?$",
                                                          info.text[:t.start - info.start], re.I)), None)


def _same_year(ctx: DocContext, info: SentenceInfo, t_text: str) -> DateValue | None:
    """"since the same year": the year of the last date told before."""
    if "same" not in t_text.lower():
        return None
    for s in reversed(ctx.sents[:info.sentence.index + 1]):
        for t in reversed(s.times):
            if "same" not in ctx.document.text[t.start:t.end].lower():
                return DateValue(t.begin.value[:4], "year")
    return None


_SIZE_WORDS = ("strong", "member", "person", "man")  # "a 450-member contingent"
_MEMBERS = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+members\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
                      r"(?:army|armed\s+forces|navy|air\s+force|military|defen[cs]e\s+forces?)\b", re.I)


def _figures(ctx: DocContext, info: SentenceInfo, rec: Deployment, start: int, end: int) -> None:
    for f in info.figures:
        if start <= f.start < end and f.kind == "personnel" and rec.personnel is None:
            rec.personnel = f.value
            rec.add_evidence("personnel", ctx.evidence(f.start, f.end, info.sentence))
            return
    m = re.search(rf"\b(\d{{1,3}}(?:,\d{{3}})+|\d+)[-\s]+(?:{'|'.join(_SIZE_WORDS)})\b", ctx.document.text[start:end]) \
        or _MEMBERS.search(ctx.document.text[start:end])
    if m and rec.personnel is None:
        rec.personnel = int(m.group(1).replace(",", ""))
        rec.add_evidence("personnel", ctx.evidence(start + m.start(), start + m.end(), info.sentence))


# ---------------------------------------------------------------- requests


@cache
def _seats() -> dict[str, str]:
    seats = cues(_C)["government_seats"]
    assert isinstance(seats, dict)
    return {str(k): str(v) for k, v in seats.items()}


@cache
def _request_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    objects = cue_pattern(_C, "request_objects")
    verb = re.compile(rf"\b(?:{cue_pattern(_C, 'request_verbs')})\b(?=[^.;]{{0,60}}\b(?:{objects}|"
                      rf"{cue_pattern(_C, 'force_nouns')})\b)", re.I)
    return verb, _re("request_phrases")


def _request(s: str) -> re.Match[str] | None:
    """A request for forces: "appealed to X for help", "at the request of", "requested by"."""
    verb, phrase = _request_patterns()
    return verb.search(s) or phrase.search(s)


def _requested_before(ctx: DocContext, info: SentenceInfo) -> bool:
    if not info.sentence.index:
        return False
    prev = ctx.sents[info.sentence.index - 1]
    m = _request(prev.text)
    return bool(m and (_force_re().search(prev.text) or _re("request_objects").search(prev.text))
                and not _negated(None, prev.text[:m.start()]))


def _requester(ctx: DocContext, info: SentenceInfo, people: People) -> str | None:
    """Who asked: "at the request of President X" / "of the Ruritanian government" (after the
    cue), or the person who "requested/appealed" (before it)."""
    m = _request(info.text)
    if not m:
        return None
    if re.match(rf"(?:{cue_pattern(_C, 'request_phrases')})", m.group(0), re.I):
        after = info.start + m.end()
        person = next((p for p in people.mentions if after <= p.start < after + 40), None)
        if person:
            return people.resolve(person.name)
        hits = info.hits_in(after, min(info.sentence.end, after + 40), "COUNTRY", "DEMONYM")
        if hits:
            return hits[0].key
        return None
    by = re.match(r"\s+by\s+", info.text[m.end():])
    if by:  # "was requested by President X"
        after = info.start + m.end() + by.end()
        person = next((p for p in people.mentions if after <= p.start < after + 40), None)
        if person:
            return people.resolve(person.name)
    verb = ctx.token_at(info.start + m.start())
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    if subj is not None:  # the asker is the request verb's subject, not the last name before it
        person = next((p for p in people.mentions if p.start <= subj.idx < p.end), None)
        if person:
            return people.resolve(person.name)
        if subj.pos_ == "PROPN":  # "Barrow, who …, had called on": a person named in full before
            name = " ".join([t.text for t in subj.lefts if t.pos_ == "PROPN" and t.dep_ == "compound"] + [subj.text])
            full = people.resolve(name)
            if full != name or subj.ent_type_ == "PERSON":
                return full
    return people.last_before(info.start + m.start(), info.start)


def _requester_country(ctx: DocContext, info: SentenceInfo) -> str | None:
    m = _request(info.text)
    if not m:
        return None
    if re.match(rf"(?:{cue_pattern(_C, 'request_phrases')})", m.group(0), re.I):
        hits = info.hits_in(info.start + m.end(), min(info.sentence.end, info.start + m.end() + 40),
                            "COUNTRY", "DEMONYM")
        return hits[0].key if hits else None
    hits = info.hits_in(info.start, info.start + m.start(), "COUNTRY", "DEMONYM")
    return hits[-1].key if hits else None


# ---------------------------------------------------------------- movements


def _missions_in(ctx: DocContext, info: SentenceInfo) -> list[Deployment]:
    """"(UN) missions in A, B and C": one deployment per host of the list."""
    s, base = info.text, info.start
    mm = re.search(r"\b(?:missions?|operations?)\s+in\s+(?:the\s+)?", s, re.I)
    if not mm or not re.search(r"\b(?:UN|United\s+Nations|peacekeeping)\b", s[:mm.end()]):
        return []
    hosts = _hosts_at(ctx, info, base + mm.end())
    senders = [k for k, _ in _senders(ctx, info, base, base + mm.start()) if k not in ctx.gaz.orgs]
    force = next((h.text for h in info.hits_in(base, base + mm.start(), "FORCE")), None)
    head = _head_noun(ctx, base, base + mm.start())
    out = []
    for country, h, end in hosts:
        name = _name(ctx, senders, force, "mission", True) if force or head is None else \
            _phrase_name(ctx, head, senders[:1])
        rec = Deployment(name=name, senders=senders[:1], host=country)
        ev = ctx.evidence(h.start, h.end, info.sentence)
        rec.add_evidence("", ev)
        rec.add_evidence("host", ev)
        if head is not None and len(hosts) == 1:
            _figures(ctx, info, rec, head.sent.start_char, base + mm.start())
        out.append(rec)
    return out


def _sending(ctx: DocContext, info: SentenceInfo, main: str | None) -> list[Deployment]:
    """"X sent/deployed (N) troops to Y", "N soldiers arrived in Y", at a request."""
    s, base, text = info.text, info.start, ctx.document.text
    for m in _re("send_verbs").finditer(s):
        pos = base + m.start()
        verb = ctx.token_at(pos)
        before = text[max(base, pos - 50):pos]
        if _negated(verb, before) or _hypothetical(verb):
            continue
        if verb is not None and verb.lemma_.lower() in _words("stationing_verbs") and (
                _since(ctx, info, verb)[2] or verb.dep_ in ("acl", "relcl")):
            continue  # a lasting presence ("stationed there since 2017", "units stationed in X"): _standing
        clause_end = _clause_end(s, m.end()) + base
        after = text[base + m.end():clause_end]
        if _for_exercise(ctx, info, base + m.end()):
            continue
        head = _verb_force(verb)
        obj = _force_re().search(after[:80])
        subj = _force_re().search(before[-40:])
        if head is None and not obj and not subj:
            continue
        hosts = _host_after(ctx, info, pos)
        if not hosts and head is not None and head.dep_ in ("nsubj", "nsubjpass"):  # "troops of the force in X
            hosts = [(c, h) for c, h, _ in _hosts_of_verb(ctx, info, head, head) if h is not None]  # began deploying"
        request = bool(_request(s))
        if not hosts and not (request or _requested_before(ctx, info)):
            continue
        prev = ctx.sents[info.sentence.index - 1] if info.sentence.index else None
        host = hosts[0][0] if hosts else (_requester_country(ctx, info) or (
            _requester_country(ctx, prev) if prev is not None and not request else None) or main)
        if not host:
            continue
        host_at = hosts[0][1].start if hosts else clause_end
        senders = [k for k in _movement_senders(ctx, info, pos, host, host_at, clause_end, request, main)
                   if k not in [c for c, _ in hosts]]
        if head is None:
            head = _head_noun(ctx, base + m.end(), clause_end) if obj else _head_noun(ctx, max(base, pos - 60), pos)
        whole_of = next((o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                         if o.dep_ == "pobj" and o.lemma_.lower() in _words("mission_nouns")), None) \
            if head is not None else None
        if whole_of is not None:  # "the first troops of the new UN force": the force is what is recorded
            name = _phrase_name(ctx, whole_of, senders)
        elif head is not None:
            name = _phrase_name(ctx, head, senders)
        else:
            name = _name(ctx, senders, None, (obj or subj).group(0) if obj or subj else "troops", False)
        rotation = _rotation(ctx, info, pos)
        whole = rotation or _part_of_sized(ctx, info, pos)
        standing = _head_noun(ctx, *whole, key="mission_nouns") if whole else None
        if standing is not None:  # "… as part of the rotation of its peace contingent": that contingent
            name = _phrase_name(ctx, standing, senders)
        out = []
        for country in [c for c, _ in hosts] or [host]:
            rec = Deployment(name=name, senders=list(senders), host=country)
            ev = ctx.evidence(pos, min(clause_end, pos + 120), info.sentence)
            rec.add_evidence("", ev)
            rec.add_evidence("host", ev)
            if len(hosts) <= 1 and whole is not None:
                _figures(ctx, info, rec, whole[0], whole[1])
            elif len(hosts) <= 1:  # a figure for several hosts belongs to none of them alone
                _figures(ctx, info, rec, _chunk_of(head).start_char if head is not None else base, clause_end)
            own = base + _clause_around(s, m.start())[0]  # "X in 1958, while Y … in 1978": each its own date
            t = _since_time(info) if _present_state(verb) or rotation else _start_time(info, own, clause_end)
            if t is not None:
                rec.start = t
            out.append(rec)
        return out
    return []


def _rotation(ctx: DocContext, info: SentenceInfo, pos: int) -> tuple[int, int] | None:
    """A unit moving "as part of the rotation of its 2,000-strong contingent" / "to replace" the
    one in place: what is recorded is the standing contingent in the host — its size (the span
    after the rotation word where it is told), and no start from the rotation's date. Returns
    the span to read the contingent's size from, or None for an ordinary movement."""
    m = _re("rotation_words").search(ctx.document.text, pos, info.sentence.end)
    if m is None or _head_noun(ctx, m.end(), info.sentence.end, key="mission_nouns") is None:
        return None
    return m.end(), info.sentence.end


def _part_of_sized(ctx: DocContext, info: SentenceInfo, pos: int) -> tuple[int, int] | None:
    """A batch sent "as part of a 360-strong force/contingent": the record is that force — its
    size is read after "as part of" (the batch's own count is not the force's)."""
    text = ctx.document.text
    m = _PART_OF.search(text, pos, info.sentence.end)
    if m is None or not re.match(r"(?:\w+\s+){0,2}?\d[\d,.]*[-\s](?:strong|member|person)\b", text[m.end():]):
        return None
    return m.end(), info.sentence.end


def _present_state(verb: Any) -> bool:
    """"N troops are stationed in X", "X keeps a force in Y": a stationing verb in the present
    tells a state, not a movement — it has no start unless "since …" gives one."""
    if verb is None or verb.lemma_.lower() not in _words("stationing_verbs"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_.lower() in ("have", "will") or a.tag_ in ("VBD", "MD") for a in auxes):
        return False
    return verb.tag_ in ("VBP", "VBZ") or any(a.tag_ in ("VBP", "VBZ") for a in auxes)


_PART_OF = re.compile(r"\bas\s+part\s+of\s+(?:the\s+|an?\s+)?")


def _movement_senders(ctx: DocContext, info: SentenceInfo, pos: int, host: str, host_at: int, clause_end: int,
                      request: bool, main: str | None) -> list[str]:
    """Who sends a force moved by the verb at ``pos``: organizations and countries from the
    subject to the host ("ECOWAS … deploying a force … from A, B and C to X"), "the bloc", a
    capital or seat of government before the verb ("Moscow/the Kremlin sent"), the organization
    it goes "as part of", the organization asked for help, or — for "the government
    dispatched" — the state the article is about."""
    base, text = info.start, ctx.document.text
    forces = info.hits_in(base, pos, "FORCE")
    near = (forces[-1].start - 1) if forces else base
    senders = [k for k, h in _senders(ctx, info, near, clause_end) if k != host and h.start < host_at]
    senders += [k for k in _anaphoric_sender(ctx, info, text[base:pos]) if k not in senders and k != host]
    if not senders:
        senders = [h.key for h in info.hits_in(base, pos, "CAPITAL") if h.key != host][-1:]
    if not senders:
        senders = [c for seat, c in _seats().items() if re.search(rf"\b{re.escape(seat)}\b", text[base:pos])][:1]
    part = _PART_OF.search(text, pos, info.sentence.end)
    if part:
        senders += [k for k, _ in _senders(ctx, info, part.end(), part.end() + 30)
                    if k in ctx.gaz.orgs and k not in senders][:1]
    if not senders and request:  # "… landed in X after Y appealed to ORG for assistance"
        senders = [k for k, _ in _senders(ctx, info, base, info.sentence.end) if k in ctx.gaz.orgs][:1]
    if not senders and main and main != host and re.search(
            rf"\b(?:{cue_pattern(_C, 'national_bodies')})\b", text[base:pos], re.I):
        senders = [main]
    return senders


def _arrival(ctx: DocContext, info: SentenceInfo) -> list[Deployment]:
    """"the arrival/deployment/presence of ORG troops in X", "military presence in X"."""
    s, base = info.text, info.start
    pats = (re.compile(rf"\b(?:{cue_pattern(_C, 'arrival_nouns')})\s+of\s+(?:the\s+)?", re.I),
            re.compile(rf"\b(?:{cue_pattern(_C, 'presence_phrases')})\s+in\s+", re.I))
    for pat in pats:
        for m in pat.finditer(s):
            pos = base + m.start()
            hosts = _host_after(ctx, info, pos, 90)
            near = s[m.end():m.end() + 60] + s[max(0, m.start() - 20):m.start()]
            if not hosts or not (_force_re().search(near) or re.search(r"military", near, re.I)) \
                    or _for_exercise(ctx, info, pos):
                continue
            host_at = hosts[0][1].start
            senders = [k for k, _ in _senders(ctx, info, max(base, pos - 30), host_at)]
            if not senders:
                continue
            rec = Deployment(name=_name(ctx, senders, None, "troops", False), senders=senders, host=hosts[0][0])
            rec.add_evidence("", ctx.evidence(pos, host_at, info.sentence))
            state = re.search(rf"\b(?:{cue_pattern(_C, 'state_nouns')})\b", m.group(0), re.I)
            t = _since_time(info) if state else _start_time(info)
            if t:
                rec.start = t
            return [rec]
    return []


def _requested(ctx: DocContext, info: SentenceInfo, main: str | None) -> list[Deployment]:
    """"X appealed to ORG for peacekeepers": the organization's force, hosted by X."""
    req = _request(info.text)
    if not req or _negated(None, info.text[:req.start()]) or _re("refusal").search(info.text[req.end():]):
        return []  # "… asked the bloc to send troops, but the bloc declined"
    orgs = [k for k, _ in _senders(ctx, info, info.start, info.sentence.end) if k in ctx.gaz.orgs]
    host = _requester_country(ctx, info) or main
    if not orgs or not host:
        return []
    rec = Deployment(name=_name(ctx, orgs[:1], None, "troops", False), senders=orgs[:1], host=host)
    rec.add_evidence("", ctx.evidence(info.start + req.start(), info.sentence.end, info.sentence))
    t = _start_time(info)
    if t:
        rec.start = t
    return [rec]


def _withdrawal(ctx: DocContext, info: SentenceInfo, drafts: list[Deployment]) -> list[Deployment]:
    """"withdrew its troops from X", "all troops had left X by <date>", "the withdrawal from X"."""
    s, base = info.text, info.start
    w = _re("withdrawal").search(s)
    if not w or _for_exercise(ctx, info, base + w.start()):
        return []
    hosts = _host_after(ctx, info, base + w.start(), 70, leaving=True)
    withdrawal_noun = "withdrawal" in w.group(0).lower()
    if not hosts or not (_force_re().search(s) or withdrawal_noun):
        return []
    host, hit = hosts[0]
    host_at = hit.start
    senders = [k for k, h in _senders(ctx, info, max(base, base + w.start() - 60), info.sentence.end)
               if k != host and h.start < host_at]
    senders = senders or _anaphoric_sender(ctx, info, s[:w.start()])
    if not (senders or any(d.host == host for d in drafts) or withdrawal_noun):
        return []
    head = _verb_force(ctx.token_at(base + w.start()))
    if head is None and re.match(r"\s+of\b", s[w.end():]):  # "the withdrawal of US forces from X"
        head = _head_noun(ctx, base + w.end(), min(host_at, base + w.end() + 40))
    name = _phrase_name(ctx, head, senders[:2]) if head is not None else \
        _name(ctx, senders, None, "troops" if senders else "forces", False)
    rec = Deployment(name=name, senders=senders[:2], host=host)
    rec.add_evidence("", ctx.evidence(base + w.start(), hit.end, info.sentence))
    c_start, c_end = _clause_around(s, w.start())
    dates = [t for t in info.times if t.kind != "range" and c_start <= t.start - base < c_end]
    if dates and not _purpose(ctx.token_at(base + w.start())):
        rec.end = dates[-1].last
        rec.add_evidence("end", ctx.evidence(dates[-1].start, dates[-1].end, info.sentence))
    return [rec]


def _purpose(tok: Any) -> bool:
    """A withdrawal that is the aim of an infinitive ("formed in 1978 to oversee the withdrawal of
    X from Y"): it had not happened at the clause's date, so that date is no end."""
    if tok is None:
        return False
    verb = tok.head if tok.dep_ in ("dobj", "pobj", "nsubjpass") else tok
    return verb.pos_ == "VERB" and any(c.tag_ == "TO" for c in verb.children)


# ---------------------------------------------------------------- lasting presences


def _modifiers(tok: Any) -> set[str]:
    return {t.lower_ for t in _chunk_of(tok) if t.i != tok.i and t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
            and t.lower_ not in _words("reference_modifiers")}


def _antecedent(ctx: DocContext, head: Any) -> Any:
    """For "the battlegroup", "the air group": the closest earlier phrase with the same head
    whose modifiers include this one's ("the French helicopter group near the port")."""
    own = _modifiers(head)
    if not any(t.dep_ in ("det", "poss") and t.lower_ in _words("definite_determiners") for t in head.lefts):
        return head
    for t in reversed(head.doc[:head.i]):
        if t.lemma_.lower() == head.lemma_.lower() and t.pos_ in ("NOUN", "PROPN") and own < _modifiers(t):
            return t
    return head


def _governs(verb: Any, tok: Any) -> bool:
    """Is ``tok`` in ``verb``'s own clause (no other verb between them)?"""
    for t in tok.ancestors:
        if t == verb:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return False
    return False


def _since(ctx: DocContext, info: SentenceInfo, verb: Any) -> tuple[DateValue | None, DateValue | None, bool]:
    """The start (and end) a stationing verb gives: "since 2017", "since the same year",
    "opened in 2009", passive "was deployed in 2012", "from 2003 to 2008". Returns (start, end,
    whether the verb has such a time)."""
    for t in info.times:
        tok = ctx.token_at(t.start)
        if tok is None:
            continue
        prep = next((p for p in [tok, *tok.ancestors] if p.dep_ == "prep" or p.lower_ in ("since", "from")), None)
        if prep is None or not (prep.head == verb or _governs(verb, prep)):
            continue
        word = prep.lower_
        if word == "since" or (word == "in" and verb.lemma_.lower() in _words("opening_verbs") | {"deploy",
                                                                                                "deployment"}):
            t_text = ctx.document.text[t.start:t.end]
            return _same_year(ctx, info, t_text) or t.begin, None, True
        if word == "from" and t.kind == "range":
            return t.begin, t.finish, True
    for m in _YEARS.finditer(info.text):  # "from 2003 to 2008" (bare years)
        tok = ctx.token_at(info.start + m.start())
        if tok is not None and (tok.head == verb or _governs(verb, tok)):
            return DateValue(m.group(1), "year"), DateValue(m.group(2), "year"), True
    return None, None, False


_YEARS = re.compile(r"\b[Ff]rom\s+((?:19|20)\d\d)\s+(?:to|until|till|through)\s+((?:19|20)\d\d)\b")


def _hosts_of_verb(ctx: DocContext, info: SentenceInfo, verb: Any, head: Any) -> list[tuple[str, Hit | None, int]]:
    """Where a stationing verb (or the force phrase) puts the force: "in A and B", "at
    Kant", "in Niger's Tillabéri region"; for a base, the sentence's "in X"."""
    spots = [verb, head]
    spots += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of"  # "a battle group of N troops in X"
              for o in p.children if o.dep_ == "pobj" and _is_force(o)]
    for tok in spots:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "to", "into", "inside", "within"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    found = _hosts_at(ctx, info, obj.left_edge.idx)
                    if not found and obj.lemma_.lower() in _words("base_nouns") and obj is not tok:
                        found = _hosts_of_verb(ctx, info, obj, obj)  # "at its base in Qatar"
                    if found:
                        return found
    root = verb.sent.root
    if root is not verb and head.dep_ in ("nsubj", "nsubjpass"):
        return _hosts_of_verb(ctx, info, root, root) if root is not head.head else []
    return []


def _standing(ctx: DocContext, info: SentenceInfo, drafts: list[Deployment],
              main_exclude: set[str]) -> list[Deployment]:
    """A force phrase with a stationing, serving or opening verb and a start: "stationed in A and
    B since 2017" (one record per host), "which opened in 2009", "have served in X since
    2011", "the bloc has kept a mission in X since 2021", "was deployed in 2012"."""
    doc = ctx.spacy_doc
    if doc is None:
        return []
    span = doc.char_span(info.start, info.sentence.end, alignment_mode="expand")
    if span is None:
        return []
    holding, hosting = _words("holding_verbs"), _words("hosting_verbs")
    verbs = _words("stationing_verbs") | _words("opening_verbs") | holding | hosting
    out: list[Deployment] = []
    for verb in span:
        home = verb.lower_ == "home" and any(c.lower_ == "to" for c in verb.children)
        present = next((c for c in verb.children if c.dep_ == "acomp" and c.lower_ == "present"), None) \
            if verb.lemma_ == "be" else None  # "N Turkish troops are present in Qatar"
        if not home and present is None and (verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in verbs):
            continue
        if any(c.dep_ == "neg" for c in verb.children) or _hypothetical(verb):
            continue
        lemma = verb.lemma_.lower()
        start, end, dated = _since(ctx, info, verb)
        head, sender_tok = _force_of(ctx, verb)
        if head is None and dated:
            _pronoun_start(ctx, info, verb, start, drafts)
        if head is None or _for_exercise(ctx, info, info.start):
            continue
        if lemma in holding | hosting and head.dep_ in ("nsubj", "nsubjpass") and head.head == verb:
            continue  # "X has/keeps/hosts <force> …": the force is the object (or the noun it modifies)
        ante = _antecedent(ctx, head)
        a_chunk, chunk = _chunk_of(ante), _chunk_of(head)
        senders = _phrase_senders(ctx, info, chunk.start_char, chunk.end_char)
        if ante is not head:
            a_info = next(s for s in ctx.sents if s.start <= ante.idx < s.sentence.end)
            senders = list(dict.fromkeys(_phrase_senders(ctx, a_info, a_chunk.start_char, a_chunk.end_char)
                                         + senders))
        agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
        if agent is not None and agent is not head:  # "the air base, used by US forces from 2001 to 2005"
            senders = list(dict.fromkeys(senders + _phrase_senders(ctx, info, agent.left_edge.idx,
                                                                   agent.idx + len(agent.text))))
        if sender_tok is not None:
            subj = _chunk_of(sender_tok)
            capital = [h.key for h in info.hits_in(subj.start_char, subj.end_char, "CAPITAL")]  # "Moscow has used"
            senders = list(dict.fromkeys(_phrase_senders(ctx, info, subj.start_char, subj.end_char) + capital
                                         + senders))
        if lemma in hosting:  # "Kyrgyzstan hosts a Russian air base": the subject is the host
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            left = subj.left_edge.idx if subj is not None else info.start
            hosts = [(h.key, h, h.end) for h in info.hits_in(left, verb.idx, "COUNTRY")][-1:]
            senders = [k for k in senders if k not in [c for c, _, _ in hosts]]
            if sender_tok is not None and not senders:
                continue
        else:
            hosts = _hosts_of_verb(ctx, info, present if present is not None else verb, head)
        if not dated and (lemma in _words("movement_verbs") or not (senders and hosts)):
            continue  # undated ("the Indian battalion based at X in Lebanon"): only with sender and host
        if not hosts:
            prior = next((d for d in reversed(out + drafts) if set(d.senders) & set(senders) or not senders), None)
            fallback = prior.host if prior else _main_country(ctx, set(senders) | main_exclude)
            hosts = [(fallback, None, 0)] if fallback else []
        many = len(hosts) > 1
        name = _phrase_name(ctx, ante, senders, singular=many)
        for country, hit, _ in hosts:
            if country in senders:
                continue
            rec = Deployment(name=name, senders=senders, host=country, start=start, end=end)
            ev = ctx.evidence(chunk.start_char, max(chunk.end_char, verb.idx + len(verb.text)), info.sentence)
            rec.add_evidence("", ev)
            if hit is not None:
                rec.add_evidence("host", ctx.evidence(hit.start, hit.end, info.sentence))
            if not many:
                _figures(ctx, info, rec, chunk.start_char, info.sentence.end)
            out.append(rec)
    return out


def _base_phrases(ctx: DocContext, info: SentenceInfo) -> list[Deployment]:
    """A foreign base or battlegroup named by its phrase alone: "Russia's 201st military base in
    Tajikistan", "the German-led battlegroup in Lithuania" — sender in the phrase, host in its
    "in/at X", the two different; "since YEAR" on the phrase gives the start."""
    doc = ctx.spacy_doc
    span = None if doc is None else doc.char_span(info.start, info.sentence.end, alignment_mode="expand")
    if span is None:
        return []
    bases = _words("base_nouns")
    out: list[Deployment] = []
    for tok in span:
        if tok.pos_ != "NOUN" or not (tok.lemma_.lower() in bases or f"{tok.nbor(-1).lower_} {tok.lower_}" in bases
                                       if tok.i else tok.lemma_.lower() in bases):
            continue
        gov = tok.head
        if gov.pos_ in ("VERB", "AUX") and (_hypothetical(gov) or any(c.dep_ == "neg" for c in gov.children)):
            continue
        chunk = _chunk_of(tok)
        senders = _phrase_senders(ctx, info, chunk.start_char, chunk.end_char)
        spots = [tok, *(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")]
        hosts = [h for spot in spots for h in _hosts_of_verb(ctx, info, spot, tok) if h[0] not in senders] \
            if senders else []
        known = [h for h in info.hits_in(chunk.start_char, chunk.end_char, "FORCE")
                 if ctx.gaz.forces[h.key].get("host")]
        if senders and not hosts and known:  # "the 102nd base in <town>": the base's known host
            hosts = [(ctx.gaz.forces[known[0].key]["host"], known[0], known[0].end)]
        if not hosts:
            continue
        start, _, _ = _since(ctx, info, tok)
        for country, hit, _ in hosts[:1]:
            if start is None and tok.lemma_.lower() in _words("arrival_nouns"):  # "the X deployment in Y in 2022"
                start = next((t.begin for t in info.times if re.fullmatch(
                    r"\s+in\s+", ctx.document.text[hit.end:t.start]) and t.kind != "range"), None)
            rec = Deployment(name=_phrase_name(ctx, tok, senders), senders=senders, host=country, start=start)
            rec.add_evidence("", ctx.evidence(chunk.start_char, hit.end, info.sentence))
            rec.add_evidence("host", ctx.evidence(hit.start, hit.end, info.sentence))
            _figures(ctx, info, rec, chunk.start_char, hit.start)  # "the battle group of 1,000 troops in X"
            out.append(rec)
    return out


def _pronoun_start(ctx: DocContext, info: SentenceInfo, verb: Any, start: DateValue | None,
                   drafts: list[Deployment]) -> None:
    """"It was opened in 1977", "they have been stationed there since 2015": the start of the
    force told in the sentence before."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ not in ("it", "they") or not drafts or start is None:
        return
    target = drafts[-1]
    told = max((ev.sentence_index for evs in target.evidence.values() for ev in evs), default=-9)
    if target.start is None and info.sentence.index - told == 1:
        target.start = start
        target.add_evidence("start", ctx.evidence(verb.idx, verb.idx + len(verb.text), info.sentence))


def _is_force(t: Any) -> bool:
    heads = _words("standing_heads") | _words("force_nouns")
    ok = t.pos_ in ("NOUN", "PROPN") and (t.lower_ in heads or t.lemma_.lower() in heads)
    return ok and not (t.lemma_.lower() == "group" and not any(c.dep_ in ("compound", "amod") for c in t.lefts))


def _verb_force(verb: Any) -> Any:
    """The force a sending/arrival verb moves: its object ("deployed a contingent"), else its
    subject ("N soldiers arrived", "engineers were sent"), also through "began arriving"."""
    if verb is None:
        return None
    for t in (verb, verb.head if verb.dep_ == "xcomp" else None):
        if t is None:
            continue
        for dep in ("dobj", "nsubjpass", "nsubj"):
            c = next((c for c in t.children if c.dep_ == dep), None)
            if c is not None and _is_force(c):
                return c
    return None


def _force_of(ctx: DocContext, verb: Any) -> tuple[Any, Any]:
    """The force a stationing verb is about, and the sender named as its subject when the force
    is the object ("the bloc has kept a mission")."""
    is_force = _is_force
    if verb.dep_ in ("relcl", "acl", "appos") and is_force(verb.head):
        return verb.head, None
    if verb.lower_ == "home" and is_force(verb.head):
        return verb.head, None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.dep_ == "nsubj" and subj.pos_ == "PRON" and verb.dep_ == "relcl":
        subj = verb.head
    if subj is not None and is_force(subj):
        return subj, None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and not is_force(obj):  # "hosts a radar station and a naval base"
        obj = next((c for c in obj.conjuncts if is_force(c)), obj)
    if obj is not None and is_force(obj) and verb.lemma_.lower() in _words("hosting_verbs"):
        return obj, None
    if obj is not None and is_force(obj) and subj is not None:
        return obj, subj
    return None, None


def _strength(ctx: DocContext, info: SentenceInfo, drafts: list[Deployment]) -> list[Deployment]:
    """A mission with its total strength: "the UN Mission in X (ACR) numbers about 9,000
    troops", "the hybrid force now totals …" — senders the organizations it names."""
    doc = ctx.spacy_doc
    if doc is None or not info.figures:
        return []
    span = doc.char_span(info.start, info.sentence.end, alignment_mode="expand")
    if span is None:
        return []
    out: list[Deployment] = []
    for verb in span:
        if verb.lemma_.lower() not in _words("strength_verbs") or verb.pos_ != "VERB":
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_.lower() not in _words("mission_nouns"):
            continue
        ante = _antecedent(ctx, subj)
        chunk = _chunk_of(ante)
        a_info = next(s for s in ctx.sents if s.start <= ante.idx < s.sentence.end)
        pp_end = max(chunk.end_char, ante.right_edge.idx + len(ante.right_edge.text)) if ante.text[:1].isupper() \
            else chunk.end_char
        senders = [k for k in _phrase_senders(ctx, a_info, chunk.start_char, pp_end) if k in ctx.gaz.orgs]
        if not senders:
            continue
        hosts = _hosts_of_verb(ctx, a_info, ante, ante)
        if not hosts:
            prior = next((d for d in reversed(drafts) if d.host), None)
            hosts = [(prior.host, None, 0)] if prior else []
        if not hosts:
            continue
        rec = Deployment(name=_phrase_name(ctx, ante, senders), senders=senders, host=hosts[0][0])
        rec.add_evidence("", ctx.evidence(subj.idx, verb.idx + len(verb.text), info.sentence))
        _figures(ctx, info, rec, verb.idx, info.sentence.end)
        out.append(rec)
    return out


def _follow_up(ctx: DocContext, info: SentenceInfo, drafts: list[Deployment]) -> None:
    """A sentence that goes on about the force told just before (in the last three sentences)
    without naming a new one adds to that record: its composition, its name, its size, an
    earlier arrival, who asked for it."""
    if not drafts or _for_exercise(ctx, info, info.start):
        return
    target = drafts[-1]
    told = max((ev.sentence_index for evs in target.evidence.values() for ev in evs), default=-9)
    if info.sentence.index - told > 3:
        return
    comp = _follow_composition(ctx, info, target)
    _follow_name(ctx, info, target)
    root, subj = _main_clause(ctx, info)
    if root is not None and subj is not None:
        _follow_size(ctx, info, target, root, subj, comp)
        _follow_arrival(ctx, info, target, root, subj)
    _follow_request(ctx, info, target)


def _follow_composition(ctx: DocContext, info: SentenceInfo, target: Deployment) -> bool:
    """"The contingent comprises units of A, B and C" (also inside a quotation): more senders."""
    m = re.search(rf"\b(?:the\s+(?:\w+\s+)?(?:{cue_pattern(_C, 'mission_nouns')})|it)\s+(?:{_comp_verbs()})\b",
                  info.text, re.I)
    if not m:
        return False
    countries = [h.key for h in info.hits_in(info.start + m.end(), info.sentence.end, "COUNTRY", "DEMONYM")]
    for c in countries:
        if c != target.host and c not in target.senders:
            target.senders.append(c)
    if countries:
        target.add_evidence("senders", ctx.evidence(info.start + m.start(), info.sentence.end, info.sentence))
    return True


def _follow_name(ctx: DocContext, info: SentenceInfo, target: Deployment) -> None:
    """"The regional force, known as the X Mission in Y (XMY), …": the force's own name."""
    known = re.search(r"\bknown\s+as\s+(?:the\s+)?", info.text)
    if not known or ctx.spacy_doc is None:
        return
    at = info.start + known.end()
    head = _head_noun(ctx, at, info.sentence.end, "standing_heads")
    if head is not None and head.pos_ == "PROPN" and head.idx - at < 40:
        target.name = _phrase_name(ctx, head, target.senders)
        target.add_evidence("name", ctx.evidence(at, head.idx + len(head.text), info.sentence))


def _main_clause(ctx: DocContext, info: SentenceInfo) -> tuple[Any, Any]:
    """The sentence's main verb and its subject (the reported clause of "…, officials said";
    the troops of "a total of N troops")."""
    if ctx.spacy_doc is None:
        return None, None
    span = ctx.spacy_doc.char_span(info.start, info.sentence.end, alignment_mode="expand")
    root = span.root if span is not None else None
    if root is None:
        return None, None
    if not any(c.dep_ in ("nsubj", "nsubjpass") and _is_force(c) for c in root.children):
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.lemma_.lower() in _words("quantity_nouns"):
        subj = next((o for p in subj.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), subj)
    return root, subj


def _follow_size(ctx: DocContext, info: SentenceInfo, target: Deployment, root: Any, subj: Any, comp: bool) -> None:
    """"About N troops will stay", "N sailors are based at the port", "The force numbers
    N troops, most of them Senegalese": the size (and, for the whole force, who is in it)."""
    others = {c for c, _ in _host_after(ctx, info, info.start)} - {target.host}
    if target.personnel is not None or others or not _is_force(subj) or \
            root.lemma_.lower() in _words("casualty_verbs"):
        return  # "47 soldiers have died there": a toll, not the force's size
    whole = subj.lemma_.lower() in _words("mission_nouns")
    if whole and root.lemma_.lower() not in _words("strength_verbs") | _words("composition_verbs"):
        return
    _figures(ctx, info, target, root.idx if whole else subj.left_edge.idx, info.sentence.end)
    if whole and not comp:
        for h in info.hits_in(root.idx, info.sentence.end, "DEMONYM", "COUNTRY"):
            if h.key != target.host and h.key not in target.senders:
                target.senders.append(h.key)


def _follow_arrival(ctx: DocContext, info: SentenceInfo, target: Deployment, root: Any, subj: Any) -> None:
    """"The force first crossed the border on Thursday", "Its first units deployed the following
    day": the same force arriving at a date earlier than (or instead of) the one known."""
    definite = any(t.dep_ in ("det", "poss") and t.lower_ in _words("definite_determiners") for t in subj.lefts)
    if not (_is_force(subj) and definite) or root.lemma_.lower() not in _words("arrival_verbs"):
        return
    dates = [t for t in info.times if t.kind != "range" and t.begin.precision == "day" and _governs(
        root, ctx.token_at(t.start) or root)]
    if dates and (target.start is None or dates[0].begin.value < target.start.value) and (
            target.end is None or dates[0].begin.value <= target.end.value):
        target.start = dates[0].begin
        target.add_evidence("start", ctx.evidence(dates[0].start, dates[0].end, info.sentence))


def _follow_request(ctx: DocContext, info: SentenceInfo, target: Deployment) -> None:
    """"X had called on the bloc to step in": X asked for the force told before."""
    m = _request(info.text)
    if target.requested_by is not None or not m or _negated(ctx.token_at(info.start + m.start()),
                                                             info.text[:m.start()]):
        return
    addressed = set(_anaphoric_sender(ctx, info, info.text[:m.end() + 30]))
    addressed |= {k for k, _ in _senders(ctx, info, info.start + m.end(), info.start + m.end() + 40)}
    if addressed & set(target.senders):
        target.requested_by = _requester(ctx, info, ctx.people)


@cache
def _comp_verbs() -> str:
    return "|".join(rf"{re.escape(w)}\w*" for w in cue_words(_C, "composition_verbs"))


# ---------------------------------------------------------------- document


def extract_deployments(ctx: DocContext) -> list[Deployment]:
    drafts: list[Deployment] = []
    main = _main_country(ctx)
    last_dated: DateValue | None = None
    for info in ctx.sents:
        s = info.text
        found = _missions_in(ctx, info)
        if not found:
            found = _sending(ctx, info, main) or _arrival(ctx, info) or _requested(ctx, info, main)
        withdraw = bool(_re("withdrawal").search(s))
        if not found:
            found = _withdrawal(ctx, info, drafts)
        moving = list(found)
        found += [d for d in _standing(ctx, info, drafts + found, set()) if not any(
            d.host == f.host and set(d.senders) <= set(f.senders) and not (d.start and f.start) for f in moving)]
        found += _strength(ctx, info, drafts + found)
        found += [d for d in _base_phrases(ctx, info) if not any(
            f.host == d.host and set(f.senders) & set(d.senders) for f in found)]
        if not found:
            _follow_up(ctx, info, drafts)
        for rec in moving:
            if rec.start is None and not withdraw and _requested_before(ctx, info) and last_dated:
                rec.start = last_dated
            if _request(s) or _requested_before(ctx, info):
                req = _requester(ctx, info, ctx.people)
                if req is None and info.sentence.index:
                    req = _requester(ctx, ctx.sents[info.sentence.index - 1], ctx.people)
                if req and rec.requested_by is None:
                    rec.requested_by = req
        drafts.extend(found)
        if info.times and _request(s):
            last_dated = info.times[0].begin
    out = _merge_within(drafts)
    for rec in out:
        rec.name = _bare_name(ctx, rec)
    return out


def _bare_name(ctx: DocContext, rec: Deployment) -> str:
    """A name that is a bare force noun ("contingent", "Troops") says nothing of whose it is:
    the one sender learnt later (from the force's composition) goes before it."""
    words = rec.name.split()
    if len(words) != 1 or not _is_force_word(words[0]):
        return rec.name
    noun = words[0].lower()
    return f"{_label(ctx, rec.senders[0])} {noun}" if len(rec.senders) == 1 else noun


def _is_force_word(word: str) -> bool:
    return word.lower() in _words("force_nouns") | _words("standing_heads")


def _compatible(a: Deployment, b: Deployment) -> bool:
    if a.host != b.host:
        return False
    if a.senders and b.senders and not set(a.senders) & set(b.senders):
        return False
    return not (a.start and b.start and a.start.year != b.start.year)


def _merge_within(drafts: list[Deployment]) -> list[Deployment]:
    out: list[Deployment] = []
    for d in drafts:
        target = next((o for o in out if _compatible(o, d)), None)
        if target is None:
            out.append(d)
            continue
        merge_deployment(target, d)
    return out


def _name_rank(name: str) -> tuple[bool, int]:
    """Unit names beat generic ones ("Mongolian company" over "Mongolian peacekeepers"), then longer."""
    last = name.split()[-1].lower() if name.split() else ""
    return last not in _words("generic_force_nouns"), len(name)


def merge_deployment(target: Deployment, other: Deployment) -> None:
    name = other.name if _name_rank(other.name) > _name_rank(target.name) else target.name
    target.absorb(other)
    target.name = name


__all__ = ["extract_deployments", "merge_deployment"]
