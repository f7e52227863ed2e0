"""Browser tests in headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
timeline → record → evidence, and hostile article text rendered as text everywhere.
Screenshots are saved under test-output/browser/."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app as cli_app
from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import DEMO, ROOT, SEEDS, require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-output" / "browser"
HOSTILE = ("Exercise <script>alert(1)</script> report\n\nPublished: 2023-05-02\n\nTroops from Kazakhstan and "
           "Kyrgyzstan held the Cedar Quarry-2023 exercise in Kazakhstan from May 1 to May 3, 2023. Observers "
           "said <img src=x onerror=alert(2)> was nowhere to be seen. \"<script>alert(3)</script> is what the "
           "drill rehearsed against,\" said Colonel Aigerim Sadykova.\n")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium chromium-driver; "
                                     ".ci/run does)")
    require(importlib.util.find_spec("playwright"), "playwright is not installed (pip install -e '.[test]')")
    import uvicorn

    tmp = tmp_path_factory.mktemp("browser")
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(tmp / "kb.db")
    corpus = str(SEEDS) if SEEDS.is_dir() else str(DEMO)
    runner = CliRunner()
    assert runner.invoke(cli_app, ["ingest", corpus, str(tmp / "hostile.txt"), "--db", db]).exit_code == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Store(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def test_browser_timeline_record_evidence(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    if SEEDS.is_dir():
        for year in (2012, 2022, 2024):
            assert page.get_by_test_id(f"year-{year}").is_visible()
    page.screenshot(path=str(SHOTS / "1-timeline.png"), full_page=True)
    link = page.get_by_test_id("exercise-link").filter(has_text="Brotherhood" if SEEDS.is_dir() else "BALTOPS").first
    title = link.inner_text()
    link.click()
    page.wait_for_url("**/records/**")
    assert page.get_by_test_id("record-title").inner_text() == title
    page.screenshot(path=str(SHOTS / "2-record.png"), full_page=True)
    evidence = page.get_by_test_id("evidence-link").first
    quoted = evidence.inner_text().strip("“”")
    evidence.click()
    page.wait_for_url("**/documents/**")
    mark = page.get_by_test_id("evidence-mark")
    assert mark.count() == 1 and mark.inner_text() == quoted
    assert mark.is_visible()
    page.screenshot(path=str(SHOTS / "3-evidence.png"), full_page=True)
    page.goto(server + "/network")
    page.wait_for_selector("#network circle")
    assert page.locator("#network circle").count() > 10
    page.screenshot(path=str(SHOTS / "4-network.png"))
    page.goto(server + "/countries/Kazakhstan")
    page.wait_for_function("document.querySelectorAll('#vectors rect').length > 3")
    page.screenshot(path=str(SHOTS / "5-country.png"), full_page=True)
    assert not errors


def test_browser_hostile_text_is_only_text(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ids = []
    for api in ("/api/exercises?q=cedar", "/api/quotes?q=sadykova"):
        page.goto(server + api)
        ids.append(page.evaluate("() => JSON.parse(document.body.innerText).items[0].id"))
    urls = ["/", "/documents/hostile", *[f"/records/{i}" for i in ids], "/search?q=alert", "/search?q=Cedar",
            "/countries/Kazakhstan", "/network"]
    for url in urls:
        page.goto(server + url)
        page.wait_for_timeout(300)
        assert page.locator("script:not([src])").count() == 0, url
        assert page.locator("img[src=x]").count() == 0, url
    page.goto(server + f"/records/{ids[1]}")
    assert "<script>alert(3)</script>" in page.get_by_test_id("record-title").inner_text()
    page.goto(server + "/documents/hostile")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.get_by_test_id("document-text").inner_text()
    page.screenshot(path=str(SHOTS / "6-hostile-document.png"), full_page=True)
    assert dialogs == []
