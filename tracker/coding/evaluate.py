"""Scoring the coder against a gold file: precision, recall and F1 with one-to-one matching, at two levels.

Gold lines: {"id", "date", "text", "events": [{"source": "USA", "target": "CHN", "code": "112"}]}, where any of
source, target and code may list alternatives ("02|10"). Root level compares the first three characters of the
actor codes and the two-digit CAMEO root; full level compares the codes as written.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.errors import InputError

LEVELS = ("root", "full")
NONE = "none"


@dataclass
class LevelScore:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    exact_rows: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self, rows: int) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
            "exact_sentences": round(self.exact_rows / rows, 4) if rows else 0.0,
        }


@dataclass
class EvalReport:
    rows: int = 0
    levels: dict[str, LevelScore] = field(default_factory=lambda: {lv: LevelScore() for lv in LEVELS})
    confusion: Counter = field(default_factory=Counter)  # (gold root, predicted root) -> count
    coder_version: str = ""

    def to_json(self) -> dict:
        return {
            "coder": self.coder_version,
            "sentences": self.rows,
            **{lv: s.to_json(self.rows) for lv, s in self.levels.items()},
            "confusion": [
                {"gold": g, "predicted": p, "count": c} for (g, p), c in sorted(self.confusion.items())
            ],
        }

    def render_table(self) -> str:
        lines = [
            f"coder {self.coder_version}, {self.rows} sentences",
            "",
            f"{'level':<6} {'precision':>9} {'recall':>7} {'f1':>6} {'matched':>7} {'predicted':>9} "
            f"{'gold':>5} {'exact':>6}",
        ]
        for lv, s in self.levels.items():
            j = s.to_json(self.rows)
            lines.append(
                f"{lv:<6} {j['precision']:>9.3f} {j['recall']:>7.3f} {j['f1']:>6.3f} {s.matched:>7} "
                f"{s.predicted:>9} {s.gold:>5} {j['exact_sentences']:>6.3f}"
            )
        lines += ["", "confusion of root codes (rows: gold, columns: predicted; 'none' = no event)"]
        labels = sorted({g for g, _ in self.confusion} | {p for _, p in self.confusion})
        lines.append("gold\\pred " + " ".join(f"{lab:>4}" for lab in labels))
        for g in labels:
            lines.append(f"{g:>9} " + " ".join(f"{self.confusion.get((g, p), 0) or '.':>4}" for p in labels))
        return "\n".join(lines)


def read_gold(lines: Iterable[str]) -> list[dict]:
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            datetime.date.fromisoformat(row["date"])
            if not isinstance(row["text"], str) or not isinstance(row["events"], list):
                raise TypeError
            for e in row["events"]:
                if not isinstance(e.get("source"), str) or not isinstance(e.get("code"), str):
                    raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(
                f"gold line {n} is not a JSON object with id, date (YYYY-MM-DD), text and events "
                "[{source, target, code}]; fix that line."
            ) from None
        rows.append(row)
    return rows


def evaluate(gold_rows: Iterable[dict], coder) -> EvalReport:
    report = EvalReport(coder_version=coder.version)
    for row in gold_rows:
        report.rows += 1
        predicted = coder.code(row["text"], datetime.date.fromisoformat(row["date"]), row.get("title"))
        pred = [(e.actor, e.target, e.code) for e in predicted]
        gold = [_alternatives(e) for e in row["events"]]
        for lv in LEVELS:
            p = [_project(x, lv) for x in pred]
            g = [tuple({_cut(v, part, lv) for v in alts} for part, alts in enumerate(e)) for e in gold]
            matched = _match(p, g, lambda a, b: all(a[i] in b[i] for i in range(3)))
            s = report.levels[lv]
            s.matched += len(matched)
            s.predicted += len(p)
            s.gold += len(g)
            s.exact_rows += len(matched) == len(p) == len(g)
        _confuse(report.confusion, [_project(x, "root") for x in pred], gold)
    return report


def _alternatives(e: dict) -> tuple:
    target = e.get("target") or ""
    return (
        tuple(e["source"].split("|")),
        tuple(t or None for t in target.split("|")),
        tuple(e["code"].split("|")),
    )


def _cut(value: str | None, part: int, level: str) -> str | None:
    if value is None or level == "full":
        return value
    return value[:2] if part == 2 else value[:3]


def _project(x: tuple, level: str) -> tuple:
    return tuple(_cut(v, i, level) for i, v in enumerate(x))


def _match(pred: list, gold: list, ok) -> list[tuple[int, int]]:
    """Maximum one-to-one matching (augmenting paths; event sets per sentence are tiny)."""
    owner: dict[int, int] = {}

    def assign(i: int, seen: set) -> bool:
        for j, g in enumerate(gold):
            if j in seen or not ok(pred[i], g):
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(pred)):
        assign(i, set())
    return [(i, j) for j, i in owner.items()]


def _confuse(confusion: Counter, pred: list, gold: list) -> None:
    """Pair events by their (source, target) countries, then count (gold root, predicted root)."""
    g_root = [tuple({_cut(v, k, "root") for v in alts} for k, alts in enumerate(e)) for e in gold]
    pairs = _match(pred, g_root, lambda a, b: a[0] in b[0] and a[1] in b[1])
    used_p, used_g = set(), set()
    for i, j in pairs:
        codes = g_root[j][2]
        g = pred[i][2] if pred[i][2] in codes else sorted(codes)[0]
        confusion[(g, pred[i][2])] += 1
        used_p.add(i)
        used_g.add(j)
    for j, e in enumerate(g_root):
        if j not in used_g:
            confusion[(sorted(e[2])[0], NONE)] += 1
    for i, p in enumerate(pred):
        if i not in used_p:
            confusion[(NONE, p[2])] += 1
