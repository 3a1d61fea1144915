"""Accuracy on the development gold set must not fall below the level measured when these rules were tuned."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.coding.evaluate import evaluate, read_gold

DEV = Path(__file__).resolve().parents[1] / "gold" / "dev.jsonl"
DEV2 = Path(__file__).resolve().parents[1] / "gold" / "dev2.jsonl"  # second tuning set, other wording
# Measured with `tracker eval tests/gold/dev.jsonl` (0.886 / 0.785) and `... dev2.jsonl` (0.777 / 0.683);
# raise them when the coder improves.
ROOT_F1_FLOOR = 0.88
FULL_F1_FLOOR = 0.78
DEV2_ROOT_F1_FLOOR = 0.77
DEV2_FULL_F1_FLOOR = 0.67


@pytest.mark.skipif(not DEV.exists(), reason="tests/gold/dev.jsonl is not there")
def test_dev_f1_stays_above_the_measured_floor(coder):
    report = evaluate(read_gold(DEV.open(encoding="utf-8")), coder)
    assert report.rows >= 200
    assert report.levels["root"].f1 >= ROOT_F1_FLOOR, report.render_table()
    assert report.levels["full"].f1 >= FULL_F1_FLOOR, report.render_table()


@pytest.mark.skipif(not DEV2.exists(), reason="tests/gold/dev2.jsonl is not there")
def test_dev2_f1_stays_above_the_measured_floor(coder):
    report = evaluate(read_gold(DEV2.open(encoding="utf-8")), coder)
    assert report.rows >= 120
    assert report.levels["root"].f1 >= DEV2_ROOT_F1_FLOOR, report.render_table()
    assert report.levels["full"].f1 >= DEV2_FULL_F1_FLOOR, report.render_table()
