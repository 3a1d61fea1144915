"""`tracker import DATASET PATH...` and `tracker fetch gdelt`: machine-coded datasets into the same database."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from tracker.cli.common import database, parse_day, split_list
from tracker.cli.ingest import progress_bar
from tracker.cli.output import Format, emit
from tracker.db import migrate
from tracker.errors import DownloadError, InputError
from tracker.imports import ImportFilters, ImportSummary, import_files
from tracker.imports.fetch import fetch_gdelt
from tracker.ontology import countries


class Dataset(StrEnum):
    gdelt = "gdelt"
    icews = "icews"
    acled = "acled"
    polecat = "polecat"


class FetchDataset(StrEnum):
    gdelt = "gdelt"


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"


Since = Annotated[str | None, typer.Option("--since", help="Keep events on or after this day (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option("--until", help="Keep events on or before this day (YYYY-MM-DD).")]
Countries = Annotated[
    list[str] | None,
    typer.Option(
        "--countries",
        help="Keep events whose actor or target country is one of these ISO-3 codes: USA,CHN,...",
    ),
]
Fmt = Annotated[SummaryFormat, typer.Option("--format", "-f", help="Summary format.")]


def make_filters(since: str | None, until: str | None, codes: list[str] | None) -> ImportFilters:
    wanted = tuple(sorted({c.upper() for c in split_list(codes)}))
    unknown = [c for c in wanted if c not in countries()]
    if unknown:
        raise InputError(
            f"Unknown country code(s) {', '.join(unknown)} in --countries; use ISO-3 codes like USA,CHN."
        )
    f = ImportFilters(parse_day(since, "--since"), parse_day(until, "--until"), wanted)
    if f.since and f.until and f.since > f.until:
        raise InputError(f"--since {f.since} is after --until {f.until}.")
    return f


def print_summary(summary: ImportSummary, fmt: SummaryFormat) -> None:
    if fmt == SummaryFormat.json:
        typer.echo(json.dumps(summary.to_dict()))
    else:
        frame = pd.DataFrame(
            [
                {
                    "file": f.file_name,
                    "status": f.status,
                    "read": f.read,
                    "imported": f.imported,
                    "duplicate": f.duplicate,
                    "rejected": f.rejected,
                    "filtered": f.filtered,
                    "note": f.error or f.skipped or f.format or "",
                }
                for f in summary.files
            ]
        )
        emit(frame, Format.table, title=f"{summary.dataset} import")
        typer.echo(
            f"{len(summary.files)} files: read {summary.read}, imported {summary.imported}, "
            f"duplicate {summary.duplicate}, rejected {summary.rejected}, filtered {summary.filtered}"
        )
        if summary.reasons:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items()))
            typer.echo(f"rejected rows by reason: {reasons} (see the import_rejected table)")
    for f in summary.files:
        if f.error:
            typer.echo(f"failed {f.path}: {f.error}", err=True)


def _run(summary_of, total_label: str):
    with progress_bar() as progress:
        task = progress.add_task(total_label, total=None)
        return summary_of(
            on_start=lambda n: progress.update(task, total=n), on_file=lambda _f: progress.advance(task)
        )


def import_(
    ctx: typer.Context,
    dataset: Annotated[Dataset, typer.Argument(help="Which dataset the files are.")],
    paths: Annotated[list[Path], typer.Argument(help="Data files, zip archives or folders.")],
    since: Since = None,
    until: Until = None,
    countries_: Countries = None,
    format: Fmt = SummaryFormat.table,
):
    """Import GDELT, ICEWS, ACLED or POLECAT files; each file in one transaction, re-imports add nothing."""
    filters = make_filters(since, until, countries_)
    db = database(ctx)
    migrate(db)  # a file made before the import tables existed gets them
    summary = _run(
        lambda **cb: import_files(db, dataset.value, paths, filters, **cb), f"Importing {dataset.value}"
    )
    print_summary(summary, format)
    if summary.valid_rows == 0:
        why = f"{summary.rejected} rows rejected" if summary.rejected else "no readable rows"
        raise InputError(f"nothing valid was read from {', '.join(str(p) for p in paths)} ({why}).")


def fetch(
    ctx: typer.Context,
    dataset: Annotated[FetchDataset, typer.Argument(help="Only gdelt (2.0 event exports) for now.")],
    from_: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    to: Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD).")],
    countries_: Countries = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Download folder [env TRACKER_GDELT_DIR; default: gdelt/ next to the database].",
            show_default=False,
        ),
    ] = None,
    format: Fmt = SummaryFormat.table,
):
    """Download GDELT 2.0 export files (md5-checked, resumable) from TRACKER_GDELT_BASE_URL and import them."""
    first, last = parse_day(from_, "--from"), parse_day(to, "--to")
    if first > last:
        raise InputError(f"--from {first} is after --to {last}.")
    filters = make_filters(None, None, countries_)
    db = database(ctx)
    migrate(db)  # a file made before the import tables existed gets them
    folder = folder or Path(db.settings.gdelt_dir or db.path.parent / "gdelt")
    summary = _run(lambda **cb: fetch_gdelt(db, first, last, folder, filters, **cb), "Fetching gdelt")
    if not summary.files:
        raise InputError(f"GDELT's file list has no export files from {first} to {last}.")
    print_summary(summary, format)
    failed = [f for f in summary.files if f.error]
    if failed:
        raise DownloadError(
            f"{len(failed)} of {len(summary.files)} files could not be fetched or read; "
            "run the same command again to resume (finished files are skipped)."
        )


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("fetch")(fetch)
