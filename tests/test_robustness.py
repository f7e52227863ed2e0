"""Long articles, failures that stay with their own input, and small surprises (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancegraph.config import Settings
from alliancegraph.ingest import read
from alliancegraph.ingest.reader import Source
from alliancegraph.nlp import pieces
from alliancegraph.store import Store
from alliancegraph.workflow import ingest, process_documents

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
GOOD = "Drill ends\n\nSailors from Norway and Finland finished a harbour drill near Bergen on Friday, the navy said.\n"


def long_report(chars: int) -> str:
    """An invented report of about ``chars`` characters: dated notes on an exercise, with quotes."""
    parts = ["Annual review of regional training, with daily notes\n\nPublished: 12 December 2023\n\n"]
    size, n = len(parts[0]), 0
    while size < chars:
        para = (f"Note {n}. On {n % 27 + 1} {MONTHS[n % 12]} 2023, engineers from Mongolia and Kazakhstan "
                f"repaired bridge number {n} near the river crossing during the joint exercise Steppe Shield-2023, "
                f"a spokesman said. About {100 + n % 900} soldiers took part, and {n % 40 + 2} trucks moved "
                f"supplies between the depots.\n\n\"We crossed the river {n % 9 + 2} times before noon,\" "
                f"Colonel Bold Tsogt said.\n\n")
        parts.append(para)
        size += len(para)
        n += 1
    return "".join(parts)


def assert_evidence_exact(db: str) -> int:
    """Every evidence span of every record reads its own text at its offsets, inside its sentence."""
    store = Store(db)
    docs = {d.id: store.get_document(d.id) for d in store.documents()}
    n = 0
    for rec in store.records():
        for spans in rec.evidence.values():
            for ev in spans:
                doc = docs[ev.document_id]
                assert doc is not None
                assert doc.text[ev.start:ev.end] == ev.text, ev
                sentence = doc.sentences[ev.sentence_index]
                assert sentence.start <= ev.start and ev.end <= sentence.end, (ev, sentence)
                n += 1
    return n


def test_pieces_cover_the_text_at_paragraphs() -> None:
    text = long_report(20_000)
    spans = pieces(text, 3000)
    assert "".join(text[a:b] for a, b in spans) == text and all(b - a <= 3000 for a, b in spans)
    assert all(text[a - 2:a] == "\n\n" for a, _ in spans[1:])  # cut after a paragraph break
    hard = "x" * 2500 + " " + "y" * 2500
    assert "".join(hard[a:b] for a, b in pieces(hard, 1000)) == hard


def test_long_article_parsed_in_pieces_with_exact_offsets_and_progress(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(long_report(60_000), encoding="utf-8")
    settings = Settings.load(env={}, piece_chars=5_000)
    store = Store(str(tmp_path / "kb.db"))
    seen: list[tuple[str, int, int]] = []
    report = ingest([str(tmp_path / "long.txt")], settings, store, pieces=lambda *a: seen.append(a))
    assert report.new == 1 and not report.failed
    total = len(store.get_document("long").text)  # type: ignore[union-attr]
    assert len(seen) >= 12 and [s[2] for s in seen] == [total] * len(seen)
    assert [s[1] for s in seen] == sorted(s[1] for s in seen) and seen[-1][1] == total
    assert assert_evidence_exact(str(tmp_path / "kb.db")) > 100
    (ex,) = store.records("exercise")  # the pieces' mentions are one exercise
    assert ex.name == "Steppe Shield" and ex.year == 2023  # type: ignore[attr-defined]


@pytest.mark.slow
def test_five_megabyte_article_with_a_bad_and_a_good_file(cli, tmp_path: Path) -> None:
    """Over spaCy's 1,000,000-character limit (E088): parsed in pieces, progress shown while it
    is, and the bad file in the same run costs the good ones nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(long_report(5_000_000), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = str(tmp_path / "kb.db")
    res = cli("ingest", str(folder), "--db", db)
    assert res.exit_code == 0, res.output
    assert "2 new document(s) stored; 1 input(s) refused" in res.output
    assert "parsing big.txt: 50% of 5,000,0" in res.output and "parsing big.txt: 100%" in res.output
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0]
    store = Store(db)
    assert {d.id for d in store.documents()} == {"big", "good"}
    assert len(store.get_document("big").text) >= 5_000_000  # type: ignore[union-attr]
    assert assert_evidence_exact(db) > 10_000


def test_a_document_that_breaks_processing_costs_only_itself(cli, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import alliancegraph.extract as extract

    real = extract.extract_document

    def fragile(document, spacy_doc=None):  # type: ignore[no-untyped-def]
        if "Zebra" in document.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(document, spacy_doc)

    monkeypatch.setattr(extract, "extract_document", fragile)
    for name, text in [("a.txt", GOOD), ("b.txt", GOOD.replace("Bergen", "Zebra Bay")),
                       ("c.txt", GOOD.replace("Friday", "Sunday"))]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "kb.db")
    res = cli("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"), "--db", db)
    assert res.exit_code == 0, res.output
    assert "2 new document(s) stored; 1 input(s) refused" in res.output
    (error,) = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert "b.txt" in error and "RecursionError" in error and " — " in error
    assert {d.id for d in Store(db).documents()} == {"a", "c"} and Store(db).check_integrity() == []


def _exercises(tmp_path: Path, text: str) -> list[tuple[str, list[str]]]:
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    settings = Settings.load(env={})
    ((_, extraction),) = process_documents(read(Source(str(tmp_path / "t.txt")), settings).documents, settings)
    return [(e.name, [ev.text for ev in e.evidence.get("name", [])]) for e in extraction.exercises]


def test_common_word_series_alias_in_a_title_needs_context(tmp_path: Path) -> None:
    """"West" names the Zapad series only with an exercise context, in a title as in the body."""
    assert _exercises(tmp_path, "West African troops wrap up joint drills in Gambia\n\nBanjul, 4 May 2023\n\n"
                                "Soldiers from Senegal and Ghana ended a week of drills near Banjul on Thursday, "
                                "the army said.\n") == []
    assert _exercises(tmp_path, "West African states plan exercise\n\nAccra, 2 June 2023\n\nGhana will host a "
                                "regional exercise with Togo and Benin in August, officials said.\n") == []
    titled = _exercises(tmp_path, "West 2021 exercise ends\n\nMinsk, 20 September 2021\n\nRussian and Belarusian "
                                  "troops ended the drills on Monday, the ministry said.\n")
    assert [name for name, _ in titled] == ["Zapad"] and titled[0][1] == ["West 2021"]
    body = _exercises(tmp_path, "Drills end near Minsk\n\nMinsk, 20 September 2021\n\nRussia and Belarus ended the "
                                "West-2021 strategic exercise on Monday, the ministry said.\n")
    assert [name for name, _ in body] == ["Zapad"]
