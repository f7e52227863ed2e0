"""The spaCy layer: our tokenizer rules, the paragraph component and the gazetteer component,
on invented sentences."""

from __future__ import annotations

import pytest

from alliancegraph.config import Settings
from alliancegraph.nlp import load_nlp
from alliancegraph.nlp.gazetteer import gazetteer


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp(Settings.load().spacy_model)


def test_nlp_tokenizer_splits_edition_years_slashes_and_footnotes(nlp) -> None:  # type: ignore[no-untyped-def]
    words = [t.text for t in nlp.make_doc("Steppe Eagle-2024 at /Kazakhstan/ with the CSTO.[3] and Search/Poisk")]
    assert words == ["Steppe", "Eagle", "-", "2024", "at", "/", "Kazakhstan", "/", "with", "the", "CSTO", ".",
                     "[3]", "and", "Search", "/", "Poisk"]


def test_nlp_gazetteer_component_hits_on_doc_extension(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Kazakh and Kyrgyz units joined Steppe Eagle-2024 near Almaty under the CSTO flag.")
    got = [(h.text, h.label, h.key) for h in doc._.ag_hits]
    assert ("Kazakh", "DEMONYM", "Kazakhstan") in got and ("Kyrgyz", "DEMONYM", "Kyrgyzstan") in got
    assert ("Steppe Eagle", "SERIES", "Steppe Eagle") in got and ("CSTO", "ORG", "CSTO") in got
    assert [(s.text, s.label_) for s in doc.spans["ag"]] == [(h.text, h.label) for h in doc._.ag_hits]
    assert nlp.get_pipe_config("ag_gazetteer")["spans_key"] == "ag"


def test_nlp_gazetteer_hyphen_prefix_and_compound(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Pro-Russian and anti-NATO groups protested; the African Union-UN mission stayed.")
    keys = [h.key for h in doc._.ag_hits]
    assert "Russia" not in keys and "NATO" not in keys
    assert "UN" in keys and "AU" in keys


def test_nlp_gazetteer_find_matches_the_component(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Uzbek, Tajik and Russian troops trained at the Forish range, the Uzbek defence ministry said."
    assert gazetteer().find(text) == nlp(text)._.ag_hits


def test_nlp_line_first_word_is_not_a_sentence_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Briefs\n\nMongolia hosts a peacekeeping drill with Indian troops near Ulaanbaatar on Monday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Briefs", "Mongolia hosts a peacekeeping drill with Indian troops near Ulaanbaatar on Monday."]


def test_nlp_sentence_goes_on_after_an_abbreviated_rank(nlp) -> None:  # type: ignore[no-untyped-def]
    from alliancegraph.nlp import sentences_of

    doc = nlp('"The crews trained for every kind of weather this week," said Royal Navy Cdre. Jane Roe OBE. '
              "Then the ships left port.")
    assert [s.text for s in sentences_of(doc)] == [
        '"The crews trained for every kind of weather this week," said Royal Navy Cdre. Jane Roe OBE.',
        "Then the ships left port."]
