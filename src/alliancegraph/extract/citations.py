"""Citations in parentheses: "(Reuters, June 12)", "(TASS, March 2; Kun.uz, March 4)",
"(Defence Ledger, March 14, 2019)" → outlet and date, resolved against the publication
date (a citation is never later than the article). Pure."""

from __future__ import annotations

import re

from ..models import Citation
from .context import DocContext
from .temporal import find_time

_PAREN = re.compile(r"\(([^()]{3,200})\)")
_PART = re.compile(r"^\s*(?:see\s+)?(?P<outlet>[^,;]{2,60}?),\s*(?P<date>[^;]{3,40})$")


def extract_citations(ctx: DocContext) -> list[Citation]:
    out: list[Citation] = []
    text = ctx.document.text
    for info in ctx.sents:
        for m in _PAREN.finditer(info.text):
            pos = info.start + m.start(1)
            for part in m.group(1).split(";"):
                pm = _PART.match(part)
                if pm:
                    times = find_time(pm.group("date"), ctx.published, "past")
                    if times and times[0].start == 0 and times[0].end >= len(pm.group("date").strip()) - 1:
                        outlet = pm.group("outlet").strip()
                        start = text.find(outlet, pos)
                        c = Citation(outlet=outlet, date=times[0].begin)
                        c.add_evidence("", ctx.evidence(start, start + len(part.strip()), info.sentence))
                        out.append(c)
                pos += len(part) + 1
    return out
