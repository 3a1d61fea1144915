"""End to end: a coder logs in, accepts a proposed event in the review queue, and the explorer shows it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dashboards.conftest import ARTIFACTS, build_browser_db, open_page, wait_idle
from tracker.db import Database
from tracker.ingest import ingest_article
from tracker.schema import ArticleCreate, Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event
from tracker.services.users import add_user
from tracker.settings import Settings

pytestmark = pytest.mark.browser

EVIDENCE = "The State Department accused Beijing of torturing detained Uyghur teachers in Kashgar."
ARTICLE = (f"Washington, 4 May 2023. {EVIDENCE} <script>window.__injected = 1</script> "
           "Officials in Beijing called the report a fabrication. "
           "<img src=x onerror=\"window.__injected = 2\">")


@pytest.fixture(scope="module")
def browser_db(tmp_path_factory):
    """The seeded browser database, a coder account and one proposal from an article with markup in it."""
    path = build_browser_db(tmp_path_factory.mktemp("review"))
    db = Database(path, Settings.from_env(environ={}, db_path=path))
    add_user(db, "carol", "carol-password", Role.coder, CurrentUser.cli())
    article_id, _ = ingest_article(db, ArticleCreate(text=ARTICLE, title="US accuses China <b>again</b>",
                                                     source="Example", published_at=date(2023, 5, 4)))
    start = ARTICLE.index(EVIDENCE)
    event_id = record_event(db, {
        "event_date": date(2023, 5, 4), "actor_code": "USAGOV", "target_code": "CHNGOV", "code": "1122",
        "issues": ["xinjiang_uyghurs"], "article_id": article_id, "evidence": EVIDENCE,
        "evidence_start": start, "evidence_end": start + len(EVIDENCE), "confidence": 0.9,
        "dataset": "auto", "status": "proposed"}, CurrentUser("auto:test", Role.coder))
    (path.parent / "event_id").write_text(str(event_id))
    return path


def menu(page, link: str, heading: str) -> None:
    """Follow a menu link (same browser session, so the login holds) and wait for the page's run."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link).click()
    page.wait_for_selector(f'h1:has-text("{heading}")')
    wait_idle(page)


def test_a_coder_logs_in_accepts_a_proposal_and_the_explorer_shows_it(dashboard_server, browser_db, page):
    event_id = int((browser_db.parent / "event_id").read_text())
    # The first session of a fresh server gets app.py's menu: the pages live in dashboards/views/, not in a
    # pages/ folder, which Streamlit would also serve as an old-style multipage app, bypassing the menu.
    open_page(page, dashboard_server)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="Log in / out").wait_for()
    links = nav.locator("a").all_inner_texts()
    assert "Log in / out" in links and "Review queue" not in links
    menu(page, "Log in / out", "Log in")
    page.get_by_role("textbox", name="User name").fill("carol")
    page.get_by_role("textbox", name="Password").fill("carol-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("text=Logged in as carol (coder).")
    wait_idle(page)

    menu(page, "Review queue", "Review queue")
    card = page.locator(f".st-key-accept_{event_id}")
    card.wait_for()
    main = page.locator('[data-testid="stMain"]')
    assert EVIDENCE in main.inner_text()
    assert "<script>window.__injected = 1</script>" in main.inner_text()     # shown as text...
    assert page.evaluate("window.__injected") is None                       # ...and never run
    marked = main.locator("span", has_text=EVIDENCE).last                   # the highlighted evidence
    assert marked.inner_text().strip() == EVIDENCE
    background = marked.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    card.get_by_role("button", name="Accept").click()
    page.wait_for_selector(f"text=Event {event_id} accepted.")
    wait_idle(page)

    menu(page, "Event explorer", "Event explorer")
    box = page.get_by_label("Event id (pick a row above, or type one)")
    box.fill(str(event_id))
    box.press("Enter")
    page.wait_for_selector("text=Accuse of human rights abuses")
    wait_idle(page)
    detail = main.inner_text()
    assert "accepted" in detail and "coder auto:test" in detail
    assert page.evaluate("window.__injected") is None
