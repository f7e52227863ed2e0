"""Resolution across documents: one record per real-world thing, with all its sources."""

from .merge import merge_extractions, record_key

__all__ = ["merge_extractions", "record_key"]
