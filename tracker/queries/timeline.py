"""The escalation timeline's read side: a topic's counts and intensity per period, and the events behind them.

A topic (``TopicDefinition``) becomes a parameterised WHERE clause; the granularity and the counting source
(news reports or one-a-day events) are chosen from fixed lists, never pasted from input.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from tracker.db import Database
from tracker.errors import InputError
from tracker.ontology import issue_family
from tracker.schema.dashboard import Granularity, TopicDefinition, TopicSide
from tracker.schema.vocab import LIVE_STATUSES

#: what a timeline counts: every news report (event row), or Phoenix's one-a-day events
COUNTING = ("reports", "one-a-day")

# The one-a-day rule of the events_oneaday view (one event per dataset, day, source, target and code; the
# first stored report stands for the others), applied to the topic's own reports: filtering first keeps the
# query fast on large tables, and an event counts when any of its reports is on the topic's issues.
_ONE_A_DAY = ("QUALIFY row_number() OVER (PARTITION BY e.dataset, e.event_date, e.actor_code, "
              "coalesce(e.target_code, ''), e.code ORDER BY e.id) = 1")


def _side(side: TopicSide, actor_col: str, country_col: str) -> tuple[str, list]:
    if side.is_empty():
        return "TRUE", []
    ors, params = [], []
    if side.countries:
        ors.append(f"{country_col} IN (SELECT unnest(?))")
        params.append(list(side.countries))
    for prefix in side.actors:
        ors.append(f"starts_with(coalesce({actor_col}, ''), ?)")
        params.append(prefix)
    return "(" + " OR ".join(ors) + ")", params


def topic_where(topic: TopicDefinition, since: date | None = None, until: date | None = None,
                alias: str = "e") -> tuple[str, list]:
    """The topic as a WHERE clause over an event-shaped relation ``alias`` (live statuses only)."""
    a_src, pa_src = _side(topic.side_a, f"{alias}.actor_code", f"{alias}.actor_country")
    b_tgt, pb_tgt = _side(topic.side_b, f"{alias}.target_code", f"{alias}.target_country")
    clauses = [f"{alias}.status IN (SELECT unnest(?))"]
    params: list = [list(LIVE_STATUSES)]
    forward, forward_p = f"({a_src} AND {b_tgt})", pa_src + pb_tgt
    if topic.directed:
        clauses.append(forward)
        params += forward_p
    else:
        b_src, pb_src = _side(topic.side_b, f"{alias}.actor_code", f"{alias}.actor_country")
        a_tgt, pa_tgt = _side(topic.side_a, f"{alias}.target_code", f"{alias}.target_country")
        clauses.append(f"({forward} OR ({b_src} AND {a_tgt}))")
        params += forward_p + pb_src + pa_tgt
    if topic.issues:
        family = sorted({c for i in topic.issues for c in issue_family(i)})
        clauses.append(
            f"{alias}.id IN (SELECT event_id FROM event_issue WHERE issue_code IN (SELECT unnest(?)))")
        params.append(family)
    since = max(filter(None, [since, topic.since]), default=None)
    until = min(filter(None, [until, topic.until]), default=None)
    if since:
        clauses.append(f"{alias}.event_date >= ?")
        params.append(since)
    if until:
        clauses.append(f"{alias}.event_date <= ?")
        params.append(until)
    return " AND ".join(clauses), params


def _topic_rows(topic: TopicDefinition, counting: str, since: date | None = None,
                until: date | None = None) -> tuple[str, list]:
    """A subquery of the topic's event rows (all reports, or one a day), to select FROM ... AS e."""
    if counting not in COUNTING:
        raise InputError(f"Unknown counting {counting!r}; use {' or '.join(COUNTING)}.")
    where, params = topic_where(topic, since, until)
    dedup = _ONE_A_DAY if counting == "one-a-day" else ""
    return f"(SELECT e.* FROM event e WHERE {where} {dedup})", params


def oneaday_available(db: Database) -> bool:
    """Whether the database has the events_oneaday view (added by the imports migration)."""
    df = db.query_df(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'events_oneaday'")
    return bool(df["n"].iloc[0])


def topic_counts(db: Database, topic: TopicDefinition, granularity: Granularity | str,
                 since: date | None = None, until: date | None = None,
                 counting: str = "reports") -> pd.DataFrame:
    """Per period with events: counts by quad class, cooperation, conflict, intensity (−Σ negative Goldstein).

    Columns: period (start date), q1..q4, events, cooperation, conflict, intensity, goldstein_sum.
    Periods without events are absent; ``analysis.timeline.complete_periods`` fills them.
    """
    part = Granularity(granularity).value
    rows, params = _topic_rows(topic, counting, since, until)
    sql = f"""
        SELECT date_trunc(?, e.event_date)::DATE AS period,
               count(*) FILTER (WHERE e.quad_class = 1) AS q1,
               count(*) FILTER (WHERE e.quad_class = 2) AS q2,
               count(*) FILTER (WHERE e.quad_class = 3) AS q3,
               count(*) FILTER (WHERE e.quad_class = 4) AS q4,
               count(*) AS events,
               count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict,
               coalesce(-sum(least(e.goldstein, 0)), 0)::DOUBLE AS intensity,
               coalesce(sum(e.goldstein), 0)::DOUBLE AS goldstein_sum
        FROM {rows} e
        GROUP BY 1 ORDER BY 1
    """
    return db.query_df(sql, [part, *params])


_EVENT_COLUMNS = """
    e.id, e.event_date AS date, e.actor_code AS actor, e.target_code AS target, e.code, et.name AS stance,
    e.quad_class, e.goldstein, e.evidence, e.article_id, ar.title AS article_title,
    coalesce(ar.url, e.source_url) AS article_url, ar.source AS article_source
"""

_EVENT_JOINS = """
    LEFT JOIN event_type et ON et.code = e.code
    LEFT JOIN article ar ON ar.id = e.article_id
"""


def topic_events(db: Database, topic: TopicDefinition, start: date, end: date, counting: str = "reports",
                 limit: int = 500) -> pd.DataFrame:
    """The topic's events in [start, end), most conflictual first, with the evidence and the article link."""
    rows, params = _topic_rows(topic, counting, start, end - timedelta(days=1))
    sql = f"""
        SELECT {_EVENT_COLUMNS}
        FROM {rows} e {_EVENT_JOINS}
        WHERE e.event_date >= ? AND e.event_date < ?
        ORDER BY e.goldstein, e.event_date, e.id
        LIMIT ?
    """
    return db.query_df(sql, [*params, start, end, limit])


def episode_top_events(db: Database, topic: TopicDefinition, starts: list[date], ends: list[date],
                       per_episode: int = 3, counting: str = "reports") -> pd.DataFrame:
    """The ``per_episode`` most conflictual events of each [start, end) window (column ``episode_start``)."""
    if not starts:
        return pd.DataFrame(columns=["episode_start", "id", "date", "actor", "target", "code", "stance",
                                     "quad_class", "goldstein", "evidence", "article_id", "article_title",
                                     "article_url", "article_source"])
    rows, params = _topic_rows(topic, counting, min(starts), max(ends) - timedelta(days=1))
    sql = f"""
        WITH windows AS (SELECT unnest(?::DATE[]) AS w_start, unnest(?::DATE[]) AS w_end)
        SELECT w.w_start AS episode_start, {_EVENT_COLUMNS}
        FROM {rows} e
        JOIN windows w ON e.event_date >= w.w_start AND e.event_date < w.w_end
        {_EVENT_JOINS}
        QUALIFY row_number() OVER (PARTITION BY w.w_start ORDER BY e.goldstein, e.event_date, e.id) <= ?
        ORDER BY w.w_start, e.goldstein, e.event_date, e.id
    """
    return db.query_df(sql, [list(starts), list(ends), *params, per_episode])


def busiest_dyads(db: Database, limit: int = 5) -> pd.DataFrame:
    """Country pairs (either direction) with the most live events: country_a < country_b, events."""
    return db.query_df(
        """SELECT least(actor_country, target_country) AS country_a,
                  greatest(actor_country, target_country) AS country_b, count(*) AS events
           FROM event
           WHERE status IN (SELECT unnest(?)) AND actor_country IS NOT NULL AND target_country IS NOT NULL
             AND actor_country <> target_country
           GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT ?""",
        [list(LIVE_STATUSES), limit],
    )


def dyad_topic(country_a: str, country_b: str,
               granularity: Granularity | str = Granularity.month) -> TopicDefinition:
    """The topic of all events between two countries, both directions, any issue."""
    return TopicDefinition(side_a={"countries": [country_a]}, side_b={"countries": [country_b]},
                           directed=False, granularity=granularity)
