"""Analyst review (issue 13) below the web app: overrides applied after every resolution and
kept through re-extraction, an upgraded extractor, re-ingest, incremental and full resolution,
dump and restore; flags when the machine changes under an override; conflicts by ETag;
exports with and without the reviews. Articles are our own, invented for these tests."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from alliancegraph.models import Evidence, Exercise
from alliancegraph.resolve.overrides import Override, ReviewError, apply_own, check, curate, parse_value, split_off
from alliancegraph.store import Store
from alliancegraph.store.reviews import ConflictError

ARTICLES = {
    "quarry-opens": ("Cedar Quarry drill opens in Kazakhstan\n\nPublished: 2023-05-02\n\nTroops from Kazakhstan and "
                     "Kyrgyzstan began the Cedar Quarry-2023 exercise near Otar in Kazakhstan on May 1, 2023. About "
                     "1,200 personnel took part, the defence ministry said.\n"),
    "juniper": ("Juniper Shield held in Mongolia\n\nPublished: 2022-08-20\n\nMongolia and India held the Juniper "
                "Shield 2022 exercise in Ulaanbaatar from August 8 to August 19, 2022.\n"),
    "kedr": ("Kedr Kariery drills close\n\nPublished: 2023-05-07\n\nKazakhstan and Kyrgyzstan ended the Kedr "
             "Kariery-2023 exercise in Kazakhstan on May 5, 2023.\n"),
}
LATER = ("Cedar Quarry ends\n\nPublished: 2023-05-06\n\nThe Cedar Quarry-2023 exercise ended on May 5, 2023. Troops "
         "from Kazakhstan, Kyrgyzstan and Tajikistan took part in the drill in Kazakhstan.\n")


def _write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _exercise(store: Store, name: str, *, hidden: bool = True) -> Exercise:
    found = [r for r in store.records("exercise", hidden=hidden) if getattr(r, "name", "") == name]
    assert len(found) == 1, [getattr(r, "name", "") for r in store.records("exercise", hidden=True)]
    assert isinstance(found[0], Exercise)
    return found[0]


def _curated(store: Store) -> dict[str, Any]:
    """Every stored record (hidden ones too) as JSON, by id."""
    from alliancegraph.models import record_to_dict

    return {r.id: record_to_dict(r) for r in store.records(hidden=True)}


@pytest.fixture
def kb(tmp_path: Path, cli: Any) -> str:
    db = str(tmp_path / "kb.db")
    res = cli("ingest", str(_write(tmp_path / "articles", ARTICLES)), "--db", db)
    assert res.exit_code == 0, res.output
    return db


# -- the pure layer --------------------------------------------------------------------------------

def _ex(**kw: Any) -> Exercise:
    e = Exercise(id="ex_1", name="Cedar Quarry", year=2023, hosts=["Kazakhstan"],
                 participants=["Kazakhstan", "Kyrgyzstan"], sources=["a", "b"])
    e.evidence = {"": [Evidence("a", 0, 0, 10, "x"), Evidence("b", 0, 0, 10, "y")],
                  "participants": [Evidence("a", 0, 20, 30, "Kyrgyzstan"), Evidence("b", 1, 5, 15, "Kazakhstan")],
                  "personnel": [Evidence("a", 1, 0, 5, "1,200")], "end": [Evidence("b", 0, 40, 45, "May 5")]}
    for k, v in kw.items():
        setattr(e, k, v)
    return e


def test_corrections_apply_in_order_and_flag_only_their_own_field() -> None:
    ov = [Override(1, "ex_1", "correct", "participants", "add", "Uzbekistan", machine=["Kazakhstan", "Kyrgyzstan"]),
          Override(2, "ex_1", "correct", "participants", "remove", "Kyrgyzstan", machine=["Kazakhstan", "Kyrgyzstan"]),
          Override(3, "ex_1", "correct", "personnel", "set", 1500, machine=None)]
    out = apply_own(_ex(), ov)
    assert out.participants == ["Kazakhstan", "Uzbekistan"] and out.personnel == 1500 and out.review == "corrected"
    assert check(_ex(), ov[0]) is None
    assert "changed" in str(check(_ex(participants=["Kazakhstan"]), ov[0]))
    assert check(_ex(personnel=None), ov[2]) is None
    assert "no longer finds" in str(check(None, ov[0]))


def test_confirmation_is_flagged_when_the_record_says_something_else_not_when_a_source_is_added() -> None:
    from alliancegraph.resolve.overrides import fingerprint

    ov = Override(1, "ex_1", "confirm", machine=fingerprint(_ex()))
    assert check(_ex(sources=["a", "b", "c"]), ov) is None
    assert check(_ex(year=2024), ov) is not None


def test_split_moves_what_only_the_chosen_documents_support() -> None:
    rest, part = split_off(_ex(), ["b"], "ex_1-s")
    assert part.sources == ["b"] and rest.sources == ["a"]
    assert part.end is None or rest.end is None
    assert part.personnel is None and rest.personnel is None or rest.personnel == 1200
    assert part.participants == rest.participants  # both documents support the list: kept in both
    assert all(e.document_id == "b" for spans in part.evidence.values() for e in spans)
    assert (rest.review, part.review) == ("corrected", "added")


def test_merge_and_reject_give_statuses_and_the_merged_record_keeps_every_source() -> None:
    a, b = _ex(), _ex(id="ex_2", name="Kedr Kariery", participants=["Tajikistan"], sources=["c"],
                      evidence={"": [Evidence("c", 0, 0, 5, "z")]})
    out, flags = curate({"ex_1": a, "ex_2": b}, [Override(1, "ex_1", "merge", other_id="ex_2")])
    by = {r.id: r for r in out}
    assert by["ex_2"].review == "merged" and by["ex_1"].review == "corrected"
    assert set(by["ex_1"].sources) == {"a", "b", "c"} and "Tajikistan" in by["ex_1"].participants
    assert by["ex_1"].aliases == ["Kedr Kariery"]  # the other spelling is kept as an alias
    assert flags == {1: None}
    out, flags = curate({"ex_1": a}, [Override(1, "ex_1", "merge", other_id="ex_2")])
    assert flags[1] and out[0].review == "machine"


def test_values_are_read_for_the_field_they_go_to() -> None:
    assert parse_value("exercise", "participants", "Kazakhstan; Kyrgyzstan", "set") == ["Kazakhstan", "Kyrgyzstan"]
    assert parse_value("exercise", "personnel", "1,500", "set") == 1500
    assert parse_value("exercise", "start", "2023-05", "set") == "2023-05"
    for field, value, op in [("personnel", "many", "set"), ("start", "May 2023", "set"), ("colour", "x", "set"),
                             ("hosts", "", "add"), ("name", "x", "add"), ("participants", "x", "append")]:
        with pytest.raises(ReviewError):
            parse_value("exercise", field, value, op)


# -- in the store, through the CLI ----------------------------------------------------------------

def test_correction_and_rejection_survive_reextract_resolve_all_and_reingest(kb: str, cli: Any,
                                                                            tmp_path: Path) -> None:
    store = Store(kb)
    quarry, juniper = _exercise(store, "Cedar Quarry"), _exercise(store, "Juniper Shield")
    r = cli("review", "correct", quarry.id, "participants", "Kazakhstan; Kyrgyzstan; Uzbekistan",
            "--reason", "ministry list", "--author", "aigerim", "--db", kb)
    assert r.exit_code == 0, r.output
    assert cli("review", "reject", juniper.id, "--author", "aigerim", "--db", kb).exit_code == 0
    before = _curated(store)
    assert before[quarry.id]["participants"] == ["Kazakhstan", "Kyrgyzstan", "Uzbekistan"]
    assert before[quarry.id]["review"] == "corrected" and before[juniper.id]["review"] == "rejected"
    assert juniper.id not in {x.id for x in store.records()}  # hidden by default, kept
    listed = cli("records", "exercise", "--db", kb).output
    assert juniper.id not in listed and f"{quarry.id}" in listed and "(corrected)" in listed
    assert "(rejected)" in cli("records", "exercise", "--hidden", "--db", kb).output
    for args in (["reextract"], ["resolve", "--all"], ["ingest", str(tmp_path / "articles")]):
        res = cli(*args, "--db", kb)
        assert res.exit_code == 0, res.output
        assert _curated(store) == before, args
    info = store.review_of(quarry.id)
    assert info is not None and [h["author"] for h in info["history"]] == ["aigerim"] and not info["flags"]


def test_upgraded_extractor_changing_a_corrected_value_flags_the_correction(kb: str, cli: Any,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(kb)
    quarry = _exercise(store, "Cedar Quarry")
    assert cli("review", "correct", quarry.id, "personnel", "1500", "--db", kb).exit_code == 0
    assert cli("review", "confirm", _exercise(store, "Juniper Shield").id, "--db", kb).exit_code == 0
    import alliancegraph.extract as extract

    original = extract.extract_document

    def upgraded(document: Any, doc: Any) -> Any:  # a new extractor reads another size
        x = original(document, doc)
        for e in x.exercises:
            if e.personnel:
                e.personnel += 100
        return x

    monkeypatch.setattr(extract, "extract_document", upgraded)
    res = cli("reextract", "--db", kb)
    assert res.exit_code == 0 and "need a second look" in res.output, res.output
    after = _exercise(store, "Cedar Quarry")
    assert after.personnel == 1500  # the analyst's value still applies …
    info = store.review_of(quarry.id)
    assert info and info["machine"]["personnel"] == 1300
    assert info["flags"] == ["the machine's personnel changed from 1200 to 1300 since the correction"]  # … flagged
    flagged = cli("review", "list", "--flagged", "--db", kb).output
    assert quarry.id in flagged and "Juniper" not in flagged  # the confirmed record did not change
    assert store.review_queue(1)[0]["id"] == quarry.id  # flagged records come first in the queue
    assert cli("review", "confirm", quarry.id, "--db", kb).exit_code == 0  # re-reviewed: the flag goes
    assert not store.review_of(quarry.id)["flags"]  # type: ignore[index]
    assert _exercise(store, "Cedar Quarry").personnel == 1500


def test_a_new_article_changing_the_machine_value_flags_the_correction_incrementally(kb: str, cli: Any,
                                                                                    tmp_path: Path) -> None:
    store = Store(kb)
    quarry = _exercise(store, "Cedar Quarry")
    assert cli("review", "correct", quarry.id, "participants", "Uzbekistan", "--add", "--db", kb).exit_code == 0
    res = cli("ingest", str(_write(tmp_path / "later", {"quarry-ends": LATER})), "--db", kb)
    assert res.exit_code == 0, res.output
    after = _exercise(store, "Cedar Quarry")
    assert after.participants == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"]
    assert after.sources == ["quarry-ends", "quarry-opens"] and after.review == "corrected"
    assert store.review_of(quarry.id)["flags"]  # type: ignore[index]
    incremental = _curated(store)
    assert cli("resolve", "--all", "--db", kb).exit_code == 0
    assert _curated(store) == incremental  # incremental and full resolution agree under reviews


def test_a_record_the_machine_no_longer_finds_stays_flagged(kb: str, cli: Any) -> None:
    store = Store(kb)
    juniper = _exercise(store, "Juniper Shield")
    assert cli("review", "confirm", juniper.id, "--db", kb).exit_code == 0
    assert cli("remove", "juniper", "--db", kb).exit_code == 0
    kept = store.record(juniper.id)
    assert kept is not None and kept.review == "confirmed"
    assert store.review_of(juniper.id)["flags"] == ["the machine no longer finds this record"]  # type: ignore[index]
    assert cli("resolve", "--all", "--db", kb).exit_code == 0
    assert store.review_of(juniper.id)["flags"] == ["the machine no longer finds this record"]  # type: ignore[index]


def test_merge_split_and_add_survive_reextract(kb: str, cli: Any, tmp_path: Path) -> None:
    assert cli("ingest", str(_write(tmp_path / "later", {"quarry-ends": LATER})), "--db", kb).exit_code == 0
    store = Store(kb)
    quarry, kedr = _exercise(store, "Cedar Quarry"), _exercise(store, "Kedr Kariery")
    assert cli("review", "merge", quarry.id, kedr.id, "--reason", "one drill, two spellings", "--db", kb).exit_code == 0
    merged = _exercise(store, "Cedar Quarry")
    assert "kedr" in merged.sources and _exercise(store, "Kedr Kariery").review == "merged"
    assert kedr.id not in {r.id for r in store.records()}
    res = cli("review", "split", quarry.id, "quarry-ends", "--json", "--db", kb)
    assert res.exit_code == 0, res.output
    part_id = json.loads(res.output)["new_record"]
    part = store.record(part_id)
    assert part is not None and part.sources == ["quarry-ends"] and part.review == "added"
    doc = store.get_document("juniper")
    assert doc is not None
    at = doc.text.index("Ulaanbaatar")
    res = cli("review", "add", "deployment", "juniper", str(at), str(at + len("Ulaanbaatar")), "--field",
              "name=Indian training team", "--field", "host=Mongolia", "--field", "senders=India", "--json",
              "--db", kb)
    assert res.exit_code == 0, res.output
    added = store.record(json.loads(res.output)["record"])
    assert added is not None and added.review == "added"
    assert added.evidence[""][0].text == "Ulaanbaatar" and added.evidence[""][0].document_id == "juniper"
    before = _curated(store)
    assert cli("reextract", "--db", kb).exit_code == 0
    assert _curated(store) == before
    assert cli("review", "split", quarry.id, "nowhere", "--db", kb).exit_code == 2
    bad = cli("review", "add", "exercise", "juniper", "0", "999999", "--field", "name=X", "--db", kb)
    assert bad.exit_code == 2 and "outside the document" in bad.output


def test_two_reviewers_with_one_etag_the_second_gets_a_conflict(backend: str, cli: Any, tmp_path: Path) -> None:
    res = cli("ingest", str(_write(tmp_path / "articles", ARTICLES)), "--db", backend)
    assert res.exit_code == 0, res.output
    store = Store(backend)
    quarry = _exercise(store, "Cedar Quarry")
    tag = store.review_of(quarry.id)["etag"]  # type: ignore[index]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def reviewer(name: str, value: str) -> None:
        barrier.wait()
        try:
            store.review("correct", quarry.id, author=name, field="personnel", value=value, if_match=tag)
            results.append("ok")
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=reviewer, args=(n, v)) for n, v in (("ann", "1300"), ("bob", "1400"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    info = store.review_of(quarry.id)
    assert info is not None and len(info["history"]) == 1  # the second was not stored …
    assert _exercise(store, "Cedar Quarry").personnel == int(info["history"][0]["value"])  # … nor lost the first
    with pytest.raises(ConflictError):
        store.review("confirm", quarry.id, author="ann", if_match=tag)
    store.review("confirm", quarry.id, author="ann", if_match=info["etag"])


def test_dump_and_restore_keep_overrides_and_history_byte_identically(kb: str, cli: Any, tmp_path: Path) -> None:
    store = Store(kb)
    quarry, juniper = _exercise(store, "Cedar Quarry"), _exercise(store, "Juniper Shield")
    cli("review", "correct", quarry.id, "hosts", "Kazakhstan; Kyrgyzstan", "--reason", "co-hosted", "--db", kb)
    cli("review", "reject", juniper.id, "--db", kb)
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert cli("dump", str(first), "--db", kb).exit_code == 0
    other = str(tmp_path / "restored.db")
    assert cli("restore", str(first), "--db", other).exit_code == 0
    assert cli("dump", str(second), "--db", other).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    tables = {json.loads(line).get("table") for line in first.read_text().splitlines()[1:]}
    assert {"overrides", "machine_records"} <= tables
    restored = Store(other)
    assert restored.review_of(quarry.id)["history"] == store.review_of(quarry.id)["history"]  # type: ignore[index]
    assert cli("resolve", "--all", "--db", other).exit_code == 0
    assert _curated(restored) == _curated(store)


def test_exports_carry_review_status_and_machine_only_leaves_the_reviews_out(kb: str, cli: Any) -> None:
    store = Store(kb)
    quarry, juniper = _exercise(store, "Cedar Quarry"), _exercise(store, "Juniper Shield")
    cli("review", "correct", quarry.id, "participants", "Uzbekistan", "--add", "--db", kb)
    cli("review", "reject", juniper.id, "--db", kb)
    curated = json.loads(cli("export", "--format", "eval", "--db", kb).output)
    machine = json.loads(cli("export", "--format", "eval", "--machine-only", "--db", kb).output)
    names = lambda x: sorted(e["name"] for e in x["exercises"])  # noqa: E731
    assert "Juniper Shield" not in names(curated) and "Juniper Shield" in names(machine)
    cq = lambda x: next(e for e in x["exercises"] if e["name"] == "Cedar Quarry")  # noqa: E731
    assert "Uzbekistan" in cq(curated)["participants"] and "Uzbekistan" not in cq(machine)["participants"]
    csv_text = cli("export", "--format", "csv", "--db", kb).output
    header, *rows = csv_text.splitlines()
    assert "review" in header.split(",")
    assert any(quarry.id in row and ",corrected," in row for row in rows)
    assert not any(juniper.id in row for row in rows)
    gold = Path(kb).with_name("gold.json")
    gold.write_text(json.dumps(machine), encoding="utf-8")
    scored = json.loads(cli("evaluate", "--gold", str(gold), "--machine-only", "--json", "--db", kb).output)
    assert (scored["overall"]["micro_f1"], scored["overall"]["attr"]) == (1.0, 1.0)
    scored = json.loads(cli("evaluate", "--gold", str(gold), "--json", "--db", kb).output)
    assert scored["overall"]["micro_f1"] < 1.0 and scored["overall"]["attr"] < 1.0


def test_queue_orders_by_need_and_leaves_reviewed_records_out(kb: str, cli: Any, tmp_path: Path) -> None:
    store = Store(kb)
    juniper = _exercise(store, "Juniper Shield")
    assert cli("review", "confirm", juniper.id, "--db", kb).exit_code == 0
    assert cli("ingest", str(_write(tmp_path / "later", {"quarry-ends": LATER})), "--db", kb).exit_code == 0
    quarry = _exercise(store, "Cedar Quarry")
    rows = store.review_queue(100)
    ids = [r["id"] for r in rows]
    assert juniper.id not in ids  # reviewed, and nothing changed under the review
    by = {r["id"]: r for r in rows}
    assert "new or changed since the last review" in by[quarry.id]["reasons"]
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert any("one source" in r["reasons"] for r in rows)
    text = cli("review", "queue", "--db", kb).output
    assert quarry.id in text and juniper.id not in text


def test_rejected_and_merged_records_leave_every_list_facet_and_count(kb: str, cli: Any) -> None:
    """The explorer's SQL (query/sql.py) leaves hidden records out in one place; this checks each view."""
    from alliancegraph.web import create_app
    from conftest import web_client

    store = Store(kb)
    juniper, quarry, kedr = (_exercise(store, n) for n in ("Juniper Shield", "Cedar Quarry", "Kedr Kariery"))
    client = web_client(create_app(store))
    views = ["/api/timeline", "/api/search?q=juniper", "/api/table", "/api/vectors/Mongolia", "/api/exercises",
             "/api/countries", "/api/map", "/api/search?q=kedr", "/api/vectors/Kyrgyzstan", "/countries/Mongolia",
             "/", "/table"]
    before = {v: client.get(v).text for v in views}
    assert juniper.id in before["/api/timeline"] and "India" in before["/api/countries"]
    cli("review", "reject", juniper.id, "--db", kb)
    cli("review", "merge", quarry.id, kedr.id, "--db", kb)
    after = {v: client.get(v).text for v in views}
    for v in views:
        assert juniper.id not in after[v] and kedr.id not in after[v], v
    assert "India" not in after["/api/countries"]  # named by the rejected record only
    assert quarry.id in after["/api/search?q=kedr"]  # the merged record's spelling now finds the one it joined
    search = client.get("/api/search?q=juniper").json()
    assert search["records"] == [] and not search.get("facets", {}).get("type")
    assert client.get(f"/records/{juniper.id}").status_code == 200  # still reachable by its URL
