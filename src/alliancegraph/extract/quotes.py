"""Direct quotations with their speakers. Pure: DocContext in, Quote records out.

Quotation spans come from paired marks: straight and curly double quotes, « », „ “, and single
marks (‘ ’ or straight) around long quotations. Curly and straight double marks pair by position,
as real copy types a closing mark for the opening one (”…,” said X) or mixes "…” in one quotation.
A quotation may run over several paragraphs: a paragraph that opens a quotation without closing it
goes on in the next paragraph when that one opens with a quote mark again, unless both paragraphs
carry their own attribution (the closing mark was forgotten). A quotation split mid-sentence by its
attribution ("“…,” she said, “and …”") is one, and so is a short opener with the sentence after its
attribution ("“Hard work,” said X. “The crews …”"). Fragments under eight words (scare quotes, "a new chapter"), capitalised titles
and names of documents or operations (a memorandum "on …", code-named "…") are not quotations; a
whole question of five words or more is.

The speaker is found by a sieve, most reliable rule first, as in the deterministic quote
attribution of Muzny et al. (2017, Stanford CoreNLP's QuoteAttributionAnnotator):

1. a verb of saying in the quotation's own sentence(s), outside the quotation, on spaCy's parse:
   its subject ("Jane Roe said", "said Jane Roe, a commander of …"), the name in apposition to a
   role ("said the fleet's commander, Adm. Jane Roe"), the object of "quoted X as saying" or "the
   statement said, quoting X", the subject of "was quoted/cited as saying", the agent of a passive
   ("was reported by X"), the object of "according to" and "in the words of";
2. the speaker phrase is cleaned to a name (people.person_name): ranks, titles, services and
   post-nominals go, a suffix such as "Jr." stays, the text's order stays, bracketed insertions
   are read as text ("[adviser Ivan] Petrov");
3. pronouns and role nouns ("he added", "the general noted", "the press secretary said", "the
   Kazakh president said") go to the speaker announced before: the holder of that country's
   office, else the last speaker whose phrase had the same role, else the person named last as
   the subject of a clause (not merely the last name in the text, which is often a guest or a
   counterpart) and of the pronoun's gender where the text tells it;
4. bodies speak when no person is named ("the Defence Ministry said in a statement", "a NATO
   spokesperson said", "the statement reads" / "it said" → the author of a "statement by X" named
   before, else the body that reported last); a place is never a speaker, and a role introduced
   unnamed ("a unit spokesman told …") stays unnamed when referred to again ("the spokesman said");
5. a quotation with no verb of its own that follows another closely ("…," she said. "…") is the
   same speaker's, and one that follows a sentence of reported speech ("Roe said the drills went
   well. “…”") is that speaker's.

Unnamed speakers ("officials said", "a senior official", "the source") give no quotation. Short
later references ("Roe said", "Wang said" for Wang Jinhai) resolve to the fullest name the document
gives. Cue words live in data/cues/quotes.json and data/cues/titles.json.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from ..models import Quote
from .context import DocContext, SentenceInfo
from .lexicon import cue_pattern, cue_words
from .people import person_name

_SPEECH = frozenset(w.lower() for w in cue_words("quotes", "speech_verbs"))
_FRAME_PREP = frozenset(cue_words("quotes", "frame_prepositions"))  # "according to X"
_FRAME_NOUNS = frozenset(cue_words("quotes", "frame_nouns"))  # "in the words of X"
_STATEMENT = frozenset(cue_words("quotes", "statement_nouns"))
_SPOKES = frozenset(cue_words("quotes", "spokes_nouns"))
_BODY_HEADS = frozenset(cue_words("quotes", "body_heads"))
_BODY_HEADS_LOWER = frozenset(w.lower() for w in _BODY_HEADS)
_PRONOUNS = frozenset(cue_words("quotes", "pronouns"))
_BODY_PRONOUNS = frozenset(cue_words("quotes", "body_pronouns"))
_ANONYMOUS = frozenset(cue_words("quotes", "anonymous_roles"))
_FEMALE = frozenset(cue_words("quotes", "female_cues"))
_MALE = frozenset(cue_words("quotes", "male_cues"))
_QUOTING = frozenset(cue_words("quotes", "quoting_verbs"))  # lemmas: "quoted X as saying", "was cited as saying"
_GENERIC = frozenset(cue_words("quotes", "generic_speakers"))
_NAMING = re.compile(rf"\b(?:{cue_pattern('quotes', 'naming_words')})\s*(?:the\s+)?[:,]?\s*$", re.I)
_DOCUMENT = re.compile(rf"\b(?:{cue_pattern('quotes', 'document_nouns')})\s*$", re.I)
_TITLE_WORDS = frozenset(w.lower().rstrip(".") for w in cue_words("titles", "ranks") + cue_words("titles", "titles")
                         if len(w) > 3 and w[:1].isupper())

MIN_WORDS = 8
MIN_QUESTION_WORDS = 5
ROLE_WINDOW = 400  # characters back in which "the spokesman" still means the spokesman named before
_PAIRS = (("“", "”"), ("„", "“”"), ("«", "»"))
_DETERMINER = re.compile(r"^(?:the|a|an|another)\s+", re.I)


@dataclass
class _Seg:
    start: int
    end: int
    text: str


@dataclass
class _Quotation:
    segs: list[_Seg]
    single: bool = False  # delimited by single marks

    @property
    def start(self) -> int:
        return self.segs[0].start

    @property
    def end(self) -> int:
        return self.segs[-1].end

    @property
    def text(self) -> str:
        parts = [" ".join(s.text.split()) for s in self.segs]
        # "“This is a signal,” said X, “and it will be heard.”": one sentence, the comma goes
        for i in range(len(parts) - 1):
            if parts[i + 1][:1].islower():
                parts[i] = parts[i].rstrip(" ,")
        return " ".join(parts).strip()


@dataclass
class Speaker:
    """Who speaks: a person's name or a body, with the text that names them."""

    name: str
    kind: str  # "person" | "body"
    start: int
    end: int
    phrase: str = ""


@dataclass
class _Frame:
    """A speaker phrase found by a verb of saying, before it is resolved."""

    start: int
    end: int
    phrase: str
    verb: int  # position of the verb


# ---------------------------------------------------------------------------- spans

def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n+", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _double_spans(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of double-quoted spans in one paragraph. « » and „ “ pair as typed;
    “ ” and straight marks pair by position, since sloppy typography uses a closing mark as the
    opening one (”…,” said X) or mixes straight and curly marks in one quotation ("…”): any of
    them opens when no quotation is open and closes the open one. An opening mark with no closing
    one runs to the paragraph end; a mark that plainly opens (after a space, before a word) while
    one is open ends the unclosed one there."""
    out: list[tuple[int, int, bool]] = []
    i = lo
    open_at: int | None = None
    while i < hi:
        ch = text[i]
        if open_at is None:
            if ch in "«„":
                closing = "»" if ch == "«" else "“”"
                j = next((k for k in range(i + 1, hi) if text[k] in closing), -1)
                out.append((i + 1, j if j != -1 else hi, j != -1))
                i = j if j != -1 else hi
            elif ch == "“" or ch in '"”' and _may_open(text, i, lo, hi):
                open_at = i
        elif ch in '“”"':
            if _may_open(text, i, lo, hi) and not _may_close(text, i, lo):
                out.append((open_at + 1, i, False))  # "“… “…”": the first one never closed
                open_at = i
            else:
                out.append((open_at + 1, i, True))
                open_at = None
        i += 1
    if open_at is not None:
        out.append((open_at + 1, hi, False))
    return out


def _may_open(text: str, i: int, lo: int, hi: int) -> bool:
    """A double mark at the paragraph start or after a space or bracket, before a word: it can
    open a quotation (a mark after a digit is an inch mark: 5" guns)."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    # "… troops.”The mission said": a mark glued to the sentence before still opens the next one
    return (before.isspace() or before in "([{—–-:" or before in ".!?" and after.isupper()) and not after.isspace()


def _may_close(text: str, i: int, lo: int) -> bool:
    return i > lo and not text[i - 1].isspace()


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))(?P<o>[‘'])(?=[\w(\[])(?P<body>.+?)(?<=\S)(?P<c>[’'])(?![\w])", re.S)


def _single_spans(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Single-quoted spans of one paragraph; an apostrophe inside a word ("Belarus's") never
    closes one. Only long ones count as quotations (short ones are scare quotes)."""
    out = []
    for m in _SINGLE.finditer(text, lo, hi):
        if (m.group("o") == "'") != (m.group("c") == "'"):
            continue  # a straight mark does not pair with a curly one
        out.append((m.start("body"), m.end("body"), True))
    return out


def quotations(text: str) -> list[_Quotation]:
    """Every quoted span of the text, in order, with continued paragraphs joined."""
    out: list[_Quotation] = []
    carry: _Quotation | None = None
    for lo, hi in _paragraphs(text):
        doubles = _double_spans(text, lo, hi)
        singles = [s for s in _single_spans(text, lo, hi)
                   if not any(a - 1 <= s[0] and s[1] <= b + 1 for a, b, _ in doubles)]
        spans = sorted([(a, b, closed, False) for a, b, closed in doubles] +
                       [(a, b, closed, True) for a, b, closed in singles])
        opens_here = bool(spans) and spans[0][0] == lo + 1
        if carry is not None:
            if opens_here:
                a, b, closed, single = spans.pop(0)
                carry.segs.append(_Seg(a, b, text[a:b]))
                if not closed:
                    continue  # the quotation goes on in the next paragraph
            carry = None
        for a, b, closed, single in spans:
            q = _Quotation([_Seg(a, b, text[a:b])], single)
            out.append(q)
            if not closed:
                carry = q  # "a paragraph opening a quotation without closing it"
    return out


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _is_a_name(text: str, q: _Quotation) -> bool:
    """A memorandum "on cooperation in the field of …", a plan "for the years …", an exercise
    code-named "…", a slogan "…": the quoted words name something, nobody says them."""
    before = text[max(0, q.start - 40):q.start - 1]
    if _NAMING.search(before):
        return True
    return bool(_DOCUMENT.search(before)) and bool(re.match(r"[A-Z]|(?:on|for|of|about|to|in)\s", q.text))


def is_quotation(text: str) -> bool:
    """Long enough to be a quotation rather than a scare quote, and not a title in capitals
    ("the “Agreement on the Status of Forces of the Parties”" is a name)."""
    n = _words(text)
    t = text.strip()
    content = [w for w in re.findall(r"[^\W\d_][\w’'-]*", t) if len(w) > 3]
    if content and sum(w[:1].isupper() for w in content) >= 0.8 * len(content) and not re.search(r"[.!?,;]\s", t):
        return False
    return n >= MIN_WORDS or (n >= MIN_QUESTION_WORDS and t.endswith("?") and t[:1].isupper())


# ---------------------------------------------------------------------------- the parse

def _tokens_between(doc: Any, start: int, end: int) -> list[Any]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_speech_token(tok: Any) -> bool:
    low = tok.lower_
    if low in _FRAME_NOUNS:
        return tok.head.lower_ == "in" and any(c.lower_ == "of" for c in tok.children)
    if low in _FRAME_PREP:
        return any(c.lower_ == "to" for c in tok.children) or (tok.i + 1 < len(tok.doc)
                                                               and tok.doc[tok.i + 1].lower_ == "to")
    return low in _SPEECH and (tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT")


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _speaker_token(tok: Any, quoted: list[tuple[int, int]]) -> Any | None:
    """The token that names who speaks for a verb of saying (or "according to")."""
    if tok.lower_ in _FRAME_PREP:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return obj
    if tok.lower_ in _FRAME_NOUNS:
        of = next((c for c in tok.children if c.lower_ == "of"), None)
        return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    # "quoted X as saying", "X was quoted as saying": the verb that matters is "quoted"
    if tok.lower_ in ("saying", "say") and tok.head.lemma_ in _QUOTING or \
            tok.head.lower_ == "as" and tok.head.head.lemma_ in _QUOTING:
        tok = tok.head if tok.head.lemma_ in _QUOTING else tok.head.head
    quoting = next((c for c in tok.children if c.lemma_ in _QUOTING and c.dep_ in ("advcl", "xcomp", "conj")), None)
    if quoting is not None:  # "the statement said, quoting Gen. Jane Roe"
        obj = [c for c in quoting.children if c.dep_ == "dobj" and not _inside(c.idx, quoted)]
        if obj:
            return obj[0]
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None and tok.lemma_ not in _QUOTING and any(c.dep_ == "auxpass" for c in tok.children):
        obj = next((c for c in agent.children if c.dep_ == "pobj" and not _inside(c.idx, quoted)), None)
        if obj is not None:  # "this was reported to journalists by Deputy Secretary General Jane Roe"
            return obj
    for _ in range(3):
        if tok.lemma_ in _QUOTING:
            obj = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            obj = [c for c in obj if not _inside(c.idx, quoted)]
            if obj:
                return obj[0]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted)
                and not _quote_between(c.idx, tok.idx, quoted)]
        if subj:
            return subj[0]
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return _left_noun(tok, quoted)  # a parse confused by the quotation: the noun right before the verb
        if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp") and tok.head.i != tok.i:
            tok = tok.head  # "…, adding that …" / "and added": the subject of the governing verb
            continue
        break
    # "“…,” stated a release from the ministry": right after a quotation, an inverted speaker
    # that the parse took for the verb's object
    after_quote = tok.i > 0 and (tok.doc[tok.i - 1].is_quote or tok.doc[tok.i - 1].text == ","
                                 and _inside(tok.doc[tok.i - 1].idx - 1, quoted))
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and not _inside(c.idx, quoted)), None)
    if obj is not None and after_quote:
        return obj
    if after_quote and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        # "“…,” said Royal Navy Cdre. Jane Roe" cut in two by the parse: the first name-like word after the verb
        nxt = next((t for t in tok.doc[tok.i + 1:tok.i + 4] if t.pos_ in ("PROPN", "NOUN")), None)
        if nxt is not None and not _inside(nxt.idx, quoted):
            return nxt
    # "Speaking in the capital, Riga, Col. Jane Roe said …": a parse that hung the name on the
    # place before it leaves the verb without a subject; the name right before the verb is it
    prev = _left_noun(tok, quoted)
    if prev is not None and prev.pos_ == "PROPN" and prev.ent_type_ in ("PERSON", ""):
        return prev
    return None


def _quote_between(a: int, b: int, quoted: list[tuple[int, int]]) -> bool:
    lo, hi = min(a, b), max(a, b)
    return any(lo < s < hi for s, _ in quoted)


def _left_noun(verb: Any, quoted: list[tuple[int, int]]) -> Any | None:
    if verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.pos_ in ("PROPN", "NOUN", "PRON") and not _inside(prev.idx, quoted):
        return prev
    return None


def _phrase(doc: Any, tok: Any, quoted: list[tuple[int, int]]) -> tuple[int, int]:
    """The speaker phrase around its head token: the head's contiguous run of modifiers
    (compounds, titles, determiners, possessives, bracketed insertions), not its apposition,
    relative clause or prepositional tail after a comma."""
    sub = sorted(t.i for t in tok.subtree if not _inside(t.idx, quoted))
    run = {tok.i}
    for i in reversed([i for i in sub if i < tok.i]):
        if i + 1 in run:
            run.add(i)
    for i in [i for i in sub if i > tok.i]:
        if i - 1 in run and doc[i].text != ",":
            run.add(i)
        else:
            break
    toks = [doc[i] for i in sorted(run)]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


_ABBREVIATIONS = frozenset(w for w in cue_words("titles", "ranks") + cue_words("titles", "titles") if w.endswith("."))
_NAME_RUN = re.compile(r"\.?(?:\s+(?:[A-Z][\w’'-]*\.?|\d+(?:st|nd|rd|th)|\([^()]{1,20}\)))+")


def _past_abbreviation(text: str, lo: int, hi: int) -> int:
    """A speaker phrase cut at a rank abbreviation that the parse took for a sentence end or
    left outside the phrase ("said Royal Navy Cdre. Jane Roe", "said Sgt. 1st | Class Jane Roe",
    "the commander, Royal Navy | Capt. Jane Roe") goes on to the name after it."""
    words = text[lo:hi].split()
    pos = hi
    if not words or not any(w.rstrip(".") + "." in _ABBREVIATIONS for w in words) \
            or words[-1].rstrip(".") + "." not in _ABBREVIATIONS and person_name(text[lo:hi]) is not None:
        m = _ABBR_RUN.match(text, hi)
        if m is None:
            return hi
        pos = m.end()
    m = _NAME_RUN.match(text, pos)
    if not m or m.end() <= pos:
        return hi
    end = m.end()
    if text[end - 1] == "." and not re.search(r"(?:^|\s)[A-Z]\.$", text[pos:end]):
        end -= 1  # the sentence's full stop, not an initial's
    return end


_ABBR_RUN = re.compile(r"(?:\s+(?:" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + "))+")


def _appos(tok: Any) -> Any | None:
    """The apposition naming the holder of a role: "the commander of the fleet, Adm. Jane Roe"
    (the parse may hang it on the last noun of the role's prepositional tail)."""
    return next((t for t in tok.subtree if t.dep_ == "appos" and t.i > tok.i
                 and (t.head.i == tok.i or t.head.dep_ == "pobj")), None)


# ---------------------------------------------------------------------------- speakers

def _canon_body(ctx: DocContext, phrase: str) -> str | None:
    """A body's name as written, without article, role noun or statement noun around it:
    "a spokesman for the Navy of X" → "Navy of X"; "a NATO spokesperson" → "NATO";
    "a U.S. statement" → "United States" (a bare country or organization gives its canonical name)."""
    p = re.sub(r"[\[\]]", "", phrase).strip(" ,.")
    m = _ROLE_OF.search(p)
    if m:
        p = m.group("body")
    words = _DETERMINER.sub("", p).split()
    while len(words) > 1 and words[-1].lower() in _ROLE_PARTS:
        words.pop()
    if words:
        words[-1] = re.sub(r"[’']s$", "", words[-1])  # "the Defence Ministry's press service"
    if not words or words[0].lower() in _GENERIC:
        return None
    while len(words) > 1 and words[0].islower() and words[1][:1].isupper():
        words.pop(0)  # "a senior Defence Ministry official" → Defence Ministry
    p = " ".join(words)
    hit = ctx.gaz.terms.get(p.replace("’", "'"))
    if hit and hit[0] in ("COUNTRY", "ORG", "DEMONYM"):
        return str(hit[1])
    heads = [re.sub(r"[’']s$", "", w) for w in words]
    if any(h in _BODY_HEADS or ctx.gaz.terms.get(w, ("",))[0] == "ORG" for h, w in zip(heads, words)):
        return p.replace("’", "'")
    # "China's defence ministry", "the Kazakh foreign ministry": a lower-case body of a named country
    owner = any(ctx.gaz.terms.get(h.replace("’", "'"), ("",))[0] in ("COUNTRY", "DEMONYM", "ORG") for h in heads)
    if owner and heads[-1].lower() in _BODY_HEADS_LOWER:
        return p.replace("’", "'")
    return None


_ROLE_OF = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _SPOKES | _STATEMENT), key=len, reverse=True))
                      + r")\s+(?:for|of|from|at|with)\s+(?P<body>.+)$", re.I)
_ROLE_PARTS = frozenset(w for entry in _SPOKES | _STATEMENT for w in entry.split())


def _is_role_word(word: str) -> bool:
    """"commander", "spokesman", "head", "chief": a noun naming a person's role."""
    return word in _SPOKES or word in _TITLE_WORDS or word.rstrip("s") in _TITLE_WORDS


def _has_role(phrase: str) -> str | None:
    """The role or body noun a lower-case speaker phrase is headed by ("the general" → general)."""
    words = re.findall(r"[A-Za-z’'-]+", phrase.lower())
    for w in reversed(words):
        if w in _SPOKES or w in _STATEMENT or w in _BODY_HEADS_LOWER or w.rstrip("s") in _TITLE_WORDS \
                or w in _TITLE_WORDS or w in _ANONYMOUS:
            return w
    return None


@dataclass
class _History:
    """What the document has said about speakers so far, in text order."""

    spoken: list[tuple[int, Speaker]] = field(default_factory=list)  # (position, speaker) of every frame
    subjects: list[tuple[int, str]] = field(default_factory=list)  # persons named as subjects of clauses

    genders: dict[str, str] = field(default_factory=dict)  # person -> "f" | "m" where the text tells

    def last_person(self, pos: int, gender: str | None = None) -> str | None:
        cands = [(p, n) for p, n in self.subjects if p < pos]
        cands += [(p, s.name) for p, s in self.spoken if p < pos and s.kind == "person"]
        if gender:  # "she said" skips a man named in between
            agree = [(p, n) for p, n in cands if self.genders.get(n, gender) == gender]
            cands = agree or cands
        return max(cands)[1] if cands else None

    def last_role(self, pos: int, role: str, window: int = ROLE_WINDOW) -> Speaker | None:
        for p, s in sorted(self.spoken, key=lambda x: x[0], reverse=True):
            if pos - window <= p < pos and role in s.phrase.lower():
                return s
        return None

    bodies: list[Speaker] = field(default_factory=list)  # bodies named anywhere ("the Kazakh foreign ministry summoned …")

    def last_body(self, pos: int, head: str | None = None) -> Speaker | None:
        for p, s in sorted(self.spoken, key=lambda x: x[0], reverse=True):
            if p < pos and s.kind == "body" and (head is None or head in s.name.lower() or head in s.phrase.lower()):
                return s
        if head is not None:  # a body named before without a verb of saying
            named = [b for b in self.bodies if b.start < pos and head in b.name.lower()]
            return named[-1] if named else None
        return None


def _resolve(ctx: DocContext, start: int, end: int, hist: _History) -> Speaker | None:
    """The speaker a phrase names, by the first rule of the sieve that applies: a pronoun, a
    person's name, an acronym, a role noun ("the general", "the ministry", "the statement"), a body."""
    phrase = ctx.document.text[start:end].strip(" ,:")
    bare = _DETERMINER.sub("", re.sub(r"[\[\]]", "", phrase)).strip()
    if not bare:
        return None
    if bare.lower().split()[0] in _GENERIC and not re.search(r"\b(?:for|of)\s+[A-Z]", bare):
        return None  # "officials said", "one diplomat described it as"
    for rule in (_pronoun_speaker, _person_speaker, _acronym_speaker, _role_speaker, _body_speaker):
        found = rule(ctx, phrase, bare, start, end, hist)
        if found is not None:  # an empty name: the rule applies but names nobody
            return found if found.name else None
    return None


def _pronoun_speaker(ctx: DocContext, phrase: str, bare: str, start: int, end: int,
                     hist: _History) -> Speaker | None:
    """"he said" → the person last named as a clause's subject; "it said" → the body that reported last."""
    low = bare.lower()
    if low in _PRONOUNS:
        gender = "f" if low in _FEMALE else "m" if low in _MALE else None
        who = hist.last_person(start, gender) or ctx.people.last_before(start)
        return Speaker(who or "", "person", start, end, phrase)
    if low in _BODY_PRONOUNS:
        body = hist.last_body(start)
        return Speaker(body.name if body else "", "body", start, end, phrase)
    return None


def _person_speaker(ctx: DocContext, phrase: str, bare: str, start: int, end: int,
                    hist: _History) -> Speaker | None:
    """A person's name, ranks and titles removed, resolved to the fullest form the document
    gives; two people ("Jane Roe and Ann Poe") stay together."""
    terms = ctx.gaz.terms
    parts = re.split(r"\s+and\s+", bare)
    if len(parts) == 2:
        names = [person_name(p, terms) or "" for p in parts]
        if all(len(n.split()) > 1 for n in names):
            return Speaker(" and ".join(ctx.people.resolve(n) for n in names), "person", start, end, phrase)
    name = person_name(bare, terms)
    if name and (len(name.split()) > 1 or name in ctx.people.full or name in ctx.people.by_first
                 or _is_person_token(ctx, start, end, name)):
        return Speaker(ctx.people.resolve(name.replace("’", "'")), "person", start, end, phrase)
    return None


def _acronym_speaker(ctx: DocContext, phrase: str, bare: str, start: int, end: int,
                     hist: _History) -> Speaker | None:
    """"the MoD" → the name the document defines it by ("Ministry of Defence (MoD)")."""
    if bare in ctx.acronyms:
        return Speaker(_DETERMINER.sub("", ctx.acronyms[bare]).replace("’", "'"), "body", start, end, phrase)
    return None


def _role_speaker(ctx: DocContext, phrase: str, bare: str, start: int, end: int,
                  hist: _History) -> Speaker | None:
    """"the general noted", "the Kazakh president said", "the ministry said", "the statement
    reads": a phrase that names only a role goes to whoever the document gave that role to."""
    terms = ctx.gaz.terms
    role = _has_role(bare)
    indefinite = bool(re.match(r"(?:a|an)\s", phrase, re.I))
    owned = any(terms.get(re.sub(r"[’']s$", "", w).replace("’", "'"), ("",))[0] in ("COUNTRY", "DEMONYM", "ORG")
                for w in bare.split())
    if not role or any(_names_something(terms, w) for w in bare.split()) or \
            indefinite and (role in _STATEMENT or role in _SPOKES) or owned and role in _BODY_HEADS_LOWER:
        return None  # a name or a body is in the phrase, or "a NATO statement" names its body
    if role in _ANONYMOUS:
        return Speaker("", "person", start, end, phrase)  # "the source told the agency": nobody named
    if role in _STATEMENT:
        author = _statement_author(ctx, role, start, end, phrase)
        if author is not None:
            return author
    if role in _STATEMENT or role in _BODY_HEADS_LOWER:
        prev = hist.last_body(start, None if role in _STATEMENT else role) or hist.last_body(start)
        return Speaker(prev.name if prev else "", "body", start, end, phrase)
    # "the Kazakh president": the one person the document gives that country's office
    geo = {str(terms[w][1]) for w in bare.split() if terms.get(w, ("",))[0] in ("DEMONYM", "COUNTRY")}
    holders = {n for n, c in ctx.people.country.items() if c in geo}
    if len(holders) == 1:
        return Speaker(ctx.people.resolve(holders.pop()), "person", start, end, phrase)
    # "the press secretary" is the press secretary named before, not the secretary general
    words = bare.lower().split()
    owner = [i for i, w in enumerate(words) if w.endswith(("'s", "’s"))]
    full_role = " ".join(words[owner[-1] + 1:] if owner else words)
    prev = (hist.last_role(start, full_role) if full_role != role else None) or hist.last_role(start, role)
    if prev is not None:
        return Speaker(prev.name, prev.kind, start, end, phrase)
    if indefinite:
        return Speaker("", "person", start, end, phrase)  # "a Russian officer said": nobody named
    if re.search(rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,3}}{re.escape(role)}\b", ctx.document.text[:start], re.I):
        return Speaker("", "person", start, end, phrase)  # "a unit spokesman told …" … "the spokesman said"
    who = hist.last_person(start) or ctx.people.last_before(start)
    return Speaker(who or "", "person", start, end, phrase)


def _statement_author(ctx: DocContext, role: str, start: int, end: int, phrase: str) -> Speaker | None:
    """"the statement said" after "… according to a statement by Army spokesman Col. Jane Roe":
    the author the document gave that statement, a person or a body."""
    text = ctx.document.text
    found = list(re.finditer(rf"\b{re.escape(role)}\s+(?:(?:issued|released|signed|posted)\s+)?(?:by|from)\s+"
                             r"(?P<who>[^,.;:\n“”\"]{3,80}?)(?=[,.;:\n“”\"]|\s+(?:on|in|at|said|says)\b|$)",
                             text[:start], re.I))
    if not found:
        return None
    who = found[-1].group("who").strip()
    name = person_name(who, ctx.gaz.terms)
    if name and len(name.split()) > 1:
        return Speaker(ctx.people.resolve(name), "person", start, end, phrase)
    body = _canon_body(ctx, who)
    return Speaker(body, "body", start, end, phrase) if body else None


def _body_speaker(ctx: DocContext, phrase: str, bare: str, start: int, end: int,
                  hist: _History) -> Speaker | None:
    """A body: "the Defence Ministry", "a spokesman for the Navy", "a NATO spokesperson"; a later
    shorter mention ("the General Staff") takes the fuller name given before ("Latvia's General Staff")."""
    body = _canon_body(ctx, phrase)
    known = _KNOWN_AS.match(ctx.document.text, end)
    if body and known:
        return Speaker(known.group(1), "body", start, end, phrase)  # "the UN mission, known as UNMIK, said"
    if body:
        fuller = [s.name for p, s in hist.spoken if p < start and s.kind == "body"
                  and s.name.endswith(" " + body) and len(s.name) > len(body)]
        return Speaker(fuller[-1] if fuller else body, "body", start, end, phrase)
    name = person_name(bare, ctx.gaz.terms)
    if name and len(name.split()) == 1 and not _is_non_person_entity(ctx, start, end, name):
        return Speaker(ctx.people.resolve(name), "person", start, end, phrase)  # "Okonkwo told reporters"
    return None


_KNOWN_AS = re.compile(r",?\s+(?:known as|called)\s+(?:the\s+)?([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\s*,")


def _names_something(terms: dict[str, Any], word: str) -> bool:
    """Is a capitalized word of a speaker phrase a name (of a person or body), rather than a
    title, a rank or a country's adjective?"""
    w = word.strip(",;:()")
    if not w[:1].isupper():
        return False
    if terms.get(w, ("",))[0] in ("DEMONYM", "COUNTRY") or terms.get(re.sub(r"[’']s$", "", w), ("",))[0] == "COUNTRY":
        return False
    return w in _BODY_HEADS or w.lower().rstrip(".") not in _TITLE_WORDS


def _is_person_token(ctx: DocContext, start: int, end: int, name: str) -> bool:
    doc = ctx.spacy_doc
    if doc is None:
        return False
    pos = ctx.document.text.find(name, start, end)
    span = doc.char_span(pos, pos + len(name), alignment_mode="expand") if pos != -1 else None
    return span is not None and any(t.ent_type_ == "PERSON" for t in span)


def _is_non_person_entity(ctx: DocContext, start: int, end: int, name: str) -> bool:
    """A word the parser labels a place, organization or group ("Europe", "Baltics"): never a person."""
    doc = ctx.spacy_doc
    pos = ctx.document.text.find(name, start, end)
    span = doc.char_span(pos, pos + len(name), alignment_mode="expand") if doc is not None and pos != -1 else None
    return span is not None and any(t.ent_type_ and t.ent_type_ != "PERSON" for t in span)


def _frames(ctx: DocContext, quoted: list[tuple[int, int]]) -> list[_Frame]:
    """Every verb of saying (and "according to") outside quotations, with its speaker phrase."""
    doc = ctx.spacy_doc
    out: list[_Frame] = []
    if doc is None:
        return out
    for tok in doc:
        if _inside(tok.idx, quoted) or not _is_speech_token(tok):
            continue
        who = _speaker_token(tok, quoted)
        if who is None or who.lower_ in ("i", "we", "you", "this", "that", "which", "who"):
            continue
        lo, hi = _phrase(doc, who, quoted)
        hi = _past_abbreviation(ctx.document.text, lo, hi)
        phrase = ctx.document.text[lo:hi]
        if who.i > tok.i and person_name(phrase, ctx.gaz.terms) is None:
            # an inverted speaker whose words the parse scattered: the text up to the comma
            ext = re.match(r"[^,;:\n“”\"]*", ctx.document.text[lo:lo + 120])
            cand = ext.group(0).rstrip(" .") if ext else ""
            if any(w in _ABBREVIATIONS for w in cand.split()) and person_name(cand, ctx.gaz.terms):
                hi, phrase = lo + len(cand), cand
        if person_name(phrase, ctx.gaz.terms) is None and _is_role_word(who.lower_):
            app = _appos(who)  # "said the group's deputy commander, Capt. Jane Roe"
            if app is not None:
                alo, ahi = _phrase(doc, app, quoted)
                ahi = _past_abbreviation(ctx.document.text, alo, ahi)
                if person_name(ctx.document.text[alo:ahi], ctx.gaz.terms) and \
                        re.fullmatch(r"[^,]*,\s*", ctx.document.text[hi:alo]):
                    lo, hi, phrase = alo, ahi, ctx.document.text[alo:ahi]
        out.append(_Frame(lo, hi, phrase, tok.idx))
    return out


def _subjects(ctx: DocContext, quoted: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Persons named as the subject of a clause, outside quotations."""
    doc = ctx.spacy_doc
    out: list[tuple[int, str]] = []
    if doc is None:
        return out
    for m in ctx.people.mentions:
        if _inside(m.start, quoted):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ in ("compound", "flat", "appos") and root.head.i != root.i:
            root = root.head
        if root.dep_ in ("nsubj", "nsubjpass"):
            out.append((m.start, ctx.people.resolve(m.name)))
    # subjects the entity recognizer missed but the document names in full elsewhere ("Roe, for her part, said")
    for tok in doc:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper() \
                and not _inside(tok.idx, quoted):
            lo, hi = _phrase(doc, tok, quoted)
            name = person_name(ctx.document.text[lo:hi], ctx.gaz.terms)
            if name and (_surname_known(ctx, name)):
                out.append((lo, ctx.people.resolve(name)))
    return sorted(set(out))


def _surname_known(ctx: DocContext, name: str) -> bool:
    full = ctx.people.resolve(name)
    return len(full.split()) > 1 and full != name or len(name.split()) > 1 and name in ctx.people.full.values()


def _bodies(ctx: DocContext, quoted: list[tuple[int, int]]) -> list[Speaker]:
    """Bodies the document names, speaking or not: noun phrases headed by a body noun that name
    whose body they are ("the Kazakh foreign ministry", "Latvia's General Staff")."""
    doc = ctx.spacy_doc
    out: list[Speaker] = []
    if doc is None:
        return out
    for chunk in doc.noun_chunks:
        if chunk.root.lower_ not in _BODY_HEADS_LOWER or _inside(chunk.start_char, quoted):
            continue
        phrase = ctx.document.text[chunk.start_char:chunk.end_char]
        name = _canon_body(ctx, phrase)
        if name:
            out.append(Speaker(name, "body", chunk.start_char, chunk.end_char, phrase))
    return out


def _genders(ctx: DocContext, quoted: list[tuple[int, int]]) -> dict[str, str]:
    """What the text tells of a person's gender: a title or role noun right before the name
    ("Ms.", "spokeswoman") or the first personal pronoun after it in its own sentence
    ("Holm, for her part, …"). A person the text gives both is left out."""
    text = ctx.document.text
    seen: dict[str, set[str]] = {}
    starts = sorted(m.start for m in ctx.people.mentions)
    for m in ctx.people.mentions:
        if _inside(m.start, quoted):
            continue
        name = ctx.people.resolve(m.name)
        before = re.findall(r"[\w.]+", text[max(0, m.start - 20):m.start])
        i = bisect_right(starts, m.start)
        nxt = starts[i] if i < len(starts) else len(text)  # not past the next person named
        after = text[m.end:min(m.end + 80, nxt)]
        after = re.split(r"[.!?]\s|[“\"«]", after)[0]
        cue = before[-1] if before else ""
        pron = next((w for w in re.findall(r"\w+", after.lower()) if w in _FEMALE or w in _MALE), "")
        for word in (cue, pron):
            if word in _FEMALE or word.lower() in _FEMALE:
                seen.setdefault(name, set()).add("f")
            elif word in _MALE or word.lower() in _MALE:
                seen.setdefault(name, set()).add("m")
    return {n: g.pop() for n, g in seen.items() if len(g) == 1}


# ---------------------------------------------------------------------------- sieve

def _sentence_of(ctx: DocContext, pos: int) -> SentenceInfo | None:
    for info in ctx.sents:
        if info.start <= pos < info.sentence.end + 1:
            return info
    return None


def _frame_for(ctx: DocContext, q: _Quotation, frames: list[_Frame], quoted: list[tuple[int, int]]) -> _Frame | None:
    """The verb of saying closest to the quotation in the sentences it opens and closes in."""
    first, last = _sentence_of(ctx, q.start), _sentence_of(ctx, max(q.start, q.end - 1))
    if first is None:
        return None
    lo = first.start
    hi = (last or first).sentence.end
    # a quotation that ends its sentence: the attribution may follow in the same sentence
    after = ctx.document.text[q.end:q.end + 3]
    if re.match(r"^[”\"’'»“]?\s*[,—–-]", after) or q.text.rstrip().endswith(","):
        nxt = _sentence_of(ctx, q.end + 2)
        if nxt is not None:
            hi = max(hi, nxt.sentence.end)
    cands = [f for f in frames if lo <= f.verb < hi and not _inside(f.verb, quoted)
             and not any(g.start <= f.verb < g.end for g in q.segs)]
    if not cands:
        return None

    def dist(f: _Frame) -> int:
        return q.start - f.verb if f.verb < q.start else f.verb - q.end

    # another quotation between the verb and this one belongs to that verb first
    near = []
    for f in cands:
        a, b = (f.verb, q.start) if f.verb < q.start else (q.end, f.verb)
        own = {(g.start - 1, g.end + 1) for g in q.segs}
        if any(a < s < b for s, e in quoted if (s, e) not in own):
            continue
        near.append(f)
    return min(near or [], key=dist, default=None)


def extract_quotes(ctx: DocContext) -> list[Quote]:
    # names learnt from attributions ("quoted Somsak as saying") stay local to this extractor
    ctx = replace(ctx, people=ctx.people.copy())
    text = ctx.document.text
    quots = quotations(text)
    quoted = [(s.start - 1, s.end + 1) for q in quots for s in q.segs]
    frames = _frames(ctx, quoted)
    quots = _split_attributed_paragraphs(text, _join_split(text, quots, frames), frames)
    hist = _History(subjects=_subjects(ctx, quoted), genders=_genders(ctx, quoted), bodies=_bodies(ctx, quoted))
    for f in frames:  # who reported what, before any quotation is attributed ("X said on Monday")
        sp = _resolve(ctx, f.start, f.end, hist)
        if sp is not None:
            hist.spoken.append((f.start, sp))
            if sp.kind == "person":
                ctx.people.add(sp.name)
    out: list[Quote] = []
    prev: tuple[Quote, _Quotation, Speaker] | None = None
    for q in quots:
        info = _sentence_of(ctx, q.start)
        if info is None:
            continue
        between = text[prev[1].end + 1:q.start - 1] if prev else ""
        if not is_quotation(q.text) or _is_a_name(text, q):
            continue
        frame = _frame_for(ctx, q, frames, quoted)
        who = _resolve(ctx, frame.start, frame.end, hist) if frame else None
        if who is None and prev is not None and (frame is None and _continues(ctx, prev, q, frames)
                                                 or _participle_between(between)):
            who = prev[2]  # "“…,” she said. “…”" / "“…,” X said, adding, “…”"
        if who is None and frame is None:
            who = _previous_sentence_speaker(ctx, q, frames, hist, prev[1] if prev else None)
        if who is None:
            continue
        rec = Quote(speaker=who.name, text=q.text.rstrip(" ,"))
        seg = q.segs[0]
        rec.add_evidence("", ctx.evidence(seg.start, seg.end, info.sentence))
        for s in q.segs:
            rec.add_evidence("text", ctx.evidence(s.start, s.end, (_sentence_of(ctx, s.start) or info).sentence))
        sp_info = _sentence_of(ctx, who.start) or info
        rec.add_evidence("speaker", ctx.evidence(who.start, who.end, sp_info.sentence))
        out.append(rec)
        if who.kind == "person":
            ctx.people.add(who.name)
        hist.spoken.append((max(q.start, who.start), who))
        prev = (rec, q, who)
    return out


def _join_split(text: str, quots: list[_Quotation], frames: list[_Frame]) -> list[_Quotation]:
    """"“…,” said X, “…”" / "“…,” X continued, “…”": a quotation split by its attribution in the
    middle of a sentence is one quotation ("adding" opens a new one)."""
    out: list[_Quotation] = []
    for q in quots:
        if out:
            prev = out[-1]
            between = text[prev.end + 1:q.start - 1]
            # "“Short opener,” said X. “The rest …”": an opener too short to stand alone goes on in the next
            lower = q.text[:1].islower() or _words(prev.text) < MIN_WORDS and _opens_sentence(text, q.start)
            if len(between) < 160 and prev.segs[-1].text.rstrip().endswith(",") and lower \
                    and not _sentence_break(between) and "\n" not in between \
                    and any(prev.end < f.verb < q.start for f in frames) and not _participle_between(between):
                prev.segs.extend(q.segs)
                continue
        out.append(q)
    return out


def _split_attributed_paragraphs(text: str, quots: list[_Quotation], frames: list[_Frame]) -> list[_Quotation]:
    """A paragraph that leaves its quotation open goes on in the next one that opens with a mark;
    but when both paragraphs carry an attribution of their own ("…," Roe said. "More …¶"…," said
    Poe.), the writer forgot the closing mark: the next paragraph's quotation is a new one."""
    out: list[_Quotation] = []
    for q in quots:
        cut = 0
        for k in range(1, len(q.segs)):
            a, b = q.segs[k - 1], q.segs[k]
            if "\n" not in text[a.end:b.start]:
                continue
            p_lo = text.rfind("\n", 0, a.start) + 1
            n_hi = text.find("\n", b.end)
            n_hi = len(text) if n_hi == -1 else n_hi
            segs = q.segs[cut:k]
            own_before = any(p_lo <= f.verb < a.start and not any(g.start <= f.verb < g.end for g in segs)
                             for f in frames)
            own_after = any(b.end <= f.verb < n_hi for f in frames)
            if own_before and own_after:
                out.append(_Quotation(q.segs[cut:k], q.single))
                cut = k
        out.append(_Quotation(q.segs[cut:], q.single) if cut else q)
    return out


def _sentence_break(between: str) -> bool:
    """Does a sentence end inside the attribution between two quotations? Full stops of rank
    abbreviations and initials ("said Gen. Jane Q. Roe, chief of the U.S. Army.") end none, nor
    does the stop at its very end."""
    words = [w for w in between.split() if w not in _ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)+", w)]
    return bool(re.search(r"[.!?]\s", " ".join(words).rstrip()))


def _previous_sentence_speaker(ctx: DocContext, q: _Quotation, frames: list[_Frame], hist: _History,
                               prev: _Quotation | None) -> Speaker | None:
    """"Col. Jane Roe said the drills went well. “Our units …”": a quotation that opens its
    sentence with no attribution of its own, right after a sentence of reported speech, is that
    speaker's (unless another quotation came in between)."""
    text = ctx.document.text
    if not _opens_sentence(text, q.start):
        return None
    idx = next((i for i, s in enumerate(ctx.sents) if s.start <= q.start - 1 < s.sentence.end + 1), None)
    if not idx:
        return None
    before = ctx.sents[idx - 1]
    if prev is not None and prev.end > before.start:
        return None
    cands = [f for f in frames if before.start <= f.verb < before.sentence.end]
    for f in reversed(cands):
        who = _resolve(ctx, f.start, f.end, hist)
        if who is not None:
            return who
    return None


def _opens_sentence(text: str, start: int) -> bool:
    return start <= 1 or bool(re.search(r"(?:[.!?][”\"’'»]?|\n)\s*$", text[max(0, start - 8):start - 1]))


def _participle_between(between: str) -> bool:
    """"“…,” adding, “…”": a participle of saying with no subject of its own between two quotations."""
    return len(between) < 40 and any(w.lower() in _SPEECH for w in re.findall(r"\b\w+ing\b", between))


def _continues(ctx: DocContext, prev: tuple[Quote, _Quotation, Speaker], q: _Quotation,
               frames: list[_Frame]) -> bool:
    """A quotation with no attribution of its own right after an attributed one (the next
    sentence or paragraph, nobody else named or speaking in between) is the same speaker's."""
    text = ctx.document.text
    gap_lo, gap_hi = prev[1].end + 1, q.start - 1
    if gap_hi - gap_lo > 300:
        return False
    if any(gap_lo <= f.verb < gap_hi and not (prev[2].start <= f.start < prev[2].end + 1) and
           f.start > prev[1].end and not (f.start <= prev[2].start < f.end) for f in frames):
        # a new verb of saying in between: only if it is the previous speaker's own attribution
        own = [f for f in frames if gap_lo <= f.verb < gap_hi]
        if any(f.start != prev[2].start for f in own):
            return False
    others = [m for m in ctx.people.mentions if gap_lo <= m.start < gap_hi
              and ctx.people.resolve(m.name) != prev[2].name and not (prev[2].start <= m.start < prev[2].end)]
    if others:
        return False
    return _opens_sentence(text, q.start)
