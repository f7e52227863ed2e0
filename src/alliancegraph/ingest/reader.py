"""Reading inputs into :class:`~alliancegraph.models.Document` objects.

Each input is a file, a folder (walked recursively) or an http(s) URL. A bad input
raises an :class:`~alliancegraph.errors.InputError` naming it and saying what to do;
callers report it and go on with the rest.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

from ..config import Settings
from ..errors import BinaryInput, EmptyInput, FetchError, InputError, TooLarge, UnreadableInput
from ..models import Document
from .pubdate import EDGE_LINES, infer_published, parse_published_option

TEXT_EXT = {".txt", ".text"}
MARKDOWN_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_EXT | MARKDOWN_EXT | HTML_EXT | JSONL_EXT
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0",
                b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"Rar!", b"7z\xbc\xaf", b"SQLite format 3")
_OUTLET_LINE = re.compile(r"^\s*(?:Publication|Source|Outlet|Publisher)\s*:\s*(?P<name>.+?)"
                          r"(?:\s+Vol(?:ume)?\.?\s*:?.*)?$", re.I | re.M)


@dataclass(frozen=True)
class Source:
    """One input to read: a file path or a URL (``location``), as the user named it."""

    location: str
    is_url: bool = False


def is_url(s: str) -> bool:
    return urlparse(s).scheme in ("http", "https")


def expand(inputs: list[str]) -> Iterator[Source | InputError]:
    """Files and URLs to read, folders walked in sorted order; missing paths as errors."""
    for item in inputs:
        if is_url(item):
            yield Source(item, is_url=True)
            continue
        p = Path(item).expanduser()
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                yield EmptyInput("folder has no .txt, .md, .html or .jsonl files", source=str(p),
                                 hint="point at a folder of articles or at the files themselves")
            yield from (Source(str(f)) for f in files)
        elif p.is_file():
            yield Source(str(p))
        elif p.exists():
            yield UnreadableInput("is not a regular file", source=item, hint="pass a file, a folder or a URL")
        else:
            yield UnreadableInput("no such file or folder", source=item,
                                  hint="check the path (relative paths start from the current folder)")


@dataclass
class ReadResult:
    documents: list[Document]
    warnings: list[str]


def read(src: Source, settings: Settings, published: str | None = None) -> ReadResult:
    """The documents in one input (a JSONL file holds many) and warnings about skipped parts."""
    warnings: list[str] = []
    if src.is_url:
        raw, content_type = fetch(src.location, settings)
        kind = "html" if "html" in content_type or raw.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")) \
            else "text"
        text = decode(raw, src.location)
        docs = [_html_document(text, src.location, url=src.location) if kind == "html"
                else _text_document(text, src.location, url=src.location)]
    else:
        path = Path(src.location)
        raw = read_bytes(path, settings)
        text = decode(raw, src.location)
        ext = path.suffix.lower()
        if ext in JSONL_EXT:
            docs, warnings = _jsonl_documents(text, path)
        elif ext in HTML_EXT:
            docs = [_html_document(text, src.location)]
        elif ext in MARKDOWN_EXT:
            docs = [_text_document(strip_markdown(text), src.location, fmt="markdown")]
        else:
            docs = [_text_document(text, src.location)]
    if published:
        given = parse_published_option(published)
        for d in docs:
            d.published = given
    return ReadResult(docs, warnings)


def read_bytes(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise TooLarge(f"is {size / 1e6:.1f} MB, over the {settings.max_bytes / 1e6:.0f} MB limit",
                           source=str(path),
                           hint="split it into smaller files (JSON Lines works well) or raise "
                                "--max-bytes / ALLIANCEGRAPH_MAX_BYTES")
        raw = path.read_bytes()
    except PermissionError as exc:
        raise UnreadableInput("permission denied", source=str(path),
                              hint="make the file readable (chmod) or copy it somewhere readable") from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot be read ({exc.strerror})", source=str(path),
                              hint="check the file and try again") from exc
    return raw


def decode(raw: bytes, source: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else the detected
    legacy encoding when detection is confident. Binary content is refused."""
    if not raw.strip():
        raise EmptyInput("is empty", source=source, hint="nothing to ingest; remove it or fill it with text")
    if raw.startswith(BINARY_MAGIC):
        kind = "a PDF" if raw.startswith(b"%PDF") else "binary (an archive, image, executable or database)"
        raise BinaryInput(f"is {kind}, not text", source=source,
                          hint="convert it to text or HTML first (e.g. pdftotext for PDFs)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(raw, source)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for ch in text[:100_000] if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f")
    if "\x00" in text or controls > max(8, len(text[:100_000]) // 100):
        raise BinaryInput("looks binary (control bytes), not text", source=source,
                          hint="convert it to plain text, Markdown or HTML first")
    if not text.strip():
        raise EmptyInput("has no text", source=source, hint="nothing to ingest; remove it or fill it with text")
    return text


def _decode_legacy(raw: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    if b"\x00" in raw[:4096]:
        raise BinaryInput("looks binary (NUL bytes), not text", source=source,
                          hint="convert it to plain text, Markdown or HTML first")
    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.2:
        raise UnreadableInput("is not UTF-8 and its encoding could not be recognised", source=source,
                              hint="re-save it as UTF-8 (e.g. iconv -f CP1251 -t UTF-8)")
    return str(best)


Resolver = Callable[..., list[Any]]


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast \
        or ip.is_unspecified


def check_public(url: str, settings: Settings, resolver: Resolver | None = None) -> str:
    """Resolve ``url``'s host once and return the address to connect to. Unless
    ``settings.allow_private``, refuse hosts with any private, loopback, link-local, reserved or
    multicast address (so a shared web app cannot be made to probe its own network). The caller
    connects to the returned address, never to the name again: a name that answers differently
    on a second lookup (DNS rebinding) gains nothing."""
    resolve = resolver or socket.getaddrinfo
    parsed = urlparse(url)
    host = parsed.hostname or ""
    try:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        infos = resolve(host, port, 0, socket.SOCK_STREAM)
        addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"host {host!r} could not be resolved", source=url,
                         hint="check the address and your network, or save the page and ingest the file") from exc
    if not addresses:
        raise FetchError(f"host {host!r} could not be resolved", source=url,
                         hint="check the address and your network, or save the page and ingest the file")
    if not settings.allow_private:
        for ip in addresses:
            if _blocked(ip):
                raise FetchError(f"points at a private or local address ({ip}), which is refused", source=url,
                                 hint="pass --allow-private (or ALLIANCEGRAPH_ALLOW_PRIVATE=1) if you mean it")
    return str(addresses[0])


def _pinned_request(client: Any, url: str, address: str) -> Any:
    """A GET of ``url`` sent to ``address``: the URL's host in the Host header and, for https,
    as the TLS server name (SNI) and the name the certificate is checked against."""
    import httpx

    target = httpx.URL(url)
    host_header = target.netloc.decode("ascii")
    return client.build_request("GET", target.copy_with(host=address),
                                headers={"Host": host_header, "User-Agent": "alliancegraph/0.1"},
                                extensions={"sni_hostname": target.host} if target.scheme == "https" else {})


def fetch(url: str, settings: Settings, *, resolver: Resolver | None = None,
          transport: Any = None) -> tuple[bytes, str]:
    """The body and content type at ``url``. Redirects are followed by hand, at most
    ``settings.max_redirects``, and every hop is resolved once, checked like the first URL and
    connected to at the checked address. ``resolver`` and ``transport`` are for tests."""
    import httpx

    hops = 0
    current = url
    try:
        with httpx.Client(follow_redirects=False, timeout=settings.fetch_timeout, trust_env=False,
                          transport=transport) as client:
            while True:
                if urlparse(current).scheme not in ("http", "https"):
                    raise FetchError(f"redirects to {current[:200]!r}, which is not an http(s) address", source=url,
                                     hint="save the page in a browser and ingest the file")
                try:
                    address = check_public(current, settings, resolver)
                except FetchError as exc:
                    if current == url:
                        raise
                    raise FetchError(f"redirects to {current[:200]}, which {exc.message}", source=url,
                                     hint=exc.hint) from exc
                resp = client.send(_pinned_request(client, current, address), stream=True)
                try:
                    if resp.is_redirect and "location" in resp.headers:
                        hops += 1
                        if hops > settings.max_redirects:
                            raise FetchError(f"redirects more than {settings.max_redirects} times", source=url,
                                             hint="ingest the final address instead, or save the page and "
                                                  "ingest the file")
                        current = urljoin(current, resp.headers["location"])
                        continue
                    resp.raise_for_status()
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > settings.max_bytes:
                            raise TooLarge(f"is over the {settings.max_bytes / 1e6:.0f} MB limit", source=url,
                                           hint="save the page and ingest a smaller file, or raise --max-bytes")
                        chunks.append(chunk)
                    return b"".join(chunks), resp.headers.get("content-type", "")
                finally:
                    resp.close()
    except httpx.HTTPStatusError as exc:
        raise FetchError(f"answered HTTP {exc.response.status_code}", source=url,
                         hint="check the address, or save the page in a browser and ingest the file") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not be reached ({type(exc).__name__}: {exc})", source=url,
                         hint="check the address and your network, or save the page and ingest the file") from exc


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id_for(location: str, suffix: str = "") -> str:
    """The document id: the file name without its extension (the eval format's rule);
    for a URL its last path part (or host) plus a short hash."""
    if is_url(location):
        parsed = urlparse(location)
        stem = Path(parsed.path.rstrip("/")).stem or parsed.netloc
        stem = re.sub(r"[^\w.-]+", "-", stem)[:60]
        return f"{stem}_{hashlib.sha1(location.encode()).hexdigest()[:8]}"
    return Path(location).stem + suffix


def guess_title(text: str) -> str | None:
    """A headline repeated near the top (as scraped pages do), else a short first line."""
    head = [ln.strip() for ln in text.splitlines()[:EDGE_LINES * 2] if ln.strip()]
    for line in head:
        if 3 <= len(line.split()) <= 30 and head.count(line) >= 2:
            return line
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 200 and not line.endswith((".", ",", ";")) else None
    return None


def guess_outlet(text: str) -> str | None:
    m = _OUTLET_LINE.search("\n".join(text.splitlines()[:15]))
    if m:
        return m.group("name").strip().strip("()").strip() or None
    return None


def make_document(text: str, source: str, *, fmt: str = "text", doc_id: str | None = None,
                  title: str | None = None, url: str | None = None, outlet: str | None = None) -> Document:
    text = text.strip("\n")
    if not text.strip():
        raise EmptyInput("has no text", source=source, hint="nothing to ingest; remove it or fill it with text")
    return Document(id=doc_id or document_id_for(source), text=text, content_hash=content_hash(text),
                    source=source, format=fmt, title=title or guess_title(text),
                    outlet=outlet or guess_outlet(text), url=url, published=infer_published(text, url))


def _text_document(text: str, source: str, *, fmt: str = "text", url: str | None = None) -> Document:
    return make_document(text, source, fmt=fmt, url=url)


def _html_document(html: str, source: str, url: str | None = None) -> Document:
    import trafilatura

    body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               favor_recall=True, deduplicate=False)
    if not body or not body.strip():
        raise EmptyInput("has no readable article text", source=source,
                         hint="check it is an article page (not a login or index page), or save its text")
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = meta.title if meta and meta.title else None
    head = "\n\n".join(x for x in (title, meta.date if meta and meta.date else None) if x)
    text = f"{head}\n\n{body}" if head and not body.startswith(title or "\0") else body
    doc = make_document(text, source, fmt="html", url=url or (meta.url if meta else None), title=title,
                        outlet=meta.sitename if meta and meta.sitename else None)
    return doc


def _jsonl_documents(text: str, path: Path) -> tuple[list[Document], list[str]]:
    errors: list[str] = []
    docs: list[Document] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('needs an object with a "text" string')
            body = obj["text"]
            doc_id = str(obj["id"]) if obj.get("id") else f"{path.stem}-{lineno}"
            doc = make_document(body, f"{path}:{lineno}", doc_id=doc_id, title=obj.get("title"),
                                url=obj.get("url"), outlet=obj.get("outlet"))
            if obj.get("published"):
                doc.published = parse_published_option(str(obj["published"]))
            docs.append(doc)
        except (ValueError, InputError) as exc:
            errors.append(f"{path}:{lineno}: {exc}")
    if errors and not docs:
        raise InputError(f"no valid line ({len(errors)} bad; first: {errors[0]})", source=str(path),
                         hint='write one JSON object per line with at least {"text": "..."}')
    return docs, [f"skipped {e}" for e in errors]


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEAD = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\w)_(?!\s))")


def strip_markdown(text: str) -> str:
    """Markdown to plain text: headings, links and emphasis markers removed, text kept."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEAD.sub("", text)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    return _MD_EMPH.sub("", text)
