"""The coders' pages under AppTest: log in, review queue, new article, add / edit / retract / history."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.db import Database
from tracker.queries.events import event_history
from tracker.queries.review import history_table
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.events import edit_event, record_event, review_event
from tracker.services.users import add_user, list_users, set_role

PAGES = Path(__file__).resolve().parents[2] / "dashboards" / "views"
AUTO = CurrentUser("auto:test", Role.coder)
CODER = CurrentUser("carol", Role.coder)
ANALYST = CurrentUser("bob", Role.analyst)


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture
def app_env(monkeypatch, dashboards_path):
    """Pages read TRACKER_DB; the dashboards folder is on sys.path as under `streamlit run`."""
    def use(db: Database) -> Database:
        monkeypatch.setenv("TRACKER_DB", str(db.path))
        existing = set(list_users(db)["name"])
        for user in (CODER, ANALYST):          # pages check the session's user against app_user on every run
            if user.name not in existing:
                add_user(db, user.name, f"{user.name}-password", user.role, CurrentUser.cli())
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
    app_env(fresh_db)                                  # carol (coder) and bob (analyst), "<name>-password"
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


def test_a_role_change_applies_to_a_logged_in_session_at_once(proposals, app_env):
    db, (first, _, _) = proposals
    gdb = app_env(db)
    at = page("review").run()
    assert at.button(key=f"accept_{first}")
    set_role(gdb, "carol", Role.analyst, CurrentUser.cli())
    at.run()
    assert "carol is an analyst; this page needs the coder role." in texts(at, "warning")
    assert at.session_state["user"] == CurrentUser("carol", Role.analyst)
    assert not at.button


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


# -- new article -------------------------------------------------------------------------------------
ARTICLE = ("Washington, 3 March 2025. The United States condemned China on Monday over the detention of "
           "Uyghur activists in Xinjiang, calling it a grave abuse of human rights. "
           "<script>alert(1)</script> "
           "Beijing rejected the criticism.")


def fill_article(at: AppTest, text: str = ARTICLE, url: str = "https://example.org/a1") -> None:
    at.text_input(key="na_title").input("US condemns China over Uyghur detentions")
    at.text_input(key="na_source").input("Example News")
    at.text_input(key="na_url").input(url)
    at.date_input(key="na_date").set_value(date(2025, 3, 3))
    at.text_area(key="na_text").input(text)


def test_new_article_page_renders_on_an_empty_database(fresh_db, app_env):
    app_env(fresh_db)
    at = page("new_article").run()
    assert not at.exception
    assert at.button[0].label == "Store and code"


def test_new_article_is_stored_deduplicated_and_coded(fresh_db, app_env):
    gdb = app_env(fresh_db)
    at = page("new_article", timeout=30).run()
    fill_article(at)
    at.button[0].click().run()
    assert not at.exception, at.exception
    stored = gdb.query_df("SELECT id, title, source, url, published_at, origin, text FROM article")
    assert len(stored) == 1
    row = stored.iloc[0]
    assert (row.title, row.source, row.url, row.published_at, row.origin) == (
        "US condemns China over Uyghur detentions", "Example News", "https://example.org/a1",
        date(2025, 3, 3), "form")
    assert row.text == ARTICLE                                 # stored as typed, script tag and all
    assert f"Stored as article {row.id}." in texts(at, "success")
    # the coder ran (its proposals, if any, are in the queue) or its failure is reported; never both silent
    coded = [m for m in texts(at, "info") + texts(at, "error") if "automatic coder" in m]
    assert len(coded) == 1
    assert at.text_area(key="na_text").value == ""             # the form is cleared after a save

    fill_article(at)                                           # the same text again: a duplicate
    at.button[0].click().run()
    assert "is stored already (article 1)" in texts(at, "warning")[0]
    assert len(gdb.query_df("SELECT id FROM article")) == 1


def test_new_article_validation_is_shown_and_the_input_kept(fresh_db, app_env):
    gdb = app_env(fresh_db)
    at = page("new_article").run()
    fill_article(at, url="not a url")
    at.button[0].click().run()
    assert not at.exception
    assert texts(at, "error") == ["url: 'not a url' is not a URL (expected scheme://host/...)"]
    assert at.text_area(key="na_text").value == ARTICLE
    assert gdb.query_df("SELECT count(*) AS n FROM article").iloc[0, 0] == 0


# -- add / edit / retract / history ------------------------------------------------------------------
def test_event_editor_renders_on_empty_and_seeded_databases(fresh_db, proposals, app_env):
    for db in (fresh_db, proposals[0]):
        app_env(db)
        at = page("event_editor").run()
        assert not at.exception
        at.number_input(key="ed_id").set_value(1).run()
        assert not at.exception


def test_add_an_event_by_hand(seeded_db, app_env):
    gdb = app_env(seeded_db)
    at = page("event_editor").run()
    at.date_input(key="add_date").set_value(date(2021, 3, 22))
    at.text_input(key="add_actor_q").input("USAGOV").run()
    at.selectbox(key="add_actor_code").select("USAGOV")
    at.text_input(key="add_target_q").input("CHNGOV").run()
    at.selectbox(key="add_target_code").select("CHNGOV")
    at.selectbox(key="add_cameo_root").select("16").run()
    at.selectbox(key="add_cameo_code").select("163")
    at.multiselect(key="add_issues").select("xinjiang_uyghurs")
    at.text_area(key="add_evidence").input("The US imposed sanctions on two Chinese officials.")
    at.number_input(key="add_article").set_value(3)
    at.button(key="add_save").click().run()
    assert not at.exception, at.exception
    assert texts(at, "success") == ["Event 1 added."]
    ev = gdb.query_df("SELECT * FROM events_enriched WHERE event_id = 1").iloc[0]
    assert (ev.event_date, ev.actor_code, ev.target_code, ev.code, list(ev.issues), ev.status, ev.coder,
            ev.dataset, ev.article_id) == (date(2021, 3, 22), "USAGOV", "CHNGOV", "163", ["xinjiang_uyghurs"],
                                           "accepted", "carol", "manual", 3)
    assert at.text_area(key="add_evidence").value == ""       # a fresh form for the next event


def test_add_without_an_actor_says_so_next_to_the_field(seeded_db, app_env):
    gdb = app_env(seeded_db)
    at = page("event_editor").run()
    at.button(key="add_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["actor_code: Input should be a valid string"]
    assert gdb.query_df("SELECT count(*) FROM event").iloc[0, 0] == 0


def test_edit_then_retract_with_a_reason_and_see_the_history(proposals, app_env):
    db, (first, _, _) = proposals
    gdb = app_env(db)
    at = page("event_editor").run()
    at.number_input(key="ed_id").set_value(first).run()
    prefix = f"ed{first}_"
    assert at.selectbox(key=prefix + "actor_code").value == "USAGOV"
    at.selectbox(key=prefix + "cameo_code").select("111")
    at.button(key=prefix + "save").click().run()
    assert not at.exception, at.exception
    assert texts(at, "success") == [f"Event {first} saved."]
    assert gdb.query_df("SELECT code FROM event WHERE id = ?", [first]).iloc[0, 0] == "111"

    at.button(key=prefix + "retract").click().run()              # no reason: refused, next to the field
    assert texts(at, "error") == ["Give a reason for the retraction."]
    at.text_input(key=prefix + "reason").input("duplicate of a wire report")
    at.button(key=prefix + "retract").click().run()
    assert texts(at, "success") == [f"Event {first} retracted."]
    history = history_table(gdb, first)
    assert list(history["action"]) == ["create", "edit", "retract"]
    assert history["reason"].iloc[-1] == "duplicate of a wire report"
    assert "code: 112 -> 111" in history["changes"].iloc[1]
    shown = at.dataframe[0].value
    assert list(shown["action"]) == ["create", "edit", "retract"]


# -- through the router: who sees which page ----------------------------------------------------------
MY_PAGES = ["views/login.py", "views/review.py", "views/new_article.py", "views/event_editor.py",
            "views/sql_console.py", "views/schema_help.py"]


def through_app(db: Database, user: CurrentUser | None) -> AppTest:
    import ui

    ui.clear_caches()
    at = AppTest.from_file(PAGES.parent / "app.py", default_timeout=20)
    if user is not None:
        at.session_state["user"] = user
    return at.run()


@pytest.mark.parametrize("name", ["fresh_db", "topic_db"])
def test_every_page_of_mine_renders_through_the_app(name, request, app_env):
    db = request.getfixturevalue(name)
    app_env(db)
    at = through_app(db, CODER)
    for path in MY_PAGES:
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        assert not at.error, (path, [e.value for e in at.error])


@pytest.mark.parametrize("user", [None, CurrentUser("bob", Role.analyst)], ids=["visitor", "analyst"])
def test_coding_pages_are_hidden_from_the_menu_and_refuse_when_reached(user, proposals, app_env):
    db, _ = proposals
    app_env(db)
    at = through_app(db, user)
    for coder_page in ("review", "new_article", "event_editor"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"views/{coder_page}.py")
        # reached anyway (the page run on its own): it stops before drawing any form
        alone = page(coder_page, user=user).run()
        assert not alone.exception
        assert len(alone.warning) == 1 and "coder" in alone.warning[0].value
        assert not alone.button and not alone.text_input and not alone.selectbox


def test_require_login_leaves_only_the_login_page(fresh_db, app_env, monkeypatch):
    app_env(fresh_db)
    monkeypatch.setenv("TRACKER_REQUIRE_LOGIN", "true")
    at = through_app(fresh_db, None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]              # the login page is the default page
    with pytest.raises(ValueError):
        at.switch_page("views/explorer.py").run()
    at.text_input[0].input("bob")
    at.text_input[1].input("bob-password")
    at.button[0].click().run()
    at.switch_page("views/explorer.py").run()
    assert not at.exception


# -- a busy file: wait briefly, say so, keep the input --------------------------------------------------
HOLDER = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"

@pytest.fixture
def hold_file():
    """Another process holding the database file (as a long CLI import would); released on exit."""
    import subprocess
    import sys

    procs = []

    def hold(path: Path):
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "held"
        procs.append(proc)
        return proc

    yield hold
    for proc in procs:
        proc.stdin.close()
        proc.wait(timeout=10)


def release(proc) -> None:
    proc.stdin.close()
    proc.wait(timeout=10)


def test_a_busy_file_gives_a_clear_message_and_keeps_the_article_form(fresh_db, app_env, hold_file,
                                                                      monkeypatch):
    gdb = app_env(fresh_db)
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT", "0.5")
    at = page("new_article", timeout=30).run()
    fill_article(at)
    holder = hold_file(fresh_db.path)
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1 and "is busy" in at.error[0].value and "Try again" in at.error[0].value
    release(holder)
    at.run()
    assert at.text_area(key="na_text").value == ARTICLE          # nothing to type again
    assert at.text_input(key="na_url").value == "https://example.org/a1"
    at.button[0].click().run()
    assert "Stored as article 1." in texts(at, "success")
    assert gdb.query_df("SELECT count(*) FROM article").iloc[0, 0] == 1


def test_a_busy_file_keeps_a_review_edit_in_progress(proposals, app_env, hold_file, monkeypatch):
    db, (first, _, _) = proposals
    gdb = app_env(db)
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT", "0.5")
    at = page("review").run()
    at.button(key=f"edit_{first}").click().run()
    prefix = f"rv{first}_"
    at.selectbox(key=prefix + "cameo_code").select("111")
    holder = hold_file(db.path)
    at.button(key=prefix + "save").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "is busy" in at.error[0].value
    release(holder)
    at.run()
    assert at.selectbox(key=prefix + "cameo_code").value == "111"     # the choice survived the busy runs
    at.button(key=prefix + "save").click().run()
    assert not at.exception
    saved = gdb.query_df("SELECT code, status FROM event WHERE id = ?", [first]).iloc[0].tolist()
    assert saved == ["111", "accepted"]


# -- several coders at once ----------------------------------------------------------------------------
SAVER = """
import sys
from datetime import date
from tracker.db import Database
from tracker.services.auth import CurrentUser
from tracker.services.events import edit_event, record_event, review_event
from tracker.settings import Settings
db = Database(sys.argv[1], Settings.from_env(busy_timeout=30))
for _ in range(5):
    record_event(db, {"event_date": date(2024, 1, 1), "actor_code": "USAGOV", "code": "112"},
                 CurrentUser(sys.argv[2], "coder"))
"""


def test_coders_saving_at_once_in_the_dashboard_process_are_all_saved(proposals, app_env):
    """Streamlit serves each browser session on its own thread of one process, on one guarded instance."""
    import threading

    db, _ = proposals
    gdb = app_env(db)
    targets = [propose(db, 2, code="111") for _ in range(8)]
    failures = []

    def coder(n: int) -> None:
        user = CurrentUser(f"coder{n}", Role.coder)
        try:
            for _ in range(3):
                record_event(gdb, {"event_date": date(2024, 1, 1), "actor_code": "USAGOV", "code": "112"},
                             user)
            edit_event(gdb, targets[n], {"code": "172"}, user)
            review_event(gdb, targets[n], "accepted", user)
        except Exception as exc:   # noqa: BLE001 - collected and asserted below, with the thread's name
            failures.append((n, repr(exc)))

    threads = [threading.Thread(target=coder, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    counts = gdb.query_df("SELECT coder, count(*) AS n FROM event WHERE coder LIKE 'coder%' GROUP BY 1")
    assert sorted(counts["n"]) == [3] * 8
    done = gdb.query_df("SELECT count(*) FROM event WHERE id IN (SELECT unnest(?)) AND status = 'accepted' "
                        "AND code = '172'", [targets])
    assert done.iloc[0, 0] == 8


def test_coders_saving_from_several_processes_wait_for_each_other(fresh_db):
    """The dashboard and command-line sessions are separate processes: each waits for the file and saves."""
    import subprocess
    import sys

    procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(fresh_db.path), f"proc{n}"])
             for n in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    counts = fresh_db.query_df("SELECT coder, count(*) AS n FROM event GROUP BY 1 ORDER BY 1")
    assert counts.values.tolist() == [["proc0", 5], ["proc1", 5], ["proc2", 5]]


# -- article text as text ------------------------------------------------------------------------------
def test_markdown_escaping_leaves_no_markup_and_marks_the_evidence(dashboards_path):
    import forms

    raw = "a *b* [x](javascript:alert(1)) <script>alert(1)</script> $x$ :red[hi] # 1. _c_ `d`"
    escaped = forms.escape_markdown(raw)
    assert re.sub(r"\\(.)", r"\1", escaped) == raw               # only backslashes were added
    assert not re.search(r"(?<!\\)[*\[\]()<>$:#_`]", escaped)     # and every special character has one
    text = "Intro. The US accused <China>. Outro."
    start, end = text.index("The"), text.index(" Outro")
    assert forms.highlighted(text, start, end) == (
        r"Intro\. :orange-background[The US accused \<China\>\.] Outro\.")
    assert forms.highlighted(text, None, None) == forms.escape_markdown(text)
