"""The timeline's topic form: describe a custom topic and draw it; coders save or delete topics for
everyone."""

from __future__ import annotations

import streamlit as st
import ui
from pydantic import ValidationError as PydanticValidationError

from tracker.ontology import countries, issues
from tracker.schema.dashboard import Granularity, TopicDefinition
from tracker.services.topics import delete_topic, save_topic

_FORM_KEYS = ("tf_a_countries", "tf_a_actors", "tf_b_countries", "tf_b_actors", "tf_both", "tf_issues",
              "tf_since", "tf_until", "tf_granularity")


def custom_topic() -> TopicDefinition | None:
    """The custom topic last drawn in this session, if any."""
    return st.session_state.get("custom_topic")


def _codes(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _draw() -> None:
    """Form callback (runs before the script): validate the form into a topic and switch the picker to it."""
    s = st.session_state
    try:
        topic = TopicDefinition(
            side_a={"countries": s["tf_a_countries"], "actors": _codes(s["tf_a_actors"])},
            side_b={"countries": s["tf_b_countries"], "actors": _codes(s["tf_b_actors"])},
            directed=not s["tf_both"], issues=s["tf_issues"], since=s["tf_since"], until=s["tf_until"],
            granularity=s["tf_granularity"],
        )
    except PydanticValidationError as exc:
        s["tf_error"] = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        return
    s.pop("tf_error", None)
    s["custom_topic"] = topic
    s["tl_topic"] = ui.CUSTOM


def _defaults(topic: TopicDefinition | None) -> None:
    """Prefill the form (from the topic on screen, if any) the first time it is drawn in this session."""
    if any(k in st.session_state for k in _FORM_KEYS):
        return
    topic = topic or TopicDefinition()
    st.session_state.update({
        "tf_a_countries": list(topic.side_a.countries), "tf_a_actors": ", ".join(topic.side_a.actors),
        "tf_b_countries": list(topic.side_b.countries), "tf_b_actors": ", ".join(topic.side_b.actors),
        "tf_both": not topic.directed, "tf_issues": [i for i in topic.issues if i in issues()],
        "tf_since": topic.since, "tf_until": topic.until, "tf_granularity": topic.granularity.value,
    })


def show_form(topic: TopicDefinition | None = None) -> None:
    """The custom-topic form, prefilled from ``topic`` the first time; drawn on demand (heavy to render)."""
    _defaults(topic)
    names = {c: f"{c} – {r['name']}" for c, r in countries().items()}
    issue_names = {c: r["name"] for c, r in issues().items()}
    with st.container(border=True):
        st.markdown("**Custom topic**")
        with st.form("topic_form"):
            a, b = st.columns(2)
            a.multiselect("Side A countries", list(names), format_func=names.get, key="tf_a_countries")
            a.text_input("Side A actors (codes or prefixes)", key="tf_a_actors", placeholder="USAGOV")
            b.multiselect("Side B countries", list(names), format_func=names.get, key="tf_b_countries")
            b.text_input("Side B actors (codes or prefixes)", key="tf_b_actors", placeholder="CHNGOV, HKG")
            st.checkbox("Both directions (A → B and B → A)", key="tf_both")
            st.multiselect("Issues (each with its sub-issues; empty: any)", list(issue_names),
                           format_func=issue_names.get, key="tf_issues")
            c, d, e = st.columns(3)
            c.date_input("From", value=None, key="tf_since")
            d.date_input("Until", value=None, key="tf_until")
            e.radio("Period", [g.value for g in Granularity], horizontal=True, key="tf_granularity")
            st.form_submit_button("Draw", on_click=_draw)
        if st.session_state.get("tf_error"):
            st.error(ui.literal(st.session_state["tf_error"]))


def save_controls(topic: TopicDefinition, saved: str | None) -> None:
    """For coders: save the topic on screen for everyone, or delete the saved topic ``saved``."""
    user = ui.current_user()
    if not ui.is_coder(user):
        st.caption("Coders can save topics for everyone.")
        return
    with st.expander("Save or delete topics"):
        with st.form("topic_save"):
            name = st.text_input("Save the topic on screen as", key="tf_name")
            replace = st.checkbox("Replace a topic with this name", key="tf_replace")
            if st.form_submit_button("Save topic"):
                with ui.errors():
                    save_topic(ui.get_db(), name, topic, user, replace=replace)
                ui.clear_caches()
                st.success(ui.literal(f"Saved {name.strip()!r}; everyone sees it in the topic list."))
        if saved and st.button(ui.literal(f"Delete the saved topic {saved!r}"), key="tf_delete"):
            with ui.errors():
                delete_topic(ui.get_db(), saved, user)
            ui.clear_caches()
            st.success(ui.literal(f"Deleted {saved!r}."))
