"""Shared fixtures: the seed articles (skipped with a reason when ../shared is absent), our
own demo corpus, a fresh SQLite knowledge base per test and an in-process CLI runner."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALLIANCEGRAPH_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
DEMO = Path(str(resources.files("alliancegraph.data") / "demo"))


LOCAL_URL = "http://localhost"  # the app answers loopback Host names only (TestClient's default is "testserver")


def web_client(app: Any, **kw: Any) -> Any:
    """A TestClient that talks to ``app`` the way a local browser does (Host: localhost)."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=LOCAL_URL, **kw)


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (clone the project beside ../shared to run this)")
    return SEEDS


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "kb.db")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server: $ALLIANCEGRAPH_TEST_PG, else one started for this session."""
    if os.environ.get("ALLIANCEGRAPH_TEST_PG"):
        yield os.environ["ALLIANCEGRAPH_TEST_PG"]
        return
    from pgserver import PgServer

    try:
        server = PgServer()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no PostgreSQL server for the tests ({exc}); .ci/run installs one")
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty knowledge-base URL on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "kb.db")
    from pgserver import create_database

    server = request.getfixturevalue("pg_server")
    return create_database(server, "t_" + uuid.uuid4().hex[:12])


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str) -> "object":
        return self.runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli()
