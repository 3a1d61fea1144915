"""An import killed with SIGKILL half-way leaves the database consistent; running it again completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tracker.imports import import_files

from .conftest import rows
from .gdelt_rows import gdelt_row, line

ROWS = 100_000

#: imports a folder; after the second file's events are inserted (transaction still open) it says so and waits
SCRIPT = textwrap.dedent("""
    import sys, time
    import tracker.imports.batch as batch
    from tracker.db import Database
    from tracker.imports import import_files

    insert_events = batch._insert_events
    def insert_then_wait(conn, reader, batch_id, *args):
        insert_events(conn, reader, batch_id, *args)
        if batch_id == 2:
            print("inserted, not committed", flush=True)
            time.sleep(60)
    batch._insert_events = insert_then_wait
    import_files(Database(sys.argv[1]), "gdelt", sys.argv[2:],
                 on_file=lambda f: print("done", f.file_name, f.imported, flush=True))
""")


def _big_file(path: Path, first_id: int) -> None:
    rest = line(gdelt_row(0)).split("\t", 1)[1]
    with path.open("w") as fh:
        fh.writelines(f"{i}\t{rest}\n" for i in range(first_id, first_id + ROWS))


def test_kill_during_second_file_then_rerun(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_file(folder / "20240701000000.export.CSV", 1)
    _big_file(folder / "20240701001500.export.CSV", 1_000_001)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(db.path), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    first, second = proc.stdout.readline(), proc.stdout.readline()
    assert second == "inserted, not committed\n"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert first == f"done 20240701000000.export.CSV {ROWS}\n"
    # consistent: the finished file fully, nothing of the killed one
    assert rows(db, "SELECT count(*) FROM event") == [(ROWS,)]
    assert rows(db, "SELECT file_name, rows_imported FROM import_batch") == [
        ("20240701000000.export.CSV", ROWS)
    ]
    assert rows(db, "SELECT count(*) FROM import_rejected") == [(0,)]

    again = import_files(db, "gdelt", [folder])
    assert [f.status for f in again.files] == ["skipped", "imported"]
    assert again.imported == ROWS
    assert rows(db, "SELECT count(*), count(DISTINCT external_id) FROM event") == [(2 * ROWS, 2 * ROWS)]
    assert rows(db, "SELECT count(*) FROM import_batch") == [(2,)]
