"""Escalation timeline: a topic's cooperative and conflictual events per period, its conflict intensity,
and the escalation episodes found in it (tracker/analysis/episodes.py)."""

from __future__ import annotations

import charts
import pandas as pd
import streamlit as st
import topic_form
import ui

from tracker.analysis.episodes import EpisodeParams
from tracker.schema.dashboard import Granularity, TopicDefinition

st.title("Escalation timeline")

with ui.errors():
    key = ui.db_key()
    choices = ui.topic_choices(key)
    landing = ui.landing_choice(key, choices)
    options = [*choices, ui.CUSTOM]
    with st.sidebar:
        st.header("Topic")
        if st.session_state.get("tl_topic") not in options:     # first run, or the topic was deleted
            st.session_state["tl_topic"] = landing or ui.CUSTOM
        choice = st.selectbox("Topic", options, key="tl_topic")
        others = ["—", *[o for o in choices if o != choice]]
        if st.session_state.get("tl_compare") not in others:
            st.session_state["tl_compare"] = "—"
        compare = st.selectbox("Compare with", others, key="tl_compare")

    if choice == ui.CUSTOM:
        topic = topic_form.custom_topic()
        if topic is None:
            st.info("Describe the topic in the form below and press Draw.")
            topic_form.show_form(st.session_state.get("_tl_last"))
            st.stop()
        label = f"Custom: {topic.label()}"
    else:
        topic, label = TopicDefinition.model_validate_json(choices[choice]), choice
    st.session_state["_tl_last"] = topic          # a new custom topic starts from the one on screen

    with st.sidebar:
        st.header("View")
        periods = [g.value for g in Granularity]
        granularity = st.radio("Period", periods, horizontal=True, key="tl_granularity",
                               index=periods.index(topic.granularity.value))
        dates = st.date_input("Dates (empty: all)", value=tuple(d for d in (topic.since, topic.until) if d),
                              key="tl_dates")
        since, until = (tuple(dates) + (None, None))[:2]
        counting = "reports"
        if ui.load_oneaday_available(key):
            counting = st.radio("Count", ["reports", "one-a-day"], horizontal=True, key="tl_counting",
                                help="reports: every event row; one-a-day: one event a day per source, "
                                     "target and code (the events_oneaday rule)")
        st.header("Episodes")
        k = st.slider("Threshold (spreads above the baseline)", 1.5, 6.0, 3.0, 0.5, key="tl_k")
        window = st.slider("Baseline window (periods)", 4, 52, 12, key="tl_window")
        min_spread = st.number_input("Minimum spread (Goldstein points)", 0.5, 100.0, 4.0, 0.5,
                                     key="tl_spread")
        rolling = st.slider("Rolling mean (periods)", 1, 12, 3, key="tl_rolling")
    params = EpisodeParams(window=window, k=k, min_spread=min_spread, min_history=min(3, window),
                           min_length=1, max_gap=1)
    topic_json = topic.model_dump_json()
    frame, episodes, labels = ui.timeline_series(key, topic_json, granularity, since, until, counting, params,
                                                 rolling)

st.caption(ui.literal(f"{label} — {topic.label()} · counting {counting}"))   # topic names are user text
if frame.empty or frame["events"].sum() == 0:
    ui.no_data()
    topic_form.show_form(topic)
    st.stop()

if compare != "—":
    with ui.errors():
        other = ui.timeline_series(key, choices[compare], granularity, since, until, counting, params,
                                   rolling)
    fig = charts.comparison_figure({label: (frame, episodes, labels), compare: other},
                                   f"Conflict intensity: {label} vs {compare}", granularity)
else:
    fig = charts.timeline_figure(frame, episodes, labels, f"{label}: events and conflict intensity",
                                 granularity)
selection = st.plotly_chart(fig, key="tl_chart", on_select="rerun", selection_mode="points")

a, b, c = st.columns(3)
a.metric("Events", int(frame["events"].sum()))
b.metric("Conflictual", int(frame["conflict"].sum()))
c.metric("Escalation episodes", len(episodes))

# What to list: an episode, or a period (picked below or by clicking the chart).
focus = ui.focus_windows(frame, episodes)
clicked = ui.clicked_period(selection, frame)
if clicked is not None and clicked != st.session_state.get("_tl_clicked"):
    st.session_state["tl_focus"] = clicked      # a new click wins over the last pick
st.session_state["_tl_clicked"] = clicked
if st.session_state.get("tl_focus") not in focus:
    st.session_state["tl_focus"] = next(iter(focus))

if not episodes.empty:
    st.subheader("Escalation episodes")
    table = episodes.assign(
        start=episodes["start"].dt.date, last_day=(episodes["end"] - pd.Timedelta(days=1)).dt.date,
        peak_period=episodes["peak_period"].dt.date,
        top_events=[labels.get(pd.Timestamp(s), "") for s in episodes["start"]],
    )
    st.dataframe(table[["episode", "start", "last_day", "periods", "peak_period", "peak_value", "baseline",
                        "threshold", "total", "top_events"]], hide_index=True, width="stretch",
                 column_config={"top_events": st.column_config.TextColumn("Top events", width="large")})

st.subheader("Events")
chosen = st.selectbox("Show the events of", list(focus), key="tl_focus",
                      help="Click a bar or a point of the chart to pick its period.")
if chosen:
    start, end = focus[chosen]
    with ui.errors():
        ui.show_events(ui.load_topic_events(key, topic_json, start, end, counting), key="tl_events")

if choice == ui.CUSTOM or st.toggle("Change this topic", key="tl_edit"):
    topic_form.show_form(topic)
topic_form.save_controls(topic, saved=choice if choice in dict(ui.load_topics(key)) else None)
