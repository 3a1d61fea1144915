"""Lookup tables the readers join against, registered on a DuckDB connection as Arrow tables.

``_code`` (CAMEO code -> root, GDELT and ICEWS Goldstein), ``_root`` (root -> QuadClass, Goldstein) and
``_fips`` (FIPS 10-4 -> ISO-3). The data come from the packaged ontology and tracker/imports/data, so an import
does not depend on the ontology having been loaded into the database.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from tracker.ontology import countries, country_by_name, event_types
from tracker.schema.vocab import QuadClass

ROOTS = tuple(f"{i:02d}" for i in range(1, 21))


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file in tracker/imports/data."""
    with resources.files("tracker.imports").joinpath("data", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def fips_to_iso3() -> dict[str, str]:
    return {r["fips"]: r["iso3"] for r in data_rows("fips_iso3.csv")}


def _tables() -> dict[str, pa.Table]:
    types = event_types()
    codes = pa.Table.from_pylist(
        [
            {
                "code": c,
                "root": r["root_code"],
                "goldstein": r["goldstein"],
                "goldstein_icews": r["goldstein_icews"]
                if r["goldstein_icews"] is not None
                else r["goldstein"],
            }
            for c, r in types.items()
        ]
    )
    roots = pa.Table.from_pylist(
        [{"root": r, "quad": QuadClass.of_root(r), "goldstein": types[r]["goldstein"]} for r in ROOTS]
    )
    fips = pa.Table.from_pylist([{"fips": k, "iso3": v} for k, v in fips_to_iso3().items()])
    return {"_code": codes, "_root": roots, "_fips": fips}


def register_lookups(conn: duckdb.DuckDBPyConnection) -> None:
    for name, table in _tables().items():
        conn.register(name, table)


def sql_str(value: str) -> str:
    """A SQL string literal (for the file path in read_csv, which takes no bound parameters)."""
    return "'" + value.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@cache
def _country_names() -> dict[str, str]:
    """Lower-case country name -> country code: the import spellings first, then names, then aliases."""
    out = {r["name"].lower(): r["code"] for r in data_rows("country_names.csv")}
    for name, code in country_by_name().items():
        out.setdefault(name, code)
    for code, row in countries().items():
        out.setdefault(row["name"].lower(), code)
    for code, row in countries().items():
        for alias in row["aliases"]:
            out.setdefault(alias.lower(), code)
    return out


def country_code(name: str | None) -> str | None:
    """The country code (ISO-3 as in the packaged countries) of a country name as datasets spell it."""
    if not name or not name.strip():
        return None
    key = name.strip().lower()
    names = _country_names()
    if key in names:
        return names[key]
    if key.startswith("the "):
        return names.get(key[4:])
    return None
