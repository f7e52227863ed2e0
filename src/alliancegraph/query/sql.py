"""Selections answered by SQL over the query tables (``store/facts.py``): the ids of the records
a selection keeps, in the order lists show them, counts per type, year, country and
organization (facets), and the records' cards or full forms read by id for what is shown.

Same answers on SQLite and PostgreSQL, and the same as filtering the records in Python (tested in
``tests/test_query_sql.py``): substring search over folded text, a country or organization among
the record's actors, type, status and a year range (records without a year left out of a range).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, func, literal, select, text, union_all

from ..models import Record, record_from_dict
from ..resolve.overrides import HIDDEN
from ..store import DocumentSummary, Store
from ..store.facts import TEXT_TABLE
from ..store.schema import DocumentRow, RecordActorRow, RecordFactRow, RecordRow

F = RecordFactRow.__table__
A = RecordActorRow.__table__
CHUNK = 500  # ids per IN (…) list


@dataclass(frozen=True)
class Filter:
    """A selection in the terms of the query tables (names already canonical, words folded)."""

    types: tuple[str, ...] = ()  # empty: every type
    country: str | None = None
    organization: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    words: tuple[str, ...] = ()
    disputed: bool = False  # only records with a disputed field


def visible(q: Select[Any]) -> Select[Any]:
    """Every query over the query tables passes here: the one place where records hidden from
    lists (an analyst rejected them or merged them into another) are left out. Few records are
    hidden: their ids come from the review-status index."""
    return q.where(F.c.record_id.not_in(select(RecordRow.id).where(RecordRow.review.in_(HIDDEN))))


def _where(store: Store, f: Filter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.types:
        # with words (or a country or organization), the text index (or record_actors) finds the
        # few rows: the type is then checked on them, not used to walk the (type, year) index
        # over every record of the type
        type_ = F.c.type.concat("") if f.words or f.country or f.organization else F.c.type
        conds.append(type_.in_(f.types) if len(f.types) > 1 else type_ == f.types[0])
    for name, kind in ((f.country, "country"), (f.organization, "organization")):
        if name:
            conds.append(F.c.record_id.in_(select(A.c.record_id).where(A.c.actor == name, A.c.kind == kind)))
    if f.status:
        conds.append(F.c.status == f.status)
    if f.disputed:
        conds.append(F.c.disputed.is_(True))
    if f.year_from is not None:
        conds.append(F.c.year >= f.year_from)
    if f.year_to is not None:
        conds.append(F.c.year <= f.year_to)
    if store.is_sqlite and f.words:
        # the trigram index: a quoted word of 3 characters or more is matched as a substring
        # (one MATCH for all of them); shorter ones by GLOB '*w*' (words are \w characters only)
        long = [w for w in f.words if len(w) >= 3]
        if long:
            conds.append(F.c.pk.in_(select(text("rowid")).select_from(text(TEXT_TABLE)).where(
                text(f"{TEXT_TABLE} MATCH :match").bindparams(match=" ".join(f'"{w}"' for w in long)))))
        for i, w in enumerate(w for w in f.words if len(w) < 3):
            conds.append(F.c.pk.in_(select(text("rowid")).select_from(text(TEXT_TABLE)).where(
                text(f"{TEXT_TABLE}.text GLOB :w{i}").bindparams(**{f"w{i}": f"*{w}*"}))))
    for w in f.words if not store.is_sqlite else ():  # pg_trgm's index answers LIKE '%w%' when it is there
        conds.append(F.c.text.like("%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                                   escape="\\"))
    return conds


def _ordered(store: Store, q: Select[Any]) -> Select[Any]:
    """The order of every list: type, undated first, year, name, id (code-point order on both
    backends). SQLite puts NULLs first and reads it off the index ix_record_facts_order."""
    if store.is_sqlite:
        return q.order_by(F.c.type, F.c.year, F.c.name, F.c.record_id)
    return q.order_by(F.c.type, F.c.year.asc().nulls_first(), F.c.name.collate("C"), F.c.record_id.collate("C"))


def ids(store: Store, f: Filter, limit: int | None = None, offset: int = 0) -> list[str]:
    """The ids of the selected records, in list order (a page of them with ``limit``)."""
    q = _ordered(store, visible(select(F.c.record_id).where(*_where(store, f))))
    if limit is not None:
        q = q.limit(limit).offset(offset)
    with store.session() as s:
        return list(s.scalars(q))


def count(store: Store, f: Filter) -> int:
    """How many records the selection keeps."""
    with store.session() as s:
        return int(s.scalar(visible(select(func.count()).select_from(F).where(*_where(store, f)))) or 0)


def actor_counts(store: Store, f: Filter, kind: str, by_type: bool = False) -> dict[Any, int]:
    """Selected records naming each country (``kind`` country) or organization, whatever its
    role; with ``by_type`` keyed by (actor, record type)."""
    keys = [A.c.actor, F.c.type] if by_type else [A.c.actor]
    q = visible(select(*keys, func.count(func.distinct(A.c.record_id)))
                .select_from(A.join(F, F.c.record_id == A.c.record_id))
                .where(A.c.kind == kind, *_where(store, f)).group_by(*keys))
    with store.session() as s:
        return {(tuple(r[:-1]) if by_type else r[0]): int(r[-1]) for r in s.execute(q)}


def facets(store: Store, f: Filter) -> dict[str, dict[str, int]]:
    """Selected records per type, year (as text), country and organization (an actor counted
    once per record whatever its roles), in one statement: the selection is found once."""
    sel = visible(select(F.c.record_id, F.c.type, F.c.year).where(*_where(store, f))).cte("sel").prefix_with(
        "MATERIALIZED")
    year = func.cast(sel.c.year, Text)
    q = union_all(
        select(literal("type"), sel.c.type, func.count()).group_by(sel.c.type),
        select(literal("year"), year, func.count()).where(sel.c.year.isnot(None)).group_by(sel.c.year),
        select(A.c.kind, A.c.actor, func.count(func.distinct(A.c.record_id)))
        .where(A.c.record_id.in_(select(sel.c.record_id))).group_by(A.c.kind, A.c.actor))
    out: dict[str, dict[str, int]] = {"type": {}, "country": {}, "organization": {}, "year": {}}
    with store.session() as s:
        for facet, key, n in s.execute(q):
            out[facet][key] = int(n)
    return out


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def cards(store: Store, record_ids: Sequence[str]) -> list[Record]:
    """The records of ``record_ids`` without their evidence spans, in that order."""
    found: dict[str, Record] = {}
    with store.session() as s:
        for chunk in _chunks(record_ids):
            for rid, card in s.execute(select(F.c.record_id, F.c.card).where(F.c.record_id.in_(chunk))):
                found[rid] = record_from_dict(card)
    return [found[r] for r in record_ids if r in found]


def full(store: Store, record_ids: Sequence[str]) -> list[Record]:
    """The records of ``record_ids`` with their evidence, in that order."""
    found: dict[str, Record] = {}
    with store.session() as s:
        for chunk in _chunks(record_ids):
            for rid, data in s.execute(select(RecordRow.id, RecordRow.data).where(RecordRow.id.in_(chunk))):
                found[rid] = record_from_dict(data)
    return [found[r] for r in record_ids if r in found]


def source_counts(store: Store, f: Filter) -> dict[str, int]:
    """Document id -> how many of the selected records it is a source of."""
    from ..store.schema import RecordSourceRow

    q = visible(select(DocumentRow.id, func.count()).select_from(F)
                .join(RecordSourceRow, RecordSourceRow.record_id == F.c.record_id)
                .join(DocumentRow, DocumentRow.pk == RecordSourceRow.document_pk)
                .where(*_where(store, f)).group_by(DocumentRow.id))
    with store.session() as s:
        return {d: int(n) for d, n in s.execute(q)}


def lead_spans(store: Store, record_ids: Sequence[str]) -> list[list[dict[str, Any]]]:
    """The first evidence spans of each record of ``record_ids`` (``facts.lead_spans``), in that order."""
    found: dict[str, list[dict[str, Any]]] = {}
    with store.session() as s:
        for chunk in _chunks(record_ids):
            found.update(s.execute(select(F.c.record_id, F.c.spans).where(F.c.record_id.in_(chunk))).all())
    return [found[r] for r in record_ids if r in found]


def in_document(store: Store, doc_id: str, types: tuple[str, ...]) -> list[str]:
    """Ids of the records one document is a source of, in list order."""
    from ..store.schema import RecordSourceRow

    q = (select(F.c.record_id).join(RecordSourceRow, RecordSourceRow.record_id == F.c.record_id)
         .join(DocumentRow, DocumentRow.pk == RecordSourceRow.document_pk)
         .where(DocumentRow.id == doc_id, F.c.type.in_(types)))
    with store.session() as s:
        return list(s.scalars(_ordered(store, visible(q))))


def doc_meta(store: Store, doc_ids: Iterable[str]) -> dict[str, DocumentSummary]:
    """Document id -> summary for some current documents."""
    wanted = sorted(set(doc_ids))
    out: dict[str, DocumentSummary] = {}
    with store.session() as s:
        for chunk in _chunks(wanted):
            for r in s.execute(select(DocumentRow.id, DocumentRow.name, DocumentRow.title, DocumentRow.published,
                                      DocumentRow.published_rule, DocumentRow.source, DocumentRow.version,
                                      DocumentRow.current, DocumentRow.word_count, DocumentRow.outlet)
                               .where(DocumentRow.id.in_(chunk))):
                if r.current:  # checked here: in the WHERE, SQLite walks the index of the current flag
                    out[r.id] = DocumentSummary(*r)
    return out


def doc_names(store: Store, doc_ids: Iterable[str]) -> dict[str, str]:
    """Document id -> name for some current documents."""
    wanted = sorted(set(doc_ids))
    out: dict[str, str] = {}
    with store.session() as s:
        for chunk in _chunks(wanted):
            out.update((d, name) for d, name, current in s.execute(
                select(DocumentRow.id, DocumentRow.name, DocumentRow.current).where(DocumentRow.id.in_(chunk)))
                if current)  # checked here, not in the WHERE (see doc_meta)
    return out
