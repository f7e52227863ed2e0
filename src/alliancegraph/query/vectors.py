"""A country's "vectors": the engagements (exercises, deployments, agreements) it took part
in, per year, counted once per bloc each engagement involves, with the evidence behind each.

Which blocs an engagement involves (:data:`RULE`): the organizer's bloc when the organizer (or
an organization among the parties) has a bloc (a CSTO exercise counts for the CSTO only, however
many partners joined); otherwise the blocs the *other* parties belonged to that year (a bilateral exercise
with a country in two blocs counts once for each); "other" when none of them is in a bloc.
The CLI (``alliancegraph vectors``), ``/api/vectors`` and the country page read this one
function, so they give the same numbers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..models import Agreement, Deployment, Exercise, Record, record_type
from ..nlp.gazetteer import gazetteer
from ..store import Store
from ..store.facts import lead_spans

BLOCS = ("CSTO", "NATO", "SCO")
BLOC_KEYS = (*BLOCS, "other")
RULE = ("Each exercise, deployment or agreement counts once per bloc it involves: the organizer's bloc "
        "when it has an organizer (or a party) that is a bloc organization, else the blocs of the other parties that year "
        "(\"other\" when none is in a bloc).")


def canonical(country: str) -> str:
    """The gazetteer's name for a country name or demonym; LookupError when unknown."""
    gaz = gazetteer()
    hit = gaz.terms.get(country.strip().replace("’", "'"))
    if hit and hit[0] in ("COUNTRY", "DEMONYM"):
        return hit[1]
    match = next((c for c in gaz.country if c.lower() == country.strip().lower()), None)
    if match is None:
        raise LookupError(f"{country!r} is not a country name the knowledge base knows")
    return match


def role_of(rec: Record, country: str) -> str | None:
    """How the country takes part in a record (host, participant, sender, party), or None."""
    if isinstance(rec, Exercise):
        if country in rec.hosts:
            return "host"
        return "participant" if country in rec.participants else None
    if isinstance(rec, Deployment):
        if country == rec.host:
            return "host"
        return "sender" if country in rec.senders else None
    if isinstance(rec, Agreement):
        return "party" if country in rec.parties else None
    return None


def others_of(rec: Record, country: str) -> list[str]:
    """The other countries and organizations taking part (declined ones excluded)."""
    if isinstance(rec, Exercise):
        side = [*rec.hosts, *rec.participants]
    elif isinstance(rec, Deployment):
        side = [rec.host, *rec.senders]
    elif isinstance(rec, Agreement):
        side = list(rec.parties)
    else:
        side = []
    return [x for x in dict.fromkeys(side) if x and x != country]


def blocs_of(rec: Record, country: str, year: int | None) -> tuple[list[str], str]:
    """(blocs the engagement counts for, the basis: "organizer" | "partners" | "none")."""
    gaz = gazetteer()
    organizer = getattr(rec, "organizer", None)
    if organizer and gaz.orgs.get(organizer, {}).get("bloc") in BLOCS:
        return [gaz.orgs[organizer]["bloc"]], "organizer"
    others = others_of(rec, country)
    # a bloc organization among the parties (a CSTO contingent's senders) stands for its organizer
    acting = [gaz.orgs[o]["bloc"] for o in others if gaz.orgs.get(o, {}).get("bloc") in BLOCS]
    if acting:
        return [b for b in BLOCS if b in acting], "organizer"
    found: set[str] = set()
    for o in others:
        if o not in gaz.orgs:
            found.update(_bloc_of(o, year))
    if found:
        return [b for b in BLOCS if b in found], "partners"
    return ["other"], "none"


@lru_cache(maxsize=8192)
def _bloc_of(country: str, year: int | None) -> tuple[str, ...]:
    return tuple(b for b in gazetteer().bloc_of(country, year) if b in BLOCS)


def evidence_of(rec: Record, doc_names: dict[str, str], limit: int = 3) -> list[dict[str, Any]]:
    """The first evidence spans of an engagement (in distinct sentences) with document names."""
    return named(lead_spans(rec.evidence, limit), doc_names)


def named(spans: list[dict[str, Any]], doc_names: dict[str, str]) -> list[dict[str, Any]]:
    """Spans of :func:`~alliancegraph.store.facts.lead_spans` with their document's name."""
    return [{"document_id": e["document_id"], "document": doc_names.get(e["document_id"], e["document_id"]),
             **{k: e[k] for k in ("sentence", "start", "end", "text")}} for e in spans]


def engagements(records: list[Record], country: str, year_from: int | None = None, year_to: int | None = None,
                doc_names: dict[str, str] | None = None, evidence: bool = True) -> dict[str, Any]:
    """The vectors of ``country`` (canonical name) over ``records``; ``evidence=False`` leaves
    out each engagement's evidence spans (the API serves them per chart segment)."""
    doc_names = doc_names or {}
    rows: list[dict[str, Any]] = []
    for rec in records:
        role = role_of(rec, country)
        if role is None:
            continue
        y = rec.when()
        if (year_from is not None or year_to is not None) and y is None:
            continue
        if (year_from is not None and y < year_from) or (year_to is not None and y > year_to):  # type: ignore[operator]
            continue
        blocs, basis = blocs_of(rec, country, y)
        rows.append({"record": rec.id, "type": record_type(rec), "title": rec.title(), "year": y, "role": role,
                     "organizer": getattr(rec, "organizer", None), "partners": others_of(rec, country),
                     "blocs": blocs, "basis": basis, "sources": list(rec.sources),
                     **({"evidence": evidence_of(rec, doc_names)} if evidence else {})})
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["title"]))
    years: dict[int | None, dict[str, Any]] = {}
    for r in rows:
        row = years.setdefault(r["year"], {"year": r["year"], "engagements": 0, **{b: 0 for b in BLOC_KEYS}})
        row["engagements"] += 1
        for b in r["blocs"]:
            row[b] += 1
    by_bloc = {b: [r for r in rows if b in r["blocs"]] for b in BLOC_KEYS}
    return {"country": country, "from": year_from, "to": year_to, "rule": RULE, "blocs": list(BLOC_KEYS),
            "years": [years[y] for y in sorted(years, key=lambda y: (y is None, y or 0))],
            "totals": {b: len(v) for b, v in by_bloc.items()}, "engagements": rows}


def vectors(store: Store, country: str, year_from: int | None = None, year_to: int | None = None) -> dict[str, Any]:
    """:func:`engagements` of a country (name or demonym) over the whole store: the records
    naming it in the year range found by SQL, read in full (with their evidence)."""
    from . import sql

    canon = canonical(country)
    ids = sql.ids(store, sql.Filter(types=("exercise", "deployment", "agreement"), country=canon,
                                    year_from=year_from, year_to=year_to))
    recs = sql.full(store, ids)
    names = sql.doc_names(store, {e.document_id for r in recs for v in r.evidence.values() for e in v})
    return engagements(recs, canon, year_from, year_to, names)
