"""Entity mentions: every country, organization, force, series, place and person a document
names, linked to a canonical entity id that is the same in every document:

    country:KZ   org:CSTO   force:collective-rapid-reaction-forces   series:unbreakable-brotherhood
    place:zhambyl-region    person:tokayev

Spellings are resolved by the gazetteer (Azeri → Azerbaijan, KSOR = CRRF = CORF, Cambyl =
Zhambyl); people by surname, so "Tokayev" and "Kassym-Jomart Tokayev" are one person;
acronyms defined in the text ("Joint Rapid Force (JRF)") by their definition. Pure."""

from __future__ import annotations

import re

from ..models import Exercise, Mention
from ..text import slug
from .context import DocContext

_TITLE_MENTION = re.compile(r"\bthe\s+(?P<c>[A-Z][\w-]+?)(?:[’']s)?\s+(?P<t>president|prime\s+minister|"
                            r"(?:defen[cs]e\s+|foreign\s+)?minister)\b", re.I)
_FORMATION = re.compile(r"\b(?:Forces?|Brigade|Battalion|Regiment|Division|Command|Corps|Contingent|Group|Fleet)$")


def entity_id(label: str, key: str, ctx: DocContext) -> tuple[str, str]:
    """(entity id, entity type) for a gazetteer hit."""
    if label in ("COUNTRY", "DEMONYM"):
        c = ctx.gaz.country.get(key, {})
        return f"country:{c.get('iso2') or slug(key)}", "country"
    if label == "ORG":
        return f"org:{key}", "organization"
    if label == "FORCE":
        return f"force:{slug(key)}", "force"
    if label == "SERIES":
        return f"series:{slug(key)}", "series"
    return f"place:{slug(key)}", "place"


def extract_mentions(ctx: DocContext, exercises: list[Exercise]) -> list[Mention]:
    out: list[Mention] = []
    for e in exercises:
        for ev in e.evidence.get("name", []):
            out.append(Mention(f"series:{slug(e.name)}", ev, "SERIES"))
    for info in ctx.sents:
        for h in info.hits:
            if h.label == "SERIES":
                continue  # series are mentioned where an exercise name was recognized (below)
            eid, _ = entity_id(h.label, h.key, ctx)
            out.append(Mention(eid, ctx.evidence(h.start, h.end, info.sentence), h.label))
    text = ctx.document.text
    known_short = set(ctx.gaz.terms)
    for short, long in ctx.acronyms.items():
        if short in known_short or not _FORMATION.search(long):
            continue
        eid = f"force:{slug(long)}"
        for m in re.finditer(rf"\b{re.escape(short)}\b|{re.escape(long)}", text):
            info = next((i for i in ctx.sents if i.start <= m.start() < i.sentence.end), None)
            if info is not None:
                out.append(Mention(eid, ctx.evidence(m.start(), m.end(), info.sentence), "FORCE"))
    # "the Kazakh president", "Kazakhstan's defence minister": the one person the document
    # gives that title and country, if there is exactly one
    for m in _TITLE_MENTION.finditer(text):
        label, country = ctx.gaz.terms.get(m.group("c").replace("’", "'"), ("", ""))
        if label not in ("COUNTRY", "DEMONYM"):
            continue
        who = {n for n, c in ctx.people.country.items() if c == country
               and re.search(rf"{m.group('t')}\s+{re.escape(n)}", text, re.I)}
        info = next((i for i in ctx.sents if i.start <= m.start() < i.sentence.end), None)
        if len(who) == 1 and info is not None:
            name = who.pop()
            out.append(Mention(f"person:{slug(name.split()[-1])}", ctx.evidence(m.start(), m.end(), info.sentence),
                               "PERSON"))
    for pm in ctx.people.mentions:
        info = next((i for i in ctx.sents if i.start <= pm.start < i.sentence.end), None)
        if info is not None and len(pm.name) > 2:
            out.append(Mention(f"person:{slug(pm.name.split()[-1])}", ctx.evidence(pm.start, pm.end, info.sentence),
                               "PERSON"))
    unique = {(m.entity_id, m.evidence.start, m.evidence.end): m for m in out}
    return sorted(unique.values(), key=lambda m: (m.evidence.start, m.entity_id))


ENTITY_TYPES = {"country": "country", "org": "organization", "force": "force", "series": "series", "place": "place",
                "person": "person"}


def entity_type(eid: str) -> str:
    return ENTITY_TYPES[eid.split(":", 1)[0]]
