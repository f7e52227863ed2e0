"""Read models of the analyst's explorer, all over one :class:`~.selection.Selection`: the
table (rows analysts copy into spreadsheets, sortable, paginated, exported as CSV/JSON), the
map (records placed at their location or host country, coloured by bloc), the index pages
(documents, countries, organizations, disputes) and a record's evidence as full sentences.

Shared by the web pages, the JSON API and the exports, so each shows the same rows. Which
records a selection keeps, and the counts of facets and index pages, come from SQL
(``sql.py``); the records shown are read by id."""

from __future__ import annotations

import csv
import dataclasses
import io
from functools import cache
from typing import Any

from .. import data
from ..models import Agreement, Deployment, Exercise, Record, record_type
from ..nlp.gazetteer import gazetteer
from . import sql
from .selection import Selection
from .vectors import BLOCS, blocs_of
from .views import Views, summary, year_of

LISTED_TYPES = ("exercise", "deployment", "agreement", "quote")
# (key, heading) of the table and its CSV export, in order
COLUMNS: list[tuple[str, str]] = [
    ("type", "type"), ("title", "title"), ("year", "year"), ("start", "start"), ("end", "end"),
    ("hosts", "host(s)"), ("organizer", "organizer"), ("parties", "participants / senders / parties"),
    ("locations", "locations"), ("personnel", "personnel"), ("status", "status"), ("disputed", "disputed"),
    ("sources", "sources"), ("id", "id"),
]
SORT_KEYS = {k for k, _ in COLUMNS}
SEARCH_KEPT = 500  # ids kept per search selection (a page of results is at most this long)


def selected(views: Views, sel: Selection) -> sql.Filter | None:
    """The selection as a filter of the query tables (citations are never listed); None when
    nothing can match."""
    if sel.type and sel.type not in LISTED_TYPES:
        return None
    return views.filter(sel.type, types=LISTED_TYPES, **sel.filters())


def select_ids(views: Views, sel: Selection) -> list[str]:
    """Ids of the records of a selection, in list order."""
    f = selected(views, sel)
    return [] if f is None else sql.ids(views.store, f)


def select(views: Views, sel: Selection) -> list[Record]:
    """The records of a selection (cards, without evidence spans; citations are never listed)."""
    return sql.cards(views.store, select_ids(views, sel))


# -- table ------------------------------------------------------------------------------------
def _date(v: Any) -> str:
    return v.value if v is not None and hasattr(v, "value") else ""


def row(r: Record) -> dict[str, Any]:
    """One table row: plain strings and numbers, lists joined with '; '."""
    hosts: list[str] = []
    parties: list[str] = []
    if isinstance(r, Exercise):
        hosts, parties = list(r.hosts), list(r.participants)
    elif isinstance(r, Deployment):
        hosts, parties = [r.host] if r.host else [], list(r.senders)
    elif isinstance(r, Agreement):
        parties = list(r.parties)
    start = _date(getattr(r, "start", None)) or _date(getattr(r, "date", None))
    locations = list(getattr(r, "locations", []) or []) or ([r.place] if isinstance(r, Agreement) and r.place else [])
    return {"id": r.id, "type": record_type(r), "title": r.title(), "year": year_of(r), "start": start,
            "end": _date(getattr(r, "end", None)), "hosts": "; ".join(hosts),
            "organizer": getattr(r, "organizer", None) or "", "parties": "; ".join(parties),
            "locations": "; ".join(locations), "personnel": getattr(r, "personnel", None),
            "status": getattr(r, "status", None) or "", "disputed": "; ".join(sorted(r.disputes)),
            "sources": "; ".join(r.sources)}


def rows_by_id(views: Views, ids: list[str], chunk: int = 2000) -> list[dict[str, Any]]:
    """Table rows of the records ``ids``, in that order: rows not built yet are built from the
    cards a chunk at a time (only the rows are kept, not the records)."""
    cache = views.cache("rows")
    missing = [i for i in ids if i not in cache]
    for k in range(0, len(missing), chunk):
        for r in sql.cards(views.store, missing[k:k + chunk]):
            cache[r.id] = row(r)
    return [cache[i] for i in ids if i in cache]


def table(views: Views, sel: Selection, sort: str = "year", descending: bool = False) -> list[dict[str, Any]]:
    """Every row of the selection, sorted (blank values last whichever the direction). The last
    orders asked for are kept until the store changes, so paging through a table sorts it once."""
    key = sort if sort in SORT_KEYS else "year"
    orders = views.cache("tables")
    if (sel, key, descending) in orders:
        return list(orders[(sel, key, descending)])
    if len(orders) >= 32:
        orders.clear()
    rows = rows_by_id(views, select_ids(views, sel))
    present = [r for r in rows if r[key] not in (None, "")]
    blank = [r for r in rows if r[key] in (None, "")]
    present.sort(key=lambda r: (r[key] if isinstance(r[key], int) else str(r[key]).casefold(), r["title"]),
                 reverse=descending)
    orders[(sel, key, descending)] = out = present + sorted(blank, key=lambda r: r["title"])
    return list(out)


def table_csv(rows: list[dict[str, Any]]) -> str:
    """CSV of table rows; cells that a spreadsheet would run as a formula get a leading quote."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([k for k, _ in COLUMNS])
    for r in rows:
        w.writerow([_cell(r[k]) for k, _ in COLUMNS])
    return buf.getvalue()


def _cell(v: Any) -> str:
    s = "" if v is None else str(v)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


# -- map -------------------------------------------------------------------------------------
@cache
def _coords() -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """(capital of each country, known places) as (lon, lat), from ``data/coordinates.json``."""
    c = data.load("coordinates")
    return ({k: (v["lon"], v["lat"]) for k, v in c["capitals"].items()},
            {k: (v["lon"], v["lat"]) for k, v in c["places"].items()})


def _capital_name(country: str) -> str:
    return str(data.load("coordinates")["capitals"][country]["capital"])


def place_of(r: Record) -> tuple[float, float, str, str] | None:
    """(lon, lat, where, how it was chosen) of a record, or None when it cannot be placed: its
    first location with known coordinates (a place, or a country's capital), else the host's
    capital (an agreement's place, else its first party's capital)."""
    capitals, places = _coords()
    gaz = gazetteer()
    where = [*(getattr(r, "locations", []) or []), *([r.place] if isinstance(r, Agreement) and r.place else [])]
    for loc in where:
        if loc in places:
            return (*places[loc], loc, "location")
        if loc in capitals:
            return (*capitals[loc], loc, "location's capital")
        country = gaz.places.get(loc, {}).get("country")
        if country in capitals:
            return (*capitals[country], f"{loc}, {country}", "capital of the location's country")
    hosts = r.hosts if isinstance(r, Exercise) else [r.host] if isinstance(r, Deployment) else []
    for h in hosts:
        if h in capitals:
            return (*capitals[h], f"{_capital_name(h)}, {h}", "host's capital")
    parties = r.participants if isinstance(r, Exercise) else r.parties if isinstance(r, Agreement) else []
    for p in parties:
        if p in capitals:
            return (*capitals[p], f"{_capital_name(p)}, {p}", "first party's capital")
    return None


def bloc_key(r: Record, cache: dict[str, str] | None = None) -> str:
    """The colour of a record: its one bloc, "several", or "other" (kept in ``cache`` when
    given, one kept until the store changes)."""
    cache = cache if cache is not None else {}
    if r.id not in cache:
        blocs, _ = blocs_of(r, "", year_of(r))
        cache[r.id] = blocs[0] if len(blocs) == 1 else "several"
    return str(cache[r.id])


def map_points(views: Views, sel: Selection) -> dict[str, Any]:
    points, unplaced = [], 0
    blocs = views.cache("bloc")
    f = selected(views, sel)
    placeable = tuple(t for t in (f.types if f else ()) if t != "quote")  # quotes have no place
    ids = sql.ids(views.store, dataclasses.replace(f, types=placeable)) if f and placeable else []
    for r in sql.cards(views.store, ids):
        placed = place_of(r)
        if placed is None:
            unplaced += 1
            continue
        lon, lat, at, how = placed
        points.append({"id": r.id, "type": record_type(r), "title": r.title(), "year": year_of(r),
                       "lon": lon, "lat": lat, "placed_at": at, "placed_by": how,
                       "bloc": bloc_key(r, blocs), "personnel": getattr(r, "personnel", None)})
    return {"points": points, "unplaced": unplaced, "blocs": [*BLOCS, "several", "other"]}


# -- index pages ---------------------------------------------------------------------------
def documents(views: Views, sel: Selection) -> list[dict[str, Any]]:
    """Documents with the number of records of the selection found in each (documents with
    none are listed only when the selection is empty)."""
    f = selected(views, sel)
    counts = {} if f is None else sql.source_counts(views.store, f)
    out = []
    for d in views.documents():
        n = counts.get(d.id, 0)
        if n or sel.is_empty():
            out.append({"id": d.id, "name": d.name, "title": d.title or d.name, "published": d.published,
                        "outlet": d.outlet, "records": n, "words": d.word_count})
    return sorted(out, key=lambda d: (d["published"] or "", d["name"]), reverse=True)


def _memo(views: Views, name: str, key: Any, compute: Any) -> Any:
    """``compute()`` kept until the store changes, under (name, key); at most 32 kept per name."""
    memo = views.cache(name)
    if key not in memo:
        if len(memo) >= 32:
            memo.clear()
        memo[key] = compute()
    return memo[key]


def countries(views: Views, sel: Selection) -> list[dict[str, Any]]:
    """Countries named by the selection's records, with counts by type (busiest first)."""
    return list(_memo(views, "countries", sel, lambda: _countries(views, sel)))


def _countries(views: Views, sel: Selection) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    f = selected(views, sel.without("country"))
    counts = {} if f is None else sql.actor_counts(views.store, f, "country", by_type=True)
    for (c, type_), n in sorted(counts.items()):
        if c not in rows:
            rows[c] = {"name": c, "exercise": 0, "deployment": 0, "agreement": 0, "quote": 0,
                       "blocs": gazetteer().bloc_of(c, None)}
        rows[c][type_] += n
    return sorted(rows.values(), key=lambda e: (-(e["exercise"] + e["deployment"] + e["agreement"]), e["name"]))


def organization(views: Views, sel: Selection, name: str, limit: int = 100) -> dict[str, Any]:
    """An organization's members (with years) and the records naming it (the first ``limit`` of
    each type, ``totals`` gives how many); LookupError if unknown."""
    gaz = gazetteer()
    key = next((k for k in gaz.orgs if k.lower() == name.strip().lower()), None)
    if key is None:
        hit = gaz.terms.get(name.strip())
        key = hit[1] if hit and hit[0] == "ORG" else None
    if key is None:
        raise LookupError(f"{name[:64]!r} is not an organization the knowledge base knows (try CSTO, NATO, SCO)")
    o = gaz.orgs[key]
    f = selected(views, sel.without("organization"))
    mine: dict[str, list[str]] = {t: [] for t in LISTED_TYPES}
    for t in LISTED_TYPES:
        if f is not None and t in f.types:
            mine[t] = sql.ids(views.store, dataclasses.replace(f, organization=key, types=(t,)))
    members = sorted(o.get("members", []), key=lambda m: (m["country"], m.get("from") or 0))
    return {"acronym": key, "name": o.get("name", key), "kind": o.get("kind"), "bloc": o.get("bloc"),
            "members": members, "observers": o.get("observers", []),
            "totals": {t: len(mine[t]) for t in LISTED_TYPES},
            "records": {t: rows_by_id(views, mine[t][:limit]) for t in LISTED_TYPES}}


def organizations(views: Views) -> list[dict[str, Any]]:
    gaz = gazetteer()
    counts = sql.actor_counts(views.store, sql.Filter(), "organization")
    return [{"acronym": k, "name": o.get("name", k), "records": counts.get(k, 0), "members": len(o.get("members", []))}
            for k, o in sorted(gaz.orgs.items(), key=lambda kv: (-counts.get(kv[0], 0), kv[0]))]


def disputes(views: Views, sel: Selection) -> list[dict[str, Any]]:
    """Every disputed field of the selection with its values and their sources."""
    cache = views.cache("disputes")
    f = selected(views, sel)
    ids = [] if f is None else sql.ids(views.store, dataclasses.replace(f, disputed=True))
    missing = [rid for rid in ids if rid not in cache]
    recs = sql.full(views.store, missing)
    names = sql.doc_names(views.store, {s for r in recs for v in r.disputes.values() for x in v
                                        for s in x.get("sources", [])})  # type: ignore[union-attr]
    for r in recs:
        if r.id not in cache:
            cache[r.id] = [{"record": r.id, "title": r.title(), "type": record_type(r), "field": fld,
                            "values": [{"value": v.get("value"), "sources": [
                                {"id": s, "name": names.get(s, s), **_span_in(r, fld, s)}
                                for s in v.get("sources", [])]} for v in values]}  # type: ignore[union-attr]
                           for fld, values in sorted(r.disputes.items())]
    return [row for rid in ids for row in cache.get(rid, [])]


def _span_in(r: Record, fld: str, doc_id: str) -> dict[str, Any]:
    """The position of a field's evidence in one document (for links to the sentence)."""
    for e in r.evidence.get(fld, []):
        if e.document_id == doc_id:
            return {"start": e.start, "end": e.end, "sentence": e.sentence_index}
    return {}


# -- timeline and search ---------------------------------------------------------------------
def timeline(views: Views, sel: Selection) -> dict[str, Any]:
    """Records of the selection (exercises unless a type is chosen) by year, and as spans for a
    time axis: one row per series (an exercise's name), each edition from start to end."""
    from dataclasses import replace

    recs = select(views, sel if sel.type else replace(sel, type="exercise"))
    blocs = views.cache("bloc")
    years: dict[int | None, list[dict[str, Any]]] = {}
    spans = []
    for r in sorted(recs, key=lambda r: (year_of(r) or 0, _date(getattr(r, "start", None) or getattr(r, "date", None)),
                                         r.title())):
        years.setdefault(year_of(r), []).append(summary(r))
        start = getattr(r, "start", None) or getattr(r, "date", None)
        end = getattr(r, "end", None)
        y = year_of(r)
        if start is None and y is None:
            continue
        spans.append({"id": r.id, "title": r.title(), "series": getattr(r, "name", "") or r.title(),
                      "type": record_type(r), "start": start.value if start else str(y),
                      "end": end.value if end else (start.value if start else str(y)),
                      "precision": start.precision if start else "year", "disputed": sorted(r.disputes),
                      "organizer": getattr(r, "organizer", None), "bloc": bloc_key(r, blocs)})
    return {"years": [{"year": y, "records": v} for y, v in
                      sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))],
            "spans": spans, "total": len(recs)}


def search(views: Views, sel: Selection, limit: int = 50) -> dict[str, Any]:
    """Records of the selection (words from ``q``) with facets, and matching articles. The ids
    and facets of the last selections searched are kept until the store changes (a common
    word matches thousands of records)."""
    f = selected(views, sel) if sel.q else None
    ids: list[str] = []
    total = 0
    facets: dict[str, dict[str, int]] = {"type": {}, "country": {}, "organization": {}, "year": {}}
    if f is not None:
        kept = views.cache("search")
        key = (f, max(limit, SEARCH_KEPT))
        if key not in kept:
            if len(kept) >= 256:
                kept.clear()
            found = sql.ids(views.store, f)
            kept[key] = (found[:key[1]], len(found), sql.facets(views.store, f) if found else facets)
        ids, total, facets = kept[key]
    docs = [{"id": h.document_id, "title": h.title, "snippet": h.parts(), "score": h.score}
            for h in views.store.search(sel.q, limit=20)] if sel.q else []
    return {"query": sel.q or "", "records": [summary(r) for r in sql.cards(views.store, ids[:limit])],
            "total": total,
            "documents": docs, "facets": {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
                                          for k, v in facets.items()}}
