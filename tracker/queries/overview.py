"""The overview page: totals, events per month by quad class, top dyads, top issues, latest events."""

from __future__ import annotations

import pandas as pd

from tracker.db import Database
from tracker.schema.vocab import LIVE_STATUSES


def overview_totals(db: Database) -> dict:
    """Live events, all events, articles, actors seen in events, first and last event dates."""
    df = db.query_df(
        """SELECT (SELECT count(*) FROM event WHERE status IN (SELECT unnest(?))) AS live_events,
                  (SELECT count(*) FROM event) AS all_events,
                  (SELECT count(*) FROM event WHERE status = 'proposed') AS proposed_events,
                  (SELECT count(*) FROM article) AS articles,
                  (SELECT count(DISTINCT actor_code) FROM event) AS actors,
                  (SELECT min(event_date) FROM event WHERE status IN (SELECT unnest(?))) AS first_event,
                  (SELECT max(event_date) FROM event WHERE status IN (SELECT unnest(?))) AS last_event""",
        [list(LIVE_STATUSES)] * 3,
    )
    return df.iloc[0].to_dict()


def events_per_month(db: Database) -> pd.DataFrame:
    """Live events per month and quad class: month (date), quad_class, events."""
    return db.query_df(
        """SELECT date_trunc('month', event_date)::DATE AS month, quad_class, count(*) AS events
           FROM event WHERE status IN (SELECT unnest(?)) GROUP BY 1, 2 ORDER BY 1, 2""",
        [list(LIVE_STATUSES)],
    )


def top_dyads(db: Database, limit: int = 10) -> pd.DataFrame:
    """Directed country pairs with the most live events: dyad ('USA → CHN'), events, conflict, goldstein."""
    return db.query_df(
        """SELECT actor_country || ' → ' || target_country AS dyad, count(*) AS events,
                  count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
                  round(avg(goldstein), 2)::DOUBLE AS goldstein_mean
           FROM event
           WHERE status IN (SELECT unnest(?)) AND actor_country IS NOT NULL AND target_country IS NOT NULL
           GROUP BY actor_country, target_country ORDER BY events DESC, dyad LIMIT ?""",
        [list(LIVE_STATUSES), limit],
    )


def top_issues(db: Database, limit: int = 10) -> pd.DataFrame:
    """Issues with the most live events: issue (code), name, events."""
    return db.query_df(
        """SELECT ei.issue_code AS issue, coalesce(i.name, ei.issue_code) AS name, count(*) AS events
           FROM event_issue ei JOIN event e ON e.id = ei.event_id LEFT JOIN issue i ON i.code = ei.issue_code
           WHERE e.status IN (SELECT unnest(?))
           GROUP BY 1, 2 ORDER BY events DESC, issue LIMIT ?""",
        [list(LIVE_STATUSES), limit],
    )


def latest_events(db: Database, limit: int = 15) -> pd.DataFrame:
    """The most recent live events with their stance and evidence."""
    return db.query_df(
        """SELECT e.id, e.event_date AS date, e.actor_code AS actor, e.target_code AS target, e.code,
                  et.name AS stance, e.goldstein, e.status, e.dataset, e.evidence
           FROM event e LEFT JOIN event_type et ON et.code = e.code
           WHERE e.status IN (SELECT unnest(?))
           ORDER BY e.event_date DESC, e.id DESC LIMIT ?""",
        [list(LIVE_STATUSES), limit],
    )
