"""What the API and page routers share: the selection read from the query string (empty fields
are not set; a value that cannot be read is a 422 with a one-line message), and page rendering
with the selection in every template (so every link keeps it); answers and pages computed once
per change of the knowledge base (``json_memo``, ``rendered``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ...query.selection import STATUSES, Selection, SelectionError
from ...query.views import Views

SHOWN_ID = 64  # longest id echoed back in an error message


def shown(value: str) -> str:
    """``value`` quoted for an error message, cut to SHOWN_ID characters."""
    return repr(value if len(value) <= SHOWN_ID else value[:SHOWN_ID] + "…")


SelCountry = Annotated[str | None, Query(max_length=100, description="Country name or demonym; empty = any")]
SelOrg = Annotated[str | None, Query(max_length=20, description="Organization or bloc (CSTO, NATO, SCO …); empty = any")]
SelType = Annotated[str | None, Query(max_length=20, description="exercise, deployment, agreement or quote; empty = any")]
SelStatus = Annotated[str | None, Query(max_length=20, description=f"{', '.join(STATUSES)}; empty = any")]
SelFrom = Annotated[str | None, Query(alias="from", max_length=20, description="First year (e.g. 2012); empty = no limit")]
SelTo = Annotated[str | None, Query(alias="to", max_length=20, description="Last year; empty = no limit")]
SelText = Annotated[str | None, Query(alias="q", max_length=200, description="Words the record must contain")]


def parse(params: dict[str, Any]) -> Selection:
    try:
        return Selection.parse(params)
    except SelectionError as exc:
        raise HTTPException(422, str(exc)) from exc


def selection(country: SelCountry = None, organization: SelOrg = None, type: SelType = None,  # noqa: A002
              status: SelStatus = None, year_from: SelFrom = None, year_to: SelTo = None,
              text: SelText = None) -> Selection:
    """The full selection (FastAPI dependency)."""
    return parse({"country": country, "organization": organization, "type": type, "status": status,
                  "from": year_from, "to": year_to, "q": text})


def selection_untyped(country: SelCountry = None, organization: SelOrg = None, status: SelStatus = None,
                      year_from: SelFrom = None, year_to: SelTo = None, text: SelText = None) -> Selection:
    """The selection for endpoints whose record type is fixed by the path."""
    return parse({"country": country, "organization": organization, "status": status, "from": year_from,
                  "to": year_to, "q": text})


def lenient(request: Request) -> Selection:
    """The selection of a request, or none when it cannot be read (for error pages)."""
    try:
        return Selection.parse(request.query_params)
    except SelectionError:
        return Selection()


def render(templates: Jinja2Templates, request: Request, name: str, sel: Selection | None = None,
           status_code: int = 200, **ctx: Any) -> HTMLResponse:
    sel = sel if sel is not None else lenient(request)
    return templates.TemplateResponse(request, name, {"sel": sel, "path": request.url.path,
                                                      "statuses": STATUSES, **ctx}, status_code=status_code)


def json_memo(views: Views, key: Hashable, compute: Callable[[], Any]) -> Response:
    """A JSON answer serialised once per version of the knowledge base (a new Response each time)."""
    body = views.memo(key, lambda: json.dumps(compute(), ensure_ascii=False, allow_nan=False,
                                              separators=(",", ":")).encode())
    return Response(body, media_type="application/json")


def rendered(templates: Jinja2Templates, views: Views, request: Request, name: str, sel: Selection,
             compute: Callable[[], dict[str, Any]]) -> HTMLResponse:
    """A page rendered once per version of the knowledge base, per path and selection (its
    templates read only the path from the request)."""
    path = request.url.path

    def html() -> str:
        return templates.get_template(name).render({"request": request, "sel": sel, "path": path,
                                                    "statuses": STATUSES, **compute()})

    return HTMLResponse(views.memo(("page", name, path, sel), html))
