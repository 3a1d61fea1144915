"""The root `tracker` app: global options, error handling, and the command groups."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from tracker import __version__
from tracker.errors import TrackerError
from tracker.settings import Settings


class _Root(TyperGroup):
    """Turns library errors into `Error: <message>` and exit code 1, with no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Root,
    help=(
        "tracker: geopolitical events coded from news into DuckDB.\n\n"
        "Start with `tracker init`, then `tracker ingest seeds/`, `tracker code --all` and `tracker dashboard`. "
        "Exit codes: 0 success, 1 error (message on stderr), 2 wrong usage."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool):
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option(
        "--db", envvar="TRACKER_DB", help="Database file [env TRACKER_DB; default data/tracker.duckdb].",
        show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
):
    """Global options."""
    ctx.obj = Settings.from_env(db_path=db)


#: command modules; each exposes register(app)
COMMAND_MODULES = ["setup", "ingest", "events", "sql", "users", "coding", "maintenance", "imports"]

for _name in COMMAND_MODULES:
    importlib.import_module(f"tracker.cli.{_name}").register(app)


def run() -> None:
    app(prog_name="tracker")


if __name__ == "__main__":
    sys.exit(run())
