"""Hostile article text in the real browser: markup in a title, an article, an evidence sentence or a URL
stays inert text on every page that shows it (explorer detail, review queue), and fetches nothing.

A local "beacon" HTTP server stands for an attacker's host: a Markdown image or HTML tag that the page renders
would make the browser request it.
"""

from __future__ import annotations

import http.server
import threading
from datetime import date

import pytest

from tests.dashboards.conftest import build_browser_db, open_page, wait_idle
from tracker.db import Database
from tracker.ingest import ingest_article
from tracker.schema import ArticleCreate, Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event
from tracker.services.users import add_user
from tracker.settings import Settings

pytestmark = pytest.mark.browser


class _Beacon(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Beacon.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def beacon():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Beacon)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def payloads(beacon: str) -> dict:
    evidence = (f"The ministry said <svg onload=\"window.__xss='evidence'\"></svg> **loudly** "
                f"![e]({beacon}/evidence.png) that the report [lied](javascript:window.__xss='mdlink').")
    text = (f"Beijing, 4 May 2023. <script>window.__xss='text'</script> Opening paragraph. {evidence} "
            f"<img src=x onerror=\"window.__xss='img'\"> <iframe src=\"{beacon}/iframe\"></iframe> "
            f"![t]({beacon}/text.png) Closing paragraph.")
    return {
        "title": f"<img src=x onerror=\"window.__xss='title'\"> Rights report ![h]({beacon}/title.png)",
        "text": text, "evidence": evidence,
        "url": "javascript://example.com/%0Awindow.__xss='url'",
    }


@pytest.fixture(scope="module")
def browser_db(tmp_path_factory, beacon):
    path = build_browser_db(tmp_path_factory.mktemp("xss"))
    db = Database(path, Settings.from_env(environ={}, db_path=path))
    add_user(db, "carol", "carol-password", Role.coder, CurrentUser.cli())
    p = payloads(beacon)
    article_id, _ = ingest_article(db, ArticleCreate(text=p["text"], title=p["title"], url=p["url"],
                                                     source="<b>Example</b>", published_at=date(2023, 5, 4)))
    start = p["text"].index(p["evidence"])
    event_id = record_event(db, {
        "event_date": date(2023, 5, 4), "actor_code": "CHNGOV", "target_code": "USAGOV", "code": "111",
        "issues": ["human_rights"], "article_id": article_id, "evidence": p["evidence"],
        "evidence_start": start, "evidence_end": start + len(p["evidence"]), "confidence": 0.9,
        "dataset": "auto", "status": "proposed"}, CurrentUser("auto:test", Role.coder))
    (path.parent / "event_id").write_text(str(event_id))
    return path


def _assert_inert(page, beacon_hits: list[str] | None, where: str) -> None:
    """No script ran, no active element exists, no javascript: link; and (when given) nothing was fetched."""
    assert page.evaluate("window.__xss") is None, where
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("img[src='x'], svg[onload], iframe, script").count() == 0, where
    hrefs = main.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript")], (where, hrefs)
    if beacon_hits is not None:
        assert beacon_hits == [], (where, beacon_hits)


def test_markup_in_articles_never_runs_on_the_explorer_or_the_review_queue(dashboard_server, browser_db,
                                                                           page):
    _Beacon.hits.clear()
    event_id = int((browser_db.parent / "event_id").read_text())
    open_page(page, dashboard_server, f"explorer?event={event_id}")
    page.wait_for_selector("text=Opening paragraph")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "<script>window.__xss='text'</script>" in main          # the article is shown as text
    _assert_inert(page, _Beacon.hits, "explorer")

    open_page(page, dashboard_server)                               # see test_browser_review: second session
    open_page(page, dashboard_server)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="Log in / out").click()
    page.get_by_role("textbox", name="User name").fill("carol")
    page.get_by_role("textbox", name="Password").fill("carol-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("text=Logged in as carol (coder).")
    wait_idle(page)
    _Beacon.hits.clear()
    nav.get_by_role("link", name="Review queue").click()
    page.locator(f".st-key-accept_{event_id}").wait_for()
    wait_idle(page)
    assert "<svg onload" in page.locator('[data-testid="stMain"]').inner_text()   # evidence shown as text
    _assert_inert(page, _Beacon.hits, "review queue")


def test_evidence_and_title_are_shown_literally_on_the_explorer(dashboard_server, browser_db, page, beacon):
    """Markdown in an evidence sentence or a title is shown as typed: no image fetched, no bold, no link.
    (Found by this suite: the explorer rendered them as Markdown until commit 727befb.)"""
    _Beacon.hits.clear()
    event_id = int((browser_db.parent / "event_id").read_text())
    open_page(page, dashboard_server, f"explorer?event={event_id}")
    page.wait_for_selector("text=Opening paragraph")
    wait_idle(page)
    page.wait_for_load_state("networkidle")
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "**loudly**" in main and f"![e]({beacon}/evidence.png)" in main
    assert f"![h]({beacon}/title.png)" in main
    assert _Beacon.hits == []
