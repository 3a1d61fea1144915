"""Migrations are ordered, recorded, idempotent, and upgrade an older file without losing data."""

from __future__ import annotations

from datetime import date

from tracker.db import MIGRATIONS, Database, migrate
from tracker.db.migrations import Migration
from tracker.services.setup import init_database


def _names(db):
    return db.query_df("SELECT name FROM schema_migration ORDER BY name").name.tolist()


def test_fresh_database_gets_every_migration_once(db_path):
    db = Database(db_path)
    assert migrate(db) == [m.name for m in MIGRATIONS]
    assert migrate(db) == []
    assert _names(db) == sorted(m.name for m in MIGRATIONS)


def test_upgrade_from_the_first_release_keeps_data(db_path):
    db = Database(db_path)
    migrate(db, MIGRATIONS[:1])
    with db.connect() as conn:
        conn.execute("INSERT INTO article (text, content_hash) VALUES ('Body.', 'h1')")
        conn.execute(
            "INSERT INTO event (event_date, actor_code, code, root_code, goldstein, quad_class, status, coder, dataset)"
            " VALUES ('2020-01-02', 'USA', '112', '11', -2, 3, 'accepted', 'me', 'manual')"
        )
    result = init_database(db)
    assert result["migrations_applied"] == [m.name for m in MIGRATIONS[1:]]
    assert db.query_df("SELECT count(*) AS n FROM article").n[0] == 1
    ev = db.query_df("SELECT event_date, code FROM event")
    assert ev.event_date[0] == date(2020, 1, 2) and ev.code[0] == "112"


def test_a_later_migration_adds_a_column_and_keeps_rows(fresh_db):
    with fresh_db.connect() as conn:
        conn.execute("INSERT INTO article (text, content_hash) VALUES ('Body.', 'h1')")

    def add_column(conn):
        conn.execute("ALTER TABLE article ADD COLUMN IF NOT EXISTS word_count INTEGER")
        conn.execute("UPDATE article SET word_count = 1")

    applied = migrate(fresh_db, MIGRATIONS + [Migration("9999_word_count", add_column)])
    assert applied == ["9999_word_count"]
    row = fresh_db.query_df("SELECT text, word_count FROM article")
    assert row.text[0] == "Body." and row.word_count[0] == 1


def test_a_failing_migration_leaves_the_file_as_it_was(fresh_db):
    def broken(conn):
        conn.execute("ALTER TABLE article ADD COLUMN half_done INTEGER")
        conn.execute("SELECT * FROM no_such_table")

    try:
        migrate(fresh_db, MIGRATIONS + [Migration("9998_broken", broken)])
    except Exception:  # noqa: BLE001 - the DuckDB error itself is not the point
        pass
    cols = fresh_db.query_df(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'article'").column_name.tolist()
    assert "half_done" not in cols
    assert "9998_broken" not in _names(fresh_db)
