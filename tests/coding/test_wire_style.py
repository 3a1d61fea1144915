"""Shapes of real wire copy: datelines, attributions, participles after them, 'both sides', refusals,
appositions, hyphenated owners, relative clauses and the targets of aid and force."""

from __future__ import annotations

from datetime import date

from tests.coding.dyads import PUB, dyads
from tracker.coding.text import mask_datelines


def test_datelines_are_blanked_without_moving_offsets():
    text = "TAIPEI, Oct 14 (Reuters) - China staged war games around Taiwan."
    masked = mask_datelines(text)
    assert len(masked) == len(text) and masked.lstrip().startswith("China staged")
    for kept in (
        "NATO - the alliance - said",
        "U.S. - China relations",
        "The US-China talks - held in Geneva",
    ):
        assert mask_datelines(kept) == kept


def test_the_dateline_city_is_not_the_actor(coder):
    text = "TAIPEI, Oct 14 (Reuters) - China staged large-scale war games around Taiwan."
    events = coder.code(text, PUB)
    assert [(e.actor, e.target, e.code) for e in events] == [("CHNMIL", "TWN", "150")]
    # the evidence is the sentence without its dateline, and its offsets still point into the article
    assert events[0].evidence == text[events[0].start : events[0].end] == text[27:]
    assert dyads(coder, "SEOUL, March 3, 2024 (Yonhap) -- North Korea fired two ballistic missiles.") == {
        ("PRK", "", "15")
    }


def test_a_participle_after_the_attribution_is_the_speakers_act(coder):
    text = (
        "Pakistani warplanes bombed militant hideouts in Afghanistan's Paktika province, killing at least "
        "46 people, Taliban officials said, vowing to retaliate."
    )
    found = dyads(coder, text, date(2024, 12, 25))
    assert ("PAK", "AFG", "19") in found
    assert any(src == "AFG" and root == "13" for src, _, root in found)


def test_the_speaker_keeps_the_second_verb_after_a_reported_clause(coder):
    text = (
        "Amnesty International said Egyptian security forces had tortured detainees, and called on the "
        "authorities to free thousands held beyond the legal limit."
    )
    assert ("NGO", "EGY", "02") in dyads(coder, text)


def test_both_sides_and_the_two_code_every_direction(coder):
    text = (
        "India and Pakistan agreed to a ceasefire on Saturday, though both sides later accused each other "
        "of violating it."
    )
    assert {("IND", "PAK", "11"), ("PAK", "IND", "11")} <= dyads(coder, text, date(2025, 5, 10))
    text = "Marco Rubio spoke by phone with Sergei Lavrov, and the two agreed to keep working on ties."
    assert {("USA", "RUS", "03"), ("RUS", "USA", "03")} <= dyads(coder, text, date(2025, 5, 10))


def test_refusals_are_coded_by_what_is_refused(coder):
    assert dyads(
        coder, "Philippine President Ferdinand Marcos Jr. vowed not to give up an inch of territory to China."
    ) == {("PHL", "CHN", "12")}
    events = coder.code(
        "Iran's Supreme Leader Ali Khamenei ruled out any negotiations with the United States.", PUB
    )
    assert [(e.actor[:3], e.target[:3], e.code) for e in events] == [("IRN", "USA", "125")]
    assert dyads(coder, "Analysts say Beijing is unlikely to back down over Taiwan.") == set()


def test_relative_which_takes_its_antecedent_as_subject(coder):
    text = (
        "Lithuania's decision to let Taiwan open an office drew a furious response from Beijing, which "
        "downgraded diplomatic ties."
    )
    assert ("CHN", "LTU", "16") in dyads(coder, text, date(2021, 11, 21))


def test_hyphenated_owners_and_modifiers(coder):
    # a state's forces seizing a ship confiscate property (1711, as the gold sets code it); rebels hijack
    # it (181)
    assert dyads(coder, "Iranian forces seized a British-flagged tanker in the Strait of Hormuz.") == {
        ("IRN", "GBR", "17")
    }
    rebels = "Houthi rebels seized a British-flagged tanker in the Red Sea."
    assert dyads(coder, rebels) == {("YEM", "GBR", "18")}
    assert ("SAU", "YEM", "19") in dyads(
        coder, "Saudi-led coalition warplanes struck Houthi positions in Sanaa."
    )
    # "under a U.S.-brokered deal": the broker is not the target of the normalisation
    assert dyads(
        coder,
        "Israel and the United Arab Emirates established diplomatic relations under a U.S.-brokered deal.",
    ) == {
        ("ISR", "ARE", "05"),
        ("ARE", "ISR", "05"),
    }


def test_aid_goes_to_the_recipient_and_owners_follow_of(coder):
    assert dyads(coder, "China sent a team of rescue workers to Turkey after the earthquake.") == {
        ("CHN", "TUR", "07")
    }
    text = "The Treasury Department froze the US assets of two Chinese officials."
    assert ("USA", "CHN", "16") in dyads(coder, text)


def test_the_toll_of_an_attack_is_not_a_second_event(coder):
    text = "Russia launched a missile attack on Kyiv that killed 12 people."
    assert dyads(coder, text) == {("RUS", "UKR", "19")}


def test_plural_nouns_after_names_are_not_verbs(coder):
    found = dyads(
        coder, "More than 60 Houthi targets in Yemen were struck by U.S. and British warplanes overnight."
    )
    assert found == {("USA", "YEM", "19"), ("GBR", "YEM", "19")}


def test_plural_demonyms_are_people(coder):
    assert ("GEO", "GEO", "14") in dyads(
        coder,
        "Thousands of Georgians protested outside parliament in Tbilisi against the foreign agents bill.",
    )


def test_reactions_target_the_act_just_reported(coder):
    text = (
        "Iran's Revolutionary Guards seized the British-flagged tanker Stena Impero in the Strait of Hormuz on "
        "Friday, a move Britain condemned as unacceptable."
    )
    assert ("GBR", "IRN", "11") in dyads(coder, text, date(2019, 7, 20))


def test_its_neighbour_refers_back(coder):
    text = "Congo severed diplomatic ties with Rwanda and accused its neighbour of backing M23 rebels."
    assert ("COD", "RWA", "11") in dyads(coder, text, date(2025, 1, 27))


def test_force_codes_follow_the_victims(coder):
    # a mass toll, a crowd of protesters, a named person
    assert [e.code for e in coder.code("RSF fighters killed more than 400 people in North Darfur.", PUB)] == [
        "202"
    ]
    events = coder.code(
        "Zimbabwean soldiers opened fire on opposition supporters protesting in central Harare.", PUB
    )
    # the repression of a crowd, and the crowd's own protest (a participle describing them is still an act)
    assert sorted((e.actor, e.code) for e in events) == [("ZWEMIL", "175"), ("ZWEOPP", "141")]
    text = (
        "Ukraine's SBU security service killed Lieutenant General Igor Kirillov outside his Moscow apartment."
    )
    assert [e.code for e in coder.code(text, date(2024, 12, 17))] == ["186"]


def test_headline_pairs_and_plural_nouns(coder):
    assert dyads(coder, "Egypt, Turkey hold first joint naval drills in 13 years", date(2024, 9, 23)) == {
        ("EGY", "TUR", "06"),
        ("TUR", "EGY", "06"),
    }
    assert ("RUS", "IGO", "12") in dyads(coder, "Russia vetoes U.N. resolution on Mali sanctions")
    # "talks" and "Pride marches" are nouns, not acts
    assert dyads(coder, "Egypt said talks with Ethiopia over the dam had ended without agreement.") == set()


def test_unknown_named_official_held_by_security_forces_does_not_crash(coder):
    # a title + unknown name is a mention whose parts include a name span; a force acting on it is coded
    text = (
        "Ghana's anti-corruption office said it was questioning suspended central bank governor Kwame "
        "Mensah, days after he was detained by the secret police."
    )
    events = coder.code(text, date(2023, 6, 20))
    assert ("GHASPY", "173") in [(e.actor, e.code) for e in events]
