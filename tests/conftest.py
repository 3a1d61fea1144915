"""Shared fixtures: real DuckDB files in temporary folders, never a mocked database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.db import Database
from tracker.ingest import ingest_paths
from tracker.services.auth import CurrentUser
from tracker.services.setup import init_database
from tracker.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "2024-07-02-us-urges-ccp-independent-probe.txt"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "tracker.duckdb"


@pytest.fixture
def settings(db_path) -> Settings:
    return Settings.from_env(environ={}, db_path=db_path, busy_timeout=2.0)


@pytest.fixture
def fresh_db(settings) -> Database:
    """An initialised database (migrations + ontology), no articles or events."""
    db = Database(settings.db_path, settings)
    init_database(db)
    return db


@pytest.fixture
def seeded_db(fresh_db) -> Database:
    """The initialised database with every seed article ingested (no events)."""
    ingest_paths(fresh_db, [SEEDS])
    return fresh_db


@pytest.fixture
def coder_user() -> CurrentUser:
    return CurrentUser("alice", "coder")


@pytest.fixture
def analyst_user() -> CurrentUser:
    return CurrentUser("bob", "analyst")
