"""The coders' pages under AppTest: log in, review queue, new article, add / edit / retract / history."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.db import Database
from tracker.queries.events import event_history
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event
from tracker.services.users import add_user

PAGES = Path(__file__).resolve().parents[2] / "dashboards" / "pages"
AUTO = CurrentUser("auto:test", Role.coder)
CODER = CurrentUser("carol", Role.coder)


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture
def app_env(monkeypatch, dashboards_path):
    """Pages read TRACKER_DB; the dashboards folder is on sys.path as under `streamlit run`."""
    def use(db: Database) -> Database:
        monkeypatch.setenv("TRACKER_DB", str(db.path))
        # the dashboard opens the file in guarded mode; one process may not mix configurations
        return Database(db.path, db.settings, guarded=True)
    return use


def page(name: str, user: CurrentUser | None = CODER, timeout: float = 10) -> AppTest:
    at = AppTest.from_file(PAGES / f"{name}.py", default_timeout=timeout)
    if user is not None:
        at.session_state["user"] = user
    return at


def first_sentence(text: str) -> tuple[int, int]:
    m = next(m for m in re.finditer(r"[A-Z][^\n]{60,}?[.!?](?=\s)", text) if "Published" not in m.group(0))
    return m.start(), m.end()


def propose(db: Database, article_id: int, code: str = "112", actor="USAGOV", target="CHNGOV") -> int:
    text = db.query_df("SELECT text FROM article WHERE id = ?", [article_id]).iloc[0, 0]
    start, end = first_sentence(text)
    return record_event(db, {
        "event_date": date(2024, 7, 2), "actor_code": actor, "target_code": target, "code": code,
        "issues": ["human_rights"], "article_id": article_id, "evidence": text[start:end],
        "evidence_start": start, "evidence_end": end, "confidence": 0.8, "dataset": "auto",
        "status": "proposed",
    }, AUTO)


@pytest.fixture
def proposals(seeded_db) -> tuple[Database, list[int]]:
    ids = [propose(seeded_db, 1), propose(seeded_db, 1, code="111"), propose(seeded_db, 2, code="172")]
    return seeded_db, ids


def status_of(db: Database, event_id: int) -> str:
    return db.query_df("SELECT status FROM event WHERE id = ?", [event_id]).iloc[0, 0]


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


# -- log in ------------------------------------------------------------------------------------------
def test_login_page_renders_on_an_empty_database(fresh_db, app_env):
    app_env(fresh_db)
    at = page("login", user=None).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]


def test_login_sets_the_user_and_failures_say_nothing_specific(fresh_db, app_env):
    add_user(fresh_db, "carol", "carol-password", Role.coder, CurrentUser.cli())
    app_env(fresh_db)
    at = page("login", user=None).run()
    at.text_input[0].input("carol")
    at.text_input[1].input("wrong-password")
    at.button[0].click().run()
    wrong = texts(at, "error")
    at.text_input[0].input("nobody")
    at.text_input[1].input("carol-password")
    at.button[0].click().run()
    assert texts(at, "error") == wrong == ["Unknown user name or wrong password."]
    assert "user" not in at.session_state

    at.text_input[0].input("carol")
    at.text_input[1].input("carol-password")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"] == CurrentUser("carol", Role.coder)
    assert "Logged in as carol (coder)." in texts(at, "text")
    at.button[0].click().run()                     # Log out
    assert "user" not in at.session_state


# -- review queue ------------------------------------------------------------------------------------
def test_review_page_needs_a_coder(proposals, app_env):
    db, _ = proposals
    app_env(db)
    at = page("review", user=None).run()
    assert not at.exception and "Log in with a coder account" in at.warning[0].value
    at = page("review", user=CurrentUser("bob", Role.analyst)).run()
    assert "needs the coder role" in at.warning[0].value


def test_review_page_renders_on_an_empty_database(fresh_db, app_env):
    app_env(fresh_db)
    at = page("review").run()
    assert not at.exception
    assert "No proposed events" in at.info[0].value


def test_review_shows_evidence_highlighted_and_accept_reject_change_the_status(proposals, app_env):
    db, (first, second, third) = proposals
    gdb = app_env(db)
    at = page("review").run()
    assert not at.exception
    assert any(":orange-background[" in m for m in texts(at, "markdown"))
    at.button(key=f"accept_{first}").click().run()
    assert not at.exception
    assert status_of(gdb, first) == "accepted"
    assert f"Event {first} accepted." in texts(at, "success")
    at.button(key=f"reject_{third}").click().run()
    assert status_of(gdb, third) == "rejected"
    assert status_of(gdb, second) == "proposed"
    actions = list(event_history(gdb, first)["action"])
    assert actions == ["create", "accept"]
    assert list(event_history(gdb, first)["user_name"]) == ["auto:test", "carol"]


def test_review_edit_uses_the_pickers_then_accepts(proposals, app_env):
    db, (first, _, _) = proposals
    gdb = app_env(db)
    at = page("review").run()
    at.button(key=f"edit_{first}").click().run()
    prefix = f"rv{first}_"
    assert at.selectbox(key=prefix + "cameo_code").value == "112"
    at.text_input(key=prefix + "target_q").input("hong kong").run()
    assert "HKGGOV: Hong Kong (government)" in at.selectbox(key=prefix + "target_code").options
    at.selectbox(key=prefix + "target_code").select("HKGGOV")
    at.selectbox(key=prefix + "cameo_root").select("17").run()
    at.selectbox(key=prefix + "cameo_code").select("172")
    at.multiselect(key=prefix + "issues").select("hong_kong")
    at.button(key=prefix + "save").click().run()
    assert not at.exception, at.exception
    event = gdb.query_df("SELECT status, target_code, code, goldstein FROM event WHERE id = ?",
                         [first]).iloc[0]
    assert (event.status, event.target_code, event.code) == ("accepted", "HKGGOV", "172")
    assert event.goldstein == -5.0                    # derived from the new code, never typed in
    assert list(event_history(gdb, first)["action"]) == ["create", "edit", "accept"]
    issues = gdb.query_df("SELECT list_sort(list(issue_code)) FROM event_issue WHERE event_id = ?", [first])
    assert list(issues.iloc[0, 0]) == ["hong_kong", "human_rights"]


def test_review_edit_shows_the_validation_message_by_its_field_and_keeps_the_input(proposals, app_env):
    db, (first, _, _) = proposals
    gdb = app_env(db)
    at = page("review").run()
    at.button(key=f"edit_{first}").click().run()
    prefix = f"rv{first}_"
    at.text_input(key=prefix + "target_q").input("USAGOV").run()
    at.selectbox(key=prefix + "target_code").select("USAGOV")
    at.button(key=prefix + "save").click().run()
    assert not at.exception
    assert texts(at, "error") == ["the target must differ from the actor"]
    assert status_of(gdb, first) == "proposed"
    assert at.selectbox(key=prefix + "target_code").value == "USAGOV"      # the coder's choice is still there
