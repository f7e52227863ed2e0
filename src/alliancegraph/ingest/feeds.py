"""RSS and Atom feeds: the feed list (command line or TOML), the feed itself fetched with a
conditional GET (ETag / Last-Modified) through the guarded URL fetcher of :mod:`.reader`,
its entries parsed by feedparser, and each entry's article page read like any URL input
(main text by trafilatura) with the entry's publication date.

Nothing here touches the database; ``alliancegraph watch`` (:mod:`alliancegraph.watch`)
keeps the per-feed state and decides what to fetch.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ..config import Settings
from ..errors import ConfigError, FetchError, InputError
from ..models import DateValue, Document
from .reader import Source, fetch, is_url, read

MAX_ENTRIES = 200  # per feed and poll: a feed listing thousands of items is read in later polls


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str | None = None


def feed_list(urls: list[str], toml_file: Path | None = None) -> list[FeedSpec]:
    """Feeds named on the command line and in a TOML file::

        [[feed]]
        url = "https://example.org/defence.xml"
        name = "Example defence news"   # optional
    """
    specs = [FeedSpec(u) for u in urls]
    if toml_file is not None:
        try:
            data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read feed list {toml_file} ({exc.strerror})",
                              hint="check the path of --feeds") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"feed list {toml_file} is not valid TOML ({exc})",
                              hint='write one [[feed]] table per feed with url = "https://…"') from exc
        for i, item in enumerate(data.get("feed", []), 1):
            if not isinstance(item, dict) or not isinstance(item.get("url"), str):
                raise ConfigError(f"feed list {toml_file}: feed {i} has no url",
                                  hint='write url = "https://…" in every [[feed]] table')
            specs.append(FeedSpec(item["url"], item.get("name") if isinstance(item.get("name"), str) else None))
    bad = [s.url for s in specs if not is_url(s.url)]
    if bad:
        raise ConfigError(f"{bad[0]!r} is not an http(s) address", hint="name feeds by their full http(s) URL")
    if not specs:
        raise ConfigError("no feeds to watch", hint="name feed URLs on the command line or pass --feeds FILE.toml")
    return list({s.url: s for s in specs}.values())


@dataclass(frozen=True)
class FeedFetch:
    status: int  # 200, or 304 when the feed has not changed since the validators were given
    body: bytes | None
    etag: str | None
    modified: str | None


class _Conditional(httpx.BaseTransport):
    """Adds the conditional GET headers to each request the guarded fetcher sends and keeps the
    last response's status and validators (the fetcher itself returns only the body)."""

    def __init__(self, headers: dict[str, str], inner: httpx.BaseTransport | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.extra = headers
        self.status: int | None = None
        self.headers: dict[str, str] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for k, v in self.extra.items():
            request.headers[k] = v
        response = self.inner.handle_request(request)
        self.status = response.status_code
        self.headers = {k.lower(): v for k, v in response.headers.items()}
        return response

    def close(self) -> None:
        self.inner.close()


def fetch_feed(url: str, settings: Settings, etag: str | None = None, modified: str | None = None,
               inner: httpx.BaseTransport | None = None) -> FeedFetch:
    """The feed at ``url``, or status 304 when the server says it has not changed."""
    headers = {"Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    transport = _Conditional(headers, inner)
    try:
        body, _ctype = fetch(url, settings, transport=transport)
    except FetchError:
        if transport.status == 304:
            return FeedFetch(304, None, etag, modified)
        raise
    return FeedFetch(200, body, transport.headers.get("etag"), transport.headers.get("last-modified"))


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id, else its link
    link: str | None
    title: str | None
    published: DateValue | None


def _entry_date(e: Any) -> DateValue | None:
    for attr in ("published_parsed", "updated_parsed", "created_parsed"):
        t = e.get(attr)
        if t:
            return DateValue(f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}", "day", "feed entry date")
    return None


def parse_feed(body: bytes, url: str) -> tuple[str | None, list[Entry]]:
    """(feed title, entries in feed order) of an RSS or Atom document."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = str(getattr(parsed, "bozo_exception", "") or "no entries").splitlines()[0][:200]
        raise FetchError(f"is not an RSS or Atom feed ({reason})", source=url,
                         hint="check the feed address (open it in a browser: it should be XML)")
    entries = []
    for e in parsed.entries[:MAX_ENTRIES]:
        link = e.get("link") or None
        key = e.get("id") or link
        if not key:
            continue
        entries.append(Entry(str(key), str(link) if link else None, e.get("title"), _entry_date(e)))
    return parsed.feed.get("title"), entries


def entry_document(entry: Entry, settings: Settings) -> Document:
    """The entry's article page, read like a URL input (guarded fetch, trafilatura), dated by the entry."""
    if not entry.link or not is_url(entry.link):
        raise InputError("has no http(s) link to an article", source=entry.key,
                         hint="nothing to fetch; the feed entry is skipped")
    doc = read(Source(entry.link, is_url=True), settings).documents[0]
    if entry.published is not None:
        doc.published = entry.published
    if entry.title and not doc.title:
        doc.title = re.sub(r"\s+", " ", entry.title).strip()
    return doc
