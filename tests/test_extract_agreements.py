"""Agreements on sentences written for these tests (no seed or challenge text): one test per rule
of extract/agreements.py, with the real spaCy model. Every sentence is invented; the structure
follows how wire copy and ministry releases report signings."""

from __future__ import annotations

import pytest

from alliancegraph.models import Agreement, Extraction

from test_extract import run


def agreements(text: str, published: str) -> dict[str, Agreement]:
    x: Extraction = run(text, published)
    return {a.name: a for a in x.agreements}


def value(a: Agreement) -> str | None:
    return a.date.value if a.date else None


# ---------------------------------------------------------------- names from noun phrases


def test_descriptive_name_keeps_its_complement_and_stops_at_place_date_and_partner() -> None:
    got = agreements("Armenia and Georgia signed an agreement on cooperation in border security in Tbilisi on "
                     "Friday, the Armenian Defence Ministry said.", "2024-03-11")
    a = got["Agreement on cooperation in border security"]
    assert set(a.parties) == {"Armenia", "Georgia"}
    assert value(a) == "2024-03-08" and a.place == "Tbilisi"
    assert a.aliases == []  # truncated prefixes ("Agreement on cooperation") are not names of their own


def test_noun_compound_name_and_with_partner() -> None:
    got = agreements("Mongolia signed a border security cooperation agreement with Kazakhstan in Astana on "
                     "August 3, 2021.", "2021-08-05")
    a = got["Border security cooperation agreement"]
    assert set(a.parties) == {"Mongolia", "Kazakhstan"} and value(a) == "2021-08-03" and a.place == "Astana"


def test_capitalised_name_with_acronym_and_year_prefix() -> None:
    got = agreements("The new accord builds on the 2004 Coastal Patrol Treaty (CPT), which Chile and Peru have "
                     "renewed twice.", "2020-01-10")
    a = got["Coastal Patrol Treaty"]
    assert a.aliases[0] == "CPT" and value(a) == "2004"


def test_quoted_plan_keeps_its_period_and_the_list_date() -> None:
    got = agreements('Officials in Baku said the two governments had signed a "Naval Training Plan for 2021-2023" '
                     'and a "Three-Year Support Plan for the Caspian Flotilla" in November 2020, after talks '
                     'with Kazakhstan.', "2021-02")
    plan = got["Naval Training Plan for 2021-2023"]
    assert "Naval Training Plan" in plan.aliases and value(plan) == "2020-11"
    assert value(got["Three-Year Support Plan for the Caspian Flotilla"]) == "2020-11"  # the list shares its date


def test_pronoun_complement_is_cut_from_the_name() -> None:
    got = agreements("The presidents of Armenia and Azerbaijan signed a joint declaration on a lasting truce "
                     "along their common border late on Tuesday.", "2023-07-06")
    a = got["Joint declaration on a lasting truce"]
    assert value(a) == "2023-07-04" and set(a.parties) == {"Armenia", "Azerbaijan"}


def test_joint_statement_with_complement() -> None:
    got = agreements("On Wednesday, the leaders of Uzbekistan, Tajikistan and China signed a joint statement on "
                     "water sharing along the Amu Darya basin.", "2022-05-13")
    a = got["Joint statement on water sharing along the Amu Darya basin"]
    assert set(a.parties) == {"Uzbekistan", "Tajikistan", "China"} and value(a) == "2022-05-11"


def test_definite_complement_names_the_entity_told_before() -> None:
    got = agreements("Ministers reviewed the NATO Response Force at the meeting.\n\nNorway then put its name to "
                     "the agreement on the force. Norway signed the agreement on the force in Oslo on May 2, 2019.",
                     "2019-05-10")
    a = got["NRF agreement"]
    assert a.place == "Oslo" and value(a) == "2019-05-02" and "Norway" in a.parties


def test_organisation_founded_by_a_charter() -> None:
    got = agreements("The SCO was created by a charter that its six founders signed in Saint Petersburg in "
                     "June 2002.", "2012-01-01")
    a = got["Charter of the Shanghai Cooperation Organization"]
    assert value(a) == "2002-06" and a.place == "Saint Petersburg"


# ---------------------------------------------------------------- signing verbs and their arguments


def test_ratification_law_is_not_an_agreement_and_the_agreement_dates_itself() -> None:
    got = agreements("The president on Monday signed the Law on Ratification of the Agreement on Joint Border "
                     "Patrols between Kazakhstan and Kyrgyzstan. It was signed in Bishkek on June 4, 2021.",
                     "2022-02-15")
    assert list(got) == ["Agreement on Joint Border Patrols"]
    a = got["Agreement on Joint Border Patrols"]
    assert value(a) == "2021-06-04" and a.place == "Bishkek" and set(a.parties) == {"Kazakhstan", "Kyrgyzstan"}


def test_ratified_agreement_takes_the_signing_of_its_relative_clause() -> None:
    got = agreements("ASTANA, June 3. Lawmakers in Kazakhstan on Thursday ratified the agreement on the joint use "
                     "of the Balkhash radar station, which both heads of state had signed in April. Russian officers "
                     "will man the radar.", "2021-06-03")
    a = got["Agreement on the joint use of the Balkhash radar station"]
    assert value(a) == "2021-04" and set(a.parties) == {"Kazakhstan", "Russia"}


def test_participle_after_the_name_gives_date_and_place() -> None:
    got = agreements("Armenia's radars are being upgraded by Russia under a memorandum on air defence "
                     "modernisation signed in Yerevan on March 2, 2018.", "2018-03-05")
    a = got["Memorandum on air defence modernisation"]
    assert value(a) == "2018-03-02" and a.place == "Yerevan" and set(a.parties) == {"Russia", "Armenia"}


def test_definite_reference_adds_to_the_agreement_named_before() -> None:
    got = agreements("Armenian and Georgian army staffs have signed a joint staff training plan for 2024, a "
                     "ministry bulletin said. The plan was signed on January 16 by General Irakli Beridze and his "
                     "Armenian colleague during a two-day stay in Yerevan.", "2024-01-17")
    a = got["Joint staff training plan for 2024"]
    assert "Joint staff training plan" in a.aliases
    assert set(a.parties) == {"Georgia", "Armenia"} and value(a) == "2024-01-16" and a.place == "Yerevan"


def test_agreement_named_in_passing_takes_up_a_later_signing() -> None:
    got = agreements("Oman and India signed a protocol on spare parts for the agreement on the naval repair dock "
                     "at the Duqm port. That agreement had been signed in Muscat on May 9, 2019.", "2023-04-01")
    dock = got["Agreement on the naval repair dock at the Duqm port"]
    assert value(dock) == "2019-05-09" and dock.place == "Muscat"
    assert "Protocol on spare parts" in got


def test_year_prefixed_agreement_beside_a_signing_shares_its_parties() -> None:
    got = agreements("A protocol amending the 2015 agreement on a joint helicopter school was signed by Serbia and "
                     "Hungary on Tuesday.", "2021-03-12")
    old = got["Agreement on a joint helicopter school"]
    assert value(old) == "2015" and set(old.parties) == {"Serbia", "Hungary"}
    assert value(got["Protocol amending the 2015 agreement on a joint helicopter school"]) == "2021-03-09"


def test_similar_accords_give_one_record_per_partner_and_date() -> None:
    got = agreements("Georgia and Moldova signed a cyber defence agreement on Monday. Before that, Georgia signed "
                     "similar accords with Ukraine in 2015 and with Poland last year.", "2020-09-16")
    by_partner = {tuple(sorted(a.parties)): a for a in got.values()}
    assert value(by_partner[("Georgia", "Ukraine")]) == "2015"
    assert value(by_partner[("Georgia", "Poland")]) == "2019"
    assert "Georgia-Ukraine cyber defence agreement" in got


def test_capital_as_signer() -> None:
    got = agreements("Ankara signed a memorandum on military education with Tbilisi in 2017.", "2020-01-01")
    assert set(got["Memorandum on military education"].parties) == {"Türkiye", "Georgia"}


def test_two_countries_as_signer() -> None:
    got = agreements("A treaty on naval training, which the presidents of the two countries signed in Lima on "
                     "March 3, 2015, keeps Chile in the programme after years of talks with Peru.", "2016-01-01")
    assert set(got["Treaty on naval training"].parties) == {"Chile", "Peru"}


# ---------------------------------------------------------------- decisions


def test_summit_decision_to_establish() -> None:
    got = agreements("At a summit in Yerevan on Monday, the heads of the CSTO states decided to establish a joint "
                     "cyber defence centre for the region.", "2022-11-24")
    a = got["Decision to establish a joint cyber defence centre"]
    assert value(a) == "2022-11-21" and a.place == "Yerevan"


def test_adopted_decision_on_the_establishment() -> None:
    got = agreements("Meeting in Bishkek on Thursday, SCO defence chiefs adopted a decision on the establishment "
                     "of a joint de-mining school.", "2023-05-13")
    a = got["Decision on the establishment of a joint de-mining school"]
    assert value(a) == "2023-05-11" and a.place == "Bishkek"


# ---------------------------------------------------------------- places


def test_dateline_city_is_the_place_of_a_fresh_signing() -> None:
    got = agreements("VILNIUS, March 3. Lithuania and Poland signed a protocol on air policing on Thursday.",
                     "2022-03-03")
    a = got["Protocol on air policing"]
    assert a.place == "Vilnius" and value(a) == "2022-03-03"


def test_dateline_city_is_not_the_place_of_an_old_signing() -> None:
    got = agreements("RIGA - Navy divers on Friday finished their first drill under the Baltic Mine Clearance "
                     "Arrangement (BMCA) signed last October.", "2019-05-20")
    a = got["Baltic Mine Clearance Arrangement"]
    assert a.place is None and value(a) == "2018-10"


def test_event_told_before_gives_place() -> None:
    got = agreements("Last week's summit in Singapore drew eleven leaders.\n\nAt that meeting on June 3, the "
                     "leaders of Vietnam and Laos signed a joint statement.", "2019-06-10")
    a = got["Singapore joint statement"]
    assert value(a) == "2019-06-03" and set(a.parties) == {"Vietnam", "Laos"}


def test_nth_day_of_an_event() -> None:
    got = agreements("A memorandum on water security was signed by the presidents of Uzbekistan and Tajikistan on "
                     "the second day of a two-day summit that began on October 14 at the resort of Charvak.",
                     "2021-10")
    a = got["Memorandum on water security"]
    assert value(a) == "2021-10-15" and a.place == "Charvak"


# ---------------------------------------------------------------- dates told relative to something else


def test_weekday_in_an_article_dated_by_month() -> None:
    got = agreements("Chile and Peru signed a Coastal Rescue Agreement (CRA) on Tuesday.", "2021-05")
    assert value(got["Coastal Rescue Agreement"]) == "2021-05"


def test_signed_at_the_time_takes_the_date_and_place_told_before() -> None:
    got = agreements("Five defence ministers gathered in Minsk in March 2003 for a day of talks.\n\nThe Minsk "
                     "Air Defence Accord, signed at the time, is still in force.", "2015-01-01")
    a = got["Minsk Air Defence Accord"]
    assert value(a) == "2003-03" and a.place == "Minsk"


def test_later_takes_the_year_of_the_earlier_date() -> None:
    got = agreements("The minister attacked the alliance in May 2014 and later Chisinau signed a fuel transit "
                     "agreement with NATO.", "2015-02-01")
    a = got["Fuel transit agreement"]
    assert value(a) == "2014" and set(a.parties) == {"Moldova", "NATO"}


def test_signing_told_as_done_is_not_after_the_article() -> None:
    got = agreements("Mongolian medics will serve with the mission next year under a memorandum on joint medical "
                     "training signed with Kazakhstan in December.", "2019-11-22")
    assert value(got["Memorandum on joint medical training"]) == "2018-12"


# ---------------------------------------------------------------- what is not an agreement (yet)


@pytest.mark.parametrize("text", [
    "A status-of-forces treaty for the airfield is due to be signed next year.",
    "Talks between Norway and Iceland on a proposed fisheries protection treaty collapsed again.",
    "\"Our government is ready to sign the coastal defence treaty tomorrow,\" the minister said.",
    "Officials said no agreement on the radar station had been signed yet.",
    "Diplomats have debated a treaty on shared early-warning radars for years.",
    "Lawyers are still drafting the planned security pact.",
    "A parliamentary report cited both plans this month.",
    "The ministry said in a statement on Friday that the drills were over.",
    "No decision on further drills has been taken.",
])
def test_planned_negotiated_or_merely_mentioned_agreements_give_no_record(text: str) -> None:
    assert agreements(text, "2023-06-15") == {}


def test_a_headline_restates_the_first_sentence() -> None:
    got = agreements("Chile and Peru sign coast guard pact in Lima\n\nChile and Peru signed a coast guard "
                     "cooperation agreement in Lima on Monday.", "2021-09-14")
    assert list(got) == ["Coast guard cooperation agreement"]


def test_acronym_mentions_with_different_heads_are_one_agreement() -> None:
    got = agreements("Moldova declined to sign the NRF treaty. Ministers reviewed the NATO Response Force at the "
                     "meeting. Norway signed the agreement on the force in Oslo on May 2, 2019.", "2019-05-10")
    assert got["NRF agreement"].aliases[-1] == "NRF treaty" and "Moldova" not in got["NRF agreement"].parties


def test_records_of_one_name_share_parties() -> None:
    got = run("In March 2021, Georgia signed a new Membership Action Plan with NATO for 2021 to 2023; it had been "
              "the first state in Europe to join MAP in May 2011.", "2021-06-01").agreements
    by_date = {a.date.value: a for a in got if a.name == "Membership Action Plan" and a.date}
    assert set(by_date) == {"2021-03", "2011-05"}
    assert set(by_date["2011-05"].parties) == {"Georgia", "NATO"}


def test_city_in_the_name_is_the_place() -> None:
    got = agreements("The Riga Protocol was signed in 1994 by three states.", "2010-01-01")
    assert got["Riga Protocol"].place == "Riga" and value(got["Riga Protocol"]) == "1994"


def test_partner_between_head_and_complement_is_left_out_of_the_name() -> None:
    got = agreements("Kazakhstan signed an agreement with Türkiye on military intelligence cooperation in Ankara "
                     "on Tuesday.", "2022-05-12")
    a = got["Agreement on military intelligence cooperation"]
    assert set(a.parties) == {"Kazakhstan", "Türkiye"} and a.place == "Ankara" and value(a) == "2022-05-10"


def test_memorandum_of_understanding_and_plural_documents() -> None:
    got = agreements("Chile and Peru signed a memorandum of understanding (MoU) on coast guard training. The "
                     "documents were signed in Lima on July 2, 2018.", "2018-07-03")
    a = got["Memorandum of understanding on coast guard training"]
    assert "MoU" in a.aliases and value(a) == "2018-07-02" and a.place == "Lima"
    assert len(got) == 1


def test_bare_or_counted_agreements_are_neither_records_nor_references() -> None:
    got = agreements("Chile and Peru signed an agreement on coast guard training in 2016. On Tuesday the two "
                     "countries signed 12 agreements in Lima.", "2018-07-05")
    a = got["Agreement on coast guard training"]
    assert value(a) == "2016" and a.place is None and len(got) == 1


def test_agreed_on_a_roadmap() -> None:
    got = agreements("Georgia and NATO agreed on a roadmap for defence education reform in 2019.", "2020-01-01")
    assert set(got["Roadmap for defence education reform"].parties) == {"Georgia", "NATO"}


def test_ratifying_state_and_partner_are_parties_and_ratification_day_is_no_signing_date() -> None:
    got = agreements("Armenia's parliament on Wednesday ratified an agreement with Iran on joint border "
                     "monitoring.", "2023-10-12")
    a = got["Agreement on joint border monitoring"]
    assert set(a.parties) == {"Armenia", "Iran"} and a.date is None


def test_partners_between_name_and_period() -> None:
    got = agreements("At the end of the talks the ministers signed a cooperation plan between the defence "
                     "ministries of Serbia and Greece for 2019.", "2018-11-20")
    assert set(got["Cooperation plan for 2019"].parties) == {"Serbia", "Greece"}


def test_two_signers_one_state_named_takes_the_other_from_the_passage() -> None:
    got = agreements("Serbia and Greece held defence talks in Belgrade on Monday. The ministers signed a "
                     "plan of military cooperation for 2020. The plan was signed by Defence Minister Nikola "
                     "Petrov and his Greek counterpart Nikos Dimas.", "2019-11-12")
    assert set(got["Plan of military cooperation for 2020"].parties) == {"Serbia", "Greece"}


@pytest.mark.parametrize("opening", ["BELGRADE, Nov. 11 -", "Belgrade. 11 November.", "BELGRADE (Tanjug) -"])
def test_dateline_forms(opening: str) -> None:
    got = agreements(f"{opening} Serbia and Greece on Monday signed a protocol on joint air patrols.", "2019-11-12")
    assert got["Protocol on joint air patrols"].place == "Belgrade"


def test_hyphenated_period_and_a_named_building_are_not_in_the_name() -> None:
    got = agreements("Chile and Peru signed a three-year plan of naval cooperation for 2019-2021 at the Pentagon "
                     "on Tuesday.", "2018-12-07")
    a = got["Three-year plan of naval cooperation for 2019-2021"]
    assert value(a) == "2018-12-04" and set(a.parties) == {"Chile", "Peru"}


def test_documents_including_agreements_and_the_sides() -> None:
    got = agreements("Serbia and Greece held talks in Athens. The sides signed several documents, including an "
                     "agreement on military medicine and a memorandum on cooperation in cyber defence.", "2019-04-10")
    assert set(got["Agreement on military medicine"].parties) == {"Serbia", "Greece"}
    assert "Memorandum on cooperation in cyber defence" in got


def test_partner_anywhere_in_the_signing_clause_and_visit_noun_place() -> None:
    got = agreements("Armenia signed a helicopter repair deal worth $50 million with India during the minister's "
                     "visit to New Delhi in 2021.", "2022-04-10")
    a = got["Helicopter repair deal"]
    assert set(a.parties) == {"Armenia", "India"} and a.place == "New Delhi" and value(a) == "2021"


def test_nominal_signing() -> None:
    got = agreements("Chile and Peru held talks on Friday. The signing of a memorandum on naval hydrography took "
                     "place in Lima on Friday.", "2019-03-10")
    a = got["Memorandum on naval hydrography"]
    assert value(a) == "2019-03-08" and a.place == "Lima"
    assert agreements("The sides agreed to work towards the signing of a memorandum on naval hydrography.",
                      "2019-03-10") == {}


def test_counted_documents_are_not_one_agreement() -> None:
    assert agreements("Chile and Peru on Monday signed two Memoranda of Understanding (MoUs) to deepen defence "
                      "ties.", "2019-03-10") == {}


def test_background_paragraph_counts_lists_and_own_signings() -> None:
    got = agreements("Chile has signed dozens of naval agreements with Peru, including a 2016 agreement on joint "
                     "hydrographic surveys. Chile signed a three-year plan of naval cooperation with Peru in 2019. "
                     "The Treaty on a Fisheries Zone in the Southern Pacific, signed in Lima in 2006, bans trawling.",
                     "2022-12-23")
    assert set(got) == {"Agreement on joint hydrographic surveys", "Three-year plan of naval cooperation",
                        "Treaty on a Fisheries Zone"}
    assert set(got["Agreement on joint hydrographic surveys"].parties) == {"Chile", "Peru"}
    assert value(got["Agreement on joint hydrographic surveys"]) == "2016"
    fisheries = got["Treaty on a Fisheries Zone"]  # signed on its own: no parties borrowed from the plan
    assert fisheries.parties == [] and fisheries.place == "Lima" and value(fisheries) == "2006"


def test_event_of_the_signing_gives_date_and_place() -> None:
    got = agreements("The presidents of Chile and Peru signed a Treaty of Alliance between the Republic of Chile "
                     "and the Republic of Peru. The treaty was signed during a bilateral summit which took place "
                     "on April 18, 2024, in Lima.", "2024-05-02")
    a = got["Treaty of Alliance"]
    assert value(a) == "2024-04-18" and a.place == "Lima" and set(a.parties) == {"Chile", "Peru"}


def test_name_whose_parse_head_is_its_first_word() -> None:
    got = agreements("Chile and Peru signed a Status of Naval Forces Agreement (SONFA) on Tuesday.", "2025-02")
    a = got["Status of Naval Forces Agreement"]
    assert value(a) == "2025-02" and set(a.parties) == {"Chile", "Peru"}


def test_signer_the_parse_left_without_a_subject_role() -> None:
    got = agreements("Chile's President Ana Lopez spoke in Lima on May 3, 2019. Still, in Lima Lopez quietly "
                     "signed the coast guard accord after a short talk.", "2019-05-10")
    assert "Chile" in next(iter(got.values())).parties


def test_described_agreement_with_partner_keeps_its_short_name() -> None:
    got = agreements("Chisinau signed a fuel transit agreement with NATO concerning the use of its airfields in "
                     "2016.", "2017-02-01")
    assert "Fuel transit agreement" in got


def test_founding_act_before_the_agreement() -> None:
    got = agreements("The SCO set up a cyber security centre in Bishkek on May 4, 2015, and the agreement came "
                     "into force a year later.", "2016-06-01")
    a = got["SCO cyber security agreement"]
    assert a.parties == ["SCO"] and value(a) == "2015-05-04" and a.place == "Bishkek"


def test_year_prefixed_plan_named_in_passing_is_not_an_agreement() -> None:
    assert agreements("The drills follow the 2024 plan of joint exercises of the two armies.", "2024-05-01") == {}


def test_sentence_initial_year() -> None:
    got = agreements("In 2010, Chile and Peru signed an agreement on the joint use of a naval base.", "2021-06-12")
    assert value(got["Agreement on the joint use of a naval base"]) == "2010"


def test_states_named_in_the_name_are_parties() -> None:
    got = agreements("Under the 2009 Chilean-Peruvian agreement on naval search and rescue, both navies train "
                     "together.", "2021-06-12")
    a = got["Chilean-Peruvian agreement on naval search and rescue"]
    assert set(a.parties) == {"Chile", "Peru"} and value(a) == "2009"


def test_put_signatures_to() -> None:
    got = agreements("Late on Sunday the heads of Chile, Peru and Bolivia put their signatures to a joint statement "
                     "on fishing rights.", "2022-10-13")
    a = got["Joint statement on fishing rights"]
    assert set(a.parties) == {"Chile", "Peru", "Bolivia"} and value(a) == "2022-10-09"


def test_decision_on_a_gerund_complement() -> None:
    got = agreements("Ministers of the SCO adopted a decision on creating a joint medical corps during their "
                     "session in Minsk on Thursday.", "2023-11-25")
    a = got["Decision on creating a joint medical corps"]
    assert value(a) == "2023-11-23" and a.place == "Minsk"


def test_relative_clause_after_the_partner() -> None:
    got = agreements("Peru's congress ratified the Lima Declaration on Naval Partnership with Chile, which the two "
                     "presidents signed on June 15, 2021.", "2021-08-01")
    a = got["Lima Declaration on Naval Partnership"]
    assert value(a) == "2021-06-15" and set(a.parties) == {"Peru", "Chile"}


def test_weekday_in_a_sentence_about_the_future_is_the_one_before() -> None:
    got = agreements("Officials said the treaty on coastal patrols, signed by the presidents of Chile and Peru on "
                     "Friday, would take effect next year.", "2023-11-06")
    assert value(got["Treaty on coastal patrols"]) == "2023-11-03"


def test_similar_document_as_second_object() -> None:
    got = agreements("Chile also signed an agreement on naval geodesy with Peru in 2014 and a similar document with "
                     "Bolivia in 2016.", "2022-02-16")
    first = got["Agreement on naval geodesy"]
    assert set(first.parties) == {"Chile", "Peru"} and value(first) == "2014"
    second = got["Chile-Bolivia agreement on naval geodesy"]
    assert set(second.parties) == {"Chile", "Bolivia"} and value(second) == "2016"


@pytest.mark.parametrize("text", ["Peru has yet to sign the memorandum on joint air patrols.",
                                  "Peru still has to sign the memorandum on joint air patrols."])
def test_signing_still_to_come(text: str) -> None:
    assert agreements(text, "2022-02-16") == {}


# ---------------------------------------------------------------- real-copy phenomena (second round)


def test_ordinal_or_last_describes_the_mention_not_the_name() -> None:
    got = agreements("Estonia and Finland signed an accord on the joint use of the Tallinn airfield on Monday. "
                     "An aide recalled that the last accord governing the use of the airfield was signed on "
                     "3 March 2001 and expired last year.", "2024-06-12")
    assert "Last accord governing the use of the airfield" not in got
    old = got["Accord governing the use of the airfield"]
    assert value(old) == "2001-03-03"
    assert value(got["Accord on the joint use of the Tallinn airfield"]) == "2024-06-10"


def test_circumstantial_phrase_is_not_a_complement_and_the_deal_refers_back() -> None:
    got = agreements("Ghana and Togo on May 6 signed a memorandum of understanding on maritime patrols in Accra. "
                     "The two defence chiefs inked the deal on the sidelines of the 9th meeting of the Joint "
                     "Permanent Commission.", "2023-05-07")
    assert not any("sidelines" in n for n in got), list(got)
    a = got["Memorandum of understanding on maritime patrols"]
    assert set(a.parties) == {"Ghana", "Togo"} and value(a) == "2023-05-06" and a.place == "Accra"
    assert len(got) == 1


def test_for_the_first_time_is_not_part_of_the_name() -> None:
    got = agreements("Norway and Poland today signed a memorandum on a joint patrol framework for the first time.",
                     "2022-09-14")
    assert list(got) == ["Memorandum on a joint patrol framework"]


def test_bare_weekday_closes_the_name() -> None:
    got = agreements("Chilean and Peruvian defence ministers signed a logistics agreement Tuesday on sharing fuel "
                     "depots along the coast.", "2021-04-29")
    assert "Logistics agreement" in got, list(got)


def test_parties_adjective_reference_joins_the_agreement_told_before() -> None:
    got = agreements("On 4 May 2015 the Georgian and Latvian presidents signed an agreement on the training of "
                     "cadets in Riga. The Latvian parliament ratified the Georgian-Latvian agreement in March 2016.",
                     "2016-04-02")
    assert list(got) == ["Agreement on the training of cadets"], list(got)
    a = got["Agreement on the training of cadets"]
    assert "Georgian-Latvian agreement" in a.aliases and value(a) == "2015-05-04"


def test_acronym_gap_before_a_for_complement() -> None:
    got = agreements("Kenya and Rwanda signed a Memorandum of Understanding (MoU) for military training and "
                     "exchange in Nairobi on March 2, 2022.", "2022-03-03")
    a = got["Memorandum of Understanding for military training and exchange"]
    assert "MoU" in a.aliases and a.place == "Nairobi"


def test_period_free_name_is_the_one_kept_alias() -> None:
    got = agreements("Lithuania and Poland signed a Border Patrol Plan for 2024-2026 in Vilnius on 12 January 2024.",
                     "2024-01-13")
    a = got["Border Patrol Plan for 2024-2026"]
    assert a.aliases == ["Border Patrol Plan"]


def test_bare_weekday_dates_a_past_signing() -> None:
    got = agreements("Hungarian and Serbian defence ministers signed an air transport agreement Wednesday in "
                     "Belgrade.", "2022-11-11")
    assert value(got["Air transport agreement"]) == "2022-11-09"


def test_partner_inside_a_circumstance_is_not_a_party() -> None:
    got = agreements("Japan signed a logistics support agreement with Australia amid rising tensions with China.",
                     "2023-02-02")
    assert set(got["Logistics support agreement"].parties) == {"Japan", "Australia"}


def test_the_ministers_of_a_bilateral_visit_are_its_two_sides() -> None:
    got = agreements("The Dutch defence minister paid a two-day visit to Norway this week. The ministers signed a "
                     "technical arrangement on Arctic training during the visit.", "2021-05-07")
    a = got["Technical arrangement on Arctic training"]
    assert set(a.parties) == {"Netherlands", "Norway"}


def test_organisations_adjective_reference_joins_the_declaration() -> None:
    got = agreements("The AU and the EU signed a joint declaration on migration in Addis Ababa on 3 June 2022. "
                     "\"We have just signed the AU-EU joint declaration,\" an official said.", "2022-06-04")
    assert list(got) == ["Joint declaration on migration"], list(got)
    assert "AU-EU joint declaration" in got["Joint declaration on migration"].aliases


def test_country_in_a_dateline_source_credit_is_not_a_side() -> None:
    got = agreements("DOHA, (Gulf Wire / Kenya Daily News - 4th May, 2022) Ali Hassan, Minister of State for Defence "
                     "Affairs, and Omar Said, Minister of Defence of Oman, signed a memorandum of understanding on "
                     "naval training.", "2022-05-04")
    assert "Kenya" not in got["Memorandum of understanding on naval training"].parties


def test_definite_description_with_the_same_content_words_is_the_same_agreement() -> None:
    got = agreements("Brazil and Chile signed a border security agreement on Tuesday in Santiago. The talks were "
                     "followed by the signing of the agreement on security in the border area, officials said.",
                     "2023-05-18")
    assert len(got) == 1, list(got)
    a = got["Border security agreement"]
    assert "Agreement on security in the border area" in a.aliases and value(a) == "2023-05-16"


def test_states_acting_together_on_a_named_agreement_are_its_parties() -> None:
    got = agreements("Chile and India announced plans to revise the 2009 Accord on Naval Hydrography at talks in "
                     "Delhi on Monday.", "2024-02-07")
    a = got["Accord on Naval Hydrography"]
    assert set(a.parties) == {"Chile", "India"} and value(a) == "2009"


def test_one_state_acting_on_a_named_agreement_is_not_made_a_party() -> None:
    got = agreements("Peru criticised the 2009 Accord on Naval Hydrography on Monday.", "2024-02-07")
    assert got["Accord on Naval Hydrography"].parties == []
