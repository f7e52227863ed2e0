"""Whole-knowledge-base dump and restore: every table, in a fixed order, as JSON Lines
(gzip when the file name ends in .gz). Primary keys are kept so that dump → restore → dump
gives the same bytes; restore only fills an empty knowledge base, in one transaction."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select, text

from ..errors import StoreError
from .db import FTS_TABLE, Store
from .facts import rebuild_facts
from .schema import (DocumentRow, EntityRow, EvidenceRow, ExtractionRow, MachineRecordRow, MentionRow, OverrideRow,
                     RecordNoteRow, RecordRow, RecordSourceRow, SentenceRow)

FORMAT = "alliancegraph-dump/1"
# parents before children; each with its sort key
TABLES = [(DocumentRow, "pk"), (SentenceRow, "pk"), (ExtractionRow, "document_pk"), (EntityRow, "id"),
          (MentionRow, "pk"), (RecordRow, "id"), (RecordSourceRow, ("record_id", "document_pk")), (EvidenceRow, "pk"),
          (RecordNoteRow, "pk"), (OverrideRow, "pk"), (MachineRecordRow, "record_id")]


@contextmanager
def _open(path: Path, mode: str, gz: bool | None = None) -> Iterator[IO[str]]:
    """A text stream on ``path``, gzip-compressed when it ends in .gz (or ``gz`` says so), with
    no file name or time in the gzip header so that the same content gives the same bytes."""
    if not (path.suffix == ".gz" if gz is None else gz):
        with path.open(mode[0], encoding="utf-8") as fh:
            yield fh
        return
    with path.open(mode[0] + "b") as raw, gzip.GzipFile(filename="", fileobj=raw, mode=mode[0] + "b",
                                                         mtime=0) as zipped, \
            io.TextIOWrapper(zipped, encoding="utf-8") as fh:
        yield fh


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, datetime) else v


def rows(store: Store) -> Iterator[dict[str, Any]]:
    with store.session() as s:
        version = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
        yield {"format": FORMAT, "schema": version}
        for model, key in TABLES:
            table = model.__table__
            order = [table.c[k] for k in (key if isinstance(key, tuple) else (key,))]
            for r in s.execute(select(table).order_by(*order)).mappings():
                yield {"table": table.name, "row": {k: _plain(v) for k, v in r.items()}}


def dump(store: Store, path: Path) -> int:
    n = 0
    tmp = path.with_name(path.name + ".tmp")
    with _open(tmp, "w", gz=path.suffix == ".gz") as fh:
        for obj in rows(store):
            fh.write(json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
            n += 1
    tmp.replace(path)
    return n - 1


def restore(store: Store, path: Path) -> int:
    with store.session() as s:
        if s.execute(select(func.count()).select_from(DocumentRow)).scalar():
            raise StoreError(f"{store.url} is not empty", hint="restore into a new knowledge base (a new --db)")
    tables = {m.__table__.name: m.__table__ for m, _ in TABLES}
    datetime_cols = {"ingested_at", "created_at"}
    n = 0
    with _open(path, "r") as fh, store.session(write=True) as s:
        head = json.loads(fh.readline() or "{}")
        if head.get("format") != FORMAT:
            raise StoreError(f"{path} is not an alliancegraph dump", hint="pass a file written by `alliancegraph dump`")
        batch: dict[str, list[dict[str, Any]]] = {}
        for lineno, line in enumerate(fh, 2):
            try:
                obj = json.loads(line)
                row = obj["row"]
                for c in datetime_cols & row.keys():
                    row[c] = datetime.fromisoformat(row[c])
                batch.setdefault(obj["table"], []).append(row)
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"{path}:{lineno}: not a dump line ({exc})",
                                 hint="the file is damaged; dump the knowledge base again") from exc
            n += 1
        for name in [m.__table__.name for m, _ in TABLES]:
            for chunk in range(0, len(batch.get(name, [])), 1000):
                s.execute(tables[name].insert(), batch[name][chunk:chunk + 1000])
        rebuild_facts(s)  # the query tables are derived from the records, not dumped
        if store.is_sqlite:
            s.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT pk, coalesce(title, ''), text "
                           "FROM documents"))
        else:
            for name in ("documents", "sentences", "mentions", "evidence", "record_notes", "overrides"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'pk'), "
                               f"coalesce((SELECT max(pk) FROM {name}), 0) + 1, false)"))
    return n
