"""SQL console: guarded read-only SQL with examples, the schema, downloads and a quick chart."""

import io

import forms
import pandas as pd
import pyarrow as pa
import streamlit as st
import ui

from tracker.errors import TrackerError
from tracker.queries.sql import run_sql

RESULT = "sql_result"
EXAMPLES = {
    "Events per CAMEO root (live data)": """SELECT root_code, root_name, count(*) AS events,
       round(avg(goldstein), 2) AS mean_goldstein
FROM events_enriched
WHERE status IN ('proposed', 'accepted')
GROUP BY ALL
ORDER BY root_code""",
    "US-China conflict and cooperation per month": """SELECT date_trunc('month', day) AS month,
       sum(conflict_events) AS conflict, sum(cooperation_events) AS cooperation
FROM dyad_daily
WHERE actor_country IN ('USA', 'CHN') AND target_country IN ('USA', 'CHN')
GROUP BY ALL
ORDER BY month""",
    "Human-rights events with their evidence": """SELECT event_date, actor_name, stance, target_name,
       goldstein, evidence
FROM events_enriched
WHERE list_contains(issues, 'human_rights') AND status IN ('proposed', 'accepted')
ORDER BY event_date DESC
LIMIT 100""",
    "Busiest actor pairs": """SELECT actor_code, target_code, count(*) AS events,
       round(sum(goldstein), 1) AS goldstein_sum
FROM events_enriched
WHERE status IN ('proposed', 'accepted') AND target_code IS NOT NULL
GROUP BY ALL
ORDER BY events DESC
LIMIT 20""",
    "Events, not reports (one-a-day), per dataset": """SELECT dataset, count(*) AS events,
       sum(reports) AS reports
FROM events_oneaday
GROUP BY dataset
ORDER BY events DESC""",
    "Proposals waiting for review, by article": """SELECT article_id, article_title, count(*) AS proposed
FROM events_enriched
WHERE status = 'proposed'
GROUP BY ALL
ORDER BY proposed DESC""",
    "The issue taxonomy": """SELECT code, name, parent_code, description
FROM issue
ORDER BY coalesce(parent_code, code), parent_code NULLS FIRST, code""",
}

with ui.errors():
    db = ui.get_db()
st.title("SQL console")
limits = db.settings
st.caption(f"One read-only query (SELECT, WITH, DESCRIBE, SUMMARIZE, PIVOT, EXPLAIN). It stops after "
           f"{limits.sql_timeout:g} s and returns at most {limits.sql_row_cap:,} rows (TRACKER_SQL_TIMEOUT, "
           "TRACKER_SQL_ROW_CAP); it cannot write, read server files or load extensions. Coders keep saving "
           "while it runs.")


def load_example() -> None:
    st.session_state["sql_text"] = EXAMPLES[st.session_state["sql_example"]]


editor, schema = st.columns([3, 2], gap="large")
with schema:
    st.subheader("Schema")
    forms.schema_browser()
with editor:
    st.selectbox("Examples", list(EXAMPLES), index=None, key="sql_example", on_change=load_example,
                 placeholder="Load an example query")
    st.session_state.setdefault("sql_text", EXAMPLES["Events per CAMEO root (live data)"])
    sql = st.text_area("SQL", key="sql_text", height=220)
    if st.button("Run", type="primary"):
        st.session_state.pop(RESULT, None)
        try:
            st.session_state[RESULT] = run_sql(db, sql)
        except TrackerError as exc:
            st.error(str(exc))


def downloads(frame: pd.DataFrame) -> None:
    csv_col, parquet_col = st.columns(2)
    csv_col.download_button("Download CSV", frame.to_csv(index=False).encode("utf-8"), "result.csv",
                            "text/csv", on_click="ignore")
    buf = io.BytesIO()
    try:
        frame.to_parquet(buf, index=False)
    except (pa.ArrowException, ValueError, TypeError) as exc:
        parquet_col.caption(f"No Parquet for this result ({exc}).")
    else:
        parquet_col.download_button("Download Parquet", buf.getvalue(), "result.parquet",
                                    "application/vnd.apache.parquet", on_click="ignore")


def quick_chart(frame: pd.DataFrame) -> None:
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    if frame.empty or not numeric or len(frame.columns) < 2:
        st.caption("A chart needs a result with a numeric column and one more column.")
        return
    kind_col, x_col, y_col = st.columns(3)
    kind = kind_col.selectbox("Chart", ["bar", "line", "scatter"], key="sql_chart_kind")
    x = x_col.selectbox("x", list(frame.columns), key="sql_chart_x")
    ys = y_col.multiselect("y", [c for c in numeric if c != x], default=[c for c in numeric if c != x][:1],
                           key="sql_chart_y")
    if not ys:
        return
    draw = {"bar": st.bar_chart, "line": st.line_chart, "scatter": st.scatter_chart}[kind]
    draw(frame, x=x, y=ys)


result = st.session_state.get(RESULT)
if result is not None:
    with editor:
        st.caption(f"{result.rows:,} rows in {result.seconds * 1000:.0f} ms")
        if result.truncated:
            st.warning(f"Stopped at the row cap of {result.rows:,} rows; add LIMIT or aggregate.")
        st.dataframe(result.frame, hide_index=True, width="stretch")
        downloads(result.frame)
        with st.expander("Quick chart", expanded=True):
            quick_chart(result.frame)
