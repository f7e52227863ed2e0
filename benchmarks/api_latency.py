"""API and page latency on a 10,000-document (or, with ``--docs 100000``, 100,000-document)
knowledge base: p50/p95 of the home page ``/``, the unfiltered ``/api/timeline``, search, a
record, a country page and a country's vectors, served by ``alliancegraph serve`` in its own
process on loopback and called over HTTP, and the serving process's peak memory (its RSS
high-water mark, VmHWM, read from /proc when the requests are done: building the knowledge base
happens in this process and does not count).

    python benchmarks/api_latency.py [--docs 10000] [--requests 200] [--db KEEP.db]

The knowledge base is built fast: the demo articles are parsed and extracted once, then stored
again and again with new ids and varied records (as ``synth`` would vary them) through the same
store and resolution code as an ingest. Every record type grows: exercises get new names and
years, deployments new hosts and years, agreements new names and years, quotes new openings.
Search words are drawn from the stored text (word frequency as in the articles), record ids from
every record type, countries from the knowledge base. Target: p95 < 100 ms per endpoint. The last
line is ``home_p95_ms=… timeline_p95_ms=… search_p95_ms=… record_p95_ms=… country_p95_ms=…
vectors_p95_ms=…`` followed by the explorer's endpoints (a year's timeline, map, table, vectors
over a few years and a vectors segment, the record page, the index APIs), measured the same way,
and ``server_peak_mib=…`` (target: under 2 GiB at 100,000 documents).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import random
import re
import socket
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import httpx

from alliancegraph.config import Settings
from alliancegraph.extract import extract_document
from alliancegraph.ingest import Source, read
from alliancegraph.ingest.reader import content_hash
from alliancegraph.models import DateValue
from alliancegraph.nlp import load_nlp, sentences_of
from alliancegraph.store import Store
from alliancegraph.workflow import resolve_all

PREFIX = ["Basalt", "Obsidian", "Juniper", "Northern", "Iron", "Silver", "Eastern", "Thunder", "Harbor", "Summit",
          "Arrow", "Cedar", "Polar", "Desert", "Coastal", "Swift"]
HOSTS = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Mongolia", "Armenia", "Belarus", "Georgia",
         "Azerbaijan", "Türkiye", "India", "Pakistan", "Poland", "Norway", "Estonia", "Latvia", "Lithuania", "Japan",
         "Thailand", "Indonesia", "Romania", "Bulgaria", "Serbia", "Egypt", "Jordan", "Mali", "Chad", "Lebanon"]
COUNTRIES = ["Kazakhstan", "Russia", "United States", "Armenia", "Poland", "India", "Japan", "Türkiye"]
STOP = {"that", "with", "from", "this", "have", "were", "which", "their", "will", "been", "they", "said", "also",
        "than", "into", "more", "after", "about", "would", "other", "there", "when", "while", "over"}


def _shift(d: DateValue | None, years: int) -> DateValue | None:
    return None if d is None else dataclasses.replace(d, value=f"{d.year + years:04d}{d.value[4:]}")


def build(db: str, n_docs: int, seed: int = 7) -> tuple[Store, list[str]]:
    """The knowledge base, and the words of its stored text (one per occurrence) for searches."""
    rng = random.Random(seed)
    settings = Settings.load()
    nlp = load_nlp(settings.spacy_model)
    base = []
    for f in sorted(Path(str(resources.files("alliancegraph.data") / "demo")).glob("*.txt")):
        d = read(Source(str(f)), settings).documents[0]
        sd = nlp(d.text)
        d.sentences = sentences_of(sd)
        base.append((d, extract_document(d, sd)))
    words = [w for d, _ in base for w in re.findall(r"[A-Za-z]{4,}", d.text) if w.lower() not in STOP]
    store = Store(db)
    t = time.perf_counter()
    for i in range(n_docs):
        d0, x0 = base[i % len(base)]
        d, x = copy.deepcopy(d0), copy.deepcopy(x0)
        d.id = f"synth-{i:05d}"
        d.source = f"synth/{d.id}.txt"
        d.content_hash = content_hash(d.text + f"\n{i}")
        if i >= len(base):  # the first copy of each article stays as written
            shift = rng.randint(-15, 3)
            for e in x.exercises:
                e.name = f"{rng.choice(PREFIX)} {e.name}"
                e.year = e.year + shift if e.year else None
                e.start, e.end = _shift(e.start, shift), _shift(e.end, shift)
            for dep in x.deployments:
                dep.host = rng.choice(HOSTS)
                dep.start, dep.end = _shift(dep.start, shift), _shift(dep.end, shift)
            for a in x.agreements:
                a.name = f"{rng.choice(PREFIX)} {a.name}"
                a.date = _shift(a.date, shift)
            for q in x.quotes:
                q.text = f"{rng.choice(words)} {rng.choice(words).lower()}: {q.text}"
        for r in x.records():
            r.sources = [d.id]
            r.evidence = {k: [v.__class__(d.id, v.sentence_index, v.start, v.end, v.text) for v in spans]
                          for k, spans in r.evidence.items()}
        for m in x.mentions:
            m.evidence = m.evidence.__class__(d.id, m.evidence.sentence_index, m.evidence.start, m.evidence.end,
                                              m.evidence.text)
        x.document_id = d.id
        store.add_document(d, x)
        if (i + 1) % 2000 == 0:
            print(f"  stored {i + 1} documents ({time.perf_counter() - t:.0f} s)", flush=True)
    t = time.perf_counter()
    resolve_all(store)
    print(f"  resolved in {time.perf_counter() - t:.1f} s", flush=True)
    return store, words


def measure(client: httpx.Client, paths: list[str]) -> tuple[float, float, float]:
    """(p50, p95) in milliseconds over ``paths``, each requested once, after one warm-up request,
    and the warm-up's time (the first request computes what the app then reuses until the
    knowledge base changes)."""
    t = time.perf_counter()
    client.get(paths[0])
    first = (time.perf_counter() - t) * 1000
    times = []
    for p in paths:
        t = time.perf_counter()
        r = client.get(p)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (p, r.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(round(len(times) * 0.95)) - 1)], first


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", help="reuse or keep the knowledge base at this path")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    if args.db and Path(args.db).exists():
        store = Store(db)
        words = [w for d in store.documents()[:50] for w in re.findall(r"[A-Za-z]{4,}", store.get_document(d.id).text)
                 if w.lower() not in STOP]  # type: ignore[union-attr]
    else:
        store, words = build(db, args.docs)
    stats = store.stats()
    print("  knowledge base: " + ", ".join(f"{stats[k]} {k}" for k in ("documents", "exercises", "deployments",
                                                                      "agreements", "quotes", "citations")))
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "alliancegraph.cli", "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_for(port, server)
        results = run(port, words, args.requests)
        peak = _peak_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, (p50, p95, first) in results.items():
        print(f"{name:<13} p50={p50:7.1f} ms  p95={p95:7.1f} ms  first={first:7.1f} ms")
    print(f"  server peak memory (VmHWM): {peak:.0f} MiB")
    print(" ".join(f"{k}_p95_ms={v[1]:.1f}" for k, v in results.items()) + f" server_peak_mib={peak:.0f}")


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 600
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=60).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 10 minutes")


def _peak_mib(pid: int) -> float:
    """The RSS high-water mark of a process, in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(port: int, words: list[str], n: int) -> dict[str, tuple[float, float, float]]:
    rng = random.Random(1)
    years = list(range(2005, 2025))
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        t = time.perf_counter()
        client.get("/api/timeline")
        print(f"  first request (/api/timeline): {time.perf_counter() - t:.1f} s")
        ids = [r["id"] for kind in ("exercises", "deployments", "agreements", "quotes")
               for r in client.get(f"/api/{kind}?per_page=500").json()["items"]]
        queries = [rng.choice(words) for _ in range(n)]
        matched = sum(1 for q in dict.fromkeys(queries) if client.get(f"/api/search?q={quote(q)}").json()["documents"])
        print(f"  search words: {len(set(queries))} distinct, {matched} of them match stored text")
        results = {
            "home": measure(client, ["/"] * n),
            "timeline": measure(client, ["/api/timeline"] * n),
            "search": measure(client, [f"/api/search?q={quote(q)}" for q in queries]),
            "record": measure(client, [f"/api/records/{rng.choice(ids)}" for _ in range(n)]),
            "country": measure(client, [f"/countries/{quote(rng.choice(COUNTRIES))}" for _ in range(n)]),
            "vectors": measure(client, [f"/api/vectors/{quote(rng.choice(COUNTRIES))}" for _ in range(n)]),
            # the explorer (issue 12): every view reads the same selection
            "timeline_year": measure(client, [f"/api/timeline?from={y}&to={y}" for y in
                                              (rng.choice(years) for _ in range(n))]),
            "map": measure(client, [f"/api/map?from={y}&to={y}" for y in (rng.choice(years) for _ in range(n))]),
            "table": measure(client, [f"/api/table?sort={rng.choice(['year', 'title', 'personnel'])}"
                                      f"&page={rng.randint(1, 20)}" for _ in range(n)]),
            "vectors_years": measure(client, [f"/api/vectors/{quote(rng.choice(COUNTRIES))}?from={y}&to={y + 2}"
                                              for y in (rng.choice(years) for _ in range(n))]),
            "segment": measure(client, [f"/api/vectors/Kazakhstan/segment?year={y}"
                                        f"&bloc={rng.choice(['CSTO', 'NATO', 'SCO'])}"
                                        for y in (rng.choice(years) for _ in range(n))]),
            "record_page": measure(client, [f"/records/{rng.choice(ids)}" for _ in range(n)]),
            "index": measure(client, [rng.choice(["/api/countries", "/api/disputes?from=2020",
                                                  "/api/organizations/NATO"]) for _ in range(n)]),
        }
    return results


if __name__ == "__main__":
    main()
