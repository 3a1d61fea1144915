"""The command line through CliRunner: exact outputs and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tests.conftest import SEED_ARTICLE
from tracker.cli.main import app


@pytest.fixture
def run(db_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DB", raising=False)
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, ["--db", str(db_path), *args], input=input)

    return invoke


@pytest.fixture
def ready(run):
    assert run("init").exit_code == 0
    return run


def test_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for cmd in ("init", "ingest", "code", "events", "sql", "export", "stats", "dashboard"):
        assert f"  {cmd} " in result.output


def test_init_then_init_again_upgrades_nothing(run, db_path):
    first = run("init")
    assert first.exit_code == 0
    assert first.output.startswith(f"Database {db_path} is ready. Migrations applied: 0001_initial")
    again = run("init")
    assert again.output.splitlines()[0] == f"Database {db_path} is ready. Migrations applied: none (already current)."


def test_commands_on_a_missing_database_say_what_to_do(run, db_path):
    result = run("events", "list")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {db_path} does not exist; create it with `tracker --db {db_path} init`.\n"


def test_ingest_summary_and_exit_codes(ready, tmp_path):
    result = ready("ingest", str(SEED_ARTICLE))
    assert (result.exit_code, result.stdout) == (0, "read 1, new 1, duplicate 0, rejected 0\n")
    result = ready("ingest", str(SEED_ARTICLE))
    assert (result.exit_code, result.stdout) == (0, "read 1, new 0, duplicate 1, rejected 0\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{oops\n')
    result = ready("ingest", str(bad))
    assert result.exit_code == 0
    assert result.stdout == "read 2, new 1, duplicate 0, rejected 1\n"
    assert f"rejected {bad}:2: broken JSON" in result.stderr
    strict = ready("ingest", "--strict", str(bad))
    assert strict.exit_code == 1 and "Error: 1 records were rejected (--strict)" in strict.stderr
    only_bad = tmp_path / "only.jsonl"
    only_bad.write_text("{oops\n")
    result = ready("ingest", str(only_bad))
    assert result.exit_code == 1 and "Error: nothing valid was read (1 records rejected)" in result.stderr
    missing = ready("ingest", str(tmp_path / "nope.txt"))
    assert (missing.exit_code, missing.stderr) == (1, f"Error: {tmp_path / 'nope.txt'} does not exist; check the path.\n")


def test_events_add_and_list_in_three_formats(ready):
    ready("ingest", str(SEED_ARTICLE))
    added = ready("events", "add", "--actor", "USAGOV", "--target", "CHNGOV", "--code", "1122", "--date",
                  "2024-07-02", "--issue", "human_rights,organ_harvesting", "--article", "1",
                  "--evidence", "The US accused the CCP.", "--user", "carol")
    assert (added.exit_code, added.stdout) == (0, "1\n")
    as_json = json.loads(ready("events", "list", "--format", "json").stdout)
    assert as_json == [{
        "id": 1, "date": "2024-07-02", "actor": "USAGOV", "target": "CHNGOV", "code": "1122",
        "issues": ["human_rights", "organ_harvesting"], "goldstein": -2.0, "quad_class": 3, "status": "accepted",
        "article_id": 1, "evidence": "The US accused the CCP.", "dataset": "manual",
    }]
    rows = list(csv.reader(io.StringIO(ready("events", "list", "--format", "csv").stdout)))
    assert rows[0] == ["id", "date", "actor", "target", "code", "issues", "goldstein", "quad_class", "status",
                       "article_id", "evidence", "dataset"]
    assert rows[1] == ["1", "2024-07-02", "USAGOV", "CHNGOV", "1122", "human_rights,organ_harvesting", "-2", "3",
                       "accepted", "1", "The US accused the CCP.", "manual"]
    table = ready("events", "list").stdout
    assert "USAGOV" in table and "1122" in table
    assert json.loads(ready("events", "list", "--actor", "CHN", "-f", "json").stdout) == []
    assert len(json.loads(ready("events", "list", "--issue", "human_rights", "-f", "json").stdout)) == 1
    assert ready("events", "retract", "1", "--reason", "test").stdout == "retracted 1\n"
    assert json.loads(ready("events", "list", "-f", "json").stdout) == []
    hist = json.loads(ready("events", "history", "1", "-f", "json").stdout)
    assert [h["action"] for h in hist] == ["create", "retract"] and hist[0]["user_name"] == "carol"


def test_events_add_refuses_bad_input_with_a_sentence(ready):
    bad_code = ready("events", "add", "--actor", "USAGOV", "--code", "999", "--date", "2024-07-02")
    assert bad_code.exit_code == 1
    assert bad_code.stderr.startswith("Error: code: Value error, '999' is not a CAMEO event code")
    bad_date = ready("events", "list", "--since", "yesterday")
    assert (bad_date.exit_code, bad_date.stderr) == (1, "Error: --since 'yesterday' is not a date; use YYYY-MM-DD.\n")


def test_sql_reads_and_refuses(ready):
    ok = ready("sql", "SELECT code, goldstein FROM event_type WHERE code IN ('016', '163') ORDER BY code", "-f", "csv")
    assert (ok.exit_code, ok.stdout) == (0, "code,goldstein\n016,-2\n163,-8\n")
    as_json = ready("sql", "SELECT code FROM event_type WHERE code = '1122'", "-f", "json")
    assert json.loads(as_json.stdout) == [{"code": "1122"}]
    for query, message in [
        ("DELETE FROM event", "this is a DELETE statement"),
        ("SELECT 1; SELECT 2", "Only one statement per query is allowed (2 found)"),
        ("SELECT * FROM read_csv('/etc/passwd')", "no access to server files"),
        ("WITH d AS (DELETE FROM event RETURNING *) SELECT * FROM d", "the query tries to write"),
        ("ATTACH '/tmp/x.duckdb'", "this is a ATTACH statement"),
    ]:
        result = ready("sql", query)
        assert result.exit_code == 1, query
        assert result.stderr.startswith("Error: ") and message in result.stderr, (query, result.stderr)
    slow = ready("sql", "SELECT count(*) FROM range(1000000000000)", "--timeout", "0.5")
    assert slow.exit_code == 1 and "time limit" in slow.stderr
    capped = ready("sql", "SELECT * FROM range(100)", "--max-rows", "5", "-f", "csv")
    assert capped.stdout.splitlines() == ["range", "0", "1", "2", "3", "4"]
    assert "row cap of 5 rows" in capped.stderr


def test_stats_and_export(ready, tmp_path):
    ready("ingest", str(SEED_ARTICLE))
    stats = json.loads(ready("stats", "-f", "json").stdout)
    assert stats["tables"]["article"] == 1 and stats["tables"]["event_type"] == 312
    out = tmp_path / "export"
    result = ready("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    assert f"article: 1 rows -> {out / 'article.csv'}" in result.stdout
    assert (out / "events_enriched.csv").read_text().startswith("event_id,event_date,status")
    bad = ready("export", "--format", "xls", "--out", str(out))
    assert (bad.exit_code, bad.stderr) == (1, "Error: Unknown export format 'xls'; use parquet, csv or jsonl.\n")
