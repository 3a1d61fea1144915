"""Benchmark of the dashboard's queries on a million events: the timeline of a topic and the explorer's page.

    .venv/bin/python bench/dashboard.py [--events 1000000] [--runs 7] [--rebuild] [--browser] [--db FILE]

Builds (once; kept in bench/out/) a database of synthetic events written with bulk SQL, 40 % of them on a
human-rights issue. Each query is timed through the library (what a page calls: open the file in guarded mode,
run, convert to pandas, close) and, as the baseline, the SAME SQL text and parameters on one raw DuckDB
connection kept open (no open/close, Arrow result). Medians of --runs runs after one warm-up run.
--browser also starts `streamlit run` on the file and times the first chart in Debian's chromium.
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from tracker.db import Database
from tracker.ontology import event_types
from tracker.queries.explorer import ExplorerFilter, explorer_count, explorer_page
from tracker.queries.timeline import topic_counts, topic_events
from tracker.services.setup import init_database
from tracker.services.topics import PRESETS, US_CHINA_HUMAN_RIGHTS
from tracker.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
COUNTRIES = ["USA", "CHN", "HKG", "RUS", "UKR", "GBR", "FRA", "DEU", "IND", "JPN", "IRN", "ISR", "TWN", "PRK",
             "KOR", "AUS", "CAN", "BRA", "TUR", "SAU"]
WEIGHTS = np.array([12, 10, 3, 8, 6, 4, 3, 3, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2], dtype=float)
SECTORS = ["", "GOV", "MIL", "GOV", "MED", "COP"]
ISSUES = ["human_rights", "xinjiang_uyghurs", "hong_kong", "tibet", "trade", "taiwan", "technology",
          "sanctions"]


class _RecordingConnection:
    def __init__(self, conn, log):
        self._conn, self._log = conn, log

    def execute(self, sql, params=None):
        self._log.append((sql, params))
        return self._conn.execute(sql, params)

    def sql(self, sql, params=None):
        self._log.append((sql, params))
        return self._conn.sql(sql, params=params)


class RecordingDatabase(Database):
    """A Database that remembers the SQL and parameters of the queries run through it (to replay them raw)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.log: list[tuple[str, list]] = []

    @contextmanager
    def connect(self):
        with super().connect() as conn:
            yield _RecordingConnection(conn, self.log)


def build(path: Path, n: int, seed: int = 20261129) -> None:
    """Init the file and bulk-insert ``n`` synthetic events and their issues (Arrow → INSERT ... SELECT)."""
    path.unlink(missing_ok=True)
    db = Database(path, Settings.from_env(environ={}, db_path=path))
    init_database(db)
    rng = np.random.default_rng(seed)
    codes = [c for c, r in event_types().items() if r["level"] > 0]
    code = rng.choice(codes, n)
    p = WEIGHTS / WEIGHTS.sum()
    a_c, t_c = rng.choice(COUNTRIES, n, p=p), rng.choice(COUNTRIES, n, p=p)
    clash = a_c == t_c
    t_c[clash] = np.where(a_c[clash] == "USA", "CHN", "USA")
    a_s, t_s = rng.choice(SECTORS, n), rng.choice(SECTORS, n)
    day0 = np.datetime64("2015-01-01")
    events = pa.table({
        "event_date": (day0 + rng.integers(0, 3650, n).astype("timedelta64[D]")).astype("datetime64[D]"),
        "actor_code": np.char.add(a_c, a_s), "target_code": np.char.add(t_c, t_s),
        "actor_country": a_c, "target_country": t_c, "code": code,
        "status": rng.choice(["accepted", "proposed", "rejected"], n, p=[0.7, 0.25, 0.05]),
        "dataset": rng.choice(["gdelt", "icews", "auto"], n, p=[0.6, 0.3, 0.1]),
        "evidence": np.char.add("Synthetic report number ", np.arange(n).astype(str)),
    })
    with db.transaction() as conn:
        conn.register("_incoming", events)
        conn.execute("""
            INSERT INTO event (event_date, actor_code, target_code, actor_country, target_country, code,
                               root_code, goldstein, quad_class, status, coder, dataset, directed, evidence,
                               created_at, updated_at)
            SELECT i.event_date, i.actor_code, i.target_code, i.actor_country, i.target_country, i.code,
                   et.root_code, et.goldstein, et.quad_class, i.status, 'bench', i.dataset, TRUE, i.evidence,
                   current_timestamp, current_timestamp
            FROM _incoming i JOIN event_type et ON et.code = i.code""")
        ids = conn.execute("SELECT id FROM event ORDER BY id").fetchnumpy()["id"]
        pick = rng.random(len(ids)) < 0.6
        issue = rng.choice(ISSUES, int(pick.sum()), p=[.25, .1, .1, .05, .2, .1, .1, .1])
        links = pa.table({"event_id": ids[pick], "issue_code": issue})
        conn.register("_links", links)
        conn.execute("INSERT INTO event_issue SELECT event_id, issue_code FROM _links")
    with db.connect() as conn:
        conn.execute("CHECKPOINT")


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def compare(name: str, call, path: Path, runs: int) -> None:
    """Median of the library call, and of its recorded SQL replayed on an open raw connection."""
    settings = Settings.from_env(environ={}, db_path=path)
    db = RecordingDatabase(path, settings, guarded=True)
    lib = median_ms(lambda: call(db), runs)
    db.log.clear()
    rows = call(db)
    recorded = list(db.log)
    conn = duckdb.connect(str(path), read_only=True)
    try:
        raw = median_ms(
            lambda: [conn.sql(sql, params=params or None).to_arrow_table() for sql, params in recorded], runs)
    finally:
        conn.close()
    size = len(rows) if hasattr(rows, "__len__") else rows
    verdict = "OK" if lib < 300 else "OVER 300 ms"
    print(f"{name:<48} {lib:8.1f} ms {raw:8.1f} ms {lib / raw:6.2f}x  rows={size:<6} {verdict}")


#: the browser baseline: Streamlit drawing one tiny Plotly chart (its own cost of loading Plotly.js)
TINY_APP = """import plotly.graph_objects as go
import streamlit as st
st.title("Baseline")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 5, 2])))
"""


def first_chart_seconds(app: Path, db_path: Path, runs: int = 4) -> list[float]:
    """Seconds from page.goto to the first Plotly bars drawn, per run (a new browser page each time)."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.dashboards.conftest import CHROMIUM, CHROMIUM_FLAGS, _wait_healthy, free_port

    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    proc = subprocess.Popen(cmd, env=dict(os.environ, TRACKER_DB=str(db_path)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    times = []
    try:
        _wait_healthy(url, proc, 60)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for _ in range(runs):     # run 1 pays the imports and the queries; later runs hit st.cache_data
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg .barlayer', state="attached",
                                       timeout=120_000)
                times.append(time.perf_counter() - t0)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return times


def browser_figures(db_path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.py"
        tiny.write_text(TINY_APP)
        base = first_chart_seconds(tiny, db_path)
    app = first_chart_seconds(ROOT / "dashboards" / "app.py", db_path)
    print("first chart in Chromium after page.goto (s), runs 1..n (run 1 cold):")
    print(f"  timeline (landing page)   {'  '.join(f'{t:5.2f}' for t in app)}   warm median "
          f"{statistics.median(app[1:]):.2f}")
    print(f"  baseline: one tiny chart  {'  '.join(f'{t:5.2f}' for t in base)}   warm median "
          f"{statistics.median(base[1:]):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--browser", action="store_true")
    ap.add_argument("--db", type=Path, help="database file to build or reuse (default bench/out/dashboard/)")
    args = ap.parse_args()

    # a folder of its own: other benchmarks clean bench/out
    path = args.db or OUT / "dashboard" / f"events-{args.events}.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not path.exists():
        t0 = time.perf_counter()
        build(path, args.events)
        print(f"built {path} with {args.events:,} events in {time.perf_counter() - t0:.1f} s")

    topic = PRESETS[US_CHINA_HUMAN_RIGHTS]
    explorer = ExplorerFilter(countries=["CHN"], quad_classes=[3, 4], since=date(2020, 1, 1), text="report")
    print(f"{'query (median of ' + str(args.runs) + ')':<48} {'library':>11} {'raw SQL':>11} {'ratio':>7}")
    compare("timeline: US–China human rights, month", lambda db: topic_counts(db, topic, "month"), path,
            args.runs)
    compare("timeline: US–China human rights, day", lambda db: topic_counts(db, topic, "day"), path,
            args.runs)
    compare("timeline: same, one-a-day", lambda db: topic_counts(db, topic, "month", counting="one-a-day"),
            path, args.runs)
    compare("timeline: events of one month", lambda db: topic_events(db, topic, date(2020, 6, 1),
                                                                     date(2020, 7, 1)), path, args.runs)
    compare("explorer: page 1 (100 rows), no filter", lambda db: explorer_page(db, ExplorerFilter(), 100),
            path, args.runs)
    compare("explorer: page 1, CHN conflict since 2020 + text", lambda db: explorer_page(db, explorer, 100),
            path, args.runs)
    compare("explorer: page 50, same filter", lambda db: explorer_page(db, explorer, 100, 4900), path,
            args.runs)
    compare("explorer: count, same filter", lambda db: explorer_count(db, explorer), path, args.runs)
    if args.browser:
        browser_figures(path)


if __name__ == "__main__":
    main()
