"""Fixtures of the import tests: a fresh, migrated database file with the ontology loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.db import Database, migrate
from tracker.ontology import load_ontology

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "t.duckdb")
    migrate(database)
    load_ontology(database)
    return database


def rows(db: Database, sql: str, params: list | None = None) -> list[tuple]:
    with db.connect() as conn:
        return conn.execute(sql, params or []).fetchall()


def event(db: Database, dataset: str, external_id: str) -> dict:
    with db.connect() as conn:
        cur = conn.execute(
            "SELECT * FROM event WHERE dataset = ? AND external_id = ?", [dataset, external_id]
        )
        found = cur.fetchall()
        names = [d[0] for d in cur.description]
    assert len(found) == 1, f"{dataset} {external_id}: {len(found)} rows"
    return dict(zip(names, found[0], strict=True))
