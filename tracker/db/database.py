"""Database: one DuckDB file, opened briefly for each unit of work.

DuckDB lets one process at a time hold a file read-write. Every connection here is short (NullPool, context
managers), so the dashboard never holds the file while idle, and opening a file that another process holds is
retried for ``busy_timeout`` seconds before ``DatabaseBusyError``. Every open and every close goes through
the file's gate (``gate.py``): without it, an open that overlaps another process's close can work from a
superseded header and write over that process's last transaction.

All connections of one process share one instance configuration (DuckDB refuses two configurations of the
same file in one process): raw DuckDB connections and SQLModel sessions both come from ``_open_raw``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from duckdb_engine import ConnectionWrapper
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from tracker.db.gate import FileGate, GateTimeout, gate_for
from tracker.errors import DatabaseBusyError, DatabaseError
from tracker.settings import Settings

_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")


def guarded_config(settings: Settings) -> dict:
    """DuckDB instance settings for processes that run researcher SQL (dashboard, `tracker sql`).

    No file system access, no extension loading, bounded memory; locked so SQL cannot change them.
    """
    return {
        "enable_external_access": False,
        "autoload_known_extensions": False,
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "max_memory": settings.sql_memory_limit,
        "threads": 2,
        "python_enable_replacements": False,
        "lock_configuration": True,
    }


class Database:
    """A tracker database file. Cheap to create; opens the file only inside ``connect()``/``session()``."""

    def __init__(self, path: Path | str | None = None, settings: Settings | None = None, guarded: bool = False):
        self.settings = settings or Settings.from_env()
        self.path = Path(path) if path is not None else self.settings.db_path
        self.guarded = guarded
        self._engine: Engine | None = None

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r}{', guarded' if self.guarded else ''})"

    # -- raw connections -------------------------------------------------------------------------
    def _config(self) -> dict:
        return guarded_config(self.settings) if self.guarded else {}

    def _open_raw(self) -> duckdb.DuckDBPyConnection:
        if not self.exists() and not _exists(self.path.parent):
            raise DatabaseError(f"The folder {self.path.parent} does not exist; create it or pass another --db.")
        deadline = time.monotonic() + self.settings.busy_timeout
        delay = 0.02
        gate = self.gate
        while True:
            try:
                with gate.held(deadline):
                    return duckdb.connect(str(self.path), config=self._config())
            except GateTimeout:
                raise self._busy() from None
            except duckdb.IOException as exc:
                msg = str(exc)
                if not any(m in msg for m in _LOCK_MARKERS):
                    raise _io_error(self.path, exc) from None
                if time.monotonic() >= deadline:
                    raise self._busy() from None
            except duckdb.ConnectionException as exc:
                raise DatabaseError(
                    f"{self.path} is open in this process with another configuration (guarded and normal "
                    "connections cannot be open at once); close the other connection first."
                ) from exc
            except duckdb.Error as exc:
                raise _io_error(self.path, exc) from None
            # short polls: the file is free only between two writers' transactions, and a waiter that slept
            # up to 0.5 s kept missing them (bench/concurrency.py: longest save wait 4.6-10.6 s -> 2.0-4.0 s)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.1)

    @property
    def gate(self) -> FileGate:
        return gate_for(self.path)

    def _busy(self) -> DatabaseBusyError:
        return DatabaseBusyError(
            f"The database {self.path} is busy: another process has held it for more than "
            f"{self.settings.busy_timeout:g} s. Try again when it finishes (or raise TRACKER_BUSY_TIMEOUT)."
        )

    def _close_raw(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Close (the last connection of the process checkpoints and lets go of the file) inside the gate."""
        with self.gate.held():
            conn.close()

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A raw DuckDB connection for bulk work and reads; closed (file released) on exit.

        A full disk or a read-only folder met while working becomes a DatabaseError that says so."""
        conn = self._open_raw()
        try:
            yield conn
        except duckdb.Error as exc:
            mapped = _storage_error(self.path, exc)
            if mapped is None:
                raise
            raise mapped from None
        finally:
            try:
                self._close_raw(conn)
            except duckdb.Error as exc:     # closing checkpoints: it can meet a full disk too
                mapped = _storage_error(self.path, exc)
                if mapped is None:
                    raise
                raise mapped from None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A raw connection inside one transaction: committed on success, rolled back on any error."""
        with self.connect() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except duckdb.Error:        # the failure may have ended the transaction already
                    pass
                raise
            try:
                conn.execute("COMMIT")
            except duckdb.Error:
                try:
                    conn.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                raise

    # -- ORM sessions ----------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(
                "duckdb://", creator=lambda: _GatedConnection(self._open_raw(), self), poolclass=NullPool
            )
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short SQLModel session (for single-row edits from forms and the CLI)."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            mapped = _storage_error(self.path, exc.orig) if isinstance(exc.orig, Exception) else None
            if mapped is None:
                raise
            raise mapped from None

    # -- convenience -----------------------------------------------------------------------------
    def query_df(self, sql: str, params: list | dict | None = None):
        """Run one parameterised SELECT and return a pandas DataFrame (DATE columns as datetime.date)."""
        with self.connect() as conn:
            return conn.sql(sql, params=params or None).to_arrow_table().to_pandas()

    def exists(self) -> bool:
        return _exists(self.path)


class _GatedConnection(ConnectionWrapper):
    """duckdb_engine's connection wrapper whose close (SQLAlchemy's pool calls it) goes through the gate."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, db: Database):
        super().__init__(conn)
        self._raw = conn
        self._db = db

    def close(self) -> None:
        self._db._close_raw(self._raw)
        self.closed = True


def _exists(path: Path) -> bool:
    """Path.exists(), but a folder this user may not enter is a sentence, not a PermissionError."""
    try:
        return path.exists()
    except PermissionError:
        raise DatabaseError(f"Cannot read {path}: permission denied (a folder on the way is not open to this "
                            "user). Use a folder you may read and write, or pass --db.") from None


def _storage_error(path: Path, exc: BaseException) -> DatabaseError | None:
    """The sentence for a full disk or an unwritable folder met while working; None for any other error."""
    msg = str(exc)
    if "No space left" in msg:
        return DatabaseError(f"No space left on the device holding {path}: nothing from this step was saved. "
                             "Free some space and run it again.")
    if "Read-only file system" in msg or "Permission denied" in msg:
        return DatabaseError(f"Cannot write {path}: the folder is read-only or not writable: nothing from "
                             "this step was saved. Use a writable folder or pass --db.")
    return None


def _io_error(path: Path, exc: Exception) -> DatabaseError:
    msg = str(exc)
    if "Permission denied" in msg or "Read-only file system" in msg:
        return DatabaseError(f"Cannot write {path}: permission denied. Use a writable folder or pass --db.")
    if "No space left" in msg:
        return DatabaseError(f"No space left on the device holding {path}. Free some space and retry.")
    if "not a valid DuckDB database" in msg or "Could not read enough bytes" in msg:
        return DatabaseError(f"{path} is not a DuckDB database file (or it is damaged). Check --db.")
    return DatabaseError(f"Cannot open {path}: {msg}")
