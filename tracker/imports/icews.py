"""ICEWS coded-event ``.tab`` files from Dataverse (tab-separated, header row, missing values empty or ``NA``).

Header-driven: columns are found by name (``Event ID`` and ``event_id`` alike). Dates are ``YYYY-MM-DD`` or, in
the 2017 file, ``m/d/YYYY``. Files without a ``CAMEO Code`` column get the code from ``Event Text`` through the
text_to_CAMEO labels (``tracker.ontology.icews_event_labels``). Actors are names with a sector list and a country
name: the country name becomes ISO-3, the sectors CAMEO agent codes (tracker/imports/data/icews_sectors.csv),
giving a CAMEO-style code such as ``CHNGOV``; the names are kept. ``external_id`` is ``<Event ID>:<Event Date>``
because ICEWS ids repeat across dates. Intensity is ICEWS's Goldstein value (from the code when empty).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from tracker.errors import InputError
from tracker.imports.batch import Reader
from tracker.imports.header import read_header, scan_sql
from tracker.imports.lookups import country_code, data_rows
from tracker.ontology import icews_event_labels

#: canonical column name -> key used below
FIELDS = {
    "event id": "event_id",
    "event date": "event_date",
    "source name": "source_name",
    "source sectors": "source_sectors",
    "source country": "source_country",
    "event text": "event_text",
    "cameo code": "cameo_code",
    "intensity": "intensity",
    "target name": "target_name",
    "target sectors": "target_sectors",
    "target country": "target_country",
    "story id": "story_id",
    "sentence number": "sentence_number",
    "publisher": "publisher",
    "city": "city",
    "district": "district",
    "province": "province",
    "country": "country",
    "latitude": "latitude",
    "longitude": "longitude",
}
_RAW_KEYS = (
    "source_sectors",
    "source_country",
    "target_sectors",
    "target_country",
    "event_text",
    "story_id",
    "sentence_number",
    "publisher",
    "city",
    "district",
    "province",
    "country",
    "latitude",
    "longitude",
)


@cache
def sector_codes() -> dict[str, str]:
    """ICEWS sector name (lower case) -> CAMEO agent code ('' when it has none)."""
    return {r["sector"].strip().lower(): r["agent_code"] for r in data_rows("icews_sectors.csv")}


def split_sectors(text: str | None) -> list[str]:
    """ICEWS sector lists are comma-separated, but some sector names contain a comma ('Arab, Levant')."""
    if not text:
        return []
    known = sector_codes()
    parts = [p.strip().strip('"').strip() for p in text.split(",")]
    out, i = [], 0
    while i < len(parts):
        if i + 1 < len(parts) and f"{parts[i]}, {parts[i + 1]}".lower() in known:
            out.append(f"{parts[i]}, {parts[i + 1]}")
            i += 2
        else:
            if parts[i]:
                out.append(parts[i])
            i += 1
    return out


def actor_code(country: str | None, sectors: str | None) -> tuple[str, str | None]:
    """CAMEO-style code and ISO-3 for an ICEWS actor: country + the most specific agent code of its sectors.

    Most specific = the agent whose first part comes first in ``AGENT_PRIORITY`` (state roles before parties,
    organisations and society; religions and ethnic groups last), then the longest (GOVMIL over GOV).
    """
    iso3 = country_code(country)
    known = sector_codes()
    agents = [known.get(s.lower(), "") for s in split_sectors(sectors)]
    ranked = sorted((a for a in agents if a), key=lambda a: (_priority(a[:3]), -len(a)))
    agent = ranked[0] if ranked else ""
    return (iso3 or "") + agent, iso3


#: agent code parts, most telling first; anything else (religions, ethnic groups) after them
AGENT_PRIORITY = (
    "MIL",
    "SPY",
    "COP",
    "JUD",
    "LEG",
    "GOV",
    "IGO",
    "NGO",
    "OPP",
    "REB",
    "PTY",
    "UAF",
    "MED",
    "BUS",
    "EDU",
    "LAB",
    "HLH",
    "REF",
    "CRM",
    "AGR",
    "DEV",
    "HRI",
    "ENV",
    "REL",
    "CVL",
)


def _priority(part: str) -> int:
    return AGENT_PRIORITY.index(part) if part in AGENT_PRIORITY else len(AGENT_PRIORITY)


def _canonical(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


class IcewsReader(Reader):
    dataset = "icews"
    suffixes = (".tab", ".tsv", ".txt", ".tab.gz", ".tsv.gz")
    directed = True

    def stage(self, conn: duckdb.DuckDBPyConnection, path: Path) -> str:
        header = read_header(path, "\t")
        self.labels = {f"c{i}": h for i, h in enumerate(header)}
        cols = {FIELDS[_canonical(h)]: f"c{i}" for i, h in enumerate(header) if _canonical(h) in FIELDS}
        missing = [k for k in ("event_id", "event_date") if k not in cols]
        if missing or not ({"cameo_code", "event_text"} & cols.keys()):
            raise InputError(
                f"{path.name} is not an ICEWS events file: it has no "
                f"{', '.join(missing) or 'CAMEO Code or Event Text'} column."
            )
        conn.execute(
            f"CREATE TEMP TABLE _raw AS SELECT * FROM {scan_sql(path, len(header), delim=chr(9), quote='')}"
        )
        self._register_actors(conn, cols)
        conn.register(
            "_label", pa.Table.from_pylist([{"label": k, "code": v} for k, v in icews_event_labels().items()])
        )

        def col(key: str) -> str:
            return cols.get(key, "NULL::VARCHAR")

        raw_line = "concat_ws(chr(9), " + ", ".join(f"coalesce(c{i}, '')" for i in range(len(header))) + ")"
        given = f"nullif(trim({col('cameo_code')}), '')"
        code = (
            f"CASE WHEN {given} IN (SELECT code FROM _code) THEN {given} "
            f"ELSE coalesce((SELECT code FROM _label WHERE label = lower(trim({col('event_text')}))), {given}) END"
        )
        date = (
            f"coalesce(try_strptime({col('event_date')}, '%Y-%m-%d'), "
            f"try_strptime({col('event_date')}, '%m/%d/%Y'))::DATE"
        )
        raw = ", ".join(f"{k} := {col(k)}" for k in _RAW_KEYS)
        checks = [
            (f"{col('event_id')} IS NULL", "missing id|Event ID"),
            ("s.event_date IS NULL", "bad date|Event Date"),
            ("r.root IS NULL", "unknown event code|CAMEO Code / Event Text"),
        ] + [
            (f"{col(k)} IS NOT NULL AND TRY_CAST({col(k)} AS DOUBLE) IS NULL", f"bad number|{k.title()}")
            for k in ("intensity", "latitude", "longitude")
        ]
        problem = "CASE " + " ".join(f"WHEN {c} THEN '{label}'" for c, label in checks) + " END"
        conn.execute(f"""
        CREATE TEMP TABLE _stage AS
        SELECT
            s.event_id || ':' || coalesce(strftime(s.event_date, '%Y-%m-%d'), '') AS external_id,
            s.event_date,
            coalesce(sa.code, '') AS actor_code, nullif(ta.code, '') AS target_code,
            sa.iso3 AS actor_country, ta.iso3 AS target_country,
            s.source_name AS actor_name, s.target_name,
            s.code, r.root AS root_code,
            coalesce(TRY_CAST(s.intensity AS DOUBLE), c.goldstein_icews, r.goldstein) AS goldstein,
            r.quad AS quad_class,
            NULL::VARCHAR AS source_url,
            s.raw,
            {problem} AS problem,
            CASE WHEN problem IS NOT NULL THEN s.raw_line END AS raw_line
        FROM (SELECT {col("event_id")} AS event_id, {date} AS event_date, {code} AS code,
                     {col("source_name")} AS source_name, {col("target_name")} AS target_name,
                     {col("intensity")} AS intensity,
                     coalesce({col("source_country")}, '') AS sc, coalesce({col("source_sectors")}, '') AS ss,
                     coalesce({col("target_country")}, '') AS tc, coalesce({col("target_sectors")}, '') AS ts,
                     to_json(struct_pack({raw})) AS raw, {raw_line} AS raw_line, *
              FROM _raw) s
        LEFT JOIN _actors sa ON sa.country = s.sc AND sa.sectors = s.ss
        LEFT JOIN _actors ta ON ta.country = s.tc AND ta.sectors = s.ts
        LEFT JOIN _root r ON r.root = left(s.code, 2)
        LEFT JOIN _code c ON c.code = s.code
        """)
        conn.execute("DROP TABLE _raw")
        kind = "with CAMEO Code" if "cameo_code" in cols else "no CAMEO Code: codes from Event Text"
        return f"icews ({len(header)} columns, {kind})"

    def _register_actors(self, conn: duckdb.DuckDBPyConnection, cols: dict[str, str]) -> None:
        pairs: set[tuple[str, str]] = set()
        for country, sectors in (("source_country", "source_sectors"), ("target_country", "target_sectors")):
            c, s = cols.get(country, "NULL::VARCHAR"), cols.get(sectors, "NULL::VARCHAR")
            pairs.update(
                conn.execute(f"SELECT DISTINCT coalesce({c}, ''), coalesce({s}, '') FROM _raw").fetchall()
            )
        rows = []
        for country, sectors in sorted(pairs):
            code, iso3 = actor_code(country, sectors)
            rows.append({"country": country, "sectors": sectors, "code": code, "iso3": iso3})
        schema = pa.schema(
            [("country", pa.string()), ("sectors", pa.string()), ("code", pa.string()), ("iso3", pa.string())]
        )
        conn.register("_actors", pa.Table.from_pylist(rows, schema=schema))
