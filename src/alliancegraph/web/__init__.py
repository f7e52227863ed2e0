"""The web app (FastAPI). Until the web issue lands: a page listing the documents and a JSON twin."""

from .app import create_app

__all__ = ["create_app"]
