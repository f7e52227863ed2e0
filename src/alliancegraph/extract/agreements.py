"""Agreements: treaties, charters, protocols, memoranda, action plans, accords — with parties,
signing date and place. Pure: DocContext in, Agreement records out.

Names: capitalized names ending in an agreement word ("Collective Security Treaty (CST)",
"Alma-Ata Protocol"), an acronym with such a word ("the JRF treaty"), known names and
acronyms from ``data/agreements.json`` ("IPAP"), "a charter" that established an
organization ("CSTO Charter"), "an agreement on the brigade", and descriptive names next
to a signing verb ("signed a fuel supply agreement"). The date and place come from
the clause around the mention; "concluded at the time" takes them from the sentence before.
"""

from __future__ import annotations

import re
from functools import cache

from .. import data
from ..models import Agreement, DateValue
from .context import DocContext, SentenceInfo
from .gazetteer import fold_name

NOUN = (r"Treaty|Charter|Protocol|Memorandum(?:\s+of\s+Understanding)?|Action\s+Plan|Agreement|Accord|Declaration|"
        r"Pact|Convention|Statement|Framework\s+Document")
_NOUN_LC = NOUN.lower()
_CAP_NAME = re.compile(rf"\b(?P<name>(?:[A-Z][\w’'-]*\s+(?:of\s+(?:the\s+)?|on\s+|for\s+|and\s+)?){{0,6}}(?:{NOUN}))"
                       rf"(?![\w-]|\s+[A-Z][a-z])"
                       rf"(?:\s*\((?P<acr>[A-Z][A-Za-z]{{1,7}})\))?")
_ACR_NOUN = re.compile(rf"\b(?P<acr>[A-Z]{{2,8}})\s+(?P<noun>{_NOUN_LC})\b")
_DESCR = re.compile(rf"\b(?:signed|concluded|adopted|initialled|ratified)\s+(?:a|an|the)\s+(?:new\s+)?"
                    rf"(?P<name>(?:[a-z][\w-]+\s+){{1,3}}(?:{_NOUN_LC}))\b")
_CHARTER_OF = re.compile(r"\b(?P<org>[A-Z]{2,6})\s+was\s+(?:established|founded|created)\s+by\s+a\s+charter\b")
_ON_FORCE = re.compile(r"\b(?:agreement|treaty)\s+on\s+the\s+(?:new\s+)?force\b", re.I)
SIGN = re.compile(r"\b(?:sign(?:ed|s|ing)?|conclud(?:ed|ing)|adopt(?:ed|ing)|join(?:ed|ing)?|ratif(?:ied|y)|"
                  r"entered\s+into\s+force|agreed)\b", re.I)
_GENERIC = {"agreement", "treaty", "charter", "protocol", "memorandum", "accord", "declaration", "pact", "convention",
            "statement", "the agreement", "action plan"}
_AT_THE_TIME = re.compile(r"\b(?:at\s+the\s+time|then|on\s+that\s+occasion)\b", re.I)


@cache
def _known() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for a in data.load("agreements")["agreements"]:
        for n in (a["name"], *a["aliases"]):
            out[fold_name(n)] = a
    return out


def _mentions(ctx: DocContext, info: SentenceInfo) -> list[tuple[int, int, list[str]]]:
    """(start, end, names) of agreement mentions in a sentence; the first name is the main one."""
    s, base = info.text, info.start
    found: list[tuple[int, int, list[str]]] = []
    known = _known()

    def add(start: int, end: int, names: list[str]) -> None:
        if any(start < e and b < end for b, e, _ in found):
            return
        found.append((start, end, names))

    for m in _CAP_NAME.finditer(s):
        name = re.sub(r"^(?:The|A|An|This|That|Its|New|Also|Since|In|On)\s+", "", m.group("name").strip())
        if fold_name(name) in _GENERIC or len(name.split()) < 2 and fold_name(name) not in known:
            continue
        if name.split()[0].lower() in ("treaty", "charter"):
            continue
        names = [name] + ([m.group("acr")] if m.group("acr") else [])
        add(base + m.start("name") + m.group("name").find(name), base + m.end(), names)
    for m in _ACR_NOUN.finditer(s):
        acr, noun = m.group("acr"), m.group("noun")
        full = ctx.acronyms.get(acr)
        if full and re.search(rf"(?:{NOUN})$", full):
            add(base + m.start(), base + m.end(), [full, acr])  # "the CST treaty" is the CST
        elif acr in known or (acr in ctx.acronyms or ctx.gaz.terms.get(acr, ("",))[0] in ("FORCE", "ORG")):
            add(base + m.start(), base + m.end(), [f"{acr} {noun}"])
    for term, a in known.items():
        names = "|".join(re.escape(str(x)) for x in (a["name"], *a["aliases"]))  # type: ignore[misc]
        for m in re.finditer(rf"\b(?:{names})(?![\w-]|\s+[A-Z][a-z])", s):
            add(base + m.start(), base + m.end(), [m.group(0)])
    for m in _CHARTER_OF.finditer(s):
        add(base + m.start(), base + m.end(), [f"{m.group('org')} Charter"])
    for m in _ON_FORCE.finditer(s):
        forces = [h for h in ctx.sents[max(0, info.sentence.index - 3)].hits + info.hits if h.label == "FORCE"]
        prior = [h for sent in ctx.sents[:info.sentence.index + 1] for h in sent.hits
                 if h.label == "FORCE" and h.end <= base + m.start()]
        force = (prior or forces)[-1] if (prior or forces) else None
        if force is not None:
            add(base + m.start(), base + m.end(), [f"{force.text} {m.group(0).split()[0].lower()}"])
    for m in _DESCR.finditer(s):
        name = m.group("name")
        add(base + m.start("name"), base + m.end("name"), [name[0].upper() + name[1:]])
    return sorted(found)


def _canonical(names: list[str], ctx: DocContext) -> tuple[str, list[str]]:
    known = _known()
    for n in names:
        k = known.get(fold_name(n))
        if k is not None:
            aliases = [str(x) for x in k["aliases"]] + [x for x in names if fold_name(x) != fold_name(str(k["name"]))]  # type: ignore[union-attr]
            return str(k["name"]), list(dict.fromkeys(aliases))
    return names[0], names[1:]


def _parties(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[str]:
    """Signatories: who "signed", "with ORG", capitals standing for their state ("Astana signed")."""
    text = ctx.document.text
    out: list[str] = []
    clause = text[start:end]
    if not SIGN.search(clause):
        return out
    for pm in ctx.people.mentions:
        if start <= pm.start < end and re.match(r"\s+(?:\w+\s+){0,2}?signed\b", text[pm.end:pm.end + 30]):
            country = ctx.people.country.get(ctx.people.resolve(pm.name))
            if country and country not in out:
                out.append(country)
    for h in info.hits_in(start, end, "COUNTRY", "ORG", "CAPITAL", "PLACE", "DEMONYM"):
        before = text[max(info.start, h.start - 30):h.start]
        after = text[h.end:h.end + 30]
        if re.search(r"\b(?:refus\w+|declin\w+|failed)\b", before + after) or re.search(r"\bin\s+$", before):
            continue
        key = h.key
        if h.label in ("CAPITAL", "PLACE"):
            cap = next((c["name"] for c in ctx.gaz.country.values() if h.text in c.get("capitals", [])), None)
            if cap is None or not re.match(r"\s+(?:\w+\s+){0,2}?(?:signed|joined|concluded|adopted)\b", after):
                continue
            key = cap
        elif h.label == "DEMONYM":
            continue
        elif not (re.match(r"\s+(?:\w+\s+){0,2}?(?:signed|joined|concluded|adopted|ratified)\b", after)
                  or re.search(r"\bwith\s+(?:the\s+)?$", before)):
            continue
        if key not in out:
            out.append(key)
    return out


def _place(ctx: DocContext, info: SentenceInfo, start: int, end: int, name: str) -> str | None:
    text = ctx.document.text
    for h in info.hits_in(start, end, "CAPITAL", "PLACE"):
        if re.search(r"\b(?:in|at)\s+$", text[max(info.start, h.start - 6):h.start]):
            place = ctx.gaz.places.get(h.key)
            if place is None or place.get("kind") in ("city", "capital", None):
                return h.text
    first = name.split()[0] if name else ""
    if first and re.match(r"[A-Z][\w-]+$", first) and ctx.gaz.terms.get(first, ("",))[0] in ("CAPITAL", "PLACE"):
        return first  # "Alma-Ata Protocol", "Tashkent Treaty"
    return None


def _clause(text: str, info: SentenceInfo, pos: int) -> tuple[int, int]:
    cut = re.compile(r";|,\s*(?:while|but|although|whereas)\b")
    s = info.text
    rel = pos - info.start
    start = max([m.end() for m in cut.finditer(s, 0, rel)], default=0)
    nxt = cut.search(s, rel)
    return info.start + start, info.start + (nxt.start() if nxt else len(s))


def _best_date(ctx: DocContext, info: SentenceInfo, start: int, end: int, anchor: int) -> DateValue | None:
    cands = [t for t in info.times if start <= t.start < end and t.finish is None]
    if not cands:
        return None
    rank = {"day": 0, "month": 1, "year": 2}
    cands.sort(key=lambda t: (rank[t.begin.precision], abs(t.start - anchor)))
    before = ctx.document.text[max(info.start, cands[0].start - 12):cands[0].start]
    if re.search(r"\b(?:for|until|to|through)\s+$", before):
        return None
    return cands[0].begin


def extract_agreements(ctx: DocContext) -> list[Agreement]:
    out: list[Agreement] = []
    text = ctx.document.text
    known = _known()
    for info in ctx.sents:
        ms = [m for m in _mentions(ctx, info) if any(fold_name(n) in known for n in m[2])
              or SIGN.search(info.text) or len(m[2]) > 1]
        sentence_parties: dict[str, list[str]] = {}
        for i, (start, end, names) in enumerate(ms):
            name, aliases = _canonical(names, ctx)
            lo = ms[i - 1][1] if i else info.start
            hi = ms[i + 1][0] if i + 1 < len(ms) else info.sentence.end
            c_lo, c_hi = _clause(text, info, start)
            clause_lo, hi = max(lo, c_lo), min(hi, c_hi)
            date = _best_date(ctx, info, clause_lo, hi, start) if SIGN.search(text[clause_lo:hi]) else None
            if date is None and re.search(r"\blater\b", text[clause_lo:start]):
                # "in March 2015 …, while later, Bishkek signed": the same year, no finer
                earlier = [t for t in info.times if t.start < clause_lo]
                date = DateValue(earlier[-1].begin.value[:4], "year", "later") if earlier else None
            place = _place(ctx, info, clause_lo, hi, name)
            if _AT_THE_TIME.search(text[end:hi]):
                # "a pact concluded at the time": the last date told, up to three sentences back
                for prev in reversed(ctx.sents[max(0, info.sentence.index - 3):info.sentence.index]):
                    back = _best_date(ctx, prev, prev.start, prev.sentence.end, prev.start)
                    if back:
                        date = back
                        place = _place(ctx, prev, prev.start, prev.sentence.end, "") or place
                        break
            parties = _parties(ctx, info, clause_lo, hi)
            if re.search(r"\bjoin", text[clause_lo:end]):  # "… chose to join the plan": the same parties as before
                parties = list(dict.fromkeys(sentence_parties.get(fold_name(name), []) + parties))
            sentence_parties.setdefault(fold_name(name), []).extend(parties)
            rec = next((a for a in out if fold_name(a.name) == fold_name(name)
                        and (a.date is None or date is None or a.date.year == date.year)), None)
            if rec is None:
                rec = Agreement(name=name, aliases=aliases)
                out.append(rec)
            ev = ctx.evidence(start, end, info.sentence)
            rec.add_evidence("", ev)
            for a in aliases:
                if a not in rec.aliases and fold_name(a) != fold_name(rec.name):
                    rec.aliases.append(a)
            if date and (rec.date is None or (rec.date.year == date.year and len(date.value) > len(rec.date.value))):
                rec.date = date
                rec.add_evidence("date", ev)
            if place and rec.place is None:
                rec.place = place
                rec.add_evidence("place", ev)
            for p in parties:
                if p not in rec.parties:
                    rec.parties.append(p)
                    rec.add_evidence("parties", ev)
    out = _merge_same_subject(out)
    for a in out:  # every name the article uses for an agreement is an alias of each of its records
        for b in out:
            if a is not b and fold_name(a.name) == fold_name(b.name):
                a.aliases.extend(x for x in b.aliases if x not in a.aliases)
    return out


def _merge_same_subject(records: list[Agreement]) -> list[Agreement]:
    """"the JRF treaty" and "the JRF agreement" in one article are one agreement."""
    out: list[Agreement] = []
    for r in records:
        head = r.name.split()[0]
        target = next((o for o in out if o.name.split()[0] == head and head.isupper()
                       and re.fullmatch(rf"{re.escape(head)} \w+", o.name) and re.fullmatch(rf"{re.escape(head)} \w+", r.name)
                       and (o.date is None or r.date is None or o.date.year == r.date.year)), None)
        if target is None:
            out.append(r)
            continue
        # the agreement word used with a signature names it; the other becomes an alias
        name = r.name if (r.parties or r.date or r.place) else target.name
        alias = target.name if name == r.name else r.name
        target.absorb(r)
        target.name = name
        if alias not in target.aliases:
            target.aliases.append(alias)
    return out
