"""A record with every field's evidence as full sentences, the value marked.

A field the extractor tied to spans shows those spans ("extracted"). A field without spans of
its own (a year read off the edition's name, an alias from the series list, a status) shows
the record's sentences that contain the value ("found"); when no sentence states it (a status
inferred from tense, an alias from ``data/exercise_series.json``) the sentences naming the
record are shown and the basis says so ("named"). Sources are listed once per document with
title, outlet and date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from ..models import DateValue, Evidence, Record, Sentence, record_type
from ..nlp.gazetteer import gazetteer
from ..store import Store
from . import sql
from .views import Views

MAX_PER_FIELD = 50  # evidence spans shown per field (three open, the rest collapsed); the count says how many more
MAX_SENTENCES = 200  # sentences of the record searched for values without spans of their own
MAX_SOURCES = 100
SKIP = {"id", "sources", "evidence", "disputes", "series", "review"}  # review: the status badge
COUNTRY_FIELDS = {"hosts", "participants", "declined", "senders", "host", "parties", "requested_by", "organizer"}


def _forms(value: Any) -> list[str]:
    """Ways a value is written in a sentence."""
    if isinstance(value, DateValue):
        return [value.value, str(value.year)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [f"{value:,}", f"{value:,}".replace(",", " "), f"{value:,}".replace(",", "\u00a0"), str(value)]
    return [str(value)] if str(value).strip() else []


def _values(value: Any) -> list[Any]:
    return [v for v in value if v not in (None, "")] if isinstance(value, list) else [value]


def _display(value: Any) -> Any:
    if isinstance(value, DateValue):
        return value.value
    return value


def marked(sent: Sentence, start: int | None, end: int | None) -> list[tuple[str, bool]]:
    """A sentence as (text, marked) pieces, the span ``[start, end)`` marked when it lies in it."""
    if start is not None and end is not None and sent.start <= start < sent.end:
        a, b = start - sent.start, min(end, sent.end) - sent.start
        return [p for p in [(sent.text[:a], False), (sent.text[a:b], True), (sent.text[b:], False)] if p[0]]
    return [(sent.text, False)]


def with_sentences(store: Store, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence spans (``document_id``, ``sentence``, ``start``, ``end``) completed with their
    full sentence (``sentence_text``) and the span marked in it (``parts``)."""
    found = store.sentences([(e["document_id"], e["sentence"]) for e in spans])
    out = []
    for e in spans:
        sent = found.get((e["document_id"], e["sentence"]))
        out.append({**e, "sentence_text": sent.text if sent else e.get("text", ""),
                    "parts": marked(sent, e.get("start"), e.get("end")) if sent else [(e.get("text", ""), True)]})
    return out


class RecordEvidence:
    def __init__(self, views: Views) -> None:
        self.views = views

    def build(self, rid: str) -> dict[str, Any] | None:
        r = self.views.record(rid)
        if r is None:
            return None
        all_spans = [e for spans in r.evidence.values() for e in spans]
        meta = sql.doc_meta(self.views.store, {*r.sources[:MAX_SOURCES], *(e.document_id for e in all_spans)})
        record_sentences = list(dict.fromkeys((e.document_id, e.sentence_index) for e in all_spans))[:MAX_SENTENCES]
        naming = list(dict.fromkeys((e.document_id, e.sentence_index) for e in
                                    (r.evidence.get("name") or r.evidence.get("") or all_spans[:1])))[:3]
        wanted = {*record_sentences, *naming, *((e.document_id, e.sentence_index) for spans in r.evidence.values()
                                                for e in spans[:MAX_PER_FIELD])}
        sentences: dict[str, dict[int, Sentence]] = {}
        for (doc_id, index), sent in self.views.store.sentences(sorted(wanted)).items():
            sentences.setdefault(doc_id, {})[index] = sent

        def title(doc_id: str) -> str:
            d = meta.get(doc_id)
            return (d.title or d.name) if d else doc_id

        def item(doc_id: str, index: int, start: int | None, end: int | None, basis: str) -> dict[str, Any] | None:
            sent = sentences.get(doc_id, {}).get(index)
            if sent is None:
                return None
            parts = marked(sent, start, end)
            if not any(m for _, m in parts):
                start, end = None, None
            link = f"/documents/{doc_id}" + (f"?start={start}&end={end}" if start is not None else "") + f"#s{index}"
            return {"document_id": doc_id, "document": title(doc_id), "sentence": index, "start": start,
                    "end": end, "parts": parts, "text": sent.text, "basis": basis,
                    "link": link}

        def from_spans(spans: list[Evidence]) -> list[dict[str, Any]]:
            out, seen = [], set()
            for e in spans[:MAX_PER_FIELD]:
                k = (e.document_id, e.sentence_index, e.start, e.end)
                if k in seen:
                    continue
                seen.add(k)
                it = item(e.document_id, e.sentence_index, e.start, e.end, "extracted")
                if it:
                    out.append(it)
            return out

        def found(value: Any) -> list[dict[str, Any]]:
            out = []
            for v in _values(value):
                for form in _forms(v):
                    pat = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
                    hits = []
                    for doc_id, index in record_sentences:
                        sent = sentences.get(doc_id, {}).get(index)
                        m = pat.search(sent.text) if sent else None
                        if m and sent:
                            hits.append(item(doc_id, index, sent.start + m.start(), sent.start + m.end(), "found"))
                    if hits:
                        out.extend(h for h in hits if h)
                        break
            return out

        attrs = []
        for f in fields(r):
            if f.name in SKIP:
                continue
            value = getattr(r, f.name)
            if value in (None, "", []):
                continue
            spans = r.evidence.get(f.name, [])
            ev = from_spans(spans)
            if not ev:
                ev = found(value)
            if not ev:
                ev = [x for x in (item(d, i, None, None, "named") for d, i in naming) if x]
            attrs.append({"field": f.name, "value": _display(value), "links": _links(f.name, value),
                          "evidence": ev, "more": max(0, len(spans) - MAX_PER_FIELD), "disputed": self._disputed(r, f.name, title)})
        mentions = from_spans(r.evidence.get("", []))
        per_doc: dict[str, int] = {}
        for e in all_spans:
            per_doc[e.document_id] = per_doc.get(e.document_id, 0) + 1
        sources = [{"id": s, "title": title(s), "outlet": meta[s].outlet if s in meta else None,
                    "published": meta[s].published if s in meta else None, "spans": per_doc.get(s, 0)}
                   for s in r.sources[:MAX_SOURCES]]
        return {"id": r.id, "type": record_type(r), "title": r.title(), "attributes": attrs,
                "mentions": mentions, "sources": sources, "more_sources": max(0, len(r.sources) - MAX_SOURCES)}

    @staticmethod
    def _disputed(r: Record, name: str, title: Callable[[str], str]) -> list[dict[str, Any]] | None:
        values = r.disputes.get(name)
        if not values:
            return None
        out = []
        for v in values:
            srcs = []
            for s in v.get("sources", []):  # type: ignore[union-attr]
                spans = [e for e in r.evidence.get(name, []) if e.document_id == s]
                best = next((e for e in spans if any(f in e.text for f in _forms(v.get("value")))),
                            spans[0] if spans else None)
                link = (f"/documents/{s}?start={best.start}&end={best.end}#s{best.sentence_index}" if best
                        else f"/documents/{s}")
                srcs.append({"id": s, "title": title(s), "link": link})
            out.append({"value": v.get("value"), "sources": srcs})
        return out


def _links(name: str, value: Any) -> list[dict[str, str]] | None:
    """Countries and organizations of a field as links."""
    if name not in COUNTRY_FIELDS:
        return None
    gaz = gazetteer()
    out = []
    for v in _values(value):
        v = str(v)
        if v in gaz.orgs:
            out.append({"text": v, "href": f"/organizations/{v}"})
        elif v in gaz.country:
            out.append({"text": v, "href": f"/countries/{v}"})
        else:
            out.append({"text": v, "href": ""})
    return out
