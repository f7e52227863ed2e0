"""``alliancegraph evaluate``: the alliancegraph-eval/1 matching rules on invented records, bad
files refused with one line, and agreement with the reference scorer (../shared/eval/score.py)
on the seeds and the challenge set."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
from pathlib import Path

import pytest

from alliancegraph.evaluate import evaluate, load_exchange, locations_score
from conftest import SHARED, require_shared

D1, D2 = "r01_first", "r02_second"


def kb(**records: list[dict]) -> dict:
    return {"schema": "alliancegraph-eval/1", "documents": [{"id": D1}, {"id": D2}], **records}


GOLD = kb(
    exercises=[{"name": "Cedar Quarry", "aliases": ["Kedrovyi Karyer"], "year": 2019, "start": "2019-05-03",
                "end": "2019-05", "hosts": ["Kazakhstan"], "organizer": "CSTO",
                "participants": ["Kazakhstan", "Russia", "Kyrgyzstan"], "declined": ["Armenia"],
                "locations": ["Otar training ground | Otar"], "personnel": 1200, "equipment": None,
                "sources": [D1]},
               {"name": "Juniper Beacon", "year": 2020, "hosts": ["Mongolia"], "participants": ["Mongolia", "India"],
                "sources": [D2]}],
    deployments=[{"name": "CSTO peacekeeping contingent", "senders": ["CSTO"], "host": "Tajikistan",
                  "start": "2021-02-01", "personnel": 400, "sources": [D1]}],
    agreements=[{"name": "Joint Air Defence Protocol", "aliases": ["JADP"], "parties": ["Kazakhstan", "Türkiye"],
                 "date": "2018-09-12", "place": "Astana", "sources": [D2]}],
    quotes=[{"speaker": "Aidos Beremetov", "text": "The crews showed that they can hold the crossing together",
             "sources": [D1]}],
)


def test_evaluate_perfect_prediction_scores_one() -> None:
    pred = copy.deepcopy(GOLD)
    pred["exercises"][0]["locations"] = ["Otar"]  # a prediction names a place one way
    res = evaluate(GOLD, pred)
    assert res["overall"]["micro_f1"] == 1.0 and res["overall"]["attr"] == 1.0
    assert all(t["f1"] == 1.0 for t in res["types"].values())


def test_evaluate_matching_rules_on_invented_records() -> None:
    pred = kb(
        # folded names (case, hyphen, "exercise", year token) match; the year must be equal
        exercises=[{"name": "CEDAR-QUARRY 2019 exercise", "year": 2019, "start": "2019-05-03", "end": "2019-05-09",
                    "hosts": ["Kazakhstan"], "organizer": "CSTO", "participants": ["Kazakhstan", "Russian Federation"],
                    "declined": [], "locations": ["Otar range"], "personnel": 1200, "sources": [D1]},
                   {"name": "Juniper Beacon", "year": 2021, "sources": [D2]}],
        deployments=[{"name": "peacekeepers", "senders": ["CSTO"], "host": "Tajikistan", "start": "2021-03",
                      "sources": [D1]}],
        # no shared name, but the same parties and date: matched by the weaker rule
        agreements=[{"name": "Air defence deal", "parties": ["Turkey", "Kazakhstan"], "date": "2018-09-12",
                     "sources": [D2]}],
        quotes=[{"speaker": "Colonel Beremetov", "text": "The crews showed that they can hold", "sources": [D1]}],
    )
    res = evaluate(GOLD, pred)
    ex = res["types"]["exercises"]
    assert (ex["gold"], ex["pred"], ex["matched"]) == (2, 2, 1)  # Juniper Beacon 2021 is another edition
    attrs = {f: a["mean"] for f, a in ex["attributes"].items() if a["n"]}
    assert attrs["name"] == 1.0 and attrs["start"] == 1.0 and attrs["end"] == 0.0  # dates at the gold's precision
    assert attrs["aliases"] == 0.0 and attrs["declined"] == 0.0
    assert attrs["participants"] == pytest.approx(0.8)  # Russian Federation is Russia; Kyrgyzstan missed
    assert attrs["locations"] == 1.0  # "Otar range" is the gold's "Otar training ground | Otar"
    assert res["types"]["deployments"]["matched"] == 1 and res["types"]["agreements"]["matched"] == 1
    assert res["types"]["quotes"]["matched"] == 1
    assert res["types"]["quotes"]["attributes"]["speaker"]["mean"] == 0.0  # the whole name differs
    assert res["types"]["quotes"]["attributes"]["text"]["mean"] == 1.0  # a prefix of the gold text
    assert res["missed"]["exercises"] == [f"Juniper Beacon (2020) [{D2}]"]


def test_evaluate_rules_that_refuse_a_pair() -> None:
    pred = kb(deployments=[{"name": "CSTO peacekeeping contingent", "senders": ["CSTO"], "host": "Tajikistan",
                            "start": "2022-02-01", "sources": [D1]}],  # another year of arrival
              quotes=[{"speaker": "Aidos Beremetov", "text": "Nothing like what the colonel said at all",
                       "sources": [D1]}])
    res = evaluate(GOLD, pred)
    assert res["types"]["deployments"]["matched"] == 0 and res["types"]["quotes"]["matched"] == 0
    assert res["types"]["deployments"]["precision"] == 0.0 and res["types"]["exercises"]["precision"] is None


def test_evaluate_locations_pair_one_to_one() -> None:
    # "Otar" and "Otar training ground" are one place once generic words go; Sary-Shagan is extra
    assert locations_score(["Otar | Otar range", "Matybulak"],
                           ["Otar", "Otar training ground", "Matybulak range", "Sary-Shagan"]) == 0.8
    assert locations_score(["Otar"], ["Otra"]) == 0.0  # similarity 0.75: below 0.8
    assert locations_score([], []) == 1.0


def test_evaluate_cli_refuses_bad_files_in_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "alliancegraph-eval/1", "exercises": [{"name": "X", "year": 2020.0}]}))
    res = cli("evaluate", "--gold", str(bad), "--pred", str(bad))
    assert res.exit_code == 2
    assert "bad.json: exercises[0].year must be an integer or null, not number — fix it to follow" in res.output
    res = cli("evaluate", "--gold", str(tmp_path / "missing.json"), "--db", str(tmp_path / "kb.db"))
    assert res.exit_code == 2 and "missing.json: cannot be read" in res.output
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOLD), encoding="utf-8")
    res = cli("evaluate", "--gold", str(good), "--pred", str(good))
    assert res.exit_code == 0 and "overall: micro_f1=1.000 attr=0.966" in res.output  # gold "A | B" is not a prediction


# -- agreement with the reference scorer -----------------------------------------------------

def _reference_scorer():  # type: ignore[no-untyped-def]
    path = require_shared(SHARED / "eval" / "score.py")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ours(gold: dict, pred: dict) -> dict:
    res = evaluate(gold, pred)
    return {"types": res["types"], "overall": res["overall"]}


def _perturbed(pred: dict, rng: random.Random) -> dict:
    """Predictions reordered, with fields dropped, cut, shifted or respelled."""
    out = copy.deepcopy(pred)
    for rtype in ("exercises", "deployments", "agreements", "quotes"):
        rng.shuffle(out.get(rtype) or [])
        for rec in out.get(rtype) or []:
            for key, value in list(rec.items()):
                if rng.random() > 0.2:
                    continue
                if isinstance(value, list):
                    rec[key] = value[:rng.randint(0, len(value))] + (["Kyrgyz Republic"] if rng.random() < 0.3 else [])
                elif isinstance(value, int):
                    rec[key] = value + rng.choice([-1, 0, 1])
                elif isinstance(value, str) and key in ("start", "end", "date"):
                    rec[key] = value[:rng.choice([4, 7, 10])]
                elif isinstance(value, str):
                    rec[key] = rng.choice([value.upper(), f"the {value} drills", value.replace(" ", "-"),
                                           value[:max(1, len(value) // 2)]])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["seeds", "challenge"])
def test_evaluate_agrees_with_the_reference_scorer(cli, tmp_path: Path, corpus: str) -> None:
    reference = _reference_scorer()
    source, gold_path = {"seeds": (SHARED / "seeds", SHARED / "eval" / "seeds.gold.json"),
                         "challenge": (SHARED / "eval" / "challenge" / "docs.jsonl",
                                       SHARED / "eval" / "challenge" / "gold.json")}[corpus]
    db, pred_path = str(tmp_path / "kb.db"), tmp_path / "pred.json"
    assert cli("ingest", str(require_shared(source)), "--db", db).exit_code == 0
    assert cli("export", "--format", "eval", "--db", db, "-o", str(pred_path)).exit_code == 0
    gold, pred = load_exchange(gold_path), load_exchange(pred_path)
    assert _ours(gold, pred) == reference.evaluate(reference.load(str(gold_path)), reference.load(str(pred_path)))
    res = cli("evaluate", "--gold", str(gold_path), "--db", db, "--json")
    assert json.loads(res.output) == reference.evaluate(gold, pred)  # the command scores the knowledge base
    rng = random.Random(corpus)
    for _ in range(200):
        variant = _perturbed(pred, rng)
        assert _ours(gold, variant) == reference.evaluate(gold, variant)
    assert _ours(pred, gold) == reference.evaluate(pred, gold)
