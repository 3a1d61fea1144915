"""`tracker import` through the real root app: outputs, exit codes, errors without tracebacks."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tracker.cli.main import app

from .conftest import DATA


def run(db, *args):
    return CliRunner().invoke(app, ["--db", str(db.path), *args])


def test_import_table_summary(db):
    result = run(db, "import", "icews", str(DATA / "icews" / "events.2017.ugly.tab"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "9 files" not in result.output
    assert lines[-2] == "1 files: read 9, imported 4, duplicate 1, rejected 4, filtered 0"
    assert lines[-1] == (
        "rejected rows by reason: bad date 1, bad number 1, unknown event code 1, "
        "wrong column count 1 (see the import_rejected table)"
    )
    assert "events.2017.ugly.tab" in result.output and "imported" in result.output


def test_import_json_summary_and_reimport(db):
    path = str(DATA / "acled" / "acled_2024-07.csv")
    first = json.loads(run(db, "import", "acled", path, "-f", "json").output)
    assert first["totals"] == {
        "files": 1,
        "read": 9,
        "imported": 4,
        "duplicate": 1,
        "rejected": 4,
        "filtered": 0,
        "reasons": {"bad date": 1, "bad number": 1, "unknown event type": 1, "wrong column count": 1},
    }
    again = run(db, "import", "acled", path, "-f", "json")
    assert again.exit_code == 0
    f = json.loads(again.output)["files"][0]
    assert (f["status"], f["skipped"], f["imported"]) == ("skipped", "already imported (batch 1)", 0)


def test_import_filters(db):
    result = run(
        db,
        "import",
        "gdelt",
        str(DATA / "gdelt"),
        "--since",
        "2024-01-01",
        "--countries",
        "twn,USA",
        "-f",
        "json",
    )
    assert result.exit_code == 0
    totals = json.loads(result.output)["totals"]
    # 1.0 files: all before 2024; 2.0 file: 1003 is RUS-UKR and 1004 dated 2023 -> 5 filtered, 1001 repeated
    assert (totals["imported"], totals["filtered"], totals["duplicate"]) == (3, 5, 1)


def test_import_errors(db, tmp_path):
    assert (
        run(db, "import", "gdelt", str(tmp_path / "missing.CSV")).output
        == f"Error: {tmp_path / 'missing.CSV'} does not exist; give data files, zip archives or folders.\n"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(db, "import", "polecat", str(empty))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: No polecat data files found in {empty} (looked for .txt, .tsv, .tab, .txt.gz, .tsv.gz and .zip).\n",
    )
    result = run(db, "import", "gdelt", str(DATA / "gdelt"), "--countries", "USA,XXX")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Unknown country code(s) XXX in --countries; use ISO-3 codes like USA,CHN.\n",
    )
    result = run(db, "import", "gdelt", str(DATA / "gdelt"), "--since", "July")
    assert (result.exit_code, result.output) == (1, "Error: --since 'July' is not a date; use YYYY-MM-DD.\n")
    assert run(db, "import", "nato", str(DATA)).exit_code == 2


def test_import_nothing_valid_exits_1(db, tmp_path):
    bad = tmp_path / "bad.export.CSV"
    bad.write_text("1\t2\t3\n")
    result = run(db, "import", "gdelt", str(bad))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: nothing valid was read from {bad} (no readable rows)."
    assert "Traceback" not in result.output


def test_import_into_a_database_older_than_the_import_tables(tmp_path):
    from tracker.db import Database, migrate
    from tracker.db.migrations import MIGRATIONS

    old = Database(tmp_path / "old.duckdb")
    migrate(old, MIGRATIONS[:1])
    result = run(old, "import", "gdelt", str(DATA / "gdelt" / "20130301.export.CSV"), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["totals"]["imported"] == 1
