"""The same behaviour on SQLite and PostgreSQL: migrations, ingest, search, fusion, export,
and concurrent ingests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from alliancegraph.store import Store
from alliancegraph.store.db import include_object
from alliancegraph.store.schema import Base
from conftest import DEMO, SEEDS


def test_backends_migrations_match_models(backend: str) -> None:
    store = Store(backend)
    with create_engine(store.url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(ctx, Base.metadata) == []


def _export(cli, db: str, corpus: Path) -> dict:
    res = cli("ingest", str(corpus), "--db", db)
    assert res.exit_code == 0, res.output
    return json.loads(cli("export", "--format", "eval", "--db", db).output)


def test_backends_same_export_search_and_fusion(cli, backend: str, tmp_path: Path) -> None:
    corpus = SEEDS if SEEDS.is_dir() else DEMO
    got = _export(cli, backend, corpus)
    reference = _export(cli, str(tmp_path / "reference.db"), corpus)
    assert got == reference
    hits = Store(backend).search("Steppe Eagle" if corpus == SEEDS else "BALTOPS")
    assert hits and hits[0].document_id == ("002_15d8aaadc7ff9476" if corpus == SEEDS else "01_baltops_begins")
    assert any(t for t, marked in hits[0].parts() if marked)
    again = cli("ingest", str(corpus), "--db", backend)
    assert "0 new document(s) stored" in again.output
    store = Store(backend)
    assert store.check_integrity() == [] and store.stats()["documents"] == len(list(corpus.glob("*.txt")))


def test_backends_concurrent_ingests_make_no_duplicates(backend: str, tmp_path: Path) -> None:
    """Two ingests of overlapping folders at once: every document stored once."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    files = sorted(DEMO.glob("*.txt"))
    for f in files[:10]:
        (a / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    for f in files[4:]:
        (b / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    Store(backend).close()  # migrate once before the race
    procs = [subprocess.Popen([sys.executable, "-m", "alliancegraph.cli", "ingest", str(d), "--db", backend],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    store = Store(backend)
    assert store.stats()["documents"] == len(files) and store.check_integrity() == []
    with create_engine(store.url).connect() as conn:
        rows = conn.execute(text("SELECT name, id, version FROM documents")).all()
    # every file once, under its own name: no second version, no id with a suffix
    assert sorted((r.name, r.id, r.version) for r in rows) == sorted((f.stem, f.stem, 1) for f in files)
