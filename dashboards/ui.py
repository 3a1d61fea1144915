"""Shared widgets and cached loaders of the dashboard pages.

Caching: ``st.cache_data`` keeps query RESULTS (frames), keyed by the database path and the query's
arguments; connections are never cached, so the file is free whenever no script is running. After any write,
the page that wrote calls ``clear_caches()``, so every page shows the change on its next run (no stale TTL).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pandas as pd
import streamlit as st

from tracker.db import Database
from tracker.errors import DatabaseError, TrackerError
from tracker.queries import explorer as explorer_q
from tracker.queries import network as network_q
from tracker.queries import overview as overview_q
from tracker.queries import timeline as timeline_q
from tracker.queries import topics as topics_q
from tracker.queries.events import get_event
from tracker.schema.dashboard import TopicDefinition
from tracker.schema.vocab import Role
from tracker.services.auth import CurrentUser
from tracker.settings import Settings

NO_DATA = "No data for these filters."


# -- database and user ----------------------------------------------------------------------------
def get_db() -> Database:
    """The dashboard's database (TRACKER_DB), opened in guarded mode for each query and closed after it."""
    settings = Settings.from_env()
    db = Database(settings.db_path, settings=settings, guarded=True)
    if not db.exists():
        raise DatabaseError(
            f"There is no database at {db.path}. Create it with `tracker --db {db.path} init`.")
    return db


def db_key() -> str:
    """The cache key of the current database (the resolved file path)."""
    return str(get_db().path.resolve())


def _db(key: str) -> Database:
    settings = Settings.from_env().with_db(key)
    return Database(key, settings=settings, guarded=True)


def clear_caches() -> None:
    """Forget every cached query result; call after every save so that all pages rerun on fresh data."""
    st.cache_data.clear()


def current_user() -> CurrentUser | None:
    user = st.session_state.get("user")
    return user if isinstance(user, CurrentUser) else None


def is_coder(user: CurrentUser | None = None) -> bool:
    user = user if user is not None else current_user()
    return user is not None and Role(user.role) in (Role.coder, Role.admin)


@contextmanager
def errors() -> Iterator[None]:
    """Show expected failures (TrackerError) as st.error and stop the page; anything else surfaces."""
    try:
        yield
    except TrackerError as exc:
        st.error(literal(str(exc)))      # messages may quote user input
        st.stop()


def no_data(message: str = NO_DATA) -> None:
    st.info(message)


# Text from articles and datasets is shown literally: HTML-escaped, and the characters Markdown acts on turned
# into entities, so neither markup nor Markdown (an image fetches its URL) reaches the reader's browser.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~:$"})


def literal(text) -> str:
    """``text`` as inert HTML: shown exactly as written, never interpreted as HTML or Markdown."""
    return ("" if text is None else str(text)).translate(_INERT).replace("\n", "<br>")


def safe_url(url) -> str | None:
    """The URL if it is http(s), else None (no javascript: or data: links from imported text)."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def highlight(text: str, start: int | None, end: int | None) -> str:
    """The article as inert HTML with the evidence span marked."""
    if start is None or end is None or pd.isna(start) or pd.isna(end) or not 0 <= start < end <= len(text):
        return literal(text)
    start, end = int(start), int(end)
    return f"{literal(text[:start])}<mark>{literal(text[start:end])}</mark>{literal(text[end:])}"


def event_summary_html(event: dict) -> str:
    """The explorer's event detail (who, what, issues, evidence, article link) as inert HTML."""
    issues = ", ".join(event.get("issues") or []) or "—"
    lines = [
        f"<b>{literal(event['actor_code'])} → {literal(event.get('target_code') or '—')}</b>, "
        f"{literal(event['event_date'])}",
        f"{literal(event['code'])} {literal(event.get('stance'))} · Goldstein {literal(event['goldstein'])}"
        f" · {literal(event.get('quad_label'))}",
        f"Issues: {literal(issues)} · {literal(event['status'])} · {literal(event['dataset'])} · "
        f"coder {literal(event.get('coder'))}",
    ]
    url = safe_url(event.get("article_url"))
    if url:
        lines.append(f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                     "Open the article</a>")
    if event.get("evidence"):
        lines.append(f"<b>Evidence</b><blockquote>{literal(event['evidence'])}</blockquote>")
    return "<div>" + "<br>".join(lines) + "</div>"


# -- cached loaders (results only) ------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def load_topics(key: str) -> list[tuple[str, str]]:
    """Saved topics as (name, definition JSON), in saved order."""
    return [(name, d.model_dump_json()) for name, d in topics_q.list_topics(_db(key))]


@st.cache_data(show_spinner=False)
def load_busiest_dyads(key: str, limit: int = 5) -> pd.DataFrame:
    return timeline_q.busiest_dyads(_db(key), limit)


@st.cache_data(show_spinner=False)
def load_oneaday_available(key: str) -> bool:
    return timeline_q.oneaday_available(_db(key))


@st.cache_data(show_spinner=False)
def load_topic_counts(key: str, topic_json: str, granularity: str, since: date | None, until: date | None,
                      counting: str) -> pd.DataFrame:
    topic = TopicDefinition.model_validate_json(topic_json)
    return timeline_q.topic_counts(_db(key), topic, granularity, since, until, counting)


@st.cache_data(show_spinner=False)
def load_topic_events(key: str, topic_json: str, start: date, end: date, counting: str) -> pd.DataFrame:
    topic = TopicDefinition.model_validate_json(topic_json)
    return timeline_q.topic_events(_db(key), topic, start, end, counting)


@st.cache_data(show_spinner=False)
def load_episode_events(key: str, topic_json: str, starts: tuple[date, ...], ends: tuple[date, ...],
                        counting: str, per_episode: int = 3) -> pd.DataFrame:
    topic = TopicDefinition.model_validate_json(topic_json)
    return timeline_q.episode_top_events(_db(key), topic, list(starts), list(ends), per_episode, counting)


@st.cache_data(show_spinner=False)
def load_overview(key: str) -> dict:
    db = _db(key)
    return {
        "totals": overview_q.overview_totals(db),
        "per_month": overview_q.events_per_month(db),
        "dyads": overview_q.top_dyads(db),
        "issues": overview_q.top_issues(db),
        "latest": overview_q.latest_events(db),
    }


@st.cache_data(show_spinner=False)
def load_explorer_page(key: str, flt: explorer_q.ExplorerFilter, limit: int, offset: int) -> pd.DataFrame:
    return explorer_q.explorer_page(_db(key), flt, limit, offset)


@st.cache_data(show_spinner=False)
def load_explorer_count(key: str, flt: explorer_q.ExplorerFilter) -> int:
    return explorer_q.explorer_count(_db(key), flt)


@st.cache_data(show_spinner=False)
def load_download(key: str, flt: explorer_q.ExplorerFilter, fmt: str, max_rows: int) -> bytes:
    """The filtered events as CSV or Parquet bytes (lists of issues joined with ';' in CSV)."""
    frame = explorer_q.explorer_table(_db(key), flt, max_rows)
    if fmt == "csv":
        frame = frame.assign(issues=frame["issues"].map(lambda v: ";".join(v) if v is not None else ""))
        return frame.to_csv(index=False).encode("utf-8")
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


@st.cache_data(show_spinner=False)
def load_event(key: str, event_id: int) -> dict | None:
    return get_event(_db(key), event_id)


@st.cache_data(show_spinner=False)
def load_edges(key: str, flt: explorer_q.ExplorerFilter, level: str, limit: int) -> pd.DataFrame:
    return network_q.actor_edges(_db(key), flt, level, limit)


# -- the explorer's filters (shared with the network page) -------------------------------------------
_FILTER_KEYS = ("flt_actors", "flt_targets", "flt_countries", "flt_issues", "flt_codes", "flt_roots",
                "flt_quads", "flt_datasets", "flt_statuses", "flt_since", "flt_until", "flt_text")


def _keep_filters() -> None:
    """Streamlit drops the state of widgets a page does not draw: keep a copy so filters follow the user."""
    for k in _FILTER_KEYS:
        if k not in st.session_state and f"_{k}" in st.session_state:
            st.session_state[k] = st.session_state[f"_{k}"]


def _remember_filters() -> None:
    for k in _FILTER_KEYS:
        if k in st.session_state:
            st.session_state[f"_{k}"] = st.session_state[k]


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def event_filter_widgets() -> explorer_q.ExplorerFilter:
    """The sidebar filters of the explorer and the network pages; returns the filter they describe."""
    from tracker.ontology import countries, event_types, issues
    from tracker.schema.vocab import DATASETS, QuadClass, Status

    _keep_filters()
    sb = st.sidebar
    sb.header("Filters")
    actors = sb.text_input("Actors (codes or prefixes, comma-separated)", key="flt_actors",
                           placeholder="USA, CHNGOV")
    targets = sb.text_input("Targets (codes or prefixes)", key="flt_targets")
    country_names = {c: f"{c} – {r['name']}" for c, r in countries().items()}
    chosen_countries = sb.multiselect("Countries (actor or target)", list(country_names),
                                      format_func=country_names.get, key="flt_countries")
    issue_names = {c: r["name"] for c, r in issues().items()}
    chosen_issues = sb.multiselect("Issues (each with its sub-issues)", list(issue_names),
                                   format_func=issue_names.get, key="flt_issues")
    roots = {c: f"{c} {r['name']}" for c, r in event_types().items() if r["level"] == 0}
    chosen_roots = sb.multiselect("CAMEO roots", list(roots), format_func=roots.get, key="flt_roots")
    codes = sb.text_input("CAMEO codes or prefixes", key="flt_codes", placeholder="112, 172")
    quads = sb.multiselect("Quad class", list(QuadClass.LABELS), format_func=QuadClass.LABELS.get,
                           key="flt_quads")
    datasets = sb.multiselect("Dataset", list(DATASETS), key="flt_datasets")
    live = None if "flt_statuses" in st.session_state else ["proposed", "accepted"]
    statuses = sb.multiselect("Status", [s.value for s in Status], key="flt_statuses", default=live)
    since = sb.date_input("From", value=None, key="flt_since")
    until = sb.date_input("Until", value=None, key="flt_until")
    text = sb.text_input("Evidence contains", key="flt_text")
    _remember_filters()
    return explorer_q.ExplorerFilter(
        actors=_split(actors), targets=_split(targets), countries=list(chosen_countries),
        issues=list(chosen_issues), codes=_split(codes), roots=list(chosen_roots), quad_classes=list(quads),
        datasets=list(datasets), statuses=list(statuses), since=since, until=until, text=text.strip() or None,
    )


# -- the escalation timeline -------------------------------------------------------------------------
CUSTOM = "Custom topic…"


def topic_choices(key: str) -> dict[str, str]:
    """Picker label -> topic JSON: saved topics first (in saved order), then the busiest country pairs."""
    choices = {name: definition for name, definition in load_topics(key)}
    for row in load_busiest_dyads(key).itertuples():
        label = f"Dyad: {row.country_a} ↔ {row.country_b}"
        choices[label] = timeline_q.dyad_topic(row.country_a, row.country_b).model_dump_json()
    return choices


def landing_choice(key: str, choices: dict[str, str]) -> str | None:
    """The topic the app opens on: the first saved topic with events, else the busiest dyad."""
    for label, definition in choices.items():
        if label.startswith("Dyad: "):
            return label
        topic = TopicDefinition.model_validate_json(definition)
        if not load_topic_counts(key, definition, topic.granularity.value, None, None, "reports").empty:
            return label
    return next(iter(choices), None)


def timeline_series(key: str, topic_json: str, granularity: str, since: date | None, until: date | None,
                    counting: str, params, rolling: int):
    """(frame, episodes, labels) of a topic: complete periods, rolling mean, episodes, their top events."""
    from tracker.analysis.episodes import detect_episodes, episode_labels
    from tracker.analysis.timeline import add_rolling_mean, complete_periods

    counts = load_topic_counts(key, topic_json, granularity, since, until, counting)
    frame = add_rolling_mean(complete_periods(counts, granularity, since, until), "intensity", rolling)
    episodes = detect_episodes(frame, params)
    starts = tuple(pd.Timestamp(s).date() for s in episodes["start"])
    ends = tuple(pd.Timestamp(e).date() for e in episodes["end"])
    top = load_episode_events(key, topic_json, starts, ends, counting)
    return frame, episodes, episode_labels(top)


def focus_windows(frame: pd.DataFrame, episodes: pd.DataFrame) -> dict[str, tuple[date, date]]:
    """What the timeline can list, label -> [start, end): each episode, then each period with events."""
    windows = {f"Episode {e.episode}: {e.start:%Y-%m-%d} – {e.end - pd.Timedelta(days=1):%Y-%m-%d}":
               (e.start.date(), e.end.date()) for e in episodes.itertuples()}
    busy = frame[frame["events"] > 0]
    for start, end in zip(busy["period"], busy["period_end"], strict=True):
        windows[f"Period {start:%Y-%m-%d}"] = (start.date(), end.date())
    return windows


def clicked_period(selection, frame: pd.DataFrame) -> str | None:
    """The 'Period ...' label of the chart point the user clicked, if any (bars report their middle)."""
    points = (selection or {}).get("selection", {}).get("points", [])
    if not points or not points[0].get("x"):
        return None
    day = pd.Timestamp(points[0]["x"])
    hit = frame[(frame["period"] <= day) & (frame["period_end"] > day) & (frame["events"] > 0)]
    return None if hit.empty else f"Period {hit['period'].iloc[0]:%Y-%m-%d}"


def event_links(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``link``: the article URL when there is one, else the event's detail view in the explorer."""
    out = events.copy()
    out["link"] = [safe_url(url) or f"explorer?event={i}" for i, url in zip(out["id"], out["article_url"],
                                                                            strict=True)]
    return out


def show_events(events: pd.DataFrame, key: str) -> None:
    """An event table with the evidence sentence and a link to the article (or the event's detail view)."""
    if events.empty:
        no_data("No events in this period.")
        return
    table = event_links(events)[["date", "actor", "target", "code", "stance", "goldstein", "evidence",
                                 "article_title", "link"]]
    st.dataframe(table, hide_index=True, key=key, width="stretch", column_config={
        "link": st.column_config.LinkColumn("Article", display_text="open"),
        "evidence": st.column_config.TextColumn("Evidence", width="large"),
        "article_title": "Article title",
    })
