"""Frames → figures without Streamlit: every chart has a title, axis titles and a legend; episodes are
shaded."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker.analysis.episodes import EpisodeParams, detect_episodes
from tracker.analysis.network import network_nodes
from tracker.analysis.timeline import COUNT_COLUMNS, add_rolling_mean, complete_periods


@pytest.fixture
def charts(dashboards_path):
    import charts

    return charts


def timeline_frame() -> pd.DataFrame:
    rows = [[f"2020-{m:02d}-01", 0, 0, 1, 0, 1, 0, 1, 2.0, -2.0] for m in range(1, 13)]
    rows[8] = ["2020-09-01", 1, 0, 5, 6, 12, 1, 11, 60.0, -56.0]
    counts = pd.DataFrame(rows, columns=["period", *COUNT_COLUMNS])
    return add_rolling_mean(complete_periods(counts, "month"), "intensity", 3)


def assert_labelled(fig) -> None:
    layout = fig.layout
    assert layout.title.text
    assert layout.xaxis.title.text
    assert layout.showlegend is True and len(fig.data) >= 1


def test_timeline_figure_has_bars_lines_and_a_labelled_episode(charts):
    frame = timeline_frame()
    episodes = detect_episodes(frame, EpisodeParams(window=6, k=3, min_spread=1, min_history=3))
    fig = charts.timeline_figure(frame, episodes, {pd.Timestamp("2020-09-01"): "Sanctions (USA→CHN)"},
                                 "T", "month")
    assert_labelled(fig)
    assert fig.layout.yaxis.title.text == "Events per month" and fig.layout.yaxis2.title.text
    assert [t.type for t in fig.data] == ["bar"] * 4 + ["scatter"] * 2
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == pd.Timestamp("2020-09-01")
    assert fig.layout.annotations[0].text == "#1 Sanctions (USA→CHN)"


def test_comparison_figure_draws_each_topic_and_its_episodes(charts):
    frame = timeline_frame()
    episodes = detect_episodes(frame, EpisodeParams(window=6, k=3, min_spread=1, min_history=3))
    series = {"A": (frame, episodes, {}), "B": (frame, episodes.iloc[0:0], {})}
    fig = charts.comparison_figure(series, "A vs B", "month")
    assert_labelled(fig)
    assert {t.name for t in fig.data} == {"A: intensity", "A: rolling mean", "B: intensity",
                                          "B: rolling mean"}
    assert len(fig.layout.shapes) == 1


def test_overview_and_network_figures_are_labelled(charts):
    months = pd.DataFrame({"month": pd.to_datetime(["2020-01-01", "2020-01-01"]), "quad_class": [1, 3],
                           "events": [2, 5]})
    assert_labelled(charts.monthly_quad_figure(months))
    ranked = pd.DataFrame({"dyad": ["USA → CHN", "CHN → USA"], "events": [5, 3]})
    assert_labelled(charts.ranked_bar_figure(ranked, "dyad", "events", "Top", "Events", "Dyad", "Events"))
    edges = pd.DataFrame({"source": ["USA", "CHN"], "target": ["CHN", "USA"], "events": [5, 3],
                          "goldstein_sum": [-10.0, 4.0], "goldstein_mean": [-2.0, 1.3]})
    nodes = network_nodes(edges, "events")
    assert nodes["actor"].tolist() == ["CHN", "USA"] and nodes.loc[0, ["x", "y"]].tolist() == [0.0, 1.0]
    fig = charts.network_figure(nodes, edges, "events", "Who acts on whom")
    assert_labelled(fig)
    assert len(fig.layout.annotations) == 2
