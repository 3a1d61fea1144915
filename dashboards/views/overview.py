"""Overview: what the database holds — totals, events per month by quad class, top dyads and issues, and
the latest events."""

from __future__ import annotations

import charts
import streamlit as st
import ui

st.title("Overview")

with ui.errors():
    data = ui.load_overview(ui.db_key())

totals = data["totals"]
cols = st.columns(5)
cols[0].metric("Live events", f"{int(totals['live_events']):,}")
cols[1].metric("Awaiting review", f"{int(totals['proposed_events']):,}")
cols[2].metric("Articles", f"{int(totals['articles']):,}")
cols[3].metric("Actors", f"{int(totals['actors']):,}")
span = f"{totals['first_event']} – {totals['last_event']}" if totals["live_events"] else "—"
cols[4].metric("Dates", span)

if data["per_month"].empty:
    ui.no_data("No events yet: ingest articles and code them, or import a dataset.")
    st.stop()

st.plotly_chart(charts.monthly_quad_figure(data["per_month"]), key="ov_months")
left, right = st.columns(2)
with left:
    if data["dyads"].empty:
        ui.no_data("No events with both countries known.")
    else:
        st.plotly_chart(charts.ranked_bar_figure(data["dyads"], "dyad", "events", "Top dyads (directed)",
                                                 "Events", "Actor country → target country", "Events"),
                        key="ov_dyads")
with right:
    if data["issues"].empty:
        ui.no_data("No events with issues.")
    else:
        st.plotly_chart(charts.ranked_bar_figure(data["issues"], "name", "events", "Top issues", "Events",
                                                 "Issue", "Events"), key="ov_issues")

st.subheader("Latest events")
st.dataframe(data["latest"], hide_index=True, width="stretch",
             column_config={"evidence": st.column_config.TextColumn("Evidence", width="large")})
