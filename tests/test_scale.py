"""Scale-out: synthetic corpora, and Dask giving the same knowledge base as one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancegraph.scale.synth import ADJ, generate
from conftest import DEMO, SEEDS


def test_scale_synth_is_varied_and_deterministic(cli, tmp_path: Path) -> None:
    a = list(generate(30, seed=3))
    assert a == list(generate(30, seed=3)) and a != list(generate(30, seed=4))
    texts = [t for _, t in a]
    assert len(set(texts)) == 30
    base = {p.read_text(encoding="utf-8") for p in DEMO.glob("*.txt")}
    assert not base & set(texts)
    res = cli("synth", "--docs", "20", "-o", str(tmp_path / "c"))
    assert res.exit_code == 0 and len(list((tmp_path / "c").glob("*.txt"))) == 20
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(tmp_path / "c"), "--db", db).exit_code == 0
    stats = json.loads(cli("stats", "--db", db, "--json").output)
    assert stats["documents"] == 20
    names = {e["name"] for e in json.loads(cli("export", "--db", db).output)["exercises"]}
    renamed = {n for n in names if n.split()[0] in ADJ}  # series renamed by synth, found as unseen names
    assert len(renamed) >= 6, names


@pytest.mark.slow
def test_scale_dask_same_export_as_single_process(cli, tmp_path: Path) -> None:
    corpus = SEEDS if SEEDS.is_dir() else DEMO
    exports = []
    for name, extra in (("single", []), ("dask", ["--dask", "local:2"])):
        db = str(tmp_path / f"{name}.db")
        res = cli("ingest", str(corpus), "--db", db, *extra)
        assert res.exit_code == 0, res.output
        exports.append(cli("export", "--format", "eval", "--db", db).output)
    assert exports[0] == exports[1]


def test_scale_dask_bad_scheduler_says_what_to_do(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Drill\n\nTroops trained.\n", encoding="utf-8")
    res = cli("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "kb.db"), "--dask", "tcp://127.0.0.1:9")
    assert res.exit_code == 1 and "Dask scheduler" in res.output and "tcp://HOST:8786" in res.output
