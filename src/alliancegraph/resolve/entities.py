"""Canonical names of entities: what the gazetteer calls them, or the fullest form the
documents use (people), with every other spelling seen kept as an alias."""

from __future__ import annotations

import pycountry

from ..extract.mentions import entity_type
from ..nlp.gazetteer import gazetteer
from ..text import slug


def name_entity(eid: str, forms: list[str]) -> tuple[str, str, list[str]]:
    """(type, canonical name, aliases) of an entity from the surface forms of its mentions."""
    gaz = gazetteer()
    kind, key = eid.split(":", 1)
    name = ""
    extra: list[str] = []
    if kind == "country":
        c = next((c for c in gaz.country.values() if c.get("iso2") == key or slug(c["name"]) == key), None)
        if c:
            name, extra = c["name"], [*c.get("aliases", []), *c.get("demonyms", [])]
            iso = pycountry.countries.get(alpha_2=key)  # ISO 3166 names as aliases
            if iso is not None:
                extra += [x for x in (iso.name, getattr(iso, "official_name", None), iso.alpha_3) if x]
    elif kind == "org" and key in gaz.orgs:
        o = gaz.orgs[key]
        name, extra = o["acronym"], [o["name"], *o.get("aliases", [])]
    elif kind == "force":
        f = next((f for f in gaz.forces.values() if slug(f["name"]) == key), None)
        if f:
            name, extra = f["name"], [x for x in (f.get("acronym"), *f.get("aliases", [])) if x]
    elif kind == "series":
        s = next((s for s in gaz.series.values() if slug(s["name"]) == key), None)
        if s:
            name, extra = s["name"], list(s.get("aliases", []))
    elif kind == "place":
        p = next((p for p in gaz.places.values() if slug(p["name"]) == key), None)
        if p:
            name, extra = p["name"], list(p.get("aliases", []))
    if not name and kind == "series" and forms:
        name = forms[0]  # the edition records' name comes first
    if not name:
        name = max(forms, key=lambda f: (len(f.split()), len(f))) if forms else key
    aliases = sorted({x for x in [*forms, *extra] if x and x != name})
    return entity_type(eid), name, aliases
