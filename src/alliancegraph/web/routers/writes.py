"""Write endpoints (ingest an upload or a URL, curation notes). Each wants the server's write
token as ``Authorization: Bearer <token>`` (RFC 6750); a server without one is read-only."""

from __future__ import annotations

import hmac
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ...config import Settings
from ...store import Store
from .common import shown

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(
    auto_error=False, description="The server's write token (--write-token-file or ALLIANCEGRAPH_TOKEN)"))]


class NoteIn(BaseModel):
    note: str = Field(max_length=5000)
    hidden: bool = False


class UrlIn(BaseModel):
    url: str = Field(max_length=2000, pattern=r"^https?://")


def token_guard(settings: Settings) -> Callable[..., None]:
    """The dependency every write endpoint (here and in ``reviews``) shares."""

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

    return require_token


def router(store: Store, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", dependencies=[Depends(token_guard(settings))])

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
        from ...workflow import ingest

        report = ingest(inputs, settings, store, names=names)
        if report.failed and not report.new:
            raise HTTPException(422, report.failed[0])
        return {"stored": [r.document_id for r in report.stored],
                "duplicates": [d for _, d in report.duplicates], "refused": report.failed}

    @api.post("/ingest", status_code=201)
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

    @api.post("/ingest/url", status_code=201)
    async def api_ingest_url(item: UrlIn) -> dict[str, Any]:
        """Fetch and ingest an http(s) URL (private and loopback addresses are refused unless the
        server runs with --allow-private)."""
        return await run_in_threadpool(run_ingest, [item.url])

    @api.post("/records/{record_id}/notes", status_code=201)
    def api_add_note(record_id: str, item: NoteIn) -> dict[str, Any]:
        """Curate a record: add a note, or hide it from lists."""
        try:
            return store.add_note(record_id, item.note, item.hidden)
        except KeyError as exc:
            raise HTTPException(404, f"no record {shown(record_id)}") from exc

    return api
