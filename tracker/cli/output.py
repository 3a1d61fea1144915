"""Printing results as a table, CSV (with a header row) or JSON (a list of objects)."""

from __future__ import annotations

import csv
import json
import math
import sys
from datetime import date, datetime
from enum import StrEnum

import pandas as pd
from rich.console import Console
from rich.table import Table


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _plain(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):
        return v.item()
    return v


def records(df: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _cell(v) -> str:
    v = _plain(v)
    if v is None:
        return ""
    if isinstance(v, list):
        return ",".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def emit(df: pd.DataFrame, fmt: Format, title: str | None = None) -> None:
    """Write a frame to stdout in the chosen format."""
    if fmt == Format.json:
        sys.stdout.write(json.dumps(records(df), ensure_ascii=False) + "\n")
    elif fmt == Format.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(df.columns)
        for row in df.itertuples(index=False):
            w.writerow([_cell(v) for v in row])
    else:
        table = Table(title=title, show_lines=False)
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        Console(width=200 if not sys.stdout.isatty() else None).print(table)


def emit_mapping(data: dict, fmt: Format) -> None:
    """A summary dict: JSON as is, otherwise key/value rows."""
    if fmt == Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        return
    rows = []
    for k, v in data.items():
        if isinstance(v, dict):
            rows.extend((f"{k}.{k2}", v2) for k2, v2 in v.items())
        else:
            rows.append((k, v))
    emit(pd.DataFrame(rows, columns=["key", "value"]), fmt)
