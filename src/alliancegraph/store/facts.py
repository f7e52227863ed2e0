"""The query tables: what the explorer filters, counts and searches on, derived from each
resolved record and written in the same transaction as the record (``records.py``), so they
are never out of step with it.

- ``record_facts``: one row per record: type, year, status, name (the columns lists sort and
  filter on), its searchable text (folded title, aliases, countries, organizations, quote text,
  locations; searched by substring, through an FTS5 trigram index on SQLite and a pg_trgm index
  on PostgreSQL when the extension is there) and its *card*: the record as JSON without its
  evidence spans (what lists, the timeline, the table and the vectors show).
- ``record_actors``: the countries and organizations a record names, one row per role
  (host, participant, declined, organizer, sender, party).

Both can be rebuilt from the ``records`` table at any time (:func:`rebuild_facts`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Agreement, Deployment, Exercise, Record, record_from_dict, record_type
from ..nlp.gazetteer import gazetteer
from ..text import fold_name
from .schema import RecordActorRow, RecordFactRow, RecordRow

TEXT_TABLE = "record_text"  # SQLite: the FTS5 trigram index over record_facts.text


def countries_of(r: Record) -> set[str]:
    orgs = gazetteer().orgs
    return {a for a in r.actors() if a not in orgs}


def orgs_of(r: Record) -> set[str]:
    orgs = gazetteer().orgs
    return {a for a in r.actors() if a in orgs}


def haystack(r: Record) -> str:
    """A record's searchable text, folded (words of a search are looked for in it as substrings)."""
    parts = [r.title(), *(getattr(r, "aliases", []) or []), *countries_of(r), *orgs_of(r),
             getattr(r, "text", "") or "", *(getattr(r, "locations", []) or [])]
    return " " + fold_name(" ".join(parts)) + " "


def roles_of(r: Record) -> list[tuple[str, str]]:
    """(actor, role) pairs of a record, each once, in field order."""
    if isinstance(r, Exercise):
        pairs = [*((a, "host") for a in r.hosts), *((a, "participant") for a in r.participants),
                 *((a, "declined") for a in r.declined), *([(r.organizer, "organizer")] if r.organizer else [])]
    elif isinstance(r, Deployment):
        pairs = [*([(r.host, "host")] if r.host else []), *((a, "sender") for a in r.senders)]
    elif isinstance(r, Agreement):
        pairs = [(a, "party") for a in r.parties]
    else:
        pairs = []
    return list(dict.fromkeys((a, role) for a, role in pairs if a))


def lead_spans(evidence: Mapping[str, Sequence[Any]], limit: int = 3) -> list[dict[str, Any]]:
    """A record's first evidence spans in distinct sentences (its own spans, else every
    field's), what a chart shows for it: ``evidence`` maps fields to :class:`Evidence` objects
    or to their stored (dict) form."""
    spans = evidence.get("") or [e for v in evidence.values() for e in v]
    out, seen = [], set()
    for e in spans:
        d = e if isinstance(e, dict) else vars(e)
        if (d["document_id"], d["sentence_index"]) in seen:
            continue
        seen.add((d["document_id"], d["sentence_index"]))
        out.append({"document_id": d["document_id"], "sentence": d["sentence_index"], "start": d["start"],
                    "end": d["end"], "text": d["text"]})
        if len(out) == limit:
            break
    return out


def card_of(data: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a record without its evidence spans."""
    return {**data, "evidence": {}}


def fact_rows(rec: Record, data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    orgs = gazetteer().orgs
    fact = {"record_id": rec.id, "type": record_type(rec), "year": rec.when(), "status": getattr(rec, "status", None),
            "disputed": bool(rec.disputes), "name": rec.label(), "text": haystack(rec), "card": card_of(data),
            "spans": lead_spans(rec.evidence)}
    actors = [{"record_id": rec.id, "actor": a, "kind": "organization" if a in orgs else "country", "role": role}
              for a, role in roles_of(rec)]
    return fact, actors


def write_facts(s: Session, recs: list[tuple[Record, dict[str, Any]]]) -> None:
    """Insert the query rows of new records (``(record, its stored form)`` pairs)."""
    facts, actors = [], []
    for rec, data in recs:
        f, a = fact_rows(rec, data)
        facts.append(f)
        actors += a
    if facts:
        s.execute(RecordFactRow.__table__.insert(), facts)
    if actors:
        s.execute(RecordActorRow.__table__.insert(), actors)


def replace_facts(s: Session, rec: Record, data: dict[str, Any]) -> None:
    """The query rows of a record that changed, rewritten."""
    s.execute(delete(RecordActorRow).where(RecordActorRow.record_id == rec.id))
    s.execute(delete(RecordFactRow).where(RecordFactRow.record_id == rec.id))
    write_facts(s, [(rec, data)])


def refresh_card(s: Session, record_id: str, data: dict[str, Any]) -> None:
    """A record whose sources grew but says the same: only its card and first spans change."""
    s.execute(RecordFactRow.__table__.update().where(RecordFactRow.record_id == record_id)
              .values(card=card_of(data), spans=lead_spans(data["evidence"])))


def rebuild_facts(s: Session, batch: int = 2000) -> int:
    """Every record's query rows written again from the ``records`` table (after a restore, or
    by the migration that adds the tables). Returns the number of records."""
    s.execute(delete(RecordActorRow))
    s.execute(delete(RecordFactRow))
    n = 0
    last = ""
    while True:  # in key order, a batch at a time: a large knowledge base is not read at once
        rows = s.execute(select(RecordRow.id, RecordRow.data).where(RecordRow.id > last)
                         .order_by(RecordRow.id).limit(batch)).all()
        if not rows:
            return n
        write_facts(s, [(record_from_dict(d), d) for _, d in rows])
        n += len(rows)
        last = rows[-1][0]
