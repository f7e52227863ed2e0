"""HTML pages. Each reads the shared selection from the URL (empty form fields are not set),
shows it in one form with chips to clear each filter, and keeps it in every link. Errors are
pages (``error.html``), never raw JSON."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ...models import RECORD_TYPES
from ...query import explore, sql
from ...query.evidence import RecordEvidence
from ...query.selection import Selection
from ...query.views import Views
from ...store import Store
from .api import vectors_of
from .common import render, rendered, selection, shown
from .reviews import HINTS, add_form_fields, review_context

Sel = Annotated[Selection, Depends(selection)]
PER_PAGE = 50


def _int(raw: str | None, name: str) -> int | None:
    """An optional non-negative integer query parameter; blank is not set."""
    if raw is None or not raw.strip():
        return None
    if not (raw.strip().isascii() and raw.strip().isdigit()):
        raise HTTPException(422, f"'{name}' must be a whole number (got {raw[:20]!r}); leave it empty")
    return int(raw.strip())


def router(store: Store, views: Views, templates: Jinja2Templates) -> APIRouter:
    pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    evidence = RecordEvidence(views)

    def page(request: Request, name: str, sel: Selection, **ctx: Any) -> HTMLResponse:
        return render(templates, request, name, sel, **ctx)

    @pages.get("/")
    def timeline_page(request: Request, sel: Sel) -> HTMLResponse:
        return rendered(templates, views, request, "timeline.html", sel, lambda: {
            "tl": explore.timeline(views, sel), "stats": views.memo("stats", store.stats)})

    @pages.get("/network")
    def network_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "network.html", sel)

    @pages.get("/map")
    def map_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "map.html", sel)

    @pages.get("/table")
    def table_page(request: Request, sel: Sel, sort: Annotated[str, Query(max_length=20)] = "year",
                   dir: Annotated[str, Query(max_length=4)] = "asc",  # noqa: A002
                   page_no: Annotated[str | None, Query(alias="page", max_length=10)] = None) -> HTMLResponse:
        sort = sort if sort in explore.SORT_KEYS else "year"
        desc = dir == "desc"
        rows = explore.table(views, sel, sort, desc)
        pages_n = max(1, -(-len(rows) // PER_PAGE))
        n = min(max(_int(page_no, "page") or 1, 1), pages_n)
        return page(request, "table.html", sel, rows=rows[(n - 1) * PER_PAGE: n * PER_PAGE], total=len(rows),
                    columns=explore.COLUMNS, sort=sort, desc=desc, page_no=n, pages_n=pages_n)

    @pages.get("/countries")
    def countries_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "countries.html", sel, countries=explore.countries(views, sel))

    @pages.get("/countries/{name}")
    def country_page(request: Request, name: str, sel: Sel) -> HTMLResponse:
        vec = vectors_of(views, name, sel)

        def context() -> dict[str, Any]:
            mine = explore.rows_by_id(views, explore.select_ids(views, replace(sel, country=vec["country"])))
            return {"vec": vec, "records": mine}

        return rendered(templates, views, request, "country.html", sel, context)

    @pages.get("/organizations")
    def organizations_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "organizations.html", sel, orgs=explore.organizations(views))

    @pages.get("/organizations/{name}")
    def organization_page(request: Request, name: str, sel: Sel) -> HTMLResponse:
        try:
            org = explore.organization(views, sel, name)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from exc
        return page(request, "organization.html", sel, org=org)

    @pages.get("/documents")
    def documents_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "documents.html", sel, docs=explore.documents(views, sel))

    @pages.get("/disputes")
    def disputes_page(request: Request, sel: Sel,
                      page_no: Annotated[str | None, Query(alias="page", max_length=10)] = None) -> HTMLResponse:
        rows = explore.disputes(views, sel)
        pages_n = max(1, -(-len(rows) // PER_PAGE))
        n = min(max(_int(page_no, "page") or 1, 1), pages_n)
        return page(request, "disputes.html", sel, disputes=rows[(n - 1) * PER_PAGE: n * PER_PAGE], total=len(rows),
                    page_no=n, pages_n=pages_n)

    @pages.get("/records/{record_id}")
    def record_page(request: Request, record_id: str, sel: Sel) -> HTMLResponse:
        detail = evidence.build(record_id)
        if detail is None:
            raise HTTPException(404, f"no record {shown(record_id)}")
        return page(request, "record.html", sel, r=detail, **review_context(store, detail))

    @pages.get("/documents/{doc_id}")
    def document_page(request: Request, doc_id: str, sel: Sel,
                      start: Annotated[str | None, Query(max_length=12)] = None,
                      end: Annotated[str | None, Query(max_length=12)] = None) -> HTMLResponse:
        a, b = _int(start, "start"), _int(end, "end")
        d = store.get_document(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {shown(doc_id)}")
        sentences = []
        prev_end = 0
        for s in d.sentences:
            hl = a is not None and b is not None and s.start <= a < s.end
            if hl and a is not None and b is not None:
                i, j = a - s.start, min(b, s.end) - s.start
                parts = [(s.text[:i], False), (s.text[i:j], True), (s.text[j:], False)]
            else:
                parts = [(s.text, False)]
            sentences.append({"index": s.index, "start": s.start, "end": s.end, "parts": parts, "highlight": hl,
                              "gap": "\n" in d.text[prev_end:s.start]})
            prev_end = s.end
        records = sql.cards(store, sql.in_document(store, doc_id, tuple(t for t in RECORD_TYPES if t != "citation")))
        return page(request, "document.html", sel, d=d, sentences=sentences,
                    records=[{"id": r.id, "type": r.type_name, "title": r.title()} for r in records],
                    add_fields=add_form_fields(), hints=HINTS)

    @pages.get("/search")
    def search_page(request: Request, sel: Sel) -> HTMLResponse:
        return page(request, "search.html", sel, res=explore.search(views, sel))

    return pages
