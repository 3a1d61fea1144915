"""The database file: short connections, busy-file retries, clear errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tracker.db import Database
from tracker.errors import DatabaseBusyError, DatabaseError
from tracker.settings import Settings


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
    try:
        assert holder.stdout.readline().strip() == "held"
        impatient = Database(fresh_db.path, Settings.from_env(environ={}, busy_timeout=0.3))
        with pytest.raises(DatabaseBusyError, match="is busy"):
            with impatient.connect():
                pass
    finally:
        holder.communicate("\n")
    with fresh_db.connect() as conn:  # released: works again
        assert conn.execute("SELECT 1").fetchone() == (1,)


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
