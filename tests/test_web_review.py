"""Analyst review through the web app (issue 13), on the real app over a real knowledge base
(our demo corpus): the token on every review action, ETag / If-Match (428, 412 and nothing
lost), 404 and 422 with the API's error shape, hidden records still reachable by URL, adding a
record from a span, the recent actions, the queue and their pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from alliancegraph.cli import app as cli_app
from alliancegraph.config import Settings
from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import DEMO, web_client

TOKEN = "rev1ew-T0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("review-web") / "demo.db"
    assert CliRunner().invoke(cli_app, ["ingest", str(DEMO), "--db", str(db)]).exit_code == 0
    return db


@pytest.fixture
def kb(built: Path, tmp_path: Path) -> Store:
    """A fresh copy of the demo knowledge base for each test (reviews change it)."""
    db = tmp_path / "kb.db"
    shutil.copy(built, db)
    return Store(str(db))


@pytest.fixture
def client(kb: Store) -> TestClient:
    return web_client(create_app(kb, Settings.load(env={}, write_token=TOKEN)))


def exercise(client: TestClient, name: str) -> dict[str, Any]:
    items = client.get("/api/exercises", params={"q": name, "per_page": 500}).json()["items"]
    return next(i for i in items if i["name"] == name)


def etag_of(client: TestClient, rid: str) -> str:
    res = client.get(f"/api/records/{rid}")
    assert res.status_code == 200
    return res.headers["etag"]


def review(client: TestClient, rid: str, body: dict[str, Any], etag: str | None = None,
           headers: dict[str, str] | None = None) -> Any:
    h = dict(AUTH if headers is None else headers)
    if etag is not None:
        h["If-Match"] = etag
    return client.post(f"/api/records/{rid}/review", json=body, headers=h)


def error_of(res: Any, status: int) -> str:
    assert res.status_code == status, res.text
    body = res.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return str(body["error"]["message"])


def test_every_review_endpoint_wants_the_token(client: TestClient, kb: Store) -> None:
    rec = exercise(client, "Cold Response")
    etag = etag_of(client, rec["id"])
    doc = rec["sources"][0]
    sentence = client.get(f"/api/documents/{doc}").json()["sentences"][0]
    calls = [
        (f"/api/records/{rec['id']}/review", {"action": "confirm", "author": "Ana"}),
        (f"/api/records/{rec['id']}/review", {"action": "reject", "author": "Ana"}),
        (f"/api/records/{rec['id']}/review", {"action": "correct", "author": "Ana", "field": "year", "value": "2020"}),
        ("/api/records", {"type": "exercise", "fields": {"name": "Test"}, "author": "Ana",
                          "evidence": {"document_id": doc, "start": sentence["start"], "end": sentence["end"]}}),
    ]
    for url, body in calls:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                        {"Authorization": TOKEN}):
            res = client.post(url, json=body, headers={**headers, "If-Match": etag})
            assert "token" in error_of(res, 401), (url, headers)
            assert res.headers["www-authenticate"].startswith("Bearer")
    # a server started without a token is read-only: review actions are refused too
    readonly = web_client(create_app(kb, Settings.load(env={})))
    res = readonly.post(calls[0][0], json=calls[0][1], headers={**AUTH, "If-Match": etag})
    assert "read-only" in error_of(res, 401)
    assert kb.reviews() == [] and client.get(f"/api/records/{rec['id']}").json()["review"]["status"] == "machine"


def test_two_corrections_with_one_etag_second_is_412_nothing_lost(client: TestClient) -> None:
    rec = exercise(client, "Cold Response")
    assert rec["participants"] == ["Norway", "Finland", "Sweden"]
    etag = etag_of(client, rec["id"])
    first = review(client, rec["id"], {"action": "correct", "author": "Ana", "field": "participants", "op": "add",
                                       "value": "Denmark", "reason": "named in the second paragraph"}, etag)
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == first.json()["etag"] != etag
    second = review(client, rec["id"], {"action": "correct", "author": "Ben", "field": "participants", "op": "set",
                                        "value": "Norway; Sweden", "reason": "Finland only observed"}, etag)
    assert "reload" in error_of(second, 412)
    assert second.headers["etag"] == first.headers["etag"]  # what to send after reloading
    got = client.get(f"/api/records/{rec['id']}")
    body = got.json()
    participants = next(a["value"] for a in body["attributes"] if a["field"] == "participants")
    assert participants == ["Norway", "Finland", "Sweden", "Denmark"]  # the first applied…
    assert [(h["author"], h["value"]) for h in body["review"]["history"]] == [("Ana", "Denmark")]  # …the second not stored
    assert body["review"]["status"] == "corrected" and got.headers["etag"] == first.headers["etag"]
    # Ben reloads (new ETag) and applies his correction on top of Ana's: both intents are in the history
    again = review(client, rec["id"], {"action": "correct", "author": "Ben", "field": "participants", "op": "set",
                                       "value": "Norway; Sweden", "reason": "Finland only observed"},
                   second.headers["etag"])
    assert again.status_code == 200, again.text
    body = client.get(f"/api/records/{rec['id']}").json()
    assert next(a["value"] for a in body["attributes"] if a["field"] == "participants") == ["Norway", "Sweden"]
    assert [h["author"] for h in body["review"]["history"]] == ["Ana", "Ben"]
    assert [h["author"] for h in client.get("/api/reviews").json()["items"]] == ["Ben", "Ana"]


def test_review_without_if_match_is_428(client: TestClient, kb: Store) -> None:
    rec = exercise(client, "Cold Response")
    message = error_of(review(client, rec["id"], {"action": "confirm", "author": "Ana"}), 428)
    assert "If-Match" in message and "ETag" in message
    assert kb.reviews() == []
    assert review(client, rec["id"], {"action": "confirm", "author": "Ana"}, etag_of(client, rec["id"])).status_code == 200


def test_missing_record_or_document_is_404(client: TestClient) -> None:
    assert "no record" in error_of(client.get("/api/records/ex_nothing"), 404)
    assert "no record" in error_of(review(client, "ex_nothing", {"action": "confirm", "author": "Ana"}, '"x"'), 404)
    rec = exercise(client, "Cold Response")
    res = review(client, rec["id"], {"action": "merge", "author": "Ana", "other": "ex_nothing"}, etag_of(client, rec["id"]))
    assert "ex_nothing" in error_of(res, 404)
    res = client.post("/api/records", headers=AUTH, json={"type": "exercise", "fields": {"name": "Test"}, "author": "Ana",
                                                          "evidence": {"document_id": "nope", "start": 0, "end": 5}})
    assert "no document" in error_of(res, 404)


def test_bad_review_is_422_saying_what_to_do(client: TestClient, kb: Store) -> None:
    rec = exercise(client, "Cold Response")
    etag = etag_of(client, rec["id"])
    msg = error_of(review(client, rec["id"], {"action": "correct", "author": "Ana", "field": "colour", "value": "x"},
                          etag), 422)
    assert "no field 'colour'" in msg and "participants" in msg
    msg = error_of(review(client, rec["id"], {"action": "correct", "author": "Ana", "field": "year", "op": "add",
                                              "value": "2020"}, etag), 422)
    assert "use 'set'" in msg
    msg = error_of(review(client, rec["id"], {"action": "correct", "author": "Ana", "field": "personnel",
                                              "value": "many"}, etag), 422)
    assert "whole number" in msg
    error_of(review(client, rec["id"], {"action": "delete", "author": "Ana"}, etag), 422)
    error_of(review(client, rec["id"], {"action": "confirm", "author": ""}, etag), 422)
    msg = error_of(review(client, rec["id"], {"action": "split", "author": "Ana", "documents": rec["sources"]}, etag), 422)
    assert "some, not all" in msg
    doc = client.get(f"/api/documents/{rec['sources'][0]}").json()
    s0, s1 = doc["sentences"][0], doc["sentences"][1]
    res = client.post("/api/records", headers=AUTH, json={
        "type": "exercise", "fields": {"name": "Test"}, "author": "Ana",
        "evidence": {"document_id": doc["id"], "start": s0["start"], "end": s1["end"]}})
    assert "one sentence" in error_of(res, 422)
    assert kb.reviews() == []


def test_rejected_and_merged_records_stay_reachable(client: TestClient) -> None:
    cold = exercise(client, "Cold Response")
    res = review(client, cold["id"], {"action": "reject", "author": "Ana", "reason": "not an exercise of the year"},
                 etag_of(client, cold["id"]))
    assert res.status_code == 200
    assert all(i["id"] != cold["id"] for i in client.get("/api/exercises", params={"per_page": 500}).json()["items"])
    got = client.get(f"/api/records/{cold['id']}")
    assert got.status_code == 200 and got.json()["review"]["status"] == "rejected"
    page = client.get(f"/records/{cold['id']}")
    assert page.status_code == 200 and 'data-testid="review-banner"' in page.text and "rejected" in page.text
    assert "not an exercise of the year" in page.text  # the reason is in the banner and the history

    items = client.get("/api/exercises", params={"per_page": 500}).json()["items"]
    a, b = items[0], items[1]
    res = review(client, a["id"], {"action": "merge", "author": "Ana", "other": b["id"]}, etag_of(client, a["id"]))
    assert res.status_code == 200, res.text
    got = client.get(f"/api/records/{b['id']}").json()
    assert got["review"]["status"] == "merged"
    page = client.get(f"/records/{b['id']}").text
    assert "merged" in page and f'href="/records/{a["id"]}"' in page
    assert client.get(f"/api/records/{a['id']}").json()["review"]["status"] == "corrected"


def test_add_a_record_from_a_span(client: TestClient) -> None:
    rec = exercise(client, "Cold Response")
    doc = client.get(f"/api/documents/{rec['sources'][0]}").json()
    s = doc["sentences"][2]
    assert doc["text"][s["start"]:s["end"]] == s["text"]  # the offsets the page's spans carry
    res = client.post("/api/records", headers=AUTH, json={
        "type": "exercise", "fields": {"name": "Quiet Harbour", "year": "2024", "participants": "Norway; Iceland"},
        "author": "Ana", "reason": "the machine missed it",
        "evidence": {"document_id": doc["id"], "start": s["start"], "end": s["end"]}})
    assert res.status_code == 201, res.text
    new = res.json()["record"]
    assert res.headers["location"] == f"/api/records/{new}" and res.headers["etag"] == etag_of(client, new)
    got = client.get(f"/api/records/{new}").json()
    assert got["review"]["status"] == "added" and got["title"].startswith("Quiet Harbour")
    assert [m["text"] for m in got["mentions"]] == [s["text"]]
    assert {a["field"]: a["value"] for a in got["attributes"]}["participants"] == ["Norway", "Iceland"]
    listed = client.get("/api/exercises", params={"q": "quiet harbour"}).json()["items"]
    assert [i["id"] for i in listed] == [new]
    page = client.get(f"/records/{new}").text
    assert s["text"].replace("'", "&#39;").replace('"', "&#34;") in page


def test_recent_flagged_and_queue(client: TestClient, kb: Store) -> None:
    queue = client.get("/api/review/queue", params={"limit": 500}).json()["items"]
    ranks = [i["rank"] for i in queue]
    assert queue and ranks == sorted(ranks) and all(i["reasons"] for i in queue if i["rank"] < 3)
    first = queue[0]
    res = review(client, first["id"], {"action": "confirm", "author": "Ana"}, etag_of(client, first["id"]))
    assert res.status_code == 200
    assert first["id"] not in [i["id"] for i in client.get("/api/review/queue", params={"limit": 500}).json()["items"]]
    recent = client.get("/api/reviews").json()
    assert recent["total"] == 1 and recent["items"][0]["action"] == "confirm" and recent["items"][0]["author"] == "Ana"
    assert client.get("/api/reviews", params={"flagged": 1}).json()["items"] == []
    # the machine no longer finds a rejected record (its only source removed): flagged for re-review
    rec = next(i for i in client.get("/api/exercises", params={"per_page": 500}).json()["items"]
               if len(i["sources"]) == 1 and i["id"] != first["id"])
    review(client, rec["id"], {"action": "reject", "author": "Ben"}, etag_of(client, rec["id"]))
    kb.remove_document(rec["sources"][0])
    flagged = client.get("/api/reviews", params={"flagged": "1"}).json()["items"]
    assert [(f["record"], f["action"]) for f in flagged] == [(rec["id"], "reject")]
    assert "no longer finds" in flagged[0]["flag"]
    page = client.get("/reviews?flagged=1").text
    assert page.count('data-testid="review-row"') == 1 and "needs re-review: the machine no longer finds" in page
    assert client.get("/reviews").text.count('data-testid="review-row"') == 2
    record_page = client.get(f"/records/{rec['id']}").text
    assert 'data-testid="review-flag"' in record_page
    queue_page = client.get("/review").text
    assert "<kbd>c</kbd> confirm" in queue_page and 'data-testid="queue-item"' in queue_page
    assert client.get("/review?at=abc").status_code == 200  # an unreadable position is the first item


def test_split_a_record_by_its_documents(client: TestClient) -> None:
    rec = next(i for i in client.get("/api/exercises", params={"per_page": 500}).json()["items"]
               if len(i["sources"]) >= 2)
    moved = rec["sources"][-1]
    res = review(client, rec["id"], {"action": "split", "author": "Ana", "documents": [moved],
                                     "reason": "two editions in one"}, etag_of(client, rec["id"]))
    assert res.status_code == 200, res.text
    new = res.json()["new_record"]
    part, rest = client.get(f"/api/records/{new}").json(), client.get(f"/api/records/{rec['id']}").json()
    assert [s["id"] for s in part["sources"]] == [moved]
    assert moved not in [s["id"] for s in rest["sources"]]
    assert (part["review"]["status"], rest["review"]["status"]) == ("added", "corrected")
    page = client.get(f"/records/{new}").text
    assert "split this record off from" in page and "two editions in one" in page
    assert f'href="/records/{new}"' in client.get(f"/records/{rec['id']}").text


def test_reviewer_text_is_escaped_on_the_pages(client: TestClient) -> None:
    rec = exercise(client, "Cold Response")
    hostile = "<script>alert(1)</script>"
    res = review(client, rec["id"], {"action": "correct", "author": f"Eve {hostile}", "field": "kind",
                                     "value": "<img src=x onerror=alert(2)>", "reason": hostile},
                 etag_of(client, rec["id"]))
    assert res.status_code == 200
    for url in (f"/records/{rec['id']}", "/reviews"):
        page = client.get(url).text
        assert hostile not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
