"""Quality gate: the seeds and our own demo articles, ingested and exported through the CLI,
scored by the project's scorer (../shared/eval/score.py) against hand-made gold. Floors live
in eval_baseline.json so quality cannot drop unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, ROOT, SHARED

SCORER = SHARED / "eval" / "score.py"
BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))


def _score(cli, corpus: Path, gold: Path, tmp_path: Path) -> dict:
    if not SCORER.is_file():
        pytest.skip(f"scorer not found at {SCORER} (clone the project beside ../shared to run this)")
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(corpus), "--db", db).exit_code == 0
    pred = tmp_path / "pred.json"
    assert cli("export", "--format", "eval", "--db", db, "-o", str(pred)).exit_code == 0
    res = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _check(score: dict, floors: dict) -> None:
    types = score["types"]
    got = {t: types[t]["f1"] or 0.0 for t in ("exercises", "deployments", "agreements", "quotes")}
    attrs = [a["mean"] for a in types["exercises"]["attributes"].values() if a["mean"] is not None]
    got["exercises_attr"] = sum(attrs) / len(attrs)
    got["micro_f1"] = score["overall"]["micro_f1"]
    got["attr"] = score["overall"]["attr"]
    below = {k: (round(got[k], 3), v) for k, v in floors.items() if got[k] < v}
    assert not below, f"below the floor (got, floor): {below}"


@pytest.mark.slow
def test_extract_eval_seeds(cli, seeds: Path, tmp_path: Path) -> None:
    _check(_score(cli, seeds, SHARED / "eval" / "seeds.gold.json", tmp_path), BASELINE["seeds"])


@pytest.mark.slow
def test_extract_eval_demo_articles(cli, tmp_path: Path) -> None:
    _check(_score(cli, DEMO, ROOT / "tests" / "articles" / "demo.gold.json", tmp_path), BASELINE["demo"])
