"""Accuracy on the tuning gold sets must not fall below the level measured when these rules were tuned.

The held-out sets (tests/gold/heldout2a/2b.jsonl, heldout3a/3b.jsonl) are deliberately not scored here: they are
run only to report a result (tests/gold/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.coding.evaluate import evaluate, read_gold

GOLD = Path(__file__).resolve().parents[1] / "gold"

# (file, minimum sentences, root F1 floor, full F1 floor). Measured with `tracker eval tests/gold/<file>` on
# 2026-11-29 (session 3): dev 0.909 / 0.798, dev2 0.800 / 0.693, heldout (retired, now tuning) 0.718 / 0.585,
# dev3 0.736 / 0.586, dev4 0.763 / 0.566, dev5 0.679 / 0.506, dev6 0.705 / 0.532, dev7 0.719 / 0.536,
# dev8 0.658 / 0.537, lexicon 0.835 / 0.599, lexicon2 0.730 / 0.519, lexicon3 0.752 / 0.511. The floors sit
# about 0.02 below; raise them when the coder improves.
FLOORS = [
    ("dev.jsonl", 200, 0.89, 0.78),
    ("dev2.jsonl", 120, 0.78, 0.67),
    ("heldout.jsonl", 80, 0.70, 0.56),
    ("dev3.jsonl", 150, 0.71, 0.56),
    ("dev4.jsonl", 170, 0.74, 0.54),
    ("dev5.jsonl", 170, 0.66, 0.48),
    ("dev6.jsonl", 150, 0.68, 0.51),
    ("dev7.jsonl", 150, 0.70, 0.51),
    ("dev8.jsonl", 150, 0.63, 0.51),
    ("lexicon.jsonl", 400, 0.81, 0.58),
    ("lexicon2.jsonl", 400, 0.71, 0.50),
    ("lexicon3.jsonl", 400, 0.73, 0.49),
]


@pytest.mark.parametrize(("name", "rows", "root_floor", "full_floor"), FLOORS, ids=[f[0] for f in FLOORS])
def test_tuning_set_f1_stays_above_the_measured_floor(coder, name, rows, root_floor, full_floor):
    report = evaluate(read_gold((GOLD / name).open(encoding="utf-8")), coder)
    assert report.rows >= rows
    assert report.levels["root"].f1 >= root_floor, report.render_table()
    assert report.levels["full"].f1 >= full_floor, report.render_table()
