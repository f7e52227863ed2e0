"""Read models for the web app and the JSON API: filtered record lists, the cooperation
network, record details with evidence (the timeline, table, map and search over the shared
selection are in ``explore.py``). Built from a
snapshot of the store that is reloaded only when the store changes."""

from __future__ import annotations

import gc
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
    countries: dict[str, frozenset[str]] = field(default_factory=dict)  # record id -> countries it names
    orgs: dict[str, frozenset[str]] = field(default_factory=dict)  # record id -> organizations it names
    cache: dict[str, Any] = field(default_factory=dict)  # read models derived from this snapshot


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
                                      {r.id: haystack(r) for r in recs},
                                      {r.id: frozenset(countries_of(r)) for r in recs},
                                      {r.id: frozenset(orgs_of(r)) for r in recs})
                # the snapshot lives until the store changes: keep the cyclic garbage collector from
                # walking its (at 10,000 documents, millions of) objects on every full collection
                gc.collect()
                gc.freeze()
            return self._snap

    # -- lists ------------------------------------------------------------------------------
    def records(self, type_: str | None = None, *, country: str | None = None, organization: str | None = None,
                year_from: int | None = None, year_to: int | None = None, text: str | None = None,
                status: str | None = None) -> list[Record]:
        snap = self.snapshot()
        kind = TYPES.get(type_ or "", type_)
        c = canonical_country(country) if country else None
        org = next((k for k in gazetteer().orgs if k.lower() == organization.lower()), organization.upper()
                   ) if organization else None
        words = fold_name(text).split() if text else []
        if text and text.strip() and not words:
            return []  # only punctuation (say "%" or "*"): nothing to match, not everything
        out = []
        for r in snap.records:
            if kind and record_type(r) != kind:
                continue
            if c and c not in snap.countries[r.id]:
                continue
            if org and org not in snap.orgs[r.id]:
                continue
            if status and getattr(r, "status", None) != status:
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
                                       "url": f"/organizations/{r.organizer}"})
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
