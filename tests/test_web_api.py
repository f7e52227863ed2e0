"""The JSON API on the real app and a real knowledge base (the seeds, or our demo corpus)."""

from __future__ import annotations

import io
import json

import geojson
import schemathesis
import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import DEMO, LOCAL_URL, SEEDS, require_shared, web_client


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    require_shared(SEEDS)
    from typer.testing import CliRunner

    from alliancegraph.cli import app

    db = str(tmp_path_factory.mktemp("web") / "kb.db")
    assert CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", db]).exit_code == 0
    return web_client(create_app(Store(db)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from typer.testing import CliRunner

    from alliancegraph.cli import app

    db = str(tmp_path_factory.mktemp("web") / "demo.db")
    assert CliRunner().invoke(app, ["ingest", str(DEMO), "--db", db]).exit_code == 0
    return web_client(create_app(Store(db)))


def test_web_api_exercises_kazakhstan_2024(seeded: TestClient) -> None:
    res = seeded.get("/api/exercises", params={"country": "Kazakhstan", "from": 2024, "to": 2024})
    assert res.status_code == 200
    body = res.json()
    names = {i["name"] for i in body["items"]}
    assert {"Unbreakable Brotherhood", "Birlestik", "Qabylan Zholy"} <= names
    assert all(i["year"] == 2024 and i["sources"] == ["000_84c2ed541a5655be"] for i in body["items"])
    assert body["total"] == len(body["items"])


def test_web_api_pagination_and_filters(demo: TestClient) -> None:
    all_q = demo.get("/api/quotes", params={"per_page": 500}).json()
    page2 = demo.get("/api/quotes", params={"per_page": 5, "page": 2}).json()
    assert page2["items"] == all_q["items"][5:10] and page2["total"] == all_q["total"]
    nato = demo.get("/api/exercises", params={"organization": "nato"}).json()["items"]
    assert nato and all(i["organizer"] == "NATO" for i in nato)
    text = demo.get("/api/exercises", params={"q": "baltops"}).json()["items"]
    assert [i["name"] for i in text] == ["BALTOPS"]


def test_web_api_record_with_evidence_and_disputes(demo: TestClient) -> None:
    (b,) = demo.get("/api/exercises", params={"q": "baltops"}).json()["items"]
    rec = demo.get(f"/api/records/{b['id']}").json()
    attrs = {a["field"]: a for a in rec["attributes"]}
    assert [v["value"] for v in attrs["personnel"]["disputed"]] == [6000, 3700]
    for a in rec["attributes"]:
        for e in a["evidence"]:
            doc = demo.get(f"/api/documents/{e['document_id']}").json()
            assert doc["text"][e["start"]:e["end"]] == e["text"]


def test_web_api_errors_have_one_shape(demo: TestClient) -> None:
    for url, status in [("/api/records/nope", 404), ("/api/documents/nope", 404), ("/api/exercises?from=x", 422),
                        ("/api/export/pdf", 404), ("/api/vectors/Atlantis", 404)]:
        res = demo.get(url)
        assert res.status_code == status
        assert set(res.json()) == {"error"} and res.json()["error"]["status"] == status


def test_web_api_exports(seeded: TestClient) -> None:
    # floors at about 90% of what the seeds give (37 graph nodes, 27 features, 64 CSV lines, 63 records)
    g = nx.read_graphml(io.BytesIO(seeded.get("/api/export/graphml").content))
    assert g.number_of_nodes() >= 33 and any(d.get("kind") == "exercise" for _, d in g.nodes(data=True))
    gj = geojson.loads(seeded.get("/api/export/geojson").text)
    assert gj.is_valid and len(gj["features"]) >= 24
    csv_text = seeded.get("/api/export/csv").text
    assert csv_text.splitlines()[0].startswith("id,type,name") and len(csv_text.splitlines()) >= 58
    ev = seeded.get("/api/export/eval").json()
    assert ev["schema"] == "alliancegraph-eval/1" and len(ev["exercises"]) == 16
    assert len(json.loads(seeded.get("/api/export/json").text)["records"]) >= 57


def test_web_api_timeline_network_vectors_search(seeded: TestClient) -> None:
    years = [y["year"] for y in seeded.get("/api/timeline").json()["years"]]
    assert {2012, 2022, 2024} <= set(years)
    net = seeded.get("/api/network", params={"from": 2024, "to": 2024}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert "country:Türkiye" in ids and all(link["source"] in ids and link["target"] in ids for link in net["links"])
    vec = seeded.get("/api/vectors/Kazakhstan", params={"from": 2024, "to": 2024}).json()
    assert vec["totals"]["NATO"] and vec["totals"]["CSTO"]
    res = seeded.get("/api/search", params={"q": "Steppe Eagle"}).json()
    assert res["documents"][0]["id"] == "002_15d8aaadc7ff9476" and "<mark>Steppe</mark>" in res["documents"][0]["snippet"]
    assert res["facets"]["type"]["exercise"] >= 1


def _assert_security_headers(res, url: str) -> None:  # type: ignore[no-untyped-def]
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
    assert res.headers["x-frame-options"] == "DENY", url
    assert res.headers["x-content-type-options"] == "nosniff", url
    assert res.headers["referrer-policy"] == "no-referrer", url


def test_web_pages_and_headers(demo: TestClient) -> None:
    """Every page, API answer, error and static file: CSP without inline script, no framing,
    no MIME sniffing, no referrer (docs/reliability.md)."""
    for url in ("/", "/network", "/countries/Kazakhstan", "/search?q=CSTO", "/documents/01_baltops_begins", "/map",
                "/table", "/countries", "/organizations", "/organizations/CSTO", "/documents", "/disputes",
                "/api/exercises", "/api/timeline", "/api/vectors/Kazakhstan", "/static/vendor/d3.min.js"):
        res = demo.get(url)
        assert res.status_code == 200, url
        _assert_security_headers(res, url)
        assert "<script>" not in res.text  # no inline script anywhere
    for url in ("/records/nope", "/api/records/nope"):
        res = demo.get(url)
        assert res.status_code == 404
        _assert_security_headers(res, url)


def test_web_schemathesis_no_server_error(demo: TestClient) -> None:
    """Requests generated from /openapi.json for every operation: never a 5xx. (Driven through
    Hypothesis directly rather than schemathesis's pytest plugin, which is tied to pytest
    internals.)"""
    schema = schemathesis.openapi.from_asgi("/openapi.json", demo.app, headers={"Host": "localhost"})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    failures: list[tuple[str, str, int]] = []
    calls = 0
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            response = case.call(base_url=LOCAL_URL)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.status_code))

        run()
    assert calls >= 14 * 10 and not failures, failures


def test_web_pages_follow_the_knowledge_base(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Pages and answers are reused while the knowledge base is unchanged, never after a change."""
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(DEMO / "01_baltops_begins.txt"), "--db", db).exit_code == 0
    client = web_client(create_app(Store(db)))
    urls = ("/", "/api/timeline", "/api/stats", "/countries/Kazakhstan", "/api/vectors/Kazakhstan")
    before = {u: client.get(u).text for u in urls}
    assert before == {u: client.get(u).text for u in urls}
    assert "Juniper Beacon" not in before["/"] and '"Kyrgyzstan"' not in before["/api/vectors/Kazakhstan"]
    new = tmp_path / "new.txt"
    new.write_text("Drill report\n\nPublished: 2022-05-20\n\nTroops from Kazakhstan and Kyrgyzstan held the Juniper "
                   "Beacon-2022 exercise in Kazakhstan from May 10 to May 14, 2022.\n", encoding="utf-8")
    assert cli("ingest", str(new), "--db", db).exit_code == 0
    after = {u: client.get(u).text for u in urls}
    assert "Juniper Beacon" in after["/"] and "Juniper Beacon" in after["/api/timeline"]
    assert '"Kyrgyzstan"' in after["/api/vectors/Kazakhstan"] and "Juniper Beacon" in after["/countries/Kazakhstan"]
    assert client.get("/api/stats").json()["documents"] == 2


# -- the analyst's explorer (issue 12) ------------------------------------------------------------
def test_web_empty_fields_are_not_set_and_errors_are_pages(demo: TestClient) -> None:
    """A form sent with blank boxes filters by what was typed; a value that cannot be read is an
    HTML page on a page URL and JSON on the API."""
    full = demo.get("/api/exercises", params={"country": "Estonia", "per_page": 500}).json()
    blank = demo.get("/api/exercises?country=Estonia&organization=&status=&from=&to=&q=&per_page=500").json()
    assert blank == full and 0 < full["total"] < demo.get("/api/exercises").json()["total"]
    for url in ("/?country=Estonia&organization=&type=&status=&from=&to=&q=", "/search?q=BALTOPS&from=&to=&country=",
                "/network?from=&to=", "/map?country=&from=", "/table?q=&page=", "/documents/01_baltops_begins?start=&end="):
        res = demo.get(url)
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/html"), url
    page = demo.get("/?country=Estonia&organization=&from=&to=&q=").text
    assert page.count('data-testid="exercise-link"') == full["total"]
    for url in ("/?from=20x4", "/table?to=1", "/search?q=a&status=done", "/documents/01_baltops_begins?start=x"):
        res = demo.get(url)
        assert res.status_code == 422 and res.headers["content-type"].startswith("text/html"), url
        assert 'data-testid="error-message"' in res.text and "{" not in res.text.split("<main>")[1][:200]
    res = demo.get("/api/table?from=20x4")
    assert res.status_code == 422 and res.json()["error"]["message"].startswith("'from' must be a year")
    assert demo.get("/api/exercises?from=2030&to=2020").json()["error"]["message"].endswith("swap them")


def test_web_selection_kept_in_links(demo: TestClient) -> None:
    sel = "country=Estonia&from=2020&to=2024"
    for url in ("/", "/map", "/table", "/network", "/countries", "/documents", "/disputes", "/search"):
        html_text = demo.get(url + "?" + sel + "&q=baltops").text
        for nav in ("/", "/map", "/table", "/network", "/search"):
            assert f'href="{nav}?{sel.replace("&", "&amp;")}&amp;q=baltops"' in html_text, (url, nav)


def test_web_vectors_api_equals_cli(demo: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from alliancegraph.cli import app

    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(DEMO), "--db", db]).exit_code == 0
    cli = json.loads(runner.invoke(app, ["vectors", "Kazakhstan", "--db", db, "--json"]).output)
    api = demo.get("/api/vectors", params={"country": "Kazakhstan"}).json()
    assert cli["years"] == api["years"] and cli["totals"] == api["totals"] and api["years"]
    assert [e["record"] for e in cli["engagements"]] == [e["record"] for e in api["engagements"]]
    for y in api["years"]:
        for b in api["blocs"]:
            if not y[b]:
                continue
            seg = demo.get("/api/vectors/Kazakhstan/segment", params={"year": y["year"] or "undated", "bloc": b}).json()
            assert len(seg["engagements"]) == seg["total"] == y[b]
            for e in seg["engagements"]:
                for ev in e["evidence"]:
                    marked = "".join(t for t, m in ev["parts"] if m)
                    assert ev["sentence_text"] == "".join(t for t, _ in ev["parts"]) and marked == ev["text"]
    assert demo.get("/api/vectors").status_code == 422


def test_web_table_sorted_paginated_exported(demo: TestClient) -> None:
    sel = {"type": "exercise", "from": "2020"}
    first = demo.get("/api/table", params={**sel, "sort": "personnel", "dir": "desc", "per_page": 3}).json()
    second = demo.get("/api/table", params={**sel, "sort": "personnel", "dir": "desc", "per_page": 3, "page": 2}).json()
    everything = demo.get("/api/table", params={**sel, "sort": "personnel", "dir": "desc", "per_page": 500}).json()
    assert first["items"] + second["items"] == everything["items"][:6]
    numbers = [r["personnel"] for r in everything["items"] if r["personnel"] is not None]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 2
    expected = {i["id"] for i in demo.get("/api/exercises", params={"from": 2020, "per_page": 500}).json()["items"]}
    rows = list(__import__("csv").DictReader(io.StringIO(demo.get("/api/table/export.csv", params=sel).text)))
    assert {r["id"] for r in rows} == expected == {r["id"] for r in everything["items"]}
    exported = demo.get("/api/table/export.json", params=sel).json()
    assert exported["selection"] == sel and [r["id"] for r in exported["items"]] == [
        r["id"] for r in demo.get("/api/table", params={**sel, "per_page": 500}).json()["items"]]
    assert "<td>" in demo.get("/table", params={**sel, "sort": "title", "dir": "desc"}).text
    whole = json.loads(demo.get("/api/export/json", params={"country": "Estonia"}).text)
    assert whole["records"] and all("Estonia" in json.dumps(r) for r in whole["records"])
    assert {d["id"] for d in whole["documents"]} == {s for r in whole["records"] for s in r["sources"]}


def test_web_index_pages(demo: TestClient) -> None:
    docs = demo.get("/documents").text
    assert docs.count("<tr>") - 1 == demo.get("/api/stats").json()["documents"]
    csto = demo.get("/api/organizations/csto").json()
    assert {"Kazakhstan", "Russia", "Armenia"} <= {m["country"] for m in csto["members"]}
    assert demo.get("/organizations/Atlantis").status_code == 404
    assert "Kazakhstan" in demo.get("/organizations/CSTO").text
    countries = {c["name"]: c for c in demo.get("/api/countries").json()}
    assert countries["Estonia"]["exercise"] >= 1
    disputes = demo.get("/api/disputes").json()["items"]
    baltops = next(d for d in disputes if d["field"] == "personnel")
    assert [v["value"] for v in baltops["values"]] == [6000, 3700]
    assert all(s["name"] and "start" in s for v in baltops["values"] for s in v["sources"])
    assert "6000" in demo.get("/disputes").text


def test_web_map_points(demo: TestClient) -> None:
    res = demo.get("/api/map").json()
    assert len(res["points"]) >= 5
    for p in res["points"]:
        assert -180 <= p["lon"] <= 180 and -90 <= p["lat"] <= 90 and p["bloc"] in res["blocs"]
    (b,) = [p for p in res["points"] if p["title"].startswith("BALTOPS")]
    assert b["bloc"] == "NATO" and b["placed_at"] == "Tallinn, Estonia" and b["placed_by"] == "host's capital"
    assert round(b["lat"]) == 59 and round(b["lon"]) == 25  # Tallinn, not the middle of Estonia
    only = demo.get("/api/map", params={"organization": "NATO"}).json()["points"]
    assert only and len(only) < len(res["points"])


def test_web_record_page_evidence_sentences(demo: TestClient) -> None:
    (b,) = demo.get("/api/exercises", params={"q": "baltops"}).json()["items"]
    page = demo.get(f"/records/{b['id']}").text
    for fld in ("name", "aliases", "year", "start", "end", "hosts", "organizer", "participants", "personnel"):
        row = page.split(f'data-testid="field-{fld}"')[1].split("</tr>")[0]
        assert 'data-testid="evidence-sentence"' in row and "<mark>" in row, fld
    assert '<a href="/countries/Estonia">Estonia</a>' in page and '<a href="/organizations/NATO">NATO</a>' in page
    sources = page.split('data-testid="sources"')[1].split("</ul>")[0]
    assert sources.count('data-testid="source"') == len(b["sources"]) == 2
