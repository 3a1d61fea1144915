"""Researcher SQL: refusals with clear messages and an unchanged database; legitimate analysis still works.

The full attack suite is issue 6's; these are the cases the foundation promises.
"""

from __future__ import annotations

import pytest

from tracker.errors import QueryRefusedError, QueryTimeoutError
from tracker.queries.sql import run_sql
from tracker.services.events import record_event


@pytest.fixture
def db(fresh_db, coder_user):
    record_event(fresh_db, {"event_date": "2021-03-22", "actor_code": "USAGOV", "target_code": "CHNGOV",
                            "code": "163"}, coder_user)
    return fresh_db


def _state(db):
    return db.query_df("SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM audit_log) AS log").iloc[0].tolist()


REFUSED = [
    "DELETE FROM event",
    "UPDATE event SET code = '010'",
    "INSERT INTO issue VALUES ('x', 'x', NULL, NULL, NULL)",
    "DROP TABLE event",
    "CREATE TABLE t AS SELECT 1",
    "WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d",
    "SELECT nextval('event_id_seq')",
    "EXPLAIN ANALYZE DELETE FROM event",
    "SELECT 1; DELETE FROM event",
    "/* harmless */ dElEtE FROM event",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM '/etc/passwd'",
    "COPY event TO '/tmp/stolen.csv'",
    "ATTACH '/tmp/other.duckdb' AS o",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET threads = 1",
    "PRAGMA enable_profiling",
    "EXPORT DATABASE '/tmp/dump'",
]


@pytest.mark.parametrize("query", REFUSED)
def test_refused_and_nothing_changes(db, query, tmp_path):
    before = _state(db)
    with pytest.raises(QueryRefusedError) as err:
        run_sql(db, query)
    assert str(err.value)  # a sentence, not an empty error
    assert _state(db) == before


def test_runaway_query_is_stopped_by_the_time_limit(db):
    with pytest.raises(QueryTimeoutError, match="time limit"):
        run_sql(db, "SELECT count(*) FROM range(1000000000000) a", timeout=0.5)


def test_row_cap(db):
    result = run_sql(db, "SELECT * FROM range(1000)", row_cap=10)
    assert (result.rows, result.truncated, len(result.frame)) == (10, True, 10)


@pytest.mark.parametrize("query", [
    "WITH x AS (SELECT code FROM event) SELECT count(*) FROM x",
    "SELECT code, row_number() OVER (ORDER BY id) FROM event",
    "PIVOT event ON quad_class USING count(*)",
    "DESCRIBE event",
    "SUMMARIZE event",
    "SELECT * FROM events_enriched",
    "FROM dyad_daily",
])
def test_legitimate_analysis_works(db, query):
    assert len(run_sql(db, query).frame) >= 1
