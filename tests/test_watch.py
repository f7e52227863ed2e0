"""Watching feeds served on loopback: new entries are ingested once, an unchanged feed costs a
304, a broken feed is reported and retried with backoff without stopping the others, and an
alert rule fires exactly once per new matching record (visible in /alerts.atom). The
articles are invented for these tests."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from alliancegraph.config import Settings
from alliancegraph.ingest.feeds import FeedSpec, feed_list
from alliancegraph.query.alerts import make_rule
from alliancegraph.store import Store
from alliancegraph.store import watch as state
from alliancegraph.watch import Watcher, parse_every
from alliancegraph.web import create_app

ARTICLES = {
    "lynx": ("Kazakhstan and Kyrgyzstan open Granite Lynx-2024 drills",
             "ALMATY, April 8, 2024 — Troops from Kazakhstan and Kyrgyzstan began the Granite Lynx-2024 joint "
             "exercise near Almaty on Monday, the Kazakh defence ministry said. About 1,400 soldiers and 120 "
             "armoured vehicles take part in the drills, which are to end on April 12."),
    "sudan": ("Mongolia sends peacekeepers to South Sudan",
              "ULAANBAATAR, April 9, 2024 — Mongolia sent 850 peacekeepers to South Sudan at the request of the "
              "United Nations, the armed forces said on Tuesday. The contingent will serve until April 2025."),
    "crane": ("Kazakh troops join Iron Crane-2024 in Tajikistan",
              "DUSHANBE, April 15, 2024 — Troops from Kazakhstan and Tajikistan began the Iron Crane-2024 joint "
              "exercise near Dushanbe on Monday, the Kazakh defence ministry said. Some 900 soldiers take part."),
}


def page(key: str) -> bytes:
    title, body = ARTICLES[key]
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home · World · Defence</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>{body.split(' — ')[0]}.</p></article>"
            f"<footer>All rights reserved.</footer></body></html>").encode()


def rss(base: str, keys: list[str]) -> bytes:
    dates = {"lynx": "Mon, 08 Apr 2024 09:00:00 GMT", "sudan": "Tue, 09 Apr 2024 10:00:00 GMT",
             "crane": "Mon, 15 Apr 2024 08:00:00 GMT"}
    items = "".join(f"<item><title>{ARTICLES[k][0]}</title><link>{base}/news/{k}.html</link>"
                    f"<guid>{base}/news/{k}.html</guid><pubDate>{dates[k]}</pubDate></item>" for k in keys)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><link>{base}/</link>'
            f"<description>invented</description>{items}</channel></rss>").encode()


def atom(base: str) -> bytes:
    # one entry repeats an article of the RSS feed at another address (same text), one the same address
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Mirror</title>'
            f"<id>{base}/atom.xml</id><updated>2024-04-10T00:00:00Z</updated>"
            f"<entry><title>copy</title><id>urn:mirror:1</id><link href=\"{base}/mirror/lynx.html\"/>"
            f"<updated>2024-04-08T12:00:00Z</updated></entry>"
            f"<entry><title>same link</title><id>urn:mirror:2</id><link href=\"{base}/news/sudan.html\"/>"
            f"<updated>2024-04-09T12:00:00Z</updated></entry></feed>").encode()


class Site:
    """A tiny news site on loopback: an RSS feed honouring If-None-Match, an Atom feed, a
    broken feed (HTTP 500) and the article pages; it counts what it serves."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.not_modified = 0
        self.rss_keys = ["lynx", "sudan"]
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:  # noqa: N802
                site.hits[self.path] += 1
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/feed.xml":
                    etag = f'"v{len(site.rss_keys)}"'
                    if self.headers.get("If-None-Match") == etag:
                        site.not_modified += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    self.reply(200, rss(base, site.rss_keys), "application/rss+xml", {"ETag": etag})
                elif self.path == "/atom.xml":
                    self.reply(200, atom(base), "application/atom+xml")
                elif self.path == "/broken.xml":
                    self.reply(500, b"internal error", "text/plain")
                elif self.path.startswith(("/news/", "/mirror/")):
                    key = self.path.rsplit("/", 1)[1].removesuffix(".html")
                    self.reply(200, page(key), "text/html; charset=utf-8")
                else:
                    self.reply(404, b"not found", "text/plain")

            def reply(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2024, 4, 16, 12, 0, 0)

    def __call__(self) -> datetime:
        return self.t


def test_watch_feeds_on_loopback(site: Site, backend: str) -> None:
    store = Store(backend)
    settings = replace(Settings.load(env={}), db=backend, allow_private=True, feed_backoff=60.0)
    rule = make_rule(store, types=["exercise", "deployment"], country="Kazakhstan")
    feeds = [FeedSpec(site.base + "/feed.xml"), FeedSpec(site.base + "/broken.xml"), FeedSpec(site.base + "/atom.xml")]
    clock = Clock()
    emitted: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    watcher = Watcher(store, settings, feeds, now=clock, emit_alert=emitted.append,
                      log=lambda event, **f: logs.append({"event": event, **f}))

    # first poll: both RSS articles stored; the Atom feed's entries are duplicates (same text at
    # another address, the same address); the broken feed is reported and does not stop the others
    r1 = watcher.poll()
    assert sorted(r1.stored) == sorted(d.id for d in store.documents())
    assert len(r1.stored) == 2 and r1.duplicates == 2
    assert len(r1.failed) == 1 and "HTTP 500" in r1.failed[0] and "broken.xml" in r1.failed[0]
    docs = {d.source: d for d in store.documents()}
    lynx = docs[site.base + "/news/lynx.html"]
    assert (lynx.published, lynx.published_rule) == ("2024-04-08", "feed entry date")
    broken = state.feed_state(store, site.base + "/broken.xml")
    assert broken is not None and broken["failures"] == 1
    assert broken["retry_at"] == clock.t + timedelta(seconds=60)
    first_alerts = list(r1.alerts)
    assert first_alerts and emitted == first_alerts
    assert all(a["rule"] == rule["id"] for a in first_alerts)
    alerted = [a["record"] for a in first_alerts]
    assert len(alerted) == len(set(alerted))  # once per record
    assert any("Granite Lynx" in a["title"] for a in first_alerts)
    assert not any("South Sudan" in a["title"] or "Mongolia" in a["title"] for a in first_alerts)

    # second poll, ten seconds later: the RSS feed answers 304, the broken one waits its turn
    clock.t += timedelta(seconds=10)
    r2 = watcher.poll()
    assert site.not_modified == 1 and r2.not_modified == 1
    assert site.hits["/broken.xml"] == 1 and r2.skipped == 1
    assert r2.stored == [] and r2.alerts == []

    # after the backoff the broken feed is tried again, and waits twice as long
    clock.t += timedelta(seconds=55)
    r3 = watcher.poll()
    assert site.hits["/broken.xml"] == 2 and len(r3.failed) == 1 and site.not_modified == 2
    broken = state.feed_state(store, site.base + "/broken.xml")
    assert broken is not None and broken["failures"] == 2
    assert broken["retry_at"] == clock.t + timedelta(seconds=120)

    # a new entry: only it is fetched, and the rule fires once for the new exercise
    site.rss_keys.append("crane")
    r4 = watcher.poll()
    assert len(r4.stored) == 1
    assert site.hits["/news/lynx.html"] == 1 and site.hits["/news/crane.html"] == 1
    assert [a["title"] for a in r4.alerts if "Iron Crane" in a["title"]] == ["Iron Crane 2024"]
    assert not {a["record"] for a in r4.alerts if a["change"] == "new"} & set(alerted)

    # nothing new: no alert
    r5 = watcher.poll()
    assert r5.stored == [] and r5.alerts == [] and site.not_modified == 3

    every = state.alerts(store, limit=1000)
    assert len(every) == len(first_alerts) + len(r4.alerts)
    assert len({(a["record"], a["change"], json.dumps(a["record_summary"], sort_keys=True)) for a in every}) \
        == len(every)

    client = TestClient(create_app(store), base_url="http://localhost")
    res = client.get("/alerts.atom")
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(res.content)
    assert not parsed.bozo
    assert len(parsed.entries) == len(every)
    assert {e.link.rsplit("/", 1)[1] for e in parsed.entries} == {a["record"] for a in every}
    assert any("Iron Crane 2024" in e.title for e in parsed.entries)
    html = client.get("/whats-new").text
    assert "Iron Crane 2024" in html and "/alerts.atom" in html
    assert {e["event"] for e in logs} >= {"feed", "feed_failed", "feed_backing_off", "article", "poll"}


def test_watch_refuses_private_addresses_unless_allowed(site: Site, db: str) -> None:
    store = Store(db)
    settings = replace(Settings.load(env={}), db=db, allow_private=False)
    report = Watcher(store, settings, [FeedSpec(site.base + "/feed.xml")]).poll()
    assert len(report.failed) == 1 and "private or local address" in report.failed[0]
    assert site.hits["/feed.xml"] == 0 and store.documents() == []


def test_watch_cli_once_prints_alerts_as_json_lines(site: Site, db: str, cli: Any, tmp_path: Path) -> None:
    res = cli("alerts", "add", "--type", "exercise", "--country", "Kazakh", "--db", db)
    assert res.exit_code == 0, res.output
    toml = tmp_path / "feeds.toml"
    toml.write_text(f'[[feed]]\nurl = "{site.base}/feed.xml"\nname = "Test wire"\n', encoding="utf-8")
    res = cli("watch", "--once", "--feeds", str(toml), "--allow-private", "--db", db)
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith('{"alert"')]
    assert [x["title"] for x in lines] == ["Granite Lynx 2024"]
    assert lines[0]["rule"] == "new or changed exercise involving Kazakhstan" and lines[0]["change"] == "new"
    res = cli("watch", "--once", "--feeds", str(toml), "--allow-private", "--db", db)
    assert res.exit_code == 0 and not [x for x in res.stdout.splitlines() if x.startswith('{"alert"')]
    assert site.hits["/news/lynx.html"] == 1


def test_watch_bad_arguments(cli: Any, db: str, tmp_path: Path) -> None:
    res = cli("watch", "http://example.org/feed.xml", "--db", db)
    assert res.exit_code == 2 and "--once or --every" in res.output
    res = cli("watch", "--every", "soon", "http://example.org/feed.xml", "--db", db)
    assert res.exit_code == 2 and "not a duration" in res.output
    bad = tmp_path / "feeds.toml"
    bad.write_text("[[feed]]\nname = 'no url'\n", encoding="utf-8")
    res = cli("watch", "--once", "--feeds", str(bad), "--db", db)
    assert res.exit_code == 2 and "has no url" in res.output
    res = cli("alerts", "add", "--country", "Atlantis", "--db", db)
    assert res.exit_code == 2 and "not a country name" in res.output
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("90") == 90
    with pytest.raises(Exception, match="no feeds"):
        feed_list([])


def test_watch_every_stops_gracefully_on_sigterm(site: Site, db: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "alliancegraph.cli", "watch", "--every", "1h", "--allow-private",
                             site.base + "/feed.xml", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ))
    events = []
    deadline = time.monotonic() + 300
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        events.append(json.loads(line)["event"])
        if events[-1] == "sleeping":
            break
    assert events[-1] == "sleeping", events
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert [json.loads(x)["event"] for x in err.splitlines()] == ["stopping", "stopped"]
    assert len(Store(db).documents()) == 2 and Store(db).check_integrity() == []
