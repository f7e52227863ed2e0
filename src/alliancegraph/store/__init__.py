"""Storage: SQLite by default, PostgreSQL through the same SQLAlchemy models."""

from .db import AddResult, DocumentSummary, SearchHit, Store, database_url

__all__ = ["AddResult", "DocumentSummary", "SearchHit", "Store", "database_url"]
