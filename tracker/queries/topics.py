"""Saved topics, read side: the timeline's topic picker and the preset lookup."""

from __future__ import annotations

import duckdb

from tracker.db import Database
from tracker.errors import DatabaseError, NotFoundError
from tracker.schema.dashboard import TopicDefinition


def list_topics(db: Database) -> list[tuple[str, TopicDefinition]]:
    """Every saved topic as (name, definition), in saved order (the first is the landing topic)."""
    try:
        df = db.query_df("SELECT name, CAST(definition AS VARCHAR) AS definition FROM topic ORDER BY id")
    except duckdb.CatalogException:
        raise DatabaseError(
            f"{db.path} has no topic table: it predates saved topics or was never initialised. "
            "Run `tracker init` on it (it upgrades without losing data).") from None
    return [(row.name, TopicDefinition.model_validate_json(row.definition)) for row in df.itertuples()]


def get_topic(db: Database, name: str) -> TopicDefinition:
    """The definition of the topic called ``name``."""
    df = db.query_df("SELECT CAST(definition AS VARCHAR) AS definition FROM topic WHERE name = ?", [name])
    if df.empty:
        raise NotFoundError(
            f"There is no saved topic called {name!r}; pick one from the list or save it first.")
    return TopicDefinition.model_validate_json(df.iloc[0]["definition"])
