"""Dataset imports: GDELT, ICEWS, ACLED and POLECAT files -> DuckDB-native bulk inserts into ``event``.

``import_files(db, "gdelt", paths)`` imports files, zip archives and folders, one transaction per file, and
returns an ``ImportSummary``; see docs/imports.md.
"""

from __future__ import annotations

from pathlib import Path

from tracker.db import Database
from tracker.errors import InputError
from tracker.imports.acled import AcledReader
from tracker.imports.batch import Reader, import_paths
from tracker.imports.gdelt import GdeltReader
from tracker.imports.icews import IcewsReader
from tracker.imports.polecat import PolecatReader
from tracker.imports.summary import FileResult, ImportFilters, ImportSummary

READERS: dict[str, type[Reader]] = {
    "gdelt": GdeltReader,
    "icews": IcewsReader,
    "acled": AcledReader,
    "polecat": PolecatReader,
}


def reader_for(dataset: str) -> Reader:
    try:
        return READERS[dataset.lower()]()
    except KeyError:
        raise InputError(f"Unknown dataset {dataset!r}; choose one of {', '.join(READERS)}.") from None


def import_files(
    db: Database, dataset: str, paths: list[Path | str], filters: ImportFilters | None = None, **callbacks
) -> ImportSummary:
    """Import the dataset's files under ``paths``; each file in its own transaction (see tracker.imports.batch)."""
    return import_paths(db, reader_for(dataset), [Path(p) for p in paths], filters, **callbacks)


__all__ = ["READERS", "FileResult", "ImportFilters", "ImportSummary", "import_files", "reader_for"]
