"""Schema migrations: ordered, named functions, recorded in ``schema_migration`` (the sqlite-utils way).

DDL is generated from the SQLModel tables in tracker/schema (no hand-written table DDL here), always with
IF NOT EXISTS, so that a migration written for an older table applies cleanly to a database created from the
current models and vice versa. A later change to a table is a new migration at the end of ``MIGRATIONS``
(``ALTER TABLE ... ADD COLUMN IF NOT EXISTS`` and the like); a released migration is never edited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
from sqlalchemy import Sequence, Table
from sqlalchemy.schema import CreateIndex, CreateSequence, CreateTable
from sqlmodel import SQLModel

from tracker.db.database import Database
from tracker.db.views import create_views
from tracker.schema import tables as t
from tracker.schema.imports import IMPORT_TABLES

_DIALECT = None


def _dialect():
    global _DIALECT
    if _DIALECT is None:
        from duckdb_engine import Dialect

        _DIALECT = Dialect()
    return _DIALECT


def create_tables(conn: duckdb.DuckDBPyConnection, models: Iterable[type[SQLModel]]) -> None:
    """CREATE SEQUENCE/TABLE/INDEX IF NOT EXISTS for the given models, from their SQLModel definitions."""
    dialect = _dialect()
    for model in models:
        table: Table = model.__table__
        for column in table.columns:
            if isinstance(column.default, Sequence):
                conn.execute(str(CreateSequence(column.default, if_not_exists=True).compile(dialect=dialect)))
        conn.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _initial(conn: duckdb.DuckDBPyConnection) -> None:
    create_tables(conn, [t.Article, t.Actor, t.Issue, t.EventType, t.Event, t.EventIssue, t.AuditLog, t.AppUser])


def _imports(conn: duckdb.DuckDBPyConnection) -> None:
    create_tables(conn, IMPORT_TABLES)


def _topics(conn: duckdb.DuckDBPyConnection) -> None:
    from tracker.schema.dashboard import Topic

    create_tables(conn, [Topic])


#: every migration, in order; append only
MIGRATIONS: list[Migration] = [
    Migration("0001_initial", _initial),
    Migration("0002_imports", _imports),
    Migration("0003_topics", _topics),
]


def applied_migrations(conn: duckdb.DuckDBPyConnection) -> list[str]:
    create_tables(conn, [t.SchemaMigration])
    return [r[0] for r in conn.execute("SELECT name FROM schema_migration ORDER BY name").fetchall()]


def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the migrations this file lacks, each in its own transaction; then (re)create the views.

    Returns the names applied now. Safe to run on every start: a current database gets nothing but fresh views.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    done_now: list[str] = []
    with db.connect() as conn:
        already = set(applied_migrations(conn))
        for migration in migrations:
            if migration.name in already:
                continue
            conn.execute("BEGIN TRANSACTION")
            try:
                migration.apply(conn)
                conn.execute(
                    "INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)",
                    [migration.name, datetime.now(UTC)],
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            done_now.append(migration.name)
        create_views(conn)
    return done_now
