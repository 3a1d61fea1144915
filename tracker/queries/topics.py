"""Saved topics, read side: the timeline's topic picker and the preset lookup."""

from __future__ import annotations

from tracker.db import Database
from tracker.errors import NotFoundError
from tracker.schema.dashboard import TopicDefinition


def list_topics(db: Database) -> list[tuple[str, TopicDefinition]]:
    """Every saved topic as (name, definition), in saved order (the first is the landing topic)."""
    df = db.query_df("SELECT name, CAST(definition AS VARCHAR) AS definition FROM topic ORDER BY id")
    return [(row.name, TopicDefinition.model_validate_json(row.definition)) for row in df.itertuples()]


def get_topic(db: Database, name: str) -> TopicDefinition:
    """The definition of the topic called ``name``."""
    df = db.query_df("SELECT CAST(definition AS VARCHAR) AS definition FROM topic WHERE name = ?", [name])
    if df.empty:
        raise NotFoundError(
            f"There is no saved topic called {name!r}; pick one from the list or save it first.")
    return TopicDefinition.model_validate_json(df.iloc[0]["definition"])
