"""SQLAlchemy 2 table definitions: the only place the schema is written (Alembic mirrors it).

Portable across SQLite and PostgreSQL: no dialect types; full-text search lives in
dialect-specific side tables created by the migration (FTS5 on SQLite).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)  # file stem: the eval export id
    source: Mapped[str] = mapped_column(Text, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    format: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    published_precision: Mapped[str | None] = mapped_column(String(5))
    published_rule: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class SentenceRow(Base):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("document_pk", "idx"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)


class MentionRow(Base):
    __tablename__ = "mentions"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    sentence_idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(40))


class RecordRow(Base):
    """One resolved record of any type; typed fields live in ``data`` (the record model as JSON),
    the columns below are the ones queries filter and sort on."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_type_year", "type", "year"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))  # exercise | deployment | agreement | quote | citation
    name: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    # machine | confirmed | corrected | rejected | added | merged (see resolve/overrides.py)
    review: Mapped[str] = mapped_column(String(12), default="machine", server_default="machine", index=True)
    data: Mapped[dict[str, object]] = mapped_column(JSON)


class RecordSourceRow(Base):
    __tablename__ = "record_sources"

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), primary_key=True)
    # indexed on its own for a document's records (the document page); migration 0009
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), primary_key=True,
                                             index=True)


class EvidenceRow(Base):
    __tablename__ = "evidence"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(Text)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    sentence_idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ExtractionRow(Base):
    """What extraction found in one document (the record model as JSON), kept so resolution can
    be re-run over the whole knowledge base without re-reading the articles."""

    __tablename__ = "extractions"

    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict[str, object]] = mapped_column(JSON)


class RecordNoteRow(Base):
    """An analyst's curation of a record (a note, or hiding it): kept apart from the resolved
    records, which are rebuilt from the documents."""

    __tablename__ = "record_notes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    note: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


# -- incremental resolution: what each document contributes, so a change re-merges only that ------


class ResolvedDocumentRow(Base):
    """A document whose extraction is in the resolution index (no foreign key: when a document
    is replaced or deleted the row stays until resolution has re-merged what it contributed)."""

    __tablename__ = "resolve_documents"

    document_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ResolveMemberRow(Base):
    """One record as one document gave it, filed under the group it is merged in."""

    __tablename__ = "resolve_members"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(Integer, index=True)
    doc_id: Mapped[str] = mapped_column(String(200))  # the extraction's document id: merge order
    seq: Mapped[int] = mapped_column(Integer)  # position among the document's records
    group_key: Mapped[str] = mapped_column(Text, index=True)
    name_key: Mapped[str | None] = mapped_column(Text, index=True)  # exercises: folded name
    data: Mapped[dict[str, object]] = mapped_column(JSON)


class ResolveNameRow(Base):
    """Exercise name keys in order of first appearance, with the spelling they resolve to."""

    __tablename__ = "resolve_names"

    name_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str] = mapped_column(Text)


class ResolveRecordRow(Base):
    """A resolved record's group, series and place in merge order (for series names)."""

    __tablename__ = "resolve_records"

    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    group_key: Mapped[str] = mapped_column(Text, index=True)
    series: Mapped[str | None] = mapped_column(String(300), index=True)
    doc_id: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)


class ResolvePersonRow(Base):
    """A person name a resolved record gives before full names are filled in."""

    __tablename__ = "resolve_people"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    surname: Mapped[str] = mapped_column(String(300), index=True)


# -- feeds and alerts ----------------------------------------------------------------------------


class FeedRow(Base):
    """A followed RSS/Atom feed: what its server said last time (for conditional GET) and how
    it has been failing (for backoff)."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    modified: Mapped[str | None] = mapped_column(Text)  # the Last-Modified header, as sent
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    ok_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[int | None] = mapped_column(Integer)  # HTTP status of the last check (0: no answer)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row
    retry_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)
    stored: Mapped[int] = mapped_column(Integer, default=0)  # articles stored from it


class FeedEntryRow(Base):
    """An entry seen in a feed, so it is fetched and stored once."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_url", "entry_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_url: Mapped[str] = mapped_column(String(2000), index=True)
    entry_key: Mapped[str] = mapped_column(String(2000))  # the entry's id, else its link
    url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # stored | duplicate | failed | gave_up
    document_id: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class RecordChangeRow(Base):
    """Journal of resolved records created, changed or removed, written in the resolution's
    transaction: alerts read it from where they stopped."""

    __tablename__ = "record_changes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    change: Mapped[str] = mapped_column(String(10))  # new | changed | removed
    at: Mapped[datetime] = mapped_column(DateTime)


class AlertRuleRow(Base):
    """What an analyst wants to hear about: record types, a country and/or an organization
    taking part, words, and whether changed records count or only new ones."""

    __tablename__ = "alert_rules"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    types: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every listed type
    country: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)
    words: Mapped[str | None] = mapped_column(Text)
    on_changed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    checked_upto: Mapped[int] = mapped_column(Integer, default=0)  # record_changes.pk read so far


class AlertRow(Base):
    """One match of a rule: a record new or changed, once per version of the record."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("rule_pk", "record_id", "fingerprint"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_pk: Mapped[int] = mapped_column(ForeignKey("alert_rules.pk", ondelete="CASCADE"), index=True)
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    change: Mapped[str] = mapped_column(String(10))  # new | changed
    fingerprint: Mapped[str] = mapped_column(String(64))  # hash of the record as it was matched
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class ResolveGroupRow(Base):
    """A merge group whose per-document records all say the same (only their sources and
    evidence differ), with a hash of what they say: a new document saying it too is spliced
    into the resolved record instead of merging the whole group again."""

    __tablename__ = "resolve_groups"

    group_key: Mapped[str] = mapped_column(Text, primary_key=True)
    content: Mapped[str] = mapped_column(String(64))


# -- analyst review: overrides applied on top of resolution ----------------------------------------


class OverrideRow(Base):
    """One review action on a record (confirm, correct, reject, merge, split, add), keyed by
    the record's stable id (and field): kept through re-ingest and re-extraction and applied
    after every resolution. ``machine`` is what the machine said when the action was taken
    (a field's value, or the record's fingerprint): when it says something else later, the
    override is flagged for re-review (``flag``) instead of being applied silently."""

    __tablename__ = "overrides"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(10))  # confirm | correct | reject | merge | split | add
    field: Mapped[str | None] = mapped_column(String(40))
    op: Mapped[str | None] = mapped_column(String(10))  # correct: set | add | remove
    value: Mapped[object | None] = mapped_column(JSON)  # correct: the value; add/split: the record or documents
    other_id: Mapped[str | None] = mapped_column(String(200), index=True)  # merge: the record merged in
    machine: Mapped[object | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: withdrawn by a later action
    flag: Mapped[str | None] = mapped_column(Text)  # why it needs re-review (None: it applies as made)


class MachineRecordRow(Base):
    """The machine's own version of a record under review (what resolution gave before the
    overrides): for the flags, for ``export --machine-only`` and for merges and splits."""

    __tablename__ = "machine_records"

    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[dict[str, object]] = mapped_column(JSON)  # the last version the machine gave
    vanished: Mapped[bool] = mapped_column(Boolean, default=False)  # the machine no longer finds it


# -- query tables: derived from each resolved record in its transaction (``facts.py``) ------------


class RecordFactRow(Base):
    """What the explorer filters, sorts and searches a record on, and its card (the record's
    JSON without evidence spans, what lists and charts show)."""

    __tablename__ = "record_facts"
    # list order (type, undated first, year, name, id): a type's list is read off the index in order
    __table_args__ = (Index("ix_record_facts_order", "type", "year", "name", "record_id"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)  # the text index's rowid
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str | None] = mapped_column(String(20))
    disputed: Mapped[bool] = mapped_column(Boolean)  # has a field whose sources disagree
    name: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # folded searchable text, matched by substring
    card: Mapped[dict[str, object]] = mapped_column(JSON)
    spans: Mapped[list[dict[str, object]]] = mapped_column(JSON)  # first evidence spans (facts.lead_spans)


class RecordActorRow(Base):
    """A country or organization a record names, with its role (host, participant, declined,
    organizer, sender, party)."""

    __tablename__ = "record_actors"
    __table_args__ = (Index("ix_record_actors_actor", "actor", "kind"),)

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), primary_key=True)
    actor: Mapped[str] = mapped_column(String(200), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # country | organization
