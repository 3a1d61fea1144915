"""`tracker check`, `backup` and `restore`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import database
from tracker.cli.output import Format
from tracker.services.maintenance import backup_database, check_database, restore_database


def check(ctx: typer.Context, format: Annotated[Format, typer.Option("--format", "-f")] = Format.table):
    """Integrity check: references, audit log, derived fields, import counts. Exit 1 when a check fails."""
    report = check_database(database(ctx))
    if format == Format.json:
        typer.echo(json.dumps(report.to_json()))
    else:
        for what, n in report.checks:
            typer.echo(f"{'ok  ' if n == 0 else 'FAIL'} {what}: {n}")
    if not report.ok:
        raise typer.Exit(1)


def backup(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="New file to write the copy to.")]):
    """Copy the database to PATH (consistent: other writers wait while it is copied)."""
    typer.echo(f"backed up to {backup_database(database(ctx), path)}")


def restore(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A file made by `tracker backup`.")]):
    """Replace the database with the backup at PATH."""
    db = database(ctx, must_exist=False)
    restore_database(db, path)
    typer.echo(f"restored {db.path} from {path}")


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(backup)
    app.command()(restore)
