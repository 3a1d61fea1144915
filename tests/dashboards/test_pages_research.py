"""The researchers' pages under AppTest: the SQL console (its guard seen from the page) and schema help."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.db import Database
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event

PAGES = Path(__file__).resolve().parents[2] / "dashboards" / "views"
LONG_QUERY = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"


@pytest.fixture
def app_env(monkeypatch, dashboards_path):
    def use(db: Database, **env: str) -> Database:
        monkeypatch.setenv("TRACKER_DB", str(db.path))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return Database(db.path, db.settings, guarded=True)
    return use


def result_frame(at: AppTest):
    """The result table (the editor column's first table; the schema column's tables come after)."""
    return at.columns[0].dataframe[0].value


def console(sql: str | None = None, timeout: float = 10) -> AppTest:
    at = AppTest.from_file(PAGES / "sql_console.py", default_timeout=timeout).run()
    assert not at.exception, at.exception
    if sql is not None:
        at.text_area(key="sql_text").input(sql)
        at.button[0].click().run()
    return at


@pytest.mark.parametrize("name", ["sql_console", "schema_help"])
def test_research_pages_render_on_empty_and_seeded_databases(name, fresh_db, app_env, tmp_path):
    app_env(fresh_db)
    at = AppTest.from_file(PAGES / f"{name}.py", default_timeout=10).run()
    assert not at.exception, at.exception
    from tracker.ingest import ingest_paths
    ingest_paths(fresh_db, [Path(__file__).resolve().parents[2] / "seeds"])
    at = AppTest.from_file(PAGES / f"{name}.py", default_timeout=10).run()
    assert not at.exception, at.exception


def test_every_example_runs_and_shows_rows_timing_and_downloads(topic_db, app_env):
    app_env(topic_db)
    at = console()
    examples = at.selectbox(key="sql_example").options
    assert len(examples) >= 5
    for example in examples:
        at.selectbox(key="sql_example").select(example).run()
        at.button[0].click().run()
        assert not at.exception, (example, at.exception)
        assert not at.error, (example, [e.value for e in at.error])
        assert any(c.value.endswith(" ms") and " rows in " in c.value for c in at.caption), example
    at.selectbox(key="sql_example").select("Events per CAMEO root (live data)").run()
    at.button[0].click().run()
    frame = result_frame(at)
    assert list(frame.columns) == ["root_code", "root_name", "events", "mean_goldstein"]
    assert frame["events"].sum() == topic_db.query_df(
        "SELECT count(*) FROM event WHERE status IN ('proposed', 'accepted')").iloc[0, 0]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Parquet"]
    assert at.get("arrow_bar_chart") or at.get("vega_lite_chart")


def test_schema_browser_lists_every_table_and_view_with_descriptions(fresh_db, app_env):
    from tracker.db.catalog import schema_catalog

    app_env(fresh_db)
    at = console()
    titles = [e.label for e in at.expander]
    for relation in schema_catalog():
        assert f"{relation.name} ({relation.kind})" in titles
    at.text_input(key="schema_find").input("goldstein").run()
    found = [e.label for e in at.expander]
    assert "events_enriched (view)" in found and "article (table)" not in found


@pytest.mark.parametrize(("sql", "message"), [
    ("DELETE FROM event", "Only read-only queries"),
    ("WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d", "Refused: the query tries to write"),
    ("SELECT * FROM read_csv('/etc/passwd')", "no access to server files"),
    ("COPY (SELECT 1) TO '/tmp/out.csv'", "Only read-only queries"),
    ("INSTALL httpfs", "Only read-only queries"),
    ("SELECT 1; SELECT 2", "Only one statement"),
])
def test_the_console_refuses_writes_and_file_access_with_a_clear_message(sql, message, topic_db, app_env):
    gdb = app_env(topic_db)
    before = gdb.query_df("SELECT count(*) FROM event").iloc[0, 0]
    at = console(sql)
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value
    assert gdb.query_df("SELECT count(*) FROM event").iloc[0, 0] == before


def test_a_long_query_is_stopped_at_the_time_limit_and_never_blocks_a_coders_save(topic_db, app_env):
    gdb = app_env(topic_db, TRACKER_SQL_TIMEOUT="2")
    at = console()
    at.text_area(key="sql_text").input(LONG_QUERY)
    runner = threading.Thread(target=lambda: at.button[0].click().run(timeout=20))
    start = time.perf_counter()
    runner.start()
    coder = CurrentUser("carol", Role.coder)
    saves = []
    while runner.is_alive() and time.perf_counter() - start < 1.8:
        t0 = time.perf_counter()
        record_event(gdb, {"event_date": date(2024, 1, 1), "actor_code": "USAGOV", "target_code": "CHNGOV",
                           "code": "112"}, coder)
        saves.append((t0 - start, time.perf_counter() - t0))
    runner.join()
    elapsed = time.perf_counter() - start
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The query ran past the 2 s time limit and was stopped; narrow it (filters, LIMIT)."]
    assert 1.9 < elapsed < 6
    during = [d for t, d in saves if t > 0.5]          # saves made while the query was surely running
    assert during and max(during) < 0.5, saves
    print(f"{len(during)} saves while the query ran, slowest {max(during) * 1000:.0f} ms")


def test_the_row_cap_is_shown(topic_db, app_env):
    app_env(topic_db, TRACKER_SQL_ROW_CAP="10")
    at = console("SELECT * FROM range(100)")
    assert len(result_frame(at)) == 10
    assert "row cap of 10 rows" in at.warning[0].value


def test_schema_help_explains_codes_and_querying(fresh_db, app_env):
    app_env(fresh_db)
    at = AppTest.from_file(PAGES / "schema_help.py", default_timeout=10).run()
    assert not at.exception
    tables = {tuple(df.value.columns): df.value for df in at.dataframe}
    roots = tables[("root", "name", "quad class", "Goldstein", "codes")]
    assert list(roots["root"]) == [f"{i:02d}" for i in range(1, 21)]
    quads = tables[("quad class", "label", "roots")]
    assert list(quads["label"]) == ["Verbal cooperation", "Material cooperation", "Verbal conflict",
                                    "Material conflict"]
    snippets = {c.language: c.value for c in at.code}
    assert f'tracker.open("{fresh_db.path.resolve()}")' in snippets["python"]
    assert "duckdb::duckdb()" in snippets["r"] and "read_only = TRUE" in snippets["r"]
    assert any("duckdb -readonly" in c.value for c in at.code)
