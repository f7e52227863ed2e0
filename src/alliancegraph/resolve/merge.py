"""Merging the records of many documents. Pure: extractions in, records with stable ids out.

Records of the same thing (same merge key) become one record: list fields are united,
scalar fields keep the first value in document order, and every source and every span of
evidence is kept.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import fields
from anyascii import anyascii
from rapidfuzz import fuzz

from ..text import fold_name, slug
from ..models import DateValue, Deployment, Exercise, Extraction, Record, record_type


def record_key(rec: Record) -> str:
    """What makes two records the same thing, as a string (each record type says)."""
    return rec.key()


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


_NOT_DISPUTED = {"id", "sources", "evidence", "disputes", "name", "speaker", "text", "outlet", "status", "kind",
                 "scenario", "aliases"}


def _plain(v: object) -> object:
    return v.value if isinstance(v, DateValue) else v


def _compatible_values(a: object, b: object) -> bool:
    """Equal, or one a refinement of the other ("2022-01" and "2022-01-05"; "Tokayev" and
    "Kassym-Jomart Tokayev")."""
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.startswith(b) or b.startswith(a) or a.endswith(" " + b) or b.endswith(" " + a)
    return False


def _collect_values(groups: list[tuple[Record, list[Record]]]) -> None:
    """For every merged record, the values each source gave for each scalar field. Where
    sources disagree the field is disputed: all values are kept with their sources, best
    supported first, and the record takes the best supported one."""
    for target, members in groups:
        for f in fields(target):
            if f.name in _NOT_DISPUTED or isinstance(getattr(target, f.name), list):
                continue
            values: list[dict[str, object]] = []
            for m in members:
                v = getattr(m, f.name)
                if v in (None, ""):
                    continue
                entry = next((e for e in values if _compatible_values(e["raw"], v)), None)
                if entry is None:
                    values.append({"raw": v, "value": _plain(v), "sources": list(m.sources)})
                else:
                    entry["sources"] = list(dict.fromkeys([*entry["sources"], *m.sources]))  # type: ignore[list-item]
            if len(values) > 1:
                values.sort(key=lambda e: -len(e["sources"]))  # stable: ties keep document order
                setattr(target, f.name, values[0]["raw"])
                target.disputes[f.name] = [{"value": e["value"], "sources": e["sources"]} for e in values]


def _unify_series_names(extractions: list[Extraction]) -> None:
    """Unseen exercise names spelled differently across documents ("Altai Hawk"/"Altay Hawk") take
    the first spelling seen, when their transliterations are nearly equal."""
    seen: list[tuple[str, str]] = []  # (folded ascii form, name)
    for x in extractions:
        for e in x.exercises:
            key = anyascii(fold_name(e.name))
            match = next((n for k, n in seen if k == key or (len(key) > 5 and fuzz.ratio(k, key) >= 90)), None)
            if match is None:
                seen.append((key, e.name))
            elif match != e.name:
                if e.name not in e.aliases:
                    e.aliases.append(e.name)
                e.name = match


def merge_extractions(extractions: list[Extraction]) -> list[Record]:
    """One record per real thing over all documents, in a deterministic order."""
    extractions = sorted(extractions, key=lambda e: e.document_id)
    _unify_series_names(extractions)
    merged: dict[str, list[Record]] = {}
    deployments: list[list[Record]] = []
    for x in sorted(extractions, key=lambda e: e.document_id):
        for rec in x.records():
            if isinstance(rec, Deployment):
                group = next((g for g in deployments if _same_deployment(g[0], rec)), None)  # type: ignore[arg-type]
                if group is not None:
                    group.append(rec)
                    group[0].absorb(rec)
                else:
                    deployments.append([copy.deepcopy(rec), rec])
                continue
            key = record_key(rec)
            if key in merged:
                merged[key].append(rec)
                merged[key][0].absorb(rec)  # absorb reads the other record, never changes it
            else:
                merged[key] = [copy.deepcopy(rec), rec]
    # each group: the merged record, then the per-document records it was built from
    groups = [(g[0], g[1:]) for g in [*merged.values(), *deployments]]
    _collect_values(groups)
    records = [g[0] for g in groups]
    full = _full_names(records)
    for rec in records:
        for f in ("speaker", "requested_by"):
            v = getattr(rec, f, None)
            if v and len(v.split()) == 1 and v in full:
                setattr(rec, f, full[v])  # "Tokayev" -> "Kassym-Jomart Tokayev"
        rec.id = stable_id(rec)
        if isinstance(rec, Exercise):
            rec.series = f"series:{slug(rec.name)}"
    return records
