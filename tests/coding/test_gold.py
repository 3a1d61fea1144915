"""Accuracy on the development gold set must not fall below the level measured when these rules were tuned."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.coding.evaluate import evaluate, read_gold

DEV = Path(__file__).resolve().parents[1] / "gold" / "dev.jsonl"
# Measured with `tracker eval tests/gold/dev.jsonl`; raise them when the coder improves.
ROOT_F1_FLOOR = 0.85
FULL_F1_FLOOR = 0.75


@pytest.mark.skipif(not DEV.exists(), reason="tests/gold/dev.jsonl is not there")
def test_dev_f1_stays_above_the_measured_floor(coder):
    report = evaluate(read_gold(DEV.open(encoding="utf-8")), coder)
    assert report.rows >= 200
    assert report.levels["root"].f1 >= ROOT_F1_FLOOR, report.render_table()
    assert report.levels["full"].f1 >= FULL_F1_FLOOR, report.render_table()
