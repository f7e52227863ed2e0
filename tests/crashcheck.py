"""Helpers of the kill tests (test_store.py, test_reliability.py): an invented corpus that gives
every document records, a CLI ingest killed by the store's crash hook (ALLIANCEGRAPH_CRASH_AT),
and checks that compare a killed knowledge base with one ingested without interruption."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SERIES = ["Cedar Quarry", "Juniper Beacon", "Polar Harbor", "Tulpar Ridge"]
PAIRS = [("Kazakhstan", "Kyrgyzstan"), ("Uzbekistan", "Tajikistan"), ("Armenia", "Belarus"), ("Mongolia", "India")]


def write_corpus(folder: Path, n: int) -> None:
    """n short invented reports, each naming an exercise edition, figures and a quote."""
    folder.mkdir()
    for i in range(n):
        year = 2005 + i % 19
        host, guest = PAIRS[i % len(PAIRS)]
        name = SERIES[i % len(SERIES)]
        (folder / f"d{i:03d}.txt").write_text(
            f"Report {i}: {name} drills\n\nPublished: {year}-06-{1 + i % 28:02d}\n\n"
            f"Troops from {host} and {guest} held the {name}-{year} exercise in {host} from May 3 to May 9, {year}. "
            f"About {1000 + 10 * i} personnel and {20 + i} armoured vehicles took part in unit {i}'s drill. "
            f"\"The crews of unit {i} showed that they can hold the crossing together,\" said Colonel Aidos "
            f"Beremetov.\nThe next drill of unit {i} is planned for the autumn.\n", encoding="utf-8")


@dataclass
class Killed:
    returncode: int
    hook_line: str  # what the crash hook printed, "" when it did not fire

    @property
    def inside_write(self) -> bool:
        """Killed by the hook while the database driver had a write transaction open."""
        return self.returncode == -9 and "database transaction open" in self.hook_line


def ingest_killed_at(corpus: Path, db: Path, point: str) -> Killed:
    """Run ``alliancegraph ingest`` (one document per batch) that SIGKILLs itself at ``point``."""
    env = {**os.environ, "ALLIANCEGRAPH_BATCH_SIZE": "1", "ALLIANCEGRAPH_CRASH_AT": point}
    res = subprocess.run([sys.executable, "-m", "alliancegraph.cli", "ingest", str(corpus), "--db", str(db)],
                         env=env, capture_output=True, text=True, timeout=300)
    line = next((x for x in res.stderr.splitlines() if x.startswith("ALLIANCEGRAPH_CRASH_AT:")), "")
    return Killed(res.returncode, line)


class KillServer:
    """tests/kill_server.py in a subprocess: many killed ingests for the price of one start-up."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # no thread pools to fork
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("kill_server.py"))], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready", "kill server failed"

    def ingest_killed_at(self, corpus: Path, db: Path, point: str) -> Killed:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{corpus}\t{db}\t{point}\n")
        code, _, line = self.proc.stdout.readline().rstrip("\n").partition("\t")
        return Killed(int(code), line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> KillServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def snapshot(db: Path) -> dict[str, dict[str, object]]:
    """Per stored document (by content hash): its id, name, version, source, sentences, full-text
    row, extraction and mentions; with "records" the ids of the resolved records."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        docs: dict[str, dict[str, object]] = {}
        for pk, h, id_, name, version, source in conn.execute(
                "SELECT pk, content_hash, id, name, version, source FROM documents"):
            docs[h] = {
                "id": id_, "name": name, "version": version, "source": Path(source).name,
                "sentences": conn.execute("SELECT count(*) FROM sentences WHERE document_pk = ?", (pk,)).fetchone()[0],
                "fts": conn.execute("SELECT count(*) FROM documents_fts WHERE rowid = ?", (pk,)).fetchone()[0],
                "extraction": [d for (d,) in conn.execute("SELECT data FROM extractions WHERE document_pk = ?", (pk,))],
                "mentions": conn.execute("SELECT count(*) FROM mentions WHERE document_pk = ?", (pk,)).fetchone()[0],
            }
        records = sorted(r for (r,) in conn.execute("SELECT id FROM records"))
    return {"documents": docs, "records": records}  # type: ignore[dict-item]


def assert_whole_documents(got: dict, reference: dict) -> None:
    """Every stored document is whole and stored once: the same rows as in the reference."""
    docs, ref = got["documents"], reference["documents"]
    for h, d in docs.items():
        assert h in ref, f"document {d['id']} is not one of the corpus's documents"
        assert d == ref[h], f"partial or altered document {d['id']}: {d} != {ref[h]}"
    names = [d["name"] for d in docs.values()]
    assert len(names) == len(set(names)), f"a document stored twice: {sorted(names)}"
    assert all(d["version"] == 1 and re.fullmatch(r"d\d{3}", str(d["id"])) for d in docs.values()), \
        "a document stored again as a new version or under another id"
