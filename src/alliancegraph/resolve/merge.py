"""Merging the records of many documents. Pure: extractions in, records with stable ids out.

Records of the same thing (same merge key) become one record: list fields are united,
scalar fields keep the first value in document order, and every source and every span of
evidence is kept.
"""

from __future__ import annotations

import hashlib
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
                    target.absorb(rec)
                else:
                    deployments.append(rec)
                continue
            key = record_key(rec)
            if key in merged:
                merged[key].absorb(rec)
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
