"""Actor network: who acts on whom under the explorer's filters; arrows weighted by events or Goldstein."""

from __future__ import annotations

import charts
import streamlit as st
import ui

from tracker.analysis.network import network_nodes

st.title("Actor network")

with ui.errors():
    key = ui.db_key()
    flt = ui.event_filter_widgets()

a, b, c = st.columns(3)
level = a.radio("Nodes", ["actor", "country"], horizontal=True, key="nw_level")
weight_label = b.radio("Edge weight", ["event count", "Goldstein sum"], horizontal=True, key="nw_weight")
limit = c.slider("Edges shown (busiest)", 5, 150, 40, key="nw_limit")
weight = "events" if weight_label == "event count" else "goldstein_sum"

with ui.errors():
    edges = ui.load_edges(key, flt, level, limit)

if edges.empty:
    ui.no_data()
    st.stop()

nodes = network_nodes(edges, weight)
st.plotly_chart(charts.network_figure(nodes, edges, weight, f"Who acts on whom ({weight_label}, by {level})"),
                key="nw_chart")
st.dataframe(edges, hide_index=True, width="stretch")
