"""Longer load run: coders saving through the form functions in real processes, alone and then while a
`tracker import` and a `tracker ingest` run, on one database file. Prints saves/s and waits for both runs
and their ratio; checks that every save landed exactly once.

    .venv/bin/python bench/concurrency.py [--coders 5] [--saves 60] [--gdelt-rows 200000] [--articles 20000]

Not part of the test suite (tests/reliability/test_concurrency.py is its short, asserted version).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.processes import (  # noqa: E402
    articles_file,
    gdelt_file,
    json_lines,
    start_coder,
    start_tracker,
)
from tracker.db import Database  # noqa: E402
from tracker.services.setup import init_database  # noqa: E402
from tracker.settings import Settings  # noqa: E402


def run(db_path: Path, coders: int, saves: int, inputs: Path | None) -> dict:
    start = time.perf_counter()
    procs = [start_coder(db_path, k, saves) for k in range(coders)]
    others = []
    if inputs is not None:
        others = [start_tracker(db_path, "import", "gdelt", str(inputs / "gdelt")),
                  start_tracker(db_path, "ingest", str(inputs / "articles.jsonl"))]
    outputs = [p.communicate() for p in procs]
    coders_done = time.perf_counter() - start
    other_out = [p.communicate() for p in others]
    failed = [err for p, (_, err) in zip(procs + others, outputs + other_out, strict=True) if p.returncode]
    saves_done = [r for out, _ in outputs for r in json_lines(out) if "marker" in r]
    waits = sorted(r["seconds"] for r in saves_done)
    db = Database(db_path, Settings.from_env(environ={}, db_path=db_path))
    dup = db.query_df("SELECT count(*) - count(DISTINCT evidence) FROM event WHERE evidence LIKE 'coder%'")
    return {"saves": len(saves_done), "seconds": coders_done, "per_s": len(saves_done) / coders_done,
            "median": statistics.median(waits), "p95": waits[int(0.95 * (len(waits) - 1))], "max": waits[-1],
            "retries": sum(r["tries"] - 1 for r in saves_done), "failed": len(failed),
            "duplicates": int(dup.iloc[0, 0]), "others": time.perf_counter() - start}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coders", type=int, default=5)
    ap.add_argument("--saves", type=int, default=60)
    ap.add_argument("--gdelt-rows", type=int, default=200_000)
    ap.add_argument("--articles", type=int, default=20_000)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        inputs = folder / "inputs"
        (inputs / "gdelt").mkdir(parents=True)
        half = args.gdelt_rows // 2
        gdelt_file(inputs / "gdelt" / "20240701000000.export.CSV", half, 1)
        gdelt_file(inputs / "gdelt" / "20240701001500.export.CSV", half, 1 + half)
        articles_file(inputs / "articles.jsonl", args.articles)
        template = folder / "template.duckdb"
        init_database(Database(template, Settings.from_env(environ={}, db_path=template)))
        results = {}
        for name, with_load in (("coders alone", False), ("with import + ingest", True)):
            db_path = folder / f"{name.replace(' ', '_')}.duckdb"
            shutil.copyfile(template, db_path)
            results[name] = run(db_path, args.coders, args.saves, inputs if with_load else None)
        print(f"{args.coders} coders x {args.saves} saves; import {args.gdelt_rows} GDELT rows and ingest "
              f"{args.articles} articles in the loaded run")
        for name, r in results.items():
            print(f"  {name:22s} {r['saves']} saves in {r['seconds']:.1f} s = {r['per_s']:.1f} saves/s; "
                  f"wait median {r['median'] * 1000:.0f} ms, p95 {r['p95']:.2f} s, max {r['max']:.2f} s; "
                  f"busy retries {r['retries']}; failed processes {r['failed']}; "
                  f"duplicate saves {r['duplicates']}")
        alone, loaded = results["coders alone"], results["with import + ingest"]
        print(f"  ratio loaded/alone: saves/s {loaded['per_s'] / alone['per_s']:.2f}, "
              f"longest wait {loaded['max'] / alone['max']:.1f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
