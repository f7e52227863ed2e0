"""What the browser tests share: Debian's Chromium driven by Playwright (never `playwright
install`), the app served by uvicorn on a free loopback port, axe-core (vendored) and the
screenshot folder."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import ROOT, require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-output" / "browser"
AXE = ROOT / "tests" / "vendor" / "axe.min.js"


def require_browser() -> None:
    require(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium chromium-driver; "
                                     ".ci/run does)")
    require(importlib.util.find_spec("playwright"), "playwright is not installed (pip install -e '.[test]')")


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served on a free loopback port for the duration; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium under Playwright (screenshot folder made)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    res = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                        ".map(v => ({id: v.id, impact: v.impact, n: v.nodes.length}))")
    return [v for v in res if v["impact"] in ("serious", "critical")]
