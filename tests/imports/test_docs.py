"""docs/imports.md shows the mapping tables as they are in tracker/imports/data."""

from __future__ import annotations

from pathlib import Path

from tracker.imports.lookups import data_rows

DOC = (Path(__file__).resolve().parents[2] / "docs" / "imports.md").read_text()


def test_acled_table_is_documented():
    for r in data_rows("acled_event_types.csv"):
        sub = r["sub_event_type"] or "(other or missing)"
        row = (
            f"| {r['event_type']} | {sub} | {r['cameo_code']} | {r['plover_type']} | {r['plover_mode']} "
            f"| {r['why']} |"
        )
        assert row in DOC, row


def test_plover_table_is_documented():
    for r in data_rows("plover_cameo.csv"):
        if r["plover_type"] in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"):
            assert r["plover_type"] in DOC
            continue
        entry = f"{r['plover_mode'] or '(none)'} → {r['cameo_code']}"
        line = next(x for x in DOC.splitlines() if x.startswith(f"| {r['plover_type']} |"))
        assert entry in line, (r, line)


def test_commands_and_reasons_are_documented():
    for text in (
        "tracker import gdelt|icews|acled|polecat",
        "tracker fetch gdelt",
        "TRACKER_GDELT_BASE_URL",
        "events_oneaday",
        "wrong column count",
        "bad encoding",
        "bad date",
        "bad number",
        "unknown event type",
        "unknown event code",
        "missing event code",
    ):
        assert text in DOC, text
