"""Name folding shared by every stage (core module: imports nothing of ours).

    fold_quotes("Kazakhstan’s")          -> "Kazakhstan's"
    fold_name("“Steppe-Eagle” (2024)")   -> "steppe eagle 2024"
    slug("Zhambyl Region")               -> "zhambyl-region"
"""

from __future__ import annotations

import re

from anyascii import anyascii


def fold_quotes(s: str) -> str:
    """Typographic apostrophe to ASCII, so "Kazakhstan’s" and "Kazakhstan's" look alike."""
    return s.replace("’", "'")


def fold_name(s: str) -> str:
    """Case-, quote-, punctuation- and hyphen-insensitive key for names."""
    s = fold_quotes(s).casefold()
    s = re.sub(r"[\"'`´‘’“”«»()\[\]]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def slug(s: str) -> str:
    """ASCII, lower-case, hyphen-joined identifier part."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(s).lower()).strip("-")
