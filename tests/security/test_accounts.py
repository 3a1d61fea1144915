"""Accounts and roles under attack: hashes only, logins that reveal nothing, throttling, roles checked by the
library's write functions whatever calls them, and an audit entry naming the user for every event change."""

from __future__ import annotations

import inspect
import logging
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import tracker.services as services_pkg
from tests.security.state import database_state
from tracker.errors import AuthError, PermissionDeniedError
from tracker.ingest import ingest_article
from tracker.schema import ArticleCreate, Role
from tracker.services import events, topics, users
from tracker.services.auth import CurrentUser, require_role
from tracker.services.events import edit_event, record_event, retract_event, review_event
from tracker.services.maintenance import check_database
from tracker.services.topics import delete_topic, save_topic
from tracker.services.users import FREE_ATTEMPTS, LOGIN_FAILED, add_user, authenticate, set_role

TRACKER = str(Path(sys.executable).parent / "tracker")
ADMIN = CurrentUser.cli("root")
PASSWORD = "Correct-Horse-Battery-9"
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
EVENT = {"event_date": "2021-03-22", "actor_code": "USAGOV", "target_code": "CHNGOV", "code": "163",
         "issues": ["human_rights"]}


@pytest.fixture(autouse=True)
def forget_unknown_names():
    """Failed logins of unknown names are kept per process: each test starts without them."""
    users._UNKNOWN_FAILURES.clear()
    yield
    users._UNKNOWN_FAILURES.clear()


@pytest.fixture
def users_db(fresh_db):
    add_user(fresh_db, "carol", PASSWORD, Role.coder, ADMIN)
    add_user(fresh_db, "ann", PASSWORD, Role.analyst, ADMIN)
    return fresh_db


# -- passwords ------------------------------------------------------------------------------------------
def test_password_is_never_stored_printed_or_logged(fresh_db, caplog):
    """Through the real command (password typed at the hidden prompt), then logins right and wrong: the clear
    password appears in no output, no log record, and no byte of the database file or its WAL."""
    caplog.set_level(logging.DEBUG)
    proc = subprocess.run([TRACKER, "--db", str(fresh_db.path), "users", "add", "dave", "--role", "coder"],
                          input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    assert authenticate(fresh_db, "dave", PASSWORD) == CurrentUser("dave", Role.coder)
    for wrong in (PASSWORD[:-1], PASSWORD + "x", PASSWORD.upper()):
        with pytest.raises(AuthError) as err:
            authenticate(fresh_db, "dave", wrong)
        assert wrong not in str(err.value)
    listing = subprocess.run([TRACKER, "--db", str(fresh_db.path), "users", "list", "--format", "json"],
                             capture_output=True, text=True)
    assert "dave" in listing.stdout and "scrypt" not in listing.stdout and PASSWORD not in listing.stdout
    assert PASSWORD not in caplog.text
    stored = fresh_db.query_df("SELECT password_hash FROM app_user WHERE name = 'dave'").iloc[0, 0]
    assert stored.startswith("scrypt$n=16384,r=8,p=1$")
    for f in fresh_db.path.parent.iterdir():
        assert PASSWORD.encode() not in f.read_bytes(), f
        assert PASSWORD.encode("utf-16-le") not in f.read_bytes(), f


# -- login failures -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,password", [
    ("carol", "wrong-password"), ("nobody", PASSWORD), ("nobody", "wrong-password"), ("carol", ""),
    ("", ""), ("CAROL", PASSWORD), ("carol ", "wrong-password"), ("carol'--", PASSWORD),
    ("carol", PASSWORD + " "), ("carol\x00", PASSWORD),
], ids=["wrong password", "unknown name", "both wrong", "empty password", "empty both", "name case",
        "trailing space", "quote in name", "password + space", "NUL in name"])
def test_every_login_failure_says_the_same_sentence(users_db, name, password):
    with pytest.raises(AuthError) as err:
        authenticate(users_db, name, password, now=T0)
    assert str(err.value) == LOGIN_FAILED


def test_unknown_names_cost_the_same_scrypt_work_as_wrong_passwords(users_db):
    """Timing must not tell a real name from an unknown one: both paths run scrypt (figures printed)."""
    def median_time(name):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with pytest.raises(AuthError):
                authenticate(users_db, name, "wrong-password")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    set_role(users_db, "carol", Role.coder, ADMIN)
    known, unknown = median_time("ann"), median_time("nobody-at-all")
    print(f"\nfailed login: known name {known * 1000:.0f} ms, unknown name {unknown * 1000:.0f} ms")
    # scrypt (~50 ms) dominates both; without it the unknown-name path takes about 1 ms
    assert unknown > 0.25 * known


def test_repeated_failures_are_slowed_even_for_the_right_password(users_db):
    for i in range(FREE_ATTEMPTS):
        with pytest.raises(AuthError, match="Unknown user name or wrong password"):
            authenticate(users_db, "carol", f"guess-{i}", now=T0)
    with pytest.raises(AuthError, match=r"Too many failed logins: wait \d+ s"):
        authenticate(users_db, "carol", PASSWORD, now=T0 + timedelta(seconds=1))
    assert authenticate(users_db, "carol", PASSWORD, now=T0 + timedelta(seconds=3)).name == "carol"
    for i in range(FREE_ATTEMPTS + 3):            # the window doubles with every further failure
        try:
            authenticate(users_db, "carol", f"guess-{i}", now=T0 + timedelta(hours=i + 1))
        except AuthError:
            pass
    last = T0 + timedelta(hours=FREE_ATTEMPTS + 3)      # the sixth failure
    with pytest.raises(AuthError, match=r"Too many failed logins: wait 1[56] s"):   # 2 s doubled 3 times
        authenticate(users_db, "carol", PASSWORD, now=last + timedelta(seconds=0.5))
    assert authenticate(users_db, "carol", PASSWORD, now=last + timedelta(seconds=17)).name == "carol"


def test_throttling_does_not_reveal_which_names_exist(users_db):
    """Found by this suite: a real name was throttled while an unknown one was not (fixed in users.py)."""
    answers = {}
    for name in ("carol", "nobody"):
        for i in range(FREE_ATTEMPTS + 1):
            try:
                authenticate(users_db, name, f"guess-{i}", now=T0)
            except AuthError as exc:
                answers[name] = str(exc)
    assert answers["carol"] == answers["nobody"]


# -- roles ----------------------------------------------------------------------------------------------
def _write_calls(db, event_id):
    """Every library function that takes the acting user, called the way a page or the CLI would."""
    return {
        "record_event": lambda u: record_event(db, EVENT, u),
        "edit_event": lambda u: edit_event(db, event_id, {"code": "172"}, u),
        "review_event": lambda u: review_event(db, event_id, "rejected", u),
        "retract_event": lambda u: retract_event(db, event_id, u, "wrong"),
        "save_topic": lambda u: save_topic(db, "mine", {"issues": ["human_rights"]}, u),
        "delete_topic": lambda u: delete_topic(db, "US–China human rights", u),
        "add_user": lambda u: add_user(db, "mallory", "mallory-password", Role.admin, u),
        "set_role": lambda u: set_role(db, "ann", Role.admin, u),
    }


ADMIN_ONLY = {"add_user", "set_role"}


def test_every_function_that_takes_a_user_is_in_the_role_test():
    """A new write function that takes the acting user must be added to _write_calls (and so tested)."""
    found = set()
    for module in (events, topics, users):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = inspect.signature(fn).parameters
            if fn.__module__ == module.__name__ and not name.startswith("_") and (
                    "user" in params or "by" in params) and name != "refresh_user":
                found.add(name)
    assert found == set(_write_calls(None, 0)), found
    assert {m for m in os.listdir(Path(services_pkg.__file__).parent) if m.endswith(".py")} >= {"events.py"}


@pytest.mark.parametrize("who", [
    None, CurrentUser("ann", Role.analyst), CurrentUser("ann", "analyst"),
], ids=["nobody", "analyst", "analyst (role as text)"])
def test_analysts_and_anonymous_callers_are_refused_by_every_write_function(users_db, who):
    event_id = record_event(users_db, {**EVENT, "status": "proposed", "dataset": "auto"},
                            CurrentUser("auto:test", Role.coder))
    before = database_state(users_db)
    for name, call in _write_calls(users_db, event_id).items():
        with pytest.raises(PermissionDeniedError) as err:
            call(who)
        assert ("Log in" in str(err.value)) if who is None else ("analyst" in str(err.value)), name
    assert database_state(users_db) == before


def test_coders_are_refused_the_admin_functions(users_db):
    before = database_state(users_db)
    coder = CurrentUser("carol", Role.coder)
    for name in ADMIN_ONLY:
        with pytest.raises(PermissionDeniedError, match="admin"):
            _write_calls(users_db, 0)[name](coder)
    assert database_state(users_db) == before


@pytest.mark.parametrize("role", ["superuser", "Admin", "", None])
def test_an_unknown_role_is_refused_with_a_permission_error(role):
    with pytest.raises(PermissionDeniedError):
        require_role(CurrentUser("eve", role), Role.coder, "record events")


def test_an_analyst_session_opening_a_coder_page_directly_saves_nothing(users_db, monkeypatch):
    """The page run on its own (no menu), with an analyst in the session: it stops before any form."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TRACKER_DB", str(users_db.path))
    root = Path(__file__).resolve().parents[2] / "dashboards"
    monkeypatch.syspath_prepend(str(root))
    before = database_state(users_db)
    for page in ("event_editor.py", "new_article.py", "review.py"):
        at = AppTest.from_file(str(root / "views" / page), default_timeout=60)
        at.session_state["user"] = CurrentUser("ann", Role.analyst)
        at.run()
        assert not at.exception, page
        assert len(at.button) == 0 and len(at.text_area) == 0, page     # no form to submit
    assert database_state(users_db) == before


# -- audit ----------------------------------------------------------------------------------------------
def test_every_event_change_names_its_user_in_the_audit_log(users_db):
    alice, bob, admin = CurrentUser("alice", Role.coder), CurrentUser("bob", Role.coder), CurrentUser(
        "root", Role.admin)
    auto = CurrentUser("auto:test", Role.coder)
    e1 = record_event(users_db, EVENT, alice)
    article, _ = ingest_article(users_db, ArticleCreate(text="Washington accused Beijing of abuses."))
    e2 = record_event(users_db, {**EVENT, "status": "proposed", "dataset": "auto", "article_id": article},
                      auto)
    edit_event(users_db, e1, {"code": "172"}, bob)
    review_event(users_db, e2, "accepted", admin)
    review_event(users_db, e2, "rejected", bob)
    retract_event(users_db, e1, admin, "duplicate")
    edit_event(users_db, e1, {"code": "172"}, bob)            # no change: no entry
    log = users_db.query_df("SELECT event_id, action, user_name FROM audit_log ORDER BY id")
    assert log.values.tolist() == [
        [e1, "create", "alice"], [e2, "create", "auto:test"], [e1, "edit", "bob"], [e2, "accept", "root"],
        [e2, "reject", "bob"], [e1, "retract", "root"]]
    assert users_db.query_df("SELECT count(*) FROM audit_log WHERE user_name IS NULL OR user_name = ''"
                             ).iloc[0, 0] == 0
    report = check_database(users_db)
    assert report.ok, [c for c in report.checks if c[1]]
