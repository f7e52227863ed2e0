"""Synthetic corpora for scale tests, varied from the demo corpus: every article comes out
with its years shifted, its countries swapped for others, exercise names renamed and figures
scaled, so that a large corpus holds many distinct records rather than copies. Deterministic
for a seed."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from ..nlp.gazetteer import gazetteer

ADJ = ["Basalt", "Prairie", "Falcon", "Obsidian", "Northern", "Iron", "Silver", "Eastern", "Thunder", "Harbor",
       "Summit", "Arrow", "Cedar", "Polar", "Desert", "Coastal", "Mountain", "Golden", "Southern", "Swift"]
NOUN = ["Shield", "Guard", "Watch", "Response", "Resolve", "Partner", "Bridge", "Storm", "Sentinel", "Union",
        "Accord", "Horizon", "Lance", "Compass", "Anchor", "Beacon"]
POOL = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Mongolia", "Armenia", "Belarus", "Georgia",
        "Azerbaijan", "Türkiye", "India", "Pakistan", "China", "Russia", "United States", "United Kingdom", "France",
        "Germany", "Poland", "Norway", "Sweden", "Finland", "Estonia", "Latvia", "Lithuania", "Japan", "Thailand",
        "Indonesia", "Australia", "Canada", "Italy", "Spain", "Romania", "Bulgaria", "Serbia", "Iran", "Egypt"]


def demo_texts() -> list[tuple[str, str]]:
    folder = Path(str(resources.files("alliancegraph.data") / "demo"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def vary(text: str, rng: random.Random) -> str:
    gaz = gazetteer()
    shift = rng.randint(-12, 2)
    text = re.sub(r"(?<![\d.])((?:19|20)\d\d)(?![\d])", lambda m: str(int(m.group(1)) + shift), text)
    swap = dict(zip(POOL, rng.sample(POOL, len(POOL)), strict=True))
    names = sorted((c for c in swap if c in text), key=len, reverse=True)
    if names:
        text = re.sub(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", lambda m: swap[m.group(1)], text)
    renamed: dict[str, str] = {}
    for s in gaz.series.values():
        for alias in (s["name"], *s.get("aliases", [])):
            if len(alias) > 3 and alias in text:
                new = renamed.setdefault(s["name"], f"{rng.choice(ADJ)} {rng.choice(NOUN)}")
                text = re.sub(rf"\b{re.escape(alias)}\b", new, text)
    factor = rng.uniform(0.5, 1.8)
    text = re.sub(r"\b(\d{1,3}(?:,\d{3})+)\b",
                  lambda m: f"{max(1, int(round(int(m.group(1).replace(',', '')) * factor, -1))):,}", text)
    return text


def generate(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """(file name, text) of ``n`` synthetic articles."""
    rng = random.Random(seed)
    base = demo_texts()
    for i in range(n):
        stem, text = base[i % len(base)]
        yield f"synth-{i:06d}-{stem[:20]}.txt", vary(text, rng) + f"\n\n(Synthetic article {i} from {stem}.)\n"


def write(n: int, out: Path, seed: int = 1) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, text in generate(n, seed):
        (out / name).write_text(text, encoding="utf-8")
        count += 1
    return count
