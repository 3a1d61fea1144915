"""`tracker init`, `stats`, `export` and `dashboard`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import database
from tracker.cli.output import Format, emit_mapping
from tracker.queries.export import export_tables
from tracker.queries.stats import database_stats
from tracker.services.setup import init_database

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def init(ctx: typer.Context, format: FormatOpt = Format.table):
    """Create the database (or upgrade an existing one) and load the CAMEO/actor/issue ontology."""
    result = init_database(database(ctx, must_exist=False))
    if format == Format.table:
        applied = ", ".join(result["migrations_applied"]) or "none (already current)"
        o = result["ontology"]
        typer.echo(f"Database {result['database']} is ready. Migrations applied: {applied}.")
        typer.echo(f"Ontology: {o['event_type']} event types, {o['issue']} issues, {o['actor']} actors.")
    else:
        emit_mapping(result, format)


def stats(ctx: typer.Context, format: FormatOpt = Format.table):
    """Row counts, events by dataset and status, and the date range."""
    emit_mapping(database_stats(database(ctx)), format)


def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder to write to (created if missing).")],
    format: Annotated[str, typer.Option("--format", "-f", help="parquet, csv or jsonl.")] = "parquet",
):
    """Export events_enriched and the research tables as Parquet, CSV or JSON lines files."""
    for name, path, rows in export_tables(database(ctx), out, format):
        typer.echo(f"{name}: {rows} rows -> {path}")


def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
):
    """Start the Streamlit dashboard on the database (http://HOST:PORT)."""
    db = database(ctx)
    app_path = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
    env = dict(os.environ, TRACKER_DB=str(db.path.resolve()))
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.headless=true",
           f"--server.address={host}", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    typer.echo(f"Dashboard on http://{host}:{port} (Ctrl+C to stop)")
    raise typer.Exit(subprocess.call(cmd, env=env))


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(stats)
    app.command()(export)
    app.command()(dashboard)
