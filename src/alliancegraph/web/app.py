"""FastAPI application over a :class:`~alliancegraph.store.Store`."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse

from ..store import Store

CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'"


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="alliancegraph", version="0.1.0")

    @app.middleware("http")
    async def security_headers(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.get("/api/stats")
    def api_stats() -> dict[str, int]:
        return store.stats()

    @app.get("/api/documents")
    def api_documents() -> list[dict[str, Any]]:
        return [d.__dict__ for d in store.documents()]

    @app.get("/api/documents/{doc_id}")
    def api_document(doc_id: str) -> dict[str, Any]:
        d = store.get_document(doc_id)
        if d is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return {"id": d.id, "title": d.title, "text": d.text,
                "published": d.published.value if d.published else None,
                "sentences": [s.__dict__ for s in d.sentences]}

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        rows = "".join(
            f"<tr><td>{escape(d.id)}</td><td>{escape(d.published or '?')}</td><td>{escape(d.title or '')}</td></tr>"
            for d in store.documents())
        counts = ", ".join(f"{escape(k)}: {v}" for k, v in store.stats().items())
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>alliancegraph</title></head><body>"
                f"<h1>alliancegraph</h1><p>{counts}</p><table><tr><th>id</th><th>published</th><th>title</th></tr>"
                f"{rows}</table></body></html>")

    return app
