"""JSON API over the knowledge base: statistics, documents, record lists (with the shared
selection), one record with its evidence, entities, search with facets, a record's notes."""

from __future__ import annotations

import html
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from ...models import LISTED
from ...query import sql
from ...query.explore import search as explore_search
from ...query.selection import Selection
from ...query.serialize import document_json, document_summary_json
from ...query.views import Views, summary
from ...store import Store
from .common import selection, selection_untyped, shown

Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=500)]
EntityType = Annotated[Literal["country", "organization", "force", "series", "place", "person"] | None,
                       Query(description="Entity type")]
RECORD_LISTS = tuple(cls.plural for cls in LISTED)


def router(store: Store, views: Views) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.get("/stats")
    def api_stats() -> dict[str, int]:
        return views.memo("stats", store.stats)

    @api.get("/documents")
    def api_documents(page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        docs = views.documents()
        items = [document_summary_json(d) for d in docs[(page - 1) * per_page: page * per_page]]
        return {"total": len(docs), "page": page, "per_page": per_page, "items": items}

    @api.get("/documents/{doc_id}")
    def api_document(doc_id: str) -> dict[str, Any]:
        d = store.get_document(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {shown(doc_id)}")
        return document_json(d)

    def list_endpoint(kind: str) -> Any:
        def handler(sel: Annotated[Selection, Depends(selection_untyped)], page: Page = 1, per_page: PerPage = 50
                    ) -> dict[str, Any]:
            f = views.filter(kind, **sel.filters())  # one page of ids, and the count, by SQL
            ids = [] if f is None else sql.ids(store, f, limit=per_page, offset=(page - 1) * per_page)
            items = [summary(r) for r in sql.cards(store, ids)]
            return {"total": 0 if f is None else sql.count(store, f), "page": page, "per_page": per_page, "items": items}

        handler.__name__ = f"api_{kind}"
        return handler

    for kind in RECORD_LISTS:
        api.get(f"/{kind}", summary=f"List {kind} (selection: country, organization, status, from, to, q)")(
            list_endpoint(kind))

    @api.get("/records/{record_id}")
    def api_record(record_id: str, response: Response) -> dict[str, Any]:
        """One record with its evidence and its review (status, history, flags; rejected and
        merged records too). The ``ETag`` header is what a review of it sends as ``If-Match``."""
        detail = views.record_detail(record_id)
        review = store.review_of(record_id)
        if detail is None or review is None:
            raise HTTPException(404, f"no record {shown(record_id)}")
        response.headers["ETag"] = review["etag"]
        return {**detail, "review": {k: review[k] for k in ("status", "etag", "history", "flags")}}

    @api.get("/records/{record_id}/notes")
    def api_notes(record_id: str) -> list[dict[str, Any]]:
        try:
            return store.notes(record_id)
        except KeyError as exc:
            raise HTTPException(404, f"no record {shown(record_id)}") from exc

    @api.get("/entities")
    def api_entities(type: EntityType = None,  # noqa: A002
                     page: Page = 1, per_page: PerPage = 100) -> dict[str, Any]:
        rows = store.entities(type)
        return {"total": len(rows), "page": page, "per_page": per_page,
                "items": rows[(page - 1) * per_page: page * per_page]}

    @api.get("/search", summary="Records of the selection matching q, with facets, and matching articles")
    def api_search(sel: Annotated[Selection, Depends(selection)]) -> dict[str, Any]:
        res = explore_search(views, sel)
        for d in res["documents"]:
            d["snippet"] = "".join(f"<mark>{html.escape(t)}</mark>" if hl else html.escape(t) for t, hl in d["snippet"])
        return res

    return api
