"""What's new: the alerts raised by the rules (``/whats-new``, ``/alerts.atom`` for feed readers,
``/api/alerts``) and the records created or changed most recently."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ...models import record_from_dict
from ...query.alerts import atom_feed
from ...query.views import summary
from ...store import Store
from ...store import watch as state
from .common import render


def alerts_router(store: Store, templates: Jinja2Templates) -> APIRouter:
    router = APIRouter()

    @router.get("/api/alerts")
    def api_alerts(after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
        """Alerts raised by the alert rules, newest first (``after``: only newer than that alert id)."""
        return {"rules": state.rules(store), "items": state.alerts(store, after=after, limit=limit)}

    @router.get("/alerts.atom", include_in_schema=False)
    def alerts_atom(request: Request) -> Response:
        return Response(atom_feed(state.alerts(store, limit=100), str(request.base_url)),
                        media_type="application/atom+xml; charset=utf-8")

    @router.get("/whats-new", response_class=HTMLResponse, include_in_schema=False)
    def whats_new(request: Request) -> HTMLResponse:
        changes = [{**summary(record_from_dict(c["data"])), "change": c["change"], "at": c["at"]}
                   for c in state.recent_changes(store, 50)]
        return render(templates, request, "whats_new.html", alerts=state.alerts(store, limit=50),
                      rules=state.rules(store), changes=changes)

    return router
