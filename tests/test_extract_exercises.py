"""Exercise editions, one invented passage per rule of extract/exercises.py (names, years,
editions named in passing, hosts, participants, declines, observers, dates, figures, organizer).
Every passage is written for this file; none comes from the seeds or the challenge set."""

from __future__ import annotations

from typing import Any

import pytest

from alliancegraph.extract.figures import find_figures
from alliancegraph.extract.temporal import find_time
from alliancegraph.models import DateValue, Exercise
from test_extract import run


def exercises(text: str, published: str) -> list[Exercise]:
    return run(text, published).exercises


def one(text: str, published: str) -> Exercise:
    found = exercises(text, published)
    assert len(found) == 1, [(e.name, e.year) for e in found]
    return found[0]


def editions(found: list[Exercise]) -> dict[tuple[str, Any], Exercise]:
    return {(e.name, e.year): e for e in found}


def day(d: Any) -> str | None:
    return d.value if d is not None else None


# ---------------------------------------------------------------- edition years (E1, E3)

def test_year_from_publication_date_when_the_series_is_named_without_one() -> None:
    e = one("Marines from Chile and Peru opened the Andes Falcon drills on Tuesday near Arica.", "2022-05-12")
    assert (e.name, e.year, day(e.start)) == ("Andes Falcon", 2022, "2022-05-10")
    assert set(e.participants) >= {"Chile", "Peru"}


def test_editions_named_in_passing_are_editions_of_their_own() -> None:
    found = editions(exercises(
        "Navies of Kenya and Tanzania on Monday began the Red Lagoon exercise off Mombasa. The exercise, first held "
        "in 2003, ends May 20. Uganda joined for the first time in 2011, and last year's edition was held in the "
        "Gulf of Aden.", "2019-05-07"))
    assert set(found) == {("Red Lagoon", 2019), ("Red Lagoon", 2003), ("Red Lagoon", 2011), ("Red Lagoon", 2018)}
    assert day(found["Red Lagoon", 2019].end) == "2019-05-20"
    assert found["Red Lagoon", 2011].participants == ["Uganda"]
    assert found["Red Lagoon", 2018].locations == ["Gulf of Aden"]


def test_listed_edition_years_and_elided_suffixes() -> None:
    found = editions(exercises("Peru hosted the 2015 and 2017 editions of the drill. Troops rehearsed for the "
                               "Blue Lotus-2014, -2016 and -2018 exercises in Chile.", "2019-01-10"))
    assert {("Blue Lotus", 2014), ("Blue Lotus", 2016), ("Blue Lotus", 2018)} <= set(found)


def test_two_digit_and_roman_numeral_suffixes() -> None:
    found = editions(exercises("Allied ships completed Exercise Polar Hammer 21 in the Norwegian Sea on Friday. "
                               "Ghana and Togo staged a joint drill code-named \"Tamarind-III (2019)\".", "2021-03-20"))
    assert ("Polar Hammer", 2021) in found
    assert "Tamarind-III" in found["Tamarind", 2019].aliases


def test_series_only_mention_has_no_year_and_keeps_host_and_participants() -> None:
    e = one("Chilean pilots have flown alongside Brazilian crews in the Condor Sky air exercises hosted by Brazil.",
            "2020-04")
    assert (e.name, e.year, e.hosts) == ("Condor Sky", None, ["Brazil"])
    assert set(e.participants) == {"Brazil", "Chile"}


def test_generic_series_text_adds_no_yearless_duplicate() -> None:
    found = exercises("Sand Viper-2018 ended near Agadez in Niger. Held every two years, Sand Viper drills rehearse "
                      "desert patrols.", "2018-11")
    assert [(e.name, e.year) for e in found] == [("Sand Viper", 2018)]


@pytest.mark.parametrize("text", [
    "Regional armies admire large alliance manoeuvres such as NATO's Polar Gate series.",
    "The joint patrol was nothing like the vast Polar Gate manoeuvres the alliance stages every year.",
    "A proposed drill, tentatively called \"River Guard\", has been discussed for a year but has not been scheduled.",
])
def test_comparisons_and_unscheduled_drills_make_no_record(text: str) -> None:
    assert exercises(text, "2021-02") == []


# ---------------------------------------------------------------- names (E6, E7, E8)

def test_native_name_with_translation_in_brackets_is_an_alias() -> None:
    e = one("The second stage of the Qilich (Sword) joint exercise of the Kyrgyz and Tajik armed forces ended on "
            "Thursday.", "2021-08-13")
    assert (e.name, e.aliases, e.year) == ("Qilich", ["Sword"], 2021)
    assert set(e.participants) == {"Kyrgyzstan", "Tajikistan"}


def test_organisation_prefix_is_stripped_and_sets_the_organizer() -> None:
    e = one("The SCO's Lotus Shield-2019 drills began in Kyrgyzstan on Monday.", "2019-06-12")
    assert (e.name, e.organizer) == ("Lotus Shield", "SCO")
    e = one("Navies of Thailand and Vietnam began the ASEAN-led Coral Wave drills on Monday.", "2022-03-09")
    assert (e.name, e.organizer) == ("Coral Wave", "ASEAN")


def test_bilateral_drill_has_no_organizer() -> None:
    e = one("Troops of Ghana and Togo began the Savanna Link-2020 exercise near Accra on Monday.", "2020-02-05")
    assert e.organizer is None


def test_parallel_special_drill_is_its_own_edition() -> None:
    found = editions(exercises("The Desert Echo-2021 exercise ended on Friday together with the Sentinel-2021 "
                               "special training, the ministry said.", "2021-10-09"))
    assert set(found) == {("Desert Echo", 2021), ("Sentinel", 2021)}


def test_country_pair_before_exercise_is_no_name_but_names_participants() -> None:
    e = one("The drill began in 2009 as a bilateral Egypt-Greece exercise named Olive Wave-2009.", "2015-01-10")
    assert e.name == "Olive Wave" and set(e.participants) == {"Egypt", "Greece"}


def test_pair_of_countries_in_a_conflict_is_not_a_participant_list() -> None:
    e = one("Held amid the Azerbaijan-Armenia conflict, the Steel Pass-2021 drills began in Kazakhstan on Monday.",
            "2021-09-14")
    assert "Armenia" not in e.participants and "Azerbaijan" not in e.participants


# ---------------------------------------------------------------- hosts and locations (E9, E10, E17)

def test_dateline_range_and_country_give_location_and_host() -> None:
    e = one("TAGAN RANGE /Kazakhstan/, May 3. The Sand Storm-2022 exercise ended on Friday.", "2022-05-03")
    assert e.hosts == ["Kazakhstan"] and "Tagan range" in e.locations


def test_region_of_a_country_gives_the_host() -> None:
    e = one("The Granite Peak-2020 drills began at the Kara training ground in Kyrgyzstan's Osh Region on Monday.",
            "2020-04-08")
    assert e.hosts == ["Kyrgyzstan"]
    assert {"Kara training ground", "Osh Region"} <= set(e.locations)


def test_locations_inside_quotations_are_background() -> None:
    e = one("Troops from Chile and Peru began the Andes Falcon-2022 exercise near Arica on Monday. \"We guard the "
            "whole Pacific Ocean together,\" a Chilean officer said.", "2022-05-10")
    assert "Pacific Ocean" not in e.locations


# ---------------------------------------------------------------- participants, observers, declines (E11-E14)

def test_demonym_subjects_and_lists_are_participants() -> None:
    e = one("Estonian, Danish and Norwegian troops began the Frost Gate-2023 exercise in Latvia on Monday.",
            "2023-02-08")
    assert set(e.participants) == {"Estonia", "Denmark", "Norway", "Latvia"}


def test_besides_list_and_observers_excluded() -> None:
    e = one("Ghanaian and Nigerian commanders opened the Gulf Shield-2024 exercise in Ghana on Tuesday. Besides "
            "Ghana and Nigeria, Senegal, Benin and Togo are taking part, while Niger and Chad are attending as "
            "observers. Observers from Mali watched the opening.", "2024-03-07")
    assert set(e.participants) == {"Ghana", "Nigeria", "Senegal", "Benin", "Togo"}


def test_declined_not_invited_and_sent_no_ships() -> None:
    e = one("Navies of Oman and Kenya on Monday began the Monsoon Gate-2023 drills hosted by Oman. Iran and Qatar "
            "were not invited, while Egypt declined an offer to take part. Sudan sent no ships to the drills.",
            "2023-07-18")
    assert set(e.declined) == {"Iran", "Qatar", "Egypt", "Sudan"}
    assert set(e.participants) == {"Oman", "Kenya"}


def test_a_country_that_will_not_take_part() -> None:
    e = one("Georgia will not take part in the Stone Gate-2023 staff exercise in Armenia this month, its ministry "
            "said.", "2023-04")
    assert e.declined == ["Georgia"] and "Georgia" not in e.participants


# ---------------------------------------------------------------- dates (E15, E16)

@pytest.mark.parametrize(("text", "start", "end"), [
    ("The Cedar Watch-2024 drills began on Monday. Running from September 16 to 20, the drills involve troops.",
     "2024-09-16", "2024-09-20"),
    ("Troops opened the Cedar Watch-2024 exercise on Monday. The exercise ends September 27.",
     "2024-09-16", "2024-09-27"),
    ("The Cedar Watch-2024 drills will take place at the Kara range on October 9-12.", "2024-10-09", "2024-10-12"),
])
def test_date_ranges_in_many_shapes(text: str, start: str, end: str) -> None:
    e = one(text, "2024-09-18")
    assert (day(e.start), day(e.end)) == (start, end)


def test_run_through_a_month_is_a_month_precise_end() -> None:
    e = one("Exercise Polar Hammer 24 will involve 30,000 troops. The exercise will run through June.", "2024-02")
    assert day(e.end) == "2024-06" and e.personnel == 30000


def test_arrival_deadline_and_planning_conference_are_not_the_dates() -> None:
    e = one("Troops taking part in the SCO's Lotus Shield-2022 drills will move to Kyrgyzstan by September 22, a "
            "spokesman said on Thursday. The drills will take place at the Kara range from September 26 to 30.",
            "2022-09-15")
    assert (day(e.start), day(e.end)) == ("2022-09-26", "2022-09-30")
    e = one("Staff officers on Thursday concluded the final planning conference for the Lotus Shield-2022 drills, "
            "due to be held from September 12 to 15.", "2022-06-24")
    assert (day(e.start), day(e.end)) == ("2022-09-12", "2022-09-15")


def test_that_exercise_sentence_dates_the_exercise_named_before() -> None:
    found = editions(exercises(
        "Planners moved the peacekeeping drill Silver Bridge-2023 to Kyrgyzstan. That exercise will now be held in "
        "Kyrgyzstan in October as the final stage of Iron Union-2023.", "2023-09-04"))
    assert day(found["Silver Bridge", 2023].start) == "2023-10"
    assert found["Silver Bridge", 2023].hosts == ["Kyrgyzstan"]


# ---------------------------------------------------------------- figures (E18)

def test_figures_in_a_separate_sentence_go_to_the_main_exercise() -> None:
    found = editions(exercises("The Desert Echo-2021 exercise ended on Friday together with the Sentinel-2021 "
                               "special training. Some 1,800 servicemen and about 240 pieces of equipment were "
                               "involved.", "2021-10-09"))
    main = found["Desert Echo", 2021]
    assert (main.personnel, main.equipment) == (1800, 240)
    assert found["Sentinel", 2021].personnel is None


def test_a_single_contingent_is_not_the_total_and_ships_are_equipment() -> None:
    e = one("A joint exercise codenamed Amber Gate opened on Tuesday in Estonia. The Latvian contingent consists of "
            "150 troops. The drills involve 24 ships.", "2021-06-09")
    assert e.personnel is None and e.equipment == 24


def test_a_force_size_is_not_the_exercise_size() -> None:
    e = one("The Cedar Watch-2024 drills began in Lebanon on Monday; 1,500 troops are assigned to the rapid "
            "reaction force.", "2024-09-18")
    assert e.personnel is None


def test_number_words_and_weekday_ranges() -> None:
    got = [(f.value, f.kind) for f in find_figures(
        "more than two thousand troops, two hundred and forty soldiers, one of the officers, the 2023 soldiers")]
    assert got == [(2000, "personnel"), (240, "personnel")]
    t = find_time("The exercise runs from Sunday to Friday.", DateValue("2016-09-19", "day"))[0]
    assert (t.begin.value, t.last.value) == ("2016-09-18", "2016-09-23")


def test_host_from_a_province_or_the_dateline_only_when_that_country_takes_part() -> None:
    e = one("Thai and Malaysian marines began the Jungle Tide-2022 exercise in the province of Songkhla on Monday.",
            "2022-03-09")
    assert e.hosts == ["Thailand"]
    e = one("HANOI - Vietnamese and Lao engineers began the River Bond-2021 drill on Tuesday.", "2021-04-08")
    assert e.hosts == ["Vietnam"]
    # a town that shares its name with another country's prefecture does not make that country the host
    e = one("Indian and French ships gathered off Kochi for the Blue Tide-2023 exercise on Monday.", "2023-05-10")
    assert "Japan" not in e.hosts


def test_organizer_from_apposition_from_the_alliance_and_from_forces_of_the_bloc() -> None:
    e = one("Troops will take part in Exercise Arctic Forge 22, NATO's largest winter drill in a decade.", "2022-01")
    assert e.organizer == "NATO"
    e = one("Ministers criticised NATO for the drills. The alliance's exercise, named Amber Wall-2021, involves about "
            "2,000 troops from Latvia and Poland.", "2021-05-20")
    assert e.organizer == "NATO"
    e = one("A joint exercise of CSTO peacekeeping forces codenamed Silver Shield opened on Tuesday.", "2019-06-12")
    assert (e.name, e.organizer) == ("Silver Shield", "CSTO")


def test_the_sentence_describing_an_exercise_before_it_is_named_belongs_to_it() -> None:
    e = one("Four members of the Shanghai Cooperation Organization began a five-day exercise on Monday at the Kara "
            "training ground in Kyrgyzstan. The exercise, code-named \"Mountain Echo 2019\", runs until Friday.",
            "2019-06-11")
    assert (e.organizer, e.hosts, day(e.start)) == ("SCO", ["Kyrgyzstan"], "2019-06-10")
    assert "Kara training ground" in e.locations


def test_dateline_and_caption_dates_are_not_exercise_dates() -> None:
    e = one("A Danish frigate sails during the Baltic Fox 2021 exercise, June 14, 2021. June 18 -- Allied ships on "
            "Thursday concluded Exercise Baltic Fox, which began on June 6.", "2021-06-18")
    assert (day(e.start), day(e.end)) == ("2021-06-06", "2021-06-17")


def test_a_place_that_locates_a_speaker_is_not_a_location() -> None:
    e = one("Kazakhstan and Azerbaijan began the Steppe Wave-2023 drills on the Caspian Sea on Monday, which an "
            "official in Astana called historic.", "2023-07-18")
    assert e.locations == ["Caspian Sea"]


def test_sending_a_message_is_not_taking_part() -> None:
    e = one("The Iron Gate-2022 drills will be held in Kyrgyzstan in October. Russia is trying to send a message "
            "through drills. The other members, Belarus and Kazakhstan, will send staff officers.", "2022-09-01")
    assert set(e.participants) == {"Kyrgyzstan", "Belarus", "Kazakhstan"}


def test_names_without_the_word_exercise_next_to_them() -> None:
    found = editions(exercises(
        "Blue Fjord, which began as a small bilateral Norway-Denmark drill in 2001, opened its 2021 edition on "
        "Monday with 12 nations taking part. More than 5,000 personnel have gathered in Norway for the Ice Crown "
        "2021 series of events.", "2021-09-08"))
    assert ("Blue Fjord", 2021) in found and ("Blue Fjord", 2001) in found
    assert set(found["Blue Fjord", 2001].participants) == {"Norway", "Denmark"}
    e = one("About 9,000 personnel from eight nations have gathered in northern Chile for Andes Condor 2025, which "
            "runs until May 30.", "2025-05-14")
    assert (e.name, e.year, day(e.end)) == ("Andes Condor", 2025, "2025-05-30")


def test_an_end_verb_dates_the_end_past_a_participle_clause() -> None:
    e = one("Ships of Peru and Chile wrapped up the Pacific Current exercise, hosted by Peru off Callao, on Friday.",
            "2018-04-16")
    assert (day(e.start), day(e.end)) == (None, "2018-04-13")


def test_a_person_in_apposition_to_a_drill_role_is_no_exercise() -> None:
    found = exercises("\"We trained well,\" said Maria Lopez, a deputy director of the drill, after the Andes Falcon-2022 "
                      "exercise ended.", "2022-05-20")
    assert [e.name for e in found] == ["Andes Falcon"]


def test_last_years_edition_with_its_own_dates_figures_and_participants() -> None:
    found = editions(exercises(
        "Peru suspended planning for Pacific Lance, the joint exercise with Chile scheduled for August. Last year's "
        "edition, which ran August 21-31, 2017, involved more than 7,000 troops. Forces from Canada and Colombia "
        "also took part.", "2018-06-19"))
    last = found["Pacific Lance", 2017]
    assert (day(last.start), day(last.end), last.personnel) == ("2017-08-21", "2017-08-31", 7000)
    assert {"Canada", "Colombia"} <= set(last.participants)


def test_dash_two_digit_edition_only_for_a_known_or_repeated_name() -> None:
    found = editions(exercises("Indian and Kazakh troops began KAZIND-2023 on Monday. Last year's edition, KAZIND-22, "
                               "was held from December 15 to 28 in India. Su-30 jets flew over the range.",
                               "2023-10-31"))
    assert set(found) == {("KAZIND", 2023), ("KAZIND", 2022)}
    assert day(found["KAZIND", 2022].start) == "2022-12-15"


def test_lead_sentence_before_the_first_name_and_organizer_from_context() -> None:
    e = one("Chile and Peru began a major joint military exercise on Thursday near Arica. The biennial \"Andes Falcon\" "
            "drills will run through November 19.", "2022-11-11")
    assert set(e.participants) == {"Chile", "Peru"} and day(e.start) == "2022-11-10"
    e = one("Norway is hosting NATO's biggest military drills in decades. About 50,000 soldiers from 31 countries "
            "will take part in Polar Hammer 18.", "2018-10-20")
    assert (e.name, e.year, e.organizer, e.hosts) == ("Polar Hammer", 2018, "NATO", ["Norway"])


def test_weekday_follows_its_own_verb_and_the_end_of_an_era_is_no_end_date() -> None:
    t = find_time("Troops will launch the drill next week, the commander announced on Thursday.",
                  DateValue("2024-01-19", "day"))
    assert [x.begin.value for x in t] == ["2024-01", "2024-01-18"]
    e = one("NATO will launch its largest exercise since the end of the Cold War next week, the commander said. Iron "
            "Bridge 2024 will rehearse reinforcement. Associated drills will continue until May 31.", "2024-01-19")
    assert (day(e.start), day(e.end)) == ("2024-01", "2024-05-31")


def test_ministry_release_shapes() -> None:
    e = one("The seventh edition of the Indo-Maldives joint exercise 'Exercise Coral Bond-2021' kicked off on Monday "
            "at the Aundh Military Station in Maharashtra's Pune.", "2021-10-07")
    assert (e.name, set(e.participants), day(e.start)) == ("Coral Bond", {"India", "Maldives"}, "2021-10-04")
    assert {"Aundh Military Station", "Pune"} <= set(e.locations)
    e = one("NEW DELHI, Feb 25 -- The Indian Army and the Japan Ground Self-Defence Force launched the fifth edition of "
            "a joint military exercise that will last till March 9, officials said on Sunday. The Exercise \"Dharma "
            "Shield\" commenced at the Mahajan Field Firing Ranges in the Indian desert state of Rajasthan.",
            "2024-02-25")
    assert (set(e.participants), e.hosts, day(e.end)) == ({"India", "Japan"}, ["India"], "2024-03-09")
    assert day(e.start) is None and "Rajasthan" in e.locations
    e = one("Japan and the United States are beginning large-scale joint military exercises Orient Lance.", "2021-06-24")
    assert (e.name, e.year) == ("Orient Lance", 2021)
    assert exercises("During the exercise Army units fired rockets.", "2021-06-24") == []
    assert exercises("The India-Sri Lanka joint exercise began.", "2021-06-24") == []


def test_wire_report_shapes() -> None:
    e = one("MOSCOW, October 16. /TASS/. The Collective Security Treaty Organization (CSTO) kicked off exercise Granite "
            "Step 2019 at the Mulino training range in the Nizhny Novgorod Region, the press office announced on "
            "Wednesday. During the drills that will run on October 16-18, the troops will practise a joint operation. "
            "The exercise involves over 300 weapon systems. Military contingents from Armenia and Belarus are taking "
            "part in the drills.", "2019-10-16")
    assert (e.organizer, e.hosts, day(e.start), day(e.end), e.equipment) == ("CSTO", ["Russia"], "2019-10-16",
                                                                             "2019-10-18", 300)
    assert {"Armenia", "Belarus"} <= set(e.participants)
    found = editions(exercises("Alongside Granite Step-2025, Belarus is hosting specialised drills including "
                               "reconnaissance exercises Scout-2025 and logistics exercises Convoy-2025.", "2025-09-02"))
    assert set(found) == {("Granite Step", 2025), ("Scout", 2025), ("Convoy", 2025)}
    assert [f.value for f in find_figures("over 200 pieces of armour and about 40 aircraft")] == [200, 40]


def test_units_of_countries_and_a_past_edition_month_of_that_year() -> None:
    found = editions(exercises(
        "Around 20,000 troops began Polar Gate 2022 in Norway on Monday. Polar Gate is held every two years. Much of "
        "the activity is in the north, where American, Finnish and Swedish units are practising winter skills. The "
        "previous edition, Polar Gate 2020, was held in March of that year. By then Finland had already withdrawn "
        "its soldiers. Russia declined to comment.", "2022-03-15"))
    now, before = found["Polar Gate", 2022], found["Polar Gate", 2020]
    assert set(now.participants) == {"Norway", "United States", "Finland", "Sweden"}
    assert day(before.start) == "2020-03" and before.declined == ["Finland"]
    assert "Russia" not in now.declined + before.declined


@pytest.mark.parametrize(("text", "name", "start", "end"), [
    # a date on another verb of the sentence is not the exercise's
    ("On January 10, Peru told the bloc it would not host the drills, forcing planners to move the Condor "
     "Wing-2023 exercise.", "Condor Wing", None, None),
    # coordinated drills share the verb's date
    ("In October 2022, troops will hold the Andes Gate-2022 drills in Chile and the Pampa Wind-2022 drills in "
     "Argentina.", "Pampa Wind", "2022-10", "2022-10"),
    # a sub-drill "together with" the main one shares its end
    ("The Desert Echo-2021 exercise ended on Friday together with the Sentinel-2021 special training.", "Sentinel",
     None, "2021-10-08"),
])
def test_dates_follow_the_verb_that_governs_the_mention(text: str, name: str, start: str | None,
                                                        end: str | None) -> None:
    e = {x.name: x for x in exercises(text, "2021-10-09" if "2021" in text else "2022-09-01")}[name]
    assert (day(e.start), day(e.end)) == (start, end)


def test_indo_pacific_is_not_a_location() -> None:
    e = one("Thai and US troops began the Jungle Tide-2023 exercise in Rayong province on Monday, a sign of US "
            "commitment to the Indo-Pacific region.", "2023-03-01")
    assert e.locations == ["Rayong province"]


def test_an_explicit_later_host_replaces_the_context_host() -> None:
    found = editions(exercises(
        "Drills open in Chile. Troops began the Andes Gate-2023 drills in Chile on Friday. Peru said it would not "
        "host the bloc's exercises this year, forcing planners to move the Condor Wing-2023 drill. That exercise "
        "will now be held in Bolivia in October.", "2023-09-04"))
    assert found["Condor Wing", 2023].hosts == ["Bolivia"]
    assert found["Andes Gate", 2023].hosts == ["Chile"]


def test_a_phase_of_a_named_exercise_names_it() -> None:
    e = one("\"The harbour phase of Blue Trident is now under way,\" a navy spokesperson said, as the exercise "
            "involving Oman and Kenya got under way.", "2023-05-10")
    assert (e.name, e.year, set(e.participants)) == ("Blue Trident", 2023, {"Oman", "Kenya"})


@pytest.mark.parametrize(("text", "status"), [
    ("Troops opened the Cedar Watch-2024 drills on Monday; the drills will run until Friday.", "under way"),
    ("The Cedar Watch-2024 drills began on Monday and will last five days.", "under way"),
    ("The Cedar Watch-2024 drills will begin on Monday.", "planned"),
    ("The Cedar Watch-2024 drills were called off.", "cancelled"),
])
def test_status(text: str, status: str) -> None:
    assert one(text, "2024-09-18").status == status


def test_phases_on_both_sides_of_a_border_give_two_hosts_but_not_the_later_phase_date() -> None:
    e = one("Border units of Chile and Peru on Wednesday staged the first phase of a joint exercise code-named "
            "\"Andes Step-II (2017)\" in Chile's Arica region. The next phase will be held next month in Tacna, on "
            "the Peruvian side of the border.", "2017-05-11")
    assert e.hosts == ["Chile", "Peru"] and "Tacna" in e.locations
    assert day(e.start) != "2017-06"


def test_several_ranges_in_two_countries_and_coasts_are_not_locations() -> None:
    found = exercises("Planners met for the Iron Union-2019 exercise. The exercise will be held at five ranges in "
                      "Chile and two in Peru's Tacna region from September 16 to 22. Ships will sail along the "
                      "Black Sea coast.", "2019-06-28")
    e = found[0]
    assert e.hosts == ["Chile", "Peru"] and "Black Sea" not in e.locations


def test_wire_bureau_dateline_is_not_the_host_and_diplomacy_partner_not_a_participant() -> None:
    e = one("WASHINGTON (Reuters) - The United States and South Korea will scale back their annual Foal Lance "
            "military drills this spring, the Pentagon said on Friday, in a bid to support diplomacy with North "
            "Korea.", "2019-03-01")
    assert (e.hosts, set(e.participants)) == ([], {"United States", "South Korea"})


def test_place_comma_country_and_ordinal_unit_names_are_no_dates() -> None:
    e = one("Marines with the 3rd Marine Division train during Exercise Salaknib 24 at Fort Magsaysay, Philippines, "
            "March 12, 2024. Soldiers of the Philippine Army and U.S. Marines take part.", "2024-03-14")
    assert e.start is None and e.hosts == ["Philippines"]


def test_membership_of_a_bloc_is_not_participation() -> None:
    e = one("The Basalt Ward 2025 exercise began on Monday in Uzbekistan. The Tashkent Pact includes Uzbekistan, "
            "Tajikistan, Mongolia and Laos.", "2025-05-10")
    assert e.participants == ["Uzbekistan"]
    e = one("The bloc, which comprises Uzbekistan, Tajikistan, Mongolia and Laos, held the Basalt Ward 2025 "
            "exercise in Uzbekistan on Monday.", "2025-05-10")
    assert e.participants == ["Uzbekistan"]


def test_adjective_before_region_is_no_location() -> None:
    e = one("The Basalt Ward 2025 exercise began on Monday in the Central Asian region with troops from "
            "Uzbekistan and Tajikistan.", "2025-05-10")
    assert e.locations == [] and e.participants == ["Uzbekistan", "Tajikistan"]
    e = one("Border Watch 2025 drills were held in the Altai region.", "2025-05-10")
    assert e.locations == ["Altai region"]


def test_force_names_and_dates_are_no_exercise_names() -> None:
    found = editions(exercises("The final phase covers the Tide 2025 drills of the bloc's Joint Coastal Response "
                               "Forces, the Lantern 2025 special maneuvers and the Ridge 2025 exercise.", "2025-05-10"))
    assert set(found) == {("Tide", 2025), ("Lantern", 2025), ("Ridge", 2025)}


def test_plan_of_drills_gives_each_its_own_clause_host_and_dates() -> None:
    found = editions(exercises("In May, Peru will host the Condor joint exercise with the Andean region's Rapid "
                               "Forces, in June-July, the Puma command and staff exercise involving the Rapid Force "
                               "and specialized drills will take place in Chile.", "2025-01-10"))
    assert set(found) == {("Condor", 2025), ("Puma", 2025)}
    assert found[("Condor", 2025)].hosts == ["Peru"] and found[("Condor", 2025)].start is None
    assert found[("Puma", 2025)].hosts == ["Chile"] and str(found[("Puma", 2025)].start.value) == "2025-06"


def test_year_leading_clauses_name_past_editions_each_with_its_host() -> None:
    found = editions(exercises("Peru and Chile opened the Condor 2014 exercise on Monday. In 2013 the joint exercise "
                               "was held in Chile and in 2012 it took place in Peru.", "2014-05-10"))
    assert set(found) == {("Condor", 2014), ("Condor", 2013), ("Condor", 2012)}
    assert found[("Condor", 2013)].hosts == ["Chile"] and found[("Condor", 2012)].hosts == ["Peru"]


def test_mentions_sharing_a_verb_share_its_town_country_place() -> None:
    found = editions(exercises("The “Harbor-2024” command-staff exercises, along with the “Lantern-2024” and "
                               "“Ridge-2024” special drills, have commenced in Naryn, Kyrgyzstan.", "2024-05-01"))
    assert {k: (e.hosts, e.locations) for k, e in found.items()} == {
        (n, 2024): (["Kyrgyzstan"], ["Naryn"]) for n in ("Harbor", "Lantern", "Ridge")}


def test_soldiers_from_countries_in_a_following_sentence_take_part() -> None:
    e = one("Units met on Monday for the Marsh Ward 2024 exercise in Uzbekistan. The exercise will train soldiers "
            "from Laos, Mongolia and Peru in mountain warfare.", "2024-05-01")
    assert e.participants == ["Uzbekistan", "Laos", "Mongolia", "Peru"]


def test_size_reported_by_a_named_official_after_the_named_exercise() -> None:
    (e,) = exercises("The Copper Steppe-2021 drills ended on Thursday near Karaganda. Defence Minister Aibek "
                     "Tursunov said 2,300 troops had taken part.", "2021-06-11")
    assert (e.name, e.year, e.personnel) == ("Copper Steppe", 2021, 2300)
