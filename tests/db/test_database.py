"""The database file: short connections, busy-file retries, clear errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from sqlmodel import text

from tracker.db import Database
from tracker.errors import DatabaseBusyError, DatabaseError
from tracker.settings import Settings


def _busy_until_released(db, holder):
    """While `holder` (a process waiting on its stdin) keeps the file, an impatient open says it is busy; once
    the holder lets go, the file opens again."""
    try:
        impatient = Database(db.path, Settings.from_env(environ={}, busy_timeout=0.3))
        with pytest.raises(DatabaseBusyError, match="is busy"):
            with impatient.connect():
                pass
    finally:
        holder.communicate("\n")
    with db.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_file_is_released_after_each_unit_of_work(fresh_db):
    # another process can open the file as soon as our connection is closed
    code = f"import duckdb; duckdb.connect({str(fresh_db.path)!r}).execute('select 1').fetchall()"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_busy_file_waits_then_says_so(fresh_db, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            c = duckdb.connect({str(fresh_db.path)!r})
            print("held", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    _busy_until_released(fresh_db, holder)


def test_missing_folder_and_garbage_file_are_clear_errors(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        with Database(tmp_path / "nope" / "x.duckdb").connect():
            pass
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError):
        with Database(junk).connect():
            pass


def test_transaction_rolls_back_on_error(fresh_db):
    with pytest.raises(RuntimeError):
        with fresh_db.transaction() as conn:
            conn.execute("INSERT INTO article (text, content_hash) VALUES ('x', 'h')")
            raise RuntimeError("boom")
    assert fresh_db.query_df("SELECT count(*) AS n FROM article").n[0] == 0


# -- the open/close gate (tracker/db/gate.py) -------------------------------------------------------------
# DuckDB 2.0.1 reads the file's header before it takes its file lock; an open that overlapped another
# process's close worked from the superseded header and its own close wrote over that process's last save
# (the load test lost one save in about five runs). Opens and closes therefore take a lock beside the file.
GATE_HOLDER = textwrap.dedent("""
    import sys
    from tracker.db import Database
    with Database(sys.argv[1]).gate.held():
        print("held", flush=True)
        sys.stdin.readline()
""")


def _hold_gate(path):
    holder = subprocess.Popen([sys.executable, "-c", GATE_HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_no_open_starts_while_another_process_opens_or_closes_the_file(fresh_db):
    holder = _hold_gate(fresh_db.path)     # as a process does for its open and for its close (checkpoint)
    _busy_until_released(fresh_db, holder)


@pytest.mark.parametrize("kind", ["raw", "session"])
def test_closing_waits_for_an_open_in_another_process(fresh_db, kind):
    closed = threading.Event()

    def work():
        if kind == "raw":
            with fresh_db.connect() as conn:
                conn.execute("SELECT 1").fetchall()
                ready.set()
                go.wait()
        else:
            with fresh_db.session() as session:
                session.exec(text("SELECT 1")).all()
                ready.set()
                go.wait()
        closed.set()

    ready, go = threading.Event(), threading.Event()
    worker = threading.Thread(target=work)
    worker.start()
    ready.wait()
    holder = _hold_gate(fresh_db.path)
    try:
        go.set()
        assert not closed.wait(0.5), "the close (DuckDB's checkpoint) ran while another process held the gate"
    finally:
        holder.communicate("\n")
    worker.join()
    assert closed.is_set()
    # the file itself is free (closed), and the gate file sits beside it
    subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(fresh_db.path)!r}).close()"],
                   check=True)
    assert (fresh_db.path.parent / (fresh_db.path.name + ".lock")).exists()
