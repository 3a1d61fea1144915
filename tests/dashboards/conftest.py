"""Dashboard fixtures: a database with topic events, the dashboards folder on the path, a live server.

Events are written with bulk SQL (the way imports and coding runs write them), derived fields taken from the
loaded ontology, so the pages see what real data looks like: seed articles, evidence sentences with offsets,
a quiet background and one clear escalation (June-July 2020, Hong Kong's national security law).

The browser fixtures (``dashboard_server``, ``page``) start ``streamlit run dashboards/app.py`` once per
module on a free port of 127.0.0.1 and drive Debian's chromium through Playwright; browser tests live in
``tests/dashboards/test_browser_*.py`` and call ``open_page(page, server, "<url path>")``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from tracker.db import Database
from tracker.ingest import ingest_paths
from tracker.services.setup import init_database
from tracker.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "dashboards"
SEEDS = ROOT / "seeds"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_EVENT_SCHEMA = pa.schema([
    ("event_date", pa.date32()), ("actor_code", pa.string()), ("target_code", pa.string()),
    ("code", pa.string()), ("article_id", pa.int64()), ("evidence", pa.string()),
    ("evidence_start", pa.int32()), ("evidence_end", pa.int32()), ("issue", pa.string()),
    ("status", pa.string()), ("dataset", pa.string()),
])


# -- data -----------------------------------------------------------------------------------------
def add_events(db: Database, rows: list[dict]) -> None:
    """Bulk-insert events given as {event_date, actor_code, target_code, code, [article_id, evidence, ...,
    issue, status, dataset]}; goldstein, quad class, root and countries come from the ontology tables."""
    defaults = {"article_id": None, "evidence": None, "evidence_start": None, "evidence_end": None,
                "issue": None, "status": "accepted", "dataset": "manual"}
    table = pa.Table.from_pylist([{**defaults, **r} for r in rows], schema=_EVENT_SCHEMA)
    with db.transaction() as conn:
        conn.register("_incoming", table)
        conn.execute("""
            CREATE TEMP TABLE _new AS
            SELECT nextval('event_id_seq') AS id, i.* FROM _incoming i""")
        conn.execute("""
            INSERT INTO event (id, event_date, actor_code, target_code, actor_country, target_country,
                               code, root_code, goldstein, quad_class, article_id, evidence, evidence_start,
                               evidence_end, status, coder, dataset, directed, created_at, updated_at)
            SELECT n.id, n.event_date, n.actor_code, n.target_code, a.country, t.country, n.code,
                   et.root_code, et.goldstein, et.quad_class, n.article_id, n.evidence, n.evidence_start,
                   n.evidence_end, n.status, 'fixture', n.dataset, TRUE, current_timestamp, current_timestamp
            FROM _new n JOIN event_type et ON et.code = n.code
            LEFT JOIN actor a ON a.code = n.actor_code LEFT JOIN actor t ON t.code = n.target_code""")
        conn.execute("INSERT INTO event_issue SELECT id, issue FROM _new WHERE issue IS NOT NULL")
        conn.execute("DROP TABLE _new")
        conn.unregister("_incoming")


def _first_sentence(text: str) -> tuple[str, int, int]:
    """The first body sentence of a seed article (after the title and by-lines) and its offsets."""
    for match in re.finditer(r"[A-Z][^\n]{60,}?[.!?](?=\s)", text):
        if "Published" not in match.group(0):
            return match.group(0), match.start(), match.end()
    raise AssertionError("a seed article without a sentence")


def seed_topic_events(db: Database) -> None:
    """One event per seed article (US and China accusing or sanctioning each other over human rights), a
    June-July 2020 escalation, a few cooperative events, and unrelated RUS-UKR events."""
    articles = db.query_df("SELECT id, published_at, origin, text FROM article ORDER BY id")
    rows = []
    for a in articles.itertuples():
        sentence, start, end = _first_sentence(a.text)
        china_acts = Path(str(a.origin)).name[11:].startswith(("china-", "hong-kong-"))
        actor, target = ("CHNGOV", "USAGOV") if china_acts else ("USAGOV", "CHNGOV")
        code = "172" if "sanction" in str(a.origin) else "112"
        rows.append({"event_date": a.published_at, "actor_code": actor, "target_code": target, "code": code,
                     "article_id": int(a.id), "evidence": sentence, "evidence_start": start,
                     "evidence_end": end, "issue": "human_rights"})
    nsl = articles[articles["origin"].str.contains("national-security-law")].iloc[0]
    sentence, start, end = _first_sentence(nsl["text"])
    for i in range(24):     # the escalation: sanctions both ways over Hong Kong
        actor, target = ("USAGOV", "HKGGOV") if i % 3 else ("CHNGOV", "USAGOV")
        rows.append({"event_date": date(2020, 6, 20) + timedelta(days=i), "actor_code": actor,
                     "target_code": target, "code": "163", "article_id": int(nsl["id"]), "evidence": sentence,
                     "evidence_start": start, "evidence_end": end, "issue": "hong_kong"})
    for year in range(2018, 2025):
        rows.append({"event_date": date(year, 3, 1), "actor_code": "USAGOV", "target_code": "CHNGOV",
                     "code": "036", "issue": "human_rights"})
        rows.append({"event_date": date(year, 5, 2), "actor_code": "RUSGOV", "target_code": "UKRGOV",
                     "code": "112"})
        rows.append({"event_date": date(year, 5, 3), "actor_code": "UKRGOV", "target_code": "RUSGOV",
                     "code": "111", "status": "proposed", "dataset": "auto"})
    add_events(db, rows)


@pytest.fixture
def topic_db(seeded_db) -> Database:
    """The seeded database with the topic events (see ``seed_topic_events``)."""
    seed_topic_events(seeded_db)
    return seeded_db


# -- dashboards on the import path ------------------------------------------------------------------
@pytest.fixture
def dashboards_path(monkeypatch):
    """The dashboards folder first on sys.path, as ``streamlit run dashboards/app.py`` puts it."""
    monkeypatch.syspath_prepend(str(DASHBOARDS))
    return DASHBOARDS


# -- browser -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)     # polling interval, not a wait for a result
    raise TimeoutError(f"streamlit did not answer {url}/_stcore/health within {timeout} s")


def build_browser_db(folder: Path) -> Path:
    """A seeded database file with the topic events, for a server process (closed before it starts)."""
    path = folder / "tracker.duckdb"
    db = Database(path, Settings.from_env(environ={}, db_path=path))
    init_database(db)
    ingest_paths(db, [SEEDS])
    seed_topic_events(db)
    return path


@pytest.fixture(scope="module")
def browser_db(tmp_path_factory) -> Path:
    """The database the module's server runs on; browser test modules may override it."""
    return build_browser_db(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def dashboard_server(browser_db):
    """``streamlit run dashboards/app.py`` on 127.0.0.1:<free port> over ``browser_db``; yields its URL."""
    venv_bin = str(Path(sys.executable).parent)
    if not Path(CHROMIUM).exists() or shutil.which("streamlit", path=venv_bin) is None:
        pytest.skip("needs Debian's chromium (make browser) and streamlit in the venv")
    port = free_port()
    env = dict(os.environ, TRACKER_DB=str(browser_db))
    cmd = [sys.executable, "-m", "streamlit", "run", str(DASHBOARDS / "app.py"), "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    log = (browser_db.parent / "streamlit.log").open("w")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout=60)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_idle(page) -> None:
    """Wait until the script run finished (the status widget no longer says Running)."""
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stStatusWidget"]');
                   return !s || !/Running/.test(s.innerText); }""")


def open_page(page, base_url: str, path: str = "") -> None:
    """Open the app at ``path`` (a page's url path, e.g. 'explorer') and wait for its script run to end."""
    page.goto(f"{base_url}/{path}")
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_selector('[data-testid="stMain"]')
    wait_idle(page)
