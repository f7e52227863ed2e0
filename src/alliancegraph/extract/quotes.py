"""Direct quotations with their speakers. Pure: DocContext in, Quote records out.

A quotation is text between double quotes (straight or curly) attributed by a verb of
saying to a speaker before it ("Marta Kowal asked, “…”", "He added: “…”") or after
it ("“…,” said Aidos Beremetov"). A quote split by "X continued" is one quotation; one
introduced by "adding" is a new one by the same speaker. Short scare quotes
("multi-vector") and unattributed quotes are not quotations. Pronouns and titles ("he",
"the President") resolve to the person named last; acronyms ("the MoD") to their
definition in the text; surnames to the fullest name the document gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Quote
from .context import DocContext, SentenceInfo

SAY = (r"said|says|say|told|tells|asked|asks|stated|states|argued|argues|observed|observes|noted|notes|added|adds|"
       r"adding|commented|comments|concluded|concludes|continued|continues|pronouncing|declared|declares|explained|"
       r"explains|warned|warns|stressed|stresses|emphasi[sz]ed|insisted|wrote|writes|remarked|claimed|claims|"
       r"announced|announces|replied|recalled|acknowledged|admitted|predicted|suggested|believes|put\s+it")
_SAY = re.compile(rf"\b(?:{SAY})\b", re.I)
_OPEN, _CLOSE = "“\"«", "”\"»"
_QUOTE = re.compile(r"“([^“”]{2,2000}?)”|\"([^\"]{2,2000}?)\"|«([^«»]{2,2000}?)»")
_PRONOUN = re.compile(r"^(?:he|she|they|him|her)$", re.I)
_TITLE_ONLY = re.compile(r"^(?:the\s+)?(?:president|minister|prime\s+minister|defen[cs]e\s+minister|spokes(?:man|woman|"
                         r"person)|official|ambassador|general|commander|chief)$", re.I)
_TITLE_WORDS = (r"Colonel|Col\.|Lieutenant|Lt\.|General|Gen\.|Major|Maj\.|Captain|Capt\.|Admiral|Commander|Cmdr\.|"
                r"Sergeant|President|Prime|Minister|Defen[cs]e|Foreign|Deputy|Secretary|Ambassador|Dr\.?|Mr\.?|Mrs\.?|"
                r"Ms\.?|Professor|Prof\.|Senator|Chief|Spokes(?:man|woman)|Analyst|Expert")
_BODY = re.compile(r"\b(?:Ministry|Ministries|MoD|Office|Service|Department|Secretariat|Command|Staff|Headquarters|"
                   r"Government|Kremlin|Pentagon|Council|Committee|Agency|press\s+service)\b")


@dataclass
class _Seg:
    start: int
    end: int
    text: str


def _segments(ctx: DocContext) -> list[_Seg]:
    out = []
    for m in _QUOTE.finditer(ctx.document.text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        out.append(_Seg(m.start(g), m.end(g), m.group(g)))
    return out


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _sentence_of(ctx: DocContext, pos: int) -> SentenceInfo | None:
    for info in ctx.sents:
        if info.start <= pos < info.sentence.end + 1:
            return info
    return None


def _speaker_before(ctx: DocContext, info: SentenceInfo, seg: _Seg) -> tuple[str, int, int] | None:
    """"Marta Kowal asked, “", "He added: “", "The ministry found that “": the subject of the
    verb of saying closest before the quote in its sentence."""
    text = ctx.document.text
    left = text[info.start:seg.start - 1]
    verbs = list(_SAY.finditer(left))
    if not verbs:
        return None
    verb = verbs[-1]
    gap = left[verb.end():]
    # "She added that the waters made the exercise “a real test …”": a longer gap after "that"
    limit = 130 if re.match(r"\s+that\b", gap) and _words(seg.text) >= 6 else 60
    if len(gap) > limit or re.search(r"[.;]\s", gap) or any(q in gap for q in _OPEN + _CLOSE):
        return None
    return _subject(ctx, info, info.start + verb.start())


def _speaker_after(ctx: DocContext, info: SentenceInfo, seg: _Seg) -> tuple[str, int, int] | None:
    """"“…,” said Aidos Beremetov, “…”" or "“…,” Kowal continued"."""
    text = ctx.document.text
    right = text[seg.end + 1:min(len(text), seg.end + 120)]
    appos = r"(?:,\s*[^“”\"\n]{0,120}?,)?"  # ", a researcher at a security institute in Tromsø,"
    m = re.match(rf"\s*,?\s*(?:(?P<v1>{SAY})\s+(?P<n1>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}})|"
                 rf"(?P<n2>(?:[Tt]he\s+)?[A-Z]?[\w’'.-]+(?:\s+[A-Z][\w’'.-]*){{0,3}}){appos}\s+(?P<v2>{SAY}))\b", right)
    if not m:
        return None
    name = m.group("n1") or m.group("n2")
    start = seg.end + 1 + (m.start("n1") if m.group("n1") else m.start("n2"))
    return _normalize_speaker(ctx, name, start, start + len(name))


def _subject(ctx: DocContext, info: SentenceInfo, verb_pos: int) -> tuple[str, int, int] | None:
    doc = ctx.spacy_doc
    text = ctx.document.text
    if doc is not None:
        span = doc.char_span(verb_pos, verb_pos + 1, alignment_mode="expand")
        if span is not None:
            tok = span[0]
            verb_tok_i = tok.i
            for _ in range(3):
                subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    sub = subj[0]
                    # the contiguous run of the subject's subtree around its head, before the verb
                    idx = sorted(t.i for t in sub.subtree if t.i < verb_tok_i)
                    run = {sub.i}
                    for i in reversed([i for i in idx if i < sub.i]):
                        if i + 1 in run:
                            run.add(i)
                    for i in [i for i in idx if i > sub.i]:
                        if i - 1 in run:
                            run.add(i)
                    toks = [doc[i] for i in sorted(run)]
                    lo, hi = min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)
                    # stop at an apposition or relative clause: "Ilse Marendt, the head of …"
                    comma = text.find(",", lo, hi)
                    if comma != -1:
                        hi = comma
                    return _normalize_speaker(ctx, text[lo:hi], lo, hi)
                if tok.head is tok:
                    break
                tok = tok.head
    # no parse: the capitalized words right before the verb
    m = re.search(r"((?:[A-Z][\w’'.-]+\s+){1,4})$", text[info.start:verb_pos])
    if m:
        lo = info.start + m.start(1)
        return _normalize_speaker(ctx, m.group(1).strip(), lo, lo + len(m.group(1).strip()))
    return None


def _normalize_speaker(ctx: DocContext, name: str, start: int, end: int) -> tuple[str, int, int] | None:
    name = re.sub(r"^(?:and|but|so|then)\s+", "", name.strip(" ,:"), flags=re.I)
    if not name:
        return None
    if _PRONOUN.match(name) or _TITLE_ONLY.match(name):
        person = ctx.people.last_before(start)
        return (person, start, end) if person else None
    short = re.sub(r"^the\s+", "", name, flags=re.I)
    if short in ctx.acronyms:
        return ctx.acronyms[short].replace("’", "'"), start, end
    if not re.search(r"[A-Z]", name) or re.match(r"^(?:some|many|several|other|others|observers|analysts|experts)\b",
                                                  name, re.I):
        return None
    words = name.split()
    if len(words) > 8:
        return None
    if not _BODY.search(name):
        # "Colonel Aigerim Sadykova of the ministry", "Petr Novak, an analyst": the person's name only
        name = re.split(r",|\s+(?:of|from|at|with)\s+", name)[0]
        name = re.sub(rf"^(?:(?:{_TITLE_WORDS})\s+)+", "", name)
    if not _BODY.search(name):
        # "Kazakhstan's President X", "Russian analyst X": drop the country or demonym before the name
        words = name.split()
        while len(words) > 1 and ctx.gaz.terms.get(re.sub(r"[’']s$", "", words[0]).replace("’", "'"),
                                                   ("",))[0] in ("COUNTRY", "DEMONYM"):
            words.pop(0)
        name = " ".join(words)
    return ctx.people.resolve(name.replace("’", "'")), start, end


def extract_quotes(ctx: DocContext) -> list[Quote]:
    out: list[Quote] = []
    segs = _segments(ctx)
    text = ctx.document.text
    prev: tuple[Quote, _Seg] | None = None
    for seg in segs:
        info = _sentence_of(ctx, seg.start)
        if info is None:
            continue
        between = text[prev[1].end + 1:seg.start - 1] if prev else ""
        # "“…,” said X, “…”" / "“…,” X continued, “…”": the same quotation goes on
        if prev and len(between) < 160 and re.search(rf"\b(?:{SAY})\b", between) and \
                prev[1].text.rstrip().endswith(",") and not re.search(r"[.!?]\s", between) and \
                not re.search(r"\badd(?:ing|ed|s)\b", between) and seg.text[:1].islower():
            q = prev[0]
            q.text = f"{q.text} {seg.text}".strip()
            q.add_evidence("text", ctx.evidence(seg.start, seg.end, info.sentence))
            prev = (q, seg)
            continue
        if _words(seg.text) < 4 and not (seg.text.rstrip().endswith("?") and _words(seg.text) >= 3):
            continue
        after_first = text[seg.end:seg.end + 3].lstrip("”\"»").startswith(",") or seg.text.rstrip().endswith(",")
        if after_first:  # "“…,” said X" / "“…,” X, an analyst, said"
            who = _speaker_after(ctx, info, seg) or _speaker_before(ctx, info, seg)
        else:
            who = _speaker_before(ctx, info, seg) or _speaker_after(ctx, info, seg)
        if who is None and prev and len(between) < 40 and re.search(r"\badd(?:ing|ed|s)\b", between):
            who = (prev[0].speaker, prev[1].start, prev[1].end)
        if who is None:
            continue
        speaker, s, e = who
        q = Quote(speaker=speaker, text=" ".join(seg.text.split()).rstrip(" ,"))
        q.add_evidence("", ctx.evidence(seg.start, seg.end, info.sentence))
        q.add_evidence("text", ctx.evidence(seg.start, seg.end, info.sentence))
        sp_info = _sentence_of(ctx, s) or info
        q.add_evidence("speaker", ctx.evidence(s, e, sp_info.sentence))
        out.append(q)
        prev = (q, seg)
    return out
