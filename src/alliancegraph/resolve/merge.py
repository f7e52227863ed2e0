"""Merging the records of many documents. Pure: extractions in, records with stable ids out.

Records of the same thing (same merge key) become one record: list fields are united,
scalar fields keep the first value in document order, and every source and every span of
evidence is kept.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from dataclasses import fields
from anyascii import anyascii
import numpy as np
from rapidfuzz import fuzz, process

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


PEOPLE_FIELDS = ("speaker", "requested_by")


def people_of(rec: Record) -> set[str]:
    """The person names a record gives (speaker, requested_by), before full names are filled in."""
    return {v for f in PEOPLE_FIELDS if (v := getattr(rec, f, None))}


def full_names(names: Iterable[str]) -> dict[str, str]:
    """Surname -> the one full name ending with it, over the person names of every record."""
    full: dict[str, set[str]] = {}
    for n in set(names):
        if len(n.split()) > 1 and n[0].isupper():
            full.setdefault(n.split()[-1], set()).add(n)
    return {k: next(iter(v)) for k, v in full.items() if len(v) == 1}


def _full_names(records: list[Record]) -> dict[str, str]:
    return full_names(n for r in records for n in people_of(r))


_NOT_DISPUTED = {"id", "sources", "evidence", "disputes", "review", "name", "speaker", "text", "outlet", "status", "kind",
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


def name_key(name: str) -> str:
    """An exercise name folded to ASCII: names with equal or nearly equal keys are one series."""
    return anyascii(fold_name(name))


def first_spellings(extractions: list[Extraction]) -> list[tuple[str, str]]:
    """(name key, first spelling) of every exercise name, in order of first appearance
    (extractions in document id order, exercises in document order)."""
    out: dict[str, str] = {}
    for x in sorted(extractions, key=lambda e: e.document_id):
        for e in x.exercises:
            out.setdefault(name_key(e.name), e.name)
    return list(out.items())


def close_keys(keys: list[str], among: list[str]) -> set[str]:
    """The names in ``among`` nearly equal (the series rule) to one of ``keys``: resolving one
    name's spelling only ever involves names linked to it by such steps."""
    if not keys or not among:
        return set()
    scores = process.cdist(keys, among, scorer=fuzz.ratio, score_cutoff=90, dtype=np.float64)
    return {among[j] for j in np.flatnonzero((scores >= 90).any(axis=0))}


def canonical_names(first: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Name key -> the spelling every exercise with that key takes: unseen names spelled
    differently across documents ("Altai Hawk"/"Altay Hawk") take the first spelling seen, when
    their transliterations are nearly equal. ``first`` is :func:`first_spellings`' order."""
    distinct: dict[str, str] = {}
    for k, n in first:
        distinct.setdefault(k, n)
    first = list(distinct.items())
    seen: list[int] = []  # indexes of the spellings other names resolve to, in order
    seen_keys: list[str] = []
    out: dict[str, str] = {}
    for i, (key, name) in enumerate(first):
        match = None
        if len(key) > 5 and seen:
            # the scores against every earlier spelling at once (rapidfuzz's C loop, fuzz.ratio's floats)
            close = np.flatnonzero(process.cdist([key], seen_keys, scorer=fuzz.ratio, score_cutoff=90,
                                                 dtype=np.float64)[0] >= 90)
            if len(close):
                match = seen[int(close[0])]
        if match is None:
            seen.append(i)
            seen_keys.append(key)
            match = i
        out[key] = first[match][1]
    return out


def apply_name(e: Exercise, names: dict[str, str]) -> None:
    """Give an exercise its series spelling (the one it had becomes an alias)."""
    match = names.get(name_key(e.name), e.name)
    if match != e.name:
        if e.name not in e.aliases:
            e.aliases.append(e.name)
        e.name = match


def _unify_series_names(extractions: list[Extraction]) -> None:
    names = canonical_names(first_spellings(extractions))
    for x in extractions:
        for e in x.exercises:
            apply_name(e, names)


def group_key(rec: Record) -> str:
    """The unit of re-merging: records of one group are merged only with each other. Most
    records merge by their key; deployments by host (see :func:`_same_deployment`)."""
    return f"deployment|{rec.host}" if isinstance(rec, Deployment) else record_key(rec)


def merge_records(records: Iterable[Record]) -> list[tuple[Record, list[Record]]]:
    """Records (series names applied, in document order) merged into (record, the per-document
    records it was built from), scalar values collected; person names not yet filled in."""
    merged: dict[str, list[Record]] = {}
    deployments: list[list[Record]] = []
    for rec in records:
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
    groups = [(g[0], g[1:]) for g in [*merged.values(), *deployments]]
    _collect_values(groups)
    return groups


def finish(rec: Record, full: dict[str, str]) -> Record:
    """Fill in full person names ("Tokayev" -> "Kassym-Jomart Tokayev"), the stable id and the series."""
    for f in PEOPLE_FIELDS:
        v = getattr(rec, f, None)
        if v and len(v.split()) == 1 and v in full:
            setattr(rec, f, full[v])
    rec.id = stable_id(rec)
    if isinstance(rec, Exercise):
        rec.series = f"series:{slug(rec.name)}"
    return rec


def merge_extractions(extractions: list[Extraction]) -> list[Record]:
    """One record per real thing over all documents, in a deterministic order."""
    extractions = sorted(extractions, key=lambda e: e.document_id)
    _unify_series_names(extractions)
    records = [g[0] for g in merge_records(rec for x in extractions for rec in x.records())]
    full = _full_names(records)
    return [finish(rec, full) for rec in records]
