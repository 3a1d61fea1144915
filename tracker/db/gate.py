"""The open/close gate: a lock beside the database file, held while DuckDB opens it and while it closes it.

Why: DuckDB 2.0.1 reads the file's headers through separate read-only descriptors BEFORE it takes its own
lock on the file, and does not read them again once it has the lock (strace of ``duckdb.connect``: two
``O_RDONLY`` opens reading bytes 0-12288, then ``O_RDWR`` + ``F_SETLK``, then only the metadata block). A
process that starts to open while another one is checkpointing and closing can therefore get the lock right
after the other lets go, yet work from the header the other has just superseded: it does not see the other's
last transaction, and its own checkpoint at close writes over it. That is how the load test lost whole saves
(an edit reported as saved, gone; 119 of 120 events), and, when the freed tail had been truncated, how an
open failed with "Could not read enough bytes". A waiter that retries every few milliseconds
(``Database._open_raw``) meets that window often on a busy machine. With the gate, an open sees the file
either before another process's close or after it, never between.

Across processes the gate is a ``flock`` on ``<database>.lock``: a separate file, because closing any
descriptor on the database file itself would drop DuckDB's fcntl lock on it (POSIX locks belong to the
process); inside one process a mutex orders the threads (the dashboard opens from several). The gate is
held only for the open and the close themselves, never across the caller's work, so nested connections
cannot deadlock on it. DuckDB's lock still decides who may hold the file; other programs that open it (the
DuckDB CLI, R) do not take the gate and should open it read-only, as the docs say.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class GateTimeout(Exception):
    """The gate stayed taken until the caller's deadline."""


class FileGate:
    """The gate of one database file, shared by every Database object of this process (see ``gate_for``)."""

    def __init__(self, lock_path: str):
        self.lock_path = lock_path
        self._mutex = threading.Lock()

    @contextmanager
    def held(self, deadline: float | None = None) -> Iterator[None]:
        """Hold the gate; wait until ``deadline`` (``time.monotonic()``), or as long as it takes when None."""
        wait = -1 if deadline is None else max(0.0, deadline - time.monotonic())
        if not self._mutex.acquire(timeout=wait):
            raise GateTimeout(self.lock_path)
        try:
            fd = _open_lock_file(self.lock_path)
            try:
                if fd is not None:
                    _flock(fd, deadline, self.lock_path)
                yield
            finally:
                if fd is not None:
                    os.close(fd)        # releases the flock
        finally:
            self._mutex.release()


_GATES: dict[str, FileGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(db_path: Path | str) -> FileGate:
    """The gate of ``db_path`` (one per file and process, whatever path spelling reaches the file)."""
    key = os.path.realpath(db_path)
    with _GATES_LOCK:
        gate = _GATES.get(key)
        if gate is None:
            gate = _GATES[key] = FileGate(key + ".lock")
        return gate


def _open_lock_file(lock_path: str) -> int | None:
    """A descriptor on the lock file, created if need be; None where it cannot exist (a read-only folder,
    where no process can write the database either: DuckDB then reports that folder itself)."""
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        try:
            return os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None


def _flock(fd: int, deadline: float | None, lock_path: str) -> None:
    if deadline is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise GateTimeout(lock_path) from None
            time.sleep(0.002)   # the gate is held for one open or one close: milliseconds
