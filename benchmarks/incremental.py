"""Adding one article to a large knowledge base: milliseconds per article at 1,000 and at
10,000 synthetic articles, and their ratio (growth; target <= 1.3, and under 1,000 ms at
10,000).

    python benchmarks/incremental.py [--small 1000] [--large 10000] [--adds 20] [--cache DIR]

The knowledge bases are built once with ``alliancegraph synth`` and ``alliancegraph ingest``
(the large one from a copy of the small one) and kept in ``--cache`` (default
``~/.cache/alliancegraph/bench-incremental``, or ALLIANCEGRAPH_BENCH_CACHE) for later runs:
building 10,000 articles takes a while. Each run works on a copy. The spaCy model is loaded
before timing, as in ``alliancegraph watch``; then ``--adds`` new synthetic articles are
ingested one at a time, each through the whole ingest (read, NLP, extraction, store,
resolution of what it changed). The last line is ``add_ms_1k=… add_ms_10k=… growth=…``
(medians).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alliancegraph.config import Settings
from alliancegraph.nlp import load_nlp
from alliancegraph.scale.synth import generate
from alliancegraph.store import Store
from alliancegraph.workflow import ingest

CLI = [sys.executable, "-m", "alliancegraph.cli"]


def build(cache: Path, small: int, large: int) -> dict[int, Path]:
    """Knowledge bases of ``small`` and ``large`` synthetic articles (the first ``small`` of the
    large corpus, then the rest), built once and kept in ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    corpus = cache / f"corpus{large}"
    if not (corpus / ".complete").exists():
        subprocess.run([*CLI, "synth", "--docs", str(large), "-o", str(corpus)], check=True, stdout=subprocess.DEVNULL)
        (corpus / ".complete").touch()
    files = sorted(p for p in corpus.glob("*.txt"))
    out = {}
    prev: Path | None = None
    for n in (small, large):
        kb = cache / f"kb{n}.db"
        if not kb.exists():
            part = cache / f"part{n}"
            shutil.rmtree(part, ignore_errors=True)
            part.mkdir()
            done = 0 if prev is None else int(prev.stem.removeprefix("kb"))
            for f in files[done:n]:
                (part / f.name).symlink_to(f)
            tmp = kb.with_suffix(".building")
            if prev is not None:
                shutil.copy(prev, tmp)
            print(f"building a {n}-article knowledge base in {kb} (once) …", flush=True)
            t = time.perf_counter()
            subprocess.run([*CLI, "ingest", str(part), "--db", str(tmp)], check=True, stdout=subprocess.DEVNULL)
            print(f"  built in {time.perf_counter() - t:.0f} s", flush=True)
            tmp.replace(kb)
            shutil.rmtree(part)
        store = Store(str(kb))  # migrated and resolution index built once (no-op when already there)
        store.resolve()
        store.close()
        out[n] = kb
        prev = kb
    return out


def measure(kb: Path, adds: int, work: Path, settings: Settings) -> tuple[list[float], list[float]]:
    """(ms per added article, ms of its resolution step) for ``adds`` articles added one at a time."""
    db = work / kb.name
    for suffix in ("", "-wal"):
        if Path(f"{kb}{suffix}").exists():
            shutil.copy(f"{kb}{suffix}", f"{db}{suffix}")
    store = Store(str(db))
    store.resolve()  # nothing to do: the copy is resolved
    articles = work / f"new-{kb.stem}"
    articles.mkdir()
    total, resolve_ms = [], []
    original = store.resolve

    def timed_resolve(*, full: bool = False) -> dict[str, int]:
        t = time.perf_counter()
        try:
            return original(full=full)
        finally:
            resolve_ms.append((time.perf_counter() - t) * 1000)

    store.resolve = timed_resolve  # type: ignore[method-assign]
    for i, (name, text) in enumerate(generate(adds, seed=977)):
        path = articles / f"new-{i:03d}-{name}"
        path.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        report = ingest([str(path)], settings, store)
        total.append((time.perf_counter() - t) * 1000)
        assert report.new == 1, report
    store.close()
    return total, resolve_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10_000)
    ap.add_argument("--adds", type=int, default=20)
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get(
        "ALLIANCEGRAPH_BENCH_CACHE", Path.home() / ".cache" / "alliancegraph" / "bench-incremental")))
    args = ap.parse_args()
    kbs = build(args.cache, args.small, args.large)
    settings = Settings.load()
    load_nlp(settings.spacy_model)  # loaded once, as a long-running watch process has it
    results = {}
    with tempfile.TemporaryDirectory(prefix="ag-incr-") as tmp:
        for n, kb in kbs.items():
            total, res = measure(kb, args.adds, Path(tmp), settings)
            results[n] = statistics.median(total)
            print(f"{n:>6} articles: add median {statistics.median(total):7.1f} ms  max {max(total):7.1f} ms  "
                  f"(resolution median {statistics.median(res):6.1f} ms  max {max(res):6.1f} ms)", flush=True)
    small, large = results[args.small], results[args.large]
    print(f"add_ms_1k={small:.0f} add_ms_10k={large:.0f} growth={large / small:.2f}")


if __name__ == "__main__":
    main()
