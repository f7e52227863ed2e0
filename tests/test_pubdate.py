"""Publication-date inference: each rule on our own lines, and the seeds end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancegraph.ingest.pubdate import infer_published, parse_published_option

SEED_DATES = {
    "002_15d8aaadc7ff9476": ("2012-10-17", "day"),
    "003_c87e902f2e8b2e0c": ("2009-06", "month"),
    "000_84c2ed541a5655be": ("2024-02", "month"),
    "004_41a9187be2c48556": ("2022-09-30", "day"),
    "001_0c3b9fe2760f7455": ("2022", "year"),
}


@pytest.mark.parametrize("doc_id", sorted(SEED_DATES))
def test_pubdate_seeds(seeds: Path, doc_id: str) -> None:
    dv = infer_published((seeds / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert dv is not None
    assert (dv.value, dv.precision) == SEED_DATES[doc_id]
    assert dv.rule


@pytest.mark.parametrize(("text", "url", "expected", "rule"), [
    ("Navy drills end\n\nShips left port on Friday.\n\n05.06.2023", None, "2023-06-05", "labelled-line"),
    ("Published: 2021-03-09\nDrills begin\nTroops arrived on Monday.", None, "2021-03-09", "labelled-line"),
    ("Drills begin\nDate: June 5, 2023\nTroops arrived.", None, "2023-06-05", "labelled-line"),
    ("Exercise opens\nTroops from four states gathered.", "https://news.example/2019/08/14/drill", "2019-08-14", "url"),
    ("Exercise opens\nhttps://news.example.org/world/20180522-caspian-drill\nShips gathered.", None, "2018-05-22", "url"),
    ("Drill ends\nTALLINN, June 18 (Baltic Wire) -- The exercise that began on June 4, 2023 ended.",
     None, "2023-06-18", "dateline"),
    ("Drill ends\n\nORENBURG, May 12, 2021 — Units ended the exercise on Wednesday.", None, "2021-05-12", "dateline"),
    ("Drill ends\nVILNIUS, June 3. /Baltic Wire/. Tanks left the range. It began on May 20, 2022.", None,
     "2022-06-03", "dateline"),
    ("Troops arrive\nSan Miguel, 14 March, (Wire Service): A company arrived on March 12, 2019.", None,
     "2019-03-14", "dateline"),
    ("OTAR RANGE /Kazakhstan/, August 2. The drills of 2017 ended on August 1, 2017.", None, "2017-08-02",
     "dateline"),
    ("Title\nPublication: Eurasia Daily Monitor Volume: 10 Issue: 2\nText about drills.", None, "2013-01", "periodical"),
    ("Drills\nText.\n[1] Report, (Date of Accession: 12.03.2020).\n[2] Other, (Date of Accession: 14.03.2020).",
     None, "2020-03-14", "access-date"),
    ("Drills\nThe exercise was held on May 3, 2016, and again in July 2017 near the border.", None, "2017",
     "latest-event"),
])
def test_pubdate_rules(text: str, url: str | None, expected: str, rule: str) -> None:
    dv = infer_published(text, url)
    assert dv is not None and dv.value == expected
    assert dv.rule.startswith(rule)


def test_pubdate_sentence_with_a_date_is_no_dateline() -> None:
    dv = infer_published("Talks\nThe envoys met in Geneva, June 5. Nothing changed after June 7, 2020.")
    assert dv is not None and dv.rule.startswith("latest-event")


def test_pubdate_none_when_no_date() -> None:
    assert infer_published("Drills were held.\nNobody said when.") is None


def test_pubdate_precision_never_invented() -> None:
    dv = infer_published("Drills\nThe exercise took place in October 2015.")
    assert dv is not None and dv.precision == "year"


def test_published_option_parsing() -> None:
    assert parse_published_option("2012").value == "2012"
    assert parse_published_option("2012-10").precision == "month"
    assert parse_published_option("October 17, 2012").value == "2012-10-17"
    with pytest.raises(ValueError):
        parse_published_option("yesterday")
    with pytest.raises(ValueError):
        parse_published_option("2012-13-40")


def _demo_gold() -> list[tuple[str, str]]:
    from conftest import DEMO, ROOT

    gold = json.loads((ROOT / "tests" / "articles" / "demo.gold.json").read_text(encoding="utf-8"))
    return [(str(DEMO / f"{d['id']}.txt"), d["published"]) for d in gold["documents"]]


@pytest.mark.parametrize(("path", "published"), _demo_gold())
def test_pubdate_demo_articles(path: str, published: str) -> None:
    """Our own articles state their dates in 14 different ways."""
    dv = infer_published(Path(path).read_text(encoding="utf-8"))
    assert dv is not None and dv.value == published
