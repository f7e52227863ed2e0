"""Read models for the web app and the JSON API: filtered record lists, the cooperation
network, record details with evidence (the timeline, table, map and search over the shared
selection are in ``explore.py``). Built from a
snapshot of the store that is reloaded only when the store changes."""

from __future__ import annotations

import bisect
import gc
import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..nlp.gazetteer import gazetteer
from ..text import fold_name
from ..models import PLURALS, Exercise, Record, record_to_dict, record_type
from ..store import DocumentSummary, Store

T = TypeVar("T")
MEMO_SIZE = 64  # results kept per snapshot: the unfiltered pages and the common filters

TYPES = PLURALS


@dataclass
class Snapshot:
    version: tuple[int, ...]
    records: list[Record]
    by_id: dict[str, Record]
    documents: list[DocumentSummary]
    doc_name: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)  # record id -> folded searchable text
    # every record's searchable text in record order, one per line, and where each starts:
    # a word is looked for once over all records (str.find) rather than once per record
    corpus: str = ""
    starts: list[int] = field(default_factory=list)

    def containing(self, word: str) -> list[int]:
        """Indexes (in ``records``) of the records whose searchable text contains ``word``."""
        found: list[int] = []
        at = self.corpus.find(word)
        while at != -1:
            i = bisect.bisect_right(self.starts, at) - 1
            found.append(i)
            at = self.corpus.find(word, self.starts[i + 1]) if i + 1 < len(self.starts) else -1
        return found

    countries: dict[str, frozenset[str]] = field(default_factory=dict)  # record id -> countries it names
    orgs: dict[str, frozenset[str]] = field(default_factory=dict)  # record id -> organizations it names
    cache: dict[str, Any] = field(default_factory=dict)  # read models derived from this snapshot


class Views:
    """Query functions over one store; thread-safe snapshot cache."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()
        self._memo: dict[Hashable, Any] = {}
        self._memo_version: tuple[int, ...] | None = None

    def snapshot(self) -> Snapshot:
        version = self.store.version()
        with self._lock:
            if self._snap is None or self._snap.version != version:
                recs = self.store.records()
                docs = self.store.documents()
                texts = [haystack(r) for r in recs]
                starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0)) if texts else []
                self._snap = Snapshot(version, recs, {r.id: r for r in recs}, docs, {d.id: d.name for d in docs},
                                      text=dict(zip((r.id for r in recs), texts, strict=True)),
                                      corpus="\n".join(texts), starts=starts,
                                      countries={r.id: frozenset(countries_of(r)) for r in recs},
                                      orgs={r.id: frozenset(orgs_of(r)) for r in recs})
                # the snapshot lives until the store changes: keep the cyclic garbage collector from
                # walking its (at 10,000 documents, millions of) objects on every full collection
                gc.collect()
                gc.freeze()
            return self._snap

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot: a query result or rendered page is reused until the
        knowledge base changes (the first MEMO_SIZE keys of a snapshot are kept)."""
        version = self.snapshot().version
        with self._lock:
            if self._memo_version != version:
                self._memo, self._memo_version = {}, version
            if key in self._memo:
                return self._memo[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if self._memo_version == version and len(self._memo) < MEMO_SIZE:
                self._memo[key] = value
        return value

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
        by_year = year_from is not None or year_to is not None
        candidates = snap.records
        if words:  # the records containing the first word, then the others among those
            candidates = [snap.records[i] for i in snap.containing(words[0])]
            if len(words) > 1:
                candidates = [r for r in candidates if all(w in snap.text[r.id] for w in words[1:])]
        out = []
        for r in candidates:
            if kind and record_type(r) != kind:
                continue
            if c and c not in snap.countries[r.id]:
                continue
            if org and org not in snap.orgs[r.id]:
                continue
            if status and getattr(r, "status", None) != status:
                continue
            if by_year:
                y = year_of(r)
                if y is None or (year_from is not None and y < year_from) or (year_to is not None and y > year_to):
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
        r = snap.by_id.get(rid) or self.store.record(rid)  # rejected and merged records are not listed
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
