"""Coding runs store proposals in bulk; re-coding replaces only untouched automatic proposals."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_ARTICLE
from tracker.errors import NotFoundError
from tracker.ingest import ingest_paths
from tracker.queries.events import EventFilter, event_history, list_events
from tracker.services.auth import CurrentUser
from tracker.services.coding import code_articles
from tracker.services.events import edit_event, record_event, review_event


CODER = CurrentUser("carol", "coder")


@pytest.fixture
def seed_article_db(fresh_db):
    report = ingest_paths(fresh_db, [SEED_ARTICLE])
    assert report.new_ids == [1]
    return fresh_db


def _auto(db):
    return db.query_df("SELECT * FROM event WHERE dataset = 'auto' ORDER BY id")


def test_proposals_carry_evidence_offsets_coder_and_confidence(seed_article_db):
    report = code_articles(seed_article_db, [1], user=CODER)
    events = _auto(seed_article_db)
    assert report.proposed == len(events) > 0
    text = seed_article_db.query_df("SELECT text FROM article WHERE id = 1").text[0]
    for ev in events.itertuples():
        assert ev.status == "proposed" and ev.coder.startswith("auto:") and 0 <= ev.confidence <= 1
        assert text[ev.evidence_start:ev.evidence_end] == ev.evidence
    assert set(events.actor_country.dropna()) & {"USA", "CHN"}
    issues = seed_article_db.query_df("SELECT DISTINCT issue_code FROM event_issue").issue_code.tolist()
    assert "human_rights" in issues
    log = seed_article_db.query_df("SELECT action, count(*) AS n FROM audit_log GROUP BY 1")
    assert log.set_index("action").n["create"] == len(events)


def test_recoding_replaces_untouched_proposals_and_keeps_human_decisions(seed_article_db, coder_user):
    code_articles(seed_article_db, [1], user=CODER)
    first = _auto(seed_article_db)
    assert len(first) >= 3
    accepted, rejected, edited = first.id[0], first.id[1], first.id[2]
    review_event(seed_article_db, int(accepted), "accepted", coder_user)
    review_event(seed_article_db, int(rejected), "rejected", coder_user)
    edit_event(seed_article_db, int(edited), {"code": "111"}, coder_user)  # still proposed, but a person touched it
    manual = record_event(seed_article_db, {"event_date": "2024-07-02", "actor_code": "NGOHRIAMN",
                                            "target_code": "CHNGOV", "code": "111", "article_id": 1}, coder_user)
    report = code_articles(seed_article_db, [1], user=CODER)
    assert report.replaced == len(first) - 3
    assert report.kept_human == 4
    after = seed_article_db.query_df("SELECT id, status, code FROM event WHERE article_id = 1").set_index("id")
    assert after.status[accepted] == "accepted" and after.status[rejected] == "rejected"
    assert after.code[edited] == "111" and manual in after.index
    assert len(after) == 4 + report.proposed
    removed = set(first.id) - {accepted, rejected, edited}
    for eid in removed:
        assert event_history(seed_article_db, int(eid)).action.tolist() == ["create", "recode"]
    # the default list (live statuses) shows the new proposals and the human-kept ones, not the rejected one
    live = list_events(seed_article_db, EventFilter(article_id=1))
    assert rejected not in set(live.id)


def test_unknown_article_ids_are_named(seed_article_db):
    with pytest.raises(NotFoundError, match="No article with id 7, 8"):
        code_articles(seed_article_db, [1, 7, 8], user=CODER)


def test_analysts_cannot_run_the_coder(seed_article_db, analyst_user):
    from tracker.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError, match="run the automatic coder"):
        code_articles(seed_article_db, [1], user=analyst_user)
    assert _auto(seed_article_db).empty
