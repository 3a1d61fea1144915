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


def _rows_for_ids(db: Database, ids: list[int]) -> pd.DataFrame:
    return db.query_df(
        """SELECT e.id, e.event_date AS date, e.actor_code AS actor, e.target_code AS target, e.actor_country,
                  e.target_country, e.code, et.name AS stance, e.quad_class, e.goldstein,
                  coalesce((SELECT list_sort(list(issue_code)) FROM event_issue ei WHERE ei.event_id = e.id),
                           []::VARCHAR[]) AS issues,
                  e.status, e.dataset, e.evidence, e.article_id, ar.title AS article_title,
                  coalesce(ar.url, e.source_url) AS article_url
           FROM event e LEFT JOIN event_type et ON et.code = e.code LEFT JOIN article ar ON ar.id = e.article_id
           WHERE e.id IN (SELECT unnest(?))
           ORDER BY e.event_date DESC, e.id DESC""",
        [ids],
    )


def explorer_page(db: Database, flt: ExplorerFilter, limit: int = 100, offset: int = 0) -> pd.DataFrame:
    """One page of the filtered events, newest first, with the columns of EXPLORER_COLUMNS."""
    where, params = flt.where()
    ids = db.query_df(
        f"SELECT e.id FROM event e WHERE {where} ORDER BY e.event_date DESC, e.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )["id"].tolist()
    if not ids:
        return pd.DataFrame(columns=EXPLORER_COLUMNS)
    return _rows_for_ids(db, ids)


def explorer_count(db: Database, flt: ExplorerFilter) -> int:
    """How many events match the filter."""
    where, params = flt.where()
    return int(db.query_df(f"SELECT count(*) AS n FROM event e WHERE {where}", params)["n"].iloc[0])


def explorer_table(db: Database, flt: ExplorerFilter, max_rows: int) -> pd.DataFrame:
    """Up to ``max_rows`` filtered events (newest first) for a CSV or Parquet download."""
    return explorer_page(db, flt, limit=max_rows, offset=0)
