"""The demo command and the minimal web page."""

from __future__ import annotations

import json

from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import web_client


def test_cli_demo_builds_knowledge_base(cli, db: str) -> None:
    res = cli("demo", "--db", db, "--no-serve")
    assert res.exit_code == 0, res.output
    assert "14 new document(s) stored" in res.output
    stats = json.loads(cli("stats", "--db", db, "--json").output)
    assert stats["documents"] == 14
    store = Store(db)
    client = web_client(create_app(store))
    page = client.get("/")
    assert page.status_code == 200 and "BALTOPS 2023" in page.text and "Peace Mission 2021" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/api/stats").json()["documents"] == 14


def test_cli_help_lists_commands(cli) -> None:
    res = cli("--help")
    for cmd in ("ingest", "search", "docs", "show", "stats", "demo", "serve"):
        assert cmd in res.output
