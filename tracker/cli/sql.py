"""`tracker sql`: researcher SQL under the guard."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import database
from tracker.cli.output import Format, emit
from tracker.queries.sql import run_sql


def sql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="One read-only query, e.g. \"SELECT * FROM events_enriched LIMIT 5\".")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    timeout: Annotated[float | None, typer.Option(help="Time limit in seconds [env TRACKER_SQL_TIMEOUT].")] = None,
    max_rows: Annotated[int | None, typer.Option(help="Row cap [env TRACKER_SQL_ROW_CAP].")] = None,
):
    """Run read-only SQL against the documented schema (docs/schema.md). Writes, files and settings are refused."""
    result = run_sql(database(ctx, guarded=True), query, timeout=timeout, row_cap=max_rows)
    emit(result.frame, format)
    if result.truncated:
        typer.echo(f"Note: stopped at the row cap of {result.rows} rows; add LIMIT or raise --max-rows.", err=True)


def register(app: typer.Typer) -> None:
    app.command("sql")(sql)
