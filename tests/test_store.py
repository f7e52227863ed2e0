"""The store: migrations agree with the models; a SIGKILL mid-ingest leaves no half document."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from alliancegraph.store import Store
from alliancegraph.store.db import include_object
from alliancegraph.store.schema import Base

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


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"Troops of unit {i}-{j} trained near the range on day {j} of the drill."
                        for j in range(40))
        (folder / f"doc{i:03d}.txt").write_text(f"Drill report {i}\n\nPublished: 2021-05-{1 + i % 28:02d}\n\n{body}\n",
                                                encoding="utf-8")


@pytest.mark.slow
def test_store_sigkill_mid_ingest_leaves_no_half_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    n = 60
    _write_corpus(corpus, n)
    db = tmp_path / "kb.db"
    cmd = [sys.executable, "-m", "alliancegraph.cli", "ingest", str(corpus), "--db", str(db)]
    env = {**os.environ, "ALLIANCEGRAPH_BATCH_SIZE": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 3:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store(str(db))
    assert store.check_integrity() == []
    partial = store.stats()["documents"]
    assert 3 <= partial < n
    store.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - partial} new document(s) stored; {partial} already stored" in rerun.stdout
    store = Store(str(db))
    assert store.check_integrity() == [] and store.stats()["documents"] == n
