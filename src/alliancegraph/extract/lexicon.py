"""Cue words the extractors read: speech verbs, agreement heads, deployment nouns, ranks and
titles, participation and decline cues. They live in ``data/cues/*.json`` (each file names its
sources), not in the extractors, so a cue is added once and every rule that reads it sees it.

    from .lexicon import cue_words, cue_pattern
    SAY = cue_pattern("quotes", "speech_verbs")      # "said|told|stated|…" (longest first)
"""

from __future__ import annotations

import re
from functools import cache

from .. import data


@cache
def cues(name: str) -> dict[str, object]:
    """The cue file ``data/cues/<name>.json``."""
    return data.load(f"cues/{name}")


def cue_words(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of cue file ``name``."""
    words = cues(name)[key]
    if not isinstance(words, list):
        raise TypeError(f"data/cues/{name}.json: {key!r} is not a list")
    return tuple(str(w) for w in words)


@cache
def cue_pattern(name: str, key: str) -> str:
    """A regex alternation of the cue list (longest first, spaces match any whitespace, entries
    are literal text unless the file marks the list as regex with ``"<key>_regex": true``)."""
    words = sorted(cue_words(name, key), key=len, reverse=True)
    literal = not cues(name).get(f"{key}_regex", False)
    alts = [re.escape(w).replace(r"\ ", r"\s+") if literal else w for w in words]
    return "|".join(alts)
