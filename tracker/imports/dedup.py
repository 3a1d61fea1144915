"""Report-level versus event-level counting of machine-coded events.

Machine-coded feeds store one row per news report: GDELT repeats an event once per article (it removes exact
duplicates only). Analyses choose a level:

- ``report``: every stored row (the ``event`` table, as imported);
- ``event``: Phoenix's one-a-day rule, one row per (dataset, day, source actor, target actor, CAMEO code)
  (the ``events_oneaday`` view, with a ``reports`` column).
"""

from __future__ import annotations

import pandas as pd

from tracker.db import Database
from tracker.errors import InputError

#: dedup level -> the relation to read events from
DEDUP_LEVELS = {"report": "event", "event": "events_oneaday"}


def dedup_relation(level: str) -> str:
    """The table or view holding events at the given dedup level ('report' or 'event')."""
    try:
        return DEDUP_LEVELS[level]
    except KeyError:
        raise InputError(
            f"Unknown dedup level {level!r}; choose 'report' (as imported) or 'event' (one a day)."
        ) from None


def dedup_counts(db: Database) -> pd.DataFrame:
    """Per dataset: live rows as imported (reports) and after one-a-day deduplication (events)."""
    return db.query_df("""
        SELECT dataset, sum(reports)::BIGINT AS reports, count(*) AS events,
               round(sum(reports) / count(*), 2) AS reports_per_event
        FROM events_oneaday GROUP BY dataset ORDER BY dataset""")
