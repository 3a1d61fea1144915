"""Database summary for `tracker stats` and the overview page."""

from __future__ import annotations

from tracker.db import Database


def database_stats(db: Database) -> dict:
    """Row counts, events by dataset and status, and the event date range."""
    with db.connect() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        by_dataset = dict(conn.execute(
            "SELECT dataset, count(*) FROM event GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
        by_status = dict(conn.execute(
            "SELECT status, count(*) FROM event GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
        first, last = conn.execute("SELECT min(event_date), max(event_date) FROM event").fetchone()
    return {
        "database": str(db.path),
        "tables": counts,
        "events_by_dataset": by_dataset,
        "events_by_status": by_status,
        "first_event": first.isoformat() if first else None,
        "last_event": last.isoformat() if last else None,
    }
