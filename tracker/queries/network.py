"""Actor network: who acts on whom, for the explorer's filters."""

from __future__ import annotations

import pandas as pd

from tracker.db import Database
from tracker.queries.explorer import ExplorerFilter

#: node levels: the actor code itself, or its country
LEVELS = ("actor", "country")


def actor_edges(db: Database, flt: ExplorerFilter, level: str = "actor", limit: int = 60) -> pd.DataFrame:
    """Directed edges (source, target, events, goldstein_sum, goldstein_mean), the ``limit`` busiest.

    ``level`` 'country' groups actors by country. Events without a target (or its country) are left out.
    """
    if level not in LEVELS:
        raise ValueError(f"level is one of {LEVELS}")
    by_actor = level == "actor"
    src, tgt = ("e.actor_code", "e.target_code") if by_actor else ("e.actor_country", "e.target_country")
    where, params = flt.where()
    return db.query_df(
        f"""SELECT {src} AS source, {tgt} AS target, count(*) AS events,
                   sum(e.goldstein)::DOUBLE AS goldstein_sum, avg(e.goldstein)::DOUBLE AS goldstein_mean
            FROM event e
            WHERE {where} AND {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt}
            GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?""",
        [*params, limit],
    )
