"""Read models for the web app and the JSON API: filtered record lists, the timeline, the
cooperation network, record details with evidence, search with facets. Built from a
snapshot of the store that is reloaded only when the store changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..nlp.gazetteer import gazetteer
from ..text import fold_name
from ..models import PLURALS, Exercise, Record, record_to_dict, record_type
from ..store import DocumentSummary, Store

TYPES = PLURALS


@dataclass
class Snapshot:
    version: tuple[int, ...]
    records: list[Record]
    by_id: dict[str, Record]
    documents: list[DocumentSummary]
    doc_name: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)  # record id -> folded searchable text


class Views:
    """Query functions over one store; thread-safe snapshot cache."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        version = self.store.version()
        with self._lock:
            if self._snap is None or self._snap.version != version:
                recs = self.store.records()
                docs = self.store.documents()
                self._snap = Snapshot(version, recs, {r.id: r for r in recs}, docs, {d.id: d.name for d in docs},
                                      {r.id: haystack(r) for r in recs})
            return self._snap

    # -- lists ------------------------------------------------------------------------------
    def records(self, type_: str | None = None, *, country: str | None = None, organization: str | None = None,
                year_from: int | None = None, year_to: int | None = None, text: str | None = None
                ) -> list[Record]:
        snap = self.snapshot()
        kind = TYPES.get(type_ or "", type_)
        c = canonical_country(country) if country else None
        org = organization.upper() if organization else None
        words = fold_name(text).split() if text else []
        if text and text.strip() and not words:
            return []  # only punctuation (say "%" or "*"): nothing to match, not everything
        out = []
        for r in snap.records:
            if kind and record_type(r) != kind:
                continue
            if c and c not in countries_of(r):
                continue
            if org and org not in orgs_of(r):
                continue
            y = year_of(r)
            if (year_from is not None or year_to is not None) and y is None:
                continue
            if year_from is not None and y is not None and y < year_from:
                continue
            if year_to is not None and y is not None and y > year_to:
                continue
            if words and not all(w in snap.text[r.id] for w in words):
                continue
            out.append(r)
        return out

    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        exercises = self.records("exercise", **filters)
        years: dict[int | None, list[dict[str, Any]]] = {}
        for r in sorted(exercises, key=lambda r: (year_of(r) or 0, _date(r), r.name)):  # type: ignore[attr-defined]
            years.setdefault(year_of(r), []).append(summary(r))
        return [{"year": y, "exercises": v} for y, v in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]

    def network(self, **filters: Any) -> dict[str, Any]:
        nodes: dict[str, dict[str, Any]] = {}
        links: list[dict[str, Any]] = []
        for r in self.records("exercise", **filters):
            assert isinstance(r, Exercise)
            nodes[r.id] = {"id": r.id, "label": f"{r.name} {r.year or ''}".strip(), "kind": "exercise",
                           "url": f"/records/{r.id}"}
            for c in dict.fromkeys([*r.hosts, *r.participants]):
                cid = f"country:{c}"
                nodes.setdefault(cid, {"id": cid, "label": c, "kind": "country", "url": f"/countries/{c}"})
                links.append({"source": cid, "target": r.id, "role": "host" if c in r.hosts else "participant"})
            if r.organizer:
                oid = f"org:{r.organizer}"
                nodes.setdefault(oid, {"id": oid, "label": r.organizer, "kind": "organization",
                                       "url": f"/search?q={r.organizer}"})
                links.append({"source": oid, "target": r.id, "role": "organizer"})
        return {"nodes": list(nodes.values()), "links": links}

    def record_detail(self, rid: str) -> dict[str, Any] | None:
        snap = self.snapshot()
        r = snap.by_id.get(rid)
        if r is None:
            return None
        data = record_to_dict(r)
        evidence = data.pop("evidence")
        attrs = []
        for k, v in data.items():
            if k in ("id", "type", "sources", "disputes"):
                continue
            ev = [{"document": snap.doc_name.get(e["document_id"], e["document_id"]), "document_id": e["document_id"],
                   "sentence": e["sentence_index"], "start": e["start"], "end": e["end"], "text": e["text"]}
                  for e in evidence.get(k, [])]
            value = v["value"] if isinstance(v, dict) and "value" in v else v
            attrs.append({"field": k, "value": value, "evidence": ev, "disputed": r.disputes.get(k)})
        mentions = [{"document": snap.doc_name.get(e["document_id"], e["document_id"]), "document_id": e["document_id"],
                     "sentence": e["sentence_index"], "start": e["start"], "end": e["end"], "text": e["text"]}
                    for e in evidence.get("", [])]
        return {"id": r.id, "type": record_type(r), "title": title_of(r), "attributes": attrs,
                "sources": [{"id": s, "name": snap.doc_name.get(s, s)} for s in r.sources],
                "mentions": mentions, "disputes": r.disputes}

    def search(self, q: str, *, type_: str | None = None, country: str | None = None,
               organization: str | None = None, year: int | None = None, limit: int = 50) -> dict[str, Any]:
        recs = self.records(type_, country=country, organization=organization, year_from=year, year_to=year,
                            text=q) if q.strip() else []
        facets: dict[str, dict[str, int]] = {"type": {}, "country": {}, "organization": {}, "year": {}}
        for r in recs:
            _bump(facets["type"], record_type(r))
            for c in countries_of(r):
                _bump(facets["country"], c)
            for o in orgs_of(r):
                _bump(facets["organization"], o)
            if year_of(r) is not None:
                _bump(facets["year"], str(year_of(r)))
        docs = [{"id": h.document_id, "title": h.title, "snippet": h.parts(), "score": h.score}
                for h in self.store.search(q, limit=20)] if q.strip() else []
        return {"query": q, "records": [summary(r) for r in recs[:limit]], "total": len(recs),
                "documents": docs, "facets": {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in
                                              facets.items()}}


def _bump(d: dict[str, int], k: str) -> None:
    d[k] = d.get(k, 0) + 1


def _date(r: Record) -> str:
    d = getattr(r, "start", None) or getattr(r, "date", None)
    return d.value if d else ""


def canonical_country(name: str) -> str:
    gaz = gazetteer()
    hit = gaz.terms.get(name.replace("’", "'"))
    if hit and hit[0] in ("COUNTRY", "DEMONYM"):
        return hit[1]
    return next((c for c in gaz.country if c.lower() == name.lower()), name)


def countries_of(r: Record) -> set[str]:
    orgs = gazetteer().orgs
    return {a for a in r.actors() if a not in orgs}


def orgs_of(r: Record) -> set[str]:
    orgs = gazetteer().orgs
    return {a for a in r.actors() if a in orgs}


def year_of(r: Record) -> int | None:
    return r.when()


def title_of(r: Record) -> str:
    return r.title()


def haystack(r: Record) -> str:
    parts = [title_of(r), *(getattr(r, "aliases", []) or []), *countries_of(r), *orgs_of(r),
             getattr(r, "text", "") or "", *(getattr(r, "locations", []) or [])]
    return " " + fold_name(" ".join(parts)) + " "


def summary(r: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "type": record_type(r), "title": title_of(r), "year": year_of(r),
                           "sources": list(r.sources), "disputed": sorted(r.disputes)}
    for f in ("name", "start", "end", "date", "hosts", "participants", "organizer", "host", "senders", "parties",
              "speaker", "status"):
        v = getattr(r, f, None)
        if v is not None:
            out[f] = v.value if hasattr(v, "value") else v
    return out
