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
from conftest import DEMO, LOCAL_URL, SEEDS, web_client


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
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
    g = nx.read_graphml(io.BytesIO(seeded.get("/api/export/graphml").content))
    assert g.number_of_nodes() > 20 and any(d.get("kind") == "exercise" for _, d in g.nodes(data=True))
    gj = geojson.loads(seeded.get("/api/export/geojson").text)
    assert gj.is_valid and len(gj["features"]) > 10
    csv_text = seeded.get("/api/export/csv").text
    assert csv_text.splitlines()[0].startswith("id,type,name") and len(csv_text.splitlines()) > 40
    ev = seeded.get("/api/export/eval").json()
    assert ev["schema"] == "alliancegraph-eval/1" and len(ev["exercises"]) == 16
    assert len(json.loads(seeded.get("/api/export/json").text)["records"]) > 40


def test_web_api_timeline_network_vectors_search(seeded: TestClient) -> None:
    years = [y["year"] for y in seeded.get("/api/timeline").json()]
    assert {2012, 2022, 2024} <= set(years)
    net = seeded.get("/api/network", params={"from": 2024, "to": 2024}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert "country:Türkiye" in ids and all(link["source"] in ids and link["target"] in ids for link in net["links"])
    vec = seeded.get("/api/vectors/Kazakhstan", params={"from": 2024, "to": 2024}).json()
    assert vec["blocs"]["NATO"] and vec["blocs"]["CSTO"]
    res = seeded.get("/api/search", params={"q": "Steppe Eagle"}).json()
    assert res["documents"][0]["id"] == "002_15d8aaadc7ff9476" and "<mark>Steppe</mark>" in res["documents"][0]["snippet"]
    assert res["facets"]["type"]["exercise"] >= 1


def test_web_pages_and_headers(seeded: TestClient) -> None:
    for url in ("/", "/network", "/countries/Kazakhstan", "/search?q=CSTO", "/documents/002_15d8aaadc7ff9476"):
        res = seeded.get(url)
        assert res.status_code == 200, url
        assert "script-src 'self'" in res.headers["content-security-policy"]
        assert "<script>" not in res.text  # no inline script anywhere
    assert seeded.get("/records/nope").status_code == 404
    assert seeded.get("/static/vendor/d3.min.js").status_code == 200


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
