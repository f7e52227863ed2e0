"""Fusion across documents: one record per real thing, aliases, disputes, stable ids, vectors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select

from alliancegraph.store import Store
from alliancegraph.store.schema import MentionRow
from conftest import DEMO


def _ingest(cli, db: str, *paths: str) -> Store:
    for p in paths:
        res = cli("ingest", p, "--db", db)
        assert res.exit_code == 0, res.output
    return Store(db)


def test_fusion_seed_series_forces_and_people(cli, seeds: Path, db: str) -> None:
    store = _ingest(cli, db, str(seeds))
    ub = [r for r in store.records("exercise") if r.series == "series:unbreakable-brotherhood"]
    assert sorted(r.year for r in ub) == [2012, 2022, 2024]
    expected = {2012: ["002_15d8aaadc7ff9476"], 2022: ["004_41a9187be2c48556"], 2024: ["000_84c2ed541a5655be"]}
    assert {r.year: sorted(r.sources) for r in ub} == expected
    series = {e["id"]: e for e in store.entities("series")}["series:unbreakable-brotherhood"]
    assert {"Nerushimoye Bratstvo", "Endurable Brotherhood"} <= set(series["aliases"])
    # CRRF = KSOR = CORF: every spelling in the seeds is a mention of one force
    with store.session() as s:
        forms = {t for (t,) in s.execute(select(MentionRow.text).where(
            MentionRow.entity_id == "force:collective-rapid-reaction-forces"))}
    assert {"KSOR", "CORF", "Collective Operational Reaction Force"} <= forms
    assert any(f.endswith("Collective Rapid Reaction Forces") for f in forms)
    people = {e["id"]: e for e in store.entities("person")}
    assert people["person:tokayev"]["name"] == "Kassym-Jomart Tokayev" and "Tokayev" in people["person:tokayev"]["aliases"]
    speakers = {q.speaker for q in store.records("quote")}
    assert "Kassym-Jomart Tokayev" in speakers and "Tokayev" not in speakers


def test_fusion_disputed_end_date_and_troops(cli, tmp_path: Path, db: str) -> None:
    """Our two BALTOPS 2023 articles disagree on the end date and the troop count."""
    folder = tmp_path / "pair"
    folder.mkdir()
    for name in ("01_baltops_begins.txt", "02_baltops_wraps.txt"):
        shutil.copy(DEMO / name, folder / name)
    store = _ingest(cli, db, str(folder))
    (rec,) = [r for r in store.records("exercise") if r.name == "BALTOPS" and r.year == 2023]
    assert sorted(rec.sources) == ["01_baltops_begins", "02_baltops_wraps"]
    assert rec.disputes["end"] == [{"value": "2023-06-16", "sources": ["01_baltops_begins"]},
                                   {"value": "2023-06-14", "sources": ["02_baltops_wraps"]}]
    assert rec.disputes["personnel"] == [{"value": 6000, "sources": ["01_baltops_begins"]},
                                         {"value": 3700, "sources": ["02_baltops_wraps"]}]
    shown = json.loads(cli("disputes", "--db", db, "--json").output)
    assert shown[0]["fields"]["personnel"][1]["sources"] == ["02_baltops_wraps"]
    exported = json.loads(cli("export", "--format", "eval", "--db", db).output)
    (ex,) = [e for e in exported["exercises"] if e["name"] == "BALTOPS"]
    assert ex["end"] == "2023-06-16" and ex["personnel"] == 6000  # one value picked for the eval format


def _snapshot(store: Store) -> tuple[list[tuple[str, str]], dict[str, int]]:
    return sorted((r.id, getattr(r, "name", "") or getattr(r, "speaker", "")) for r in store.records()), store.stats()


def test_fusion_ids_stable_across_reingest_and_order(cli, tmp_path: Path) -> None:
    files = sorted(DEMO.glob("*.txt"))
    a = _ingest(cli, str(tmp_path / "a.db"), *map(str, files))
    snap_a = _snapshot(a)
    again = cli("ingest", str(DEMO), "--db", str(tmp_path / "a.db"))
    assert "0 new document(s)" in again.output and _snapshot(Store(str(tmp_path / "a.db"))) == snap_a
    b = _ingest(cli, str(tmp_path / "b.db"), *map(str, reversed(files)))
    assert _snapshot(b) == snap_a


def test_fusion_adding_a_document_touches_only_its_records(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    files = sorted(DEMO.glob("*.txt"))
    store = _ingest(cli, db, *map(str, files[:-1]))
    before = {r.id: r for r in store.records()}
    store = _ingest(cli, db, str(files[-1]))
    after = {r.id: r for r in store.records()}
    changed = [i for i in before if i in after and after[i] != before[i]]
    assert set(before) <= set(after) and not changed


def test_fusion_vectors_kazakhstan_2024(cli, seeds: Path, db: str) -> None:
    """Vectors count engagements: one exercise is one engagement, counted once per bloc it
    involves (its organizer's bloc; else the other parties' blocs), never once per partner."""
    _ingest(cli, db, str(seeds))
    res = cli("vectors", "Kazakhstan", "--from", "2024", "--to", "2024", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    vec = json.loads(res.output)
    by_title = {e["title"]: e for e in vec["engagements"]}
    assert by_title["Unbreakable Brotherhood 2024"]["blocs"] == ["CSTO"]  # organizer's bloc only
    assert by_title["Unbreakable Brotherhood 2024"]["basis"] == "organizer"
    assert by_title["Qabylan Zholy 2024"]["blocs"] == ["NATO"]  # Türkiye's bloc
    assert len(by_title) == len(vec["engagements"])  # each engagement listed once
    (year,) = vec["years"]
    assert year["year"] == 2024 and year["engagements"] == len(vec["engagements"])
    for b in vec["blocs"]:
        assert year[b] == vec["totals"][b] == sum(b in e["blocs"] for e in vec["engagements"])
    assert year["CSTO"] < 8  # not one per partner country
    for e in vec["engagements"]:
        assert e["evidence"] and all(ev["document"] and ev["text"] for ev in e["evidence"])
    assert cli("vectors", "Atlantis", "--db", db).exit_code == 1
