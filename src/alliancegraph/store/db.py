"""The store: the only module that speaks SQL.

Every document is written in one transaction together with its sentences, its
full-text row and everything extracted from it, so a crash (even SIGKILL) leaves
either the whole document or nothing.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..errors import StoreError
from ..models import RECORD_TYPES, DateValue, Document, Extraction, Record, Sentence, renamed
from .schema import DocumentRow, RecordRow, SentenceRow

FTS_TABLE = "documents_fts"
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in search snippets


def database_url(db: str) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (a path means SQLite)."""
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter: full-text structures are dialect-specific and not in the models (FTS5
    tables on SQLite, the tsv column and its index on PostgreSQL, the trigram indexes over
    record_facts.text)."""
    return not ((name or "").startswith((FTS_TABLE, "record_text"))
                or name in ("tsv", "ix_documents_tsv", "ix_record_facts_text_trgm"))


@dataclass(frozen=True)
class AddResult:
    status: Literal["new", "version", "duplicate"]
    document_id: str
    existing_id: str | None = None


@dataclass(frozen=True)
class SearchHit:
    document_id: str
    title: str | None
    snippet: str
    score: float


    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, highlighted) pieces."""
        out: list[tuple[str, bool]] = []
        for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", self.snippet)):
            if piece:
                out.append((piece, i % 2 == 1))
        return out


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    name: str
    title: str | None
    published: str | None
    published_rule: str | None
    source: str
    version: int
    current: bool
    word_count: int
    outlet: str | None = None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages: adding to a large knowledge base reads less
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """Writers take the write lock when they begin (BEGIN IMMEDIATE), so two writers queue on
    the busy timeout instead of failing when a read transaction tries to become a write one;
    readers begin deferred and, under WAL, never wait."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


REBUILD_LOCK = 7_243_001  # PostgreSQL advisory lock id: one resolution at a time

CRASH_ENV = "ALLIANCEGRAPH_CRASH_AT"
CRASH_POINTS = {  # point: (the write it counts, where in that write the process dies)
    "mid_batch": ("document", "a document's row, sentences and full-text row written, its extraction not yet"),
    "before_commit": ("document", "everything of a document written, before its COMMIT"),
    "after_commit": ("document", "just after a document's COMMIT"),
    "resolve": ("resolve", "records rewritten by resolution, before its COMMIT"),
}


class CrashHook:
    """Test-only crash injection: ``ALLIANCEGRAPH_CRASH_AT=POINT[:N]`` SIGKILLs this process
    at POINT of the Nth document written by this Store (resolution: of the Nth resolution),
    after printing one line to stderr saying where. Unset (always, outside tests): inert."""

    def __init__(self, spec: str | None) -> None:
        self.point: str | None = None
        self.n = 1
        self.count = 0
        if not spec:
            return
        point, _, n = spec.partition(":")
        if point not in CRASH_POINTS or (n and not n.isdigit()) or (n and int(n) < 1):
            raise StoreError(f"{CRASH_ENV}={spec!r} is not a crash point",
                             hint=f"use one of {', '.join(CRASH_POINTS)}, optionally :N (N >= 1), or unset it")
        self.point, self.n = point, int(n or 1)

    def start(self, kind: Literal["document", "resolve"]) -> None:
        """A document write (or a resolution) is under way: count it when our point is in one."""
        if self.point is not None and CRASH_POINTS[self.point][0] == kind:
            self.count += 1

    def at(self, point: str, s: Session | None = None) -> None:
        if point != self.point or self.count != self.n:
            return
        state = "closed"
        if s is not None:
            s.flush()  # the pending rows reach the database first: the kill lands mid-transaction
            state = "open" if _driver_in_transaction(s) else "closed"
        sys.stderr.write(f"{CRASH_ENV}: SIGKILL at {point} of write {self.n} ({CRASH_POINTS[point][1]}; "
                         f"database transaction {state})\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def _driver_in_transaction(s: Session) -> bool:
    """Whether the database driver itself has a transaction open on the session's connection."""
    raw = s.connection().connection.dbapi_connection
    if hasattr(raw, "in_transaction"):  # sqlite3
        return bool(raw.in_transaction)
    import psycopg

    return bool(raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)


class Store:
    """A knowledge base at one database URL. Opening it applies pending migrations."""

    def __init__(self, db: str, *, migrate: bool = True, must_exist: bool = False) -> None:
        """``must_exist``: refuse a SQLite file that is not there yet instead of creating an empty
        knowledge base (what read-only commands want)."""
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = self.url.removeprefix("sqlite:///")
            if must_exist and path != ":memory:" and not Path(path).is_file():
                raise StoreError(f"no knowledge base at {path}",
                                 hint="build one with `alliancegraph ingest FILES --db PATH`, or point --db "
                                      "(or ALLIANCEGRAPH_DB) at an existing one")
            parent = Path(path).parent
            if path != ":memory:" and not parent.is_dir():
                raise StoreError(f"folder {parent} does not exist",
                                 hint="create it first or pass --db with a path in an existing folder")
        try:
            self.engine: Engine = create_engine(self.url)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open database {self.url}: {exc}",
                             hint="pass --db a SQLite file path or a postgresql+psycopg:// URL") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.writer = self.engine.execution_options(write=True)
        self._crash = CrashHook(os.environ.get(CRASH_ENV))
        if migrate:
            self.migrate()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("alliancegraph.store") / "migrations"))
        try:
            with self.writer.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(f"cannot open or migrate {self.url}: {exc.orig}",
                             hint="check the path/URL and that the file is a SQLite database") from exc

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        with Session(self.writer if write else self.engine) as s, s.begin():
            yield s

    # -- writing ------------------------------------------------------------------------
    def add_document(self, doc: Document, extraction: Extraction | None = None) -> AddResult:
        """Store one document atomically: a duplicate (same content hash) is a no-op; new
        content from a source already stored becomes a new version, the old one is kept."""
        crash = self._crash
        try:
            with self.session(write=True) as s:
                dup = s.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == doc.content_hash))
                if dup is not None:
                    return AddResult("duplicate", dup, dup)
                # by source only, the current version picked here: with "current" in the WHERE
                # SQLite walks the index of the (nearly all true) current flag, a cost that grows
                # with the knowledge base for every document added
                prev = next((r for r in s.execute(
                    select(DocumentRow.pk, DocumentRow.id, DocumentRow.name, DocumentRow.version, DocumentRow.current)
                    .where(DocumentRow.source == doc.source)) if r.current), None)
                if prev is not None:
                    s.execute(update(DocumentRow).where(DocumentRow.pk == prev.pk).values(current=False))
                    doc.version = prev.version + 1
                    doc.id = self._free_id(s, f"{prev.name}@v{doc.version}")
                    name = prev.name
                else:
                    name = doc.id
                    doc.id = self._free_id(s, doc.id, doc.content_hash)
                    if doc.id != name:
                        name = doc.id
                row = self._document_row(doc, name)
                s.add(row)
                s.flush()
                # bulk rows as Core executemany inserts: the ORM unit of work costs more than the SQL
                s.execute(SentenceRow.__table__.insert(), [
                    {"document_pk": row.pk, "idx": x.index, "start": x.start, "end": x.end, "text": x.text}
                    for x in doc.sentences])
                if self.is_sqlite:
                    s.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:pk, :t, :b)"),
                              {"pk": row.pk, "t": doc.title or "", "b": doc.text})
                crash.start("document")
                crash.at("mid_batch", s)
                if extraction is not None:
                    from .records import write_extraction

                    if extraction.document_id != doc.id:  # stored as a new version, or under a free id
                        extraction = renamed(extraction, doc.id)
                    write_extraction(s, row.pk, extraction)
                crash.at("before_commit", s)
                result = AddResult("version" if prev is not None else "new", doc.id,
                                   prev.id if prev is not None else None)
            crash.at("after_commit")
            return result
        except IntegrityError:
            # A concurrent ingest stored the same content between our check and our insert.
            with self.session() as s:
                dup = s.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == doc.content_hash))
            if dup is None:
                raise
            return AddResult("duplicate", dup, dup)

    def replace_extraction(self, doc: Document, extraction: Extraction) -> None:
        """Store a new extraction of a stored document (``reextract``), in one transaction: its
        sentences, mentions and per-document records are replaced; the resolved records follow
        at the next resolution."""
        from .records import write_extraction
        from .schema import ExtractionRow, MentionRow

        with self.session(write=True) as s:
            pk = s.scalar(select(DocumentRow.pk).where(DocumentRow.id == doc.id))
            if pk is None:
                raise KeyError(doc.id)
            s.execute(delete(SentenceRow).where(SentenceRow.document_pk == pk))
            s.execute(delete(MentionRow).where(MentionRow.document_pk == pk))
            s.execute(delete(ExtractionRow).where(ExtractionRow.document_pk == pk))
            s.execute(SentenceRow.__table__.insert(), [
                {"document_pk": pk, "idx": x.index, "start": x.start, "end": x.end, "text": x.text}
                for x in doc.sentences])
            write_extraction(s, pk, extraction)

    @staticmethod
    def _free_id(s: Session, wanted: str, content_hash: str = "") -> str:
        taken = s.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.id == wanted))
        if not taken:
            return wanted
        return f"{wanted}_{content_hash[:8]}" if content_hash else f"{wanted}_{datetime.now(UTC):%H%M%S%f}"

    @staticmethod
    def _document_row(doc: Document, name: str) -> DocumentRow:
        pub = doc.published
        return DocumentRow(
            id=doc.id, name=name, source=doc.source, version=doc.version, current=True,
            content_hash=doc.content_hash, format=doc.format, title=doc.title, outlet=doc.outlet,
            url=doc.url, published=pub.value if pub else None,
            published_precision=pub.precision if pub else None, published_rule=pub.rule if pub else None,
            text=doc.text, word_count=doc.word_count, ingested_at=datetime.now(UTC).replace(tzinfo=None))

    def resolve(self, *, full: bool = False) -> dict[str, int]:
        """Bring the resolved records up to date with the current documents, in one transaction:
        incrementally (only the groups the documents changed since the last resolution touch,
        see :mod:`.incremental`) or, with ``full``, from scratch. One resolution runs at a time."""
        from .incremental import rebuild_all, resolve_pending

        for attempt in range(5):
            try:
                with self.session(write=True) as s:
                    if not self.is_sqlite:
                        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REBUILD_LOCK})
                    counts = rebuild_all(s) if full else resolve_pending(s)
                    self._crash.start("resolve")
                    self._crash.at("resolve", s)
                    return counts
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def remove_document(self, doc_id: str) -> dict[str, int] | None:
        """Delete one stored document (version) and re-merge what it contributed, in one
        transaction; its previous version, if any, becomes current again. None: no such document."""
        from .incremental import resolve_pending

        with self.session(write=True) as s:
            if not self.is_sqlite:
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REBUILD_LOCK})
            row = s.execute(select(DocumentRow.pk, DocumentRow.source, DocumentRow.current)
                            .where(DocumentRow.id == doc_id)).first()
            if row is None:
                return None
            from .schema import MentionRow

            mentioned = s.scalars(select(MentionRow.entity_id).where(MentionRow.document_pk == row.pk).distinct()).all()
            if self.is_sqlite:
                s.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :pk"), {"pk": row.pk})
            s.execute(delete(DocumentRow).where(DocumentRow.pk == row.pk))
            prev = None
            if row.current:
                prev = s.scalar(select(func.max(DocumentRow.pk)).where(DocumentRow.source == row.source))
                if prev is not None:
                    s.execute(update(DocumentRow).where(DocumentRow.pk == prev).values(current=True))
            return resolve_pending(s, deleted=[row.pk], current_again=[prev] if prev is not None else [],
                                   entities=mentioned)

    def records(self, type_: str | None = None, *, hidden: bool = False) -> list[Record]:
        """Resolved records with the analysts' overrides applied; rejected and merged ones only
        with ``hidden``."""
        from .records import read_records

        with self.session() as s:
            return read_records(s, type_, hidden=hidden)

    def record(self, record_id: str) -> Record | None:
        """One record by id, whatever its review status (rejected and merged ones included)."""
        from ..models import record_from_dict

        with self.session() as s:
            data = s.scalar(select(RecordRow.data).where(RecordRow.id == record_id))
        return None if data is None else record_from_dict(data)

    # -- analyst review (see .reviews) ----------------------------------------------------
    def review(self, action: str, record_id: str | None, **kwargs: Any) -> dict[str, Any]:
        """One review action in its own transaction (see :func:`.reviews.act` for the arguments
        and errors); resolutions and other reviews wait for it."""
        from .reviews import act

        with self.session(write=True) as s:
            if not self.is_sqlite:
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REBUILD_LOCK})
            return act(s, action, record_id, **kwargs)

    def review_of(self, record_id: str) -> dict[str, Any] | None:
        from .reviews import review_of

        with self.session() as s:
            return review_of(s, record_id)

    def reviews(self, limit: int = 100, *, flagged: bool = False) -> list[dict[str, Any]]:
        from .reviews import recent

        with self.session() as s:
            return recent(s, limit, flagged=flagged)

    def review_queue(self, limit: int = 50) -> list[dict[str, Any]]:
        from .reviews import queue

        with self.session() as s:
            return queue(s, limit)

    def machine_only(self) -> "MachineOnly":
        """This knowledge base as the extractor alone made it (no reviews applied)."""
        return MachineOnly(self)

    def entities(self, type_: str | None = None) -> list[dict[str, Any]]:
        """Entities with their mention counts over current documents, most mentioned first."""
        from .schema import EntityRow, MentionRow

        with self.session() as s:
            counts = {eid: n for eid, n in s.execute(
                select(MentionRow.entity_id, func.count()).join(DocumentRow, DocumentRow.pk == MentionRow.document_pk)
                .where(DocumentRow.current.is_(True)).group_by(MentionRow.entity_id))}
            q = select(EntityRow)
            if type_:
                q = q.where(EntityRow.type == type_)
            rows = [{"id": e.id, "type": e.type, "name": e.name, "aliases": e.aliases or [],
                     "mentions": int(counts.get(e.id, 0))} for e in s.scalars(q)]
        rows = [r for r in rows if r["mentions"] or r["type"] == "series"]
        return sorted(rows, key=lambda r: (-r["mentions"], r["id"]))

    def add_note(self, record_id: str, note: str, hidden: bool) -> dict[str, Any]:
        from .schema import RecordNoteRow

        with self.session(write=True) as s:
            if s.get(RecordRow, record_id) is None:
                raise KeyError(record_id)
            row = RecordNoteRow(record_id=record_id, note=note, hidden=hidden,
                                created_at=datetime.now(UTC).replace(tzinfo=None))
            s.add(row)
            s.flush()
            return {"id": row.pk, "record": record_id, "note": note, "hidden": hidden,
                    "created_at": row.created_at.isoformat()}

    def notes(self, record_id: str) -> list[dict[str, Any]]:
        """Curation notes of a record, oldest first; KeyError when there is no such record."""
        from .schema import RecordNoteRow

        with self.session() as s:
            if s.get(RecordRow, record_id) is None:
                raise KeyError(record_id)
            return [{"id": n.pk, "note": n.note, "hidden": n.hidden, "created_at": n.created_at.isoformat()}
                    for n in s.scalars(select(RecordNoteRow).where(RecordNoteRow.record_id == record_id)
                                       .order_by(RecordNoteRow.pk))]

    def version(self) -> tuple[int, ...]:
        """Changes whenever documents or records change: for caches of query results."""
        with self.session() as s:
            docs = s.execute(select(func.count(), func.max(DocumentRow.pk))).one()
            recs = s.execute(select(func.count()).select_from(RecordRow)).scalar() or 0
            from .schema import EvidenceRow

            ev = s.execute(select(func.max(EvidenceRow.pk))).scalar() or 0
            from .schema import OverrideRow, RecordChangeRow

            # every write of a record is journalled; every review action is an override row
            changes = s.execute(select(func.max(RecordChangeRow.pk))).scalar() or 0
            reviews = s.execute(select(func.max(OverrideRow.pk))).scalar() or 0
        return (int(docs[0]), int(docs[1] or 0), int(recs), int(ev), int(changes), int(reviews))

    def has_hash(self, content_hash: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))

    # -- reading ------------------------------------------------------------------------
    def documents(self, *, include_old: bool = False) -> list[DocumentSummary]:
        q = select(DocumentRow).order_by(DocumentRow.name, DocumentRow.version)
        if not include_old:
            q = q.where(DocumentRow.current.is_(True))
        with self.session() as s:
            return [DocumentSummary(r.id, r.name, r.title, r.published, r.published_rule, r.source,
                                    r.version, r.current, r.word_count, r.outlet) for r in s.scalars(q)]

    def sentences(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
        """Sentences by (document id, sentence index): two indexed queries per 500 documents."""
        wanted = set(keys)
        docs = sorted({d for d, _ in wanted})
        out: dict[tuple[str, int], Sentence] = {}
        with self.session() as s:
            for i in range(0, len(docs), 500):
                pks = dict(s.execute(select(DocumentRow.pk, DocumentRow.id).where(DocumentRow.id.in_(docs[i:i + 500]))).all())
                q = (select(SentenceRow.document_pk, SentenceRow.idx, SentenceRow.start, SentenceRow.end, SentenceRow.text)
                     .where(SentenceRow.document_pk.in_(list(pks))))
                for pk, idx, start, end, txt in s.execute(q):
                    if (pks[pk], idx) in wanted:
                        out[(pks[pk], idx)] = Sentence(idx, start, end, txt)
        return out

    def get_document(self, doc_id: str) -> Document | None:
        with self.session() as s:
            row = s.scalar(select(DocumentRow).where(DocumentRow.id == doc_id))
            if row is None:
                return None
            sents = s.scalars(select(SentenceRow).where(SentenceRow.document_pk == row.pk)
                              .order_by(SentenceRow.idx)).all()
            published = (DateValue(row.published, row.published_precision, row.published_rule or "")  # type: ignore[arg-type]
                         if row.published else None)
            return Document(id=row.id, text=row.text, content_hash=row.content_hash, source=row.source,
                            format=row.format, title=row.title, outlet=row.outlet, url=row.url,
                            published=published, version=row.version,
                            sentences=[Sentence(x.idx, x.start, x.end, x.text) for x in sents])

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Ranked full-text search over current documents; matched words in the snippet sit
        between MARK_START and MARK_END."""
        terms = re.findall(r"\w+", query, flags=re.UNICODE)
        if not terms:
            return []
        with self.session() as s:
            if self.is_sqlite:
                match = " ".join('"' + t.replace('"', "") + '"' for t in terms)
                # ORDER BY rank, weights given as a rank MATCH: FTS5 ranks inside its index
                rows = s.execute(text(
                    f"SELECT d.id, d.title, snippet({FTS_TABLE}, 1, :a, :b, '…', 16) AS snip, "
                    f"{FTS_TABLE}.rank AS score FROM {FTS_TABLE} JOIN documents d ON d.pk = {FTS_TABLE}.rowid "
                    f"WHERE {FTS_TABLE} MATCH :m AND {FTS_TABLE}.rank MATCH 'bm25(2.0, 1.0)' AND d.current "
                    f"ORDER BY {FTS_TABLE}.rank LIMIT :n"),
                    {"m": match, "n": limit, "a": MARK_START, "b": MARK_END}).all()
                return [SearchHit(r.id, r.title, r.snip, -float(r.score)) for r in rows]
            rows = s.execute(text(
                "SELECT d.id, d.title, ts_headline('english', d.text, q, :opts) AS snip, ts_rank(d.tsv, q) AS score "
                "FROM documents d, plainto_tsquery('english', :q) q WHERE d.current AND d.tsv @@ q "
                "ORDER BY score DESC, d.id LIMIT :n"),
                {"q": " ".join(terms), "n": limit,
                 "opts": f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=10"}).all()
            return [SearchHit(r.id, r.title, r.snip, float(r.score)) for r in rows]

    def stats(self) -> dict[str, int]:
        with self.session() as s:
            out = {
                "documents": s.scalar(select(func.count()).select_from(DocumentRow)
                                      .where(DocumentRow.current.is_(True))) or 0,
                "document_versions": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                "sentences": s.scalar(select(func.count()).select_from(SentenceRow)
                                      .join(DocumentRow, DocumentRow.pk == SentenceRow.document_pk)
                                      .where(DocumentRow.current.is_(True))) or 0,
            }
            counts = dict(s.execute(select(RecordRow.type, func.count()).group_by(RecordRow.type)).all())
            for cls in RECORD_TYPES.values():
                out[cls.plural] = int(counts.get(cls.type_name, 0))
            from .schema import EntityRow

            out["entities"] = s.scalar(select(func.count()).select_from(EntityRow)) or 0
            return out

    def check_integrity(self) -> list[str]:
        """Problems found, empty when consistent: used by the crash tests and ``stats``."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            if self.is_sqlite:
                res = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                if res != "ok":
                    problems.append(f"sqlite integrity_check: {res}")
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if fk:
                    problems.append(f"{len(fk)} dangling foreign keys")
                n_docs = conn.execute(select(func.count()).select_from(DocumentRow)).scalar()
                n_fts = conn.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE}").scalar()
                if n_docs != n_fts:
                    problems.append(f"{n_docs} documents but {n_fts} full-text rows")
            empty = conn.execute(
                select(func.count()).select_from(DocumentRow).where(
                    ~select(SentenceRow.pk).where(SentenceRow.document_pk == DocumentRow.pk).exists())).scalar()
            if empty:
                problems.append(f"{empty} documents without sentences")
        return problems


class MachineOnly:
    """A store seen without the analysts' reviews: ``records()`` gives the machine's versions
    (see :func:`.reviews.machine_records`); everything else is the store's."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def records(self, type_: str | None = None, *, hidden: bool = False) -> list[Record]:
        from .reviews import machine_records

        with self._store.session() as s:
            return machine_records(s, type_)
