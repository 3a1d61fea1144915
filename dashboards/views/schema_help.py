"""Schema and codes: the documented tables and views, CAMEO, quad classes, Goldstein, and how to query."""

import forms
import pandas as pd
import streamlit as st

from tracker.ontology import event_types
from tracker.schema.vocab import QuadClass
from tracker.settings import Settings

db_path = Settings.from_env().db_path.resolve()
st.title("Schema, codes and querying")

schema_tab, codes_tab, query_tab = st.tabs(["Schema", "Codes", "Query from Python, R, the CLI"])

with schema_tab:
    st.markdown(
        "Write queries against the **views**: they are flat, documented and stable. "
        "`events_enriched` has one row per event with names, codes, issues and the source article; "
        "`events_oneaday` counts events rather than news reports; `dyad_daily` sums per day and country "
        "pair. "
        "Filter `status IN ('proposed', 'accepted')` for live data (rejected and retracted events are kept, "
        "with their history in `audit_log`). The same descriptions are in docs/schema.md.")
    relations = forms.schema_relations()
    overview = pd.DataFrame([(n, k, d) for n, k, d, _ in relations], columns=["name", "kind", "description"])
    st.dataframe(overview, hide_index=True, width="stretch")
    forms.schema_browser(key="help_find")

with codes_tab:
    types = event_types()
    st.subheader("CAMEO event codes")
    st.markdown(
        "Every event has a CAMEO code: the *stance* of the actor towards the target. Codes are text with two "
        "to four digits: the first two are the **root** (01-20, from making a public statement to mass "
        "violence), further digits refine it (`11` Disapprove, `112` Accuse, `1122` Accuse of human rights "
        "abuses). Keep codes as text: `'010'` is not `10`. Pick codes in the editors by root, then code.")
    roots = pd.DataFrame([
        {"root": c, "name": r["name"], "quad class": r["quad_class"], "Goldstein": r["goldstein"],
         "codes": sum(1 for t in types.values() if t["root_code"] == c)}
        for c, r in sorted(types.items()) if r["level"] == 0])
    st.dataframe(roots, hide_index=True, width="stretch", height=36 * (len(roots) + 1) + 2)

    st.subheader("Quad classes")
    ranges = {1: "01-05", 2: "06-09", 3: "10-14", 4: "15-20"}
    st.markdown("Each root falls in one of four classes (GDELT's mapping, which its data carries):")
    st.dataframe(pd.DataFrame([{"quad class": q, "label": label, "roots": ranges[q]}
                               for q, label in QuadClass.LABELS.items()]), hide_index=True, width="stretch")

    st.subheader("Goldstein scores")
    st.markdown(
        "The Goldstein scale gives each code a weight from **-10** (most conflictual: military attack) to "
        "**+10** (most cooperative: extend military assistance). An event's score is derived from its code, "
        "never typed in. Sums and means per day or dyad (`dyad_daily.goldstein_sum`) are a rough intensity "
        "measure; counts per quad class are often steadier.")
    extremes = sorted((r for r in types.values() if r["level"] > 0), key=lambda r: r["goldstein"])
    st.dataframe(pd.DataFrame([{"code": r["code"], "name": r["name"], "Goldstein": r["goldstein"]}
                               for r in extremes[:3] + extremes[-3:]]), hide_index=True, width="stretch")

with query_tab:
    st.markdown(
        "The database is one DuckDB file. Open it **read-only** and close it when you are done: while a "
        "session holds the file, the dashboard and the command line cannot save (coders then see *the "
        "database is busy*). For long analyses work on a copy: `tracker export --out exports/` writes "
        "Parquet files of the views and research tables.")
    st.subheader("Python")
    st.code(f'''import tracker

db = tracker.open("{db_path}")
events = db.events(actor="USA", issue="human_rights", since="2020-01-01")   # a pandas DataFrame
db.sql("SELECT root_code, count(*) AS n FROM events_enriched GROUP BY 1 ORDER BY 1")''', language="python")
    st.subheader("R (duckdb package)")
    st.code(f'''library(DBI)
con <- dbConnect(duckdb::duckdb(), dbdir = "{db_path}", read_only = TRUE)
events <- dbGetQuery(con, "
  SELECT event_date, actor_code, target_code, code, goldstein
  FROM events_enriched
  WHERE status IN ('proposed', 'accepted') AND list_contains(issues, 'human_rights')")
dbDisconnect(con, shutdown = TRUE)   # releases the file''', language="r")
    st.subheader("The duckdb command line")
    st.code(f'''duckdb -readonly "{db_path}" \\
  "SELECT quad_label, count(*) FROM events_enriched GROUP BY ALL ORDER BY 2 DESC"''', language="bash")
    st.subheader("The tracker command line")
    st.code('''tracker sql "SELECT * FROM events_enriched LIMIT 5" --format csv   # the console's guard
tracker events list --actor USA --issue human_rights --since 2020-01-01''', language="bash")
