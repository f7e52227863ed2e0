"""The seed articles are other people's writing: no comment or docstring of the package repeats
their phrasing (five words in a row, three of them not function words, that are not just a
proper name such as a treaty's). Real names and generic phrases are fine; invented examples are
what comments use."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from conftest import ROOT, SEEDS, require_shared

N = 5
FUNCTION_WORDS = set("a an and are as at be been by for from has have he her his in into is it its of on or "
                     "that the their they this to was were which will with".split())
WORD = re.compile(r"[\w’'-]+")


def _comment_texts(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens
            if t.type == tokenize.COMMENT or (t.type == tokenize.STRING and t.string.lstrip("rbuRBU")[:3] in
                                                ('"""', "'''"))]


def test_no_seed_phrases_in_comments() -> None:
    require_shared(SEEDS)
    seed_words = [w.lower() for p in sorted(SEEDS.glob("*")) for w in WORD.findall(p.read_text(encoding="utf-8"))]
    seed_grams = {tuple(seed_words[i:i + N]) for i in range(len(seed_words) - N + 1)}
    found = []
    for path in sorted((ROOT / "src" / "alliancegraph").rglob("*.py")):
        for line, text in _comment_texts(path):
            words = WORD.findall(text)
            for i in range(len(words) - N + 1):
                gram = words[i:i + N]
                content = [w for w in gram if w.lower() not in FUNCTION_WORDS]
                if len(content) < 3 or all(w[0].isupper() for w in content):
                    continue
                if tuple(w.lower() for w in gram) in seed_grams:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {' '.join(gram)}")
    assert not found, "phrases of the seed articles in comments (use invented examples):\n" + "\n".join(found)
