"""Voice, negation, modality, reported speech, compound actors, named officials and relative dates."""

from __future__ import annotations

from datetime import date

PUB = date(2024, 7, 4)  # a Thursday


def code(coder, text, published=PUB):
    return [(e.actor, e.target, e.code) for e in coder.code(text, published)]


def test_active_voice_and_countries_acting_as_states(coder):
    # A country named alone acts as its government (the gold convention's first choice) ...
    assert code(coder, "Japan condemned North Korea's missile launch.") == [("JPNGOV", "PRKGOV", "111")]
    # ... as its armed forces when the act is military, and the object of force stays the bare country.
    assert code(coder, "Russia shelled Ukraine on Monday.") == [("RUSMIL", "UKR", "194")]


def test_passive_voice_swaps_source_and_target(coder):
    events = coder.code("China was condemned by Britain for its crackdown in Hong Kong.", PUB)
    assert [(e.actor[:3], e.target[:3], e.code) for e in events] == [("GBR", "CHN", "111")]
    assert events[0].explain["passive"] is True


def test_agentless_passive_has_no_event(coder):
    assert code(coder, "Several activists were detained near Victoria Park on Friday.") == []


def test_negation_is_not_an_event(coder):
    assert code(coder, "China did not condemn Russia's invasion of Ukraine.") == []
    assert code(coder, "India has not joined the sanctions against Moscow.") == []


def test_intent_and_threat_are_their_own_codes(coder):
    assert ("CHN", "USA", "13") in {
        (a[:3], (t or "")[:3], c[:2])
        for a, t, c in code(coder, "China said it would impose sanctions on US lawmakers.")
    }
    assert ("DEU", "UKR", "03") in {
        (a[:3], (t or "")[:3], c[:2]) for a, t, c in code(coder, "Germany pledged to send tanks to Ukraine.")
    }


def test_reported_speech_codes_what_the_speaker_said(coder):
    # A deed reported by someone else is coded as the deed (the gold convention) ...
    events = code(
        coder, "Ukraine's military said Russian artillery had pounded residential districts of Kharkiv."
    )
    assert events == [("RUSMIL", "UKR", "194")]
    # ... a charge is coded as the speaker's accusation.
    events = code(
        coder,
        "Chinese Foreign Ministry spokeswoman Hua Chunying said the United States was using "
        "human rights as a pretext to meddle in China's internal affairs.",
        date(2021, 3, 24),
    )
    assert events == [("CHNGOV", "USA", "112")]
    events = code(
        coder,
        "Secretary of State Antony Blinken said on Wednesday that China had committed genocide "
        "against the Uyghurs.",
        date(2021, 3, 10),
    )
    assert [(a, t[:3], c) for a, t, c in events] == [("USAGOV", "CHN", "1122")]


def test_named_official_with_date_bounded_role(coder):
    assert code(coder, "Pompeo criticised Beijing.", date(2020, 6, 1)) == [("USAGOV", "CHNGOV", "111")]
    # In 2016 Pompeo was not yet Secretary of State: the dictionaries know no role for him then.
    assert code(coder, "Pompeo criticised Beijing.", date(2016, 6, 1)) == []


def test_compound_actors_each_get_an_event(coder):
    events = code(coder, "The United States, Britain and Canada imposed sanctions on Chinese officials.")
    assert sorted(a[:3] for a, t, c in events) == ["CAN", "GBR", "USA"]
    assert {(t, c) for a, t, c in events} == {("CHNGOV", "163")}


def test_the_us_and_its_allies(coder):
    events = code(coder, "The US and its allies condemned the coup in Myanmar.")
    assert [a for a, t, c in events] == ["USAGOV"]


def test_relative_dates_resolve_against_publication(coder):
    def day(text):
        return coder.code(text, PUB)[0].date

    assert day("Japan condemned North Korea on Tuesday.") == date(2024, 7, 2)
    assert day("Japan condemned North Korea yesterday.") == date(2024, 7, 3)
    assert day("Japan condemned North Korea last week.") == date(2024, 6, 27)
    assert day("Japan condemned North Korea on July 1.") == date(2024, 7, 1)
    assert day("Japan condemned North Korea on 30 December.") == date(2023, 12, 30)
    assert day("Japan condemned North Korea.") == PUB


def test_explain_names_the_phrases_and_the_pattern(coder):
    text = "Amnesty International accused Chinese authorities of crimes against humanity."
    [e] = coder.code(text, PUB)
    assert (e.actor, e.target, e.code) == ("NGOHRIAMN", "CHNGOV", "1122")
    x = e.explain
    assert x["actor_phrase"] == "Amnesty International"
    assert text[x["actor_span"][0] : x["actor_span"][1]] == "Amnesty International"
    assert text[x["target_span"][0] : x["target_span"][1]] == "Chinese authorities"
    assert x["pattern_id"].endswith("v:accuse") and "crimes against humanity" in x["refined_by"]
