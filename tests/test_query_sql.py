"""Selections, facets, index counts and vectors answered by SQL over the query tables give the
same answers as filtering every record in Python (how the web app answered before), on the demo
corpus, on SQLite and PostgreSQL; the query tables stay in step through incremental resolution,
a migration from a knowledge base without them, and dump/restore."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from alliancegraph.models import Record, record_type
from alliancegraph.nlp.gazetteer import gazetteer
from alliancegraph.query import explore
from alliancegraph.query.selection import Selection
from alliancegraph.query.vectors import engagements, evidence_of, vectors
from alliancegraph.query.views import Views, canonical_country
from alliancegraph.store import Store
from alliancegraph.store.facts import countries_of, haystack, orgs_of, rebuild_facts
from alliancegraph.store.schema import RecordActorRow, RecordFactRow
from alliancegraph.text import fold_name
from conftest import DEMO


# -- the Python answers: every record filtered in memory ------------------------------------------
def py_select(records: list[Record], type_: str | None = None, *, country: str | None = None,
              organization: str | None = None, year_from: int | None = None, year_to: int | None = None,
              text: str | None = None, status: str | None = None) -> list[Record]:
    c = canonical_country(country) if country else None
    org = next((k for k in gazetteer().orgs if k.lower() == organization.lower()), organization.upper()
               ) if organization else None
    words = fold_name(text).split() if text else []
    if text and text.strip() and not words:
        return []
    out = []
    for r in records:
        y = r.when()
        if ((type_ and record_type(r) != type_) or (c and c not in countries_of(r))
                or (org and org not in orgs_of(r)) or (status and getattr(r, "status", None) != status)
                or any(w not in haystack(r) for w in words)
                or ((year_from is not None or year_to is not None) and y is None)
                or (year_from is not None and y < year_from) or (year_to is not None and y > year_to)):  # type: ignore[operator]
            continue
        out.append(r)
    return out


def py_listed(records: list[Record], sel: Selection) -> list[Record]:
    return [r for r in py_select(records, sel.type, **sel.filters()) if record_type(r) in explore.LISTED_TYPES]


def bump(d: dict[str, int], k: str) -> None:
    d[k] = d.get(k, 0) + 1


def ranked(d: dict[str, int]) -> dict[str, int]:
    return dict(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture
def demo_store(cli, backend: str) -> Store:
    res = cli("ingest", str(DEMO), "--db", backend)
    assert res.exit_code == 0, res.output
    return Store(backend)


def selections(records: list[Record]) -> list[Selection]:
    countries = sorted({c for r in records for c in countries_of(r)})
    orgs = sorted({o for r in records for o in orgs_of(r)})
    words = ["baltops", "alt", "ex", "a", "nato exercise", "KAZAKH", "zz-no-such", "%", "_", "2024", "forces the",
             "ltop", "stan", "xerci ussi", "ab", "ise a"]
    years = sorted({y for r in records if (y := r.when()) is not None})
    out = [Selection(), *(Selection(type=t) for t in explore.LISTED_TYPES),
           *(Selection(country=c) for c in countries), Selection(country="Kazakh"), Selection(country="Nowhere"),
           *(Selection(organization=o) for o in orgs), Selection(organization="nato"),
           *(Selection(status=s) for s in ("planned", "under way", "held", "cancelled")),
           *(Selection(q=w) for w in words),
           Selection(year_from=years[len(years) // 2]), Selection(year_to=years[len(years) // 2]),
           Selection(year_from=years[1], year_to=years[-2]), Selection(year_from=2999),
           Selection(type="exercise", country=countries[0], q="e", year_from=years[0])]
    return out


def test_query_sql_answers_as_python_does(demo_store: Store) -> None:
    store = demo_store
    views = Views(store)
    records = store.records()
    assert len(records) > 50  # a real knowledge base
    sels = selections(records)
    assert len(sels) > 40
    by_id = {r.id: r for r in records}
    for sel in sels:
        want = [r.id for r in py_listed(records, sel)]
        assert explore.select_ids(views, sel) == want, sel
        # the cards are the records without their evidence: every read model built from them is the same
        assert explore.select(views, sel) == [dataclasses.replace(by_id[i], evidence={}) for i in want], sel
        for kind in (None, "citation", *explore.LISTED_TYPES):
            assert views.ids(kind, **sel.filters()) == [r.id for r in py_select(records, kind, **sel.filters())]
    assert any(explore.select_ids(views, sel) for sel in sels[1:]) and not explore.select_ids(views, Selection(q="%"))

    # search facets and totals
    for w in ["baltops", "a", "exercise", "russia", "nato"]:
        sel = Selection(q=w)
        recs = py_listed(records, sel)
        facets: dict[str, dict[str, int]] = {"type": {}, "country": {}, "organization": {}, "year": {}}
        for r in recs:
            bump(facets["type"], record_type(r))
            for c in countries_of(r):
                bump(facets["country"], c)
            for o in orgs_of(r):
                bump(facets["organization"], o)
            if r.when() is not None:
                bump(facets["year"], str(r.when()))
        res = explore.search(views, sel, limit=10)
        assert res["total"] == len(recs) and [x["id"] for x in res["records"]] == [r.id for r in recs[:10]]
        assert res["facets"] == {k: ranked(v) for k, v in facets.items()}, w
    assert explore.search(views, Selection(q="a"))["total"] > 10  # the facets counted more than a page

    # index pages: countries, organizations, documents, disputes; the map
    for sel in [Selection(), Selection(type="exercise"), Selection(year_from=2020), Selection(q="sea")]:
        rows: dict[str, dict[str, Any]] = {}
        for r in py_listed(records, sel.without("country")):
            for c in countries_of(r):
                rows.setdefault(c, {"name": c, "exercise": 0, "deployment": 0, "agreement": 0, "quote": 0,
                                    "blocs": gazetteer().bloc_of(c, None)})[record_type(r)] += 1
        assert explore.countries(views, sel) == sorted(
            rows.values(), key=lambda e: (-(e["exercise"] + e["deployment"] + e["agreement"]), e["name"]))
        counts: dict[str, int] = {}
        for r in py_listed(records, sel):
            for s in r.sources:
                bump(counts, s)
        assert {d["id"]: d["records"] for d in explore.documents(views, sel) if d["records"]} == counts
        assert [d["record"] for d in explore.disputes(views, sel)] == [
            r.id for r in py_listed(records, sel) for _ in r.disputes]
        listed = [r for r in py_listed(records, sel) if record_type(r) != "quote"]
        points = explore.map_points(views, sel)
        assert [p["id"] for p in points["points"]] == [r.id for r in listed if explore.place_of(r)]
        assert points["unplaced"] == sum(1 for r in listed if explore.place_of(r) is None)
        org = explore.organization(views, sel, "NATO")
        mine = [r for r in py_listed(records, sel.without("organization")) if "NATO" in orgs_of(r)]
        assert org["totals"] == {t: sum(1 for r in mine if record_type(r) == t) for t in explore.LISTED_TYPES}
        assert [x["id"] for t in explore.LISTED_TYPES for x in org["records"][t]] == [
            r.id for t in explore.LISTED_TYPES for r in mine if record_type(r) == t]
    org_counts: dict[str, int] = {}
    for r in records:
        for o in orgs_of(r):
            bump(org_counts, o)
    assert {o["acronym"]: o["records"] for o in explore.organizations(views) if o["records"]} == org_counts

    # vectors: the CLI's (records in full, with evidence) and the API's (cards), against every record
    names = {d.id: d.name for d in store.documents()}
    countries = sorted({c for r in records for c in countries_of(r)})
    for c in countries:
        assert vectors(store, c) == engagements(records, c, doc_names=names), c
        for y0, y1 in ((2018, 2022), (None, 2015), (2024, None)):
            assert vectors(store, c, y0, y1) == engagements(records, c, y0, y1, names), (c, y0, y1)
    assert sum(vectors(store, c)["totals"]["other"] + vectors(store, c)["totals"]["NATO"] for c in countries) > 0


def test_query_sql_api_vectors_and_timeline_match_python(demo_store: Store) -> None:
    from alliancegraph.web import create_app
    from conftest import web_client

    records = demo_store.records()
    client = web_client(create_app(demo_store))
    for c in ("Kazakhstan", "Russia", "Poland", "United States"):
        got = client.get(f"/api/vectors/{c}").json()
        assert got == engagements(records, c, evidence=False)
        got = client.get(f"/api/vectors/{c}?from=2019&to=2023").json()
        assert got == engagements(records, c, 2019, 2023, evidence=False)
    # a chart segment's engagements with their first evidence spans, as the full records give them
    names = {d.id: d.name for d in demo_store.documents()}
    by_id = {r.id: r for r in records}
    seen = 0
    for c in ("Kazakhstan", "Russia", "Poland", "United States"):
        for y in sorted({e["year"] for e in engagements(records, c)["engagements"] if e["year"]}):
            for bloc in ("CSTO", "NATO", "SCO", "other"):
                seg = client.get(f"/api/vectors/{c}/segment?year={y}&bloc={bloc}").json()
                for e in seg["engagements"]:
                    want = evidence_of(by_id[e["record"]], names)
                    assert [{k: x[k] for k in want[0]} for x in e["evidence"]] == want
                    seen += 1
    assert seen > 5
    for kind, plural in (("exercise", "exercises"), ("quote", "quotes"), ("agreement", "agreements")):
        want = [r.id for r in py_select(records, kind)]
        for page in (1, 2, 3):
            got = client.get(f"/api/{plural}?page={page}&per_page=4").json()
            assert [x["id"] for x in got["items"]] == want[(page - 1) * 4: page * 4] and got["total"] == len(want)
        got = client.get(f"/api/{plural}?country=Russia&per_page=500").json()
        assert [x["id"] for x in got["items"]] == [r.id for r in py_select(records, kind, country="Russia")]
    tl = client.get("/api/timeline").json()
    want = [r.id for r in py_listed(records, Selection(type="exercise"))]
    assert sorted(x["id"] for y in tl["years"] for x in y["records"]) == sorted(want) and tl["total"] == len(want)
    one = next(r for r in records if r.sources and record_type(r) == "exercise")
    detail = client.get(f"/api/records/{one.id}").json()
    assert [s["id"] for s in detail["sources"]] == one.sources


def _tables(store: Store) -> tuple[list[Any], list[Any]]:
    with store.session() as s:
        facts = [tuple(r) for r in s.execute(select(RecordFactRow.record_id, RecordFactRow.type, RecordFactRow.year,
                                                    RecordFactRow.status, RecordFactRow.disputed,
                                                    RecordFactRow.name, RecordFactRow.text, RecordFactRow.card,
                                                    RecordFactRow.spans)
                                             .order_by(RecordFactRow.record_id))]
        actors = [tuple(r) for r in s.execute(select(RecordActorRow.record_id, RecordActorRow.actor,
                                                     RecordActorRow.role, RecordActorRow.kind)
                                              .order_by(RecordActorRow.record_id, RecordActorRow.actor,
                                                        RecordActorRow.role))]
    return facts, actors


def test_query_tables_follow_incremental_resolution_and_migration(cli, tmp_path: Path) -> None:
    files = sorted(DEMO.glob("*.txt"))
    (tmp_path / "a").mkdir()
    for f in files[:-3]:
        (tmp_path / "a" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(tmp_path / "a"), "--db", db).exit_code == 0
    for f in files[-3:]:  # added one at a time: incremental resolution writes the query rows
        assert cli("ingest", str(f), "--db", db).exit_code == 0
    store = Store(db)
    store.remove_document(files[0].stem)
    incremental = _tables(store)
    assert len(incremental[0]) == len(store.records()) > 40 and incremental[1]
    with store.session(write=True) as s:
        rebuild_facts(s)
    assert _tables(store) == incremental
    # every record is found by its own words through the text index, after all these writes
    views = Views(store)
    for r in store.records():
        if record_type(r) in explore.LISTED_TYPES:
            assert r.id in explore.select_ids(views, Selection(q=fold_name(r.title())[:40])), r.title()

    # a knowledge base from before the query tables: the migration fills them
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("alliancegraph.store") / "migrations"))
    with store.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    assert _tables(Store(db)) == incremental

    # dump and restore: the query tables are rebuilt from the restored records
    dump = tmp_path / "kb.jsonl"
    assert cli("dump", str(dump), "--db", db).exit_code == 0
    assert cli("restore", str(dump), "--db", str(tmp_path / "restored.db")).exit_code == 0
    assert _tables(Store(str(tmp_path / "restored.db"))) == incremental
