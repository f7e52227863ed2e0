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


@dataclass
class Context:
    settings: Settings
    store: Store


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
        texts = [item.document.text for item in batch]
        for item, doc in zip(batch, nlp.pipe(texts, batch_size=ctx.settings.batch_size), strict=True):
            item.doc = doc
            item.document.sentences = sentences_of(doc)
        return batch

    return run


@register_stage("extract")
def extract_stage(ctx: Context) -> Stage:
    from .extract import extract_document

    def run(batch: list[WorkItem]) -> list[WorkItem]:
        for item in batch:
            item.extraction = extract_document(item.document, item.doc)
            item.doc = None  # the spaCy Doc is not needed past extraction
        return batch

    return run


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

    return run


def process_documents(documents: list[Document], settings: Settings) -> list[tuple[Document, Extraction]]:
    """NLP and extraction for one batch, without a store: what a Dask task runs. The spaCy
    model is loaded once per process and reused by every batch it handles."""
    ctx = Context(settings, None)  # type: ignore[arg-type]  # nlp and extract do not touch the store
    batch = [WorkItem(d) for d in documents]
    for name in ("nlp", "extract"):
        batch = STAGES[name](ctx)(batch)
    return [(item.document, item.extraction) for item in batch if item.extraction is not None]


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
                published: str | None = None) -> Iterator[Document]:
    """Documents to process: bad inputs reported, content already stored skipped."""
    seen: set[str] = set()
    for src in expand(inputs):
        if isinstance(src, InputError):
            report.failed.append(src.line())
            continue
        try:
            result = read(src, settings, published)
        except InputError as err:
            report.failed.append(err.line())
            continue
        report.warnings.extend(result.warnings)
        for doc in result.documents:
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
               progress: Progress = _no_progress) -> list[WorkItem]:
    stages = [STAGES[name](ctx) for name in (stage_names or DEFAULT_STAGES)]
    done: list[WorkItem] = []
    for docs in batched(documents, ctx.settings.batch_size):
        batch = [WorkItem(d) for d in docs]
        for stage in stages:
            batch = stage(batch)
        done.extend(batch)
        progress(len(batch), None, docs[-1].source)
    return done


def resolve_all(store: Store) -> dict[str, int]:
    """Resolve the records and entities of every stored document from scratch (``resolve --all``)."""
    return store.resolve(full=True)


def resolve_changes(store: Store) -> dict[str, int]:
    """Bring the resolved records and entities up to date with the documents stored, replaced or
    removed since the last resolution: only the records they touch are merged again."""
    return store.resolve()


def store_results(store: Store, report: IngestReport, results: Iterable[tuple[Document, Extraction]]) -> None:
    """Write processed documents, one transaction each, and note what happened."""
    for doc, extraction in results:
        result = store.add_document(doc, extraction)
        if result.status == "duplicate":
            report.duplicates.append((doc.source, result.document_id))
        else:
            report.stored.append(result)


def ingest(inputs: list[str], settings: Settings, store: Store, *, published: str | None = None,
           progress: Progress = _no_progress, executor: Any = None) -> IngestReport:
    """Read, process and store ``inputs``; one transaction per document, then resolution.

    ``executor`` runs the NLP and extraction of batches elsewhere (see :mod:`alliancegraph.scale`);
    by default they run here, stage by stage."""
    report = IngestReport()
    ctx = Context(settings, store)
    docs = read_inputs(inputs, settings, store, report, published)
    if executor is None:
        for item in run_stages(ctx, docs, progress=progress):
            assert item.result is not None
            if item.result.status == "duplicate":
                report.duplicates.append((item.document.source, item.result.document_id))
            else:
                report.stored.append(item.result)
    else:
        # small batches: workers stay busy to the end of the corpus
        for results in executor.map_batches(batched(docs, max(1, settings.batch_size // 4)), settings):
            store_results(store, report, results)
            progress(len(results), None, results[-1][0].source if results else "")
    resolve_changes(store)
    return report
