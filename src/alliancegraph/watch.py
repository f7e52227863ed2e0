"""``alliancegraph watch``: follow RSS/Atom feeds and keep the knowledge base current.

Each poll, per feed: skip it while it is backing off after failures; fetch it with a
conditional GET (an unchanged feed costs a 304); read each entry not seen before through the
guarded URL fetcher (private addresses refused unless allowed), skipping articles already
stored (same URL or same text); run NLP, extraction and storage on the new articles (one
transaction per article); then resolve only what changed and check the alert rules. A feed
that fails is reported and tried again later (``feed_backoff`` seconds, doubled per failure
in a row, at most ``feed_backoff_max``) without holding up the others. The spaCy model is
loaded once for the life of the process.

Logs are JSON lines on stderr (``{"event": "feed", …}``); alerts are JSON lines on stdout.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .config import Settings
from .errors import ConfigError, InputError
from .ingest.feeds import FeedSpec, entry_document, fetch_feed, parse_feed
from .query import alerts as alert_rules
from .store import Store
from .store import watch as state
from .workflow import Context, resolve_changes, run_stages

GIVE_UP_AFTER = 3  # attempts at an article page before its entry is given up

Log = Callable[..., None]


def json_log(stream: Any = None) -> Log:
    """A logger writing one JSON object per line: time, event and fields."""
    def log(event: str, **fields: Any) -> None:
        out = stream or sys.stderr
        out.write(json.dumps({"ts": datetime.now().astimezone().isoformat(timespec="seconds"), "event": event,
                              **fields}, ensure_ascii=False, default=str) + "\n")
        out.flush()
    return log


def parse_every(text: str) -> float:
    """Seconds from "15m", "30s", "2h", "1h30m" or a plain number of seconds."""
    t = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", t):
        seconds = float(t)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", t)
        if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s+", "", t):
            raise ConfigError(f"--every {text!r} is not a duration", hint="write e.g. 15m, 90s, 1h or 1h30m")
        seconds = sum(float(n) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in parts)
    if seconds < 1:
        raise ConfigError(f"--every {text!r} is too short", hint="poll at most once a second (e.g. 15m)")
    return seconds


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    skipped: int = 0  # backing off
    failed: list[str] = field(default_factory=list)  # one line per failing feed
    stored: list[str] = field(default_factory=list)  # document ids
    duplicates: int = 0
    article_errors: list[str] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)


class Watcher:
    """Polls ``feeds`` into ``store``. ``now`` is injectable for tests of the backoff."""

    def __init__(self, store: Store, settings: Settings, feeds: list[FeedSpec], *, log: Log | None = None,
                 emit_alert: Callable[[dict[str, Any]], None] | None = None,
                 now: Callable[[], datetime] = state.utcnow, stop: threading.Event | None = None) -> None:
        self.store, self.settings, self.feeds = store, settings, feeds
        self.log = log or (lambda event, **fields: None)
        self.emit_alert = emit_alert
        self.now = now
        self.stop = stop or threading.Event()
        self.ctx = Context(settings, store)

    def backoff(self, failures: int) -> float:
        return min(self.settings.feed_backoff * 2 ** max(0, failures - 1), self.settings.feed_backoff_max)

    def poll(self) -> PollReport:
        """One pass over every feed, then resolution and alerts."""
        report = PollReport()
        t0 = time.perf_counter()
        for spec in self.feeds:
            if self.stop.is_set():
                break
            self._poll_feed(spec, report)
        if report.stored:
            counts = resolve_changes(self.store)
            self.log("resolved", documents=len(report.stored), records_changed=counts.get("changed", 0),
                     records_removed=counts.get("deleted", 0))
        report.alerts = alert_rules.check(self.store, self.emit_alert)
        self.log("poll", feeds=report.feeds, not_modified=report.not_modified, backing_off=report.skipped,
                 failed=len(report.failed), stored=len(report.stored), duplicates=report.duplicates,
                 alerts=len(report.alerts), seconds=round(time.perf_counter() - t0, 2))
        return report

    def _fail(self, spec: FeedSpec, st: dict[str, Any] | None, err: InputError, report: PollReport,
              status: int = 0) -> None:
        failures = (st["failures"] if st else 0) + 1
        wait = self.backoff(failures)
        now = self.now()
        state.save_feed(self.store, spec.url, name=spec.name or (st or {}).get("name"), checked_at=now,
                        status=status, failures=failures, retry_at=now + timedelta(seconds=wait), error=err.line())
        report.failed.append(err.line())
        self.log("feed_failed", feed=spec.url, error=err.line(), failures=failures, retry_in_s=wait)

    def _poll_feed(self, spec: FeedSpec, report: PollReport) -> None:
        st = state.feed_state(self.store, spec.url)
        now = self.now()
        if st and st["retry_at"] and now < st["retry_at"]:
            report.skipped += 1
            self.log("feed_backing_off", feed=spec.url, failures=st["failures"],
                     retry_at=st["retry_at"].isoformat(timespec="seconds"))
            return
        report.feeds += 1
        try:
            got = fetch_feed(spec.url, self.settings, st["etag"] if st else None, st["modified"] if st else None)
        except InputError as err:
            self._fail(spec, st, err, report)
            return
        if got.status == 304:
            report.not_modified += 1
            state.save_feed(self.store, spec.url, checked_at=now, ok_at=now, status=304, failures=0, retry_at=None,
                            error=None)
            self.log("feed", feed=spec.url, status=304)
            return
        try:
            title, entries = parse_feed(got.body or b"", spec.url)
        except InputError as err:
            self._fail(spec, st, err, report, status=200)
            return
        retry_entries = False
        new: list[tuple[Any, Any]] = []
        hashes: set[str] = set()
        for entry in entries:
            if self.stop.is_set():
                retry_entries = True
                break
            seen = state.entry_state(self.store, spec.url, entry.key)
            if seen is not None and seen[0] != "failed":
                continue
            if entry.link and (doc_id := state.document_at_url(self.store, entry.link)):
                state.mark_entry(self.store, spec.url, entry.key, url=entry.link, status="duplicate",
                                 document_id=doc_id)
                report.duplicates += 1
                continue
            try:
                doc = entry_document(entry, self.settings)
            except InputError as err:
                tries = state.mark_entry(self.store, spec.url, entry.key, url=entry.link,
                                         status="failed" if (seen[1] if seen else 0) + 1 < GIVE_UP_AFTER
                                         else "gave_up", error=err.line())
                retry_entries = retry_entries or tries < GIVE_UP_AFTER
                report.article_errors.append(err.line())
                self.log("article_failed", feed=spec.url, url=entry.link, error=err.line(), attempts=tries)
                continue
            existing = self.store.has_hash(doc.content_hash)
            if existing or doc.content_hash in hashes:
                state.mark_entry(self.store, spec.url, entry.key, url=entry.link, status="duplicate",
                                 document_id=existing)
                report.duplicates += 1
                continue
            hashes.add(doc.content_hash)
            new.append((entry, doc))
        if new:
            items = run_stages(self.ctx, [d for _, d in new], ["nlp", "extract", "store"])
            for (entry, _), item in zip(new, items, strict=True):
                assert item.result is not None
                status = "duplicate" if item.result.status == "duplicate" else "stored"
                state.mark_entry(self.store, spec.url, entry.key, url=entry.link, status=status,
                                 document_id=item.result.document_id)
                if status == "stored":
                    report.stored.append(item.result.document_id)
                    self.log("article", feed=spec.url, url=entry.link, document=item.result.document_id,
                             published=entry.published.value if entry.published else None)
                else:
                    report.duplicates += 1
        # validators are kept only when every entry was dealt with: otherwise the next poll
        # fetches the whole feed again and retries the entries that failed
        state.save_feed(self.store, spec.url, name=spec.name or title, checked_at=now, ok_at=now, status=200,
                        failures=0, retry_at=None, error=None, etag=None if retry_entries else got.etag,
                        modified=None if retry_entries else got.modified)
        self.log("feed", feed=spec.url, status=200, entries=len(entries), stored=len(new))

    def run(self, every: float | None) -> PollReport:
        """Poll once (``every`` None) or every ``every`` seconds until stopped (SIGINT/SIGTERM:
        the article under way is finished, resolution and alerts run, then the loop ends)."""
        if every is None:
            return self.poll()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            def stop(signum: int, _frame: Any) -> None:
                if self.stop.is_set():
                    raise KeyboardInterrupt
                self.log("stopping", signal=signal.Signals(signum).name)
                self.stop.set()

            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, stop)
        try:
            report = PollReport()
            while not self.stop.is_set():
                report = self.poll()
                self.log("sleeping", seconds=every)
                self.stop.wait(every)
            self.log("stopped")
            return report
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
