"""Ingestion through the CLI: the seeds, idempotence, versions, formats and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancegraph.store import Store

ARTICLE = ("Baltic drill ends\n\nPublished: 2023-06-20\n\nWarships from Poland, Estonia and Latvia completed the "
           "exercise in the Baltic Sea on Tuesday. About 6,000 personnel took part, the organisers said.\n")


def _stats(db: str) -> dict[str, int]:
    store = Store(db)
    try:
        assert store.check_integrity() == []
        return store.stats()
    finally:
        store.close()


def test_ingest_seeds_idempotent_and_search(cli, seeds: Path, db: str) -> None:
    first = cli("ingest", str(seeds), "--db", db)
    assert first.exit_code == 0, first.output
    assert "5 new document(s) stored" in first.output
    again = cli("ingest", str(seeds), "--db", db)
    assert again.exit_code == 0
    assert "0 new document(s) stored; 5 already stored, skipped" in again.output
    assert _stats(db)["documents"] == 5

    res = cli("search", "Steppe Eagle", "--db", db, "--json")
    hits = json.loads(res.output)
    assert hits[0]["id"] == "002_15d8aaadc7ff9476"
    assert "<mark>Steppe</mark> <mark>Eagle</mark>" in hits[0]["snippet"]
    text = cli("search", "Steppe Eagle", "--db", db)
    assert text.output.splitlines()[0].startswith("002_15d8aaadc7ff9476")


def test_ingest_stats_json_and_show(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "baltic.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli("ingest", str(tmp_path / "baltic.txt"), "--db", db).exit_code == 0
    stats = json.loads(cli("stats", "--json", "--db", db).output)
    assert stats["documents"] == 1 and stats["sentences"] >= 3
    for key in ("exercises", "deployments", "agreements", "quotes"):
        assert key in stats
    shown = json.loads(cli("show", "baltic", "--db", db, "--json").output)
    assert shown["published"] == "2023-06-20" and shown["title"] == "Baltic drill ends"
    # sentences carry offsets into the stored text
    for s in shown["sentences"]:
        assert shown["text"][s["start"]:s["end"]] == s["text"]
    assert any(s["text"] == "Baltic drill ends" for s in shown["sentences"])
    missing = cli("show", "nope", "--db", db)
    assert missing.exit_code == 1 and "alliancegraph docs" in missing.output


def test_ingest_changed_file_becomes_new_version(cli, tmp_path: Path, db: str) -> None:
    f = tmp_path / "baltic.txt"
    named = "\nThe Amber Tide-2023 exercise involved 40 ships.\n"
    f.write_text(ARTICLE + named, encoding="utf-8")
    cli("ingest", str(f), "--db", db)
    f.write_text(ARTICLE + "\nUpdated: the exercise ended a day early.\n" + named, encoding="utf-8")
    res = cli("ingest", str(f), "--db", db)
    assert "new version of baltic" in res.output
    store = Store(db)
    versions = store.documents(include_old=True)
    assert [(d.id, d.version, d.current) for d in versions] == [("baltic", 1, False), ("baltic@v2", 2, True)]
    assert store.get_document("baltic") is not None  # the old text is kept
    assert store.stats()["documents"] == 1
    # the records now cite the new version, and every span of evidence is exact in its text
    new_text = store.get_document("baltic@v2").text  # type: ignore[union-attr]
    records = store.records()
    assert records and all(r.sources == ["baltic@v2"] for r in records)
    spans = [e for r in records for v in r.evidence.values() for e in v]
    assert spans and all(e.document_id == "baltic@v2" and new_text[e.start:e.end] == e.text for e in spans)


def test_ingest_formats(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "a.md").write_text("# Naval drill in the Caspian\n\nShips from **Iran** and "
                                   "[Russia](https://example.org) sailed on May 3, 2019.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Steppe drill</title></head><body><nav>Home | About</nav><article><h1>Steppe drill"
        "</h1><p>Troops from Kazakhstan and Kyrgyzstan trained together near Almaty in the first week of "
        "September 2021, the defence ministry said in a statement on its website.</p><p>About 1,200 personnel "
        "took part in the three-day exercise, which ended with a live-fire phase.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "Drill one took place.", "title": "One", "published": "2020-01-02"}) + "\n"
        + "not json\n"
        + json.dumps({"id": "two", "text": "Drill two took place.", "url": "https://x.example/2021/05/06/two"})
        + "\n", encoding="utf-8")
    res = cli("ingest", str(tmp_path), "--db", db)
    assert res.exit_code == 0, res.output
    assert "4 new document(s) stored" in res.output
    assert "c.jsonl:2" in res.output  # the bad line is named
    store = Store(db)
    docs = {d.id: d for d in store.documents()}
    assert docs["a"].title == "Naval drill in the Caspian"
    a = store.get_document("a")
    assert a is not None and "**" not in a.text and "https://" not in a.text
    b = store.get_document("b")
    assert b is not None and "1,200 personnel" in b.text and "Home | About" not in b.text
    assert docs["c-1"].published == "2020-01-02" and docs["c-1"].title == "One"
    assert docs["two"].published == "2021-05-06"


def test_ingest_published_override(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    cli("ingest", str(tmp_path / "x.txt"), "--db", db, "--published", "2023-06-21")
    assert Store(db).documents()[0].published == "2023-06-21"
    bad = cli("ingest", str(tmp_path / "x.txt"), "--db", db, "--published", "soon")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


# -- bad input: one line naming the input and what to do, non-zero exit when nothing
#    was ingested, the database unchanged and consistent ----------------------------------

def _bad(tmp_path: Path, kind: str) -> tuple[str, str]:
    """(argument, words the message must contain)."""
    if kind == "empty":
        p = tmp_path / "empty.txt"
        p.write_bytes(b"  \n")
        return str(p), "is empty"
    if kind == "binary":
        p = tmp_path / "report.txt"
        p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
        return str(p), "PDF"
    if kind == "binary-noise":
        p = tmp_path / "noise.txt"
        p.write_bytes(bytes(range(256)) * 64)
        return str(p), "binary"
    if kind == "missing":
        return str(tmp_path / "nowhere" / "a.txt"), "no such file"
    if kind == "url":
        return "http://127.0.0.1:9/article", "could not be reached"
    if kind == "huge":
        p = tmp_path / "dump.txt"
        with p.open("wb") as fh:
            line = b"The exercise continued through the week with more troops arriving daily.\n"
            while fh.tell() < 50 * 1024 * 1024:
                fh.write(line * 10_000)
        return str(p), "over the"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["empty", "binary", "binary-noise", "missing", "url", "huge"])
def test_ingest_bad_input(cli, tmp_path: Path, db: str, kind: str) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    cli("ingest", str(tmp_path / "good.txt"), "--db", db)
    before = _stats(db)
    arg, words = _bad(tmp_path, kind)
    extra = ["--allow-private"] if kind == "url" else []  # a closed port on loopback: unreachable
    res = cli("ingest", arg, "--db", db, *extra)
    assert res.exit_code == 1
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, res.output
    assert arg in errors[0] and words in errors[0]
    assert " — " in errors[0]  # followed by what to do
    assert _stats(db) == before


def test_ingest_bad_input_does_not_stop_the_batch(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    res = cli("ingest", str(tmp_path), "--db", db)
    assert res.exit_code == 0
    assert "1 new document(s) stored; 1 input(s) refused" in res.output


def test_ingest_legacy_encoding_decoded(cli, tmp_path: Path, db: str) -> None:
    text = ("Учения ОДКБ «Взаимодействие-2023» прошли в Беларуси\n\nВ учениях приняли участие военнослужащие "
            "России, Беларуси, Казахстана, Кыргызстана и Таджикистана. Армения отказалась направить "
            "своих военных, сообщило министерство обороны.\n")
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    res = cli("ingest", str(tmp_path / "ru.txt"), "--db", db)
    assert res.exit_code == 0, res.output
    doc = Store(db).get_document("ru")
    assert doc is not None and "Взаимодействие-2023" in doc.text and "Армения" in doc.text


def test_ingest_bad_db_path(cli, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    res = cli("ingest", str(tmp_path / "x.txt"), "--db", str(tmp_path / "no" / "such" / "kb.db"))
    assert res.exit_code == 1 and "does not exist" in res.output


def test_ingest_refuses_private_urls_by_default(cli, db: str) -> None:
    for url in ("http://127.0.0.1/", "http://localhost:8000/admin", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/", "http://[::1]/"):
        res = cli("ingest", url, "--db", db)
        assert res.exit_code == 1
        assert "private or local address" in res.output and "--allow-private" in res.output, res.output
