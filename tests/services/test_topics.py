"""Saved topics: the preset made by init, saving and deleting with the coder role, validation."""

from __future__ import annotations

import pytest

from tracker.errors import NotFoundError, PermissionDeniedError, ValidationError
from tracker.queries.topics import get_topic, list_topics
from tracker.schema.dashboard import TopicDefinition
from tracker.services.setup import init_database
from tracker.services.topics import US_CHINA_HUMAN_RIGHTS, create_preset_topics, delete_topic, save_topic

DYAD = {"side_a": {"countries": ["rus"]}, "side_b": {"actors": ["ukrgov"]}, "directed": True}


def test_init_creates_the_us_china_preset_once(fresh_db):
    topics = list_topics(fresh_db)
    assert [name for name, _ in topics] == [US_CHINA_HUMAN_RIGHTS]
    preset = topics[0][1]
    assert preset.side_a.countries == ["USA"] and preset.side_b.countries == ["CHN", "HKG"]
    assert preset.issues == ["human_rights"] and not preset.directed
    init_database(fresh_db)
    assert create_preset_topics(fresh_db) == []
    assert len(list_topics(fresh_db)) == 1


def test_a_coder_saves_a_topic_that_everyone_reads(fresh_db, coder_user):
    save_topic(fresh_db, "  Russia on Ukraine ", DYAD, coder_user)
    topic = get_topic(fresh_db, "Russia on Ukraine")
    assert topic.side_a.countries == ["RUS"] and topic.side_b.actors == ["UKRGOV"] and topic.directed
    created_by = fresh_db.query_df("SELECT created_by FROM topic WHERE name = 'Russia on Ukraine'").iloc[0, 0]
    assert created_by == "alice"


def test_analysts_cannot_save_or_delete(fresh_db, analyst_user):
    with pytest.raises(PermissionDeniedError, match="needs the coder role"):
        save_topic(fresh_db, "x", DYAD, analyst_user)
    with pytest.raises(PermissionDeniedError):
        delete_topic(fresh_db, US_CHINA_HUMAN_RIGHTS, analyst_user)
    with pytest.raises(PermissionDeniedError, match="Log in"):
        save_topic(fresh_db, "x", DYAD, None)


def test_a_name_is_not_reused_unless_replaced(fresh_db, coder_user):
    with pytest.raises(ValidationError, match="exists") as err:
        save_topic(fresh_db, US_CHINA_HUMAN_RIGHTS, DYAD, coder_user)
    assert err.value.field == "name"
    save_topic(fresh_db, US_CHINA_HUMAN_RIGHTS, DYAD, coder_user, replace=True)
    assert get_topic(fresh_db, US_CHINA_HUMAN_RIGHTS) == TopicDefinition.model_validate(DYAD)
    assert len(list_topics(fresh_db)) == 1


@pytest.mark.parametrize("name, definition, field", [
    ("", DYAD, "name"),
    ("bad country", {"side_a": {"countries": ["Russia"]}}, "definition.side_a.countries"),
    ("bad actor", {"side_b": {"actors": ["U S"]}}, "definition.side_b.actors"),
    ("bad dates", {"since": "2024-01-01", "until": "2023-01-01"}, "definition"),
    ("bad period", {"granularity": "year"}, "definition.granularity"),
])
def test_invalid_topics_are_refused_with_the_field(fresh_db, coder_user, name, definition, field):
    with pytest.raises(ValidationError) as err:
        save_topic(fresh_db, name, definition, coder_user)
    assert err.value.field == field


def test_delete_and_missing_topics(fresh_db, coder_user):
    delete_topic(fresh_db, US_CHINA_HUMAN_RIGHTS, coder_user)
    assert list_topics(fresh_db) == []
    with pytest.raises(NotFoundError):
        delete_topic(fresh_db, US_CHINA_HUMAN_RIGHTS, coder_user)
    with pytest.raises(NotFoundError, match="no saved topic"):
        get_topic(fresh_db, US_CHINA_HUMAN_RIGHTS)


def test_a_database_without_the_topic_table_asks_for_init(tmp_path):
    import duckdb

    from tracker.db import Database
    from tracker.errors import DatabaseError

    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(DatabaseError, match="tracker init"):
        list_topics(Database(path))
