"""Writing extracted records (filled by the extraction and fusion stages)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Extraction


def write_extraction(s: Session, document_pk: int, extraction: Extraction) -> None:
    """Persist what was extracted from one document, inside the document's transaction."""
    # Record persistence arrives with the extraction issue; nothing to write yet.
    return None
