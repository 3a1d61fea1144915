"""The analysts' pages under AppTest, on an empty and on a seeded database, through the real app router."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.conftest import DASHBOARDS
from tracker.db import Database
from tracker.queries.topics import list_topics
from tracker.services.auth import CurrentUser
from tracker.services.topics import US_CHINA_HUMAN_RIGHTS

ANALYST_PAGES = ["views/timeline.py", "views/overview.py", "views/explorer.py", "views/network.py"]


@pytest.fixture
def app(monkeypatch, dashboards_path):
    """An AppTest of dashboards/app.py on a database; caches cleared so no result leaks between tests."""
    import ui

    def make(db: Database, user: CurrentUser | None = None) -> AppTest:
        monkeypatch.setenv("TRACKER_DB", str(db.path))
        ui.clear_caches()
        at = AppTest.from_file(str(DASHBOARDS / "app.py"), default_timeout=20)
        if user is not None:
            at.session_state["user"] = user
        return at

    return make


def run_page(at: AppTest, page: str) -> AppTest:
    at.run()
    if page != "views/timeline.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plotly_titles(at: AppTest) -> list[str]:
    import json

    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_every_page_renders_on_an_empty_database(app, fresh_db, page):
    at = run_page(app(fresh_db), page)
    assert not at.error
    assert any("No " in i.value for i in at.info), "an empty database shows a no-data state"
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_every_page_renders_on_a_seeded_database(app, topic_db, page):
    at = run_page(app(topic_db), page)
    assert not at.error
    assert at.get("plotly_chart") or page == "views/explorer.py"


def test_the_app_opens_on_the_us_china_timeline_with_its_escalation(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    assert at.title[0].value == "Escalation timeline"
    assert at.selectbox(key="tl_topic").value == US_CHINA_HUMAN_RIGHTS
    assert plotly_titles(at) == [f"{US_CHINA_HUMAN_RIGHTS}: events and conflict intensity"]
    episodes = [m for m in at.metric if m.label == "Escalation episodes"][0]
    assert int(episodes.value) >= 1
    focus = at.selectbox(key="tl_focus")
    assert focus.value.startswith("Episode 1: 2020-06")
    events = at.dataframe[-1].value
    assert len(events) >= 24 and events["evidence"].str.len().min() > 40
    assert events["date"].astype(str).str.slice(0, 7).isin(["2020-06", "2020-07"]).all()
    assert set(events["link"].str.slice(0, 15)) == {"explorer?event="}


def test_a_period_lists_its_events(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    at.selectbox(key="tl_focus").select("Period 2019-10-01").run()
    assert not at.exception
    events = at.dataframe[-1].value
    assert events["date"].astype(str).str.startswith("2019-10").all() and len(events) >= 1


def test_comparing_two_topics_draws_one_chart(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    at.selectbox(key="tl_compare").select("Dyad: RUS ↔ UKR").run()
    assert not at.exception
    assert plotly_titles(at) == [f"Conflict intensity: {US_CHINA_HUMAN_RIGHTS} vs Dyad: RUS ↔ UKR"]


def test_the_topic_form_is_drawn_on_demand(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    assert not [m for m in at.multiselect if m.key == "tf_a_countries"]     # heavy: not on the landing page
    at.toggle(key="tl_edit").set_value(True).run()
    assert at.multiselect(key="tf_b_countries").value == ["CHN", "HKG"]     # prefilled from the topic shown


def test_a_custom_topic_is_drawn_from_the_form(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    at.selectbox(key="tl_topic").select("Custom topic…").run()
    assert at.info[0].value.startswith("Describe the topic")
    assert at.multiselect(key="tf_a_countries").value == ["USA"]            # starts from the last topic
    at.multiselect(key="tf_a_countries").set_value(["RUS"])
    at.multiselect(key="tf_b_countries").set_value(["UKR"])
    at.multiselect(key="tf_issues").set_value([])
    at.checkbox(key="tf_both").check()
    at.button(key="FormSubmitter:topic_form-Draw").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="tl_topic").value == "Custom topic…"
    assert plotly_titles(at)[0].startswith("Custom: RUS ↔ UKR")


def test_switching_to_one_a_day_counting(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    at.radio(key="tl_counting").set_value("one-a-day").run()
    assert not at.exception and at.get("plotly_chart")


def test_a_coder_saves_a_topic_and_everyone_sees_it(app, topic_db, coder_user):
    at = run_page(app(topic_db, coder_user), "views/timeline.py")
    at.text_input(key="tf_name").input("US–China, again")
    at.button(key="FormSubmitter:topic_save-Save topic").click().run()
    assert not at.exception and not at.error
    assert [n for n, _ in list_topics(Database(topic_db.path, guarded=True))] == [US_CHINA_HUMAN_RIGHTS,
                                                                                  "US–China, again"]
    at.run()
    assert "US–China, again" in at.selectbox(key="tl_topic").options


def test_analysts_see_no_save_controls(app, topic_db):
    at = run_page(app(topic_db), "views/timeline.py")
    assert not [t for t in at.text_input if t.key == "tf_name"]


def test_explorer_filters_and_shows_an_event_with_its_evidence_marked(app, topic_db):
    at = run_page(app(topic_db), "views/explorer.py")
    at.text_input(key="flt_actors").input("RUSGOV").run()
    assert at.dataframe[0].value["actor"].eq("RUSGOV").all()
    at.text_input(key="flt_actors").input("").run()
    at.text_input(key="flt_text").input("national security law").run()
    rows = at.dataframe[0].value
    assert len(rows) >= 1
    at.number_input(key="ex_event").set_value(int(rows["id"].iloc[0])).run()
    assert not at.exception
    assert any("<mark>" in m.value for m in at.markdown)


def test_network_by_country(app, topic_db):
    at = run_page(app(topic_db), "views/network.py")
    at.radio(key="nw_level").set_value("country").run()
    assert not at.exception
    assert plotly_titles(at) == ["Who acts on whom (event count, by country)"]



def test_an_event_link_opens_its_detail_in_the_explorer(app, topic_db):
    event_id = int(topic_db.query_df("SELECT min(id) AS id FROM event WHERE article_id IS NOT NULL")["id"][0])
    at = app(topic_db)
    at.query_params["event"] = str(event_id)
    run_page(at, "views/explorer.py")
    assert at.number_input(key="ex_event").value == event_id
    assert any("<mark>" in m.value for m in at.markdown)


def test_an_idle_dashboard_leaves_the_file_to_other_processes(app, topic_db):
    import subprocess
    import sys

    run_page(app(topic_db), "views/timeline.py")
    writer = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
              "c.execute(\"UPDATE topic SET created_by = 'cli' WHERE id = 1\"); c.close()")
    done = subprocess.run([sys.executable, "-c", writer, str(topic_db.path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_pages_show_a_save_on_their_next_run_once_caches_are_cleared(app, topic_db, coder_user):
    import ui

    from tracker.services.events import record_event

    at = run_page(app(topic_db), "views/overview.py")
    before = [m for m in at.metric if m.label == "Live events"][0].value
    guarded = Database(topic_db.path, topic_db.settings, guarded=True)   # one configuration per process
    record_event(guarded, {"event_date": "2024-01-02", "actor_code": "USAGOV", "target_code": "CHNGOV",
                           "code": "112", "issues": ["human_rights"]}, coder_user)
    at.run()
    assert [m for m in at.metric if m.label == "Live events"][0].value == before   # cached result
    ui.clear_caches()                                                                # what every save does
    at.run()
    after = [m for m in at.metric if m.label == "Live events"][0].value
    assert int(after.replace(",", "")) == int(before.replace(",", "")) + 1


def test_explorer_downloads_are_csv_and_parquet_of_the_filtered_rows(app, topic_db):
    import io

    import pandas as pd
    import ui

    from tracker.queries.explorer import ExplorerFilter

    app(topic_db)       # points TRACKER_DB at the database and clears the caches
    flt = ExplorerFilter(countries=["RUS"])
    csv = pd.read_csv(io.BytesIO(ui.load_download(str(topic_db.path), flt, "csv", 1000)))
    parquet = pd.read_parquet(io.BytesIO(ui.load_download(str(topic_db.path), flt, "parquet", 1000)))
    assert len(csv) == len(parquet) == 14
    assert list(csv.columns) == list(parquet.columns) and "evidence" in csv.columns
    assert set(csv["actor_country"]) | set(csv["target_country"]) == {"RUS", "UKR"}


def test_explorer_pages_and_back_to_page_one_when_filters_shrink(app, topic_db):
    from datetime import date

    from tests.dashboards.conftest import add_events

    add_events(topic_db, [{"event_date": date(2019, 1, 1), "actor_code": "FRAGOV", "target_code": "DEUGOV",
                           "code": "036"}] * 150)
    at = run_page(app(topic_db), "views/explorer.py")
    at.number_input(key="ex_page").set_value(2).run()
    assert not at.exception and len(at.dataframe[0].value) > 0
    at.text_input(key="flt_actors").input("RUSGOV").run()
    assert not at.exception
    assert at.number_input(key="ex_page").value == 1
    assert at.dataframe[0].value["actor"].eq("RUSGOV").all()
