"""FastAPI application over a :class:`~alliancegraph.store.Store`: a JSON API and
server-rendered pages (Jinja, autoescaped) with small scripts served by the app itself.

Article text is untrusted: templates escape everything, pages carry a strict
Content-Security-Policy (scripts from this origin only, no inline script), and scripts
write text with ``textContent``, never HTML. Every JSON error has one shape:
``{"error": {"status": 404, "message": "…"}}``.
"""

from __future__ import annotations

import hmac
import html
import secrets
import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..config import Settings
from ..export import EXPORTERS
from ..models import LISTED
from ..export.formats import render
from ..query.vectors import vectors as compute_vectors
from ..query.views import TYPES, Views, summary
from ..store import Store

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
RECORD_LISTS = tuple(cls.plural for cls in LISTED)

Country = Annotated[str | None, Query(max_length=100, description="Country name or demonym")]
Org = Annotated[str | None, Query(max_length=20, description="Organization acronym (CSTO, NATO, SCO …)")]
YearFrom = Annotated[int | None, Query(alias="from", ge=1000, le=2999)]
YearTo = Annotated[int | None, Query(alias="to", ge=1000, le=2999)]
Text = Annotated[str | None, Query(alias="q", max_length=200, description="Words the record must contain")]
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=500)]
RecordType = Annotated[Literal["exercise", "exercises", "deployment", "deployments", "agreement", "agreements",
                               "quote", "quotes", "citation", "citations"] | None,
                       Query(description="Record type")]
EntityType = Annotated[Literal["country", "organization", "force", "series", "place", "person"] | None,
                       Query(description="Entity type")]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(
    auto_error=False, description="The server's write token (--write-token-file or ALLIANCEGRAPH_TOKEN)"))]
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
SHOWN_ID = 64  # longest id echoed back in an error message


def shown(value: str) -> str:
    """``value`` quoted for an error message, cut to SHOWN_ID characters."""
    return repr(value if len(value) <= SHOWN_ID else value[:SHOWN_ID] + "…")


def allowed_hosts(settings: Settings) -> list[str]:
    """Host header values the app answers: loopback names, the address it binds (unless it is a
    wildcard) and ``settings.allowed_hosts`` (comma-separated; ``*`` turns the check off)."""
    hosts = list(LOOPBACK_HOSTS)
    if settings.host not in ("0.0.0.0", "::", ""):
        hosts.append(f"[{settings.host}]" if ":" in settings.host else settings.host)
    hosts += [h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()]
    return list(dict.fromkeys(hosts))



def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}


class NoteIn(BaseModel):
    note: str = Field(max_length=5000)
    hidden: bool = False


class UrlIn(BaseModel):
    url: str = Field(max_length=2000, pattern=r"^https?://")


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The app over ``store``. It is read-only unless ``settings.write_token`` is set; every write
    endpoint then wants ``Authorization: Bearer <token>``."""
    settings = settings or Settings.load(env={})
    views = Views(store)
    app = FastAPI(title="alliancegraph", version="0.1.0", docs_url=None, redoc_url=None,  # no CDN assets
                  description="Source-linked knowledge base of international security cooperation.")
    base = resources.files("alliancegraph.web")
    templates = Jinja2Templates(directory=str(base / "templates"))
    app.mount("/static", StaticFiles(directory=str(base / "static")), name="static")
    # A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and read this
    # server from the analyst's browser; it cannot make the browser send one of our Host names.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request) and request.method == "GET":
            page = templates.TemplateResponse(request, "error.html", {"status": exc.status_code,
                                                                      "message": str(exc.detail)},
                                              status_code=exc.status_code)
            return page
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        msg = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return JSONResponse(error_body(422, msg or "invalid request"), status_code=422)

    # -- JSON API ------------------------------------------------------------------------

    @app.get("/api/stats")
    def api_stats() -> dict[str, int]:
        return store.stats()

    @app.get("/api/documents")
    def api_documents(page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        docs = views.snapshot().documents
        items = [d.__dict__ for d in docs[(page - 1) * per_page: page * per_page]]
        return {"total": len(docs), "page": page, "per_page": per_page, "items": items}

    @app.get("/api/documents/{doc_id}")
    def api_document(doc_id: str) -> dict[str, Any]:
        d = store.get_document(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {shown(doc_id)}")
        return {"id": d.id, "title": d.title, "outlet": d.outlet, "url": d.url, "source": d.source,
                "published": d.published.value if d.published else None,
                "published_rule": d.published.rule if d.published else None,
                "text": d.text, "sentences": [s.__dict__ for s in d.sentences]}

    def list_endpoint(kind: str) -> Any:
        def handler(country: Country = None, organization: Org = None, year_from: YearFrom = None,
                    year_to: YearTo = None, text: Text = None, page: Page = 1, per_page: PerPage = 50
                    ) -> dict[str, Any]:
            recs = views.records(kind, country=country, organization=organization, year_from=year_from,
                                 year_to=year_to, text=text)
            items = [summary(r) for r in recs[(page - 1) * per_page: page * per_page]]
            return {"total": len(recs), "page": page, "per_page": per_page, "items": items}

        handler.__name__ = f"api_{kind}"
        return handler

    for kind in RECORD_LISTS:
        app.get(f"/api/{kind}", summary=f"List {kind} (filters: country, organization, from, to, q)")(
            list_endpoint(kind))

    @app.get("/api/records/{record_id}")
    def api_record(record_id: str) -> dict[str, Any]:
        detail = views.record_detail(record_id)
        if detail is None:
            raise HTTPException(404, f"no record {shown(record_id)}")
        return detail

    @app.get("/api/entities")
    def api_entities(type: EntityType = None,  # noqa: A002
                     page: Page = 1, per_page: PerPage = 100) -> dict[str, Any]:
        rows = store.entities(type)
        return {"total": len(rows), "page": page, "per_page": per_page,
                "items": rows[(page - 1) * per_page: page * per_page]}

    @app.get("/api/search")
    def api_search(q: Annotated[str, Query(max_length=200)] = "", type: RecordType = None,  # noqa: A002
                   country: Country = None, organization: Org = None,
                   year: Annotated[int | None, Query(ge=1000, le=2999)] = None) -> dict[str, Any]:
        res = views.search(q, type_=type, country=country, organization=organization, year=year)
        for d in res["documents"]:
            d["snippet"] = "".join(f"<mark>{html.escape(t)}</mark>" if hl else html.escape(t) for t, hl in d["snippet"])
        return res

    @app.get("/api/timeline")
    def api_timeline(country: Country = None, organization: Org = None, year_from: YearFrom = None,
                     year_to: YearTo = None, text: Text = None) -> list[dict[str, Any]]:
        return views.timeline(country=country, organization=organization, year_from=year_from, year_to=year_to,
                              text=text)

    @app.get("/api/network")
    def api_network(country: Country = None, organization: Org = None, year_from: YearFrom = None,
                    year_to: YearTo = None) -> dict[str, Any]:
        return views.network(country=country, organization=organization, year_from=year_from, year_to=year_to)

    @app.get("/api/vectors/{country}")
    def api_vectors(country: str, year_from: YearFrom = None, year_to: YearTo = None) -> dict[str, Any]:
        try:
            return compute_vectors(store, country, year_from, year_to)
        except LookupError as exc:
            raise HTTPException(404, f"{shown(country)} is not a country name the knowledge base knows") from exc

    @app.get("/api/export/{fmt}")
    def api_export(fmt: str) -> Response:
        if fmt not in EXPORTERS:
            raise HTTPException(404, f"unknown export format {shown(fmt)}; one of: {', '.join(sorted(EXPORTERS))}")
        body, media = render(fmt, store)
        ext = {"eval": "json", "geojson": "geojson"}.get(fmt, fmt)
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="alliancegraph.{ext}"'})

    # -- writes: token required ---------------------------------------------------------
    def require_token(credentials: Credentials) -> None:
        """RFC 6750: ``Authorization: Bearer <token>``, the scheme in any case, the token compared
        in constant time. Anything else (no scheme, another scheme, a wrong token) is 401."""
        if not settings.write_token:
            raise HTTPException(401, "this server is read-only; start it with a write token to allow writes",
                                headers={"WWW-Authenticate": 'Bearer realm="alliancegraph"'})
        given = credentials.credentials.strip() if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), settings.write_token.encode()):
            error = ', error="invalid_token"' if credentials is not None else ""
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": f'Bearer realm="alliancegraph"{error}'})

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes:
            raise HTTPException(413, f"upload larger than {settings.max_upload_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_upload_bytes:
                raise HTTPException(413, f"upload larger than {settings.max_upload_bytes} bytes")
        return bytes(body)

    def run_ingest(inputs: list[str], names: dict[str, str] | None = None) -> dict[str, Any]:
        from ..workflow import ingest

        report = ingest(inputs, settings, store, names=names)
        if report.failed and not report.new:
            raise HTTPException(422, report.failed[0])
        return {"stored": [r.document_id for r in report.stored],
                "duplicates": [d for _, d in report.duplicates], "refused": report.failed}

    @app.post("/api/ingest", status_code=201, dependencies=[Depends(require_token)])
    async def api_ingest_upload(request: Request, filename: Annotated[str, Query(
            max_length=200, pattern=r"^[\w .-]+\.(txt|md|markdown|html|htm|jsonl)$")]) -> dict[str, Any]:
        """Ingest one uploaded file (the request body); ``filename`` gives its name and format."""
        body = await read_body(request)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(filename).name  # a bare name: no path from the client is used
            path.write_bytes(body)
            # messages and the stored source name the upload, never the server's temporary folder;
            # a random part keeps two uploads of the same name apart (they are not versions of one file)
            name = f"upload-{secrets.token_hex(4)}/{path.name}"
            return await run_in_threadpool(run_ingest, [str(path)], {str(path): name})

    @app.post("/api/ingest/url", status_code=201, dependencies=[Depends(require_token)])
    async def api_ingest_url(item: UrlIn) -> dict[str, Any]:
        """Fetch and ingest an http(s) URL (private and loopback addresses are refused unless the
        server runs with --allow-private)."""
        return await run_in_threadpool(run_ingest, [item.url])

    @app.post("/api/records/{record_id}/notes", status_code=201, dependencies=[Depends(require_token)])
    def api_add_note(record_id: str, item: NoteIn) -> dict[str, Any]:
        """Curate a record: add a note, or hide it from lists."""
        try:
            return store.add_note(record_id, item.note, item.hidden)
        except KeyError as exc:
            raise HTTPException(404, f"no record {shown(record_id)}") from exc

    @app.get("/api/records/{record_id}/notes")
    def api_notes(record_id: str) -> list[dict[str, Any]]:
        try:
            return store.notes(record_id)
        except KeyError as exc:
            raise HTTPException(404, f"no record {shown(record_id)}") from exc

    from .alerts import alerts_router

    app.include_router(alerts_router(store, templates))

    # -- pages -----------------------------------------------------------------------------
    def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, country: Country = None, organization: Org = None,
                      year_from: YearFrom = None, year_to: YearTo = None, text: Text = None) -> HTMLResponse:
        years = views.timeline(country=country, organization=organization, year_from=year_from, year_to=year_to,
                               text=text)
        return page(request, "timeline.html", years=years, stats=store.stats(),
                    filters={"country": country or "", "organization": organization or "",
                             "from": year_from or "", "to": year_to or "", "q": text or ""})

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request) -> HTMLResponse:
        return page(request, "network.html")

    @app.get("/countries/{name}", response_class=HTMLResponse, include_in_schema=False)
    def country_page(request: Request, name: str) -> HTMLResponse:
        try:
            vec = compute_vectors(store, name)
        except LookupError as exc:
            raise HTTPException(404, f"{shown(name)} is not a country name the knowledge base knows") from exc
        return page(request, "country.html", vec=vec, records=[summary(r) for r in views.records(
            None, country=vec["country"]) if r.__class__.__name__ != "Quote"])

    @app.get("/records/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    def record_page(request: Request, record_id: str) -> HTMLResponse:
        detail = views.record_detail(record_id)
        if detail is None:
            raise HTTPException(404, f"no record {shown(record_id)}")
        return page(request, "record.html", r=detail)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, start: Annotated[int | None, Query(ge=0)] = None,
                      end: Annotated[int | None, Query(ge=0)] = None) -> HTMLResponse:
        d = store.get_document(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {shown(doc_id)}")
        sentences = []
        prev_end = 0
        for s in d.sentences:
            hl = start is not None and end is not None and s.start <= start < s.end
            if hl and start is not None and end is not None:
                a, b = start - s.start, min(end, s.end) - s.start
                parts = [(s.text[:a], False), (s.text[a:b], True), (s.text[b:], False)]
            else:
                parts = [(s.text, False)]
            sentences.append({"index": s.index, "parts": parts, "highlight": hl,
                              "gap": "\n" in d.text[prev_end:s.start]})
            prev_end = s.end
        return page(request, "document.html", d=d, sentences=sentences)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                    type: RecordType = None,  # noqa: A002
                    country: Country = None, organization: Org = None,
                    year: Annotated[int | None, Query(ge=1000, le=2999)] = None) -> HTMLResponse:
        res = views.search(q, type_=type, country=country, organization=organization, year=year)
        return page(request, "search.html", res=res, q=q, active={"type": type, "country": country,
                                                                   "organization": organization, "year": year},
                    types=list(TYPES.values()))

    return app
