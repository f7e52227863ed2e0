"""The analyst's selection read from and written back to URLs (query/selection.py)."""

from __future__ import annotations

import pytest

from alliancegraph.query.selection import Selection, SelectionError


def test_selection_blank_fields_are_not_set() -> None:
    sel = Selection.parse({"country": "Kazakhstan", "organization": "", "type": " ", "status": "", "from": "",
                           "to": "", "q": ""})
    assert sel == Selection(country="Kazakhstan") and sel.params() == {"country": "Kazakhstan"}
    assert Selection.parse({}).is_empty()


def test_selection_normalizes_and_round_trips() -> None:
    sel = Selection.parse({"organization": "csto", "type": "Exercises", "status": "Held", "from": "2012",
                           "to": "2024", "q": "steppe eagle"})
    assert (sel.organization, sel.type, sel.status, sel.year_from, sel.year_to) == ("CSTO", "exercise", "held", 2012, 2024)
    assert Selection.parse(dict(pair.split("=") for pair in sel.query().replace("+", " ").split("&"))) == sel
    assert Selection.parse({"organization": "pfp"}).organization == "PfP"


def test_selection_links_keep_it() -> None:
    sel = Selection(country="Kazakhstan", year_from=2012)
    assert sel.link("/map") == "/map?country=Kazakhstan&from=2012"
    assert sel.link("/table", {"sort": "year", "page": 2}) == "/table?country=Kazakhstan&from=2012&sort=year&page=2"
    assert sel.link("/", country=None) == "/?from=2012"
    assert [a["clear"] for a in sel.active()] == ["from=2012", "country=Kazakhstan"]
    assert Selection().link("/network") == "/network"


@pytest.mark.parametrize("params, message", [
    ({"from": "20x4"}, "'from' must be a year"),
    ({"to": "99999"}, "'to' must be a year"),
    ({"from": "2024", "to": "2012"}, "swap them"),
    ({"type": "citation"}, "'type' must be one of"),
    ({"status": "done"}, "'status' must be one of"),
    ({"q": "x" * 201}, "longer than 200"),
])
def test_selection_bad_values_say_what_to_type(params: dict[str, str], message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        Selection.parse(params)
