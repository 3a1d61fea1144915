"""POLECAT weekly files (PLOVER-coded): tab-separated, header row, ``None`` as missing, lists ``; ``-joined.

Header-driven, tolerant of the renamed and added columns of later releases (``Intensity`` -> ``Event
Intensity``; ``Headline``, ``Event Text``, ``Feed``, ``Story ID``). Files are UTF-8 or, failing that, read as
ISO-8859-1 (as some releases are). The PLOVER type and mode become the project's stance (the nearest CAMEO
code, tracker/imports/data/plover_cameo.csv); the PLOVER contexts become issues (``event_issue``) through
``issue.plover_context``. The PLOVER values themselves, the intensity, quad code, all actors of a list,
sectors, Wikipedia ids, place and story fields are kept in ``raw``. Goldstein comes from the CAMEO code (PLOVER
intensities are another scale: ACCUSE is +3).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from tracker.errors import InputError
from tracker.imports.batch import Reader
from tracker.imports.header import read_header, scan_sql
from tracker.imports.lookups import country_code, data_rows
from tracker.ontology import countries, issues
from tracker.schema.vocab import SECTORS

_NEEDED = ("event id", "event date", "event type")
#: PLOVER sector codes that mean something else in CAMEO (PLOVER MED = health; JRN = journalists)
PLOVER_SECTORS = {"MED": "HLH", "JRN": "MED"}


def _canonical(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def first(value: str | None) -> str:
    return (value or "").split(";")[0].strip()


@cache
def plover_codes() -> dict[tuple[str, str], str]:
    return {(r["plover_type"], r["plover_mode"]): r["cameo_code"] for r in data_rows("plover_cameo.csv")}


def cameo_code(plover_type: str | None, mode: str | None) -> str | None:
    codes = plover_codes()
    t, m = first(plover_type).upper(), first(mode).lower()
    return codes.get((t, m)) or codes.get((t, ""))


@cache
def context_issues() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, row in issues().items():
        if row["plover_context"]:
            out.setdefault(row["plover_context"], []).append(code)
    return out


def issues_of(contexts: str | None) -> list[str]:
    found = []
    for ctx in re.split(r"[;,]", contexts or ""):
        found += context_issues().get(ctx.strip().lower().replace(" ", "_"), [])
    return sorted(set(found))


def actor_code(country: str | None, sector: str | None) -> tuple[str, str | None]:
    c = first(country)
    iso3 = c.upper() if c.upper() in countries() else country_code(c)
    s = first(sector).upper()
    s = PLOVER_SECTORS.get(s, s)
    return (iso3 or "") + (s if s in SECTORS else ""), iso3


def _encoding(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "latin-1"


class PolecatReader(Reader):
    dataset = "polecat"
    suffixes = (".txt", ".tsv", ".tab", ".txt.gz", ".tsv.gz")
    directed = True
    has_issues = True

    def stage(self, conn: duckdb.DuckDBPyConnection, path: Path) -> str:
        encoding = _encoding(path)
        header = read_header(path, "\t", encoding="utf-8-sig" if encoding == "utf-8" else encoding)
        self.labels = {f"c{i}": h for i, h in enumerate(header)}
        cols: dict[str, str] = {}
        for i, h in enumerate(header):
            cols.setdefault(_canonical(h), f"c{i}")
        cols.setdefault("event_intensity", cols.get("intensity", "NULL::VARCHAR"))
        missing = [k for k in _NEEDED if _canonical(k) not in cols]
        if missing:
            raise InputError(f"{path.name} is not a POLECAT file: it has no {', '.join(missing)} column.")
        scan = scan_sql(path, len(header), "\t", "", nulls=("", "None"), encoding=encoding)
        conn.execute(f"CREATE TEMP TABLE _raw AS SELECT * FROM {scan}")

        def col(key: str) -> str:
            return cols.get(key, "NULL::VARCHAR")

        self._register_maps(conn, col)
        known = {"event_id", "event_date", "intensity"}
        raw = ", ".join(f'"{k}" := {v}' for k, v in cols.items() if k not in known)
        raw_line = "concat_ws(chr(9), " + ", ".join(f"coalesce(c{i}, '')" for i in range(len(header))) + ")"
        d = col("event_date")
        date = f"coalesce(try_strptime({d}, '%Y-%m-%d'), try_strptime(left({d}, 10), '%Y-%m-%d'))::DATE"
        checks = [
            (f"{col('event_id')} IS NULL", "missing id|Event ID"),
            (f"{date} IS NULL", "bad date|Event Date"),
            ("m.code IS NULL", "unknown event type|' || coalesce(" + col("event_type") + ", '') || '"),
        ] + [
            (f"{col(k)} IS NOT NULL AND TRY_CAST({col(k)} AS DOUBLE) IS NULL", f"bad number|{label}")
            for k, label in (
                ("event_intensity", "Intensity"),
                ("latitude", "Latitude"),
                ("longitude", "Longitude"),
            )
        ]
        problem = "CASE " + " ".join(f"WHEN {c} THEN '{label}'" for c, label in checks) + " END"
        conn.execute(f"""
        CREATE TEMP TABLE _stage AS
        SELECT
            {col("event_id")} AS external_id, {date} AS event_date,
            coalesce(a1.code, '') AS actor_code, nullif(a2.code, '') AS target_code,
            a1.iso3 AS actor_country, a2.iso3 AS target_country,
            {col("actor_name")} AS actor_name, {col("recipient_name")} AS target_name,
            m.code, r.root AS root_code, coalesce(c.goldstein, r.goldstein) AS goldstein, r.quad AS quad_class,
            CASE WHEN {col("source")} LIKE 'http%' THEN {col("source")} END AS source_url,
            to_json(struct_pack({raw})) AS raw,
            ctx.issues,
            {problem} AS problem,
            CASE WHEN problem IS NOT NULL THEN {raw_line} END AS raw_line
        FROM _raw
        LEFT JOIN _types m ON m.plover_type = coalesce({col("event_type")}, '')
                          AND m.plover_mode = coalesce({col("event_mode")}, '')
        LEFT JOIN _actors a1 ON a1.country = coalesce({col("actor_country")}, '')
                            AND a1.sector = coalesce({col("primary_actor_sector")}, '')
        LEFT JOIN _actors a2 ON a2.country = coalesce({col("recipient_country")}, '')
                            AND a2.sector = coalesce({col("primary_recipient_sector")}, '')
        LEFT JOIN _contexts ctx ON ctx.contexts = coalesce({col("contexts")}, '')
        LEFT JOIN _root r ON r.root = left(m.code, 2)
        LEFT JOIN _code c ON c.code = m.code
        """)
        conn.execute("DROP TABLE _raw")
        return f"polecat ({len(header)} columns, {encoding})"

    def _register_maps(self, conn: duckdb.DuckDBPyConnection, col) -> None:
        def distinct(*exprs: str) -> list[tuple]:
            sel = ", ".join(f"coalesce({e}, '')" for e in exprs)
            return conn.execute(f"SELECT DISTINCT {sel} FROM _raw").fetchall()

        strings = pa.string()
        types = [
            {"plover_type": t, "plover_mode": m, "code": cameo_code(t, m)}
            for t, m in distinct(col("event_type"), col("event_mode"))
        ]
        conn.register(
            "_types",
            pa.Table.from_pylist(
                types,
                schema=pa.schema([("plover_type", strings), ("plover_mode", strings), ("code", strings)]),
            ),
        )
        pairs = set(distinct(col("actor_country"), col("primary_actor_sector")))
        pairs |= set(distinct(col("recipient_country"), col("primary_recipient_sector")))
        actors = [
            {"country": c, "sector": s, **dict(zip(("code", "iso3"), actor_code(c, s), strict=True))}
            for c, s in sorted(pairs)
        ]
        conn.register(
            "_actors",
            pa.Table.from_pylist(
                actors, schema=pa.schema([(n, strings) for n in ("country", "sector", "code", "iso3")])
            ),
        )
        contexts = [{"contexts": c, "issues": issues_of(c)} for (c,) in distinct(col("contexts"))]
        conn.register(
            "_contexts",
            pa.Table.from_pylist(
                contexts, schema=pa.schema([("contexts", strings), ("issues", pa.list_(strings))])
            ),
        )
