"""`tracker ingest` (articles in) and `tracker code` (the automatic coder over stored articles)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracker.cli.coding import dictionary_paths
from tracker.cli.common import database
from tracker.cli.output import Format
from tracker.errors import InputError
from tracker.ingest import ingest_paths
from tracker.ingest.readers import expand_paths
from tracker.services.auth import CurrentUser
from tracker.services.coding import code_articles


def progress_bar() -> Progress:
    """A progress bar on stderr (stdout stays clean for scripts); silent when stderr is not a terminal."""
    console = Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt articles, .jsonl, .csv, .rss/.atom/.xml feeds.")],
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any record was rejected.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="Summary format.")] = Format.table,
):
    """Read articles and store the new ones (dedup on URL, else content hash). Reports every rejected record."""
    db = database(ctx)
    files = expand_paths(paths)
    with progress_bar() as progress:
        task = progress.add_task("Ingesting", total=len(files))
        report = ingest_paths(db, files, on_file=lambda _p: progress.advance(task))
    if format == Format.json:
        typer.echo(json.dumps(report.to_json()))
    else:
        typer.echo(f"read {report.read}, new {report.new}, duplicate {report.duplicate}, rejected {report.rejected}")
        for where, reason in report.rejections:
            typer.echo(f"rejected {where}: {reason}", err=True)
    if report.read - report.rejected == 0:
        raise InputError("nothing valid was read" + (f" ({report.rejected} records rejected)" if report.rejected else
                                                    "; no article files found under the given paths"))
    if strict and report.rejected:
        raise InputError(f"{report.rejected} records were rejected (--strict)")


def code(
    ctx: typer.Context,
    article_ids: Annotated[list[int] | None, typer.Argument(help="Article ids to (re)code.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Code every article.")] = False,
    dicts: Annotated[list[Path] | None, typer.Option(
        "--dict", help="Extra dictionary file (repeatable; also $TRACKER_CODER_DICTS).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Summary format.")] = Format.table,
):
    """Run the automatic coder over stored articles; its events are stored as `proposed` for review."""
    if not all_ and not article_ids:
        raise InputError("give article ids or --all")
    if all_ and article_ids:
        raise InputError("give article ids or --all, not both")
    db = database(ctx)
    with progress_bar() as progress:
        task = progress.add_task("Coding", total=None)
        report = code_articles(db, None if all_ else article_ids, user=CurrentUser.cli(),
                               extra_dicts=dictionary_paths(dicts),
                               on_progress=lambda n: progress.advance(task, n))
    if format == Format.json:
        typer.echo(json.dumps(report.to_json()))
    else:
        typer.echo(
            f"coded {report.articles} articles with {report.coder}: {report.proposed} proposed events "
            f"({report.replaced} earlier proposals replaced, {report.kept_human} reviewed or manual events kept)"
        )
        if report.undated:
            typer.echo(f"{report.undated} events were not stored: their article has no publication date and the "
                       "sentence gives none; set published_at and re-code.", err=True)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(code)
