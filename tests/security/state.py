"""What a test compares before and after an attack or a fault: the database's rows, sequences and objects."""

from __future__ import annotations

from tracker.db import Database


def database_state(db: Database) -> tuple:
    """Every table's rows (count and an order-free hash), every sequence's position, the schema's objects."""
    with db.connect() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY 1").fetchall()]
        rows = conn.execute(" UNION ALL ".join(
            f"SELECT '{t}', count(*), sum(hash(x))::VARCHAR FROM \"{t}\" x" for t in tables)).fetchall()
        objects = conn.execute(
            "SELECT type, name FROM (SELECT 'table' AS type, table_name AS name FROM duckdb_tables() "
            "UNION ALL SELECT 'view', view_name FROM duckdb_views() WHERE NOT internal "
            "UNION ALL SELECT 'sequence', sequence_name || ':' || coalesce(last_value::VARCHAR, '-') "
            "FROM duckdb_sequences() "
            "UNION ALL SELECT 'index', index_name FROM duckdb_indexes() "
            "UNION ALL SELECT 'macro', function_name FROM duckdb_functions() WHERE NOT internal) ORDER BY ALL"
        ).fetchall()
    return sorted(rows), objects


def table_rows(db: Database, table: str) -> list[tuple]:
    """Every row of ``table`` in a stable order (for exact comparisons)."""
    with db.connect() as conn:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
