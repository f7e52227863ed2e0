"""JSON forms shared by the CLI (``--json``) and the JSON API, so both print the same thing."""

from __future__ import annotations

from typing import Any

from ..models import Document
from ..store import DocumentSummary


def document_json(d: Document) -> dict[str, Any]:
    """A document with its metadata, text and sentences (``alliancegraph show --json``,
    ``/api/documents/{id}``)."""
    pub = d.published
    return {"id": d.id, "title": d.title, "outlet": d.outlet, "url": d.url, "source": d.source,
            "version": d.version, "published": pub.value if pub else None,
            "published_precision": pub.precision if pub else None, "published_rule": pub.rule if pub else None,
            "text": d.text, "sentences": [s.__dict__ for s in d.sentences]}


def document_summary_json(d: DocumentSummary) -> dict[str, Any]:
    """One line of ``alliancegraph docs --json`` and ``/api/documents``."""
    return dict(d.__dict__)
