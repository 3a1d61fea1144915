"""Researcher SQL under a guard: one read-only statement, time limit, row cap, no files, no settings.

Layers (each one holds on its own; see SECURITY.md): the database instance is opened in guarded mode (no
external access, no extensions, no Python replacement scans, memory cap, configuration locked); the text must
be a single SELECT-like statement; it runs inside ``BEGIN TRANSACTION READ ONLY`` on its own connection (so a
coder's save on another connection is not blocked); a timer interrupts it at the time limit; at most
``row_cap`` rows are fetched. DuckDB is not a sandbox for hostile SQL: deploy the dashboard on a copy of the
database or behind trusted users when that matters.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from tracker.db import Database
from tracker.errors import QueryRefusedError, QueryTimeoutError

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_PIVOT_WORDS = ("PIVOT", "UNPIVOT")
#: tables researcher SQL may not read, however it names them (query_table, query(), subqueries, SUMMARIZE)
HIDDEN_TABLES = frozenset({"app_user"})
_HIDDEN_WORDS = re.compile("|".join(HIDDEN_TABLES), re.IGNORECASE)


@dataclass
class SqlResult:
    frame: pd.DataFrame
    rows: int
    truncated: bool
    seconds: float


def check_statement(sql: str) -> None:
    """Refuse anything but one SELECT-like statement, with a message that says why."""
    if not sql or not sql.strip():
        raise QueryRefusedError("The query is empty; write one SELECT statement.")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefusedError(f"The query does not parse: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefusedError(
            f"Only one statement per query is allowed ({len(statements)} found); remove the extra ';'."
        )
    stmt = statements[0]
    try:
        kind = stmt.type
    except ValueError:  # a statement type this duckdb build cannot name (e.g. UPDATE EXTENSIONS)
        raise QueryRefusedError(
            "Only read-only queries (SELECT, WITH, DESCRIBE, SUMMARIZE, PIVOT, EXPLAIN) are allowed; "
            "this statement is not one of them."
        ) from None
    if kind in _ALLOWED:
        return
    if kind == duckdb.StatementType.MULTI and stmt.query.lstrip("( \n\t").upper().startswith(_PIVOT_WORDS):
        return
    raise QueryRefusedError(
        f"Only read-only queries (SELECT, WITH, DESCRIBE, SUMMARIZE, PIVOT, EXPLAIN) are allowed; "
        f"this is a {kind.name} statement."
    )


def _scanned_tables(conn: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    """Names of the tables the physical plan of ``sql`` scans (views, query_table() and query() expanded)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            info = node.get("extra_info")
            table = info.get("Table") if isinstance(info, dict) else None
            if isinstance(table, str):
                found.add(table.rsplit(".", 1)[-1].strip('"').lower())
            walk(node.get("children", []))

    for _key, plan in conn.execute(f"EXPLAIN (FORMAT json) {sql}").fetchall():
        walk(json.loads(plan))
    return found


def _refuse_hidden(conn: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Named in the text (even where the optimiser would prune the scan) or scanned in the plan: refused."""
    named = _HIDDEN_WORDS.search(sql)
    if named:
        raise QueryRefusedError(
            f"Refused: {named.group(0).lower()} holds dashboard accounts and is not open to researcher SQL."
        )
    if duckdb.extract_statements(sql)[0].type == duckdb.StatementType.EXPLAIN:
        return  # a plan shows no rows
    hidden = sorted(_scanned_tables(conn, sql) & HIDDEN_TABLES)
    if hidden:
        raise QueryRefusedError(
            f"Refused: {', '.join(hidden)} holds dashboard accounts and is not open to researcher SQL."
        )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]


def run_sql(db: Database, sql: str, timeout: float | None = None, row_cap: int | None = None) -> SqlResult:
    """Run researcher SQL under the guard and return at most ``row_cap`` rows."""
    check_statement(sql)
    timeout = db.settings.sql_timeout if timeout is None else timeout
    row_cap = db.settings.sql_row_cap if row_cap is None else row_cap
    guarded = db if db.guarded else Database(db.path, db.settings, guarded=True)
    start = time.perf_counter()
    with guarded.connect() as conn:
        timer = threading.Timer(timeout, conn.interrupt)
        conn.execute("BEGIN TRANSACTION READ ONLY")
        timer.start()
        try:
            _refuse_hidden(conn, sql)
            reader = conn.sql(sql).to_arrow_reader(min(max(row_cap, 1), 10_000) + 1)
            batches, rows = [], 0
            for batch in reader:
                batches.append(batch)
                rows += batch.num_rows
                if rows > row_cap:
                    break
            table = pa.Table.from_batches(batches, schema=reader.schema)
        except duckdb.InterruptException:
            raise QueryTimeoutError(
                f"The query ran past the {timeout:g} s time limit and was stopped; narrow it (filters, LIMIT)."
            ) from None
        except duckdb.PermissionException as exc:
            raise QueryRefusedError(f"Refused: {_first_line(exc)} (no access to server files).") from None
        except duckdb.TransactionException as exc:
            raise QueryRefusedError(f"Refused: the query tries to write ({_first_line(exc)}).") from None
        except duckdb.OutOfMemoryException as exc:
            raise QueryRefusedError(f"The query needs more memory than allowed ({_first_line(exc)}).") from None
        except duckdb.Error as exc:
            raise QueryRefusedError(f"The query failed: {_first_line(exc)}") from None
        finally:
            timer.cancel()
            try:
                conn.execute("ROLLBACK")
            except duckdb.Error:
                pass
    truncated = table.num_rows > row_cap
    if truncated:
        table = table.slice(0, row_cap)
    try:
        frame = table.to_pandas()
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise QueryRefusedError(
            f"The result has a column type that cannot be shown ({_first_line(exc)}); CAST it to VARCHAR."
        ) from None
    return SqlResult(frame, table.num_rows, truncated, time.perf_counter() - start)
