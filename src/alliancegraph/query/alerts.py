"""Alerts: rules such as "a new or changed exercise or deployment involving Kazakhstan" or "an
agreement with the CSTO", checked against the journal of records that resolution created or
changed. Each rule fires once per version of a matching record; matches are stored (the
``alerts`` table), shown at ``/whats-new``, served as an Atom feed (``/alerts.atom``) and
printed as JSON lines by ``alliancegraph watch`` and ``alliancegraph alerts check``."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..models import PLURALS, RECORD_TYPES, record_from_dict, record_type
from ..nlp.gazetteer import gazetteer
from ..store import Store
from ..store import watch as state
from ..store.facts import countries_of, haystack, orgs_of
from ..text import fold_name
from .views import canonical_country, summary

ATOM = "http://www.w3.org/2005/Atom"


class RuleError(ValueError):
    """A rule that cannot match anything; the message says what to change."""


def make_rule(store: Store, *, name: str | None = None, types: list[str] | None = None, country: str | None = None,
              organization: str | None = None, words: str | None = None, on_changed: bool = True) -> dict[str, Any]:
    """Check and store a rule. Types are record types or their plurals (exercise, deployments …)."""
    kinds = []
    for t in types or []:
        kind = PLURALS.get(t, t)
        if kind not in RECORD_TYPES:
            raise RuleError(f"unknown record type {t!r}; choose from {', '.join(RECORD_TYPES)}")
        kinds.append(kind)
    if country:
        canon = canonical_country(country)
        if canon not in gazetteer().country:
            raise RuleError(f"{country!r} is not a country name the knowledge base knows "
                            "(e.g. Kazakhstan, Türkiye, United States)")
        country = canon
    if organization:
        org = organization.upper()
        if org not in gazetteer().orgs:
            raise RuleError(f"{organization!r} is not an organization acronym the knowledge base knows "
                            f"(e.g. {', '.join(sorted(gazetteer().orgs)[:6])})")
        organization = org
    if not (kinds or country or organization or (words and words.strip())):
        raise RuleError("a rule needs at least one of --type, --country, --organization or --words")
    label = name or " ".join(x for x in (
        "new" + (" or changed" if on_changed else ""), "/".join(kinds) or "record",
        f"involving {country}" if country else "", f"with {organization}" if organization else "",
        f"mentioning {words!r}" if words else "") if x)
    return state.add_rule(store, name=label, types=kinds, country=country, organization=organization,
                          words=words.strip() if words else None, on_changed=on_changed)


def matches(rule: dict[str, Any], data: dict[str, Any]) -> bool:
    rec = record_from_dict(data)
    if rule["types"] and record_type(rec) not in rule["types"]:
        return False
    if rule["country"] and rule["country"] not in countries_of(rec):
        return False
    if rule["organization"] and rule["organization"] not in orgs_of(rec):
        return False
    if rule["words"]:
        hay = haystack(rec)
        if not all(w in hay for w in fold_name(rule["words"]).split()):
            return False
    return True


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def check(store: Store, emit: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Run every rule over the records created or changed since it last looked; store and
    return the new alerts (and hand each to ``emit``)."""
    fired: list[dict[str, Any]] = []
    for rule in state.rules(store):
        upto = rule["checked_upto"]
        while True:
            changes, data = state.changes_after(store, upto)
            if not changes:
                break
            kind: dict[str, str] = {}
            for _, rid, change in changes:
                if change == "removed" or rid not in data:
                    continue
                kind[rid] = "new" if change == "new" or kind.get(rid) == "new" else "changed"
            now = datetime.now(UTC).replace(tzinfo=None)
            found = []
            for rid, change in kind.items():
                if change == "changed" and not rule["on_changed"]:
                    continue
                if not matches(rule, data[rid]):
                    continue
                rec = record_from_dict(data[rid])
                found.append({"record_id": rid, "change": change, "fingerprint": fingerprint(data[rid]),
                              "title": rec.title(), "summary": _jsonable(summary(rec)), "created_at": now})
            upto = changes[-1][0]
            stored = state.save_alerts(store, rule["id"], found, upto)
            for a in stored:
                if emit is not None:
                    emit(a)
            fired += stored
    return fired


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(d, default=str))


def alert_line(a: dict[str, Any]) -> str:
    """One alert as a JSON line for scripts."""
    return json.dumps({"alert": a["id"], "rule": a["rule_name"], "change": a["change"], "record": a["record"],
                       "title": a["title"], "at": a["at"], "type": a["record_summary"].get("type"),
                       "year": a["record_summary"].get("year"), "sources": a["record_summary"].get("sources", [])},
                      ensure_ascii=False)


def atom_feed(alerts: list[dict[str, Any]], base_url: str) -> bytes:
    """An Atom 1.0 document of alerts, newest first, each linking to its record page."""
    ET.register_namespace("", ATOM)
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base}/alerts.atom"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "alliancegraph alerts"
    updated = alerts[0]["at"] if alerts else datetime(1970, 1, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/alerts.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/whats-new")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "alliancegraph"
    for a in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{base}/alerts/{a['id']}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{a['change']}: {a['title']}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = a["at"]
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/records/{a['record']}")
        ET.SubElement(entry, f"{{{ATOM}}}category", term=a["rule_name"])
        s = a["record_summary"]
        year = f" ({s['year']})" if s.get("year") else ""
        sources = ", ".join(s.get("sources", []))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = (
            f"Rule “{a['rule_name']}”: {a['change']} {s.get('type', 'record')} {a['title']}{year}; "
            f"sources: {sources}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
