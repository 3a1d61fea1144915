"""Reported speech attributed at the end, absolute and participle clauses, warnings, wants, the pair of
'the two leaders', and state seizures: the session 3 rules, each on sentences written for this test."""

from __future__ import annotations

from tests.coding.dyads import PUB, dyads


def test_claim_attributed_at_the_end_is_the_speakers_accusation(coder):
    text = (
        "Russia was responsible for the sabotage of the pipeline, the German interior ministry said "
        "on Monday."
    )
    assert ("DEU", "RUS", "11") in dyads(coder, text)


def test_demand_attributed_at_the_end_addresses_every_actor_before_must(coder):
    text = "Armenia and Azerbaijan must stop shelling border villages, Turkish President Tayyip Erdogan said."
    assert {("TUR", "ARM", "10"), ("TUR", "AZE", "10")} <= dyads(coder, text)


def test_warning_about_a_situation_is_pessimism_not_a_threat(coder):
    events = coder.code(
        "The UN refugee chief warned that the humanitarian situation was deteriorating fast.", PUB
    )
    assert [(e.code, e.target) for e in events] == [("012", None)]
    threat = dyads(coder, "Beijing warned that Washington would pay a heavy price for the arms sale.")
    assert ("CHN", "USA", "13") in threat


def test_threats_are_refined_by_what_is_threatened(coder):
    codes = {
        e.code
        for e in coder.code("Pyongyang warned Seoul that any provocation would be met with force.", PUB)
    }
    assert "138" in codes


def test_absolute_with_clause_is_its_subjects_own_act(coder):
    text = (
        "Serbian and Kosovan negotiators held talks in Brussels on Monday, with EU envoy Miroslav Lajcak "
        "mediating, the bloc said."
    )
    found = dyads(coder, text)
    assert ("SRB", "KSV", "04") in found and ("KSV", "SRB", "04") in found
    assert {("IGO", "SRB", "04"), ("IGO", "KSV", "04")} <= found  # the mediator, between the parties


def test_the_two_leaders_act_together_on_a_third_party(coder):
    text = (
        "Japan's prime minister spoke by phone with Australia's prime minister on Tuesday, and the two "
        "leaders condemned China's missile launch."
    )
    found = dyads(coder, text)
    assert {("JPN", "CHN", "11"), ("AUS", "CHN", "11")} <= found
    assert ("JPN", "AUS", "11") not in found


def test_wants_someone_to_act_is_an_appeal_and_wants_to_act_an_intent(coder):
    assert ("BLR", "USA", "02") in dyads(
        coder, "Minsk wants Washington to lift sanctions on its potash exports."
    )
    assert ("JPN", "PRK", "03") in dyads(coder, "Kishida said he wanted to hold talks with North Korea soon.")


def test_state_seizes_a_ship_as_confiscation_and_rebels_as_hijacking(coder):
    assert ("FIN", "RUS", "17") in dyads(
        coder, "Finnish police seized a Russian tanker in the Gulf of Finland."
    )
    assert ("YEM", "GBR", "18") in dyads(
        coder, "Houthi rebels seized a British-flagged cargo ship in the Red Sea."
    )


def test_counterfactual_clause_is_no_event(coder):
    text = "Washington vetoed a draft resolution that would have required Israel to withdraw from Gaza."
    assert {code for (_, _, code) in dyads(coder, text)} == {"12"}


def test_pledge_participle_after_a_visit_takes_the_visits_target(coder):
    text = (
        "Britain's prime minister made a surprise visit to Kyiv on Friday, pledging 2 billion pounds in "
        "military aid."
    )
    assert ("GBR", "UKR", "03") in dyads(coder, text)
