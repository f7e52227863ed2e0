"""Deployments: forces sent into another state's territory — who sent them, where, at whose
request, when they arrived and left, how many. Pure: DocContext in, Deployment records out.

Triggers: "sent/dispatched/deployed (N) troops to X", "missions in A, B and C" (one
deployment per host), "the arrival/deployment of ORG troops in X", "withdrew troops
from X", "military presence in X", "left X by <date>", and requests ("X appealed to ORG for
peacekeepers", "the president requested help from ORG troops"). Negated statements ("will not
send soldiers") are skipped. Mentions in one document with the same host and
compatible senders are one deployment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import DateValue, Deployment
from .context import DocContext, SentenceInfo
from .gazetteer import Hit
from .people import People

FORCE_NOUN = r"(?:troops|peacekeepers|peacekeeping\s+(?:troops|forces|contingent|battalion|company|unit)|forces|" \
             r"soldiers|servicemen|personnel|contingent|units?|battalion|brigade|company|military\s+personnel|" \
             r"peace\s+forces|marines|paratroopers)"
SEND = re.compile(r"\b(?:send(?:s|ing)?|sent|dispatch(?:es|ed|ing)?|deploy(?:s|ed|ing)?|introduc(?:e|ed|ing)|"
                  r"station(?:s|ed|ing)?|responded\s+(?:by\s+sending|with)|was\s+deployed|were\s+deployed|"
                  r"arrived\s+in|arrive\s+in|rolled\s+into|moved\s+into|entered|landed\s+in|crossed\s+into)\b", re.I)
MISSIONS = re.compile(r"\b(?:missions?|operations?)\s+in\s+", re.I)
ARRIVAL = re.compile(r"\b(?:arrival|deployment|presence|intervention|stationing)\s+of\s+(?:the\s+)?", re.I)
PRESENCE = re.compile(r"\b(?:military\s+presence|troops?\s+presence|presence)\s+in\s+", re.I)
WITHDRAW = re.compile(r"\b(?:withdr[ae]w(?:n|ing|s)?|withdrawal|pull(?:ed|ing)?\s+out|left|leave|leaving)\b", re.I)
REQUEST = re.compile(rf"\b(?:appeal(?:ed|s)?\s+to|request(?:ed|s)?|asked\s+(?:[\w’']+\s+){{0,4}}for|call(?:ed)?\s+on|"
                     rf"invit(?:ed|es))\b"
                     rf"(?=[^.;]{{0,60}}\b(?:for\s+(?:help|assistance|peacekeepers|troops)|intervention|assistance|"
                     rf"{FORCE_NOUN}))", re.I)
NEGATED = re.compile(r"\b(?:not|never|no|refus\w+|declin\w+|against)\b[^.;]{0,40}$", re.I)
HYPOTHETICAL = re.compile(r"\b(?:could|might|may|would\s+be\s+able|legal\s+basis|proposal|in\s+theory|can\s+offer)\b",
                          re.I)


@dataclass
class _Draft:
    rec: Deployment
    evidence_sentences: list[int] = field(default_factory=list)


def _main_country(ctx: DocContext) -> str | None:
    counts = Counter(h.key for s in ctx.sents for h in s.hits if h.label in ("COUNTRY", "DEMONYM"))
    return counts.most_common(1)[0][0] if counts else None


def _force_country(ctx: DocContext, h: Hit) -> str | None:
    force = ctx.gaz.forces.get(h.key, {})
    return force.get("country") or force.get("organization")


def _senders(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, Hit]]:
    """Organizations, forces' owners and countries (by name or demonym) in a span."""
    out: list[tuple[str, Hit]] = []
    text = ctx.document.text
    for h in info.hits_in(start, end, "ORG", "FORCE", "COUNTRY", "DEMONYM"):
        if re.match(r"\s+auspices", text[h.end:h.end + 10]) or re.search(r"auspices\s+of\s+(?:the\s+)?$",
                                                                         text[max(0, h.start - 25):h.start]):
            continue
        key = _force_country(ctx, h) if h.label == "FORCE" else h.key
        if key and key not in [k for k, _ in out]:
            out.append((key, h))
    return out


def _host_after(ctx: DocContext, info: SentenceInfo, pos: int, limit: int = 80) -> list[tuple[str, Hit]]:
    """The country a force goes to or leaves: "to Lebanon", "into the Gambian capital, Banjul",
    "left Kazakhstan", "in Iraq"."""
    text = ctx.document.text
    window_end = min(info.sentence.end, pos + limit)
    m = re.search(r"\b(?:to|in|into|from|on\s+the\s+territory\s+of|left|entered)\s+(?:the\s+)?", text[pos:window_end])
    if not m:
        return []
    start = pos + m.end()
    for h in info.hits_in(start, window_end, "COUNTRY", "DEMONYM", "CAPITAL", "PLACE"):
        if h.start - start >= 25:
            break
        if h.label == "COUNTRY":
            return [(h.key, h)]
        if h.label == "DEMONYM" and re.match(r"\s+(?:capital|territory|soil|border|side)\b", text[h.end:h.end + 12]):
            return [(h.key, h)]
        if h.label in ("CAPITAL", "PLACE"):
            country = (ctx.gaz.places.get(h.key) or {}).get("country") or next(
                (c["name"] for c in ctx.gaz.country.values() if h.text in c.get("capitals", [])), None)
            if country:
                return [(country, h)]
    return []


def _name(ctx: DocContext, senders: list[str], force: str | None, noun: str, un: bool) -> str:
    if force and un:
        return f"{force} UN mission"
    lead = force or next((s for s in senders if s in ctx.gaz.orgs), None) or (senders[0] if senders else "")
    if lead == "United States":
        lead = "US"
    noun = " ".join(noun.lower().split()) or "troops"
    return f"{lead} {noun}".strip()


def extract_deployments(ctx: DocContext) -> list[Deployment]:
    people = ctx.people
    drafts: list[Deployment] = []
    text = ctx.document.text
    main = _main_country(ctx)
    last_dated: DateValue | None = None
    for info in ctx.sents:
        s = info.text
        base = info.start
        found: list[Deployment] = []
        # 1. missions in A, B and C
        mm = MISSIONS.search(s)
        if mm and re.search(r"\b(?:UN|United\s+Nations|peacekeeping)\b", s[:mm.end()]):
            hosts = [h for h in info.hits_in(base + mm.end(), info.sentence.end, "COUNTRY")]
            senders = [k for k, _ in _senders(ctx, info, base, base + mm.start()) if k not in ctx.gaz.orgs]
            force = next((h.text for h in info.hits_in(base, base + mm.start(), "FORCE")), None)
            for h in hosts:
                rec = Deployment(name=_name(ctx, senders, force, "mission", True), senders=senders[:1], host=h.key)
                rec.add_evidence("", ctx.evidence(h.start, h.end, info.sentence))
                rec.add_evidence("host", ctx.evidence(h.start, h.end, info.sentence))
                found.append(rec)
        # 2. send / deploy … to X
        for m in SEND.finditer(s):
            if found and mm:
                break
            pos = base + m.start()
            before = text[max(base, pos - 50):pos]
            if NEGATED.search(before) or re.search(r"\bto\s+(?:send|deploy|dispatch)\b", s[m.start() - 3:m.end()]) \
                    and HYPOTHETICAL.search(s):
                continue
            clause_end = _clause_end(s, m.end()) + base
            after = text[base + m.end():clause_end]
            if not re.search(FORCE_NOUN, after[:80], re.I) and not re.search(FORCE_NOUN, before[-40:], re.I):
                continue
            hosts = _host_after(ctx, info, base + m.start())
            request = bool(REQUEST.search(s))
            if not hosts and not (request or re.search(r"\bresponded\b", s[:m.end()], re.I) or _requested_before(
                    ctx, info)):
                continue
            host = hosts[0][0] if hosts else (_requester_country(ctx, info) or main)
            if not host:
                continue
            forces = info.hits_in(base, pos, "FORCE")
            near = (forces[-1].start - 1) if forces else base
            senders = [k for k, h in _senders(ctx, info, near, clause_end) if k != host
                       and not (hosts and h.start >= hosts[0][1].start)]
            senders += [k for k in _anaphoric_sender(ctx, info, s[:m.start()]) if k not in senders and k != host]
            if not senders and main and main != host and re.search(
                    r"\b(?:the\s+(?:government|country|ministry|army|armed\s+forces|defen[cs]e\s+ministry))\b",
                    s[:m.start()], re.I):
                senders = [main]  # "the government dispatched …": the state the article is about
            noun = re.search(FORCE_NOUN, after[:80], re.I)
            rec = Deployment(name=_name(ctx, senders, None, noun.group(0) if noun else "troops", False),
                             senders=senders, host=host)
            ev = ctx.evidence(pos, min(clause_end, pos + 120), info.sentence)
            rec.add_evidence("", ev)
            rec.add_evidence("host", ev)
            _figures(ctx, info, rec, base, clause_end)
            found.append(rec)
            break
        # 3. arrival / deployment / presence of X troops in Y; withdrew troops from Y; left Y by D
        if not found:
            for pat in (ARRIVAL, PRESENCE):
                for m in pat.finditer(s):
                    pos = base + m.start()
                    hosts = _host_after(ctx, info, base + m.start(), 90)
                    after = s[m.end():m.end() + 60]
                    if not hosts or not re.search(FORCE_NOUN + r"|military", after + s[max(0, m.start() - 20):m.start()],
                                                  re.I):
                        continue
                    senders = [k for k, h in _senders(ctx, info, max(base, pos - 30), hosts[0][1].start)]
                    if not senders:
                        continue
                    rec = Deployment(name=_name(ctx, senders, None, "troops", False), senders=senders,
                                     host=hosts[0][0])
                    rec.add_evidence("", ctx.evidence(pos, hosts[0][1].end, info.sentence))
                    found.append(rec)
                    break
        req = REQUEST.search(s)
        if req and not found and not NEGATED.search(s[:req.start()]):
            orgs = [(k, h) for k, h in _senders(ctx, info, base, info.sentence.end) if k in ctx.gaz.orgs]
            host = _requester_country(ctx, info) or main
            if orgs and host:
                rec = Deployment(name=_name(ctx, [orgs[0][0]], None, "troops", False), senders=[orgs[0][0]], host=host)
                rec.add_evidence("", ctx.evidence(base + req.start(), info.sentence.end, info.sentence))
                found.append(rec)
        withdraw = WITHDRAW.search(s)
        if withdraw and not found:
            hosts = _host_after(ctx, info, base + withdraw.start(), 70)
            if hosts and (re.search(FORCE_NOUN, s, re.I) or "withdrawal" in withdraw.group(0).lower()):
                senders = [k for k, h in _senders(ctx, info, max(base, base + withdraw.start() - 60),
                                                   info.sentence.end) if k != hosts[0][0] and h.start < hosts[0][1].start]
                senders = senders or _anaphoric_sender(ctx, info, s[:withdraw.start()])
                known_host = any(d.host == hosts[0][0] for d in drafts)
                if senders or known_host or "withdrawal" in withdraw.group(0).lower():
                    rec = Deployment(name=_name(ctx, senders, None, "troops" if senders else "forces", False),
                                     senders=senders[:2], host=hosts[0][0])
                    ev = ctx.evidence(base + withdraw.start(), hosts[0][1].end, info.sentence)
                    rec.add_evidence("", ev)
                    c_start, c_end = _clause_around(s, withdraw.start())
                    dates = [t for t in info.times if t.kind != "range" and c_start <= t.start - base < c_end]
                    if dates:
                        rec.end = dates[-1].last
                        rec.add_evidence("end", ctx.evidence(dates[-1].start, dates[-1].end, info.sentence))
                    found.append(rec)
        # dates, requester and figures for what this sentence found
        for rec in found:
            if rec.start is None and not withdraw:
                t = _start_time(ctx, info) or (last_dated if _requested_before(ctx, info) else None)
                if t:
                    rec.start = t
            if REQUEST.search(s) or _requested_before(ctx, info):
                req = _requester(ctx, info, people) or _requester(ctx, ctx.sents[info.sentence.index - 1], people) \
                    if info.sentence.index else _requester(ctx, info, people)
                if req and rec.requested_by is None:
                    rec.requested_by = req
        drafts.extend(found)
        if info.times and REQUEST.search(s):
            last_dated = info.times[0].begin
    return _merge_within(drafts)


def _clause_end(s: str, pos: int) -> int:
    m = re.search(r"[;.]|,\s*(?:but|while|although|which)\b", s[pos:])
    return pos + m.start() if m else len(s)


def _clause_around(s: str, pos: int) -> tuple[int, int]:
    """The clause of a sentence around ``pos``: between semicolons and ", while/but/although"."""
    cut = re.compile(r";|,\s*(?:while|but|although|whereas)\b")
    start = max([m.end() for m in cut.finditer(s, 0, pos)], default=0)
    nxt = cut.search(s, pos)
    return start, nxt.start() if nxt else len(s)


def _anaphoric_sender(ctx: DocContext, info: SentenceInfo, before: str) -> list[str]:
    """"The bloc answered by sending …", "the alliance's pull-out": the organization
    named last before, in this sentence or the previous one."""
    m = None
    for m in re.finditer(r"\b(?:the\s+(?:alliance|organi[sz]ation|bloc))\b", before, re.I):
        pass
    if m is None:
        return []
    pos = info.start + m.start()
    orgs = [h.key for h in info.hits if h.label == "ORG" and h.end <= pos]
    if not orgs and info.sentence.index:
        orgs = [h.key for h in ctx.sents[info.sentence.index - 1].hits if h.label == "ORG"]
    return orgs[-1:]


def _requested_before(ctx: DocContext, info: SentenceInfo) -> bool:
    if not info.sentence.index:
        return False
    prev = ctx.sents[info.sentence.index - 1]
    return bool(REQUEST.search(prev.text) and re.search(FORCE_NOUN + r"|assistance|help", prev.text, re.I))


def _requester_country(ctx: DocContext, info: SentenceInfo) -> str | None:
    m = REQUEST.search(info.text)
    if not m:
        return None
    hits = [h for h in info.hits_in(info.start, info.start + m.start(), "COUNTRY", "DEMONYM")]
    return hits[-1].key if hits else None


def _requester(ctx: DocContext, info: SentenceInfo, people: People) -> str | None:
    m = REQUEST.search(info.text)
    if not m:
        return None
    person = people.last_before(info.start + m.start(), info.start)
    return person


def _start_time(ctx: DocContext, info: SentenceInfo) -> DateValue | None:
    for t in info.times:
        if t.begin.precision != "year" or re.search(r"\bin\s+$", info.text[:t.start - info.start]):
            return t.begin
    return None


def _figures(ctx: DocContext, info: SentenceInfo, rec: Deployment, start: int, end: int) -> None:
    for f in info.figures:
        if start <= f.start < end and f.kind == "personnel" and rec.personnel is None:
            rec.personnel = f.value
            rec.add_evidence("personnel", ctx.evidence(f.start, f.end, info.sentence))


def _compatible(a: Deployment, b: Deployment) -> bool:
    if a.host != b.host:
        return False
    if a.senders and b.senders and not set(a.senders) & set(b.senders):
        return False
    return not (a.start and b.start and a.start.year != b.start.year)


def _merge_within(drafts: list[Deployment]) -> list[Deployment]:
    out: list[Deployment] = []
    for d in drafts:
        target = next((o for o in out if _compatible(o, d)), None)
        if target is None:
            out.append(d)
            continue
        merge_deployment(target, d)
    return out


def merge_deployment(target: Deployment, other: Deployment) -> None:
    name = other.name if len(other.name) > len(target.name) and "UN mission" not in target.name else target.name
    target.absorb(other)
    target.name = name


__all__ = ["extract_deployments", "merge_deployment"]
