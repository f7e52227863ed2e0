"""Merging the records of many documents. Pure: extractions in, records with stable ids out.

Records of the same thing (same merge key) become one record: list fields are united,
scalar fields keep the first value in document order, and every source and every span of
evidence is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields

from ..extract.gazetteer import fold_name
from ..models import Agreement, Citation, Deployment, Exercise, Extraction, Quote, Record, record_type


def record_key(rec: Record) -> str:
    """What makes two records the same thing, as a string."""
    if isinstance(rec, Exercise):
        return f"exercise|{fold_name(rec.name)}|{rec.year}"
    if isinstance(rec, Deployment):
        year = rec.start.year if rec.start else ""
        return f"deployment|{rec.host}|{year}|{min(rec.senders, default='')}"
    if isinstance(rec, Agreement):
        return f"agreement|{fold_name(rec.name)}|{rec.date.year if rec.date else ''}"
    if isinstance(rec, Quote):
        return f"quote|{fold_name(rec.speaker).split(' ')[-1]}|{' '.join(fold_name(rec.text).split()[:8])}"
    if isinstance(rec, Citation):
        return f"citation|{fold_name(rec.outlet)}|{rec.date.value if rec.date else ''}"
    raise TypeError(rec)


def stable_id(rec: Record) -> str:
    return f"{record_type(rec)[:2]}_{hashlib.sha1(record_key(rec).encode()).hexdigest()[:12]}"


_SKIP = {"id", "sources", "evidence"}


def _merge_into(target: Record, other: Record) -> None:
    for f in fields(target):
        if f.name in _SKIP:
            continue
        mine, theirs = getattr(target, f.name), getattr(other, f.name)
        if isinstance(mine, list):
            for v in theirs:
                if v not in mine:
                    mine.append(v)
        elif mine in (None, "") and theirs not in (None, ""):
            setattr(target, f.name, theirs)
        elif isinstance(mine, str) and isinstance(theirs, str) and theirs.endswith(" " + mine):
            setattr(target, f.name, theirs)  # "Tokayev" → "Kassym-Jomart Tokayev"
    for src in other.sources:
        if src not in target.sources:
            target.sources.append(src)
    for key, spans in other.evidence.items():
        for ev in spans:
            target.add_evidence(key, ev)


def _same_deployment(a: Deployment, b: Deployment) -> bool:
    """Same host; start years equal where both are known; a shared sender where both name some."""
    if a.host != b.host:
        return False
    if a.start and b.start and a.start.year != b.start.year:
        return False
    return not (a.senders and b.senders and not set(a.senders) & set(b.senders))


def _full_names(records: list[Record]) -> dict[str, str]:
    """Surname -> the one full name ending with it, over every record of the knowledge base."""
    names = {v for r in records for v in (getattr(r, "speaker", None), getattr(r, "requested_by", None)) if v}
    full: dict[str, set[str]] = {}
    for n in names:
        if len(n.split()) > 1 and n[0].isupper():
            full.setdefault(n.split()[-1], set()).add(n)
    return {k: next(iter(v)) for k, v in full.items() if len(v) == 1}


def merge_extractions(extractions: list[Extraction]) -> list[Record]:
    """One record per real thing over all documents, in a deterministic order."""
    merged: dict[str, Record] = {}
    deployments: list[Deployment] = []
    for x in sorted(extractions, key=lambda e: e.document_id):
        for rec in x.records():
            if isinstance(rec, Deployment):
                target = next((d for d in deployments if _same_deployment(d, rec)), None)
                if target is not None:
                    _merge_into(target, rec)
                else:
                    deployments.append(rec)
                continue
            key = record_key(rec)
            if key in merged:
                _merge_into(merged[key], rec)
            else:
                merged[key] = rec
    records = list(merged.values()) + deployments
    full = _full_names(records)
    for rec in records:
        for f in ("speaker", "requested_by"):
            v = getattr(rec, f, None)
            if v and len(v.split()) == 1 and v in full:
                setattr(rec, f, full[v])  # "Tokayev" -> "Kassym-Jomart Tokayev"
        rec.id = stable_id(rec)
    return records
