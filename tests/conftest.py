"""Shared fixtures: the seed articles, our own demo corpus, a fresh SQLite knowledge base per
test, a PostgreSQL server and an in-process CLI runner.

What a test needs from outside the project (../shared, Chromium, PostgreSQL) goes through
:func:`require`: missing on a developer's machine, the test is skipped with the reason; missing
in CI (CI=true), the test fails, so a CI run cannot stay green by skipping."""

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
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(present: object, reason: str) -> None:
    """Skip the test (developer machine) or fail it (CI=true) when ``present`` is falsy."""
    if present:
        return
    if IN_CI:
        pytest.fail(f"{reason} — required in CI (CI=true)", pytrace=False)
    pytest.skip(reason)


def require_shared(path: Path = SEEDS) -> Path:
    require(path.exists(), f"{path} not found (clone the project beside ../shared to run this)")
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI no test may skip, whatever skipped it: the skip is reported as a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI=true), which must run every test: {reason}"


LOCAL_URL = "http://localhost"  # the app answers loopback Host names only (TestClient's default is "testserver")


def web_client(app: Any, **kw: Any) -> Any:
    """A TestClient that talks to ``app`` the way a local browser does (Host: localhost)."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=LOCAL_URL, **kw)


@pytest.fixture
def seeds() -> Path:
    return require_shared(SEEDS)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "kb.db")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server: $ALLIANCEGRAPH_TEST_PG, else one started for this session."""
    if os.environ.get("ALLIANCEGRAPH_TEST_PG"):
        yield os.environ["ALLIANCEGRAPH_TEST_PG"]
        return
    from pgserver import PgServer, bin_dir

    require(bin_dir(), "PostgreSQL server binaries not found (apt-get install postgresql; .ci/run installs them)")
    try:
        server = PgServer()
    except (OSError, subprocess.SubprocessError) as exc:
        detail = exc.stderr.decode(errors="replace").strip() if getattr(exc, "stderr", None) else ""
        require(False, f"PostgreSQL did not start ({exc}) {detail}".strip())
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
