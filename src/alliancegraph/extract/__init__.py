"""Extraction: pure functions from a processed document to records with evidence."""

from __future__ import annotations

from typing import Any

from ..models import Document, Extraction
from .context import build_context
from .agreements import extract_agreements
from .citations import extract_citations
from .deployments import extract_deployments
from .exercises import extract_exercises
from .mentions import extract_mentions
from .quotes import extract_quotes


def extract_document(document: Document, spacy_doc: Any = None) -> Extraction:
    """Every record found in one document. ``document.sentences`` must be set."""
    ctx = build_context(document, spacy_doc)
    out = Extraction(document.id)
    out.exercises = extract_exercises(ctx)
    out.deployments = extract_deployments(ctx)
    out.quotes = extract_quotes(ctx)
    out.agreements = extract_agreements(ctx)
    out.citations = extract_citations(ctx)
    out.mentions = extract_mentions(ctx, out.exercises)
    return out


__all__ = ["extract_document"]
