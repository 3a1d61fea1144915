"""Recording, editing, reviewing and retracting events; derived fields; the audit log; roles."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.errors import NotFoundError, PermissionDeniedError, ValidationError
from tracker.queries.events import EventFilter, event_history, list_events
from tracker.services.events import edit_event, parse_event, record_event, retract_event, review_event


def _event(**over):
    base = {"event_date": "2024-07-02", "actor_code": "USAGOV", "target_code": "CHNGOV", "code": "1122",
            "issues": ["human_rights"], "evidence": "The US accused China of abuses."}
    base.update(over)
    return base


def test_record_derives_goldstein_quad_root_and_countries(fresh_db, coder_user):
    eid = record_event(fresh_db, _event(code="163"), coder_user)
    row = fresh_db.query_df("SELECT * FROM event WHERE id = ?", [eid]).iloc[0]
    assert (row.root_code, row.goldstein, row.quad_class) == ("16", -8.0, 4)
    assert (row.actor_country, row.target_country) == ("USA", "CHN")
    assert (row.status, row.dataset, row.coder) == ("accepted", "manual", "alice")
    log = event_history(fresh_db, eid)
    assert log.action.tolist() == ["create"] and log.user_name.tolist() == ["alice"]
    assert json.loads(log.after[0])["code"] == "163"


def test_goldstein_cannot_be_typed_in():
    with pytest.raises(ValidationError, match="goldstein"):
        parse_event(_event(goldstein=5.0))


@pytest.mark.parametrize("over, field", [
    ({"code": "10"}, None),            # valid root; the next ones are not
    ({"code": "99"}, "code"),
    ({"code": "1999"}, "code"),        # shaped like a code, not in CAMEO
    ({"actor_code": "QQQZZZ"}, "actor_code"),
    ({"issues": ["not_an_issue"]}, "issues"),
    ({"event_date": "2024-02-30"}, "event_date"),
    ({"target_code": "USAGOV"}, None),  # same as actor
    ({"article_id": 999}, "article_id"),
])
def test_validation_names_the_field(fresh_db, coder_user, over, field):
    if over == {"code": "10"}:
        assert record_event(fresh_db, _event(**over), coder_user) > 0
        return
    with pytest.raises(ValidationError) as err:
        record_event(fresh_db, _event(**over), coder_user)
    if field:
        assert err.value.field == field or field in str(err.value)


def test_composable_and_explicit_new_actors(fresh_db, coder_user):
    record_event(fresh_db, _event(actor_code="CHNGOVMIL", target_code="TWNMIL", code="150"), coder_user)
    new = {"code": "ZZZFOO", "name": "Foo Front", "kind": "group"}
    record_event(fresh_db, _event(actor_code="ZZZFOO", new_actors=[new]), coder_user)
    rows = fresh_db.query_df("SELECT code, name, country FROM actor WHERE code IN ('CHNGOVMIL', 'ZZZFOO') ORDER BY code")
    assert rows.country.tolist()[0] == "CHN" and rows.name.tolist()[1] == "Foo Front"
    ev = fresh_db.query_df("SELECT actor_country, target_country FROM event WHERE code = '150'").iloc[0]
    assert (ev.actor_country, ev.target_country) == ("CHN", "TWN")


def test_edit_review_retract_and_history(fresh_db, coder_user):
    eid = record_event(fresh_db, _event(status="proposed", dataset="auto"), coder_user)
    edit_event(fresh_db, eid, {"code": "111", "issues": ["human_rights", "organ_harvesting"]}, coder_user)
    review_event(fresh_db, eid, "accepted", coder_user)
    retract_event(fresh_db, eid, coder_user, "duplicate of another report")
    ev = fresh_db.query_df("SELECT code, goldstein, status FROM event WHERE id = ?", [eid]).iloc[0]
    assert (ev.code, ev.status) == ("111", "retracted")
    hist = event_history(fresh_db, eid)
    assert hist.action.tolist() == ["create", "edit", "accept", "retract"]
    assert hist.reason.tolist()[-1] == "duplicate of another report"
    assert json.loads(hist.before[1])["code"] == "1122" and json.loads(hist.after[1])["issues"] == [
        "human_rights", "organ_harvesting"]
    assert list_events(fresh_db).empty  # retracted events are not live
    assert len(list_events(fresh_db, EventFilter(statuses=["retracted"]))) == 1
    with pytest.raises(ValidationError, match="retracted"):
        review_event(fresh_db, eid, "accepted", coder_user)


def test_retraction_needs_a_reason_and_missing_events_are_named(fresh_db, coder_user):
    eid = record_event(fresh_db, _event(), coder_user)
    with pytest.raises(ValidationError, match="reason"):
        retract_event(fresh_db, eid, coder_user, "  ")
    with pytest.raises(NotFoundError, match="12345"):
        review_event(fresh_db, 12345, "accepted", coder_user)


def test_analysts_cannot_write_through_the_library(fresh_db, coder_user, analyst_user):
    eid = record_event(fresh_db, _event(), coder_user)
    for call in (lambda: record_event(fresh_db, _event(), analyst_user),
                 lambda: edit_event(fresh_db, eid, {"code": "112"}, analyst_user),
                 lambda: review_event(fresh_db, eid, "rejected", analyst_user),
                 lambda: retract_event(fresh_db, eid, analyst_user, "no")):
        with pytest.raises(PermissionDeniedError, match="analyst"):
            call()
    assert event_history(fresh_db, eid).action.tolist() == ["create"]


def test_list_filters(fresh_db, coder_user):
    record_event(fresh_db, _event(event_date="2020-07-01", issues=["hong_kong"]), coder_user)
    record_event(fresh_db, _event(event_date="2021-03-22", actor_code="CHNGOV", target_code="USAGOV", code="163",
                                  issues=["sanctions"]), coder_user)
    assert list_events(fresh_db, EventFilter(issues=["human_rights"])).date.tolist() == [date(2020, 7, 1)]
    assert list_events(fresh_db, EventFilter(actors=["CHN"])).code.tolist() == ["163"]
    assert list_events(fresh_db, EventFilter(since=date(2021, 1, 1))).code.tolist() == ["163"]
    assert list_events(fresh_db, EventFilter(codes=["11"])).code.tolist() == ["1122"]
    assert list_events(fresh_db, EventFilter(text="ACCUSED")).shape[0] == 2


def test_coders_saving_the_same_event_at_once_are_all_applied(fresh_db, coder_user):
    """DuckDB refuses the second of two concurrent updates of a row; the services re-apply it."""
    import threading

    eid = record_event(fresh_db, _event(status="proposed", dataset="auto"), coder_user)
    barrier = threading.Barrier(6)
    errors = []

    def save(n: int):
        barrier.wait()
        try:
            if n % 2:
                review_event(fresh_db, eid, "accepted", coder_user)
            else:
                edit_event(fresh_db, eid, {"evidence": f"version {n}"}, coder_user)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    actions = event_history(fresh_db, eid).action.tolist()
    assert actions.count("accept") == 3 and actions.count("edit") == 3
