"""A country's "vectors": its cooperation partners grouped by bloc, per year, with counts of
exercises, deployments and agreements and the evidence behind each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..nlp.gazetteer import gazetteer
from ..models import Agreement, Deployment, Exercise, Record
from ..store import Store

BLOCS = ("CSTO", "NATO", "SCO")


@dataclass
class Partner:
    name: str
    kind: str  # country | organization
    counts: dict[str, int] = field(default_factory=lambda: {"exercises": 0, "deployments": 0, "agreements": 0})
    years: set[int] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _year(rec: Record) -> int | None:
    return rec.when()


def _partners(rec: Record, country: str) -> list[str] | None:
    """The others in a record the country takes part in, or None when it does not."""
    if isinstance(rec, Exercise):
        side = set(rec.participants) | set(rec.hosts)
        if country not in side:
            return None
        return sorted(side - {country}) + ([rec.organizer] if rec.organizer else [])
    if isinstance(rec, Deployment):
        if country == rec.host:
            return list(rec.senders)
        if country in rec.senders:
            return [rec.host, *[s for s in rec.senders if s != country]]
        return None
    if isinstance(rec, Agreement):
        return [p for p in rec.parties if p != country] if country in rec.parties else None
    return None


def _evidence(rec: Record, store_names: dict[str, str]) -> dict[str, Any]:
    spans = rec.evidence.get("") or next(iter(rec.evidence.values()), [])
    first = spans[0] if spans else None
    return {"record": rec.id, "name": getattr(rec, "name", ""), "year": _year(rec),
            "documents": sorted(store_names.get(s, s) for s in rec.sources),
            "text": first.text if first else None,
            "document": store_names.get(first.document_id, first.document_id) if first else None,
            "start": first.start if first else None, "end": first.end if first else None}


def vectors(store: Store, country: str, year_from: int | None = None, year_to: int | None = None, *,
            records: list[Record] | None = None, doc_names: dict[str, str] | None = None) -> dict[str, Any]:
    """``records`` and ``doc_names`` (document id -> name), when given, are the store's records and
    document names already in memory (the web app's snapshot); else they are read from the store."""
    gaz = gazetteer()
    canon = country
    hit = gaz.terms.get(country.replace("’", "'"))
    if hit and hit[0] in ("COUNTRY", "DEMONYM"):
        canon = hit[1]
    if canon not in gaz.country:
        match = next((c for c in gaz.country if c.lower() == country.lower()), None)
        if match is None:
            raise LookupError(f"{country!r} is not a country name the knowledge base knows")
        canon = match
    names = doc_names if doc_names is not None else {d.id: d.name for d in store.documents()}
    partners: dict[str, Partner] = {}
    for rec in records if records is not None else store.records():
        kind = {Exercise: "exercises", Deployment: "deployments", Agreement: "agreements"}.get(type(rec))
        if kind is None:
            continue
        y = _year(rec)
        if (year_from is not None or year_to is not None) and y is None:
            continue
        if (year_from is not None and y < year_from) or (year_to is not None and y > year_to):  # type: ignore[operator]
            continue
        others = _partners(rec, canon)
        if not others:
            continue
        for o in dict.fromkeys(others):
            p = partners.setdefault(o, Partner(o, "organization" if o in gaz.orgs else "country"))
            p.counts[kind] += 1
            if y is not None:
                p.years.add(y)
            p.evidence.append(_evidence(rec, names))
    blocs: dict[str, list[dict[str, Any]]] = {b: [] for b in (*BLOCS, "other")}
    for p in sorted(partners.values(), key=lambda p: (-sum(p.counts.values()), p.name)):
        if p.kind == "organization":
            member_of = [gaz.orgs[p.name].get("bloc")] if gaz.orgs[p.name].get("bloc") else []
        else:
            years = sorted(p.years) or [None]
            member_of = sorted({b for y in years for b in gaz.bloc_of(p.name, y)})  # type: ignore[arg-type]
        entry = {"partner": p.name, "kind": p.kind, **p.counts, "years": sorted(p.years), "evidence": p.evidence}
        for b in [b for b in member_of if b in BLOCS] or ["other"]:
            blocs[b].append(entry)
    return {"country": canon, "from": year_from, "to": year_to, "blocs": blocs,
            "totals": {b: len(v) for b, v in blocs.items()}}
