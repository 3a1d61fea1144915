"""Researcher SQL under attack: every case is refused with a sentence that says why, and neither the database
nor the file system changes. Legitimate analysis still works.

The guard is ``tracker.queries.sql.run_sql`` (the dashboard's SQL console and `tracker sql` both call it); the
command-line cases at the end go through a real `tracker sql` process. See SECURITY.md for what this does and
does not promise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.security.state import database_state
from tracker.db import Database
from tracker.errors import QueryRefusedError, QueryTimeoutError
from tracker.queries.sql import run_sql
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event
from tracker.services.setup import init_database
from tracker.services.users import add_user
from tracker.settings import Settings

TRACKER = str(Path(sys.executable).parent / "tracker")

# A module-level frame and string: DuckDB's Python replacement scans would read these by name.
secret_frame = pd.DataFrame({"secret": ["module-level frame"]})
secret_text = "module-level string"

WRITE = r"(read-only queries|tries to write)"
FILES = r"no access to server files"
ONE = r"Only one statement"
HIDDEN = r"not open to researcher SQL"

#: (id, query with {secret} {outside} placeholders, the refusal message it must give)
ATTACKS = [
    # reads of server files
    ("read_csv", "SELECT * FROM read_csv('{secret}.csv')", FILES),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('{secret}.csv')", FILES),
    ("read_csv list", "SELECT * FROM read_csv(['{secret}.csv', '{secret}.csv'])", FILES),
    ("sniff_csv", "SELECT * FROM sniff_csv('{secret}.csv')", FILES),
    ("read_text", "SELECT * FROM read_text('{secret}.csv')", FILES),
    ("read_blob", "SELECT * FROM read_blob('/etc/hostname')", FILES),
    ("read_parquet", "SELECT * FROM read_parquet('{secret}.parquet')", FILES),
    ("parquet_metadata", "SELECT * FROM parquet_metadata('{secret}.parquet')", FILES),
    ("read_json", "SELECT * FROM read_json('{secret}.json')", FILES),
    ("read_ndjson_objects", "SELECT * FROM read_ndjson_objects('{secret}.json')", FILES),
    ("glob", "SELECT * FROM glob('{outside}/*')", FILES),
    ("glob root", "SELECT * FROM glob('/*')", FILES),
    ("bare FROM path", "FROM '{secret}.csv'", FILES),
    ("bare SELECT FROM path", "SELECT * FROM '{secret}.parquet'", FILES),
    ("relative path", "FROM 'secret.csv'", FILES),
    ("device file", "SELECT * FROM read_csv('/dev/zero')", FILES),
    ("url", "SELECT * FROM 'https://example.com/data.csv'", FILES),
    ("file inside query()", "SELECT * FROM query('SELECT * FROM read_csv(''{secret}.csv'')')", FILES),
    ("stored secrets", "SELECT * FROM duckdb_secrets()", FILES),
    # writes of server files
    ("COPY TO", "COPY event TO '{outside}/stolen.csv'", WRITE),
    ("COPY query TO", "COPY (SELECT * FROM article) TO '{outside}/stolen.parquet' (FORMAT parquet)", WRITE),
    ("COPY FROM", "COPY issue FROM '{secret}.csv'", WRITE),
    ("EXPORT DATABASE", "EXPORT DATABASE '{outside}/dump'", WRITE),
    ("IMPORT DATABASE", "IMPORT DATABASE '{outside}'", WRITE),
    # other databases, extensions
    ("ATTACH file", "ATTACH '{outside}/other.duckdb' AS other", WRITE),
    ("ATTACH memory", "ATTACH ':memory:' AS scratch", WRITE),
    ("DETACH", "DETACH tracker", WRITE),
    ("USE", "USE system", WRITE),
    ("INSTALL", "INSTALL httpfs", WRITE),
    ("FORCE INSTALL", "FORCE INSTALL httpfs FROM 'http://example.com'", WRITE),
    ("LOAD", "LOAD httpfs", WRITE),
    ("LOAD file", "LOAD '{outside}/evil.duckdb_extension'", WRITE),
    ("UPDATE EXTENSIONS", "UPDATE EXTENSIONS", WRITE),
    ("CREATE SECRET", "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')", WRITE),
    # settings
    ("SET external access", "SET enable_external_access = true", WRITE),
    ("SET lock", "SET lock_configuration = false", WRITE),
    ("SET memory", "SET memory_limit = '100GB'", WRITE),
    ("SET GLOBAL threads", "SET GLOBAL threads = 64", WRITE),
    ("RESET", "RESET threads", WRITE),
    ("PRAGMA setting", "PRAGMA memory_limit = '100GB'", WRITE),
    ("PRAGMA profiling", "PRAGMA enable_profiling", WRITE),
    ("CALL pragma", "CALL pragma_table_info('event')", WRITE),
    ("setting via table function", "SELECT * FROM enable_logging()", r"configuration has been locked"),
    # DML
    ("DELETE", "DELETE FROM event", WRITE),
    ("UPDATE", "UPDATE event SET code = '010'", WRITE),
    ("INSERT", "INSERT INTO issue VALUES ('x', 'x', NULL, NULL, NULL)", WRITE),
    ("INSERT OR REPLACE", "INSERT OR REPLACE INTO issue SELECT * FROM issue", WRITE),
    ("MERGE", "MERGE INTO issue USING (SELECT 'x' AS c) s ON false "
              "WHEN NOT MATCHED THEN INSERT VALUES ('x', 'x', NULL, NULL, NULL)", WRITE),
    ("TRUNCATE", "TRUNCATE audit_log", WRITE),
    # DDL
    ("DROP TABLE", "DROP TABLE event", WRITE),
    ("DROP VIEW", "DROP VIEW events_enriched", WRITE),
    ("CREATE TABLE AS", "CREATE TABLE copy AS SELECT * FROM event", WRITE),
    ("CREATE TEMP TABLE", "CREATE TEMP TABLE t AS SELECT 1", WRITE),
    ("CREATE OR REPLACE VIEW", "CREATE OR REPLACE VIEW events_enriched AS SELECT 1 AS x", WRITE),
    ("CREATE MACRO", "CREATE MACRO m(x) AS x", WRITE),
    ("CREATE SEQUENCE", "CREATE SEQUENCE s", WRITE),
    ("CREATE SCHEMA", "CREATE SCHEMA s", WRITE),
    ("CREATE TYPE", "CREATE TYPE mood AS ENUM ('a')", WRITE),
    ("CREATE INDEX", "CREATE INDEX i ON event(code)", WRITE),
    ("ALTER ADD COLUMN", "ALTER TABLE event ADD COLUMN x INTEGER", WRITE),
    ("ALTER RENAME", "ALTER TABLE event RENAME TO ev", WRITE),
    ("COMMENT ON", "COMMENT ON TABLE event IS 'x'", WRITE),
    ("VACUUM", "VACUUM", WRITE),
    ("CHECKPOINT", "FORCE CHECKPOINT", WRITE),
    ("force_checkpoint()", "SELECT * FROM force_checkpoint()", WRITE),
    # transactions and prepared statements (could end the read-only transaction)
    ("COMMIT", "COMMIT", WRITE),
    ("ROLLBACK", "ROLLBACK", WRITE),
    ("BEGIN", "BEGIN TRANSACTION", WRITE),
    ("PREPARE", "PREPARE p AS DELETE FROM event", WRITE),
    ("EXECUTE", "EXECUTE p", WRITE),
    # writes dressed as reads
    ("CTE DELETE", "WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d", WRITE),
    ("CTE UPDATE", "WITH d AS (UPDATE event SET code = '010' RETURNING *) SELECT count(*) FROM d", WRITE),
    ("CTE INSERT", "WITH d AS (INSERT INTO issue VALUES ('x', 'x', NULL, NULL, NULL) RETURNING *) "
                   "SELECT * FROM d", WRITE),
    ("nextval", "SELECT nextval('event_id_seq')", WRITE),
    ("nextval in subquery", "SELECT * FROM event WHERE id < (SELECT nextval('audit_log_id_seq'))", WRITE),
    ("EXPLAIN ANALYZE DELETE", "EXPLAIN ANALYZE DELETE FROM event", WRITE),
    ("EXPLAIN ANALYZE CTE",
     "EXPLAIN ANALYZE WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d", WRITE),
    ("query() DELETE", "SELECT * FROM query('DELETE FROM event')", r"single SELECT"),
    # several statements, hidden keywords
    ("two statements", "SELECT 1; DELETE FROM event", ONE),
    ("two statements no space", "SELECT 1;DROP TABLE event;", ONE),
    ("two SELECTs", "SELECT 1; SELECT 2", ONE),
    ("block comment first", "/* harmless */ dElEtE FROM event", WRITE),
    ("line comment first", "-- just a look\nDeLeTe FROM event", WRITE),
    ("comment inside keyword gap", "DELETE/**/FROM/**/event", WRITE),
    ("odd casing", "dRoP tAbLe EvEnT", WRITE),
    ("parenthesised write", "(DELETE FROM event)", r"does not parse"),
    ("leading whitespace", "\n\t  \n  DROP TABLE event", WRITE),
    # dashboard accounts
    ("accounts table", "SELECT * FROM app_user", HIDDEN),
    ("accounts qualified", "SELECT password_hash FROM main.app_user", HIDDEN),
    ("accounts query_table", "SELECT * FROM query_table('app_' || 'user')", HIDDEN),
    ("accounts query()", "SELECT * FROM query('SELECT * FROM app_user')", HIDDEN),
    ("accounts subquery", "SELECT count(*) FROM event WHERE coder IN (SELECT password_hash FROM app_user)",
     HIDDEN),
    ("accounts SUMMARIZE", "SUMMARIZE app_user", HIDDEN),
    ("accounts quoted upper case", 'SELECT * FROM "APP_USER"', HIDDEN),
    # in-process Python objects
    ("replacement scan frame", "SELECT * FROM secret_frame", r"does not exist"),
    ("replacement scan string", "SELECT * FROM secret_text", r"does not exist"),
    ("replacement scan local", "SELECT * FROM local_frame", r"does not exist"),
    # odd input
    ("empty", "   ", r"empty"),
    ("only a comment", "-- nothing", r"(empty|0 found)"),
    ("garbage", "SELEC * FORM event", r"does not parse"),
    ("deep nesting", "SELECT " + "(" * 5000 + "1" + ")" * 5000, r"(does not parse|depth)"),
    ("huge string", "SELECT repeat('x', 10000000000)", r"(maximum supported string size|memory)"),
    ("union result type", "SELECT * FROM test_all_types()", r"CAST it to VARCHAR"),
]


@pytest.fixture(scope="module")
def attack_folder(tmp_path_factory) -> Path:
    """A database with an event, its audit trail and an account; secret files beside it in outside/.

    Built once for the module: every test checks that the database and the folder are as it found them."""
    folder = tmp_path_factory.mktemp("attack")
    db = Database(folder / "tracker.duckdb", Settings.from_env(environ={}, db_path=folder / "tracker.duckdb"))
    init_database(db)
    record_event(db, {"event_date": "2021-03-22", "actor_code": "USAGOV", "target_code": "CHNGOV",
                      "code": "163", "issues": ["human_rights"]}, CurrentUser("alice", Role.coder))
    add_user(db, "carol", "carol-password", Role.coder, CurrentUser.cli("root"))
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("code,name,parent,description,keywords\nsecret,file,,,\n")
    (outside / "secret.json").write_text('{"secret": "file"}\n')
    pq.write_table(pa.table({"secret": ["file"]}), outside / "secret.parquet")
    return folder


@pytest.fixture
def attack_db(attack_folder) -> Database:
    path = attack_folder / "tracker.duckdb"
    return Database(path, Settings.from_env(environ={}, db_path=path))


def file_state(folder: Path) -> list:
    """Every file under ``folder`` but the database itself: name, size, modification time."""
    out = []
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            p = Path(root) / name
            if p.name.startswith("tracker.duckdb"):
                continue
            st = p.stat()
            out.append((str(p.relative_to(folder)), st.st_size, st.st_mtime_ns))
    return sorted(out)


def _expand(query: str, tmp_path: Path) -> str:
    outside = tmp_path / "outside"
    return query.replace("{secret}", str(outside / "secret")).replace("{outside}", str(outside))


@pytest.mark.parametrize("name,query,message", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_is_refused_and_changes_nothing(attack_db, attack_folder, monkeypatch, name, query, message):
    tmp_path = attack_folder
    monkeypatch.chdir(tmp_path / "outside")     # relative paths would resolve next to the secret files
    local_frame = pd.DataFrame({"secret": ["local frame"]})  # noqa: F841 - a replacement-scan target
    before_db, before_files = database_state(attack_db), file_state(tmp_path)
    with pytest.raises(QueryRefusedError) as refusal:
        run_sql(attack_db, _expand(query, tmp_path), timeout=10)
    text = str(refusal.value)
    assert re.search(message, text), text
    assert "\n" not in text.strip() and len(text) < 400       # one sentence, not a traceback
    assert database_state(attack_db) == before_db
    assert file_state(tmp_path) == before_files


def test_the_attack_list_is_at_least_forty_cases():
    assert len(ATTACKS) >= 40
    print(f"\nSQL attack cases: {len(ATTACKS)} (+ runaway, cap, memory, settings, CLI cases below)")


# -- resource limits ----------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "SELECT count(*) FROM range(1000000) a, range(1000000) b",
    "SELECT count(*) FROM range(1e12::BIGINT)",
    "SELECT count(*) FROM event a, range(1000000000000) b",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
], ids=["cross join", "range 1e12", "event x range", "endless recursion"])
def test_runaway_query_is_stopped_by_the_time_limit(attack_db, query):
    before = database_state(attack_db)
    start = time.perf_counter()
    with pytest.raises(QueryTimeoutError, match="time limit") as refusal:
        run_sql(attack_db, query, timeout=0.5)
    elapsed = time.perf_counter() - start
    print(f"\n{query[:50]!r}: stopped after {elapsed:.2f} s (limit 0.5 s): {refusal.value}")
    assert database_state(attack_db) == before


def test_huge_result_is_capped(attack_db):
    start = time.perf_counter()
    result = run_sql(attack_db, "SELECT * FROM range(100000000)", row_cap=1000)
    print(f"\n100M-row result capped at 1000 rows in {time.perf_counter() - start:.2f} s")
    assert (result.rows, result.truncated, len(result.frame)) == (1000, True, 1000)


@pytest.mark.parametrize("query", [
    "SELECT string_agg(repeat('x', 1000), '') FROM range(1000000)",
    "SELECT list(range) FROM range(50000000)",
], ids=["string_agg 1 GB", "list 50M"])
def test_memory_blowup_is_stopped_by_the_memory_limit(attack_db, query):
    settings = Settings.from_env(environ={}, db_path=attack_db.path, sql_memory_limit="64MB")
    small = Database(attack_db.path, settings)
    with pytest.raises(QueryRefusedError, match="more memory than allowed"):
        run_sql(small, query, timeout=30)
    assert len(run_sql(small, "SELECT count(*) FROM event").frame) == 1   # the instance is still usable


def test_settings_stay_locked_on_a_live_guarded_instance(attack_db):
    """While another guarded connection keeps the instance alive (as a dashboard might), attacks on the
    settings leave them as they were."""
    guarded = Database(attack_db.path, attack_db.settings, guarded=True)
    with guarded.connect() as held:
        before = held.execute("SELECT name, value FROM duckdb_settings() ORDER BY 1").fetchall()
        for q in ["SET enable_external_access = true", "SELECT * FROM enable_logging()",
                  "RESET ALL", "SET memory_limit = '1TB'", "SET threads = 64"]:
            with pytest.raises(QueryRefusedError):
                run_sql(guarded, q)
        after = held.execute("SELECT name, value FROM duckdb_settings() ORDER BY 1").fetchall()
    assert after == before
    assert dict(after)["enable_external_access"] == "false"
    assert dict(after)["lock_configuration"] == "true"


# -- legitimate analysis ------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "WITH x AS (SELECT code FROM event) SELECT count(*) FROM x",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r",
    "SELECT code, row_number() OVER (ORDER BY id), sum(goldstein) OVER w FROM event WINDOW w AS ()",
    "SELECT * FROM event QUALIFY row_number() OVER (PARTITION BY code ORDER BY id) = 1",
    "PIVOT event ON quad_class USING count(*)",
    "UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME k VALUE v",
    "DESCRIBE event",
    "SUMMARIZE event",
    "SELECT * FROM events_enriched",
    "FROM dyad_daily",
    "FROM event SELECT code, count(*) GROUP BY ALL",
    "EXPLAIN SELECT * FROM event",
    "SHOW TABLES",
    "SELECT * FROM audit_log",
    "SELECT user_name, action FROM audit_log JOIN event ON event.id = audit_log.event_id",
    "SELECT 'DELETE FROM event; DROP TABLE event' AS harmless_text",
    "SELECT 1 /* ; DROP TABLE event */",
], ids=lambda q: q[:40])
def test_legitimate_analysis_works(attack_db, query):
    before = database_state(attack_db)
    assert len(run_sql(attack_db, query).frame) >= 1
    assert database_state(attack_db) == before


# -- the command line -----------------------------------------------------------------------------------
@pytest.mark.parametrize("query,message", [
    ("SELECT * FROM read_csv('/etc/passwd')", FILES),
    ("WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d", WRITE),
    ("SELECT * FROM app_user", HIDDEN),
    ("SELECT 1; DROP TABLE event", ONE),
    ("COPY event TO 'stolen.csv'", WRITE),
])
def test_tracker_sql_command_refuses_with_a_sentence(attack_db, attack_folder, query, message):
    tmp_path = attack_folder
    before_db, before_files = database_state(attack_db), file_state(tmp_path)
    proc = subprocess.run([TRACKER, "--db", str(attack_db.path), "sql", query], capture_output=True,
                          text=True, cwd=tmp_path, env=dict(os.environ, TRACKER_SQL_TIMEOUT="10"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("Error: ") and re.search(message, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert database_state(attack_db) == before_db
    assert file_state(tmp_path) == before_files


def test_tracker_sql_command_time_limit(attack_db):
    proc = subprocess.run([TRACKER, "--db", str(attack_db.path), "sql", "--timeout", "0.5",
                           "SELECT count(*) FROM range(1000000) a, range(1000000) b"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "time limit" in proc.stderr and "Traceback" not in proc.stderr


# -- the dashboard's SQL console ------------------------------------------------------------------------
CONSOLE_SAMPLE = ["read_csv", "glob root", "bare FROM path", "COPY TO", "EXPORT DATABASE", "ATTACH file",
                  "INSTALL", "SET external access", "DELETE", "DROP TABLE", "CTE DELETE", "nextval",
                  "EXPLAIN ANALYZE DELETE", "two statements", "block comment first", "accounts table",
                  "accounts query_table", "replacement scan frame", "union result type"]


def test_the_console_page_refuses_attacks_in_one_session(attack_db, attack_folder, monkeypatch):
    """One researcher session on the SQL console page types attack after attack: each is an st.error, the
    page never raises, and a legitimate query still works at the end."""
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[2] / "dashboards"
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv("TRACKER_DB", str(attack_db.path))
    monkeypatch.chdir(attack_folder / "outside")
    attacks = {name: (query, message) for name, query, message in ATTACKS}
    before_db, before_files = database_state(attack_db), file_state(attack_folder)
    at = AppTest.from_file(str(root / "views" / "sql_console.py"), default_timeout=60).run()
    for name in CONSOLE_SAMPLE:
        query, message = attacks[name]
        at.text_area(key="sql_text").set_value(_expand(query, attack_folder))
        at.button[0].click().run()
        assert not at.exception, name
        assert at.error and re.search(message, at.error[0].value), (name, [e.value for e in at.error])
    at.text_area(key="sql_text").set_value("SELECT count(*) AS n FROM event").run()
    at.button[0].click().run()
    assert not at.error and not at.exception
    assert database_state(attack_db) == before_db
    assert file_state(attack_folder) == before_files
