"""Load the packaged ontology into a database (``tracker init``)."""

from __future__ import annotations

import pyarrow as pa

from tracker.db import Database
from tracker.ontology.actors import packaged_actors
from tracker.ontology.catalog import event_types, issues


def _upsert(conn, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    data = pa.Table.from_pylist(rows)
    conn.register("_rows", data)
    cols = ", ".join(data.column_names)
    conn.execute(f"INSERT OR REPLACE INTO {table} ({cols}) SELECT {cols} FROM _rows")
    conn.unregister("_rows")
    return len(rows)


def load_ontology(db: Database, extra_actors: list[dict] | None = None) -> dict[str, int]:
    """Insert or refresh CAMEO event types, issues and the packaged actors. User-added actors are kept."""
    actors = {r["code"]: r for r in packaged_actors()}
    for r in extra_actors or []:
        actors.setdefault(r["code"], r)
    with db.transaction() as conn:
        counts = {
            "event_type": _upsert(conn, "event_type", list(event_types().values())),
            "issue": _upsert(conn, "issue", list(issues().values())),
            "actor": _upsert(conn, "actor", list(actors.values())),
        }
    return counts
