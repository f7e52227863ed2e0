"""Analyst review in the store: overrides kept apart from the resolved records and applied
whenever records are written (:func:`curate_scope`, called by every resolution), the review
actions themselves (:func:`act`, one transaction each, guarded by the record's ETag), and
what the review pages read (history, recent actions, the queue).

The ``records`` table holds the curated records (with their ``review`` status); the machine's
own version of every record under review is kept in ``machine_records``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import Evidence, Record, record_from_dict, record_to_dict
from ..resolve.overrides import (ACTIONS, HIDDEN, Override, ReviewError, bases, curate, fingerprint, parse_value,
                                 plain_value)
from .schema import DocumentRow, MachineRecordRow, OverrideRow, RecordRow, SentenceRow


class ConflictError(RuntimeError):
    """The record changed since the reviewer read it (its ETag no longer matches)."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _override(row: OverrideRow) -> Override:
    return Override(row.pk, row.record_id, row.action, row.field, row.op, row.value, row.other_id, row.machine,
                    row.author, row.reason)


def _linked(overrides: list[OverrideRow], ids: set[str]) -> tuple[set[str], list[OverrideRow]]:
    """The ids linked to ``ids`` through merges and splits, and the overrides of all of them."""
    ids = set(ids)
    while True:
        touching = [o for o in overrides if o.record_id in ids or (o.other_id is not None and o.other_id in ids)]
        more = {o.record_id for o in touching} | {o.other_id for o in touching if o.other_id}
        if more <= ids:
            return ids, touching
        ids |= more


def _products(overrides: Iterable[OverrideRow]) -> set[str]:
    """Ids of records the overrides make (additions, split parts): no machine version."""
    return {o.record_id if o.action == "add" else str(o.other_id) for o in overrides if o.action in ("add", "split")}


def curate_scope(s: Session, records: list[Record], old_ids: set[str], reviewed: Iterable[str] = ()
                 ) -> tuple[list[Record], set[str]]:
    """The machine's records of one resolution scope (``old_ids``: what the scope held before)
    made into the records to store: overrides applied, records linked to them by merges and
    splits brought in, records the overrides make kept, records under review that the machine
    no longer finds kept (flagged). Stores the machine versions and the flags."""
    active = list(s.scalars(select(OverrideRow).where(OverrideRow.active.is_(True)).order_by(OverrideRow.pk)))
    if not active:
        return records, old_ids
    given = {r.id: r for r in records}
    ids, touching = _linked(active, set(given) | set(old_ids) | set(reviewed))
    if not touching:
        return records, old_ids
    products = _products(touching)
    stored = {rid: (data, vanished) for rid, data, vanished in s.execute(
        select(MachineRecordRow.record_id, MachineRecordRow.data, MachineRecordRow.vanished)
        .where(MachineRecordRow.record_id.in_(sorted(ids))))}
    current = {rid: data for rid, data in s.execute(select(RecordRow.id, RecordRow.data)
                                                    .where(RecordRow.id.in_(sorted(ids - set(given)))))}
    machine: dict[str, Record] = {}
    vanished: set[str] = set()
    for rid in sorted(ids - products):
        if rid in given:
            machine[rid] = given[rid]
            row_data = record_to_dict(given[rid])
            if rid not in stored:
                s.add(MachineRecordRow(record_id=rid, data=row_data, vanished=False))
            elif stored[rid] != (row_data, False):
                s.execute(update(MachineRecordRow).where(MachineRecordRow.record_id == rid)
                          .values(data=row_data, vanished=False))
            continue
        last = stored[rid][0] if rid in stored else current.get(rid)
        if last is None:
            continue  # never stored (an override naming a record that never existed)
        machine[rid] = record_from_dict(last)
        gone = rid in old_ids or (rid in stored and stored[rid][1])
        if gone:
            vanished.add(rid)
        if rid not in stored:
            s.add(MachineRecordRow(record_id=rid, data=last, vanished=gone))
        elif gone and not stored[rid][1]:
            s.execute(update(MachineRecordRow).where(MachineRecordRow.record_id == rid).values(vanished=True))
    curated, flags = curate(machine, [_override(o) for o in touching], vanished)
    for o in touching:
        flag = flags.get(o.pk)
        if o.flag != flag:
            o.flag = flag
    s.flush()
    out = [r for r in records if r.id not in ids] + curated
    present = {rid for (rid,) in s.execute(select(RecordRow.id).where(RecordRow.id.in_(sorted(ids))))}
    return out, set(old_ids) | present


# -- reading -----------------------------------------------------------------------------------

def etag(s: Session, record_id: str) -> str | None:
    """The record's version as reviewers see it: changes with its stored form and with every
    review action on it. None: no such record."""
    row = s.execute(select(RecordRow.data, RecordRow.review).where(RecordRow.id == record_id)).first()
    if row is None:
        return None
    last = s.scalar(select(func.max(OverrideRow.pk)).where(
        (OverrideRow.record_id == record_id) | (OverrideRow.other_id == record_id))) or 0
    body = json.dumps(row.data, sort_keys=True, ensure_ascii=False, default=str) + f"|{row.review}|{last}"
    return '"' + hashlib.sha1(body.encode()).hexdigest()[:20] + '"'


def _as_dict(o: OverrideRow) -> dict[str, Any]:
    return {"id": o.pk, "record": o.record_id, "action": o.action, "field": o.field, "op": o.op, "value": o.value,
            "other": o.other_id, "machine": o.machine, "reason": o.reason, "author": o.author,
            "at": o.created_at.isoformat(timespec="seconds"), "active": o.active, "flag": o.flag}


def history(s: Session, record_id: str) -> list[dict[str, Any]]:
    """Every review action on a record (or naming it: merges, splits), oldest first."""
    q = select(OverrideRow).where((OverrideRow.record_id == record_id) | (OverrideRow.other_id == record_id))
    return [_as_dict(o) for o in s.scalars(q.order_by(OverrideRow.pk))]


def recent(s: Session, limit: int = 100, *, flagged: bool = False) -> list[dict[str, Any]]:
    """The latest review actions, newest first (``flagged``: only those needing re-review)."""
    q = select(OverrideRow, RecordRow.name, RecordRow.type).outerjoin(RecordRow, RecordRow.id == OverrideRow.record_id)
    if flagged:
        q = q.where(OverrideRow.flag.is_not(None), OverrideRow.active.is_(True))
    return [{**_as_dict(o), "name": name, "type": kind} for o, name, kind in
            s.execute(q.order_by(OverrideRow.pk.desc()).limit(limit))]


def all_overrides(s: Session) -> list[dict[str, Any]]:
    return [_as_dict(o) for o in s.scalars(select(OverrideRow).order_by(OverrideRow.pk))]


def machine_records(s: Session, type_: str | None = None) -> list[Record]:
    """The records as the machine alone made them (``export --machine-only``: the extractor
    scored without the analysts): the machine's version of every record under review, records
    the analysts added or split off left out, in :func:`~.records.read_records`' order."""
    from .records import read_records

    products = _products(s.scalars(select(OverrideRow).where(OverrideRow.action.in_(("add", "split")))))
    machine = {rid: (data, vanished) for rid, data, vanished in s.execute(
        select(MachineRecordRow.record_id, MachineRecordRow.data, MachineRecordRow.vanished))}
    out = []
    for rec in read_records(s, type_, hidden=True):
        if rec.id in products:
            continue
        if rec.id in machine:
            data, vanished = machine[rec.id]
            if vanished:
                continue
            rec = record_from_dict(data)
        out.append(rec)
    out.sort(key=lambda r: (r.type_name, r.when() is not None, r.when() or 0, r.label(), r.id))
    return out


def queue(s: Session, limit: int = 50) -> list[dict[str, Any]]:
    """Records ordered by how much they need an analyst: overrides flagged for re-review first,
    then disputed fields, then weak evidence (one source), then records new or changed since the
    last review action, then the rest; the latest years first among equals. Records already
    reviewed (and not flagged), rejected or merged ones and citations are left out. Each rank is
    one indexed query over the query tables that stops at ``limit``."""
    from sqlalchemy import literal

    from .schema import RecordChangeRow, RecordFactRow, RecordSourceRow

    F = RecordFactRow.__table__
    flagged = {rid for (rid,) in s.execute(select(OverrideRow.record_id).where(
        OverrideRow.flag.is_not(None), OverrideRow.active.is_(True)))}
    last_review = s.scalar(select(func.max(OverrideRow.created_at)))
    fresh = select(RecordChangeRow.record_id).where(RecordChangeRow.at > last_review,
                                                    RecordChangeRow.change != "removed") \
        if last_review is not None else select(literal("")).where(literal(False))
    single = select(RecordSourceRow.record_id).group_by(RecordSourceRow.record_id).having(func.count() == 1)
    reviewed = select(RecordRow.id).where(RecordRow.review != "machine")
    base = [F.c.type != "citation", F.c.record_id.not_in(reviewed)]
    ranks = [[F.c.disputed.is_(True)],
             [F.c.disputed.is_(False), F.c.record_id.in_(single)],
             [F.c.disputed.is_(False), F.c.record_id.not_in(single), F.c.record_id.in_(fresh)],
             [F.c.disputed.is_(False), F.c.record_id.not_in(single), F.c.record_id.not_in(fresh)]]
    ids = sorted(flagged)[:limit]
    for rank in ranks:
        if len(ids) >= limit:
            break
        q = (select(F.c.record_id).where(*base, *rank, F.c.record_id.not_in(ids))
             .order_by(func.coalesce(F.c.year, 0).desc(), F.c.record_id).limit(limit - len(ids)))
        ids += list(s.scalars(q))
    rows = {r.id: r for r in s.execute(select(RecordRow.id, RecordRow.type, RecordRow.name, RecordRow.year,
                                              RecordRow.review, RecordRow.data).where(RecordRow.id.in_(ids)))}
    new = set(s.scalars(fresh.where(RecordChangeRow.record_id.in_(ids)))) if last_review is not None else set()
    items = []
    for rid in ids:
        r = rows.get(rid)
        if r is None or r.review in HIDDEN:
            continue
        disputed = sorted((r.data.get("disputes") or {}).keys())
        sources = len(r.data.get("sources") or [])
        reasons = (["flagged for re-review"] if rid in flagged else []) + \
            (["disputed: " + ", ".join(disputed)] if disputed else []) + (["one source"] if sources <= 1 else []) + \
            (["new or changed since the last review"] if rid in new else [])
        rank = 0 if rid in flagged else 1 if disputed else 2 if sources <= 1 else 3 if rid in new else 4
        items.append({"id": rid, "type": r.type, "name": r.name, "year": r.year, "review": r.review,
                      "reasons": reasons, "rank": rank, "sources": sources})
    items.sort(key=lambda x: (x["rank"], -(x["year"] or 0), x["id"]))
    return items


# -- acting ------------------------------------------------------------------------------------

def _base_of(s: Session, record_id: str) -> Record | None:
    """A record before its own overrides (the machine's, or the one a split or an addition made)."""
    active = list(s.scalars(select(OverrideRow).where(OverrideRow.active.is_(True)).order_by(OverrideRow.pk)))
    ids, touching = _linked(active, {record_id})
    machine = {rid: record_from_dict(data) for rid, data in s.execute(
        select(MachineRecordRow.record_id, MachineRecordRow.data).where(MachineRecordRow.record_id.in_(sorted(ids))))}
    base, _ = bases(machine, [_override(o) for o in touching])
    return base.get(record_id)


def _ensure_machine(s: Session, record_id: str) -> None:
    """Keep the machine's version of a record about to come under review."""
    if s.get(MachineRecordRow, record_id) is not None:
        return
    made = s.scalar(select(OverrideRow.pk).where(
        ((OverrideRow.action == "add") & (OverrideRow.record_id == record_id))
        | ((OverrideRow.action == "split") & (OverrideRow.other_id == record_id))).limit(1))
    if made is None:
        data = s.scalar(select(RecordRow.data).where(RecordRow.id == record_id))
        if data is not None:
            s.add(MachineRecordRow(record_id=record_id, data=data, vanished=False))
            s.flush()


def refresh(s: Session, record_ids: Iterable[str]) -> None:
    """Apply the overrides of these records (and those linked to them) now and store the result."""
    from .incremental import _write_records

    active = list(s.scalars(select(OverrideRow).where(OverrideRow.active.is_(True))))
    ids, _ = _linked(active, set(record_ids))
    machine = [record_from_dict(data) for data, in s.execute(
        select(MachineRecordRow.data).where(MachineRecordRow.record_id.in_(sorted(ids)),
                                            MachineRecordRow.vanished.is_(False)))]
    present = {rid for (rid,) in s.execute(select(RecordRow.id).where(RecordRow.id.in_(sorted(ids))))}
    _write_records(s, machine, present, ids)


def _sentence_evidence(s: Session, document_id: str, start: int, end: int) -> Evidence:
    """The evidence of a span an analyst selected on a document page: it must lie in one sentence."""
    doc = s.execute(select(DocumentRow.pk, DocumentRow.text).where(DocumentRow.id == document_id)).first()
    if doc is None:
        raise KeyError(document_id)
    if not 0 <= start < end <= len(doc.text):
        raise ReviewError(f"the selection {start}–{end} is outside the document (0–{len(doc.text)})")
    sent = s.execute(select(SentenceRow.idx, SentenceRow.start, SentenceRow.end).where(
        SentenceRow.document_pk == doc.pk, SentenceRow.start <= start, SentenceRow.end >= end)).first()
    if sent is None:
        raise ReviewError("select text within one sentence")
    return Evidence(document_id, sent.idx, start, end, doc.text[start:end])


def act(s: Session, action: str, record_id: str | None, *, author: str, reason: str | None = None,
        field: str | None = None, op: str = "set", value: Any = None, other_id: str | None = None,
        documents: list[str] | None = None, record: dict[str, Any] | None = None,
        evidence: dict[str, Any] | None = None, if_match: str | None = None) -> dict[str, Any]:
    """One review action, in the caller's transaction. KeyError: no such record (or document);
    ReviewError: the action cannot be carried out as asked; ConflictError: ``if_match`` is not
    the record's ETag any more. Returns the stored override and the record's new ETag."""
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)} (got {action!r})")
    if not author.strip():
        raise ReviewError("say who reviews (an author name)")
    now = _now()
    if action == "add":
        if record is None or evidence is None:
            raise ReviewError("an added record needs its fields and the selected span (document, start, end)")
        ev = _sentence_evidence(s, str(evidence.get("document_id", "")), int(evidence.get("start", -1)),
                                int(evidence.get("end", -1)))
        kind = str(record.get("type", ""))
        new_id = f"{kind[:2]}_a" + hashlib.sha1(f"{ev}|{record}|{author}|{now.isoformat()}".encode()).hexdigest()[:11]
        from ..resolve.overrides import added_record
        added_record(record, new_id, ev)  # raises ReviewError when the fields cannot make a record
        row = OverrideRow(record_id=new_id, action="add", value={"record": record, "evidence": {
            "document_id": ev.document_id, "sentence_index": ev.sentence_index, "start": ev.start, "end": ev.end,
            "text": ev.text}}, author=author, reason=reason, created_at=now, active=True)
        s.add(row)
        s.flush()
        refresh(s, [new_id])
        return {"override": _as_dict(row), "record": new_id, "etag": etag(s, new_id)}
    assert record_id is not None
    locked = s.execute(select(RecordRow.id, RecordRow.type).where(RecordRow.id == record_id).with_for_update()).first()
    if locked is None:
        raise KeyError(record_id)
    if if_match is not None and if_match.strip() not in ("*", etag(s, record_id)):
        raise ConflictError(f"record {record_id} changed since you read it; reload it and review again")
    _ensure_machine(s, record_id)
    base = _base_of(s, record_id)
    kind = locked.type
    row = OverrideRow(record_id=record_id, action=action, author=author, reason=reason, created_at=now, active=True)
    mine = list(s.scalars(select(OverrideRow).where(OverrideRow.record_id == record_id,
                                                    OverrideRow.active.is_(True))))
    if action == "correct":
        if not field:
            raise ReviewError("say which field to correct")
        row.field, row.op = field, op
        row.value = parse_value(kind, field, value, op)
        row.machine = plain_value(base, field) if base is not None else None
        if op == "set":
            for o in mine:
                if o.action == "correct" and o.field == field:
                    o.active = False
    elif action in ("confirm", "reject"):
        row.machine = fingerprint(base) if base is not None else None
        for o in mine:
            if o.action in ("confirm", "reject"):
                o.active = False
        if action == "confirm" and base is not None:  # re-reviewed: what the machine says now is the baseline
            for o in mine:
                if o.active and o.action == "correct" and o.field:
                    o.machine, o.flag = plain_value(base, o.field), None
    elif action == "merge":
        if not other_id or other_id == record_id:
            raise ReviewError("say which other record this one is the same as")
        other = s.execute(select(RecordRow.id, RecordRow.type, RecordRow.review).where(RecordRow.id == other_id)
                          .with_for_update()).first()
        if other is None:
            raise KeyError(other_id)
        if other.type != kind:
            raise ReviewError(f"{other_id} is a {other.type}, not a {kind}: only records of one type merge")
        if other.review in HIDDEN:
            raise ReviewError(f"{other_id} is {other.review}; merge records that are shown")
        _ensure_machine(s, other_id)
        other_base = _base_of(s, other_id)
        row.other_id = other_id
        row.machine = fingerprint(other_base) if other_base is not None else None
    elif action == "split":
        docs = list(dict.fromkeys(documents or []))
        if base is None or not docs or not set(docs) <= set(base.sources) or set(docs) >= set(base.sources):
            raise ReviewError("name some, not all, of the record's source documents: they become the new record "
                              f"(sources: {', '.join(base.sources) if base else 'none'})")
        row.value = {"documents": docs}
        row.other_id = f"{record_id}-s" + hashlib.sha1("|".join(sorted(docs)).encode()).hexdigest()[:6]
    s.add(row)
    s.flush()
    refresh(s, [record_id])
    return {"override": _as_dict(row), "record": record_id, "etag": etag(s, record_id),
            **({"new_record": row.other_id} if action == "split" else {})}


def review_of(s: Session, record_id: str) -> dict[str, Any] | None:
    """A record's review status, ETag, history and the machine's version (when under review)."""
    status = s.scalar(select(RecordRow.review).where(RecordRow.id == record_id))
    if status is None:
        return None
    machine = s.scalar(select(MachineRecordRow.data).where(MachineRecordRow.record_id == record_id))
    hist = history(s, record_id)
    return {"status": status, "etag": etag(s, record_id), "history": hist,
            "flags": [h["flag"] for h in hist if h["active"] and h["flag"]], "machine": machine}
