"""`tracker extract` and `tracker eval` through Typer's CliRunner: exact output and exit codes."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli.coding import register


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()

    @app.callback()
    def cb():
        pass

    register(app)
    return app


@pytest.fixture
def runner():
    return CliRunner()


LINE = {
    "id": "a1",
    "date": "2021-03-22",
    "text": "Amnesty International accused Chinese authorities of crimes against humanity on Monday.",
}


def test_extract_one_output_line_per_input_line(app, runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps(LINE) + "\n" + json.dumps({"id": 2, "date": "2021-03-22", "text": "Rain."}) + "\n"
    )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        json.dumps(
            {
                "id": "a1",
                "events": [
                    {
                        "actor": "NGOHRIAMN",
                        "target": "CHNGOV",
                        "code": "1122",
                        "issues": ["human_rights"],
                        "date": "2021-03-22",
                        "evidence": LINE["text"],
                        "confidence": 0.9,
                    }
                ],
            }
        ),
        json.dumps({"id": 2, "events": []}),
    ]
    assert result.stderr == ""


def test_extract_reads_stdin_and_reports_bad_lines(app, runner):
    stdin = (
        "\n".join(
            [
                "{broken",
                json.dumps({"id": "x", "date": "22/03/2021", "text": "t"}),
                json.dumps({"id": "y", "date": "2021-03-22"}),
                json.dumps(LINE),
            ]
        )
        + "\n"
    )
    result = runner.invoke(app, ["extract", "-"], input=stdin)
    assert result.exit_code == 0
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert out[:3] == [
        {"id": None, "events": [], "error": "the line is not valid JSON"},
        {"id": "x", "events": [], "error": "'date' '22/03/2021' is not YYYY-MM-DD"},
        {"id": "y", "events": [], "error": "'text' is missing or not a string"},
    ]
    assert out[3]["events"][0]["code"] == "1122"
    assert result.stderr == '3 input line(s) could not be coded; see their "error" field.\n'


def test_extract_explain_adds_the_reasons(app, runner):
    result = runner.invoke(app, ["extract", "--explain"], input=json.dumps(LINE) + "\n")
    [event] = json.loads(result.stdout)["events"]
    assert event["explain"]["actor_phrase"] == "Amnesty International"
    assert event["explain"]["target_phrase"] == "Chinese authorities"
    assert event["explain"]["date_phrase"] == "on Monday"


def test_extract_missing_file_is_an_error(app, runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot read {tmp_path / 'none.jsonl'}: No such file or directory.\n"


def test_extract_with_user_dictionary_option_and_environment(app, runner, tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"actors": [{"phrase": "Ruritania", "code": "RUR"}]}))
    line = json.dumps({"id": 1, "date": "2024-01-01", "text": "Ruritania condemned China."}) + "\n"
    plain = runner.invoke(app, ["extract"], input=line, env={"TRACKER_CODER_DICTS": ""})
    assert json.loads(plain.stdout)["events"] == []
    for args, env in (
        (["extract", "--dict", str(mine)], {}),
        (["extract"], {"TRACKER_CODER_DICTS": str(mine)}),
    ):
        result = runner.invoke(app, args, input=line, env=env)
        assert [e["actor"] for e in json.loads(result.stdout)["events"]] == ["RURGOV"]
    bad = runner.invoke(app, ["extract", "--dict", str(tmp_path / "no.json")], input=line)
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: Dictionary file")


def test_eval_table_and_json(app, runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        dict(LINE, events=[{"source": "NGOHRIAMN", "target": "CHNGOV|CHN", "code": "1122"}]),
        {
            "id": "b",
            "date": "2021-03-22",
            "text": "Japan condemned North Korea.",
            "events": [{"source": "JPNGOV|JPN", "target": "PRK", "code": "112"}],
        },
        {"id": "c", "date": "2021-03-22", "text": "Oil prices rose.", "events": []},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["eval", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["root"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "matched": 2,
        "predicted": 2,
        "gold": 2,
        "exact_sentences": 1.0,
    }
    assert report["full"]["matched"] == 1 and report["full"]["exact_sentences"] == 0.6667
    assert {"gold": "11", "predicted": "11", "count": 2} in report["confusion"]
    table = runner.invoke(app, ["eval", str(gold)])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[3].split() == ["root", "1.000", "1.000", "1.000", "2", "2", "2", "1.000"]


def test_eval_bad_gold_and_format(app, runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": 1, "text": "x"}\n')
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: gold line 1 is not a JSON object")
    result = runner.invoke(app, ["eval", str(gold), "--format", "xml"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --format 'xml' is not supported; use table or json.\n",
    )
