"""Import one file in one transaction: stage it, record rejects, insert what is new, write the batch row.

Every reader turns a file into the temporary relation ``_stage`` (columns: see ``STAGE_COLUMNS``) with a ``problem``
('reason|detail') for rows it cannot represent, and lets DuckDB's ``read_csv`` put unreadable lines (wrong
column count, bad encoding) into ``_rej``. ``_stage`` is a table for readers that join Python-side mappings, and a
view straight over ``read_csv`` for GDELT (two scans of the file cost less than writing it twice).
Everything after that is shared:

- rejects (both kinds) go to ``import_rejected`` with the raw line and the reason;
- valid rows outside the filters are counted as filtered;
- the rest is inserted into ``event`` unless its (dataset, external_id) is already stored or repeats in the file
  (anti-join, first occurrence kept);
- the ``import_batch`` row is written last, in the same transaction: a file killed half-way leaves nothing,
  and a finished one is recognised by its sha256 and skipped the next time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

import tracker
from tracker.db import Database
from tracker.errors import InputError
from tracker.imports.lookups import register_lookups, sql_str
from tracker.imports.sources import SourceFile, find_sources
from tracker.imports.summary import FileResult, ImportFilters, ImportSummary

#: columns every reader's _stage has
STAGE_COLUMNS = (
    "external_id",
    "event_date",
    "actor_code",
    "target_code",
    "actor_country",
    "target_country",
    "actor_name",
    "target_name",
    "code",
    "root_code",
    "goldstein",
    "quad_class",
    "source_url",
    "raw",
    "problem",
    "raw_line",
)

#: DuckDB read_csv error types -> our reasons
_CSV_REASONS = {
    "MISSING COLUMNS": "wrong column count",
    "TOO MANY COLUMNS": "wrong column count",
    "INVALID ENCODING": "bad encoding",
    "CAST": "bad value",
    "UNQUOTED VALUE": "bad quoting",
    "INVALID STATE": "bad quoting",
    "LINE SIZE OVER MAXIMUM": "line too long",
}



class Reader:
    """A dataset format. Subclasses set the class attributes and implement ``stage``."""

    dataset: str = ""
    suffixes: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    directed: bool = True
    has_issues: bool = False
    #: positional column name -> header name, for reject messages (set by header-driven readers)
    labels: dict[str, str] = {}

    def stage(self, conn: duckdb.DuckDBPyConnection, path: Path) -> str:
        """Create the temp table or view _stage (and _rej via read_csv) from the file; return the format."""
        raise NotImplementedError


def import_paths(
    db: Database,
    reader: Reader,
    paths: list[Path],
    filters: ImportFilters | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import every data file under ``paths`` (files, zips, folders), each in its own transaction."""
    filters = filters or ImportFilters()
    sources = find_sources(paths, reader.suffixes, reader.skip)
    if not sources:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(
            f"No {reader.dataset} data files found in {shown} "
            f"(looked for {', '.join(reader.suffixes)} and .zip)."
        )
    if on_start:
        on_start(len(sources))
    summary = ImportSummary(reader.dataset)
    for source in sources:
        result = import_source(db, reader, source, filters)
        summary.files.append(result)
        if on_file:
            on_file(result)
    return summary


def import_source(db: Database, reader: Reader, source: SourceFile, filters: ImportFilters) -> FileResult:
    result = FileResult(path=source.display, file_name=source.name)
    try:
        with source.local() as (path, sha256), db.transaction() as conn:
            _import_file(conn, reader, source, path, sha256, filters, result, db.settings.import_memory)
    except InputError as exc:
        result.error = str(exc)
    return result


def previous_batch(
    conn: duckdb.DuckDBPyConnection, dataset: str, sha256: str, filters: ImportFilters
) -> int | None:
    """The batch that already imported these bytes with the same filters (or with none), if any."""
    found = conn.execute(
        "SELECT id FROM import_batch WHERE dataset = ? AND sha256 = ? AND (filters IS NULL OR filters = ?) "
        "ORDER BY id LIMIT 1",
        [dataset, sha256, filters.to_json()],
    ).fetchall()
    return found[0][0] if found else None


def _import_file(
    conn,
    reader: Reader,
    source: SourceFile,
    path: Path,
    sha256: str,
    filters: ImportFilters,
    result: FileResult,
    memory_limit: str,
) -> None:
    conn.execute(f"SET memory_limit = '{memory_limit.replace(chr(39), '')}'")
    conn.execute("SET preserve_insertion_order = false")
    conn.execute("SET enable_progress_bar = false")  # DuckDB would draw on stdout for long queries
    done = previous_batch(conn, reader.dataset, sha256, filters)
    if done is not None:
        result.skipped = f"already imported (batch {done})"
        result.batch_id = done
        return
    started = datetime.now(UTC)
    batch_id = conn.execute("SELECT nextval('import_batch_id_seq')").fetchall()[0][0]
    register_lookups(conn)
    try:
        result.format = reader.stage(conn, path)
        maybe_repeats = _summarise(conn, batch_id, filters, result, reader.labels)
        repeats = _repeated_ids(conn, filters) if maybe_repeats else 0
        _insert_events(conn, reader, batch_id, filters, result, repeats)
    except (duckdb.InvalidInputException, duckdb.IOException, UnicodeDecodeError) as exc:
        if "No space left" in str(exc):
            raise  # not the file's fault: Database.connect() reports the full disk
        raise InputError(
            f"Cannot read {source.display} as {reader.dataset}: {str(exc).splitlines()[0]}"
        ) from None
    result.batch_id = batch_id
    conn.execute(
        "INSERT INTO import_batch (id, dataset, file_name, path, sha256, format, filters, rows_read, rows_imported, "
        "rows_duplicate, rows_rejected, rows_filtered, started_at, finished_at, tool_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            reader.dataset,
            source.name,
            source.display,
            sha256,
            result.format,
            filters.to_json(),
            result.read,
            result.imported,
            result.duplicate,
            result.rejected,
            result.filtered,
            started,
            datetime.now(UTC),
            tracker.__version__,
        ],
    )


def _table_exists(conn, name: str) -> bool:
    return bool(
        conn.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [name]
        ).fetchall()[0][0]
    )


def _summarise(
    conn, batch_id: int, filters: ImportFilters, result: FileResult, labels: dict[str, str]
) -> bool:
    """One pass over _stage: counts, the rows with a problem (to import_rejected), and whether an id may repeat.

    Repeats are detected on 64-bit hashes of the ids (cheap); a collision only costs the exact check that follows.

    It references every column (raw_line does), so DuckDB checks every field of every line here; the insert
    that follows reads the same columns and therefore the same lines.
    """
    keep, params = _filter_sql(filters)
    conn.execute(
        f"""
        CREATE TEMP TABLE _summary AS SELECT
            count(*) FILTER (WHERE problem IS NULL) AS valid,
            count(*) FILTER (WHERE problem IS NULL AND {keep}) AS kept,
            count(DISTINCT hash(external_id)) FILTER (WHERE problem IS NULL AND {keep}) AS distinct_hashes,
            list(struct_pack(problem := problem, raw_line := raw_line)) FILTER (WHERE problem IS NOT NULL) AS bad
        FROM _stage""",
        params * 2,
    )
    reasons: Counter = Counter()
    if _table_exists(conn, "_rej"):
        cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _CSV_REASONS.items())
        names = " ".join(f"WHEN {sql_str(k)} THEN {sql_str(v)}" for k, v in labels.items())
        column = f"CASE column_name {names} ELSE column_name END" if labels else "column_name"
        conn.execute(
            f"""
            INSERT INTO import_rejected (batch_id, line, reason, detail, raw_line)
            SELECT ?, line, CASE error_type::VARCHAR {cases} ELSE lower(error_type::VARCHAR) END,
                   coalesce({column} || ': ', '') || error_message, trim(csv_line, chr(13) || chr(10))
            FROM _rej QUALIFY row_number() OVER (PARTITION BY line ORDER BY scan_id, column_idx) = 1""",
            [batch_id],
        )
    conn.execute(
        """
        INSERT INTO import_rejected (batch_id, line, reason, detail, raw_line)
        SELECT ?, NULL, split_part(b.problem, '|', 1), nullif(split_part(b.problem, '|', 2), ''), b.raw_line
        FROM (SELECT unnest(bad) AS b FROM _summary WHERE bad IS NOT NULL)""",
        [batch_id],
    )
    for reason, n in conn.execute(
        "SELECT reason, count(*) FROM import_rejected WHERE batch_id = ? GROUP BY reason", [batch_id]
    ).fetchall():
        reasons[reason] = n
    result.reasons = reasons
    result.rejected = sum(reasons.values())
    valid, kept, distinct_hashes = conn.execute(
        "SELECT valid, kept, distinct_hashes FROM _summary"
    ).fetchall()[0]
    result.read = valid + result.rejected
    result.filtered = valid - kept
    return distinct_hashes < kept


def _repeated_ids(conn, filters: ImportFilters) -> int:
    """Hashes of the ids that may occur more than once among the file's kept rows, into _repeats."""
    keep, params = _filter_sql(filters)
    conn.execute(
        f"""CREATE TEMP TABLE _repeats AS SELECT hash(external_id) AS h FROM _stage WHERE problem IS NULL AND {keep}
            GROUP BY h HAVING count(*) > 1""",
        params,
    )
    return conn.execute("SELECT count(*) FROM _repeats").fetchall()[0][0]


def _filter_sql(filters: ImportFilters) -> tuple[str, list]:
    conds, params = [], []
    if filters.since:
        conds.append("event_date >= ?")
        params.append(filters.since)
    if filters.until:
        conds.append("event_date <= ?")
        params.append(filters.until)
    if filters.countries:
        conds.append(
            "(list_contains(?::VARCHAR[], actor_country) OR list_contains(?::VARCHAR[], target_country))"
        )
        params += [list(filters.countries)] * 2
    return (" AND ".join(conds) or "true"), params


_EVENT_COLUMNS = (
    "event_date, actor_code, target_code, actor_country, target_country, code, root_code, goldstein, "
    "quad_class, status, coder, dataset, external_id, batch_id, directed, actor_name, target_name, "
    "source_url, raw"
)


def _insert_events(
    conn, reader: Reader, batch_id: int, filters: ImportFilters, result: FileResult, repeats: int
) -> None:
    """Insert the valid, kept rows whose id is new; the first of an id repeated in the file (if any)."""
    keep, params = _filter_sql(filters)
    rows = f"SELECT * FROM _stage WHERE problem IS NULL AND {keep}"
    if repeats:  # only the repeated ids go through the (blocking) window
        source = f"""{rows} AND hash(external_id) NOT IN (SELECT h FROM _repeats)
            UNION ALL
            SELECT * FROM ({rows} AND hash(external_id) IN (SELECT h FROM _repeats)
                           QUALIFY row_number() OVER (PARTITION BY external_id) = 1)"""
        params = params * 2
    else:
        source = rows
    inserted = conn.execute(
        f"""
        INSERT INTO event ({_EVENT_COLUMNS})
        SELECT s.event_date, s.actor_code, s.target_code, s.actor_country, s.target_country, s.code, s.root_code,
               s.goldstein, s.quad_class, 'accepted', ?, ?, s.external_id, ?, ?, s.actor_name, s.target_name,
               s.source_url, s.raw
        FROM ({source}) s
        ANTI JOIN (SELECT external_id FROM event WHERE dataset = ? AND external_id IS NOT NULL) e
            ON e.external_id = s.external_id""",
        [reader.dataset, reader.dataset, batch_id, reader.directed, *params, reader.dataset],
    ).fetchall()[0][0]
    result.imported = inserted
    result.duplicate = result.read - result.rejected - result.filtered - inserted
    if reader.has_issues:
        conn.execute(
            """
            INSERT INTO event_issue (event_id, issue_code)
            SELECT DISTINCT e.id, i.issue FROM event e
            JOIN (SELECT external_id, unnest(issues) AS issue FROM _stage WHERE problem IS NULL) i
              ON i.external_id = e.external_id
            WHERE e.batch_id = ?""",
            [batch_id],
        )
