"""Analyst review in headless Chromium (issue 13): correct a participant list and reject a
record in the web app, re-extract everything with ``alliancegraph reextract`` and see both
still applied; two reviewers on one record (the second gets "changed since you loaded it" and
keeps what was typed); select a sentence on a document page and add a record from it; the
review queue's keyboard shortcuts; accessibility (axe-core) and no sideways scroll at 390 px
on the review pages. Screenshots under test-output/browser/ (review-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app as cli_app
from alliancegraph.config import Settings
from alliancegraph.store import Store
from alliancegraph.web import create_app
from browserkit import SHOTS, chromium, require_browser, serious_violations, served
from conftest import DEMO

TOKEN = "br0wser-rev1ew"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("browser-review") / "kb.db")
    assert CliRunner().invoke(cli_app, ["ingest", str(DEMO), "--db", db]).exit_code == 0
    return db


@pytest.fixture(scope="module")
def server(kb: str) -> Iterator[str]:
    require_browser()
    with served(create_app(Store(kb), Settings.load(env={}, write_token=TOKEN))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with chromium() as b:
        yield b


def exercise(page: Any, server: str, name: str) -> dict[str, Any]:
    items = page.request.get(server + "/api/exercises", params={"q": name, "per_page": 500}).json()["items"]
    return next(i for i in items if i["name"] == name)


def sign_in(page: Any, name: str) -> None:
    """The reviewer's name and the write token, typed once per tab."""
    page.get_by_test_id("reviewer-name").fill(name)
    page.get_by_test_id("reviewer-token").fill(TOKEN)


def field_text(page: Any, field: str) -> str:
    return str(page.get_by_test_id(f"field-{field}").locator("td").first.inner_text())


def test_browser_correction_and_rejection_survive_reextract(server: str, browser: Any, kb: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    cold = exercise(page, server, "Cold Response")
    assert "Denmark" not in cold["participants"]
    page.goto(server + f"/records/{cold['id']}")
    assert page.get_by_test_id("review-status").inner_text() == "machine"
    sign_in(page, "Ana Reviewer")
    page.get_by_test_id("correct-field").select_option("participants")
    assert page.get_by_test_id("correct-value").input_value() == "; ".join(cold["participants"])  # prefilled
    page.get_by_test_id("correct-op").select_option("add")
    page.get_by_test_id("correct-value").fill("Denmark")
    page.get_by_test_id("correct-form").get_by_label("Reason").fill("Danish marines are named in the report")
    page.get_by_test_id("correct-save").click()
    page.wait_for_selector("[data-testid=corrected-participants]")
    assert "Denmark" in field_text(page, "participants")
    assert page.get_by_test_id("review-status").inner_text() == "corrected"
    history = page.get_by_test_id("history-item")
    assert history.count() == 1
    assert all(w in history.first.inner_text() for w in ("Ana Reviewer", "added “Denmark” to participants",
                                                         "Danish marines are named in the report"))
    page.screenshot(path=str(SHOTS / "review-1-corrected.png"), full_page=True)

    baltops = exercise(page, server, "BALTOPS")
    page.goto(server + f"/records/{baltops['id']}")  # the name and token are kept in this tab
    assert page.get_by_test_id("reviewer-name").input_value() == "Ana Reviewer"
    page.get_by_test_id("review-panel").locator("form[data-action=reject]").get_by_label("Reason").fill("a duplicate report")
    page.get_by_test_id("review-reject").click()
    page.wait_for_selector("[data-testid=review-banner]")
    assert page.get_by_test_id("review-status").inner_text() == "rejected"
    page.screenshot(path=str(SHOTS / "review-2-rejected.png"), full_page=True)

    documents = page.request.get(server + "/api/stats").json()["documents"]
    res = CliRunner().invoke(cli_app, ["reextract", "--db", kb])
    assert res.exit_code == 0, res.output
    assert f"re-extracted {documents} document(s)" in res.output and "reviews applied" in res.output

    page.goto(server + f"/records/{cold['id']}")
    assert "Denmark" in field_text(page, "participants")
    assert page.get_by_test_id("corrected-participants").is_visible()
    assert page.get_by_test_id("review-status").inner_text() == "corrected"
    assert page.get_by_test_id("review-flag").count() == 0  # the machine says what it said: no re-review
    page.goto(server + f"/records/{baltops['id']}")
    assert page.get_by_test_id("review-status").inner_text() == "rejected"
    assert "a duplicate report" in page.get_by_test_id("review-banner").inner_text()
    # the lists: the correction shows, the rejected record does not
    page.goto(server + "/table?q=cold+response")
    row = page.locator(f"[data-testid=table-row]:has(a[href^='/records/{cold['id']}'])")
    assert row.count() == 1 and "Denmark" in row.inner_text()
    page.goto(server + "/table?q=baltops")
    assert page.get_by_test_id("table-row").count() == 0
    page.goto(server + "/")
    titles = page.get_by_test_id("exercise-link").all_inner_texts()
    assert any("Cold Response" in t for t in titles) and not any("BALTOPS" in t for t in titles)
    assert page.locator(f"a[href^='/records/{baltops['id']}']").count() == 0
    page.goto(server + "/reviews")
    assert page.get_by_test_id("review-row").count() == 2
    page.screenshot(path=str(SHOTS / "review-3-after-reextract.png"), full_page=True)
    assert not errors


def test_browser_two_reviewers_second_sees_conflict_and_keeps_input(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    rec = next(i for i in browser.new_page().request.get(server + "/api/deployments").json()["items"])
    first = browser.new_page(viewport={"width": 1280, "height": 900})
    second = browser.new_page(viewport={"width": 1280, "height": 900})
    for page in (first, second):
        page.goto(server + f"/records/{rec['id']}")
        sign_in(page, "Ana" if page is first else "Ben")
    first.get_by_test_id("review-confirm").click()
    expect(first.get_by_test_id("review-status")).to_have_text("confirmed")
    second.get_by_test_id("correct-field").select_option("personnel")
    second.get_by_test_id("correct-value").fill("1200")
    second.get_by_test_id("correct-form").get_by_label("Reason").fill("the ministry's figure")
    second.get_by_test_id("correct-save").click()
    message = second.get_by_test_id("review-message")
    message.filter(has_text="changed since you loaded it").wait_for()
    assert "reload" in message.inner_text()
    assert second.get_by_test_id("correct-value").input_value() == "1200"  # nothing typed is lost
    second.screenshot(path=str(SHOTS / "review-4-conflict.png"), full_page=True)
    second.get_by_test_id("review-reload").click()
    second.wait_for_load_state()
    expect(second.get_by_test_id("review-status")).to_have_text("confirmed")
    # after the reload the correction is still in the form, the first reviewer's confirmation in the history
    assert second.get_by_test_id("correct-field").input_value() == "personnel"
    assert second.get_by_test_id("correct-value").input_value() == "1200"
    assert "Ana" in second.get_by_test_id("review-history").inner_text()
    second.get_by_test_id("correct-save").click()
    second.wait_for_selector("[data-testid=corrected-personnel]")
    assert "1200" in field_text(second, "personnel")
    assert [t.split(" · ")[0] for t in second.get_by_test_id("history-item").all_inner_texts()] == ["Ana", "Ben"]


def test_browser_add_a_record_from_a_selected_sentence(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    doc_id = exercise(page, server, "Cold Response")["sources"][0]
    doc = page.request.get(server + f"/api/documents/{doc_id}").json()
    sentence = max(doc["sentences"], key=lambda s: len(s["text"]))
    page.goto(server + f"/documents/{doc_id}")
    assert page.get_by_test_id("add-panel").is_hidden()
    # select the sentence's words as a reader does (drag from its first to its last character)
    span = page.locator(f"#s{sentence['index']}")
    span.scroll_into_view_if_needed()
    box = page.evaluate("""(id) => { const t = document.getElementById(id).firstChild, r = document.createRange();
        r.setStart(t, 0); r.setEnd(t, 1); const a = r.getBoundingClientRect();
        r.setStart(t, t.length - 1); r.setEnd(t, t.length); const b = r.getBoundingClientRect();
        return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2]; }""", f"s{sentence['index']}")
    page.mouse.move(box[0], box[1])
    page.mouse.down()
    page.mouse.move(box[2], box[3], steps=10)
    page.mouse.up()
    panel = page.get_by_test_id("add-panel")
    panel.wait_for(state="visible")
    assert page.get_by_test_id("add-selection").inner_text() == sentence["text"]
    assert int(page.get_by_test_id("add-start").inner_text()) == sentence["start"]
    assert int(page.get_by_test_id("add-end").inner_text()) == sentence["end"]
    page.screenshot(path=str(SHOTS / "review-5-selection.png"), full_page=False)
    sign_in(page, "Ana")
    page.get_by_test_id("add-type").select_option("exercise")
    page.get_by_test_id("add-exercise-name").fill("Quiet Harbour")
    page.get_by_test_id("add-exercise-year").fill("2024")
    page.get_by_test_id("add-exercise-participants").fill("Norway; Iceland")
    page.get_by_test_id("add-save").click()
    page.wait_for_url("**/records/ex_a*")
    assert page.get_by_test_id("record-title").inner_text().startswith("Quiet Harbour")
    assert page.get_by_test_id("review-status").inner_text() == "added"
    evidence = page.get_by_test_id("evidence-sentence")
    texts = {e.evaluate("e => [...e.childNodes].filter(n => n.nodeName !== 'FOOTER').map(n => n.textContent).join('')")
             .strip() for e in evidence.all()}
    assert texts == {sentence["text"]}  # the selected sentence is the record's evidence (its fields' and its own)
    assert "Norway, Iceland" in field_text(page, "participants")
    page.screenshot(path=str(SHOTS / "review-6-added.png"), full_page=True)
    evidence.first.get_by_test_id("evidence-link").click()
    page.wait_for_url("**/documents/**")
    assert page.get_by_test_id("evidence-mark").inner_text() == sentence["text"]


def test_browser_queue_keyboard(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/review")
    assert "c confirm" in page.get_by_test_id("shortcuts").inner_text()
    sign_in(page, "Ana")
    page.locator("h1").click()  # keys typed outside the form fields are shortcuts
    first = page.get_by_test_id("queue-item").get_attribute("data-record")
    page.keyboard.press("n")
    page.wait_for_url("**/review?at=1")
    second = page.get_by_test_id("queue-item").get_attribute("data-record")
    assert second != first
    page.keyboard.press("k")
    page.wait_for_url("**/review?at=0")
    page.keyboard.press("j")
    page.wait_for_url("**/review?at=1")
    page.keyboard.press("c")  # confirm: the record leaves the queue, the next one takes its place
    expect(page.get_by_test_id("queue-item")).not_to_have_attribute("data-record", second)
    assert page.request.get(server + f"/api/records/{second}").json()["review"]["status"] == "confirmed"
    page.screenshot(path=str(SHOTS / "review-7-queue.png"), full_page=True)
    third = page.get_by_test_id("queue-item").get_attribute("data-record")
    page.keyboard.press("r")  # reject: hidden from the lists, out of the queue
    expect(page.get_by_test_id("queue-item")).not_to_have_attribute("data-record", third)
    assert page.request.get(server + f"/api/records/{third}").json()["review"]["status"] == "rejected"
    fourth = page.get_by_test_id("queue-item").get_attribute("data-record")
    page.get_by_test_id("reviewer-name").press("End")
    page.get_by_test_id("reviewer-name").press("c")  # typed into a field: a letter, not a shortcut
    assert page.get_by_test_id("reviewer-name").input_value() == "Anac"
    page.locator("h1").click()
    page.keyboard.press("e")
    page.wait_for_url(f"**/records/{fourth}")
    assert page.request.get(server + f"/api/records/{fourth}").json()["review"]["status"] == "machine"


def test_browser_review_pages_axe_and_390px(server: str, browser: Any) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    items = page.request.get(server + "/api/exercises", params={"per_page": 5}).json()["items"]
    rid, doc = items[0]["id"], items[0]["sources"][0]
    urls = [f"/records/{rid}", f"/documents/{doc}", "/reviews", "/reviews?flagged=1", "/review"]
    found = {}
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        if url.startswith("/documents/"):  # the add form, shown as after a selection
            page.evaluate("document.querySelector('[data-testid=add-panel]').hidden = false")
        bad = serious_violations(page)
        if bad:
            found[url] = bad
    context.close()
    assert not found, found
    narrow = browser.new_page(viewport={"width": 390, "height": 844})
    for url in urls:
        narrow.goto(server + url)
        narrow.wait_for_load_state("networkidle")
        if url.startswith("/documents/"):
            narrow.evaluate("document.querySelector('[data-testid=add-panel]').hidden = false")
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
    narrow.goto(server + f"/records/{rid}#review")
    narrow.screenshot(path=str(SHOTS / "review-8-record-390px.png"), full_page=True)
