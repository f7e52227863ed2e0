"""Read models for the web app and the JSON API: filtered record lists, the cooperation
network, record details with evidence (the timeline, table, map and search over the shared
selection are in ``explore.py``). Selections are answered by SQL over the query tables
(``sql.py``); records are read by id, as cards (without evidence) for lists and in full for a
record's page. Results are kept until the store changes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..models import PLURALS, Exercise, Record, record_to_dict, record_type
from ..nlp.gazetteer import gazetteer
from ..store import DocumentSummary, Store
from ..text import fold_name
from . import sql

T = TypeVar("T")
MEMO_SIZE = 64  # results kept per version of the store: the unfiltered pages and the common filters

TYPES = PLURALS


class Views:
    """Query functions over one store; results cached per version of the store (thread-safe)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._memo: dict[Hashable, Any] = {}
        self._caches: dict[str, dict[Any, Any]] = {}
        self._version: tuple[int, ...] | None = None

    def version(self) -> tuple[int, ...]:
        """The store's version; what was kept for an older one is dropped."""
        version = self.store.version()
        with self._lock:
            if self._version != version:
                self._memo, self._caches, self._version = {}, {}, version
        return version

    def cache(self, name: str) -> dict[Any, Any]:
        """A dictionary kept until the store changes (rows, orders, colours derived from it)."""
        self.version()
        with self._lock:
            return self._caches.setdefault(name, {})

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per version of the store: a query result or rendered page is reused
        until the knowledge base changes (the first MEMO_SIZE keys of a version are kept)."""
        version = self.version()
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if self._version == version and len(self._memo) < MEMO_SIZE:
                self._memo[key] = value
        return value

    def documents(self) -> list[DocumentSummary]:
        """The current documents (kept until the store changes)."""
        cache = self.cache("documents")
        if "all" not in cache:
            cache["all"] = self.store.documents()
        return cache["all"]  # type: ignore[no-any-return]

    # -- lists ------------------------------------------------------------------------------
    def filter(self, type_: str | None = None, *, country: str | None = None, organization: str | None = None,
               year_from: int | None = None, year_to: int | None = None, text: str | None = None,
               status: str | None = None, types: tuple[str, ...] = ()) -> sql.Filter | None:
        """The selection in the query tables' terms; None when it cannot match anything (a
        text of punctuation only, say "%" or "*", matches nothing, not everything)."""
        kind = TYPES.get(type_ or "", type_)
        words = tuple(fold_name(text).split()) if text else ()
        if text and text.strip() and not words:
            return None
        org = next((k for k in gazetteer().orgs if k.lower() == organization.lower()), organization.upper()
                   ) if organization else None
        return sql.Filter(types=(kind,) if kind else types, country=canonical_country(country) if country else None,
                          organization=org, status=status, year_from=year_from, year_to=year_to, words=words)

    def ids(self, type_: str | None = None, **filters: Any) -> list[str]:
        """Ids of the selected records in list order (type, undated first, year, name, id)."""
        f = self.filter(type_, **filters)
        return [] if f is None else sql.ids(self.store, f)

    def records(self, type_: str | None = None, **filters: Any) -> list[Record]:
        """The selected records (cards: without evidence spans) in list order."""
        return sql.cards(self.store, self.ids(type_, **filters))

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

    def record(self, rid: str) -> Record | None:
        """One record with its evidence."""
        found = sql.full(self.store, [rid])
        return found[0] if found else None

    def record_detail(self, rid: str) -> dict[str, Any] | None:
        r = self.record(rid)
        if r is None:
            return None
        data = record_to_dict(r)
        evidence = data.pop("evidence")
        names = sql.doc_names(self.store, [*r.sources, *(e["document_id"] for v in evidence.values() for e in v)])
        attrs = []
        for k, v in data.items():
            if k in ("id", "type", "sources", "disputes"):
                continue
            ev = [{"document": names.get(e["document_id"], e["document_id"]), "document_id": e["document_id"],
                   "sentence": e["sentence_index"], "start": e["start"], "end": e["end"], "text": e["text"]}
                  for e in evidence.get(k, [])]
            value = v["value"] if isinstance(v, dict) and "value" in v else v
            attrs.append({"field": k, "value": value, "evidence": ev, "disputed": r.disputes.get(k)})
        mentions = [{"document": names.get(e["document_id"], e["document_id"]), "document_id": e["document_id"],
                     "sentence": e["sentence_index"], "start": e["start"], "end": e["end"], "text": e["text"]}
                    for e in evidence.get("", [])]
        return {"id": r.id, "type": record_type(r), "title": title_of(r), "attributes": attrs,
                "sources": [{"id": s, "name": names.get(s, s)} for s in r.sources],
                "mentions": mentions, "disputes": r.disputes}


def canonical_country(name: str) -> str:
    gaz = gazetteer()
    hit = gaz.terms.get(name.replace("’", "'"))
    if hit and hit[0] in ("COUNTRY", "DEMONYM"):
        return hit[1]
    return next((c for c in gaz.country if c.lower() == name.lower()), name)


def year_of(r: Record) -> int | None:
    return r.when()


def title_of(r: Record) -> str:
    return r.title()


def summary(r: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "type": record_type(r), "title": title_of(r), "year": year_of(r),
                           "sources": list(r.sources), "disputed": sorted(r.disputes)}
    for f in ("name", "start", "end", "date", "hosts", "participants", "organizer", "host", "senders", "parties",
              "speaker", "status"):
        v = getattr(r, f, None)
        if v is not None:
            out[f] = v.value if hasattr(v, "value") else v
    return out
