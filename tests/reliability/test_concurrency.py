"""Load with real processes: the dashboard server running and a browser loading pages, five coders saving
events through the form functions, a `tracker import` and a `tracker ingest` — all on one database file.

Every save and every row lands exactly once, no process crashes on the file lock, and the waits are bounded;
the figures (saves/s, longest wait, page loads) are printed. `bench/concurrency.py` runs a longer version.
"""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.dashboards.conftest import build_browser_db, open_page
from tests.reliability.processes import articles_file, gdelt_file, json_lines, start_coder, start_tracker
from tracker.db import Database
from tracker.services.maintenance import check_database
from tracker.settings import Settings

pytestmark = pytest.mark.browser

CODERS, SAVES = 5, 24
GDELT_ROWS, ARTICLES = 40_000, 3_000


@pytest.fixture(scope="module")
def browser_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    path = build_browser_db(folder)
    inputs = folder / "inputs"
    (inputs / "gdelt").mkdir(parents=True)
    gdelt_file(inputs / "gdelt" / "20240701000000.export.CSV", GDELT_ROWS // 2, 1)
    gdelt_file(inputs / "gdelt" / "20240701001500.export.CSV", GDELT_ROWS // 2, 1 + GDELT_ROWS // 2)
    articles_file(inputs / "articles.jsonl", ARTICLES)
    return path


def _count(db: Database, sql: str, params=None) -> int:
    return int(db.query_df(sql, params).iloc[0, 0])


def test_five_coders_an_import_and_an_ingest_at_once_with_the_dashboard_up(dashboard_server, browser_db,
                                                                           page):
    db = Database(browser_db, Settings.from_env(environ={}, db_path=browser_db))
    inputs = browser_db.parent / "inputs"
    articles_before = _count(db, "SELECT count(*) FROM article")
    checks_before = check_database(db).checks     # the fixture's bulk events have no audit entries
    open_page(page, dashboard_server, "overview")          # the server's first run (imports) before the clock

    start = time.perf_counter()
    coders = [start_coder(browser_db, k, SAVES) for k in range(CODERS)]
    # a bulk command waits once for the file; with five coders and a reader contending, 10 s (the default,
    # right for a form) can run out on a loaded machine, so the commands get what a scheduled job would
    bulk_wait = {"TRACKER_BUSY_TIMEOUT": "60"}
    importer = start_tracker(browser_db, "import", "gdelt", str(inputs / "gdelt"), "--format", "json",
                             **bulk_wait)
    ingester = start_tracker(browser_db, "ingest", str(inputs / "articles.jsonl"), **bulk_wait)
    procs = [*coders, importer, ingester]
    loads = []
    while any(p.poll() is None for p in procs):            # a reader keeps loading pages meanwhile
        t = time.perf_counter()
        open_page(page, dashboard_server, "explorer")
        loads.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    outputs = [p.communicate() for p in procs]

    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "lock" not in err.lower(), err
    saves = [r for out, _ in outputs[:CODERS] for r in json_lines(out) if "marker" in r]
    waits = sorted(r["seconds"] for r in saves)
    retries = sum(r["tries"] - 1 for r in saves)
    print(f"\nload: {CODERS} coders x {SAVES} saves, import {GDELT_ROWS} GDELT rows, ingest {ARTICLES} "
          f"articles, dashboard page loads {len(loads)} in {elapsed:.1f} s")
    print(f"  saves {len(saves)} -> {len(saves) / elapsed:.1f} saves/s; wait per save median "
          f"{waits[len(waits) // 2] * 1000:.0f} ms, longest {waits[-1]:.2f} s; busy retries {retries}; "
          f"longest page load {max(loads):.2f} s")

    # every save exactly once, with its audit entries naming the coder
    assert len(saves) == CODERS * SAVES
    per_marker = db.query_df("SELECT evidence, count(*) AS n FROM event WHERE evidence LIKE 'coder%-save%' "
                             "GROUP BY ALL")
    assert len(per_marker) == CODERS * SAVES and set(per_marker["n"]) == {1}
    audit = db.query_df("SELECT action, count(*) AS n FROM audit_log WHERE user_name LIKE 'coder%' "
                        "GROUP BY ALL")
    # the saves the coders reported as edited but whose edit (code 111 and its audit entry) is not in the file:
    # named in the failure message, so a lost write can be traced (seen twice in ~10 runs, see the session-2 note)
    missing_edits = db.query_df(
        "SELECT e.evidence, e.code, count(a.id) AS edits FROM event e LEFT JOIN audit_log a "
        "ON a.event_id = e.id AND a.action = 'edit' WHERE e.evidence LIKE 'coder%-save%' "
        "AND CAST(split_part(e.evidence, 'save', 2) AS INTEGER) % 4 = 3 GROUP BY ALL "
        "HAVING count(a.id) <> 1 OR any_value(e.code) <> '111'")
    assert dict(zip(audit["action"], audit["n"], strict=True)) == {"create": CODERS * SAVES,
                                                                   "edit": CODERS * SAVES // 4}, (
        f"edits reported as saved but not in the database: {missing_edits.to_dict('records')}")
    # every imported and ingested row exactly once
    assert _count(db, "SELECT count(*) FROM event WHERE dataset = 'gdelt'") == GDELT_ROWS
    assert _count(db, "SELECT count(DISTINCT external_id) FROM event WHERE dataset = 'gdelt'") == GDELT_ROWS
    assert _count(db, "SELECT count(*) FROM article") == articles_before + ARTICLES
    assert check_database(db).checks == checks_before
    # the dashboard is still up, and running the commands again adds nothing
    with urllib.request.urlopen(f"{dashboard_server}/_stcore/health", timeout=5) as resp:
        assert resp.status == 200
    for args in (["import", "gdelt", str(inputs / "gdelt")], ["ingest", str(inputs / "articles.jsonl")]):
        t = time.perf_counter()
        p = start_tracker(browser_db, *args)
        _, err = p.communicate()
        assert p.returncode == 0, (args, time.perf_counter() - t, err)
    assert _count(db, "SELECT count(*) FROM event WHERE dataset = 'gdelt'") == GDELT_ROWS
    assert _count(db, "SELECT count(*) FROM article") == articles_before + ARTICLES
