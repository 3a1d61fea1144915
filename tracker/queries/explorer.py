"""The event explorer's read side: EventFilter plus countries, quad classes and CAMEO roots; a page of rows
fetched by id first (cheap on a million events), the total, and the full filtered table for downloads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tracker.db import Database
from tracker.queries.events import EventFilter

#: columns of the explorer table and of its downloads, in order
EXPLORER_COLUMNS = ["id", "date", "actor", "target", "actor_country", "target_country", "code", "stance",
                    "quad_class", "goldstein", "issues", "status", "dataset", "evidence", "article_id",
                    "article_title", "article_url"]


@dataclass
class ExplorerFilter(EventFilter):
    countries: list[str] = field(default_factory=list)    # actor's or target's country (ISO-3)
    quad_classes: list[int] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)        # two-digit CAMEO roots

    def where(self) -> tuple[str, list]:
        clauses, params = super().where()
        extra, extra_params = [clauses], list(params)
        if self.countries:
            extra.append("(e.actor_country IN (SELECT unnest(?)) OR e.target_country IN (SELECT unnest(?)))")
            countries = [c.strip().upper() for c in self.countries]
            extra_params += [countries, countries]
        if self.quad_classes:
            extra.append("e.quad_class IN (SELECT unnest(?))")
            extra_params.append([int(q) for q in self.quad_classes])
        if self.roots:
            extra.append("e.root_code IN (SELECT unnest(?))")
            extra_params.append([r.strip().zfill(2) for r in self.roots])
        return " AND ".join(extra), extra_params


# Issues are aggregated for the page's ids only (a correlated subquery would aggregate the whole event_issue).
_ROWS_FOR_IDS = """
    WITH ids AS (SELECT unnest(?::BIGINT[]) AS id),
         iss AS (SELECT event_id, list_sort(list(issue_code)) AS issues FROM event_issue
                 WHERE event_id IN (SELECT id FROM ids) GROUP BY event_id)
    SELECT e.id, e.event_date AS date, e.actor_code AS actor, e.target_code AS target, e.actor_country,
           e.target_country, e.code, et.name AS stance, e.quad_class, e.goldstein,
           coalesce(iss.issues, []::VARCHAR[]) AS issues, e.status, e.dataset, e.evidence, e.article_id,
           ar.title AS article_title, coalesce(ar.url, e.source_url) AS article_url
    FROM event e LEFT JOIN iss ON iss.event_id = e.id LEFT JOIN event_type et ON et.code = e.code
    LEFT JOIN article ar ON ar.id = e.article_id
    WHERE e.id IN (SELECT id FROM ids)
    ORDER BY e.event_date DESC, e.id DESC
"""


def explorer_page(db: Database, flt: ExplorerFilter, limit: int = 100, offset: int = 0) -> pd.DataFrame:
    """One page of the filtered events, newest first, with the columns of EXPLORER_COLUMNS.

    The page's ids come first from the narrow columns, then their rows: two queries on one connection.
    """
    where, params = flt.where()
    with db.connect() as conn:
        ids = conn.execute(
            f"SELECT e.id FROM event e WHERE {where} ORDER BY e.event_date DESC, e.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchnumpy()["id"].tolist()
        if not ids:
            return pd.DataFrame(columns=EXPLORER_COLUMNS)
        return conn.sql(_ROWS_FOR_IDS, params=[ids]).to_arrow_table().to_pandas()


def explorer_count(db: Database, flt: ExplorerFilter) -> int:
    """How many events match the filter."""
    where, params = flt.where()
    return int(db.query_df(f"SELECT count(*) AS n FROM event e WHERE {where}", params)["n"].iloc[0])


def explorer_table(db: Database, flt: ExplorerFilter, max_rows: int) -> pd.DataFrame:
    """Up to ``max_rows`` filtered events (newest first) for a CSV or Parquet download."""
    return explorer_page(db, flt, limit=max_rows, offset=0)
