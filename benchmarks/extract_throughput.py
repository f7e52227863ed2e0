"""Words per second of the whole pipeline (spaCy + our components + every extractor) against
bare ``nlp.pipe`` of the same model on the same texts, measured in the same run.

    python benchmarks/extract_throughput.py [--repeat N] [FOLDER | FILE.jsonl]
    python benchmarks/extract_throughput.py ../shared/eval/challenge/docs.jsonl

Texts: the ``*.txt`` of FOLDER or the ``text`` of each line of a JSON Lines file; by default
the seed articles in ../shared/seeds when present, else the demo corpus; repeated N times.
Target: ratio >= 0.7. The last line is ``ratio=0.XX pipeline_wps=N bare_wps=N``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from importlib import resources
from pathlib import Path

import spacy

from alliancegraph.config import Settings
from alliancegraph.extract import extract_document
from alliancegraph.ingest.reader import make_document
from alliancegraph.nlp import load_nlp, sentences_of

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path | None) -> list[str]:
    if path is None:
        seeds = ROOT.parent / "shared" / "seeds"
        path = seeds if seeds.is_dir() else Path(str(resources.files("alliancegraph.data") / "demo"))
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["text"] for line in lines if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, help="a folder of .txt files or a .jsonl file")
    ap.add_argument("--repeat", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = corpus(args.folder) * args.repeat
    words = sum(len(t.split()) for t in texts)
    settings = Settings.load()
    bare = spacy.load(settings.spacy_model)
    ours = load_nlp(settings.spacy_model)
    docs = [make_document(t, f"bench-{i}.txt") for i, t in enumerate(texts)]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=settings.batch_size):
            pass

    def run_pipeline() -> None:
        for d, sd in zip(docs, ours.pipe(texts, batch_size=settings.batch_size), strict=True):
            d.sentences = sentences_of(sd)
            extract_document(d, sd)

    run_bare()
    run_pipeline()  # warm up: caches, gazetteer
    bare_t, pipe_t = [], []
    for _ in range(args.rounds):  # interleaved so both see the same machine load
        t = time.perf_counter()
        run_bare()
        bare_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        run_pipeline()
        pipe_t.append(time.perf_counter() - t)
    bare_wps = words / statistics.median(bare_t)
    pipe_wps = words / statistics.median(pipe_t)
    print(f"texts={len(texts)} words={words} rounds={args.rounds}")
    print(f"ratio={pipe_wps / bare_wps:.2f} pipeline_wps={pipe_wps:.0f} bare_wps={bare_wps:.0f}")


if __name__ == "__main__":
    main()
