"""A full disk, a read-only data folder, backup/restore and `tracker check` on demand, through the real
command.

The full disk is a small tmpfs mounted for the test and the read-only folder a read-only remount of it (root
ignores file permissions); both need root with CAP_SYS_ADMIN and are skipped, saying so, where mounting is
impossible. The unwritable-folder case also runs as `nobody` through setpriv, without any mount.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.reliability.processes import TRACKER, articles_file, env, gdelt_file
from tests.security.state import database_state, table_rows
from tracker.db import Database
from tracker.db.catalog import schema_catalog
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event, review_event
from tracker.services.maintenance import check_database
from tracker.services.setup import init_database
from tracker.settings import Settings

EVENT_ARGS = ["events", "add", "--date", "2024-07-01", "--actor", "USAGOV", "--target", "CHNGOV",
              "--code", "112"]


def tracker(db: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess:
    cmd = [TRACKER, "--db", str(db), *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]   # uid = gid
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env(db, HOME="/tmp"))
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@contextlib.contextmanager
def _reachable_by_others(path: Path):
    """Let another user traverse to ``path`` (the checkout may sit in a 0700 folder such as mktemp -d's);
    the modes are put back afterwards."""
    changed = []
    try:
        for folder in [path, *path.parents]:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                os.chmod(folder, mode | stat.S_IXOTH)
                changed.append((folder, mode))
        yield
    finally:
        for folder, mode in changed:
            os.chmod(folder, mode)


def _db(path: Path) -> Database:
    return Database(path, Settings.from_env(environ={}, db_path=path))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An initialised database file (migrations and ontology, about 4 MB) to copy from."""
    path = tmp_path_factory.mktemp("template") / "tracker.duckdb"
    init_database(_db(path))
    return path


@pytest.fixture
def small_fs(tmp_path, template):
    """A tmpfs of 6 MB at tmp_path/small, holding a copy of the template database (about 4 MB)."""
    mount = tmp_path / "small"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {proc.stderr.strip()}")
    try:
        shutil.copyfile(template, mount / "tracker.duckdb")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(mount: Path, leave_kb: int | None = None) -> None:
    """Fill the file system with a filler file, leaving about ``leave_kb`` KB free (None: nothing)."""
    free_kb = shutil.disk_usage(mount).free // 1024
    count = [] if leave_kb is None else [f"count={max(0, (free_kb - leave_kb) // 64)}"]
    subprocess.run(["dd", "if=/dev/zero", f"of={mount / 'filler'}", "bs=64k", *count], capture_output=True)


def _remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    articles_file(folder / "articles.jsonl", 15_000, tag="full")
    (folder / "gdelt").mkdir()
    gdelt_file(folder / "gdelt" / "20240701000000.export.CSV", 60_000)
    return folder


@pytest.mark.parametrize("command,table,expected", [
    (["ingest", "{inputs}/articles.jsonl"], "article", 15_000),
    (["import", "gdelt", "{inputs}/gdelt"], "event", 60_000),
], ids=["ingest", "import"])
def test_full_disk_is_a_sentence_and_the_rerun_completes(small_fs, inputs, command, table, expected):
    db = small_fs / "tracker.duckdb"
    _fill(small_fs, leave_kb=512)
    before = database_state(_db(db))
    args = [a.replace("{inputs}", str(inputs)) for a in command]
    proc = tracker(db, *args)
    print(f"\nfull disk, tracker {command[0]}: exit {proc.returncode}: {proc.stderr.strip()[:160]}")
    assert proc.returncode == 1
    assert "No space left" in proc.stderr, proc.stderr
    assert database_state(_db(db)) == before               # nothing half-written
    assert tracker(db, "check").returncode == 0
    (small_fs / "filler").unlink()
    _remount(small_fs, "size=256m")
    assert tracker(db, *args).returncode == 0
    assert tracker(db, *args).returncode == 0              # and once more: nothing twice
    assert _db(db).query_df(f"SELECT count(*) FROM {table}").iloc[0, 0] >= expected
    assert tracker(db, "check").returncode == 0


def test_full_disk_during_an_import_says_the_disk_is_full(small_fs, tmp_path):
    big = tmp_path / "gdelt"
    big.mkdir()
    gdelt_file(big / "20240702000000.export.CSV", 150_000)     # the disk fills while the file is staged
    _fill(small_fs, leave_kb=512)
    proc = tracker(small_fs / "tracker.duckdb", "import", "gdelt", str(big))
    assert proc.returncode == 1 and "Cannot read" not in proc.stderr, proc.stderr   # was: blamed the file
    assert proc.stderr.startswith("Error: No space left on the device holding"), proc.stderr


def test_full_disk_during_a_form_save(small_fs):
    db = small_fs / "tracker.duckdb"
    filler = small_fs / "filler"
    _fill(small_fs)
    proc = tracker(db, *EVENT_ARGS)
    print(f"\nfull disk, a form save: exit {proc.returncode}: {proc.stderr.strip()[:160]}")
    assert proc.returncode == 1 and "No space left" in proc.stderr, proc.stderr
    filler.unlink()
    assert _db(db).query_df("SELECT count(*) FROM event").iloc[0, 0] == 0
    assert tracker(db, *EVENT_ARGS).returncode == 0
    assert _db(db).query_df("SELECT count(*) FROM event").iloc[0, 0] == 1
    assert tracker(db, "check").returncode == 0


READ_ONLY_COMMANDS = [["ingest", "{inputs}/articles.jsonl"], ["import", "gdelt", "{inputs}/gdelt"],
                      EVENT_ARGS, ["init"],
                      ["users", "add", "x", "--role", "coder", "--password", "long-pw-1"]]


def test_read_only_folder_is_a_sentence(small_fs, inputs):
    db = small_fs / "tracker.duckdb"
    _remount(small_fs, "ro")
    for args in READ_ONLY_COMMANDS:
        proc = tracker(db, *[a.replace("{inputs}", str(inputs)) for a in args])
        assert proc.returncode == 1, args
        assert proc.stderr.startswith(f"Error: Cannot write {db}"), (args, proc.stderr)
        assert "read-only" in proc.stderr or "permission denied" in proc.stderr, proc.stderr


def test_unwritable_folder_for_another_user_is_a_sentence(tmp_path, template):
    """Run as nobody: a root-owned data folder it may enter but not write, and one it may not even enter."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the command as nobody")
    with _reachable_by_others(Path(TRACKER).resolve().parent):     # nobody must be able to run the tool
        open_folder = Path(tempfile.mkdtemp(prefix="tracker-ro-"))       # pytest's own folders are closed (0700)
        try:
            os.chmod(open_folder, 0o755)
            db = open_folder / "tracker.duckdb"
            shutil.copyfile(template, db)
            os.chmod(db, 0o644)
            articles = articles_file(open_folder / "a.jsonl", 10)
            os.chmod(articles, 0o644)
            for args in (["ingest", str(articles)], EVENT_ARGS, ["init"]):
                proc = tracker(db, *args, user="65534")                 # nobody
                assert proc.returncode == 1, proc.stderr
                assert proc.stderr.startswith(f"Error: Cannot write {db}: permission denied"), proc.stderr
        finally:
            shutil.rmtree(open_folder)
        closed = tmp_path / "closed" / "tracker.duckdb"
        closed.parent.mkdir(mode=0o700)
        shutil.copyfile(template, closed)
        for args in (EVENT_ARGS, ["init"], ["stats"]):
            proc = tracker(closed, *args, user="65534")
            assert proc.returncode == 1, proc.stderr
            assert proc.stderr.startswith("Error: Cannot ") and "ermission denied" in proc.stderr, proc.stderr


# -- backup, restore, check ------------------------------------------------------------------------
@pytest.fixture
def rich_db(seeded_db, tmp_path):
    """Every kind of row: articles, coded and manual events with audit trails, imports with rejects, users."""
    user = CurrentUser("alice", "coder")
    eid = record_event(seeded_db, {"event_date": "2024-07-02", "actor_code": "USAGOV",
                                   "target_code": "CHNGOV", "code": "1122", "article_id": 1,
                                   "issues": ["human_rights"]}, user)
    review_event(seeded_db, eid, "rejected", user)
    gdelt = tmp_path / "g"
    gdelt.mkdir()
    gdelt_file(gdelt / "20240701000000.export.CSV", 500)
    with (gdelt / "20240701000000.export.CSV").open("a") as fh:
        fh.write("broken\tline\n")
    assert tracker(seeded_db.path, "import", "gdelt", str(gdelt)).returncode == 0
    assert tracker(seeded_db.path, "users", "add", "carol", "--role", "coder", "--password",
                   "carol-password").returncode == 0
    return seeded_db


def _all_tables(db: Database) -> dict:
    return {r.name: table_rows(db, r.name) for r in schema_catalog() if r.kind == "table"}


def test_backup_and_restore_round_trip_every_table_exactly(rich_db, tmp_path):
    before = _all_tables(rich_db)
    assert before["import_rejected"] and before["app_user"] and before["audit_log"]
    copy = tmp_path / "backups" / "copy.duckdb"
    proc = tracker(rich_db.path, "backup", str(copy))
    assert proc.returncode == 0 and proc.stdout.strip() == f"backed up to {copy}"
    assert _all_tables(_db(copy)) == before
    assert tracker(rich_db.path, "backup", str(copy)).returncode == 1       # never overwrites
    with rich_db.connect() as conn:
        conn.execute("DELETE FROM event_issue; DELETE FROM audit_log; DELETE FROM import_rejected")
    assert _all_tables(rich_db) != before
    proc = tracker(rich_db.path, "restore", str(copy))
    assert proc.returncode == 0, proc.stderr
    assert _all_tables(rich_db) == before
    assert tracker(rich_db.path, "check").returncode == 0


def test_restore_refuses_a_damaged_backup_and_keeps_the_database(rich_db, tmp_path):
    before = _all_tables(rich_db)
    copy = tmp_path / "copy.duckdb"
    assert tracker(rich_db.path, "backup", str(copy)).returncode == 0
    for damaged, data in (("truncated", copy.read_bytes()[: copy.stat().st_size // 3]),
                          ("garbage", os.urandom(64 * 1024)), ("empty", b"")):
        bad = tmp_path / f"{damaged}.duckdb"
        bad.write_bytes(data)
        proc = tracker(rich_db.path, "restore", str(bad))
        assert proc.returncode == 1 and proc.stderr.startswith("Error: "), (damaged, proc.stderr)
    assert _all_tables(rich_db) == before


def test_backup_to_a_full_disk_leaves_no_partial_file(rich_db, small_fs):
    _fill(small_fs, leave_kb=256)
    before = sorted(p.name for p in small_fs.iterdir())
    proc = tracker(rich_db.path, "backup", str(small_fs / "copy.duckdb"))
    assert proc.returncode == 1 and "Error: Cannot write the backup" in proc.stderr, proc.stderr
    assert sorted(p.name for p in small_fs.iterdir()) == before


BREAKAGES = {
    "events whose import batch is missing": "DELETE FROM import_batch",
    "imported events without an import batch":
        "UPDATE event SET batch_id = NULL WHERE id = (SELECT min(id) FROM event WHERE dataset = 'gdelt')",
    "import batches whose rejected count differs from their rejected rows": "DELETE FROM import_rejected",
    "finished import batches whose imported count differs from their events":
        "UPDATE import_batch SET rows_imported = rows_imported + 1",
    "imported events stored twice (same dataset and external id)":
        "INSERT INTO event SELECT * REPLACE (nextval('event_id_seq') AS id) FROM event "
        "WHERE dataset = 'gdelt' LIMIT 1",
    "coded or manual events without a 'create' audit entry": "DELETE FROM audit_log WHERE action = 'create'",
    "audit entries without a user": "UPDATE audit_log SET user_name = ''",
    "events whose article is missing": "UPDATE event SET article_id = 99999 WHERE dataset = 'manual'",
}


def test_check_finds_each_breakage_and_the_command_fails_on_it(rich_db, tmp_path):
    assert tracker(rich_db.path, "check").returncode == 0
    pristine = tmp_path / "pristine.duckdb"
    shutil.copyfile(rich_db.path, pristine)
    for broken, sql in BREAKAGES.items():
        shutil.copyfile(pristine, rich_db.path)
        with rich_db.connect() as conn:
            conn.execute(sql)
        problems = {what for what, n in check_database(rich_db).checks if n}
        assert broken in problems, (broken, problems)
    proc = tracker(rich_db.path, "check")                 # the last breakage, through the command
    assert proc.returncode == 1
    assert any(line.startswith("FAIL") and broken in line for line in proc.stdout.splitlines()), proc.stdout
