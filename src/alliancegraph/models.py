"""The one record model shared by every stage: ingest, nlp, extract, resolve, store, query.

Stages pass these dataclasses, never dicts or ORM rows. Every fact carries its
evidence: the document id, the sentence index and the character span in the
document's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .text import fold_name

Precision = Literal["year", "month", "day"]
RecordType = Literal["exercise", "deployment", "agreement", "quote", "citation"]


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text supports: ``"2012"``, ``"2012-09"``, ``"2012-10-08"``.

    ``rule`` names what produced it, so a user can see why a date was chosen.
    """

    value: str
    precision: Precision
    rule: str = ""

    def __post_init__(self) -> None:
        expected = {"year": 4, "month": 7, "day": 10}[self.precision]
        if len(self.value) != expected:
            raise ValueError(f"date {self.value!r} does not match precision {self.precision}")

    @property
    def year(self) -> int:
        return int(self.value[:4])


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, sentence and character span ``[start, end)``."""

    document_id: str
    sentence_index: int
    start: int
    end: int
    text: str = ""


@dataclass
class Document:
    id: str
    text: str
    content_hash: str
    source: str
    format: str = "text"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None
    version: int = 1
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class Record:
    """Fields common to every extracted record. ``evidence`` maps a field name to the
    spans supporting it; the key ``""`` holds the spans for the record as a whole."""

    type_name: ClassVar[str] = ""  # "exercise", … : the name every stage uses for the type
    plural: ClassVar[str] = ""  # "exercises", … : API paths, eval export keys, stats
    listed: ClassVar[bool] = True  # shown as a record list in the web app and API

    id: str = ""
    sources: list[str] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    # field -> every value sources gave for it, best supported first: [{"value": …, "sources": […]}]
    disputes: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    # the analyst's review: machine (as extracted) | confirmed | corrected | rejected | added |
    # merged (into another record); see resolve/overrides.py
    review: str = "machine"

    def key(self) -> str:
        """What makes two records the same real thing, as a string (resolution, stable ids)."""
        raise NotImplementedError

    def label(self) -> str:
        """The record's name as lists and the store show it."""
        return str(getattr(self, "name", ""))

    def title(self) -> str:
        return self.label()

    def when(self) -> int | None:
        """The year the record belongs to on a timeline."""
        d = getattr(self, "start", None) or getattr(self, "date", None) or getattr(self, "end", None)
        return d.year if isinstance(d, DateValue) else None

    def actors(self) -> set[str]:
        """Countries and organizations the record names as taking part (or declining)."""
        return set()

    def _contents(self, key: str, items: list) -> set:  # type: ignore[type-arg]
        """A set of the items of one of this record's lists, kept beside it so that merging
        hundreds of sources stays linear; rebuilt whenever the list was replaced or changed
        behind our back (it is not a field: never compared, serialized or shown)."""
        cache = self.__dict__.setdefault("_contents_cache", {})
        hit = cache.get(key)
        if hit is None or hit[0] is not items or hit[1] != len(items):
            hit = cache[key] = [items, len(items), set(items)]
        return hit[2]  # type: ignore[no-any-return]

    def _add_unique(self, key: str, items: list, value: object) -> None:  # type: ignore[type-arg]
        seen = self._contents(key, items)
        if value not in seen:
            items.append(value)
            seen.add(value)
            self.__dict__["_contents_cache"][key][1] += 1

    def add_evidence(self, field_name: str, ev: Evidence) -> None:
        self._add_unique("evidence:" + field_name, self.evidence.setdefault(field_name, []), ev)
        self._add_unique("sources", self.sources, ev.document_id)

    def absorb(self, other: "Record") -> None:
        """Take in another record of the same thing: lists are united, empty fields filled,
        a name refined to its fuller form ("Tokayev" → "Kassym-Jomart Tokayev"); every
        source and span of evidence is kept."""
        from dataclasses import fields

        for f in fields(self):
            if f.name in ("id", "sources", "evidence", "disputes", "review"):
                continue
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, list):
                mine.extend(v for v in theirs if v not in mine)
            elif mine in (None, "") and theirs not in (None, ""):
                setattr(self, f.name, theirs)
            elif isinstance(mine, str) and isinstance(theirs, str) and theirs.endswith(" " + mine):
                setattr(self, f.name, theirs)
        for s in other.sources:
            self._add_unique("sources", self.sources, s)
        for key, spans in other.evidence.items():
            mine = self.evidence.setdefault(key, [])
            have = set(mine)  # a set: a long document can give one record thousands of spans
            for ev in spans:
                if ev not in have:
                    have.add(ev)
                    mine.append(ev)
                if ev.document_id not in self.sources:
                    self.sources.append(ev.document_id)


@dataclass
class Exercise(Record):
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    year: int | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    hosts: list[str] = field(default_factory=list)
    organizer: str | None = None
    participants: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    personnel: int | None = None
    equipment: int | None = None
    status: Literal["planned", "under way", "held", "cancelled"] | None = None
    kind: str | None = None
    scenario: str | None = None
    series: str | None = None  # entity id of the series this edition belongs to

    type_name = "exercise"
    plural = "exercises"

    def key(self) -> str:
        return f"exercise|{fold_name(self.name)}|{self.year}"

    def title(self) -> str:
        return f"{self.name} {self.year}" if self.year else f"{self.name} (series)"

    def when(self) -> int | None:
        return self.year

    def actors(self) -> set[str]:
        return {*self.hosts, *self.participants, *self.declined, *([self.organizer] if self.organizer else [])}


@dataclass
class Deployment(Record):
    name: str = ""
    senders: list[str] = field(default_factory=list)
    host: str = ""
    requested_by: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    personnel: int | None = None

    type_name = "deployment"
    plural = "deployments"

    def key(self) -> str:
        return f"deployment|{self.host}|{self.start.year if self.start else ''}|{min(self.senders, default='')}"

    def title(self) -> str:
        return f"{self.name} in {self.host}"

    def actors(self) -> set[str]:
        return {self.host, *self.senders} - {""}


@dataclass
class Agreement(Record):
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    date: DateValue | None = None
    place: str | None = None

    type_name = "agreement"
    plural = "agreements"

    def key(self) -> str:
        return f"agreement|{fold_name(self.name)}|{self.date.year if self.date else ''}"

    def actors(self) -> set[str]:
        return set(self.parties)


@dataclass
class Quote(Record):
    speaker: str = ""
    text: str = ""

    type_name = "quote"
    plural = "quotes"

    def key(self) -> str:
        return f"quote|{fold_name(self.speaker).split(' ')[-1]}|{' '.join(fold_name(self.text).split()[:8])}"

    def label(self) -> str:
        return self.speaker

    def title(self) -> str:
        return f"{self.speaker}: “{self.text[:80]}{'…' if len(self.text) > 80 else ''}”"


@dataclass
class Citation(Record):
    outlet: str = ""
    date: DateValue | None = None

    type_name = "citation"
    plural = "citations"
    listed = False

    def key(self) -> str:
        return f"citation|{fold_name(self.outlet)}|{self.date.value if self.date else ''}"

    def label(self) -> str:
        return self.outlet


@dataclass
class Mention:
    entity_id: str
    evidence: Evidence
    label: str


@dataclass
class Entity:
    id: str
    type: Literal["country", "organization", "force", "person", "place", "series"]
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one document: what the extract stage hands to the store."""

    document_id: str
    exercises: list[Exercise] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def records(self) -> list[Record]:
        return [*self.exercises, *self.deployments, *self.agreements, *self.quotes, *self.citations]


# The record-type registry every stage reads (store, resolve, query, web, export, cli).
RECORD_TYPES: dict[str, type[Record]] = {cls.type_name: cls for cls in (Exercise, Deployment, Agreement, Quote, Citation)}
PLURALS: dict[str, str] = {cls.plural: cls.type_name for cls in RECORD_TYPES.values()}
LISTED: tuple[type[Record], ...] = tuple(cls for cls in RECORD_TYPES.values() if cls.listed)
_DATE_FIELDS = {"start", "end", "date"}


def record_type(rec: Record) -> str:
    if not rec.type_name:
        raise TypeError(f"not a record: {rec!r}")
    return rec.type_name


def _plain(v: object) -> object:
    """What ``dataclasses.asdict`` makes of a value, without its deep copies (records with
    hundreds of sources are serialized on every resolution that touches them)."""
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {_plain(k): _plain(x) for k, x in v.items()}
    if isinstance(v, Evidence):
        return {"document_id": v.document_id, "sentence_index": v.sentence_index, "start": v.start, "end": v.end,
                "text": v.text}
    if isinstance(v, DateValue):
        return {"value": v.value, "precision": v.precision, "rule": v.rule}
    from dataclasses import asdict, is_dataclass

    if is_dataclass(v) and not isinstance(v, type):
        return asdict(v)
    import copy

    return copy.deepcopy(v)


def record_to_dict(rec: Record) -> dict[str, object]:
    """JSON-ready form of a record (dates as {value, precision, rule}, evidence as lists): the
    same dict as ``dataclasses.asdict`` plus its type."""
    from dataclasses import fields

    out = {f.name: _plain(getattr(rec, f.name)) for f in fields(rec)}
    out["type"] = record_type(rec)
    return out


def record_from_dict(d: dict[str, object]) -> Record:
    d = dict(d)
    cls = RECORD_TYPES[str(d.pop("type"))]
    for key in _DATE_FIELDS:
        if isinstance(d.get(key), dict):
            d[key] = DateValue(**d[key])  # type: ignore[arg-type]
    ev = d.get("evidence") or {}
    d["evidence"] = {k: [Evidence(**e) for e in v] for k, v in ev.items()}  # type: ignore[union-attr]
    return cls(**d)  # type: ignore[arg-type]


def extraction_to_dict(x: Extraction) -> dict[str, object]:
    """The records of one document (mentions are stored in their own table)."""
    return {"document_id": x.document_id, "records": [record_to_dict(r) for r in x.records()]}


def extraction_from_dict(d: dict[str, object]) -> Extraction:
    x = Extraction(str(d["document_id"]))
    for rd in d.get("records", []):  # type: ignore[union-attr]
        rec = record_from_dict(rd)
        getattr(x, rec.plural).append(rec)
    return x


def renamed(x: Extraction, document_id: str) -> Extraction:
    """The extraction of a document stored under another id (a new version, ``name@v2``): its
    records' sources and every span of evidence name the id it is stored under."""
    import copy
    from dataclasses import replace

    old = x.document_id
    out = copy.deepcopy(x)
    out.document_id = document_id

    def moved(ev: Evidence) -> Evidence:
        return replace(ev, document_id=document_id) if ev.document_id == old else ev

    for rec in out.records():
        rec.sources = [document_id if d == old else d for d in rec.sources]
        rec.evidence = {k: [moved(e) for e in v] for k, v in rec.evidence.items()}
    for m in out.mentions:
        m.evidence = moved(m.evidence)
    return out
