"""Writing and reading records: per-document extractions, and the resolved records built
from them (with their sources and evidence rows)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Extraction, Record, extraction_from_dict, extraction_to_dict, record_from_dict, \
    record_to_dict, record_type
from .schema import DocumentRow, EvidenceRow, ExtractionRow, RecordRow, RecordSourceRow


def write_extraction(s: Session, document_pk: int, extraction: Extraction) -> None:
    """Persist what was extracted from one document, inside the document's transaction."""
    s.add(ExtractionRow(document_pk=document_pk, data=extraction_to_dict(extraction)))


def current_extractions(s: Session) -> list[Extraction]:
    rows = s.execute(select(ExtractionRow.data).join(DocumentRow, DocumentRow.pk == ExtractionRow.document_pk)
                     .where(DocumentRow.current.is_(True)).order_by(DocumentRow.name)).scalars()
    return [extraction_from_dict(d) for d in rows]


def rebuild(s: Session, merge: Callable[[list[Extraction]], list[Record]]) -> int:
    """Replace the resolved records with ``merge`` over every current document's extraction."""
    records = merge(current_extractions(s))
    pk_of: dict[str, int] = {r.id: r.pk for r in s.execute(select(DocumentRow.id, DocumentRow.pk))}
    s.execute(delete(EvidenceRow))
    s.execute(delete(RecordSourceRow))
    s.execute(delete(RecordRow))
    for rec in records:
        data = record_to_dict(rec)
        start = getattr(rec, "start", None) or getattr(rec, "date", None)
        end = getattr(rec, "end", None)
        year = getattr(rec, "year", None)
        if year is None and start is not None:
            year = start.year
        name = getattr(rec, "name", "") or getattr(rec, "speaker", "") or getattr(rec, "outlet", "")
        s.add(RecordRow(id=rec.id, type=record_type(rec), name=name, year=year,
                        start=start.value if start else None, end=end.value if end else None, data=data))
        s.flush()
        s.add_all(RecordSourceRow(record_id=rec.id, document_pk=pk_of[d]) for d in rec.sources if d in pk_of)
        for field_name, spans in rec.evidence.items():
            value = getattr(rec, field_name, None) if field_name else None
            s.add_all(EvidenceRow(record_id=rec.id, field=field_name or "record",
                                  value=None if value is None else str(value), document_pk=pk_of[ev.document_id],
                                  sentence_idx=ev.sentence_index, start=ev.start, end=ev.end, text=ev.text)
                      for ev in spans if ev.document_id in pk_of)
    return len(records)


def read_records(s: Session, type_: str | None = None) -> list[Record]:
    q = select(RecordRow.data).order_by(RecordRow.type, RecordRow.year, RecordRow.name, RecordRow.id)
    if type_:
        q = q.where(RecordRow.type == type_)
    return [record_from_dict(d) for d in s.execute(q).scalars()]
