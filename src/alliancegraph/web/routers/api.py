"""JSON API of the explorer: every endpoint reads the shared selection (country, organization,
type, status, from, to, q; empty = not set) and answers with the same read models the pages
and the CLI use (``query/explore.py``, ``query/vectors.py``)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from ...export import EXPORTERS
from ...export.formats import render as render_export
from ...models import record_type
from ...query import explore, sql
from ...query.evidence import with_sentences
from ...query.selection import Selection
from ...query.vectors import canonical, engagements, named
from ...query.views import Views
from ...store import Store
from .common import json_memo, selection, shown

Sel = Annotated[Selection, Depends(selection)]
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=500)]
SortKey = Annotated[str, Query(max_length=20, description="column to sort by: " + ", ".join(k for k, _ in explore.COLUMNS))]
SEGMENT_LIMIT = 50  # engagements listed for one chart segment (with their evidence)
Direction = Annotated[str, Query(pattern="^(asc|desc)$")]


class SelectedStore:
    """A store seen through a selection: ``records()`` and ``documents()`` give only the selected
    records and their documents, so every exporter exports exactly the selection."""

    def __init__(self, store: Store, records: list[Any]) -> None:
        self._store, self._records = store, records
        self._sources = {s for r in records for s in r.sources}

    def records(self, type_: str | None = None) -> list[Any]:
        return [r for r in self._records if type_ is None or record_type(r) == type_]

    def documents(self, **kw: Any) -> list[Any]:
        return [d for d in self._store.documents(**kw) if d.id in self._sources]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def vectors_of(views: Views, country: str, sel: Selection) -> dict[str, Any]:
    """The vectors of a country over the selection, computed once per change of the knowledge
    base (callers copy what they change)."""
    try:
        canon = canonical(country)
    except LookupError as exc:
        raise HTTPException(404, f"{shown(country)} is not a country name the knowledge base knows") from exc

    def compute() -> dict[str, Any]:
        # the records naming the country in the year range, by SQL; roles and blocs from their cards
        recs = explore.select(views, replace(sel, country=canon))
        return engagements(recs, canon, sel.year_from, sel.year_to, evidence=False)

    return views.memo(("vectors", canon, sel.without("country")), compute)


def router(store: Store, views: Views) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.get("/timeline", summary="Records of the selection by year and as spans for a time axis",
             response_model=dict[str, Any])
    def api_timeline(sel: Sel) -> Response:
        return json_memo(views, ("api/timeline", sel), lambda: explore.timeline(views, sel))

    @api.get("/network", summary="Exercises of the selection with their countries and organizers")
    def api_network(sel: Sel) -> dict[str, Any]:
        return views.network(**sel.filters())

    def vectors_json(name: str, sel: Selection) -> Response:
        vec = vectors_of(views, name, sel)
        return json_memo(views, ("api/vectors", vec["country"], sel.without("country")), lambda: vec)

    @api.get("/vectors", summary="A country's engagements per year, counted once per bloc (country required)",
             response_model=dict[str, Any])
    def api_vectors_q(sel: Sel) -> Response:
        if not sel.country:
            raise HTTPException(422, "'country' is required: /api/vectors?country=Kazakhstan")
        return vectors_json(sel.country, sel)

    @api.get("/vectors/{name}", summary="A country's engagements per year, counted once per bloc",
             response_model=dict[str, Any])
    def api_vectors(name: str, sel: Sel) -> Response:
        return vectors_json(name, sel)

    @api.get("/vectors/{name}/segment", summary="The engagements one chart segment (a year and a bloc) counts, "
                                                 "with evidence sentences")
    def api_vectors_segment(name: str, sel: Sel, year: Annotated[str, Query(max_length=9, description=
                            "a year, or 'undated'")], bloc: Annotated[str, Query(pattern="^(CSTO|NATO|SCO|other)$")]
                            ) -> dict[str, Any]:
        if year != "undated" and not (year.isascii() and year.isdigit() and 1000 <= int(year) <= 2999):
            raise HTTPException(422, f"'year' must be a year such as 2024 or 'undated' (got {year[:9]!r})")
        y = None if year == "undated" else int(year)
        vec = vectors_of(views, name, sel if y is None else replace(sel, year_from=y, year_to=y))
        rows = [dict(e) for e in vec["engagements"] if e["year"] == y and bloc in e["blocs"]]  # vec is shared
        lead = sql.lead_spans(store, [e["record"] for e in rows[:SEGMENT_LIMIT]])  # not the records in full
        names = sql.doc_names(store, {e["document_id"] for ev in lead for e in ev})
        spans = [named(ev, names) for ev in lead]
        full = iter(with_sentences(store, [x for ev in spans for x in ev]))  # one query for all of them
        for e, ev in zip(rows, spans):
            e["evidence"] = [next(full) for _ in ev]
        return {"country": vec["country"], "year": y, "bloc": bloc, "rule": vec["rule"], "total": len(rows),
                "engagements": rows[:SEGMENT_LIMIT]}

    @api.get("/map", summary="Exercises, deployments and agreements of the selection placed on a map")
    def api_map(sel: Sel) -> dict[str, Any]:
        return explore.map_points(views, sel)

    @api.get("/table", summary="One row per record of the selection, sorted and paginated")
    def api_table(sel: Sel, sort: SortKey = "year", dir: Direction = "asc",  # noqa: A002
                  page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        rows = explore.table(views, sel, sort, dir == "desc")
        return {"total": len(rows), "page": page, "per_page": per_page, "sort": sort, "dir": dir,
                "columns": [k for k, _ in explore.COLUMNS], "items": rows[(page - 1) * per_page: page * per_page]}

    @api.get("/table/export.{fmt}", summary="Every row of the selection as CSV or JSON (the table's columns)")
    def api_table_export(fmt: str, sel: Sel, sort: SortKey = "year", dir: Direction = "asc") -> Response:  # noqa: A002
        if fmt not in ("csv", "json"):
            raise HTTPException(404, f"unknown table format {shown(fmt)}; one of: csv, json")
        rows = explore.table(views, sel, sort, dir == "desc")
        if fmt == "csv":
            body, media = explore.table_csv(rows), "text/csv; charset=utf-8"
        else:
            body = json.dumps({"selection": sel.params(), "total": len(rows), "items": rows}, ensure_ascii=False,
                              indent=2) + "\n"
            media = "application/json"
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="alliancegraph-table.{fmt}"'})

    @api.get("/countries", summary="Countries named by the selection's records, with counts by type")
    def api_countries(sel: Sel) -> list[dict[str, Any]]:
        return explore.countries(views, sel)

    @api.get("/organizations/{name}", summary="An organization's members and the selection's records naming it")
    def api_organization(name: str, sel: Sel) -> dict[str, Any]:
        try:
            return explore.organization(views, sel, name)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from exc

    @api.get("/disputes", summary="Every disputed field of the selection with its values and sources")
    def api_disputes(sel: Sel, page: Page = 1, per_page: PerPage = 100) -> dict[str, Any]:
        rows = explore.disputes(views, sel)
        return {"total": len(rows), "page": page, "per_page": per_page,
                "items": rows[(page - 1) * per_page: page * per_page]}

    @api.get("/export/{fmt}", summary="The selection (all records when empty) in an export format")
    def api_export(fmt: str, sel: Sel) -> Response:
        if fmt not in EXPORTERS:
            raise HTTPException(404, f"unknown export format {shown(fmt)}; one of: {', '.join(sorted(EXPORTERS))}")
        source: Any = store if sel.is_empty() else SelectedStore(store, sql.full(store, explore.select_ids(views, sel)))
        body, media = render_export(fmt, source)
        ext = {"eval": "json", "geojson": "geojson"}.get(fmt, fmt)
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="alliancegraph.{ext}"'})

    return api
