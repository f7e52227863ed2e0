"""FastAPI application over a :class:`~alliancegraph.store.Store`: a JSON API and
server-rendered pages (Jinja, autoescaped) with small scripts served by the app itself.
This module builds the app (security headers, Host check, error pages and error JSON); the
routes live in ``routers/``: ``kb`` (documents, records, entities, search), ``api`` (the
explorer: timeline, network, map, table, vectors, index data, exports), ``writes`` (token
required), ``reviews`` (the analyst's review: actions token-guarded, the recent actions and the
queue) and ``pages`` (HTML).

Article text is untrusted: templates escape everything, pages carry a strict
Content-Security-Policy (scripts from this origin only, no inline script), and scripts
write text with ``textContent``, never HTML. Every JSON error has one shape:
``{"error": {"status": 404, "message": "…"}}``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..config import Settings
from ..query.views import Views
from ..store import Store
from .routers.api import router as api_router
from .routers.common import render
from .routers.kb import router as kb_router
from .routers.pages import router as pages_router
from .routers.alerts import alerts_router
from .routers.reviews import api_router as reviews_api_router
from .routers.reviews import read_router as reviews_read_router
from .routers.writes import router as writes_router

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


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
            return render(templates, request, "error.html", status_code=exc.status_code, status=exc.status_code,
                          message=str(exc.detail))
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        msg = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        if wants_html(request) and request.method == "GET":
            return render(templates, request, "error.html", status_code=422, status=422,
                          message=msg or "invalid request")
        return JSONResponse(error_body(422, msg or "invalid request"), status_code=422)

    # -- routers: the knowledge-base API, the explorer's API, writes, pages ---------------------
    app.include_router(kb_router(store, views))
    app.include_router(api_router(store, views))
    app.include_router(writes_router(store, settings))
    app.include_router(reviews_api_router(store, settings))
    app.include_router(reviews_read_router(store, views, templates))
    app.include_router(pages_router(store, views, templates))
    app.include_router(alerts_router(store, templates))

    return app
