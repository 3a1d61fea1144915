"""kill -9 in the middle of an import, an ingest, a coding run and a stream of form saves.

Each case first runs the command to the end on a copy of the database (the reference), then starts it on
another copy and kills it with SIGKILL while it still runs: as soon as its first write reaches the file (the
database file or its WAL changes: a transaction half-written), or after the 25th form save (25 committed, the
26th under way). tests/imports/test_kill.py kills an import between two committed files.
Afterwards the database opens, `tracker check` passes, and running the command again ends with exactly the
reference's records: none lost, none twice. The figures are printed.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.processes import (
    PYTHON,
    TRACKER,
    articles_file,
    env,
    gdelt_file,
    start_tracker,
)
from tracker.db import Database
from tracker.ingest import ingest_paths
from tracker.services.setup import init_database
from tracker.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

SAVER = """
import json, sys
from tracker.db import Database
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event
from tracker.settings import Settings
path, n = sys.argv[1], int(sys.argv[2])
db = Database(path, Settings.from_env(db_path=path), guarded=True)
with db.connect() as conn:   # resuming: a person looks at the list and saves what is missing
    done = {r[0] for r in conn.execute("SELECT evidence FROM event WHERE evidence LIKE 'save-%'").fetchall()}
for i in range(n):
    marker = f"save-{i:04d}"
    if marker in done:
        continue
    record_event(db, {"event_date": "2024-07-01", "actor_code": "USAGOV", "target_code": "CHNGOV",
                      "code": "112", "issues": ["human_rights", "xinjiang_uyghurs"], "evidence": marker},
                 CurrentUser("carol", "coder"))
    print(marker, flush=True)
"""


def _db(path: Path) -> Database:
    return Database(path, Settings.from_env(environ={}, db_path=path))


def _rows(path: Path, sql: str) -> list[tuple]:
    with _db(path).connect() as conn:
        return conn.execute(sql).fetchall()


def _check(path: Path) -> dict:
    proc = subprocess.run([TRACKER, "--db", str(path), "check", "--format", "json"], capture_output=True,
                          text=True, env=env(path))
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


#: the records a command makes, as comparable multisets (ids may differ between runs)
RECORDS = {
    "import": "SELECT dataset, external_id, event_date, code FROM event WHERE dataset = 'gdelt' ORDER BY ALL",
    "batches": "SELECT file_name, sha256, rows_read, rows_imported, rows_rejected FROM import_batch "
               "ORDER BY ALL",
    "ingest": "SELECT content_hash, url, title FROM article ORDER BY ALL",
    "code": "SELECT a.content_hash, e.code, e.actor_code, e.target_code, e.evidence_start, e.status "
            "FROM event e JOIN article a ON a.id = e.article_id WHERE e.dataset = 'auto' ORDER BY ALL",
    "saves": "SELECT e.evidence, e.code, list(i.issue_code ORDER BY i.issue_code), "
             "(SELECT count(*) FROM audit_log l WHERE l.event_id = e.id AND l.action = 'create') "
             "FROM event e LEFT JOIN event_issue i ON i.event_id = e.id WHERE e.evidence LIKE 'save-%' "
             "GROUP BY ALL ORDER BY ALL",
}

CASES = {
    # name: (command builder, record queries, kill after this many output lines; None: after the first commit)
    "tracker import": (lambda db, d: start_tracker(db, "import", "gdelt", str(d / "gdelt")),
                       ("import", "batches"), None),
    "tracker ingest": (lambda db, d: start_tracker(db, "ingest", str(d / "articles.jsonl")),
                       ("ingest",), None),
    "tracker code --all": (lambda db, d: start_tracker(db, "code", "--all"), ("code",), None),
    "form saves": (lambda db, d: subprocess.Popen([PYTHON, "-c", SAVER, str(db), "80"],
                                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                   env=env(db), cwd=ROOT),
                   ("saves",), 25),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """An initialised database with 1,000 articles, and the input files of the four commands."""
    folder = tmp_path_factory.mktemp("kill")
    inputs = folder / "inputs"
    (inputs / "gdelt").mkdir(parents=True)
    gdelt_file(inputs / "gdelt" / "20240701000000.export.CSV", 120_000, 1)
    gdelt_file(inputs / "gdelt" / "20240701001500.export.CSV", 120_000, 1_000_001)
    articles_file(inputs / "articles.jsonl", 70_000, tag="ingest")
    articles_file(inputs / "coded.jsonl", 1_000, tag="code")
    db = _db(folder / "base.duckdb")
    init_database(db)
    ingest_paths(db, [inputs / "coded.jsonl"])
    return folder


def _file_state(db: Path) -> tuple:
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None
                 for p in (db, Path(f"{db}.wal")))


def _wait_for_fault_point(proc: subprocess.Popen, db: Path, lines: int | None) -> None:
    """Return once ``proc`` printed ``lines`` lines, or (None) once its first write changed the file."""
    if lines is not None:
        for _ in range(lines):
            proc.stdout.readline()
        return
    before = _file_state(db)
    while proc.poll() is None and _file_state(db) == before:
        time.sleep(0.005)             # polling the file, not waiting a fixed time


def _copy(base: Path, name: str) -> Path:
    target = base / f"{name}.duckdb"
    shutil.copyfile(base / "base.duckdb", target)
    return target


@pytest.mark.parametrize("case", list(CASES))
def test_kill_9_mid_command_then_rerun_loses_nothing_and_duplicates_nothing(base, case):
    start_cmd, queries, lines = CASES[case]
    inputs = base / "inputs"
    slug = case.replace(" ", "_").replace("-", "")

    reference = _copy(base, f"{slug}_ref")
    t0 = time.perf_counter()
    proc = start_cmd(reference, inputs)
    _, err = proc.communicate()
    clean = time.perf_counter() - t0
    assert proc.returncode == 0, err
    expected = {q: _rows(reference, RECORDS[q]) for q in queries}
    assert all(expected.values())

    victim = _copy(base, f"{slug}_victim")
    proc = start_cmd(victim, inputs)
    t0 = time.perf_counter()
    _wait_for_fault_point(proc, victim, lines)
    killed_at = time.perf_counter() - t0
    assert proc.poll() is None, f"{case} finished before the kill ({clean:.1f} s clean run)"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = {q: len(_rows(victim, RECORDS[q])) for q in queries}

    report = _check(victim)                              # opens, and passes every integrity check
    assert report["ok"], report
    rerun = start_cmd(victim, inputs)
    _, err = rerun.communicate()
    assert rerun.returncode == 0, err
    assert _check(victim)["ok"]
    got = {q: _rows(victim, RECORDS[q]) for q in queries}
    lost = {q: len(set(map(repr, expected[q])) - set(map(repr, got[q]))) for q in queries}
    twice = {q: len(got[q]) - len(set(map(repr, got[q]))) for q in queries}
    print(f"\nkill -9 {case}: clean run {clean:.1f} s, killed at {killed_at:.1f} s with "
          f"{at_kill} records stored; after the rerun {({q: len(v) for q, v in got.items()})} "
          f"(expected {({q: len(v) for q, v in expected.items()})}), lost {lost}, twice {twice}")
    assert got == expected
