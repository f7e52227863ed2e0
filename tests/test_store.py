"""The store: migrations agree with the models; a SIGKILL inside a document's write leaves no half document."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from alliancegraph.errors import StoreError
from alliancegraph.store import Store
from alliancegraph.store.db import include_object
from alliancegraph.store.schema import Base
from crashcheck import assert_whole_documents, ingest_killed_at, snapshot, write_corpus

ROOT = Path(__file__).resolve().parents[1]


def test_store_alembic_upgrade_head_on_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty.db"
    env = {**os.environ, "ALLIANCEGRAPH_DB": str(target)}
    res = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    tables = {r[0] for r in sqlite3.connect(target).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "sentences", "entities", "mentions", "records", "evidence", "documents_fts"} <= tables


def test_store_migrations_match_models(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "kb.db"))  # migrates to head
    engine = create_engine(store.url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_store_reopen_is_idempotent(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.db")
    Store(path).close()
    store = Store(path)
    assert store.stats()["documents"] == 0 and store.check_integrity() == []


@pytest.mark.slow
@pytest.mark.parametrize("point", ["mid_batch", "before_commit"])
def test_store_sigkill_inside_a_document_write_leaves_no_half_document(cli, tmp_path: Path, point: str) -> None:
    """SIGKILL (the store's crash hook) inside the 4th document's write transaction: exactly the
    3 documents committed before are there, whole; a re-run stores the rest and the knowledge
    base equals one ingested without interruption."""
    corpus, db, ref_db = tmp_path / "corpus", tmp_path / "kb.db", tmp_path / "reference.db"
    n = 12
    write_corpus(corpus, n)
    assert cli("ingest", str(corpus), "--db", str(ref_db)).exit_code == 0
    reference = snapshot(ref_db)
    killed = ingest_killed_at(corpus, db, f"{point}:4")
    assert killed.inside_write, killed
    store = Store(str(db))
    assert store.check_integrity() == []
    store.close()
    got = snapshot(db)
    assert_whole_documents(got, reference)
    assert len(got["documents"]) == 3 and got["records"] == []  # resolution never ran
    rerun = subprocess.run([sys.executable, "-m", "alliancegraph.cli", "ingest", str(corpus), "--db", str(db)],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - 3} new document(s) stored; 3 already stored" in rerun.stdout
    assert Store(str(db)).check_integrity() == [] and snapshot(db) == reference


def test_store_crash_hook_refuses_unknown_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCEGRAPH_CRASH_AT", "halfway")
    with pytest.raises(StoreError, match="is not a crash point — use one of mid_batch, before_commit"):
        Store(str(tmp_path / "kb.db"))
