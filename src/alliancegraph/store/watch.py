"""What watching feeds and alerting keep in the database: per-feed state (conditional GET
validators, failures and backoff), the entries seen, alert rules and the alerts they raised."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from .db import Store
from .records import insert_ignore
from .schema import AlertRow, AlertRuleRow, DocumentRow, FeedEntryRow, FeedRow, RecordChangeRow, RecordRow


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _feed_dict(r: FeedRow) -> dict[str, Any]:
    return {"url": r.url, "name": r.name, "etag": r.etag, "modified": r.modified, "checked_at": r.checked_at,
            "ok_at": r.ok_at, "status": r.status, "failures": r.failures or 0, "retry_at": r.retry_at,
            "error": r.error, "stored": r.stored or 0}


# -- feeds -------------------------------------------------------------------------------------

def feed_state(store: Store, url: str) -> dict[str, Any] | None:
    with store.session() as s:
        row = s.get(FeedRow, url)
        return _feed_dict(row) if row is not None else None


def feed_states(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [_feed_dict(r) for r in s.scalars(select(FeedRow).order_by(FeedRow.url))]


def save_feed(store: Store, url: str, **values: Any) -> None:
    """Create or update a feed's state with ``values`` (columns of :class:`FeedRow`)."""
    with store.session(write=True) as s:
        row = s.get(FeedRow, url)
        if row is None:
            row = FeedRow(url=url, failures=0, stored=0)
            s.add(row)
        for k, v in values.items():
            setattr(row, k, v)


def entry_state(store: Store, feed_url: str, key: str) -> tuple[str, int] | None:
    """(status, attempts) of a feed entry seen before."""
    with store.session() as s:
        row = s.execute(select(FeedEntryRow.status, FeedEntryRow.attempts).where(
            FeedEntryRow.feed_url == feed_url, FeedEntryRow.entry_key == key)).first()
        return (row.status, row.attempts) if row else None


def document_at_url(store: Store, url: str) -> str | None:
    """A current document already stored from this address."""
    with store.session() as s:
        return s.scalar(select(DocumentRow.id).where(DocumentRow.url == url, DocumentRow.current.is_(True)).limit(1))


def mark_entry(store: Store, feed_url: str, key: str, *, url: str | None, status: str,
               document_id: str | None = None, error: str | None = None) -> int:
    """Note what happened to an entry; returns how many times it has been tried."""
    with store.session(write=True) as s:
        row = s.scalar(select(FeedEntryRow).where(FeedEntryRow.feed_url == feed_url, FeedEntryRow.entry_key == key))
        if row is None:
            row = FeedEntryRow(feed_url=feed_url, entry_key=key, attempts=0)
            s.add(row)
        row.url, row.status, row.document_id, row.error = url, status, document_id, error
        row.attempts = (row.attempts or 0) + 1
        row.seen_at = utcnow()
        if status == "stored":
            feed = s.get(FeedRow, feed_url)
            if feed is not None:
                feed.stored = (feed.stored or 0) + 1
        return row.attempts


# -- alerts ------------------------------------------------------------------------------------

def _rule_dict(r: AlertRuleRow) -> dict[str, Any]:
    return {"id": r.pk, "name": r.name, "types": list(r.types or []), "country": r.country,
            "organization": r.organization, "words": r.words, "on_changed": r.on_changed,
            "created_at": r.created_at.isoformat(timespec="seconds"), "checked_upto": r.checked_upto}


def add_rule(store: Store, *, name: str, types: list[str], country: str | None, organization: str | None,
             words: str | None, on_changed: bool) -> dict[str, Any]:
    """A new rule; it sees the records created or changed from now on."""
    with store.session(write=True) as s:
        upto = s.scalar(select(func.max(RecordChangeRow.pk))) or 0
        row = AlertRuleRow(name=name, types=types, country=country, organization=organization, words=words,
                           on_changed=on_changed, created_at=utcnow(), checked_upto=upto)
        s.add(row)
        s.flush()
        return _rule_dict(row)


def rules(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [_rule_dict(r) for r in s.scalars(select(AlertRuleRow).order_by(AlertRuleRow.pk))]


def remove_rule(store: Store, pk: int) -> bool:
    with store.session(write=True) as s:
        row = s.get(AlertRuleRow, pk)
        if row is None:
            return False
        s.delete(row)
        return True


def changes_after(store: Store, pk: int, limit: int = 5000) -> tuple[list[tuple[int, str, str]], dict[str, Any]]:
    """Journal entries after ``pk`` ((pk, record id, change), oldest first) and the current
    data of the records they name that still exist."""
    with store.session() as s:
        rows = [tuple(r) for r in s.execute(select(RecordChangeRow.pk, RecordChangeRow.record_id,
                                                   RecordChangeRow.change).where(RecordChangeRow.pk > pk)
                                            .order_by(RecordChangeRow.pk).limit(limit))]
        ids = sorted({r[1] for r in rows})
        data: dict[str, Any] = {}
        for i in range(0, len(ids), 500):
            data.update({rid: d for rid, d in s.execute(select(RecordRow.id, RecordRow.data)
                                                        .where(RecordRow.id.in_(ids[i:i + 500])))})
    return rows, data  # type: ignore[return-value]


def save_alerts(store: Store, rule_pk: int, alerts: list[dict[str, Any]], upto: int) -> list[dict[str, Any]]:
    """Store a rule's new alerts (a record version already alerted is skipped) and move its
    cursor to ``upto``, in one transaction. Returns the alerts actually stored."""
    with store.session(write=True) as s:
        before = s.scalar(select(func.max(AlertRow.pk))) or 0
        insert_ignore(s, AlertRow.__table__, [{**a, "rule_pk": rule_pk} for a in alerts])
        rule = s.get(AlertRuleRow, rule_pk)
        if rule is not None:
            rule.checked_upto = max(rule.checked_upto or 0, upto)
        stored = s.scalars(select(AlertRow).where(AlertRow.pk > before, AlertRow.rule_pk == rule_pk)
                           .order_by(AlertRow.pk)).all()
        return [_alert_dict(a, rule.name if rule else "") for a in stored]


def _alert_dict(a: AlertRow, rule_name: str) -> dict[str, Any]:
    return {"id": a.pk, "rule": a.rule_pk, "rule_name": rule_name, "record": a.record_id, "change": a.change,
            "title": a.title, "at": a.created_at.isoformat(timespec="seconds") + "Z", "record_summary": a.summary}


def alerts(store: Store, *, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """Alerts newest first (``after``: only those with a larger id)."""
    with store.session() as s:
        q = (select(AlertRow, AlertRuleRow.name).join(AlertRuleRow, AlertRuleRow.pk == AlertRow.rule_pk)
             .where(AlertRow.pk > after).order_by(AlertRow.pk.desc()).limit(limit))
        return [_alert_dict(a, name) for a, name in s.execute(q)]


def recent_changes(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """Records created or changed most recently (newest first, one line per record), with
    their current data."""
    with store.session() as s:
        rows = s.execute(select(RecordChangeRow.record_id, func.max(RecordChangeRow.pk).label("last"),
                                func.max(RecordChangeRow.at).label("at"), func.min(RecordChangeRow.change))
                         .where(RecordChangeRow.change != "removed").group_by(RecordChangeRow.record_id)
                         .order_by(func.max(RecordChangeRow.pk).desc()).limit(limit)).all()
        data = {rid: d for rid, d in s.execute(select(RecordRow.id, RecordRow.data).where(
            RecordRow.id.in_([r[0] for r in rows])))}
        return [{"record": r[0], "at": r[2], "change": "new" if r[3] == "new" else "changed", "data": data[r[0]]}
                for r in rows if r[0] in data]
