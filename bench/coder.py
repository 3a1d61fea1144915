"""Benchmark of the automatic coder: dictionary load time and sentences coded per second on one core.

    .venv/bin/python bench/coder.py [--runs 5] [--sentences 20000]

Corpus: the seed articles (seeds/*.txt, seeds/corpus/*.txt) and, when present, the texts of tests/gold/dev.jsonl,
repeated until the requested number of sentences. Baseline measured in the same run: sentence splitting and
tokenising alone (the part of the work every coder must do), so the ratio shows what the coding itself costs.
Times are CPU time of this process (one core), so other work on the machine does not distort them; wall-clock
figures are printed alongside. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from datetime import date
from pathlib import Path

from tracker.coding import Coder
from tracker.coding.text import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[tuple[str, date]]:
    docs = []
    for path in sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("seeds/corpus/*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        m = re.match(r"(\d{4}-\d{2}-\d{2})", path.name)
        body = "\n".join(line.strip() for line in lines[3:])
        docs.append((body, date.fromisoformat(m.group(1)) if m else date(2024, 1, 1)))
    dev = ROOT / "tests" / "gold" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs.append((row["text"], date.fromisoformat(row["date"])))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sentences", type=int, default=20000)
    args = ap.parse_args()

    loads, load_cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        coder = Coder.load()
        loads.append(time.perf_counter() - t0)
        load_cpu.append(time.process_time() - c0)

    base = corpus()
    per_doc = [len(split_sentences(text)) for text, _ in base]
    docs, n = [], 0
    while n < args.sentences:
        for (text, day), k in zip(base, per_doc):
            docs.append((text, day))
            n += k
    coding, baseline, coding_wall, events = [], [], [], 0
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        events = sum(len(coder.code(text, day)) for text, day in docs)
        coding.append(time.process_time() - c0)
        coding_wall.append(time.perf_counter() - t0)
        c0 = time.process_time()
        for text, _ in docs:
            for a, b in split_sentences(text):
                tokenize(text[a:b], a)
        baseline.append(time.process_time() - c0)

    code_s, base_s = statistics.median(coding), statistics.median(baseline)
    print(f"coder {coder.version}")
    print(
        f"dictionary load: {statistics.median(loads) * 1000:.0f} ms wall, "
        f"{statistics.median(load_cpu) * 1000:.0f} ms CPU (median of {args.runs}; min {min(loads) * 1000:.0f} ms)"
    )
    print(f"corpus: {len(docs)} documents, {n} sentences, {events} events per pass")
    print(
        f"coding: {n / code_s:,.0f} sentences/s of CPU time on one core (median of {args.runs} passes, "
        f"{code_s:.2f} s CPU per pass; {n / statistics.median(coding_wall):,.0f}/s wall clock)"
    )
    print(
        f"baseline (split + tokenise only): {n / base_s:,.0f} sentences/s; coding costs "
        f"{code_s / base_s:.1f}x the baseline"
    )


if __name__ == "__main__":
    main()
