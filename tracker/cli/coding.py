"""`tracker extract` and `tracker eval`: the automatic coder without a database."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.coding import Coder
from tracker.coding.evaluate import evaluate, read_gold
from tracker.coding.extract import extract_lines
from tracker.errors import InputError, TrackerError

DICT_ENV = "TRACKER_CODER_DICTS"

DictOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--dict",
        help=f"Extra dictionary file or folder of *.json (repeatable; docs/coder.md). "
        f"Also ${DICT_ENV}, a {os.pathsep!r}-separated list.",
        show_default=False,
    ),
]


def dictionary_paths(options: list[Path] | None, environ: dict | None = None) -> list[Path]:
    """Paths from the environment first, then --dict options (later files win)."""
    environ = os.environ if environ is None else environ
    from_env = [Path(p) for p in environ.get(DICT_ENV, "").split(os.pathsep) if p.strip()]
    return from_env + list(options or [])


def load_coder(options: list[Path] | None) -> Coder:
    return Coder.load(dictionary_paths(options))


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("eval")(eval_gold)


def extract(
    file: Annotated[str, typer.Argument(help="JSON-lines file of {id, date, text}; '-' reads stdin.")] = "-",
    fmt: Annotated[str, typer.Option("--format", help="Output format (only jsonl).")] = "jsonl",
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the actor phrases and pattern of each event.")
    ] = False,
    dicts: DictOption = None,
):
    """Code text without a database: one JSON line of events per input line, in order."""
    try:
        if fmt != "jsonl":
            raise InputError(f"--format {fmt!r} is not supported; use jsonl.")
        coder = load_coder(dicts)
        errors = 0
        with _open(file) as lines:
            for out, error in extract_lines(lines, coder, explain):
                errors += error is not None
                typer.echo(json.dumps(out, ensure_ascii=False))
        if errors:
            typer.echo(f'{errors} input line(s) could not be coded; see their "error" field.', err=True)
    except TrackerError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None


def eval_gold(
    gold: Annotated[Path, typer.Argument(help="Gold JSON-lines file of {id, date, text, events}.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    dicts: DictOption = None,
):
    """Score the coder against a gold file: precision, recall, F1 at root and full level, and a confusion table."""
    try:
        if fmt not in ("table", "json"):
            raise InputError(f"--format {fmt!r} is not supported; use table or json.")
        if not gold.exists():
            raise InputError(f"gold file {gold} does not exist.")
        with gold.open(encoding="utf-8") as fh:
            rows = read_gold(fh)
        report = evaluate(rows, load_coder(dicts))
        typer.echo(report.render_table() if fmt == "table" else json.dumps(report.to_json(), indent=2))
    except TrackerError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None


class _open:
    """stdin for '-', else the file (a missing file is a user error)."""

    def __init__(self, name: str):
        self.name = name
        self.fh = None

    def __enter__(self):
        if self.name == "-":
            return sys.stdin
        try:
            self.fh = open(self.name, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {self.name}: {exc.strerror}.") from None
        return self.fh

    def __exit__(self, *exc):
        if self.fh:
            self.fh.close()
