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
        year = rec.start.year if rec.start else (rec.end.year if rec.end else "")
        return f"deployment|{rec.host}|{year}|{','.join(sorted(rec.senders))}"
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
    for src in other.sources:
        if src not in target.sources:
            target.sources.append(src)
    for key, spans in other.evidence.items():
        for ev in spans:
            target.add_evidence(key, ev)


def merge_extractions(extractions: list[Extraction]) -> list[Record]:
    """One record per merge key over all documents, in a deterministic order."""
    merged: dict[str, Record] = {}
    for x in sorted(extractions, key=lambda e: e.document_id):
        for rec in x.records():
            key = record_key(rec)
            if key in merged:
                _merge_into(merged[key], rec)
            else:
                rec.id = stable_id(rec)
                merged[key] = rec
    return list(merged.values())
