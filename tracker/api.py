"""The Python API for notebooks: ``tracker.open(path)`` returns a handle whose methods return DataFrames."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from tracker.db import Database
from tracker.errors import DatabaseError
from tracker.queries.events import EventFilter, list_events
from tracker.queries.stats import database_stats
from tracker.settings import Settings


class TrackerHandle:
    """Read access to a tracker database from Python. Each call opens and closes the file."""

    def __init__(self, db: Database):
        self.db = db

    def events(self, actor: str | list[str] | None = None, target: str | list[str] | None = None,
               issue: str | list[str] | None = None, since: date | str | None = None,
               until: date | str | None = None, status: list[str] | None = None) -> pd.DataFrame:
        flt = EventFilter(actors=_list(actor), targets=_list(target), issues=_list(issue),
                          since=_date(since), until=_date(until))
        if status is not None:
            flt.statuses = list(status)
        return list_events(self.db, flt)

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Any read query of your own (your notebook, your file: not guarded, but parameterised)."""
        return self.db.query_df(query, params)

    def table(self, name: str) -> pd.DataFrame:
        return self.db.query_df(f'SELECT * FROM "{name.replace(chr(34), "")}"')

    def stats(self) -> dict:
        return database_stats(self.db)


def _list(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def _date(v):
    return date.fromisoformat(v) if isinstance(v, str) else v


def open_database(path: str | Path | None = None, **settings) -> TrackerHandle:
    s = Settings.from_env(**settings)
    db = Database(Path(path) if path else s.db_path, s)
    if not db.exists():
        raise DatabaseError(f"{db.path} does not exist; create it with `tracker --db {db.path} init`.")
    return TrackerHandle(db)
