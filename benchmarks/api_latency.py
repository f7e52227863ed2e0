"""API latency on a 10,000-document knowledge base: p50/p95 of the timeline, search and
record endpoints, served by uvicorn on loopback and called over HTTP.

    python benchmarks/api_latency.py [--docs 10000] [--requests 200]

The knowledge base is built fast: the demo articles are parsed and extracted once, then
stored again and again with new ids, years and exercise names (as ``synth`` would vary
them), through the same store and resolution code as an ingest. Target: p95 < 100 ms.
The explorer's endpoints (map, table, vectors and a vectors segment, the record page, the
index APIs) are measured the same way. The last line is ``timeline_p95_ms=… search_p95_ms=…``.
"""

from __future__ import annotations

import argparse
import copy
import random
import socket
import statistics
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

import httpx
import uvicorn

from alliancegraph.config import Settings
from alliancegraph.extract import extract_document
from alliancegraph.ingest import Source, read
from alliancegraph.ingest.reader import content_hash
from alliancegraph.nlp import load_nlp, sentences_of
from alliancegraph.store import Store
from alliancegraph.web import create_app
from alliancegraph.workflow import resolve_all

COUNTRIES = ["Kazakhstan", "Estonia", "Russia", "Kyrgyzstan", "Norway", "Thailand", "Mongolia"]
WORDS = ["Granite", "Steppe", "Falcon", "Amber", "Northern", "Iron", "Silver", "Eastern", "Shield", "Thunder",
         "Harbor", "Summit", "Arrow", "Cedar", "Polar", "Desert"]


def build(db: str, n_docs: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    settings = Settings.load()
    nlp = load_nlp(settings.spacy_model)
    base = []
    for f in sorted(Path(str(resources.files("alliancegraph.data") / "demo")).glob("*.txt")):
        d = read(Source(str(f)), settings).documents[0]
        sd = nlp(d.text)
        d.sentences = sentences_of(sd)
        base.append((d, extract_document(d, sd)))
    store = Store(db)
    t = time.perf_counter()
    for i in range(n_docs):
        d0, x0 = base[i % len(base)]
        d, x = copy.deepcopy(d0), copy.deepcopy(x0)
        d.id = f"synth-{i:05d}"
        d.source = f"synth/{d.id}.txt"
        d.content_hash = content_hash(d.text + f"\n{i}")
        shift = rng.randint(-15, 3)
        for e in x.exercises:
            e.name = f"{rng.choice(WORDS)} {e.name}" if i >= len(base) else e.name
            e.year = e.year + shift if e.year else None
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
    print(f"  resolved in {time.perf_counter() - t:.1f} s: {store.stats()}", flush=True)
    return store


def measure(url: str, paths: list[str]) -> tuple[float, float]:
    times = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get(paths[0])  # warm the snapshot cache
        for p in paths:
            t = time.perf_counter()
            r = client.get(p)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (p, r.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", help="reuse or keep the knowledge base at this path")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    store = Store(db) if args.db and Path(args.db).exists() else build(db, args.docs)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(1)
    ids = [r["id"] for r in httpx.get(url + "/api/exercises?per_page=500", timeout=120).json()["items"]]
    years = list(range(2005, 2025))
    results = {
        "timeline": measure(url, [f"/api/timeline?from={y}&to={y}" for y in
                                  (rng.choice(years) for _ in range(args.requests))]),
        "search": measure(url, [f"/api/search?q={rng.choice(WORDS)}" for _ in range(args.requests)]),
        "record": measure(url, [f"/api/records/{rng.choice(ids)}" for _ in range(args.requests)]),
        # the explorer (issue 12): every view reads the same selection
        "map": measure(url, [f"/api/map?from={y}&to={y}" for y in (rng.choice(years) for _ in range(args.requests))]),
        "table": measure(url, [f"/api/table?sort={rng.choice(['year', 'title', 'personnel'])}&page={rng.randint(1, 20)}"
                               for _ in range(args.requests)]),
        "vectors": measure(url, [f"/api/vectors/{rng.choice(COUNTRIES)}?from={y}&to={y + 2}"
                                 for y in (rng.choice(years) for _ in range(args.requests))]),
        "segment": measure(url, [f"/api/vectors/Kazakhstan/segment?year={y}&bloc={rng.choice(['CSTO', 'NATO', 'SCO'])}"
                                 for y in (rng.choice(years) for _ in range(args.requests))]),
        "record_page": measure(url, [f"/records/{rng.choice(ids)}" for _ in range(args.requests)]),
        "index": measure(url, [rng.choice(["/api/countries", "/api/disputes?from=2020", "/api/organizations/NATO"])
                               for _ in range(args.requests)]),
    }
    server.should_exit = True
    for name, (p50, p95) in results.items():
        print(f"{name:<9} p50={p50:6.1f} ms  p95={p95:6.1f} ms")
    print(" ".join(f"{k}_p95_ms={v[1]:.1f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
