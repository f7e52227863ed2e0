"""Writing and reading records: per-document extractions, and the resolved records built
from them (with their sources and evidence rows, and their query rows: ``facts.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Extraction, Record, extraction_to_dict, record_from_dict, \
    record_to_dict, record_type
from ..resolve.overrides import HIDDEN
from .facts import replace_facts, write_facts
from .schema import DocumentRow, EntityRow, EvidenceRow, ExtractionRow, MentionRow, RecordRow, RecordSourceRow


def insert_ignore(s: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""
    if not rows:
        return
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    s.execute(insert(table).on_conflict_do_nothing(), rows)


def write_extraction(s: Session, document_pk: int, extraction: Extraction) -> None:
    """Persist what was extracted from one document, inside the document's transaction: its
    records (resolved later across documents) and its entity mentions."""
    s.execute(ExtractionRow.__table__.insert(), [{"document_pk": document_pk, "data": extraction_to_dict(extraction)}])
    ids = sorted({m.entity_id for m in extraction.mentions})
    insert_ignore(s, EntityRow.__table__, [{"id": i, "type": i.split(":", 1)[0], "name": i.split(":", 1)[1],
                                            "aliases": []} for i in ids])
    if extraction.mentions:
        s.execute(MentionRow.__table__.insert(), [
            {"entity_id": m.entity_id, "document_pk": document_pk, "sentence_idx": m.evidence.sentence_index,
             "start": m.evidence.start, "end": m.evidence.end, "text": m.evidence.text, "label": m.label}
            for m in extraction.mentions])


def series_form(eid: str, text: str) -> str:
    """A mention's text as a spelling of its entity: "Aybalta-2024" names the series Aybalta."""
    return re.sub(r"\s*[-–—]?\s*(?:19|20)\d\d\)?$", "", text) if eid.startswith("series:") else text


def refresh_entities(s: Session, name_entity: Callable[[str, list[str]], tuple[str, str, list[str]]],
                     records: list[Record], only: set[str] | None = None) -> None:
    """Canonical name, type and aliases of every entity (or of those in ``only``), from the
    mentions of current documents; exercise series also from the resolved exercise records."""
    forms: dict[str, set[str]] = {}
    q = select(MentionRow.entity_id, MentionRow.text).join(
        DocumentRow, DocumentRow.pk == MentionRow.document_pk).where(DocumentRow.current.is_(True)).distinct()
    for ids in ([sorted(only)[i:i + 500] for i in range(0, len(only), 500)] if only is not None else [None]):
        for eid, text in s.execute(q if ids is None else q.where(MentionRow.entity_id.in_(ids))):
            forms.setdefault(eid, set()).add(series_form(eid, text))
    preferred: dict[str, str] = {}
    for rec in records:
        sid = getattr(rec, "series", None)
        if sid and (only is None or sid in only):
            preferred.setdefault(sid, rec.name)  # type: ignore[attr-defined]
            forms.setdefault(sid, set()).update([rec.name, *rec.aliases])  # type: ignore[attr-defined]
    if only is None:
        existing = {e.id: e for e in s.scalars(select(EntityRow))}
    else:
        existing = {e.id: e for ids in [sorted(forms)[i:i + 500] for i in range(0, len(forms), 500)]
                    for e in s.scalars(select(EntityRow).where(EntityRow.id.in_(ids)))}
    for eid, texts in sorted(forms.items()):
        first = [preferred[eid]] if eid in preferred else []
        type_, name, aliases = name_entity(eid, first + sorted(texts - set(first)))
        row = existing.get(eid)
        if row is None:
            s.add(EntityRow(id=eid, type=type_, name=name, aliases=aliases))
        elif (row.type, row.name, row.aliases) != (type_, name, aliases):
            row.type, row.name, row.aliases = type_, name, aliases


def _record_rows(rec: Record, pk_of: dict[str, int], data: dict[str, Any]
                 ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The row of a record, its source rows and its evidence rows."""
    start = getattr(rec, "start", None) or getattr(rec, "date", None)
    end = getattr(rec, "end", None)
    row = {"id": rec.id, "type": record_type(rec), "name": rec.label(), "year": rec.when(), "review": rec.review,
           "start": start.value if start else None, "end": end.value if end else None, "data": data}
    sources = [{"record_id": rec.id, "document_pk": pk_of[d]} for d in rec.sources if d in pk_of]
    evidence = []
    for field_name, spans in rec.evidence.items():
        value = getattr(rec, field_name, None) if field_name else None
        shown = None if value is None else str(value)
        evidence += [{"record_id": rec.id, "field": field_name or "record", "value": shown,
                      "document_pk": pk_of[ev.document_id], "sentence_idx": ev.sentence_index, "start": ev.start,
                      "end": ev.end, "text": ev.text}
                     for ev in spans if ev.document_id in pk_of]
    return row, sources, evidence


def _write_record(s: Session, rec: Record, pk_of: dict[str, int], data: dict[str, Any] | None = None) -> None:
    """One resolved record with its source and evidence rows (Core executemany inserts: the ORM
    unit of work costs more than the SQL for records with many sources)."""
    row, sources, evidence = _record_rows(rec, pk_of, record_to_dict(rec) if data is None else data)
    s.execute(RecordRow.__table__.insert(), [row])
    if sources:
        s.execute(RecordSourceRow.__table__.insert(), sources)
    if evidence:
        s.execute(EvidenceRow.__table__.insert(), evidence)
    write_facts(s, [(rec, row["data"])])


_EVIDENCE_COLUMNS = ("field", "value", "document_pk", "sentence_idx", "start", "end", "text")


def _update_record(s: Session, rec: Record, pk_of: dict[str, int], data: dict[str, Any],
                   old_data: dict[str, Any]) -> None:
    """A stored record brought up to date: its row rewritten, and only the source and evidence
    rows that changed deleted or inserted (a record with hundreds of sources gains one). The
    rows it has are those its stored form (``old_data``) gives; ``pk_of`` covers the documents
    of both forms."""
    from collections import Counter

    from sqlalchemy import and_, bindparam, delete, update

    row, sources, evidence = _record_rows(rec, pk_of, data)
    _, old_sources, old_evidence = _record_rows(record_from_dict(old_data), pk_of, old_data)
    s.execute(update(RecordRow).where(RecordRow.id == rec.id).values(
        {k: v for k, v in row.items() if k != "id"}))
    replace_facts(s, rec, data)
    have = {x["document_pk"] for x in old_sources}
    want = {x["document_pk"] for x in sources}
    if have - want:
        s.execute(delete(RecordSourceRow).where(RecordSourceRow.record_id == rec.id,
                                                RecordSourceRow.document_pk.in_(sorted(have - want))))
    if want - have:
        s.execute(RecordSourceRow.__table__.insert(), [x for x in sources if x["document_pk"] not in have])
    new_rows = Counter(tuple(x[c] for c in _EVIDENCE_COLUMNS) for x in evidence)
    old_rows = Counter(tuple(x[c] for c in _EVIDENCE_COLUMNS) for x in old_evidence)
    stale, fresh = old_rows - new_rows, new_rows - old_rows
    for has_value in (True, False):  # "value = NULL" matches nothing: rows without a value apart
        params = [{"b_" + c: v for c, v in zip(_EVIDENCE_COLUMNS, key, strict=True)}
                  for key in stale.elements() if (key[1] is not None) == has_value]
        if params:
            t = EvidenceRow.__table__.c
            cond = [t[c] == bindparam("b_" + c) for c in _EVIDENCE_COLUMNS if c != "value"]
            cond.append(t.value == bindparam("b_value") if has_value else t.value.is_(None))
            s.execute(delete(EvidenceRow.__table__).where(t.record_id == rec.id, and_(*cond)), params)
    if fresh:
        s.execute(EvidenceRow.__table__.insert(), [{"record_id": rec.id, **dict(zip(_EVIDENCE_COLUMNS, key, strict=True))}
                                                   for key in fresh.elements()])


def read_records(s: Session, type_: str | None = None, *, hidden: bool = False) -> list[Record]:
    """Records in one order on every backend (type, year with undated first, name, id); those
    an analyst rejected or merged into another only with ``hidden``."""
    q = select(RecordRow.type, RecordRow.year, RecordRow.name, RecordRow.id, RecordRow.data)
    if type_:
        q = q.where(RecordRow.type == type_)
    if not hidden:
        q = q.where(RecordRow.review.not_in(HIDDEN))
    rows = sorted(s.execute(q), key=lambda r: (r.type, r.year is not None, r.year or 0, r.name, r.id))
    return [record_from_dict(r.data) for r in rows]
