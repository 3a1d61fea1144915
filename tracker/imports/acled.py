"""ACLED CSV exports (comma-separated, quoted, header row; column names in any case).

ACLED's event types and actors are not CAMEO. They are stored as given (``raw``: event_type, sub_event_type,
the actors' associates and interaction codes, fatalities, location, sources, notes, ...) and mapped:

- (event_type, sub_event_type) -> nearest CAMEO code and PLOVER type/mode by tracker/imports/data/
  acled_event_types.csv (documented in docs/imports.md). Category names are matched case- and space-insensitively,
  then by closest spelling (typos are kept, the spelling used is in ``raw.matched``); a type that matches nothing
  is rejected with its name.
- actors -> a CAMEO-style code: the country named in the actor ("Military Forces of Russia", "Protesters
  (India)"), else the event's country, plus an agent from the ACLED interaction code (1 state forces MIL or COP,
  2 rebels REB, 3-4 militias UAF, 5-6 rioters/protesters OPP, 7 civilians CVL, 8 external/other none).
- ACLED does not say who acted on whom: events are stored with ``directed = false``.
Dates may be ``YYYY-MM-DD``, ``dd-mm-yyyy`` or ``dd Month yyyy``.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from tracker.errors import InputError
from tracker.imports.batch import Reader
from tracker.imports.header import read_header, scan_sql
from tracker.imports.lookups import country_code, data_rows

_RAW_KEYS = (
    "event_type",
    "sub_event_type",
    "disorder_type",
    "year",
    "time_precision",
    "assoc_actor_1",
    "inter1",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_NEEDED = ("event_id_cnty", "event_date", "event_type", "actor1")
INTER_AGENTS = {"1": "MIL", "2": "REB", "3": "UAF", "4": "UAF", "5": "OPP", "6": "OPP", "7": "CVL", "8": ""}
_OF_COUNTRY = re.compile(r"\b(?:of|Of)\s+(?:the\s+)?([A-Z][^()]*?)\s*(?:\(|$)")
_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


@cache
def event_type_table() -> dict[tuple[str, str], dict]:
    """(normalised event_type, normalised sub_event_type or '') -> the mapping row."""
    return {
        (_norm(r["event_type"]), _norm(r["sub_event_type"])): r for r in data_rows("acled_event_types.csv")
    }


def map_event_type(event_type: str | None, sub_event_type: str | None) -> dict | None:
    """The mapping row for an ACLED category pair, tolerating case, spacing and small typos; None if unknown."""
    table = event_type_table()
    types = sorted({k[0] for k in table})
    et = _closest(_norm(event_type), types)
    if et is None:
        return None
    subs = sorted({k[1] for k in table if k[0] == et and k[1]})
    sub = _closest(_norm(sub_event_type), subs) if sub_event_type else None
    row = dict(table[(et, sub or "")])
    row["matched"] = (
        row["event_type"] + (" / " + row["sub_event_type"] if sub else "")
        if (_norm(event_type), _norm(sub_event_type)) != (et, sub or "")
        else None
    )
    return row


def _closest(key: str, choices: list[str]) -> str | None:
    if not key:
        return None
    if key in choices:
        return key
    near = difflib.get_close_matches(key, choices, n=1, cutoff=0.8)
    return near[0] if near else None


def actor_code(name: str | None, inter: str | None, event_country: str | None) -> tuple[str, str | None]:
    """CAMEO-style code and country of an ACLED actor (see the module docstring)."""
    if not name:
        return "", None
    iso3 = None
    for pattern in (_OF_COUNTRY, _IN_PARENS):
        m = pattern.search(name)
        if m and (iso3 := country_code(m.group(1))):
            break
    iso3 = iso3 or country_code(event_country)
    agent = INTER_AGENTS.get((inter or "").strip(), "")
    if agent == "MIL" and name.lower().startswith("police"):
        agent = "COP"
    return (iso3 or "") + agent, iso3


class AcledReader(Reader):
    dataset = "acled"
    suffixes = (".csv", ".csv.gz")
    directed = False

    def stage(self, conn: duckdb.DuckDBPyConnection, path: Path) -> str:
        header = read_header(path, ",", quote='"')
        self.labels = {f"c{i}": h for i, h in enumerate(header)}
        cols = {h.strip().lower(): f"c{i}" for i, h in reversed(list(enumerate(header)))}
        missing = [k for k in _NEEDED if k not in cols]
        if missing:
            raise InputError(f"{path.name} is not an ACLED export: it has no {', '.join(missing)} column.")
        scan = scan_sql(path, len(header), ",", '"', nulls=("",))
        conn.execute(f"CREATE TEMP TABLE _raw AS SELECT * FROM {scan}")

        def col(key: str) -> str:
            return cols.get(key, "NULL::VARCHAR")

        self._register_maps(conn, col)
        raw_line = (
            "concat_ws(',', "
            + ", ".join(
                f"CASE WHEN c{i} LIKE '%,%' OR c{i} LIKE '%\"%' THEN '\"' || replace(c{i}, '\"', '\"\"') || '\"' "
                f"ELSE coalesce(c{i}, '') END"
                for i in range(len(header))
            )
            + ")"
        )
        d = col("event_date")
        date = (
            f"coalesce(try_strptime({d}, '%Y-%m-%d'), try_strptime({d}, '%d-%m-%Y'), "
            f"try_strptime({d}, '%d %B %Y'))::DATE"
        )
        raw = ", ".join(f"{k} := {col(k)}" for k in _RAW_KEYS)
        checks = [
            (f"{col('event_id_cnty')} IS NULL", "missing id|event_id_cnty"),
            (f"{date} IS NULL", "bad date|event_date"),
            ("m.code IS NULL", "unknown event type|' || coalesce(" + col("event_type") + ", '') || '"),
        ] + [
            (f"{col(k)} IS NOT NULL AND TRY_CAST({col(k)} AS {t}) IS NULL", f"bad number|{k}")
            for k, t in (("fatalities", "BIGINT"), ("latitude", "DOUBLE"), ("longitude", "DOUBLE"))
        ]
        problem = "CASE " + " ".join(f"WHEN {c} THEN '{label}'" for c, label in checks) + " END"
        conn.execute(f"""
        CREATE TEMP TABLE _stage AS
        SELECT
            {col("event_id_cnty")} AS external_id,
            {date} AS event_date,
            coalesce(a1.code, '') AS actor_code, nullif(a2.code, '') AS target_code,
            a1.iso3 AS actor_country, a2.iso3 AS target_country,
            {col("actor1")} AS actor_name, {col("actor2")} AS target_name,
            m.code, r.root AS root_code, coalesce(c.goldstein, r.goldstein) AS goldstein, r.quad AS quad_class,
            NULL::VARCHAR AS source_url,
            to_json(struct_pack({raw}, plover_type := m.plover_type, plover_mode := m.plover_mode,
                                matched := m.matched)) AS raw,
            {problem} AS problem,
            CASE WHEN problem IS NOT NULL THEN {raw_line} END AS raw_line
        FROM _raw
        LEFT JOIN _types m ON m.event_type = coalesce({col("event_type")}, '')
                          AND m.sub_event_type = coalesce({col("sub_event_type")}, '')
        LEFT JOIN _actors a1 ON a1.name = {col("actor1")} AND a1.inter = coalesce({col("inter1")}, '')
                            AND a1.country = coalesce({col("country")}, '')
        LEFT JOIN _actors a2 ON a2.name = {col("actor2")} AND a2.inter = coalesce({col("inter2")}, '')
                            AND a2.country = coalesce({col("country")}, '')
        LEFT JOIN _root r ON r.root = left(m.code, 2)
        LEFT JOIN _code c ON c.code = m.code
        """)
        conn.execute("DROP TABLE _raw")
        return f"acled ({len(header)} columns)"

    def _register_maps(self, conn: duckdb.DuckDBPyConnection, col) -> None:
        types = []
        for et, sub in conn.execute(
            f"SELECT DISTINCT coalesce({col('event_type')}, ''), "
            f"coalesce({col('sub_event_type')}, '') FROM _raw"
        ).fetchall():
            row = map_event_type(et, sub)
            if row:
                types.append(
                    {
                        "event_type": et,
                        "sub_event_type": sub,
                        "code": row["cameo_code"],
                        "plover_type": row["plover_type"] or None,
                        "plover_mode": row["plover_mode"] or None,
                        "matched": row["matched"],
                    }
                )
        conn.register(
            "_types",
            pa.Table.from_pylist(
                types,
                schema=pa.schema(
                    [
                        (n, pa.string())
                        for n in (
                            "event_type",
                            "sub_event_type",
                            "code",
                            "plover_type",
                            "plover_mode",
                            "matched",
                        )
                    ]
                ),
            ),
        )
        actors = set()
        for n in ("1", "2"):
            actors.update(
                conn.execute(
                    f"SELECT DISTINCT {col('actor' + n)}, coalesce({col('inter' + n)}, ''), coalesce({col('country')}, '') "
                    f"FROM _raw WHERE {col('actor' + n)} IS NOT NULL"
                ).fetchall()
            )
        rows = [
            {
                "name": a,
                "inter": i,
                "country": c,
                **dict(zip(("code", "iso3"), actor_code(a, i, c), strict=True)),
            }
            for a, i, c in sorted(actors)
        ]
        conn.register(
            "_actors",
            pa.Table.from_pylist(
                rows,
                schema=pa.schema([(n, pa.string()) for n in ("name", "inter", "country", "code", "iso3")]),
            ),
        )
