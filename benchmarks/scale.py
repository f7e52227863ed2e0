"""Scale-out in one run: docs/s in a single process and on a Dask LocalCluster with 2
workers (their ratio), peak memory ingesting 10,000 documents, and docs/s at 1,000 and at
10,000 documents (linearity).

    python benchmarks/scale.py [--small 1000] [--large 10000]

Each ingest is the real CLI in a subprocess on a fresh SQLite file, over a corpus written
by ``alliancegraph synth``; memory is the peak resident set of that process and its Dask
workers, sampled every 0.2 s. Rates leave out the fixed start-up cost (interpreter, model,
Dask cluster, the final resolution of a near-empty knowledge base): it is measured by ingesting a
one-document corpus the same way and subtracted, so linearity compares throughput, not how
well a fixed cost is amortised. Targets: dask_ratio >= 1.6, peak_mib < 2048, linearity within
20% of 1.0. The last line is ``dask_ratio=… peak_mib=… linearity=… startup_single_s=… startup_dask_s=…``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def ingest(corpus: Path, db: Path, dask: str | None) -> tuple[float, float]:
    """(seconds, peak MiB of the process tree)."""
    cmd = [sys.executable, "-m", "alliancegraph.cli", "ingest", str(corpus), "--db", str(db)]
    if dask:
        cmd += ["--dask", dask]
    t = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    return elapsed, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10_000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ag-scale-"))
    for n in (1, args.small, args.large):
        subprocess.run([sys.executable, "-m", "alliancegraph.cli", "synth", "--docs", str(n), "-o",
                        str(work / f"c{n}")], check=True, stdout=subprocess.DEVNULL)
    small = work / f"c{args.small}"
    startup_single, _ = ingest(work / "c1", work / "startup-single.db", None)
    startup_dask, _ = ingest(work / "c1", work / "startup-dask.db", "local:2")
    t_single, _ = ingest(small, work / "single.db", None)
    t_dask, _ = ingest(small, work / "dask.db", "local:2")
    t_large, peak = ingest(work / f"c{args.large}", work / "large.db", "local:2")

    def rate(n: int, seconds: float, startup: float) -> float:
        return (n - 1) / max(seconds - startup, 1e-9)

    single_dps = rate(args.small, t_single, startup_single)
    dask_dps = rate(args.small, t_dask, startup_dask)
    large_dps = rate(args.large, t_large, startup_dask)
    print(f"start-up (one-document ingest): single {startup_single:.1f} s, dask local:2 {startup_dask:.1f} s")
    print(f"single process, {args.small} docs: {t_single:.1f} s, {single_dps:.1f} docs/s after start-up")
    print(f"dask local:2,  {args.small} docs: {t_dask:.1f} s, {dask_dps:.1f} docs/s after start-up")
    print(f"dask local:2, {args.large} docs: {t_large:.1f} s, {large_dps:.1f} docs/s after start-up, "
          f"peak {peak:.0f} MiB (process + workers)")
    print(f"dask_ratio={dask_dps / single_dps:.2f} peak_mib={peak:.0f} linearity={large_dps / dask_dps:.2f} "
          f"startup_single_s={startup_single:.1f} startup_dask_s={startup_dask:.1f}")


if __name__ == "__main__":
    main()
