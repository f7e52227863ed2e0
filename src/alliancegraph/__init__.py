"""alliancegraph: a source-linked knowledge base of international security cooperation.

The public surface is small: :func:`alliancegraph.workflow.ingest_paths` runs the
pipeline, :class:`alliancegraph.store.Store` opens a knowledge base, and the
record types live in :mod:`alliancegraph.models`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
