"""Add an event by hand; edit or retract one (with a reason); read its history from the audit log."""

import forms
import pandas as pd
import streamlit as st
import ui

from tracker.queries.events import get_event
from tracker.queries.review import history_table
from tracker.schema import Role
from tracker.services.events import edit_event, record_event, retract_event

user = forms.require_user(Role.coder)
with ui.errors():
    db = ui.get_db()
st.title("Events by hand")
forms.show_flash()


def saved(message: str, prefix: str) -> None:
    ui.clear_caches()
    forms.forget(prefix)
    forms.flash(message)
    st.rerun()


def event_fields(prefix: str, errors: forms.FieldErrors, ev: dict | None = None) -> dict:
    """The pickers of an event, prefilled from ``ev``; returns the values as record/edit input."""
    ev = ev or {}
    values = {"event_date": forms.date_picker(prefix + "date", ev.get("event_date"))}
    errors.slot("event_date")
    values["actor_code"] = forms.actor_picker(db, "Actor", prefix + "actor", ev.get("actor_code"))
    errors.slot("actor_code")
    values["target_code"] = forms.actor_picker(db, "Target", prefix + "target", ev.get("target_code"),
                                               optional=True)
    errors.slot("target_code")
    values["code"] = forms.cameo_picker(prefix + "cameo", ev.get("code"))
    errors.slot("code")
    values["issues"] = forms.issue_picker(prefix + "issues", list(ev.get("issues", [])))
    errors.slot("issues")
    st.session_state.setdefault(prefix + "evidence", ev.get("evidence") or "")
    values["evidence"] = st.text_area("Evidence (the supporting sentence)", key=prefix + "evidence") or None
    errors.slot("evidence")
    return values


def add_tab() -> None:
    prefix, errors = "add_", forms.FieldErrors()
    values = event_fields(prefix, errors)
    article = st.number_input("Article id (optional)", min_value=1, value=None, step=1,
                              key=prefix + "article")
    errors.slot("article_id")
    general = st.empty()
    if st.button("Add event", key=prefix + "save", type="primary"):
        data = {**values, "article_id": article}
        ok, event_id = forms.guarded_save(lambda: record_event(db, data, user), errors, general)
        if ok:
            saved(f"Event {event_id} added.", prefix)


def clean(ev: dict) -> dict:
    """get_event's row with missing values as None."""
    return {k: None if pd.api.types.is_scalar(v) and pd.isna(v) else v for k, v in ev.items()}


def edit_tab() -> None:
    wanted = st.query_params.get("event")
    if wanted and wanted.isdigit():
        st.session_state.setdefault("ed_id", int(wanted))
    event_id = st.number_input("Event id", min_value=1, value=None, step=1, key="ed_id")
    if event_id is None:
        st.caption("Give the id of an event (the explorer and the review queue show ids).")
        return
    event_id = int(event_id)
    ev = forms.load(get_event, db, event_id)
    if ev is None:
        st.warning(f"Event {event_id} does not exist.")
        return
    ev = clean(ev)
    target = f"{ev['target_code']} ({ev['target_name']})" if ev["target_code"] else "no target"
    st.text(f"#{event_id}  {ev['event_date']}  {ev['actor_code']} ({ev['actor_name']}) -> {target}\n"
            f"{ev['code']} {ev['stance']}   Goldstein {ev['goldstein']:+g}   status {ev['status']}   "
            f"dataset {ev['dataset']}   coder {ev['coder']}")
    prefix, errors = f"ed{event_id}_", forms.FieldErrors()
    st.subheader("Edit")
    values = event_fields(prefix, errors, ev)
    general = st.empty()
    if st.button("Save changes", key=prefix + "save", type="primary"):
        ok, _ = forms.guarded_save(lambda: edit_event(db, event_id, values, user), errors, general)
        if ok:
            saved(f"Event {event_id} saved.", prefix)

    st.subheader("Retract")
    if ev["status"] == "retracted":
        st.info("This event is retracted: it is kept with its history and left out of the live data.")
    else:
        reason = st.text_input("Reason for the retraction", key=prefix + "reason")
        reason_slot = errors.slot("reason")
        if st.button("Retract", key=prefix + "retract"):
            ok, _ = forms.guarded_save(lambda: retract_event(db, event_id, user, reason), errors, reason_slot)
            if ok:
                saved(f"Event {event_id} retracted.", prefix)

    st.subheader("History")
    st.dataframe(forms.load(history_table, db, event_id), hide_index=True, width="stretch")


add, edit = st.tabs(["Add", "Edit, retract, history"])
with add:
    add_tab()
with edit:
    edit_tab()
