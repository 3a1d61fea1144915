"""Integrity check, backup and restore round trip."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tracker.cli.main import app
from tracker.db import Database
from tracker.db.catalog import schema_catalog
from tracker.errors import InputError
from tracker.services.events import record_event, review_event
from tracker.services.maintenance import backup_database, check_database, restore_database


def _tables(db):
    names = [r.name for r in schema_catalog() if r.kind == "table"]
    return {n: db.query_df(f'SELECT * FROM "{n}" ORDER BY ALL').to_json(date_format="iso") for n in names}


def test_check_passes_on_a_healthy_database_and_finds_breakage(seeded_db, coder_user):
    eid = record_event(seeded_db, {"event_date": "2024-07-02", "actor_code": "USAGOV", "target_code": "CHNGOV",
                                   "code": "1122", "article_id": 1, "issues": ["human_rights"]}, coder_user)
    review_event(seeded_db, eid, "rejected", coder_user)
    assert check_database(seeded_db).ok
    with seeded_db.connect() as conn:
        conn.execute("UPDATE event SET status = 'accepted', goldstein = 9 WHERE id = ?", [eid])
        conn.execute("INSERT INTO event_issue VALUES (999, 'human_rights')")
    report = check_database(seeded_db)
    problems = {what for what, n in report.checks if n}
    assert problems == {"events whose status differs from their last audit entry",
                        "events with an unknown CAMEO code or a wrong root/quad class",
                        "issue links to missing events"}


def test_backup_restore_round_trip_is_exact(seeded_db, coder_user, tmp_path):
    record_event(seeded_db, {"event_date": "2024-07-02", "actor_code": "USAGOV", "code": "1122",
                             "article_id": 1}, coder_user)
    before = _tables(seeded_db)
    backup = backup_database(seeded_db, tmp_path / "b" / "copy.duckdb")
    with pytest.raises(InputError, match="already exists"):
        backup_database(seeded_db, backup)
    with seeded_db.connect() as conn:
        conn.execute("DELETE FROM event_issue; DELETE FROM event; DELETE FROM article")
    assert _tables(seeded_db) != before
    restore_database(seeded_db, backup)
    assert _tables(Database(seeded_db.path, seeded_db.settings)) == before
    # ids keep counting from where they were
    new = record_event(seeded_db, {"event_date": "2024-07-03", "actor_code": "USAGOV", "code": "010"}, coder_user)
    assert new == 2


def test_cli_check_backup_restore(seeded_db, tmp_path):
    runner = CliRunner()
    db = ["--db", str(seeded_db.path)]
    ok = runner.invoke(app, [*db, "check"])
    assert ok.exit_code == 0 and ok.stdout.splitlines()[0] == "ok   events whose article is missing: 0"
    out = tmp_path / "x.duckdb"
    assert runner.invoke(app, [*db, "backup", str(out)]).stdout == f"backed up to {out}\n"
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_text("no")
    bad = runner.invoke(app, [*db, "restore", str(garbage)])
    assert bad.exit_code == 1 and bad.stderr.startswith(f"Error: {garbage} is not a usable tracker database")
    assert runner.invoke(app, [*db, "restore", str(out)]).exit_code == 0
