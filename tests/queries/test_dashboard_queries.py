"""The dashboard's read side on hand-built events: topic timelines, episode events, explorer, network and
overview."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dashboards.conftest import add_events
from tracker.errors import InputError
from tracker.queries.explorer import ExplorerFilter, explorer_count, explorer_page, explorer_table
from tracker.queries.network import actor_edges
from tracker.queries.overview import events_per_month, latest_events, overview_totals, top_dyads, top_issues
from tracker.queries.timeline import (
    busiest_dyads,
    episode_top_events,
    oneaday_available,
    topic_counts,
    topic_events,
)
from tracker.schema.dashboard import TopicDefinition
from tracker.services.topics import PRESETS, US_CHINA_HUMAN_RIGHTS

US_CHINA = PRESETS[US_CHINA_HUMAN_RIGHTS]


def ev(day: str, actor: str, target: str, code: str, issue: str | None = "human_rights", **kw) -> dict:
    return {"event_date": date.fromisoformat(day), "actor_code": actor, "target_code": target, "code": code,
            "issue": issue, **kw}


@pytest.fixture
def db(fresh_db):
    add_events(fresh_db, [
        ev("2020-01-05", "USAGOV", "CHNGOV", "112", evidence="The US accused China."),          # -2, quad 3
        ev("2020-01-05", "USAGOV", "CHNGOV", "112", evidence="Another report of the same."),    # repeated
        ev("2020-01-20", "CHNGOV", "USAGOV", "172", "xinjiang_uyghurs"),                          # -5, quad 4
        ev("2020-03-02", "HKGGOV", "USAGOV", "036"),                                              # +4, quad 1
        ev("2020-03-03", "USAGOV", "RUSGOV", "112"),                                              # other dyad
        ev("2020-03-04", "USAGOV", "CHNGOV", "112", "taiwan"),                                    # not HR
        ev("2020-03-05", "USAGOV", "CHNGOV", "163", status="rejected"),                           # not live
        ev("2020-04-01", "RUSGOV", "UKRGOV", "190", None, status="proposed", dataset="auto"),     # -10, q4
    ])
    return fresh_db


def test_topic_counts_per_month_both_directions_and_the_issue_family(db):
    counts = topic_counts(db, US_CHINA, "month")
    assert counts["period"].astype(str).tolist() == ["2020-01-01", "2020-03-01"]
    jan, mar = counts.to_dict("records")
    assert (jan["q3"], jan["q4"], jan["events"], jan["conflict"], jan["cooperation"]) == (2, 1, 3, 3, 0)
    assert jan["intensity"] == 9.0 and jan["goldstein_sum"] == -9.0
    assert (mar["q1"], mar["events"], mar["intensity"], mar["goldstein_sum"]) == (1, 1, 0.0, 4.0)


def test_a_directed_topic_counts_one_direction_only(db):
    usa_on_china = TopicDefinition(side_a={"actors": ["USA"]}, side_b={"countries": ["CHN"]}, directed=True,
                                   issues=["human_rights"])
    assert topic_counts(db, usa_on_china, "day")["events"].tolist() == [2]


def test_one_a_day_counts_repeated_reports_once(db):
    assert oneaday_available(db)
    counts = topic_counts(db, US_CHINA, "month", counting="one-a-day")
    assert counts["events"].tolist() == [2, 1]
    with pytest.raises(InputError):
        topic_counts(db, US_CHINA, "month", counting="tweets")


def test_dates_narrow_the_topic(db):
    counts = topic_counts(db, US_CHINA, "week", since=date(2020, 1, 10), until=date(2020, 2, 1))
    assert counts["period"].astype(str).tolist() == ["2020-01-20"] and counts["events"].tolist() == [1]


def test_topic_events_of_a_period_most_conflictual_first(db):
    events = topic_events(db, US_CHINA, date(2020, 1, 1), date(2020, 2, 1))
    assert events["code"].tolist() == ["172", "112", "112"]
    assert events["stance"].iloc[0] == "Impose administrative sanctions"
    assert set(events["evidence"].dropna()) == {"The US accused China.", "Another report of the same."}


def test_episode_top_events_per_window(db):
    top = episode_top_events(db, US_CHINA, [date(2020, 1, 1), date(2020, 3, 1)],
                             [date(2020, 2, 1), date(2020, 4, 1)], per_episode=2)
    assert top[["episode_start", "code"]].astype(str).values.tolist() == [
        ["2020-01-01", "172"], ["2020-01-01", "112"], ["2020-03-01", "036"]]
    assert episode_top_events(db, US_CHINA, [], []).empty


def test_busiest_dyads_ignore_direction(db):
    dyads = busiest_dyads(db)
    assert dyads.values.tolist()[0] == ["CHN", "USA", 4]


def test_explorer_filters_countries_quad_classes_roots_and_text(db):
    assert explorer_count(db, ExplorerFilter()) == 7       # live statuses by default
    assert explorer_count(db, ExplorerFilter(countries=["HKG"])) == 1
    assert explorer_count(db, ExplorerFilter(quad_classes=[4])) == 2
    assert explorer_count(db, ExplorerFilter(roots=["11"], countries=["CHN"])) == 3
    assert explorer_count(db, ExplorerFilter(text="ACCUSED")) == 1
    assert explorer_count(db, ExplorerFilter(statuses=[])) == 8
    page = explorer_page(db, ExplorerFilter(), limit=3, offset=1)
    assert page["date"].astype(str).tolist() == ["2020-03-04", "2020-03-03", "2020-03-02"]
    assert page["issues"].iloc[0].tolist() == ["taiwan"]
    assert explorer_page(db, ExplorerFilter(actors=["NOBODY"])).empty
    assert len(explorer_table(db, ExplorerFilter(), max_rows=5)) == 5


def test_network_edges_by_actor_and_by_country(db):
    edges = actor_edges(db, ExplorerFilter(), "actor")
    assert edges.iloc[0][["source", "target", "events"]].tolist() == ["USAGOV", "CHNGOV", 3]
    by_country = actor_edges(db, ExplorerFilter(issues=["human_rights"]), "country")
    assert set(zip(by_country["source"], by_country["target"], strict=True)) == {
        ("USA", "CHN"), ("CHN", "USA"), ("HKG", "USA"), ("USA", "RUS")}


def test_overview(db):
    totals = overview_totals(db)
    assert (totals["live_events"], totals["all_events"], totals["proposed_events"]) == (7, 8, 1)
    assert str(totals["first_event"]) == "2020-01-05" and str(totals["last_event"]) == "2020-04-01"
    assert events_per_month(db)["events"].sum() == 7
    assert top_dyads(db).iloc[0]["dyad"] == "USA → CHN"
    assert top_issues(db).iloc[0].tolist() == ["human_rights", "Human rights", 4]
    assert latest_events(db, limit=1)["code"].tolist() == ["190"]
