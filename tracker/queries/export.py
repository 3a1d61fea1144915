"""Exporting the research tables to files (DuckDB COPY; runs in the command-line process)."""

from __future__ import annotations

from pathlib import Path

from tracker.db import Database
from tracker.errors import InputError

EXPORTED = ["events_enriched", "event", "event_issue", "article", "actor", "issue", "event_type", "audit_log"]
_COPY = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)", "jsonl": "(FORMAT json)"}


def export_tables(db: Database, out_dir: Path, fmt: str) -> list[tuple[str, Path, int]]:
    """Write each research table/view to ``out_dir/<name>.<fmt>``; returns (name, path, rows)."""
    if fmt not in _COPY:
        raise InputError(f"Unknown export format {fmt!r}; use parquet, csv or jsonl.")
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    with db.connect() as conn:
        for name in EXPORTED:
            path = out_dir / f"{name}.{fmt}"
            conn.execute(f"COPY (SELECT * FROM {name}) TO '{_quote(path)}' {_COPY[fmt]}")
            done.append((name, path, conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]))
    return done


def _quote(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
