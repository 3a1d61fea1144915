"""Benchmark: bulk article ingest (JSONL) against a bare DuckDB read_json floor, measured in the same run.

    python bench/ingest.py [--articles 100000] [--runs 3]

Prints articles/s for `ingest_paths` (read + validate + hash + dedup + insert, what `tracker ingest` does) and for
DuckDB's own read_json_auto into a plain table (no validation, no dedup: the floor), medians of --runs.
Target (issue 2): >= 20,000 articles/s on these 2-core machines.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from tracker.db import Database
from tracker.ingest import ingest_paths
from tracker.services.setup import init_database

WORDS = ("the government said on monday that it would impose sanctions on officials over human rights abuses "
         "in the region while the foreign ministry rejected the accusations as interference").split()


def make_corpus(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = date(2018, 1, 1)
    with path.open("w") as fh:
        for i in range(n):
            body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(60, 160)))
            fh.write(json.dumps({
                "url": f"https://news.example/{i}", "title": f"Story {i}", "author": "Bench",
                "source": rnd.choice(["Wire", "Daily", "Post"]),
                "published_at": (start + timedelta(days=rnd.randint(0, 2500))).isoformat(),
                "text": f"Story number {i}. {body}.",
            }) + "\n")


def time_tracker(corpus: Path, work: Path) -> float:
    db = Database(work / f"t{time.perf_counter_ns()}.duckdb")
    init_database(db)
    t = time.perf_counter()
    report = ingest_paths(db, [corpus])
    elapsed = time.perf_counter() - t
    assert report.rejected == 0 and report.new == report.read, report.to_json()
    return elapsed


def time_floor(corpus: Path, work: Path) -> float:
    con = duckdb.connect(str(work / f"f{time.perf_counter_ns()}.duckdb"))
    t = time.perf_counter()
    con.execute(f"CREATE TABLE a AS SELECT * FROM read_json_auto('{corpus}', format='newline_delimited')")
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        make_corpus(corpus, a.articles)
        size = corpus.stat().st_size / 1e6
        tracker_s = [time_tracker(corpus, work) for _ in range(a.runs)]
        floor_s = [time_floor(corpus, work) for _ in range(a.runs)]
    t, f = statistics.median(tracker_s), statistics.median(floor_s)
    print(f"corpus: {a.articles} articles, {size:.0f} MB JSONL; medians of {a.runs} runs")
    print(f"tracker ingest_paths : {t:6.2f} s  {a.articles / t:>10,.0f} articles/s")
    print(f"duckdb read_json floor: {f:6.2f} s  {a.articles / f:>10,.0f} articles/s")
    print(f"ratio tracker/floor  : {t / f:6.2f}x   target: >= 20,000 articles/s -> {'met' if a.articles / t >= 20_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
