"""Dask executor for :func:`alliancegraph.workflow.ingest`: batches of documents go to Dask
workers, which run :func:`~alliancegraph.workflow.process_documents` (the spaCy model loaded
once per worker process); results come back as they finish and are written by the caller,
one transaction per document; resolution runs after, as in a single process.

    --dask local          a LocalCluster with one worker process per core
    --dask local:2        … with 2 worker processes
    --dask tcp://host:8786   an existing cluster (or set DASK_SCHEDULER_ADDRESS)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from ..models import Document, Extraction
from ..workflow import Failed, process_documents


class DaskExecutor:
    def __init__(self, address: str) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError("Dask is not installed", hint='pip install "alliancegraph[dask]"') from exc
        self.cluster = None
        if address == "local" or address.startswith("local:"):
            n = int(address.split(":", 1)[1]) if ":" in address else (os.cpu_count() or 1)
            # glibc's trim threshold that the nanny sets by default slows spaCy down
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {address}",
                                  hint="check the address (tcp://HOST:8786) and that the scheduler runs") from exc

    def map_batches(self, batches: Iterable[list[Document]], settings: Settings
                    ) -> Iterator[list[tuple[Document, Extraction | Failed]]]:
        """Results per batch, as workers finish them; at most a few batches per worker in flight
        so memory stays flat however large the corpus."""
        from distributed import as_completed

        limit = 3 * max(1, len(self.client.scheduler_info().get("workers", {})))
        settings_f = self.client.scatter(settings, broadcast=True)
        pending = as_completed()
        it = iter(batches)
        for _ in range(limit):
            batch = next(it, None)
            if batch is None:
                break
            pending.add(self.client.submit(process_documents, batch, settings_f, pure=False))
        for fut in pending:
            result: list[tuple[Document, Extraction | Failed]] = fut.result()
            fut.release()
            batch = next(it, None)
            if batch is not None:
                pending.add(self.client.submit(process_documents, batch, settings_f, pure=False))
            yield result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
