"""Event lists and single events, with filters turned into parameterised SQL (never string-built values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from tracker.db import Database
from tracker.ontology import issue_family
from tracker.schema.vocab import LIVE_STATUSES

#: columns of `tracker events list` and the Python API, in order
LIST_COLUMNS = ["id", "date", "actor", "target", "code", "issues", "goldstein", "quad_class", "status",
                "article_id", "evidence", "dataset"]


@dataclass
class EventFilter:
    actors: list[str] = field(default_factory=list)      # actor codes or prefixes (USA matches USAGOV)
    targets: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)      # an issue matches its whole family
    since: date | None = None
    until: date | None = None
    statuses: list[str] = field(default_factory=lambda: list(LIVE_STATUSES))
    datasets: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)       # CAMEO codes or prefixes (11 matches 112, 1122)
    text: str | None = None                              # substring of the evidence
    article_id: int | None = None

    def where(self) -> tuple[str, list]:
        clauses, params = ["TRUE"], []

        def prefix_any(column: str, values: list[str]):
            ors = " OR ".join(f"starts_with({column}, ?)" for _ in values)
            clauses.append(f"({ors})")
            params.extend(v.strip().upper() for v in values)  # CAMEO codes are digits: upper() is harmless

        if self.actors:
            prefix_any("e.actor_code", self.actors)
        if self.targets:
            prefix_any("coalesce(e.target_code, '')", self.targets)
        if self.codes:
            prefix_any("e.code", self.codes)
        if self.issues:
            family = sorted({c for i in self.issues for c in issue_family(i.strip().lower())})
            clauses.append("e.id IN (SELECT event_id FROM event_issue WHERE issue_code IN (SELECT unnest(?)))")
            params.append(family)
        if self.since:
            clauses.append("e.event_date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.event_date <= ?")
            params.append(self.until)
        if self.statuses:
            clauses.append("e.status IN (SELECT unnest(?))")
            params.append(list(self.statuses))
        if self.datasets:
            clauses.append("e.dataset IN (SELECT unnest(?))")
            params.append(list(self.datasets))
        if self.text:
            clauses.append("contains(lower(e.evidence), lower(?))")
            params.append(self.text)
        if self.article_id is not None:
            clauses.append("e.article_id = ?")
            params.append(self.article_id)
        return " AND ".join(clauses), params


def list_events(db: Database, flt: EventFilter | None = None, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Events matching the filter, newest first, with the columns of LIST_COLUMNS."""
    flt = flt or EventFilter()
    where, params = flt.where()
    sql = f"""
        SELECT e.id, e.event_date AS date, e.actor_code AS actor, e.target_code AS target, e.code,
               coalesce((SELECT list_sort(list(issue_code)) FROM event_issue ei WHERE ei.event_id = e.id),
                        []::VARCHAR[]) AS issues,
               e.goldstein, e.quad_class, e.status, e.article_id, e.evidence, e.dataset
        FROM event e
        WHERE {where}
        ORDER BY e.event_date DESC, e.id DESC
        {'LIMIT ? OFFSET ?' if limit is not None else ''}
    """
    if limit is not None:
        params += [limit, offset]
    return db.query_df(sql, params)


def get_event(db: Database, event_id: int) -> dict | None:
    """One event from events_enriched, plus its article text, or None."""
    df = db.query_df(
        """SELECT v.*, a.text AS article_text, e.evidence_start, e.evidence_end, e.raw
           FROM events_enriched v JOIN event e ON e.id = v.event_id
           LEFT JOIN article a ON a.id = v.article_id WHERE v.event_id = ?""",
        [event_id],
    )
    return None if df.empty else df.iloc[0].to_dict()


def event_history(db: Database, event_id: int) -> pd.DataFrame:
    """The audit trail of one event, oldest first."""
    return db.query_df(
        "SELECT changed_at, user_name, action, reason, before, after FROM audit_log WHERE event_id = ? ORDER BY id",
        [event_id],
    )
