"""Header-driven delimited files (ICEWS, ACLED, POLECAT): the header line, and the DuckDB scan of the rows.

Columns are read as text under positional names ``c0, c1, ...`` (headers may repeat or carry odd characters); the
readers find their fields by header name. Unreadable lines go to DuckDB's reject table ``_rej``.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from tracker.errors import InputError
from tracker.imports.lookups import sql_str


def _open_text(path: Path, encoding: str):
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


def read_header(path: Path, delim: str, quote: str = "", encoding: str = "utf-8-sig") -> list[str]:
    """The fields of the first line."""
    with _open_text(path, encoding) as fh:
        first = fh.readline().rstrip("\r\n")
    if not first:
        raise InputError(f"{path.name} is empty: expected a header line.")
    if quote:
        return [h.strip() for h in next(csv.reader([first], delimiter=delim, quotechar=quote))]
    return [h.strip() for h in first.split(delim)]


def scan_sql(
    path: Path,
    ncols: int,
    delim: str,
    quote: str,
    escape: str | None = None,
    nulls: tuple[str, ...] = ("", "NA"),
    encoding: str = "utf-8",
) -> str:
    """A read_csv(...) expression for the data lines (header skipped), all text, rejects to ``_rej``."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
    esc = quote if escape is None else escape
    nullstr = "[" + ", ".join(sql_str(n) for n in nulls) + "]"
    return (
        f"read_csv({sql_str(str(path))}, delim = {sql_str(delim)}, header = true, quote = {sql_str(quote)}, "
        f"escape = {sql_str(esc)}, auto_detect = false, columns = {columns}, nullstr = {nullstr}, "
        f"encoding = {sql_str(encoding)}, store_rejects = true, rejects_table = '_rej', "
        "rejects_scan = '_rejscan')"
    )
