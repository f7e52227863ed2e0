"""The analyst's review, applied on top of resolution. Pure: machine records and overrides
in, curated records and flags out.

An override is one review action, keyed by a record's stable id (and a field): confirm,
correct (set a field, add a value to a list or remove one), reject (kept, hidden), merge
(another record is the same real thing), split (a record fused two: the chosen documents'
evidence becomes a record of its own) and add (a record the machine missed, with the span
the analyst selected as its evidence). Overrides are never edits of stored records: they
are kept apart and applied after every resolution, so re-ingesting, re-extracting or
upgrading the extractor keeps them. Each remembers what the machine said when it was made;
when the machine says something else later, the override is flagged for re-review.

Order of application (:func:`curate`): splits and additions make records, then each record's
own confirm / correct / reject overrides in the order they were made, then merges.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from ..models import (DateValue, Evidence, Record, RECORD_TYPES, _plain, record_from_dict, record_to_dict,
                      record_type)

ACTIONS = ("confirm", "correct", "reject", "merge", "split", "add")
OPS = ("set", "add", "remove")
STATUSES = ("machine", "confirmed", "corrected", "rejected", "added", "merged")
HIDDEN = ("rejected", "merged")  # left out of lists, exports and the eval export unless asked for
NOT_EDITABLE = {"id", "sources", "evidence", "disputes", "review", "series"}
# a record's status when several actions apply: the strongest wins
_RANK = {"machine": 0, "confirmed": 1, "added": 2, "corrected": 3, "merged": 4, "rejected": 5}


class ReviewError(ValueError):
    """A review action that cannot be carried out; the message says what to do instead."""


@dataclass(frozen=True)
class Override:
    pk: int
    record_id: str
    action: str
    field: str | None = None
    op: str | None = None
    value: Any = None
    other_id: str | None = None
    machine: Any = None
    author: str = ""
    reason: str | None = None


# -- values ------------------------------------------------------------------------------------

def editable_fields(kind: str) -> dict[str, str]:
    """Field name -> its kind ("list", "int", "date" or "text") for a record type."""
    cls = RECORD_TYPES[kind]
    out = {}
    for f in fields(cls):
        if f.name in NOT_EDITABLE:
            continue
        t = str(f.type)
        out[f.name] = ("list" if t.startswith("list") else "int" if t.startswith("int") else
                       "date" if "DateValue" in t else "text")
    return out


def fingerprint(rec: Record) -> str:
    """What a record says, its sources, evidence and review aside: a confirmation or a rejection
    is flagged when the machine's record says something else later, not when one more article
    says the same."""
    d = record_to_dict(rec)
    for k in ("id", "sources", "evidence", "disputes", "review"):
        d.pop(k, None)
    return hashlib.sha1(json.dumps(d, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def plain_value(rec: Record, field_name: str) -> Any:
    """A field's value as JSON (dates as their ISO string)."""
    v = getattr(rec, field_name)
    if isinstance(v, DateValue):
        return v.value
    return _plain(v)


def parse_value(kind: str, field_name: str, raw: Any, op: str) -> Any:
    """An analyst's value for a field as the record stores it; ReviewError says what to type."""
    kinds = editable_fields(kind)
    if field_name not in kinds:
        raise ReviewError(f"a {kind} has no field {field_name!r} to correct; one of: {', '.join(kinds)}")
    fk = kinds[field_name]
    if op not in OPS:
        raise ReviewError(f"operation must be one of {', '.join(OPS)} (got {op!r})")
    if op in ("add", "remove") and fk != "list":
        if op == "remove":
            return None
        raise ReviewError(f"{field_name} holds one value: use 'set', not 'add'")
    if raw is None or raw == "" or raw == []:
        if op == "set":
            return [] if fk == "list" else None
        raise ReviewError(f"say which value to {op}")
    if fk == "list":
        items = raw if isinstance(raw, list) else ([raw] if op != "set" else [x for x in str(raw).split(";")])
        items = [str(x).strip() for x in items if str(x).strip()]
        return items if op == "set" else items[0]
    if isinstance(raw, list):
        raise ReviewError(f"{field_name} holds one value, not a list")
    if fk == "int":
        try:
            return int(str(raw).replace(",", "").strip())
        except ValueError as exc:
            raise ReviewError(f"{field_name} must be a whole number (got {str(raw)[:20]!r})") from exc
    if fk == "date":
        text = str(raw).strip()
        precision = {4: "year", 7: "month", 10: "day"}.get(len(text))
        try:
            if precision is None:
                raise ValueError(text)
            DateValue(text, precision)  # type: ignore[arg-type]
            int(text[:4])
        except ValueError as exc:
            raise ReviewError(f"{field_name} must be a date such as 2022, 2022-01 or 2022-01-05 "
                              f"(got {text[:20]!r})") from exc
        return text
    return str(raw).strip()


def _set(rec: Record, field_name: str, value: Any) -> None:
    current = getattr(rec, field_name)
    if isinstance(current, DateValue) or (current is None and field_name in ("start", "end", "date")):
        value = None if value is None else DateValue(value, {4: "year", 7: "month", 10: "day"}[len(value)],
                                                     "analyst")
    elif isinstance(current, list):
        value = list(value or [])
    setattr(rec, field_name, value)


# -- one record ----------------------------------------------------------------------------------

def check(machine: Record | None, ov: Override) -> str | None:
    """Why an override needs re-review now (None: the machine says what it said when it was made)."""
    if ov.action in ("add",):
        return None
    if machine is None:
        return "the machine no longer finds this record"
    if ov.action == "correct" and ov.field:
        now = plain_value(machine, ov.field)
        if now != ov.machine:
            return f"the machine's {ov.field} changed from {ov.machine!r} to {now!r} since the correction"
    elif ov.action in ("confirm", "reject") and ov.machine is not None and fingerprint(machine) != ov.machine:
        return "the machine's record changed since it was " + ("confirmed" if ov.action == "confirm" else "rejected")
    return None


def apply_own(machine: Record, overrides: Iterable[Override]) -> Record:
    """A record with its own confirm / correct / reject overrides applied, in order."""
    rec = copy.deepcopy(machine)
    status = rec.review
    for ov in overrides:
        if ov.action == "confirm":
            status = max(status, "confirmed", key=_RANK.__getitem__)
        elif ov.action == "reject":
            status = "rejected"
        elif ov.action == "correct" and ov.field:
            current = getattr(rec, ov.field)
            if ov.op == "set":
                _set(rec, ov.field, ov.value)
            elif ov.op == "add" and isinstance(current, list):
                if ov.value not in current:
                    current.append(ov.value)
            elif ov.op == "remove":
                if isinstance(current, list):
                    _set(rec, ov.field, [v for v in current if v != ov.value])
                else:
                    _set(rec, ov.field, None)
            rec.disputes.pop(ov.field, None)  # the analyst decided between the sources' values
            status = max(status, "corrected", key=_RANK.__getitem__)
    rec.review = status
    return rec


def split_off(rec: Record, documents: list[str], new_id: str) -> tuple[Record, Record]:
    """A record that fused two things, cut in two: the part the given documents say becomes a
    record of its own (``new_id``), with their sources and evidence; a field only those
    documents support moves with them, a field others support too stays in both (correct it
    on either record afterwards)."""
    docs = set(documents)
    part, rest = copy.deepcopy(rec), copy.deepcopy(rec)
    part.id, part.review = new_id, "added"
    part.disputes, rest.disputes = {}, {k: v for k, v in rec.disputes.items()}
    part.sources = [d for d in rec.sources if d in docs]
    rest.sources = [d for d in rec.sources if d not in docs]
    part.evidence = {k: [e for e in v if e.document_id in docs] for k, v in rec.evidence.items()}
    rest.evidence = {k: [e for e in v if e.document_id not in docs] for k, v in rec.evidence.items()}
    for f in editable_fields(record_type(rec)):
        here, there = part.evidence.get(f), rest.evidence.get(f)
        if not here and there:
            _set(part, f, None if not isinstance(getattr(rec, f), list) else [])
        elif here and not there and f not in ("name", "speaker", "text", "outlet"):
            _set(rest, f, None if not isinstance(getattr(rec, f), list) else [])
    part.evidence = {k: v for k, v in part.evidence.items() if v}
    rest.evidence = {k: v for k, v in rest.evidence.items() if v}
    rest.review = "corrected"
    return rest, part


def added_record(value: dict[str, Any], record_id: str, sentence: Evidence) -> Record:
    """A record the machine missed, from the analyst's fields; the selected span is the evidence
    of the record and of every field given."""
    kind = str(value.get("type", ""))
    if kind not in RECORD_TYPES or not RECORD_TYPES[kind].listed:
        raise ReviewError("type must be one of exercise, deployment, agreement, quote")
    rec = RECORD_TYPES[kind]()
    rec.id, rec.review = record_id, "added"
    for f, raw in (value.get("fields") or {}).items():
        if raw in (None, "", []):
            continue
        _set(rec, f, parse_value(kind, f, raw, "set"))
        rec.evidence.setdefault(f, []).append(sentence)
    rec.evidence.setdefault("", []).insert(0, sentence)
    rec.sources = [sentence.document_id]
    if not rec.label():
        raise ReviewError("give the record a name (a quote: its speaker)")
    return rec


def record_of(data: dict[str, Any]) -> Record:
    return record_from_dict(data)


def evidence_of(d: dict[str, Any]) -> Evidence:
    return Evidence(str(d["document_id"]), int(d["sentence_index"]), int(d["start"]), int(d["end"]), str(d["text"]))


# -- a set of records ------------------------------------------------------------------------------

def bases(machine: dict[str, Record], overrides: list[Override], vanished: Iterable[str] = ()
          ) -> tuple[dict[str, Record], dict[int, str | None]]:
    """The records before their own overrides: the machine's, cut by splits, and those the
    analysts added; with the flags of the split and add overrides."""
    flags: dict[int, str | None] = {}
    base: dict[str, Record] = dict(machine)
    vanished = set(vanished)
    for ov in sorted(overrides, key=lambda o: o.pk):
        if ov.action == "split":
            src = base.get(ov.record_id)
            docs = list((ov.value or {}).get("documents", []))
            if src is None:
                flags[ov.pk] = "the record it split is gone"
                continue
            missing = [d for d in docs if d not in src.sources]
            flags[ov.pk] = ("the machine no longer finds the record it split" if ov.record_id in vanished else
                            f"the record no longer cites {', '.join(missing)}" if missing else None)
            if len(missing) < len(docs):
                base[ov.record_id], base[str(ov.other_id)] = split_off(src, docs, str(ov.other_id))
        elif ov.action == "add":
            try:
                base[ov.record_id] = added_record(ov.value["record"], ov.record_id, evidence_of(ov.value["evidence"]))
                flags[ov.pk] = None
            except (ReviewError, KeyError, TypeError, ValueError) as exc:
                flags[ov.pk] = f"cannot be applied: {exc}"
    return base, flags


def curate(machine: dict[str, Record], overrides: list[Override], vanished: Iterable[str] = ()
           ) -> tuple[list[Record], dict[int, str | None]]:
    """The curated records of a set of records linked by overrides, and each override's flag.

    ``machine`` maps each record id to the machine's record; for the ids in ``vanished`` (the
    machine no longer finds them) it is the last version the machine gave: the record stays,
    its overrides flagged, rather than silently dropped. Records the overrides make (splits,
    additions) are returned as well."""
    vanished = set(vanished)
    ordered = sorted(overrides, key=lambda o: o.pk)
    base, flags = bases(machine, ordered, vanished)
    for ov in ordered:
        if ov.action in ("confirm", "correct", "reject"):
            m = base.get(ov.record_id)
            flags[ov.pk] = check(m, ov) if ov.record_id not in vanished else "the machine no longer finds this record"
    out: dict[str, Record] = {rid: apply_own(rec, [o for o in ordered if o.record_id == rid])
                              for rid, rec in base.items()}
    for ov in ordered:
        if ov.action != "merge":
            continue
        target, other = out.get(ov.record_id), out.get(str(ov.other_id))
        if target is None or other is None:
            flags[ov.pk] = "one of the merged records is gone"
            continue
        flags[ov.pk] = "one of the merged records is no longer found by the machine" \
            if {ov.record_id, ov.other_id} & vanished else None
        target.absorb(other)
        aliases = getattr(target, "aliases", None)
        if isinstance(aliases, list) and other.label() and other.label() != target.label() \
                and other.label() not in aliases:
            aliases.append(other.label())  # the other record's name is a spelling of this one
        if target.review != "rejected":
            target.review = max(target.review, "corrected", key=_RANK.__getitem__)
        other.review = "merged"
    return list(out.values()), flags
