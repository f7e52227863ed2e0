"""The pipeline runner: ingest → nlp → extract → resolve → store, batch by batch.

A stage is a callable over a batch of :class:`WorkItem`; stages register by name and the
runner applies them in :data:`DEFAULT_STAGES` order, so later work adds a stage without
touching the runner. Only ``cli``, ``web``, ``scale`` and ``watch`` import this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .config import Settings
from .errors import InputError
from .ingest import expand, read
from .models import Document, Extraction
from .store import AddResult, Store


@dataclass
class WorkItem:
    document: Document
    doc: Any = None  # the spaCy Doc, set by the nlp stage
    extraction: Extraction | None = None
    result: AddResult | None = None


@dataclass(frozen=True)
class Failed:
    """A document that could not be processed: one line for the report."""

    source: str
    message: str

    def line(self) -> str:
        return (f"{self.source}: could not be processed ({self.message}) — the other inputs went on; "
                "report it with the file attached")


PieceProgress = Callable[[str, int, int], None]  # (document source, characters parsed, characters in all)


@dataclass
class Context:
    settings: Settings
    store: Store
    pieces: PieceProgress | None = None  # progress within a long document (nlp stage)


class Stage(Protocol):
    def __call__(self, batch: list[WorkItem]) -> list[WorkItem]: ...


StageFactory = Callable[[Context], Stage]
STAGES: dict[str, StageFactory] = {}
DEFAULT_STAGES = ["nlp", "extract", "resolve", "store"]


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    def deco(factory: StageFactory) -> StageFactory:
        STAGES[name] = factory
        return factory

    return deco


@register_stage("nlp")
def nlp_stage(ctx: Context) -> Stage:
    from .nlp import load_nlp, sentences_of

    nlp = load_nlp(ctx.settings.spacy_model)

    def run(batch: list[WorkItem]) -> list[WorkItem]:
        from .nlp import parse_texts

        def on_piece(i: int, done: int, total: int) -> None:
            if ctx.pieces is not None:
                ctx.pieces(batch[i].document.source, done, total)

        texts = [item.document.text for item in batch]
        docs = parse_texts(nlp, texts, piece_chars=ctx.settings.piece_chars, batch_size=ctx.settings.batch_size,
                           on_piece=on_piece)
        for item, doc in zip(batch, docs, strict=True):
            item.doc = doc
            item.document.sentences = sentences_of(doc)
        return batch

    return run


@register_stage("extract")
def extract_stage(ctx: Context) -> Stage:
    from .extract import extract_document

    from .nlp import PiecedDoc

    def run(batch: list[WorkItem]) -> list[WorkItem]:
        for item in batch:
            if isinstance(item.doc, PiecedDoc):
                item.extraction = extract_in_pieces(item.document, item.doc)
            else:
                item.extraction = extract_document(item.document, item.doc)
            item.doc = None  # the spaCy Doc is not needed past extraction
        return batch

    return run


def extract_in_pieces(document: Document, parsed: Any) -> Extraction:
    """Extraction of a long document piece by piece (``parsed`` is a PiecedDoc): each piece is
    extracted as a document of its own, then every evidence span is moved back to the whole
    text (offset and sentence index), so it stays exact. Context does not cross pieces (a
    relative date at the start of a piece is read against the publication date), which keeps
    the work linear in the length of the document."""
    from dataclasses import replace

    from .extract import extract_document
    from .models import Evidence, Mention, Sentence

    out = Extraction(document.id)
    sentences = document.sentences
    k = 0
    for offset, part in parsed.parts:
        end = offset + len(part.text)
        first = k
        while k < len(sentences) and sentences[k].start < end:
            k += 1
        local = [Sentence(s.index - first, s.start - offset, s.end - offset, s.text) for s in sentences[first:k]]
        if not local:
            continue
        piece = extract_document(replace(document, text=part.text, sentences=local), part)

        def moved(ev: Evidence, first: int = first, offset: int = offset) -> Evidence:
            return Evidence(document.id, ev.sentence_index + first, ev.start + offset, ev.end + offset, ev.text)

        for rec in piece.records():
            rec.evidence = {key: [moved(ev) for ev in spans] for key, spans in rec.evidence.items()}
        out.exercises += piece.exercises
        out.deployments += piece.deployments
        out.agreements += piece.agreements
        out.quotes += piece.quotes
        out.citations += piece.citations
        out.mentions += [Mention(m.entity_id, moved(m.evidence), m.label) for m in piece.mentions]
    return out


@register_stage("resolve")
def resolve_stage(ctx: Context) -> Stage:
    """Per batch nothing to do: records are resolved across the whole knowledge base once the
    documents are stored (see :func:`resolve_all`)."""
    return lambda batch: batch


@register_stage("store")
def store_stage(ctx: Context) -> Stage:
    def run(batch: list[WorkItem]) -> list[WorkItem]:
        for item in batch:
            item.result = ctx.store.add_document(item.document, item.extraction)
        return batch

    run.per_item = True  # type: ignore[attr-defined]  # a failed write is retried for no other document
    return run


def apply_stage(stage: Stage, batch: list[WorkItem], failed: list[Failed]) -> list[WorkItem]:
    """``stage`` over ``batch``; when it fails, over each item alone, so that one document that
    breaks a stage costs only itself (noted in ``failed``), never the others of its batch."""
    if getattr(stage, "per_item", False) and len(batch) > 1:
        return [done for item in batch for done in apply_stage(stage, [item], failed)]
    try:
        return stage(batch)
    except Exception as exc:  # noqa: BLE001  (any bug or library error in one document)
        if len(batch) == 1:
            failed.append(Failed(batch[0].document.source, f"{type(exc).__name__}: {str(exc)[:200]}"))
            return []
    out: list[WorkItem] = []
    for item in batch:
        out.extend(apply_stage(stage, [item], failed))
    return out


def process_documents(documents: list[Document], settings: Settings) -> list[tuple[Document, Extraction | Failed]]:
    """NLP and extraction for one batch, without a store: what a Dask task runs. The spaCy
    model is loaded once per process and reused by every batch it handles. A document that
    cannot be processed comes back with a :class:`Failed` in place of its extraction."""
    ctx = Context(settings, None)  # type: ignore[arg-type]  # nlp and extract do not touch the store
    batch = [WorkItem(d) for d in documents]
    failed: list[Failed] = []
    for name in ("nlp", "extract"):
        batch = apply_stage(STAGES[name](ctx), batch, failed)
    by_source = {f.source: f for f in failed}
    done = {id(item.document): item for item in batch}
    out: list[tuple[Document, Extraction | Failed]] = []
    for d in documents:
        item = done.get(id(d))
        if item is not None and item.extraction is not None:
            out.append((item.document, item.extraction))
        elif d.source in by_source:
            out.append((d, by_source[d.source]))
    return out


@dataclass
class IngestReport:
    stored: list[AddResult] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, existing id)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(1 for r in self.stored if r.status in ("new", "version"))


class Progress(Protocol):
    def __call__(self, advance: int, total: int | None, label: str) -> None: ...


def _no_progress(advance: int, total: int | None, label: str) -> None:
    return None


def read_inputs(inputs: list[str], settings: Settings, store: Store, report: IngestReport,
                published: str | None = None, names: dict[str, str] | None = None) -> Iterator[Document]:
    """Documents to process: bad inputs reported, content already stored skipped. ``names`` maps
    an input's location to the name that messages and the stored source show instead (an
    upload's temporary path is nobody's business)."""
    seen: set[str] = set()

    def shown(line: str) -> str:
        for location, name in (names or {}).items():
            line = line.replace(location, name)
        return line

    for src in expand(inputs):
        if isinstance(src, InputError):
            report.failed.append(shown(src.line()))
            continue
        try:
            result = read(src, settings, published)
        except InputError as err:
            report.failed.append(shown(err.line()))
            continue
        report.warnings.extend(shown(w) for w in result.warnings)
        for doc in result.documents:
            doc.source = shown(doc.source)
            existing = store.has_hash(doc.content_hash)
            if existing is not None or doc.content_hash in seen:
                report.duplicates.append((doc.source, existing or doc.id))
                continue
            seen.add(doc.content_hash)
            yield doc


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_stages(ctx: Context, documents: Iterable[Document], stage_names: list[str] | None = None,
               progress: Progress = _no_progress, failed: list[Failed] | None = None) -> list[WorkItem]:
    """Every stage over each batch; documents a stage fails on are left out and noted in
    ``failed`` (see :func:`apply_stage`)."""
    stages = [STAGES[name](ctx) for name in (stage_names or DEFAULT_STAGES)]
    failed = [] if failed is None else failed
    done: list[WorkItem] = []
    for docs in batched(documents, ctx.settings.batch_size):
        batch = [WorkItem(d) for d in docs]
        for stage in stages:
            batch = apply_stage(stage, batch, failed)
        done.extend(batch)
        progress(len(docs), None, docs[-1].source)
    return done


def resolve_all(store: Store) -> dict[str, int]:
    """Resolve the records and entities of every stored document from scratch (``resolve --all``)."""
    return store.resolve(full=True)


def resolve_changes(store: Store) -> dict[str, int]:
    """Bring the resolved records and entities up to date with the documents stored, replaced or
    removed since the last resolution: only the records they touch are merged again."""
    return store.resolve()


@dataclass
class ReextractReport:
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    resolved: dict[str, int] = field(default_factory=dict)


def reextract(store: Store, settings: Settings, *, progress: Progress = _no_progress,
              pieces: PieceProgress | None = None) -> ReextractReport:
    """Run the current NLP and extraction again over every stored (current) document, after an
    upgrade of the extractor: each document's new extraction replaces its old one in one
    transaction (a document that fails keeps its old extraction and is reported), then the
    records are resolved from scratch and the analysts' overrides applied on top. Interrupted,
    it leaves whole documents; running it again finishes the work."""
    report = ReextractReport()
    ctx = Context(settings, store, pieces)
    summaries = store.documents()
    progress(0, len(summaries), "re-extracting")

    def docs() -> Iterator[Document]:
        for summary in summaries:
            doc = store.get_document(summary.id)
            if doc is not None:
                yield doc

    failed: list[Failed] = []
    for docs_batch in batched(docs(), settings.batch_size):
        batch = [WorkItem(d) for d in docs_batch]
        for name in ("nlp", "extract"):
            batch = apply_stage(STAGES[name](ctx), batch, failed)
        for item in batch:
            assert item.extraction is not None
            item.extraction.document_id = item.document.id
            store.replace_extraction(item.document, item.extraction)
            report.documents += 1
        progress(len(docs_batch), len(summaries), docs_batch[-1].source)
    report.failed = [f"{f.source}: could not be extracted again ({f.message}); its earlier extraction is kept"
                     for f in failed]
    report.resolved = store.resolve(full=True)
    return report


def store_results(store: Store, report: IngestReport,
                  results: Iterable[tuple[Document, Extraction | Failed]]) -> None:
    """Write processed documents, one transaction each, and note what happened."""
    for doc, extraction in results:
        if isinstance(extraction, Failed):
            report.failed.append(extraction.line())
            continue
        result = store.add_document(doc, extraction)
        if result.status == "duplicate":
            report.duplicates.append((doc.source, result.document_id))
        else:
            report.stored.append(result)


def ingest(inputs: list[str], settings: Settings, store: Store, *, published: str | None = None,
           progress: Progress = _no_progress, executor: Any = None,
           names: dict[str, str] | None = None, pieces: PieceProgress | None = None) -> IngestReport:
    """Read, process and store ``inputs``; one transaction per document, then resolution.

    ``executor`` runs the NLP and extraction of batches elsewhere (see :mod:`alliancegraph.scale`);
    by default they run here, stage by stage. ``pieces`` reports progress within a long
    document. A document that fails to process is reported and the others go on."""
    report = IngestReport()
    ctx = Context(settings, store, pieces)
    docs = read_inputs(inputs, settings, store, report, published, names)
    if executor is None:
        failed: list[Failed] = []
        for item in run_stages(ctx, docs, progress=progress, failed=failed):
            assert item.result is not None
            if item.result.status == "duplicate":
                report.duplicates.append((item.document.source, item.result.document_id))
            else:
                report.stored.append(item.result)
        report.failed.extend(f.line() for f in failed)
    else:
        # small batches: workers stay busy to the end of the corpus
        for results in executor.map_batches(batched(docs, max(1, settings.batch_size // 4)), settings):
            store_results(store, report, results)
            progress(len(results), None, results[-1][0].source if results else "")
    resolve_changes(store)
    return report
