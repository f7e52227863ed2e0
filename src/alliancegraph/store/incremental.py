"""Incremental resolution: adding, changing or removing a document re-merges only the groups
of records its extractions touch, so one article costs about the same on any corpus size.

The index behind it (tables ``resolve_*``, see :mod:`.schema`):

- every current document's records as it gave them (``resolve_members``), each filed under
  its merge group: the record key (exercise series+year, agreement name+year, quote
  speaker+text, citation outlet+date) or, for deployments, the host (they merge by host, start
  year and a shared sender, see :func:`~alliancegraph.resolve.merge.merge_records`);
- exercise name keys in order of first appearance with the spelling they resolve to
  (``resolve_names``): a new spelling can rename a series everywhere, and then exactly the
  groups of that name are re-merged;
- every resolved record's group, series and place in merge order (``resolve_records``) and
  the person names it gives before full names are filled in (``resolve_people``): a new full
  name ("Kassym-Jomart Tokayev") re-finishes the records that call him "Tokayev".

Which documents are pending is read from the database (current documents not in
``resolve_documents`` and indexed documents no longer current), so resolution after a crash
between storing and resolving simply catches up. :func:`rebuild_all` (``resolve --all``)
resolves everything from scratch with :func:`~alliancegraph.resolve.merge.merge_extractions`'s
steps and rebuilds the index; both paths give the same records (tests/test_incremental.py).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.orm import Session

from ..text import slug
from ..models import Deployment, Exercise, Record, _plain, extraction_from_dict, record_from_dict, record_to_dict
from ..resolve.entities import name_entity
from ..resolve.merge import (apply_name, canonical_names, close_keys, finish, first_spellings, full_names, group_key,
                             merge_records, name_key, people_of, stable_id)
from .facts import refresh_card
from .records import _update_record, _write_record, refresh_entities
from .reviews import curate_scope
from .schema import (DocumentRow, EntityRow, EvidenceRow, ExtractionRow, MachineRecordRow, MentionRow, OverrideRow,
                     RecordChangeRow, RecordRow,
                     RecordSourceRow,
                     ResolvedDocumentRow, ResolveGroupRow, ResolveMemberRow, ResolveNameRow, ResolvePersonRow, ResolveRecordRow)

CHUNK = 500
FULL_SHARE = 0.25
INDEX_MARK = ""  # resolve_groups row naming the index layout (an index built by an older version is rebuilt)
INDEX_VERSION = "2"  # more pending documents than this share of the indexed ones: resolve from scratch


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _pk_of(s: Session, doc_ids: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for ids in _chunks(set(doc_ids)):
        out.update(s.execute(select(DocumentRow.id, DocumentRow.pk).where(DocumentRow.id.in_(ids))).all())
    return out


def _write_records(s: Session, records: list[Record], old_ids: set[str], reviewed: Iterable[str] = ()
                   ) -> tuple[int, int]:
    """Bring the stored records of one scope (``old_ids``: what the scope held before) to
    ``records``: unchanged records are left alone. The analysts' overrides are applied first
    (:func:`.reviews.curate_scope`; ``reviewed``: ids whose reviews apply whatever the scope).
    Returns (changed, deleted)."""
    records, old_ids = curate_scope(s, records, old_ids, reviewed)
    new_ids = {r.id for r in records}
    old: dict[str, Any] = {}
    for ids in _chunks(old_ids | new_ids):
        old.update(s.execute(select(RecordRow.id, RecordRow.data).where(RecordRow.id.in_(ids))).all())
    gone = [rid for rid in old_ids if rid not in new_ids and rid in old]
    data = {r.id: record_to_dict(r) for r in records}
    changed = [r for r in records if old.get(r.id) != data[r.id]]
    for ids in _chunks(gone):
        s.execute(delete(EvidenceRow).where(EvidenceRow.record_id.in_(ids)))
        s.execute(delete(RecordSourceRow).where(RecordSourceRow.record_id.in_(ids)))
        s.execute(delete(RecordRow).where(RecordRow.id.in_(ids)))
    doc_ids = {d for r in changed for d in [*r.sources, *(e.document_id for v in r.evidence.values() for e in v)]}
    for r in changed:
        if r.id in old:
            doc_ids.update(old[r.id]["sources"])
            doc_ids.update(e["document_id"] for v in old[r.id]["evidence"].values() for e in v)
    pk_of = _pk_of(s, doc_ids)
    for rec in changed:
        if rec.id in old:
            _update_record(s, rec, pk_of, data[rec.id], old[rec.id])
        else:
            _write_record(s, rec, pk_of, data[rec.id])
    at = datetime.now(UTC).replace(tzinfo=None)
    _insert(s, RecordChangeRow, [{"record_id": r.id, "change": "changed" if r.id in old else "new", "at": at}
                                 for r in changed] + [{"record_id": rid, "change": "removed", "at": at}
                                                      for rid in gone])
    return len(changed), len(gone)


def _member(document_pk: int, doc_id: str, seq: int, rec: Record) -> dict[str, Any]:
    """An index row for one document's record (as extracted: series names not yet applied)."""
    return {"document_pk": document_pk, "doc_id": doc_id, "seq": seq, "group_key": "",
            "name_key": name_key(rec.name) if isinstance(rec, Exercise) else None, "data": record_to_dict(rec)}


def content_hash(rec: Record) -> str:
    """What a per-document record says, sources, evidence and review status aside (the status
    is the analysts' business, never a document's)."""
    d = record_to_dict(rec)
    for k in ("id", "sources", "evidence", "disputes", "review"):
        d.pop(k, None)
    return hashlib.sha1(json.dumps(d, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _uniform_rows(merged: list[tuple[Record, list[Record]]]) -> list[dict[str, Any]]:
    """resolve_groups rows: the groups whose members all say the same."""
    out = []
    for _, members in merged:
        if isinstance(members[0], Deployment):
            continue
        hashes = {content_hash(m) for m in members}
        if len(hashes) == 1:
            out.append({"group_key": group_key(members[0]), "content": hashes.pop()})
    return out


def _index_rows(merged: list[tuple[Record, list[Record]]], where: dict[int, tuple[str, int]]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """resolve_records and resolve_people rows of merged (record, members) groups; ``where``
    maps id(member) to its (document id, position)."""
    recs, people = [], []
    for rec, members in merged:
        doc_id, seq = where[id(members[0])]
        recs.append({"record_id": rec.id, "group_key": group_key(members[0]),
                     "series": f"series:{slug(rec.name)}" if isinstance(rec, Exercise) else None, "doc_id": doc_id, "seq": seq})
        people += [{"record_id": rec.id, "name": n, "surname": _surname(n)} for n in sorted(people_of(rec))]
    return recs, people


# -- from scratch ------------------------------------------------------------------------------

def rebuild_all(s: Session) -> dict[str, int]:
    """Resolve every current document's extraction from scratch and rebuild the index."""
    rows = s.execute(select(ExtractionRow.document_pk, ExtractionRow.data)
                     .join(DocumentRow, DocumentRow.pk == ExtractionRow.document_pk)
                     .where(DocumentRow.current.is_(True))).all()
    pairs = sorted(((pk, extraction_from_dict(d)) for pk, d in rows), key=lambda p: p[1].document_id)
    extractions = [x for _, x in pairs]
    members = [_member(pk, x.document_id, i, rec) for pk, x in pairs for i, rec in enumerate(x.records())]
    first = first_spellings(extractions)
    names = canonical_names(first)
    where: dict[int, tuple[str, int]] = {}
    first_at: dict[str, tuple[str, int]] = {}
    ordered: list[Record] = []
    for x in extractions:
        for i, rec in enumerate(x.records()):
            if isinstance(rec, Exercise):
                first_at.setdefault(name_key(rec.name), (x.document_id, i))
                apply_name(rec, names)
            where[id(rec)] = (x.document_id, i)
            ordered.append(rec)
    for m, rec in zip(members, ordered, strict=True):
        m["group_key"] = group_key(rec)
    merged = merge_records(ordered)
    full = full_names(n for rec, _ in merged for n in people_of(rec))
    for rec, _ in merged:
        rec.id = stable_id(rec)
    index_recs, index_people = _index_rows(merged, where)
    records = [finish(rec, full) for rec, _ in merged]
    old_ids = set(s.scalars(select(RecordRow.id)))
    changed, deleted = _write_records(s, records, old_ids)
    uniform = _uniform_rows(merged)
    for table in (ResolvedDocumentRow, ResolveMemberRow, ResolveNameRow, ResolveRecordRow, ResolvePersonRow,
                  ResolveGroupRow):
        s.execute(delete(table))
    _insert(s, ResolvedDocumentRow, [{"document_pk": pk} for pk in sorted({pk for pk, _ in pairs})])
    _insert(s, ResolveMemberRow, members)
    _insert(s, ResolveNameRow, [{"name_key": k, "doc_id": first_at[k][0], "seq": first_at[k][1], "name": n,
                                 "canonical": names[k]} for k, n in first])
    _insert(s, ResolveRecordRow, index_recs)
    _insert(s, ResolvePersonRow, index_people)
    _insert(s, ResolveGroupRow, [*uniform, {"group_key": INDEX_MARK, "content": INDEX_VERSION}])
    refresh_entities(s, name_entity, records)
    return {"records": len(records), "changed": changed, "deleted": deleted, "documents": len(pairs)}


def _insert(s: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        s.execute(table.__table__.insert(), chunk)


# -- incremental -------------------------------------------------------------------------------

def pending(s: Session) -> tuple[list[int], list[int]]:
    """(current documents not yet resolved, resolved documents no longer current or gone).

    On SQLite writers take turns, so document keys grow in commit order and the new documents
    are those above the highest one resolved (a range scan, whatever the corpus size). On
    PostgreSQL keys from a sequence can commit out of order, and the unresolved ones are found
    by an anti-join."""
    if s.get_bind().dialect.name == "sqlite":
        mark = s.scalar(select(func.max(ResolvedDocumentRow.document_pk))) or 0
        added = s.scalars(select(DocumentRow.pk).where(DocumentRow.pk > mark, DocumentRow.current.is_(True))
                          .order_by(DocumentRow.pk)).all()
        # replaced versions (few: the current flag is indexed); deleted documents are handled
        # by the transaction that deletes them (Store.remove_document)
        removed = s.scalars(select(ResolvedDocumentRow.document_pk).join(
            DocumentRow, DocumentRow.pk == ResolvedDocumentRow.document_pk).where(DocumentRow.current.is_(False))).all()
        return list(added), list(removed)
    added = s.scalars(select(DocumentRow.pk).where(DocumentRow.current.is_(True), ~exists().where(
        ResolvedDocumentRow.document_pk == DocumentRow.pk)).order_by(DocumentRow.pk)).all()
    removed = s.scalars(select(ResolvedDocumentRow.document_pk).where(~exists().where(and_(
        DocumentRow.pk == ResolvedDocumentRow.document_pk, DocumentRow.current.is_(True))))).all()
    return list(added), list(removed)


def resolve_pending(s: Session, *, deleted: Iterable[int] = (), current_again: Iterable[int] = (),
                    entities: Iterable[str] = ()) -> dict[str, int]:
    """Re-merge what documents stored (or replaced, or deleted) since the last resolution touch.
    ``deleted`` and ``current_again``: documents the caller's transaction deleted, or made
    current again (an older version whose successor was deleted); ``entities``: those the
    deleted documents mentioned."""
    indexed = s.scalar(select(ResolvedDocumentRow.document_pk).limit(1))
    if indexed is None or s.scalar(select(ResolveGroupRow.content).where(
            ResolveGroupRow.group_key == INDEX_MARK)) != INDEX_VERSION:
        return rebuild_all(s)
    added, removed = pending(s)
    added = sorted(set(added) | set(current_again))
    removed = sorted(set(removed) | set(deleted))
    if not added and not removed:
        return {"records": 0, "changed": 0, "deleted": 0, "documents": 0}
    if len(added) + len(removed) > 50:
        total = s.scalar(select(func.count()).select_from(ResolvedDocumentRow)) or 0
        if len(added) + len(removed) > FULL_SHARE * total:
            return rebuild_all(s)
    affected: set[str] = set()
    touched_entities: set[str] = set(entities)  # recomputed from all their mentions
    # 1. documents gone: their records leave their groups
    removed_keys: set[str] = set()
    for pks in _chunks(removed):
        for gk, nk in s.execute(select(ResolveMemberRow.group_key, ResolveMemberRow.name_key)
                                .where(ResolveMemberRow.document_pk.in_(pks))):
            affected.add(gk)
            if nk is not None:
                removed_keys.add(nk)
        touched_entities.update(s.scalars(select(MentionRow.entity_id).where(MentionRow.document_pk.in_(pks))
                                          .distinct()))
        s.execute(delete(ResolveMemberRow).where(ResolveMemberRow.document_pk.in_(pks)))
        s.execute(delete(ResolvedDocumentRow).where(ResolvedDocumentRow.document_pk.in_(pks)))
    # 2. documents new: their records as index rows (group keys once the names are known)
    new_members: list[tuple[dict[str, Any], Record]] = []
    for pks in _chunks(added):
        for pk, data in s.execute(select(ExtractionRow.document_pk, ExtractionRow.data)
                                  .where(ExtractionRow.document_pk.in_(pks))):
            x = extraction_from_dict(data)
            new_members += [(_member(pk, x.document_id, i, rec), rec) for i, rec in enumerate(x.records())]
    # 3. exercise names: first appearances, and the spelling each key resolves to
    renamed = _update_names(s, removed_keys, new_members)
    names = _names(s, {m["name_key"] for m, _ in new_members if m["name_key"]})
    if renamed:
        for pk, gk, data in s.execute(select(ResolveMemberRow.pk, ResolveMemberRow.group_key, ResolveMemberRow.data)
                                      .where(ResolveMemberRow.name_key.in_(renamed))).all():
            rec = record_from_dict(data)
            apply_name(rec, _names(s, {name_key(rec.name)}))  # type: ignore[arg-type]
            new_gk = group_key(rec)
            affected.update((gk, new_gk))
            if new_gk != gk:
                s.execute(ResolveMemberRow.__table__.update().where(ResolveMemberRow.pk == pk)
                          .values(group_key=new_gk))
    dirty = set(affected)  # groups that lost members or were renamed: merged again in full
    fresh: dict[str, list[tuple[dict[str, Any], Record]]] = {}
    for m, rec in new_members:
        if isinstance(rec, Exercise):
            apply_name(rec, names)
        m["group_key"] = group_key(rec)
        affected.add(m["group_key"])
        fresh.setdefault(m["group_key"], []).append((m, rec))
    _insert(s, ResolveMemberRow, [m for m, _ in new_members])
    _insert(s, ResolvedDocumentRow, [{"document_pk": pk} for pk in added])
    # 4. groups whose records all say the same, joined by records saying it too: spliced in;
    # the others merged again in full (and full names may pull in more groups)
    spliced = _splice(s, {gk: items for gk, items in fresh.items() if gk not in dirty})
    result = _remerge(s, affected - set(spliced))
    result["changed"] += len(spliced)
    result["spliced"] = len(spliced)
    result["series"] |= {f"series:{slug(rec.name)}" for gk, n in spliced.items() if n == 2  # type: ignore[attr-defined]
                         for _, rec in fresh[gk]}
    # 5. entities: those the changed documents mention, and the series of changed exercises
    touched_entities |= result.pop("series")  # type: ignore[arg-type]
    touched_entities |= _entities_with_new_forms(s, added)
    _refresh_some(s, touched_entities)
    return {**result, "documents": len(added) + len(removed)}


def _names(s: Session, keys: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ks in _chunks(keys):
        out.update(s.execute(select(ResolveNameRow.name_key, ResolveNameRow.canonical)
                             .where(ResolveNameRow.name_key.in_(ks))).all())
    return out


def _update_names(s: Session, removed_keys: set[str], new_members: list[tuple[dict[str, Any], Record]]) -> set[str]:
    """Keep each exercise name key's first appearance; when first appearances change, resolve
    the spellings again of the names linked to the changed ones (see
    :func:`~alliancegraph.resolve.merge.close_keys`; the others cannot change). Returns the
    keys whose spelling changed and that other documents already use."""
    rows = {r.name_key: r for r in s.scalars(select(ResolveNameRow).where(ResolveNameRow.name_key.in_(
        removed_keys | {m["name_key"] for m, _ in new_members if m["name_key"]})))}
    moved: set[str] = set()  # keys inserted, deleted or appearing earlier than before
    for key in removed_keys:  # first appearance again from the remaining documents
        left = min(((d, q, data["name"]) for d, q, data in s.execute(
            select(ResolveMemberRow.doc_id, ResolveMemberRow.seq, ResolveMemberRow.data)
            .where(ResolveMemberRow.name_key == key))), default=None)
        row = rows.get(key)
        if left is None:
            if row is not None:
                s.delete(row)
                rows.pop(key)
                moved.add(key)
        elif row is None or (row.doc_id, row.seq, row.name) != left:
            moved.add(key)
            if row is None:
                rows[key] = row = ResolveNameRow(name_key=key, canonical=str(left[2]))
                s.add(row)
            row.doc_id, row.seq, row.name = left[0], left[1], str(left[2])
    for m, rec in new_members:
        key = m["name_key"]
        if key is None:
            continue
        row = rows.get(key)
        if row is None:
            rows[key] = ResolveNameRow(name_key=key, doc_id=m["doc_id"], seq=m["seq"], name=rec.name,  # type: ignore[attr-defined]
                                       canonical=rec.name)  # type: ignore[attr-defined]
            s.add(rows[key])
            moved.add(key)
        elif (m["doc_id"], m["seq"]) < (row.doc_id, row.seq):
            row.doc_id, row.seq, row.name = m["doc_id"], m["seq"], rec.name  # type: ignore[attr-defined]
            moved.add(key)
    s.flush()
    if not moved:
        return set()
    every = sorted(s.execute(select(ResolveNameRow.name_key, ResolveNameRow.doc_id, ResolveNameRow.seq)).all(),
                   key=lambda r: (r[1], r[2]))
    keys = [r[0] for r in every]
    linked = set(moved)
    frontier = list(moved)
    while frontier:
        near = close_keys(frontier, keys) - linked
        linked |= near
        frontier = list(near)
    linked_rows = {r.name_key: r for ks in _chunks(linked) for r in s.scalars(
        select(ResolveNameRow).where(ResolveNameRow.name_key.in_(ks)))}
    names = canonical_names((k, linked_rows[k].name) for k in keys if k in linked_rows)
    new_keys = {m["name_key"] for m, _ in new_members}
    renamed = set()
    for key, canonical in names.items():
        r = linked_rows[key]
        if r.canonical != canonical:
            r.canonical = canonical
            if key not in new_keys or s.scalar(select(ResolveMemberRow.pk).where(
                    ResolveMemberRow.name_key == key).limit(1)) is not None:
                renamed.add(key)
    s.flush()
    return renamed


def _splice(s: Session, fresh: dict[str, list[tuple[dict[str, Any], Record]]]) -> dict[str, int]:
    """Add new documents' records to groups whose records all say the same thing as them
    (``resolve_groups``): the resolved record takes their sources and evidence at their place
    in document order, which is what merging the whole group again would give. Groups that do
    not qualify are left out of the result (the caller merges them in full). Returns the
    spliced groups with the number of records changed."""
    keys = [gk for gk, items in fresh.items() if not isinstance(items[0][1], Deployment)]
    uniform: dict[str, str] = {}
    for ks in _chunks(keys):
        uniform.update(s.execute(select(ResolveGroupRow.group_key, ResolveGroupRow.content)
                                 .where(ResolveGroupRow.group_key.in_(ks))).all())
    candidates = {gk: fresh[gk] for gk in keys if gk in uniform
                  and all(content_hash(rec) == uniform[gk] for _, rec in fresh[gk])}
    where: dict[str, tuple[str, str, int]] = {}
    for ks in _chunks(candidates):
        for gk, rid, doc_id, seq in s.execute(select(ResolveRecordRow.group_key, ResolveRecordRow.record_id,
                                                     ResolveRecordRow.doc_id, ResolveRecordRow.seq)
                                              .where(ResolveRecordRow.group_key.in_(ks))).all():
            where[gk] = (rid, doc_id, seq) if gk not in where else ("", "", 0)  # one record per group
    data: dict[str, Any] = {}
    for ids in _chunks({w[0] for w in where.values() if w[0]}):
        # records under review are merged in full: their overrides are applied to the machine's version
        data.update(s.execute(select(RecordRow.id, RecordRow.data).where(RecordRow.id.in_(ids),
                                                                         RecordRow.review == "machine")).all())
    if data and s.scalar(select(OverrideRow.pk).where(OverrideRow.active.is_(True)).limit(1)) is not None:
        for ids in _chunks(list(data)):
            for rid in s.scalars(select(MachineRecordRow.record_id).where(MachineRecordRow.record_id.in_(ids))):
                data.pop(rid, None)
    done: dict[str, int] = {}
    at = datetime.now(UTC).replace(tzinfo=None)
    for gk, items in candidates.items():
        rid, first_doc, first_seq = where.get(gk, ("", "", 0))
        if rid not in data:
            continue
        d = data[rid]
        items = sorted(items, key=lambda it: (it[0]["doc_id"], it[0]["seq"]))
        if not _splice_into(d, items):
            continue
        # names, id and series stay (the group says what it said); only the new documents'
        # rows are added, the record's other rows stay as they are
        shell = record_from_dict({**d, "sources": [], "evidence": {}})
        pk_of = _pk_of(s, {m["doc_id"] for m, _ in items})
        sources = [{"record_id": rid, "document_pk": pk_of[m["doc_id"]]} for m, _ in items if m["doc_id"] in pk_of]
        evidence = []
        for m, x in items:
            for field_name, spans in x.evidence.items():
                value = getattr(shell, field_name, None) if field_name else None
                evidence += [{"record_id": rid, "field": field_name or "record",
                              "value": None if value is None else str(value), "document_pk": pk_of[e.document_id],
                              "sentence_idx": e.sentence_index, "start": e.start, "end": e.end, "text": e.text}
                             for e in dict.fromkeys(spans) if e.document_id in pk_of]
        s.execute(RecordRow.__table__.update().where(RecordRow.id == rid).values(data=d))
        refresh_card(s, rid, d)
        if sources:
            s.execute(RecordSourceRow.__table__.insert(), sources)
        if evidence:
            s.execute(EvidenceRow.__table__.insert(), evidence)
        s.execute(RecordChangeRow.__table__.insert(), [{"record_id": rid, "change": "changed", "at": at}])
        done[gk] = 1
        first = min((first_doc, first_seq), *((m["doc_id"], m["seq"]) for m, _ in items))
        if first != (first_doc, first_seq):
            s.execute(ResolveRecordRow.__table__.update().where(ResolveRecordRow.record_id == rid)
                      .values(doc_id=first[0], seq=first[1]))
            if isinstance(shell, Exercise) and shell.series:
                done[gk] = 2  # the series' first record may have changed: name it again
    return done


def _splice_into(d: dict[str, Any], items: list[tuple[dict[str, Any], Record]]) -> bool:
    """Insert each new record's sources and evidence into the stored record ``d`` (its JSON
    form) by document order; False (``d`` then unusable) when the shapes do not allow it and
    the group must be merged in full."""
    sources, evidence = d["sources"], d["evidence"]
    if sources != sorted(set(sources)):
        return False
    for spans in evidence.values():
        ids = [e["document_id"] for e in spans]
        if ids != sorted(ids):
            return False
    for m, x in items:
        doc = m["doc_id"]
        if x.sources != [doc] or doc in sources or list(x.evidence) != list(evidence):
            return False
        if any(e.document_id != doc for spans in x.evidence.values() for e in spans):
            return False
        sources.insert(bisect.bisect_left(sources, doc), doc)
        for field_name, spans in x.evidence.items():
            target = evidence[field_name]
            at = bisect.bisect_left([e["document_id"] for e in target], doc)
            target[at:at] = [_plain(e) for e in dict.fromkeys(spans)]
    return True


def _remerge(s: Session, affected: set[str]) -> dict[str, Any]:
    """Merge the groups in ``affected`` again from their members and store what changed."""
    groups = set(affected)
    old_ids: set[str] = set()
    series: set[str] = set()
    merged: list[tuple[Record, list[Record]]] = []
    where: dict[int, tuple[str, int]] = {}
    todo = set(groups)
    while todo:
        this_old: set[str] = set()
        for gks in _chunks(todo):
            for rid, sid in s.execute(select(ResolveRecordRow.record_id, ResolveRecordRow.series)
                                      .where(ResolveRecordRow.group_key.in_(gks))):
                this_old.add(rid)
                if sid:
                    series.add(sid)
        old_ids |= this_old
        rows = []
        for gks in _chunks(todo):
            rows += s.execute(select(ResolveMemberRow.doc_id, ResolveMemberRow.seq, ResolveMemberRow.data)
                              .where(ResolveMemberRow.group_key.in_(gks))).all()
        rows.sort(key=lambda r: (r[0], r[1]))
        recs = [record_from_dict(data) for _, _, data in rows]
        names = _names(s, {name_key(r.name) for r in recs if isinstance(r, Exercise)})
        for (doc_id, seq, _), rec in zip(rows, recs, strict=True):
            if isinstance(rec, Exercise):
                apply_name(rec, names)
            where[id(rec)] = (doc_id, seq)
        batch = merge_records(recs)
        for rec, _ in batch:
            rec.id = stable_id(rec)
        merged += batch
        for gks in _chunks(todo):
            s.execute(delete(ResolveGroupRow).where(ResolveGroupRow.group_key.in_(gks)))
        _insert(s, ResolveGroupRow, _uniform_rows(batch))
        # person names: a full name appearing or vanishing changes the records using the surname
        old_people: set[str] = set()
        for ids in _chunks(this_old):
            old_people.update(s.scalars(select(ResolvePersonRow.name).where(ResolvePersonRow.record_id.in_(ids))))
        new_people = {n for rec, _ in batch for n in people_of(rec)}
        surnames = {_surname(n) for n in old_people | new_people}
        before = _full_for(s, surnames)
        for ids in _chunks(this_old):
            s.execute(delete(ResolvePersonRow).where(ResolvePersonRow.record_id.in_(ids)))
        _insert(s, ResolvePersonRow, [{"record_id": rec.id, "name": n, "surname": _surname(n)}
                                      for rec, _ in batch for n in sorted(people_of(rec))])
        after = _full_for(s, surnames)
        changed_surnames = {k for k in surnames if before.get(k) != after.get(k)}
        todo = set()
        for ns in _chunks(changed_surnames):
            ids = set(s.scalars(select(ResolvePersonRow.record_id).where(ResolvePersonRow.name.in_(ns))))
            for ids_chunk in _chunks(ids):
                todo.update(s.scalars(select(ResolveRecordRow.group_key)
                                      .where(ResolveRecordRow.record_id.in_(ids_chunk))))
        todo -= groups
        groups |= todo
    single = {n for rec, _ in merged for n in people_of(rec) if len(n.split()) == 1}
    full = _full_for(s, single)
    index_recs, _ = _index_rows(merged, where)
    records = [finish(rec, full) for rec, _ in merged]
    series |= {r.series for r in records if isinstance(r, Exercise) and r.series}
    changed, deleted = _write_records(s, records, old_ids)
    for ids in _chunks(old_ids):
        s.execute(delete(ResolveRecordRow).where(ResolveRecordRow.record_id.in_(ids)))
    _insert(s, ResolveRecordRow, index_recs)
    return {"records": len(records), "changed": changed, "deleted": deleted, "groups": len(groups),
            "series": series}


def _full_for(s: Session, surnames: set[str]) -> dict[str, str]:
    """:func:`full_names` restricted to ``surnames``, over every resolved record's person names."""
    names: set[str] = set()
    for ks in _chunks(surnames):
        names.update(s.scalars(select(ResolvePersonRow.name).where(ResolvePersonRow.surname.in_(ks)).distinct()))
    return {k: v for k, v in full_names(names).items() if k in surnames}


def _entities_with_new_forms(s: Session, added: list[int]) -> set[str]:
    """Entities the new documents mention with a spelling the entity does not list yet, or
    that no other current document mentions (the others keep their name and aliases: they were
    named when first mentioned, and the same set of spellings gives the same answer)."""
    from .records import series_form

    forms: dict[str, set[str]] = {}
    for pks in _chunks(added):
        for eid, text in s.execute(select(MentionRow.entity_id, MentionRow.text)
                                   .where(MentionRow.document_pk.in_(pks)).distinct()):
            forms.setdefault(eid, set()).add(series_form(eid, text))
    out = set()
    known = {}
    for ids in _chunks(forms):
        known.update({e.id: e for e in s.scalars(select(EntityRow).where(EntityRow.id.in_(ids)))})
    for eid, texts in forms.items():
        e = known.get(eid)
        if e is None or not texts <= {e.name, *e.aliases}:
            out.add(eid)
        elif s.scalar(select(MentionRow.pk).join(DocumentRow, DocumentRow.pk == MentionRow.document_pk).where(
                MentionRow.entity_id == eid, DocumentRow.current.is_(True),
                MentionRow.document_pk.not_in(added)).limit(1)) is None:
            out.add(eid)  # mentioned before by no current document: its row was never named
    return out


def _refresh_some(s: Session, ids: set[str]) -> None:
    """Entities in ``ids`` named again from all their mentions (and, for series, the exercise records)."""
    if not ids:
        return
    sids = sorted(i for i in ids if i.startswith("series:"))
    rows: list[tuple[str, str, int, Any]] = []
    for chunk in _chunks(sids):
        rows += s.execute(select(ResolveRecordRow.record_id, ResolveRecordRow.doc_id, ResolveRecordRow.seq,
                                 RecordRow.data).join(RecordRow, RecordRow.id == ResolveRecordRow.record_id)
                          .where(ResolveRecordRow.series.in_(chunk))).all()
    rows.sort(key=lambda r: (r[1], r[2]))
    refresh_entities(s, name_entity, [record_from_dict(r[3]) for r in rows], only=ids)
