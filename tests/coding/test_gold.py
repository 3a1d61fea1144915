"""Accuracy on the tuning gold sets must not fall below the level measured when these rules were tuned.

The held-out set (tests/gold/heldout2a.jsonl, heldout2b.jsonl) is deliberately not scored here: it is run only
to report a result (tests/gold/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.coding.evaluate import evaluate, read_gold

GOLD = Path(__file__).resolve().parents[1] / "gold"

# (file, minimum sentences, root F1 floor, full F1 floor). Measured with `tracker eval tests/gold/<file>` on
# 2026-11-29 (session 2): dev 0.913 / 0.798, dev2 0.810 / 0.703, heldout (retired, now tuning) 0.684 / 0.549,
# dev3 0.708 / 0.533, dev4 0.744 / 0.556, dev5 0.653 / 0.502. The floors sit about 0.02 below; raise them
# when the coder improves.
FLOORS = [
    ("dev.jsonl", 200, 0.89, 0.78),
    ("dev2.jsonl", 120, 0.79, 0.68),
    ("heldout.jsonl", 80, 0.66, 0.53),
    ("dev3.jsonl", 150, 0.69, 0.51),
    ("dev4.jsonl", 170, 0.72, 0.53),
    ("dev5.jsonl", 170, 0.63, 0.48),
]


@pytest.mark.parametrize(("name", "rows", "root_floor", "full_floor"), FLOORS, ids=[f[0] for f in FLOORS])
def test_tuning_set_f1_stays_above_the_measured_floor(coder, name, rows, root_floor, full_floor):
    report = evaluate(read_gold((GOLD / name).open(encoding="utf-8")), coder)
    assert report.rows >= rows
    assert report.levels["root"].f1 >= root_floor, report.render_table()
    assert report.levels["full"].f1 >= full_floor, report.render_table()
