"""Reliability and security: fuzzed inputs, random SIGKILLs, reads during writes, write
endpoints behind a token, private URLs refused, no path traversal, dump/restore exactness."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliancegraph.config import Settings
from alliancegraph.errors import InputError
from alliancegraph.extract import extract_document
from alliancegraph.extract.figures import find_figures
from alliancegraph.extract.temporal import find_time
from alliancegraph.ingest.pubdate import infer_published
from alliancegraph.ingest.reader import decode, make_document
from alliancegraph.models import DateValue, Sentence, record_to_dict
from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import DEMO, web_client

FUZZ = int(os.environ.get("ALLIANCEGRAPH_FUZZ_EXAMPLES", "10000"))
FUZZ_SETTINGS = settings(max_examples=FUZZ, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WORDS = ["the", "exercise", "drills", "Kazakhstan", "Azeri", "CSTO", "NATO", "held", "in", "from", "to", "October",
         "8", "17", "2012", "Steppe", "Eagle", "-2024", "Nerushimoye", "Bratstvo", "said", "“", "”", "\"", ",", ".",
         "troops", "6,500", "personnel", "sent", "peacekeepers", "signed", "treaty", "Tashkent", "(Interfax,",
         "October 3)", "Armenia", "decided", "not", "to", "participate", "Tokayev", "President", "on", "Monday",
         "the following day", "this year", "early September", "<script>", "\n", "\n\n", "Rubezh", "Poisk-2022"]
domain_text = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=300), domain_text)


def _valid_date(d: DateValue | None) -> None:
    assert d is None or (ISO.match(d.value) and len(d.value) == {"year": 4, "month": 7, "day": 10}[d.precision])


# -- fuzzing (each target FUZZ generated inputs) ---------------------------------------------

@FUZZ_SETTINGS
@given(st.binary(max_size=400))
def test_fuzz_decode(raw: bytes) -> None:
    try:
        out = decode(raw, "fuzz.txt")
    except InputError as err:
        assert err.line().startswith("fuzz.txt: ") and " — " in err.line()
    else:
        assert isinstance(out, str) and out.strip() and "\x00" not in out


@FUZZ_SETTINGS
@given(any_text, st.one_of(st.none(), st.from_regex(r"https://x\.example/\d{4}/\d{2}/\d{2}/a", fullmatch=True)))
def test_fuzz_publication_dates(text: str, url: str | None) -> None:
    _valid_date(infer_published(text, url))


@FUZZ_SETTINGS
@given(any_text)
def test_fuzz_time_and_figures(text: str) -> None:
    for t in find_time(text, DateValue("2020-05-05", "day")):
        assert 0 <= t.start < t.end <= len(text)
        _valid_date(t.begin)
        _valid_date(t.finish)
    for f in find_figures(text):
        assert f.value >= 0 and 0 <= f.start < f.end <= len(text)


@FUZZ_SETTINGS
@given(domain_text)
def test_fuzz_extraction_records_are_valid(text: str) -> None:
    """Extraction without a parse (the rules that need one are skipped): no crash, every
    record well formed, every span inside its sentence, the eval form valid."""
    if not text.strip():
        return
    doc = make_document(text, "fuzz.txt")
    doc.published = DateValue("2021-06-01", "day")
    sents = []
    for m in re.finditer(r"[^.\n]+[.\n]?", doc.text):
        if m.group().strip():
            sents.append(Sentence(len(sents), m.start(), m.end(), m.group()))
    doc.sentences = sents
    x = extract_document(doc, None)
    for rec in x.records():
        d = record_to_dict(rec)
        json.dumps(d)
        for k in ("start", "end", "date"):
            _valid_date(getattr(rec, k, None))
        for spans in rec.evidence.values():
            for ev in spans:
                assert doc.text[ev.start:ev.end] == ev.text
        if hasattr(rec, "year") and rec.year is not None:
            assert isinstance(rec.year, int)


# -- crash safety ----------------------------------------------------------------------------

def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"Unit {i}-{j} of Kazakhstan trained near the range with troops from Kyrgyzstan." for j in range(30))
        (folder / f"d{i:03d}.txt").write_text(f"Report {i}\n\nPublished: 2021-05-{1 + i % 28:02d}\n\n{body}\n",
                                              encoding="utf-8")


@pytest.mark.slow
def test_reliability_fifty_random_kills(tmp_path: Path) -> None:
    corpus, db = tmp_path / "c", tmp_path / "kb.db"
    n = 40
    _corpus(corpus, n)
    cmd = [sys.executable, "-m", "alliancegraph.cli", "ingest", str(corpus), "--db", str(db)]
    env = {**os.environ, "ALLIANCEGRAPH_BATCH_SIZE": "1"}
    rng = random.Random(5)
    stored_at_kill = []
    for _ in range(50):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store(str(db))
        assert store.check_integrity() == []
        with sqlite3.connect(db) as conn:
            hashes = [h for (h,) in conn.execute("SELECT content_hash FROM documents")]
        assert len(hashes) == len(set(hashes))  # nothing duplicated
        stored_at_kill.append(store.stats()["documents"])
        store.close()
    assert stored_at_kill[-1] < n or stored_at_kill.count(n) < 50
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    store = Store(str(db))
    assert store.check_integrity() == [] and store.stats()["documents"] == n  # nothing lost
    assert store.stats()["exercises"] >= 0 and store.records() is not None


# -- concurrency -----------------------------------------------------------------------------

@pytest.mark.slow
def test_reliability_web_reads_while_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    Store(str(db)).close()
    client = web_client(create_app(Store(str(db))))
    proc = subprocess.Popen([sys.executable, "-m", "alliancegraph.cli", "ingest", str(DEMO), "--db", str(db)],
                            env={**os.environ, "ALLIANCEGRAPH_BATCH_SIZE": "1"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    statuses = []
    while proc.poll() is None:
        for url in ("/api/exercises", "/api/timeline", "/api/search?q=exercise", "/"):
            statuses.append(client.get(url).status_code)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert statuses and set(statuses) == {200}
    assert client.get("/api/stats").json()["documents"] == 14


# -- web security ----------------------------------------------------------------------------

@pytest.fixture
def demo_db(cli, tmp_path: Path) -> str:
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(DEMO / "01_baltops_begins.txt"), "--db", db).exit_code == 0
    return db


def test_security_write_endpoints_need_the_token(demo_db: str) -> None:
    store = Store(demo_db)
    rid = store.records("exercise")[0].id
    writes = [("post", "/api/ingest?filename=a.txt", {"content": b"Drill\n\nTroops trained in Mongolia."}),
              ("post", "/api/ingest/url", {"json": {"url": "https://example.org/a"}}),
              ("post", f"/api/records/{rid}/notes", {"json": {"note": "checked"}})]
    for settings_ in (Settings.load(env={}), Settings.load(env={}, write_token="s3cret")):
        client = web_client(create_app(store, settings_))
        for method, url, kw in writes:
            for headers in ({}, {"Authorization": "Bearer wrong"}):
                res = getattr(client, method)(url, headers=headers, **kw)
                assert res.status_code == 401, (url, res.text)
                assert res.json()["error"]["status"] == 401
    client = web_client(create_app(store, Settings.load(env={}, write_token="s3cret", max_upload_bytes=2000)))
    auth = {"Authorization": "Bearer s3cret"}
    ok = client.post("/api/ingest?filename=new.txt", content=b"Drill\n\nTroops trained in Mongolia on Monday.",
                     headers=auth)
    assert ok.status_code == 201 and ok.json()["stored"] == ["new"]
    assert client.post("/api/ingest?filename=big.txt", content=b"x" * 5000, headers=auth).status_code == 413
    assert client.post("/api/ingest?filename=../../etc/passwd", content=b"x", headers=auth).status_code == 422
    note = client.post(f"/api/records/{rid}/notes", json={"note": "checked", "hidden": False}, headers=auth)
    assert note.status_code == 201 and client.get(f"/api/records/{rid}/notes").json()[0]["note"] == "checked"
    refused = client.post("/api/ingest/url", json={"url": "http://127.0.0.1/"}, headers=auth)
    assert refused.status_code == 422 and "private or local address" in refused.json()["error"]["message"]


def test_security_no_path_traversal(demo_db: str) -> None:
    client = web_client(create_app(Store(demo_db)))
    for url in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fapp.py",
                "/documents/..%2f..%2fetc%2fpasswd", "/static/vendor/../../app.py"):
        res = client.get(url)
        assert res.status_code in (404, 400), url
        assert "root:" not in res.text and "def create_app" not in res.text


def test_security_binds_loopback_by_default() -> None:
    assert Settings.load(env={}).host == "127.0.0.1"


# -- dump / restore --------------------------------------------------------------------------

def test_reliability_dump_restore_dump_is_byte_identical(cli, tmp_path: Path) -> None:
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert cli("ingest", str(DEMO), "--db", a).exit_code == 0
    for suffix in (".jsonl", ".jsonl.gz"):
        first, second = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
        assert cli("dump", str(first), "--db", a).exit_code == 0
        target = str(tmp_path / f"b{suffix}.db")
        assert cli("restore", str(first), "--db", target).exit_code == 0
        assert cli("dump", str(second), "--db", target).exit_code == 0
        assert first.read_bytes() == second.read_bytes()
    restored = Store(str(tmp_path / "b.jsonl.db"))
    assert restored.check_integrity() == [] and restored.search("BALTOPS")
    again = cli("restore", str(tmp_path / "one.jsonl"), "--db", str(tmp_path / "b.jsonl.db"))
    assert again.exit_code == 1 and "not empty" in again.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "something else"}\n', encoding="utf-8")
    assert cli("restore", str(bad), "--db", b).exit_code == 1
