"""Analyst review in the web app: the review actions (token required, each guarded by the
record's ETag sent back as ``If-Match``), adding a record from a selected span, the recent
actions and the review queue as JSON and as pages (``/reviews``, ``/review``), and what the
record page needs to show a record's review and its review panel.

Errors keep the API's one shape (``{"error": {"status", "message"}}``): no such record 404,
an action that cannot be carried out 422 (the message says what to do), a missing
``If-Match`` 428, a record changed since it was read 412 (its current ETag in the header)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from ...config import Settings
from ...models import LISTED
from ...query.evidence import RecordEvidence
from ...query.views import Views
from ...resolve.overrides import HIDDEN, ReviewError, editable_fields
from ...store import Store
from ...store.reviews import ConflictError
from .common import render, shown
from .writes import token_guard

Value = Annotated[str, Field(max_length=5000)] | int | Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=500)] | None
Limit = Annotated[int, Query(ge=1, le=1000)]
KINDS = tuple(cls.type_name for cls in LISTED)
# the fields the "add a record" form asks for first, per type (the others: correct them afterwards)
MAIN_FIELDS = {"exercise": ("name", "year", "start", "end", "hosts", "participants", "organizer", "locations"),
               "deployment": ("name", "senders", "host", "start", "end", "personnel"),
               "agreement": ("name", "parties", "date", "place"),
               "quote": ("speaker", "text")}
HINTS = {"list": "values separated by ;", "date": "2022, 2022-01 or 2022-01-05", "int": "a whole number",
         "text": ""}
QUEUE_SIZE = 200


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject", "merge", "split"]
    author: str = Field(min_length=1, max_length=100)
    reason: str | None = Field(None, max_length=2000)
    field: str | None = Field(None, max_length=40)
    op: Literal["set", "add", "remove"] = "set"
    value: Value = None
    other: str | None = Field(None, max_length=100, description="merge: the other record's id")
    documents: list[Annotated[str, Field(max_length=100)]] | None = Field(
        None, max_length=1000, description="split: the source documents that become the new record")


class SpanIn(BaseModel):
    document_id: str = Field(max_length=100)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class AddIn(BaseModel):
    type: Literal["exercise", "deployment", "agreement", "quote"]
    fields: dict[Annotated[str, Field(max_length=40)], Value] = Field(max_length=30)
    evidence: SpanIn
    author: str = Field(min_length=1, max_length=100)
    reason: str | None = Field(None, max_length=2000)


def _missing(exc: KeyError) -> HTTPException:
    return HTTPException(404, f"no record {shown(str(exc.args[0]) if exc.args else '')}")


def api_router(store: Store, settings: Settings) -> APIRouter:
    """The review actions: each wants the write token (RFC 6750 bearer), as every write does."""
    api = APIRouter(prefix="/api", dependencies=[Depends(token_guard(settings))], tags=["review"])

    @api.post("/records/{record_id}/review")
    def api_review(record_id: str, item: ReviewIn, response: Response,
                   if_match: Annotated[str | None, Header(alias="If-Match", max_length=100)] = None
                   ) -> dict[str, Any]:
        """Review a record: confirm, correct a field (set, add or remove a value), reject, merge
        with ``other``, split off ``documents``. Send the record's ``ETag`` (from
        ``GET /api/records/{id}``) as ``If-Match``: a record changed since is a 412."""
        if store.review_of(record_id) is None:
            raise HTTPException(404, f"no record {shown(record_id)}")
        if not if_match:
            raise HTTPException(428, "send If-Match with the record's ETag (the ETag header of "
                                     f"GET /api/records/{record_id}) so that no one's review is overwritten")
        try:
            out = store.review(item.action, record_id, author=item.author.strip(), reason=item.reason or None,
                               field=item.field, op=item.op, value=item.value, other_id=item.other,
                               documents=item.documents, if_match=if_match)
        except KeyError as exc:
            raise _missing(exc) from exc
        except ReviewError as exc:
            raise HTTPException(422, str(exc)) from exc
        except ConflictError as exc:
            now = store.review_of(record_id)
            raise HTTPException(412, str(exc), headers={"ETag": now["etag"]} if now else None) from exc
        response.headers["ETag"] = out["etag"]
        return out

    @api.post("/records", status_code=201)
    def api_add_record(item: AddIn, response: Response) -> dict[str, Any]:
        """Add a record the machine missed: its type and fields, and the span of a document
        (``start``/``end``: character offsets, within one sentence) that is its evidence."""
        try:
            out = store.review("add", None, author=item.author.strip(), reason=item.reason or None,
                               record={"type": item.type, "fields": item.fields},
                               evidence=item.evidence.model_dump())
        except KeyError as exc:
            raise HTTPException(404, f"no document {shown(item.evidence.document_id)}") from exc
        except ReviewError as exc:
            raise HTTPException(422, str(exc)) from exc
        response.headers["ETag"] = out["etag"]
        response.headers["Location"] = f"/api/records/{out['record']}"
        return out

    return api


def read_router(store: Store, views: Views, templates: Jinja2Templates) -> APIRouter:
    """What anyone reading the knowledge base sees of the review: recent actions and the queue."""
    router = APIRouter()
    evidence = RecordEvidence(views)

    @router.get("/api/reviews", tags=["review"])
    def api_reviews(flagged: bool = False, limit: Limit = 100) -> dict[str, Any]:
        """Recent review actions, newest first (``flagged``: only those needing re-review)."""
        items = store.reviews(limit, flagged=flagged)
        return {"total": len(items), "items": items}

    @router.get("/api/review/queue", tags=["review"])
    def api_review_queue(limit: Limit = 50) -> dict[str, Any]:
        """Records ordered by how much they need a review, with the reasons."""
        items = store.review_queue(limit)
        return {"total": len(items), "items": items}

    @router.get("/reviews", response_class=HTMLResponse, include_in_schema=False)
    def reviews_page(request: Request, flagged: Annotated[str | None, Query(max_length=5)] = None) -> HTMLResponse:
        only = flagged in ("1", "true", "on", "yes")
        return render(templates, request, "reviews.html", items=store.reviews(200, flagged=only), flagged=only)

    @router.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def queue_page(request: Request, at: Annotated[str | None, Query(max_length=6)] = None) -> HTMLResponse:
        items = store.review_queue(QUEUE_SIZE)
        n = int(at) if at and at.strip().isdigit() else 0
        n = min(n, max(len(items) - 1, 0))
        item = items[n] if items else None
        detail = evidence.build(item["id"]) if item else None
        return render(templates, request, "review_queue.html", items=items, at=n, item=item, r=detail,
                      review=store.review_of(item["id"]) if item else None,
                      sentences=evidence_sentences(detail) if detail else [])

    return router


def evidence_sentences(detail: dict[str, Any], limit: int = 8) -> list[dict[str, Any]]:
    """The distinct sentences a record rests on (its mentions first, then its fields')."""
    out, seen = [], set()
    for e in [*detail["mentions"], *(e for a in detail["attributes"] for e in a["evidence"])]:
        key = (e["document_id"], e["sentence"])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out[:limit]


def review_context(store: Store, detail: dict[str, Any]) -> dict[str, Any]:
    """What the record page shows of a record's review: status, ETag, flags, history, the banner
    of a hidden record, and the review panel's choices (editable fields and their current values,
    the source documents a split can take)."""
    review = store.review_of(detail["id"]) or {"status": "machine", "etag": "", "history": [], "flags": []}
    rec = store.record(detail["id"])
    kinds = editable_fields(detail["type"]) if detail["type"] in KINDS else {}
    values: dict[str, Any] = {}
    if rec is not None:
        for f in kinds:
            v = getattr(rec, f)
            values[f] = getattr(v, "value", v)
    banner = None
    if review["status"] in HIDDEN:
        if review["status"] == "merged":
            into = next((h["record"] for h in reversed(review["history"])
                         if h["action"] == "merge" and h["other"] == detail["id"] and h["active"]), None)
            banner = {"status": "merged", "into": into, "by": None}
        else:
            last = next((h for h in reversed(review["history"]) if h["action"] == "reject" and h["active"]), None)
            banner = {"status": "rejected", "into": None, "by": last}
    corrected = {h["field"] for h in review["history"] if h["action"] == "correct" and h["active"]
                 and h["record"] == detail["id"]}
    return {"review": review, "banner": banner, "fields": kinds, "hints": HINTS, "values": values,
            "reviewable": bool(kinds), "corrected": corrected}


def add_form_fields() -> dict[str, list[tuple[str, str]]]:
    """Per record type, the fields of the "add a record" form and their kinds."""
    out = {}
    for kind, names in MAIN_FIELDS.items():
        kinds = editable_fields(kind)
        out[kind] = [(f, kinds[f]) for f in names if f in kinds]
    return out
