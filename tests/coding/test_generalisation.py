"""General rules added while tuning on dev2.jsonl (a second tuning set in other wording than dev.jsonl)."""

from __future__ import annotations

from datetime import date

PUB = date(2024, 7, 4)


def code(coder, text):
    return [(e.actor, e.target, e.code) for e in coder.code(text, PUB)]


def test_closing_attribution_is_never_the_target(coder):
    events = code(
        coder, "Russian soldiers massacred civilians in Bucha before retreating, Ukrainian prosecutors said."
    )
    assert ("RUSMIL", "UKRJUD", "0874") not in events
    assert ("RUSMIL", "UKRCVL", "202") in events


def test_sector_noun_takes_the_country_after_from(coder):
    assert code(coder, "Poland granted protection to refugees from Ukraine.") == [("POLGOV", "UKRREF", "075")]


def test_object_before_a_pattern_preposition_is_the_target(coder):
    events = code(coder, "The UN General Assembly suspended Russia from the Human Rights Council.")
    assert [(a, (t or "")[:3], c) for a, t, c in events] == [("IGOUNO", "RUS", "161")]


def test_warned_it_would_is_a_threat_of_the_deed(coder):
    assert [c for _, _, c in code(coder, "Washington warned it would impose sanctions on any country.")] == [
        "1312"
    ]
    assert [c for _, _, c in code(coder, "Iran vowed it would strike Israel.")] == ["138"]


def test_thousands_of_troops_are_troops(coder):
    events = code(coder, "Moscow deployed thousands of additional troops to the border with Ukraine.")
    assert [(a, t, c) for a, t, c in events] == [("RUSGOV", "UKR", "154")]


def test_common_synonyms(coder):
    assert [c for _, _, c in code(coder, "Tokyo slapped sanctions on Russian banks.")] == ["163"]
    assert [c for _, _, c in code(coder, "Azerbaijan cut off talks with Armenian separatists.")] == ["164"]
    assert [c for _, _, c in code(coder, "The Syrian government used chlorine gas against civilians.")] == [
        "2041"
    ]
