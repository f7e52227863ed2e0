"""Browser tests in headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
timeline → record → evidence, and hostile article text rendered as text everywhere.
Screenshots are saved under test-output/browser/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app as cli_app
from alliancegraph.store import Store
from alliancegraph.web import create_app
from browserkit import SHOTS, chromium, require_browser, serious_violations, served
from conftest import DEMO, SEEDS

HOSTILE = ("Exercise <script>alert(1)</script> report\n\nPublished: 2023-05-02\n\nTroops from Kazakhstan and "
           "Kyrgyzstan held the Cedar Quarry-2023 exercise in Kazakhstan from May 1 to May 3, 2023. Observers "
           "said <img src=x onerror=alert(2)> was nowhere to be seen. \"<script>alert(3)</script> is what the "
           "drill rehearsed against,\" said Colonel Aigerim Sadykova.\n")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    tmp = tmp_path_factory.mktemp("browser")
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(tmp / "kb.db")
    corpus = str(SEEDS) if SEEDS.is_dir() else str(DEMO)
    runner = CliRunner()
    assert runner.invoke(cli_app, ["ingest", corpus, str(tmp / "hostile.txt"), "--db", db]).exit_code == 0
    with served(create_app(Store(db))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as b:
        yield b


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
    sentence = page.get_by_test_id("evidence-sentence").first
    quoted = sentence.locator("mark").inner_text()
    sentence.get_by_test_id("evidence-link").click()
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


# -- the analyst's explorer (issue 12) ----------------------------------------------------------
SHOT_OF = {"/countries": "15-countries.png", "/organizations/CSTO": "16-organization.png",
           "/documents": "17-documents.png", "/disputes": "18-disputes.png", "/search?q=exercise": "19-search.png",
           "/?from=abc": "20-error-page.png"}
KNOWN = "Kazakhstan"


def _local_only(server: str, urls: list[str]) -> list[str]:
    return [u for u in urls if not (u.startswith(server + "/") or u.startswith("data:"))]


def test_browser_country_only_filter_on_timeline(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Typing only a country and pressing Apply filters (blank year boxes are not set): a page,
    not a JSON 422."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    everything = page.get_by_test_id("exercise-link").count()
    form = page.get_by_test_id("selection-form")
    form.get_by_label("Country").fill(KNOWN)
    form.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/?*country=" + KNOWN + "*")
    assert "from=&" in page.url or page.url.endswith("q=")  # the empty boxes were sent…
    assert page.locator("h1").first.inner_text().endswith("by year")  # …and it is the timeline page
    assert page.get_by_test_id("active-filters").inner_text().count("country: " + KNOWN) == 1
    shown = page.get_by_test_id("exercise-link").count()
    assert 0 < shown < everything
    api = page.request.get(server + "/api/exercises", params={"country": KNOWN, "per_page": 500}).json()
    assert shown == api["total"]
    page.screenshot(path=str(SHOTS / "7-timeline-country-filter.png"), full_page=True)
    page.goto(server + "/?country=&from=abc")
    assert page.get_by_test_id("error-status").inner_text() == "422"
    assert "'from' must be a year" in page.get_by_test_id("error-message").inner_text()


def test_browser_selection_travels_and_map_is_offline(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sel = f"country={KNOWN}&from=2012&to=2024"
    page.goto(server + "/?" + sel)
    page.wait_for_selector("#timeaxis[data-ready]")
    assert page.get_by_test_id("time-bar").count() == page.get_by_test_id("exercise-link").count() > 0
    page.screenshot(path=str(SHOTS / "8-timeline-axis.png"), full_page=True)

    page.get_by_test_id("nav-map").click()
    page.wait_for_url("**/map?*")
    assert sel in page.url
    page.wait_for_selector("#map[data-ready]")
    assert page.locator("#map .land path").count() > 150  # Natural Earth countries, drawn offline
    points = page.get_by_test_id("map-point").count()
    api = page.request.get(server + "/api/map?" + sel).json()
    assert points == len(api["points"]) > 0
    page.get_by_test_id("map-year").fill("1")  # first year only
    first_year = min(p["year"] for p in api["points"] if p["year"] is not None)
    assert page.locator("#map-year-label").inner_text() == str(first_year)
    visible = page.locator("[data-testid=map-point]:visible").count()
    assert visible == sum(p["year"] == first_year for p in api["points"])
    page.screenshot(path=str(SHOTS / "9-map.png"), full_page=True)
    outside = _local_only(server, requests)
    assert requests and not outside, outside

    page.get_by_test_id("nav-table").click()
    page.wait_for_url("**/table?*")
    assert sel in page.url
    total = page.request.get(server + "/api/table?" + sel).json()["total"]
    assert int(page.get_by_test_id("table-total").inner_text()) == total > 0
    assert page.get_by_test_id("table-row").count() == min(total, 50)
    page.get_by_test_id("sort-personnel").click()
    page.wait_for_url("**sort=personnel**")
    assert sel in page.url
    csv_href = page.get_by_test_id("export-csv").get_attribute("href")
    assert csv_href and sel in csv_href
    csv_rows = page.request.get(server + csv_href).text().strip().splitlines()
    assert len(csv_rows) == total + 1
    page.screenshot(path=str(SHOTS / "10-table.png"), full_page=True)

    page.get_by_test_id("nav-network").click()
    page.wait_for_url("**/network?*")
    assert sel in page.url
    page.wait_for_selector("#network[data-ready]")
    form = page.get_by_test_id("selection-form")
    assert form.get_by_label("Country").input_value() == KNOWN and form.get_by_label("From").input_value() == "2012"
    assert page.locator("#network .node").count() > 3
    assert not errors


def test_browser_vectors_segment_opens_engagements(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + f"/countries/{KNOWN}")
    page.wait_for_selector("#vectors .segment")
    vec = page.request.get(server + f"/api/vectors/{KNOWN}").json()
    year = next(y for y in reversed(vec["years"]) if y["year"] is not None)
    bloc = max(vec["blocs"], key=lambda b: year[b])
    page.get_by_test_id(f"segment-{year['year']}-{bloc}").click()
    title = page.get_by_test_id("vectors-detail-title").inner_text()
    assert f"{bloc} · {year['year']}: {year[bloc]} engagement(s)" in title
    assert page.get_by_test_id("engagement").count() == year[bloc]
    evidence = page.get_by_test_id("engagement-evidence")
    assert evidence.count() >= year[bloc]
    doc_id = (evidence.first.locator("a").get_attribute("href") or "").split("/documents/")[1].split("?")[0]
    sentences = [s["text"] for s in page.request.get(server + f"/api/documents/{doc_id}").json()["sentences"]]
    shown = evidence.first.evaluate("e => [...e.childNodes].filter(n => n.nodeName !== 'FOOTER')"
                                    ".map(n => n.textContent).join('')")
    assert shown in sentences and evidence.first.locator("mark").count() == 1  # the full sentence, span marked
    page.screenshot(path=str(SHOTS / "11-vectors-segment.png"), full_page=True)
    page.get_by_test_id("vec-share").check()
    assert page.locator("#vectors .tick text").filter(has_text="100%").count() == 1


def test_browser_record_shows_full_evidence_for_every_field(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    q = "Brotherhood" if SEEDS.is_dir() else "BALTOPS"
    item = next(i for i in page.request.get(server + "/api/exercises", params={"q": q, "per_page": 500}).json()["items"]
                if i["year"])
    page.goto(server + f"/records/{item['id']}")
    rows = page.locator("tr[data-testid^=field-]")
    fields = [r.get_attribute("data-testid") for r in rows.all()]
    assert {"field-name", "field-aliases", "field-year"} <= set(fields)
    docs: dict[str, list[str]] = {}
    for r in rows.all():
        sentences = r.get_by_test_id("evidence-sentence")
        assert sentences.count() >= 1, r.get_attribute("data-testid")
        first = sentences.first
        href = first.get_by_test_id("evidence-link").get_attribute("href") or ""
        doc_id = href.split("/documents/")[1].split("?")[0].split("#")[0]
        if doc_id not in docs:
            docs[doc_id] = [s["text"] for s in page.request.get(server + f"/api/documents/{doc_id}").json()["sentences"]]
        text = first.evaluate("e => e.firstChild ? [...e.childNodes].filter(n => n.nodeName !== 'FOOTER')"
                              ".map(n => n.textContent).join('') : ''").strip()
        assert text in docs[doc_id], (r.get_attribute("data-testid"), text)  # the whole sentence
    year_row = page.get_by_test_id("field-year")
    assert year_row.locator("mark").first.inner_text() == str(item["year"])
    sources = page.get_by_test_id("source")
    names = [s.inner_text() for s in sources.all()]
    assert len(names) == len(set(names)) == len(item["sources"])
    page.screenshot(path=str(SHOTS / "12-record-evidence.png"), full_page=True)


def test_browser_network_legend_roles_labels(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-ready]")
    assert page.get_by_test_id("network-legend").is_visible()
    roles = set(page.eval_on_selector_all("#network line", "ls => ls.map(l => l.dataset.role)"))
    assert {"host", "participant", "organizer"} <= roles
    boxes = page.eval_on_selector_all(
        "#network .node.labelled text",
        "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })")
    svg = page.locator("#network").bounding_box()
    assert svg and len(boxes) >= 5
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not overlaps
    outside = [b for b in boxes if b[0] < svg["x"] - 1 or b[2] > svg["x"] + svg["width"] + 1
               or b[1] < svg["y"] - 1 or b[3] > svg["y"] + svg["height"] + 1]
    assert not outside
    page.screenshot(path=str(SHOTS / "13-network.png"))
    page.goto(server + "/network?from=20x4")
    assert page.get_by_test_id("error-status").inner_text() == "422"
    page.goto(server + "/network?from=1990&to=1991")
    page.wait_for_selector("#network[data-ready]")
    assert "Nothing in this selection" in page.get_by_test_id("network-message").inner_text()


def test_browser_country_page_fits_390px(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for url in (f"/countries/{KNOWN}", "/", "/map", "/table", "/network", "/countries", "/documents", "/disputes",
                "/organizations/CSTO", "/search?q=exercise", f"/records/{_any_record(page, server)}"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
    page.goto(server + f"/countries/{KNOWN}")
    page.wait_for_selector("#vectors .segment")
    page.screenshot(path=str(SHOTS / "14-country-390px.png"), full_page=True)


def _any_record(page, server: str) -> str:  # type: ignore[no-untyped-def]
    return page.request.get(server + "/api/exercises", params={"country": KNOWN}).json()["items"][0]["id"]


def test_browser_axe_no_serious_violations(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """axe-core (vendored from npm) on every page: no serious or critical violation."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    rid = _any_record(page, server)
    urls = ["/", f"/?country={KNOWN}", "/map", "/table", "/network", "/countries", f"/countries/{KNOWN}",
            "/organizations", "/organizations/CSTO", "/documents", "/disputes", f"/records/{rid}",
            "/documents/hostile", "/search?q=exercise", "/?from=abc"]
    found = {}
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        if url in SHOT_OF:
            page.screenshot(path=str(SHOTS / SHOT_OF[url]), full_page=True)
        bad = serious_violations(page)
        if bad:
            found[url] = bad
    context.close()
    assert not found, found


def test_browser_time_axis_brush_sets_years(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + f"/?country={KNOWN}")
    page.wait_for_selector("#timeaxis[data-ready]")
    dated = page.locator("[data-testid^=year-]:not([data-testid=year-series]) [data-testid=exercise-link]")
    assert page.get_by_test_id("time-bar").count() == dated.count() > 0  # one bar per dated edition
    disputed = page.locator("#timeaxis rect.disputed").count()
    assert disputed == sum(1 for s in page.request.get(server + f"/api/timeline?country={KNOWN}").json()["spans"]
                           if s["disputed"])
    box = page.locator("[data-testid=time-brush] .overlay").bounding_box()
    assert box
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=8)
    page.mouse.up()
    page.wait_for_url("**to=*")
    assert f"country={KNOWN}" in page.url and "from=" in page.url
    form = page.get_by_test_id("selection-form")
    lo, hi = int(form.get_by_label("From").input_value()), int(form.get_by_label("To").input_value())
    assert lo <= hi
    years = [int(t.get_attribute("data-testid").split("-")[1]) for t in page.locator("[data-testid^=year-]").all()
             if t.get_attribute("data-testid") != "year-series"]
    assert years and all(lo <= y <= hi for y in years)
