"""An import killed with SIGKILL half-way leaves the database consistent; running it again completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tracker.imports import import_files

from .conftest import rows
from .gdelt_rows import gdelt_row, line

ROWS = 100_000

SCRIPT = textwrap.dedent("""
    import sys
    from tracker.db import Database
    from tracker.imports import import_files
    db = Database(sys.argv[1])
    import_files(db, "gdelt", sys.argv[2:],
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
    first = proc.stdout.readline()
    time.sleep(0.5)  # the second file's transaction is under way (it takes ~2 s)
    assert proc.poll() is None
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
