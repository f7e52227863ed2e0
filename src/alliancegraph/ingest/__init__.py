"""Ingestion: inputs (files, folders, URLs) to Documents, with publication dates."""

from .reader import ReadResult, Source, expand, read

__all__ = ["ReadResult", "Source", "expand", "read"]
