"""Event explorer: filter the events, page through them, read one with its article and the evidence marked,
and download the filtered rows."""

from __future__ import annotations

import streamlit as st
import ui

PAGE_SIZE = 100
DOWNLOAD_CAP = 200_000

st.title("Event explorer")

with ui.errors():
    key = ui.db_key()
    flt = ui.event_filter_widgets()
    total = ui.load_explorer_count(key, flt)

pages = max(1, -(-total // PAGE_SIZE))
top = st.columns([2, 1, 1, 1])
top[0].markdown(f"**{total:,}** events match.")
page_no = top[1].number_input("Page", 1, pages, key="ex_page")
with ui.errors():
    rows = ui.load_explorer_page(key, flt, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
if total:
    capped = f" (first {DOWNLOAD_CAP:,})" if total > DOWNLOAD_CAP else ""
    for col, fmt, mime in ((top[2], "csv", "text/csv"), (top[3], "parquet", "application/octet-stream")):
        col.download_button(f"{fmt.upper()}{capped}", data=lambda fmt=fmt: ui.load_download(key, flt, fmt,
                                                                                            DOWNLOAD_CAP),
                            file_name=f"events.{fmt}", mime=mime, key=f"ex_dl_{fmt}")

if rows.empty:
    ui.no_data()
else:
    picked = st.dataframe(
        rows.assign(article_url=rows["article_url"].map(ui.safe_url)), hide_index=True, width="stretch",
        key="ex_table", on_select="rerun", selection_mode="single-row",
        column_config={"evidence": st.column_config.TextColumn("Evidence", width="large"),
                       "article_url": st.column_config.LinkColumn("Article URL")},
    )
    chosen = picked.selection.rows if picked is not None else []
    selected = int(rows.iloc[chosen[0]]["id"]) if chosen else None
    if selected is not None and selected != st.session_state.get("_ex_selected"):
        st.session_state["ex_event"] = selected     # a newly picked row replaces the id typed below
    st.session_state["_ex_selected"] = selected

st.subheader("Event detail")
event_param = st.query_params.get("event", "")
if "ex_event" not in st.session_state and event_param.isdigit():    # explorer?event=<id> links
    st.session_state["ex_event"] = int(event_param)
event_id = st.number_input("Event id (pick a row above, or type one)", min_value=1, step=1, key="ex_event",
                           value=None)
if event_id:
    with ui.errors():
        event = ui.load_event(key, int(event_id))
    if event is None:
        st.warning(f"There is no event {event_id}.")
    else:
        a, b = st.columns([1, 2])
        a.markdown(ui.event_summary_html(event), unsafe_allow_html=True)
        with b:
            if event.get("article_text"):
                marked = ui.highlight(event["article_text"], event["evidence_start"], event["evidence_end"])
                st.markdown(f"<div style='max-height:420px;overflow-y:auto'><b>"
                            f"{ui.literal(event.get('article_title') or 'Article')}</b><br>{marked}</div>",
                            unsafe_allow_html=True)
            else:
                st.caption("No article text (imported event).")
