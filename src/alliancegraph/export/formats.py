"""Analyst exports: CSV (one row per record), JSON (documents and records with evidence),
GraphML (the cooperation network, for Gephi or networkx) and GeoJSON (records placed at
their host country). Each carries the curated records with their review status (machine,
confirmed, corrected, added); rejected and merged records are left out."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import data
from ..nlp.gazetteer import gazetteer
from ..models import Deployment, Exercise, record_to_dict, record_type
from ..store import Store
from . import register


def _flat(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict) and "value" in v:
        return str(v["value"])
    if isinstance(v, list):
        return "; ".join(_flat(x) for x in v)
    return str(v)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(v: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: a text cell beginning with a formula
    character (``= + - @``, tab, CR) gets a leading single quote, as OWASP recommends against
    CSV injection; numbers and other text are written unchanged."""
    s = _flat(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return s
    return "'" + s if s.startswith(FORMULA_START) else s


@register("csv")
def export_csv(store: Store) -> str:
    """One row per record; text cells made safe for spreadsheets (see :func:`spreadsheet_safe`)."""
    cols = ["id", "type", "name", "year", "start", "end", "date", "hosts", "host", "organizer", "participants",
            "declined", "senders", "parties", "requested_by", "locations", "personnel", "equipment", "place",
            "speaker", "text", "aliases", "status", "kind", "disputed", "review", "sources"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols)
    for r in store.records():
        d = record_to_dict(r)
        d["disputed"] = sorted(r.disputes)
        w.writerow([spreadsheet_safe(d.get(c)) for c in cols])
    return buf.getvalue()


@register("json")
def export_json(store: Store) -> dict[str, Any]:
    return {"documents": [d.__dict__ for d in store.documents()],
            "records": [record_to_dict(r) for r in store.records()]}


@register("graphml")
def export_graphml(store: Store) -> str:
    import networkx as nx

    g = nx.Graph()
    for r in store.records("exercise"):
        assert isinstance(r, Exercise)
        g.add_node(r.id, label=f"{r.name} {r.year or ''}".strip(), kind="exercise", year=r.year or 0, review=r.review)
        for c in dict.fromkeys([*r.hosts, *r.participants]):
            g.add_node(f"country:{c}", label=c, kind="country")
            g.add_edge(f"country:{c}", r.id, role="host" if c in r.hosts else "participant")
        if r.organizer:
            g.add_node(f"org:{r.organizer}", label=r.organizer, kind="organization")
            g.add_edge(f"org:{r.organizer}", r.id, role="organizer")
    orgs = gazetteer().orgs
    for r in store.records("deployment"):
        assert isinstance(r, Deployment)
        for s in r.senders:
            kind = "organization" if s in orgs else "country"
            a, b = f"{'org' if s in orgs else 'country'}:{s}", f"country:{r.host}"
            g.add_node(a, label=s, kind=kind)
            g.add_node(b, label=r.host, kind="country")
            g.add_edge(a, b, role="deployment", record=r.id)
    return "\n".join(nx.generate_graphml(g)) + "\n"


@register("geojson")
def export_geojson(store: Store) -> dict[str, Any]:
    where = {c["name"]: (c["lon"], c["lat"]) for c in data.load("countries")["countries"]
             if c.get("lat") is not None and c.get("lon") is not None}
    features = []
    for r in store.records():
        if isinstance(r, Exercise):
            place = next((h for h in [*r.hosts, *r.participants] if h in where), None)
        elif isinstance(r, Deployment):
            place = r.host if r.host in where else None
        else:
            continue
        if place is None:
            continue
        d = record_to_dict(r)
        props = {k: _flat(d.get(k)) for k in ("name", "year", "start", "end", "hosts", "host", "participants",
                                               "senders", "organizer", "personnel")}
        props.update({"id": r.id, "type": record_type(r), "review": r.review, "placed_at": place,
                      "sources": list(r.sources)})
        lon, lat = where[place]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def render(fmt: str, store: Store) -> tuple[str, str]:
    """(body, media type) of an export."""
    from . import EXPORTERS

    out = EXPORTERS[fmt](store)
    if isinstance(out, str):
        media = {"csv": "text/csv", "graphml": "application/xml"}.get(fmt, "text/plain")
        return out, f"{media}; charset=utf-8"
    media = "application/geo+json" if fmt == "geojson" else "application/json"
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n", media
