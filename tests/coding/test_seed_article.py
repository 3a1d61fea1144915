"""The seed article comes out as an analyst would code it."""

from __future__ import annotations

from datetime import date

import pytest

# Body of seeds/2024-07-02-us-urges-ccp-independent-probe.txt (title, by-line, dateline and boilerplate removed).
SEED_TITLE = "US Urges CCP to Allow Independent Probe into Alleged Organ Harvesting Practices"
SEED_BODY = """Amid escalating international scrutiny, the United States government has issued a compelling call for the Chinese Communist Party (CCP) to permit an independent investigation into allegations of systematic organ harvesting from prisoners of conscience and minority groups.

The issue, which has long been a point of contention between the US and China, resurfaced with renewed urgency following a comprehensive report by human rights organizations detailing harrowing accounts of forced organ extraction from individuals detained for their beliefs. These allegations, categorized by US officials as “depraved” and “inhumane,” have galvanized calls for transparency and accountability.

In a sternly worded statement, US Secretary of State Jessica Ramirez condemned the alleged practices as “egregious violations of human rights” and emphasized the imperative of a thorough and impartial investigation. “The world cannot turn a blind eye to such heinous acts,” Ramirez asserted, calling on the CCP to cooperate fully with international inquiries to substantiate or refute the allegations.

The CCP, which has consistently denied accusations of state-sanctioned organ harvesting, dismissed the US’s demands as unfounded and politically motivated. Chinese officials reiterated their commitment to human rights within the framework of Chinese law, portraying the allegations as part of a broader misinformation campaign aimed at undermining China’s global standing.

International reactions to the US’s call for an independent probe have been mixed, with human rights advocates and some governments echoing support for a thorough investigation. “The allegations of forced organ harvesting are deeply troubling and demand a robust international response,” remarked Amnesty International spokesperson Emily Carter, underscoring the global consensus on the need for accountability.

As diplomatic tensions escalate over human rights issues, including the treatment of Uighur Muslims in Xinjiang and political freedoms in Hong Kong, the call for transparency regarding organ harvesting practices adds another layer of complexity to US-China relations. With global scrutiny intensifying and human rights at the forefront of international discourse, the outcome of these calls for investigation could have profound implications for diplomatic relations and global perceptions of China’s adherence to human rights standards."""


@pytest.fixture(scope="module")
def events(coder):
    return coder.code(SEED_BODY, date(2024, 7, 2), SEED_TITLE)


def dyads(events):
    return {(e.actor[:3], (e.target or "")[:3], e.code[:2]) for e in events}


def test_us_appeals_to_china_for_an_independent_investigation(events):
    appeals = [
        e for e in events if e.actor == "USAGOV" and e.target == "CHNGOV" and e.code[:2] in ("02", "10")
    ]
    assert appeals, events
    assert any(e.code == "0255" for e in appeals)  # appeal to allow international involvement
    assert "Chinese Communist Party" in appeals[0].explain["target_phrase"]


def test_us_condemns_china(events):
    assert ("USA", "CHN", "11") in dyads(events)


def test_china_rejects_the_us_demands_and_accuses_it(events):
    assert ("CHN", "USA", "12") in dyads(events)
    accusation = [e for e in events if e.actor.startswith("CHN") and e.code[:2] == "11"]
    assert accusation and accusation[0].target.startswith("USA")
    assert "misinformation" in accusation[0].evidence


def test_amnesty_criticises_china_and_demands_a_response(events):
    amnesty = {e.code[:2] for e in events if e.actor == "NGOHRIAMN" and (e.target or "").startswith("CHN")}
    assert {"11", "10"} <= amnesty


def test_context_sentences_are_not_events(events):
    assert not [e for e in events if "Uighur" in e.evidence or e.evidence.startswith("The issue")]


def test_every_event_is_on_organ_harvesting_and_dated(events):
    for e in events:
        assert e.date == date(2024, 7, 2)
        assert "organ_harvesting" in e.issues and "human_rights" in e.issues, e


def test_evidence_is_the_sentence_at_its_offsets(events):
    for e in events:
        assert SEED_BODY[e.start : e.end] == e.evidence
        assert 0 < e.confidence <= 1
