"""The ``alliancegraph-eval/1`` export (see the project's SCHEMA): one JSON object with the
documents and the resolved exercises, deployments, agreements and quotes."""

from __future__ import annotations

from typing import Any

from ..models import Agreement, DateValue, Deployment, Exercise, Quote, Record
from ..store import Store
from . import register

SCHEMA_ID = "alliancegraph-eval/1"


def _d(v: DateValue | None) -> str | None:
    return v.value if v else None


def _exercise(r: Exercise, ids: dict[str, str]) -> dict[str, Any]:
    return {"name": r.name, "aliases": r.aliases, "year": r.year, "start": _d(r.start), "end": _d(r.end),
            "hosts": r.hosts, "organizer": r.organizer, "participants": r.participants, "declined": r.declined,
            "locations": r.locations, "personnel": r.personnel, "equipment": r.equipment,
            "sources": _sources(r, ids)}


def _deployment(r: Deployment, ids: dict[str, str]) -> dict[str, Any]:
    return {"name": r.name, "senders": r.senders, "host": r.host, "requested_by": r.requested_by,
            "start": _d(r.start), "end": _d(r.end), "personnel": r.personnel, "sources": _sources(r, ids)}


def _agreement(r: Agreement, ids: dict[str, str]) -> dict[str, Any]:
    return {"name": r.name, "aliases": r.aliases, "parties": r.parties, "date": _d(r.date), "place": r.place,
            "sources": _sources(r, ids)}


def _quote(r: Quote, ids: dict[str, str]) -> dict[str, Any]:
    return {"speaker": r.speaker, "text": r.text, "sources": _sources(r, ids)}


def _sources(r: Record, ids: dict[str, str]) -> list[str]:
    return sorted({ids.get(s, s) for s in r.sources})


@register("eval")
def export_eval(store: Store) -> dict[str, Any]:
    docs = store.documents()
    ids = {d.id: d.name for d in docs}  # a newer version is exported under its file's name
    out: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "documents": [{"id": d.name, "published": d.published, "title": d.title} for d in docs],
        "exercises": [], "deployments": [], "agreements": [], "quotes": [],
    }
    for r in store.records():
        if isinstance(r, Exercise):
            out["exercises"].append(_exercise(r, ids))
        elif isinstance(r, Deployment):
            out["deployments"].append(_deployment(r, ids))
        elif isinstance(r, Agreement):
            out["agreements"].append(_agreement(r, ids))
        elif isinstance(r, Quote):
            out["quotes"].append(_quote(r, ids))
    return out
