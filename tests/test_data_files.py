"""Consistency checks for the domain data files in ``alliancegraph/data`` (stdlib only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "alliancegraph" / "data"
FILES = ["countries", "organizations", "forces", "exercise_series", "places"]
SERIES_KINDS = {"command-staff", "field", "naval", "air defence", "peacekeeping", "counter-terrorism", "mixed", None}
BLOCS = {"CSTO", "NATO", "SCO", None}


def _load(name: str) -> dict:
    with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    return _load("countries")["countries"]


@pytest.fixture(scope="module")
def country_names(countries: list[dict]) -> set[str]:
    return {c["name"] for c in countries}


@pytest.fixture(scope="module")
def organizations() -> list[dict]:
    return _load("organizations")["organizations"]


@pytest.mark.parametrize("name", FILES)
def test_source_present(name: str) -> None:
    data = _load(name)
    assert isinstance(data.get("_source"), str) and data["_source"].strip()


def test_country_names_and_codes_unique(countries: list[dict]) -> None:
    for field in ("name", "iso2", "iso3"):
        values = [c[field] for c in countries]
        assert len(values) == len(set(values)), f"duplicate {field}"
    for c in countries:
        assert len(c["iso2"]) == 2 and len(c["iso3"]) == 3, c["name"]
        assert -90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180, c["name"]
        assert c["capitals"], c["name"]


def test_country_surface_forms_unambiguous(countries: list[dict]) -> None:
    owner: dict[str, str] = {}
    for c in countries:
        forms = [c["name"], *c["aliases"], *c["demonyms"]]
        for form in forms:
            k = _key(form)
            assert owner.get(k, c["name"]) == c["name"], f"{form!r}: {owner.get(k)} vs {c['name']}"
            owner[k] = c["name"]
    ambiguous = {_key(d) for c in countries for d in c.get("ambiguous_demonyms", [])}
    clash = ambiguous & owner.keys()
    assert not clash, f"ambiguous demonyms also mapped to a single country: {sorted(clash)}"


def test_capitals_unambiguous(countries: list[dict]) -> None:
    owner: dict[str, str] = {}
    for c in countries:
        for cap in [*c["capitals"], *c.get("former_capitals", [])]:
            k = _key(cap)
            assert owner.get(k, c["name"]) == c["name"], f"{cap!r}: {owner.get(k)} vs {c['name']}"
            owner[k] = c["name"]


def test_key_common_names(country_names: set[str]) -> None:
    for name in ("Russia", "Iran", "Türkiye", "United States", "United Kingdom", "South Korea", "North Korea",
                 "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan", "Belarus", "Czechia",
                 "Côte d'Ivoire", "Vietnam", "Laos", "Kosovo", "Taiwan", "Palestine", "Western Sahara"):
        assert name in country_names, name
    assert len(country_names) >= 198


def test_organizations_reference_known_countries(organizations: list[dict], country_names: set[str]) -> None:
    acronyms = [o["acronym"] for o in organizations]
    assert len(acronyms) == len(set(acronyms))
    for org in organizations:
        assert org["bloc"] in BLOCS, org["acronym"]
        for group in ("members", "observers", "dialogue_partners", "associate_members"):
            for entry in org.get(group, []):
                assert entry["country"] in country_names, f"{org['acronym']}.{group}: {entry['country']}"
                if entry["from"] is not None and entry["to"] is not None:
                    assert entry["from"] <= entry["to"], (org["acronym"], entry)
    by_acr = {o["acronym"]: o for o in organizations}
    nato = {m["country"] for m in by_acr["NATO"]["members"] if m["to"] is None}
    assert {"Finland", "Sweden", "Türkiye", "United States"} <= nato and len(nato) == 32


def test_forces_reference_known_entities(organizations: list[dict], country_names: set[str]) -> None:
    acronyms = {o["acronym"] for o in organizations}
    owner: dict[str, str] = {}
    for force in _load("forces")["forces"]:
        assert force["name"].strip()
        assert force["organization"] in acronyms or force["organization"] is None, force["name"]
        if force.get("country") is not None:
            assert force["country"] in country_names, force["name"]
        for form in [force["name"], force.get("acronym") or "", *force["aliases"]]:
            if not form:
                continue
            k = _key(form)
            assert owner.get(k, force["name"]) == force["name"], f"{form!r} used by two forces"
            owner[k] = force["name"]


def test_series_well_formed(organizations: list[dict]) -> None:
    acronyms = {o["acronym"] for o in organizations}
    series = _load("exercise_series")["series"]
    assert series
    for s in series:
        assert isinstance(s["name"], str) and s["name"].strip()
        assert isinstance(s["aliases"], list) and s["aliases"], s["name"]
        assert all(isinstance(a, str) and a.strip() for a in s["aliases"]), s["name"]
        assert s["kind"] in SERIES_KINDS, s["name"]
        assert s["organizer"] in acronyms or s["organizer"] is None, s["name"]
    names = [_key(s["name"]) for s in series]
    assert len(names) == len(set(names))


def test_series_names_and_aliases_name_one_series() -> None:
    """A name or alias (as the gazetteer folds it) belongs to one series: else one spelling in a
    text would stand for two series and the gazetteer would pick one silently."""
    from alliancegraph.text import fold_name

    owner: dict[str, str] = {}
    clashes = []
    for s in _load("exercise_series")["series"]:
        for form in {fold_name(f) for f in [s["name"], *s["aliases"]]}:
            if owner.setdefault(form, s["name"]) != s["name"]:
                clashes.append(f"{form!r}: {owner[form]} and {s['name']}")
    assert not clashes, clashes


def test_places_reference_known_countries(country_names: set[str]) -> None:
    places = _load("places")["places"]
    assert places
    seen: set[tuple[str, str | None]] = set()
    for p in places:
        assert p["name"].strip() and p["kind"]
        assert p["country"] is None or p["country"] in country_names, p["name"]
        key = (_key(p["name"]), p["country"])
        assert key not in seen, p["name"]
        seen.add(key)
