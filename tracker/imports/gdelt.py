"""GDELT event files: 1.0 daily files (57 or 58 columns) and 2.0 15-minute ``*.export.CSV`` (61 columns).

Tab-separated, no header, no quoting; the version is detected from the column count of the first lines. The
whole file is read by DuckDB's ``read_csv`` (every column as text, so that a bad value is reported, not fatal)
and mapped in one ``SELECT``: CAMEO codes stay strings, actor codes as given, Goldstein and QuadClass as GDELT
gives them (from the code when empty). The actor/target country is the actor's CAMEO country code, or, when GDELT
has none, the FIPS country of the actor's geo block mapped to ISO-3. NumMentions, NumSources, NumArticles,
AvgTone, IsRootEvent, DATEADDED, the three geo blocks (FIPS country codes as given) and ``country_from_geo``
(which sides got their country from the geo block) go to ``raw``.
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import duckdb

from tracker.errors import InputError
from tracker.imports.batch import Reader
from tracker.imports.lookups import sql_str

_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_GEO_BLOCKS = {"actor1": "Actor1Geo", "actor2": "Actor2Geo", "action": "ActionGeo"}

COLUMNS_V2 = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [f"{b}_{c}" for b in _GEO_BLOCKS.values() for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
#: GDELT 1.0 has no ADM2 codes; the 57-column files (before April 2013) have no SOURCEURL either
COLUMNS_V1_58 = [c for c in COLUMNS_V2 if not c.endswith("_ADM2Code")]
COLUMNS_V1_57 = COLUMNS_V1_58[:-1]
LAYOUTS = {61: ("gdelt2", COLUMNS_V2), 58: ("gdelt1", COLUMNS_V1_58), 57: ("gdelt1", COLUMNS_V1_57)}

_INTS = ["IsRootEvent", "NumMentions", "NumSources", "NumArticles", "DATEADDED"] + [
    f"{b}_Type" for b in _GEO_BLOCKS.values()
]
_FLOATS = ["GoldsteinScale", "AvgTone"] + [f"{b}_{c}" for b in _GEO_BLOCKS.values() for c in ("Lat", "Long")]


def detect_layout(path: Path, sample_lines: int = 50) -> tuple[str, list[str]]:
    """The GDELT version and its columns, from the most common column count among the first lines."""
    counts: Counter = Counter()
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        for _, line in zip(range(sample_lines), fh, strict=False):
            line = line.rstrip(b"\r\n")
            if line:
                counts[line.count(b"\t") + 1] += 1
    if not counts:
        raise InputError(f"{path.name} is empty.")
    n = counts.most_common(1)[0][0]
    if n not in LAYOUTS:
        raise InputError(
            f"{path.name} is not a GDELT event file: its lines have {n} tab-separated columns "
            "(GDELT 1.0 has 57 or 58, GDELT 2.0 61)."
        )
    return LAYOUTS[n]


def _geo_struct(block: str, has_adm2: bool) -> str:
    p = f'"{block}_'
    adm2 = f'{p}ADM2Code"' if has_adm2 else "NULL::VARCHAR"
    return (
        f"CASE WHEN coalesce({p}Type\", '0') = '0' THEN NULL ELSE struct_pack("
        f'type := TRY_CAST({p}Type" AS INT), name := {p}FullName", fips := {p}CountryCode", '
        f'adm1 := {p}ADM1Code", adm2 := {adm2}, lat := TRY_CAST({p}Lat" AS DOUBLE), '
        f'lon := TRY_CAST({p}Long" AS DOUBLE), feature_id := {p}FeatureID") END'
    )


def _problem(columns: list[str]) -> str:
    checks = [
        ("GLOBALEVENTID IS NULL", "missing id|GLOBALEVENTID"),
        ("TRY_CAST(GLOBALEVENTID AS BIGINT) IS NULL", "bad number|GLOBALEVENTID"),
        ("try_strptime(SQLDATE, '%Y%m%d') IS NULL", "bad date|SQLDATE"),
        ("EventCode IS NULL", "missing event code|EventCode"),
        ("r.root IS NULL", "unknown event code|EventRootCode"),
        ("QuadClass IS NOT NULL AND TRY_CAST(QuadClass AS INT) NOT IN (1, 2, 3, 4)", "bad number|QuadClass"),
        ("QuadClass IS NOT NULL AND TRY_CAST(QuadClass AS INT) IS NULL", "bad number|QuadClass"),
    ]
    checks += [
        (f'"{c}" IS NOT NULL AND TRY_CAST("{c}" AS BIGINT) IS NULL', f"bad number|{c}")
        for c in _INTS
        if c in columns
    ]
    checks += [
        (f'"{c}" IS NOT NULL AND TRY_CAST("{c}" AS DOUBLE) IS NULL', f"bad number|{c}") for c in _FLOATS
    ]
    whens = " ".join(f"WHEN {cond} THEN '{label}'" for cond, label in checks)
    return f"CASE {whens} END"


class GdeltReader(Reader):
    dataset = "gdelt"
    suffixes = (".csv", ".csv.gz", ".tsv", ".txt")
    skip = (".mentions.", ".gkg.")
    directed = True

    def stage(self, conn: duckdb.DuckDBPyConnection, path: Path) -> str:
        version, columns = detect_layout(path)
        has_adm2 = "Actor1Geo_ADM2Code" in columns
        col_types = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
        raw_line = "concat_ws(chr(9), " + ", ".join(f"coalesce(\"{c}\", '')" for c in columns) + ")"
        url = "SOURCEURL" if "SOURCEURL" in columns else "NULL"
        geo = ", ".join(f"{k} := {_geo_struct(b, has_adm2)}" for k, b in _GEO_BLOCKS.items())
        problem = _problem(columns)
        conn.execute(f"""
        -- auto_detect only for its row-count estimate: everything it could detect is given, and without an
        -- estimate DuckDB takes the file for ~40 rows and builds hash joins on it instead of on the lookups
        CREATE TEMP VIEW _stage AS
        SELECT
            GLOBALEVENTID AS external_id,
            try_strptime(SQLDATE, '%Y%m%d')::DATE AS event_date,
            coalesce(Actor1Code, '') AS actor_code,
            Actor2Code AS target_code,
            coalesce(Actor1CountryCode, (SELECT iso3 FROM _fips WHERE fips = Actor1Geo_CountryCode)) AS actor_country,
            coalesce(Actor2CountryCode, (SELECT iso3 FROM _fips WHERE fips = Actor2Geo_CountryCode)) AS target_country,
            Actor1Name AS actor_name,
            Actor2Name AS target_name,
            EventCode AS code,
            r.root AS root_code,
            coalesce(TRY_CAST(GoldsteinScale AS DOUBLE), c.goldstein, r.goldstein) AS goldstein,
            coalesce(TRY_CAST(QuadClass AS INT), r.quad) AS quad_class,
            {url} AS source_url,
            to_json(struct_pack(is_root := TRY_CAST(IsRootEvent AS INT), mentions := TRY_CAST(NumMentions AS INT),
                sources := TRY_CAST(NumSources AS INT), articles := TRY_CAST(NumArticles AS INT),
                tone := TRY_CAST(AvgTone AS DOUBLE), date_added := DATEADDED,
                country_from_geo := nullif(concat_ws(',',
                    CASE WHEN Actor1CountryCode IS NULL AND Actor1Geo_CountryCode IS NOT NULL THEN 'actor1' END,
                    CASE WHEN Actor2CountryCode IS NULL AND Actor2Geo_CountryCode IS NOT NULL THEN 'actor2' END), ''),
                geo := struct_pack({geo}))) AS raw,
            {problem} AS problem,
            CASE WHEN problem IS NOT NULL THEN {raw_line} END AS raw_line
        FROM read_csv({sql_str(str(path))}, delim = '\t', header = false, quote = '', escape = '',
                      auto_detect = true, skip = 0, columns = {col_types}, store_rejects = true,
                      rejects_table = '_rej', rejects_scan = '_rejscan')
        LEFT JOIN _root r ON r.root = coalesce(EventRootCode, left(EventCode, 2))
        LEFT JOIN _code c ON c.code = EventCode
        """)
        return f"{version} ({len(columns)} columns)"
