"""Review queue: the automatic coder's proposals, evidence highlighted; accept, edit or reject each."""

import forms
import pandas as pd
import streamlit as st
import ui

from tracker.queries.review import proposed_count, review_queue
from tracker.schema import Role, Status
from tracker.services.events import edit_event, review_event

PAGE_SIZE = 20
EDITING = "review_editing"

user = forms.require_user(Role.coder)
with ui.errors():
    db = ui.get_db()
st.title("Review queue")
forms.show_flash()


def saved(message: str) -> None:
    ui.clear_caches()
    forms.flash(message)
    st.rerun()


def decide(event_id: int, decision: Status, slot) -> None:
    ok, _ = forms.guarded_save(lambda: review_event(db, event_id, decision, user), fallback=slot)
    if ok:
        saved(f"Event {event_id} {decision.value}.")


def editor(row) -> None:
    """Pickers prefilled with the proposal; saving edits the event and accepts it."""
    prefix = f"rv{row.event_id}_"
    errors = forms.FieldErrors()
    day = forms.date_picker(prefix + "date", row.event_date)
    errors.slot("event_date")
    actor = forms.actor_picker(db, "Actor", prefix + "actor", row.actor_code)
    errors.slot("actor_code")
    target = forms.actor_picker(db, "Target", prefix + "target", row.target_code, optional=True)
    errors.slot("target_code")
    code = forms.cameo_picker(prefix + "cameo", row.code)
    errors.slot("code")
    issues = forms.issue_picker(prefix + "issues", list(row.issues))
    errors.slot("issues")
    general = st.empty()
    save, cancel = st.columns(2)
    if save.button("Save and accept", key=prefix + "save", type="primary"):
        changes = {"event_date": day, "actor_code": actor, "target_code": target, "code": code,
                   "issues": issues}

        def write():
            edit_event(db, row.event_id, changes, user)
            review_event(db, row.event_id, Status.accepted, user)

        ok, _ = forms.guarded_save(write, errors, general)
        if ok:
            st.session_state.pop(EDITING, None)
            forms.forget(prefix)
            saved(f"Event {row.event_id} edited and accepted.")
    if cancel.button("Cancel", key=prefix + "cancel"):
        st.session_state.pop(EDITING, None)
        forms.forget(prefix)
        st.rerun()


def proposal(row) -> None:
    with st.container(border=True):
        target = f"{row.target_code} ({row.target_name})" if row.target_code else "no target"
        st.text(f"#{row.event_id}   {row.event_date}   {row.actor_code} ({row.actor_name})  ->  {target}")
        issues = ", ".join(row.issues) or "no issue"
        confidence = "" if row.confidence != row.confidence else f"   confidence {row.confidence:.2f}"
        st.text(f"{row.code} {row.stance}   Goldstein {row.goldstein:+g}   {issues}{confidence}")
        if pd.notna(row.evidence_start) and pd.notna(row.article_text):
            start, end = int(row.evidence_start), int(row.evidence_end)
            st.markdown(forms.highlighted(row.article_text, start, end, 240))
        elif pd.notna(row.evidence) and row.evidence:
            st.markdown(":orange-background[" + forms.escape_markdown(" ".join(row.evidence.split())) + "]")
        else:
            st.caption("No evidence sentence.")
        slot = st.empty()
        accept, edit, reject = st.columns(3)
        if accept.button("Accept", key=f"accept_{row.event_id}", type="primary"):
            decide(row.event_id, Status.accepted, slot)
        if edit.button("Edit", key=f"edit_{row.event_id}"):
            st.session_state[EDITING] = row.event_id
            st.rerun()
        if reject.button("Reject", key=f"reject_{row.event_id}"):
            decide(row.event_id, Status.rejected, slot)
        if st.session_state.get(EDITING) == row.event_id:
            editor(row)


article_param = st.query_params.get("article")
article_id = int(article_param) if article_param and article_param.isdigit() else None
queue = forms.load(review_queue, db, limit=PAGE_SIZE, article_id=article_id)
if queue.empty:
    st.info("No proposed events are waiting for review. The New article page and `tracker code` add some.")
    st.stop()
scope = f" from article {article_id}" if article_id is not None else ""
total = forms.load(proposed_count, db)
st.caption(f"{total} proposed events in all; showing {len(queue)}{scope}, grouped by article.")

for art_id, rows in queue.groupby("article_id", sort=False, dropna=False):
    first = rows.iloc[0]
    if art_id == art_id:      # not NaN: coded from an article
        st.subheader(forms.escape_markdown(first.article_title or f"Article {int(art_id)}"))
        st.caption(forms.escape_markdown(" · ".join(
            str(x) for x in (f"article {int(art_id)}", first.article_source, first.article_url)
            if pd.notna(x) and x)))
        with st.expander("Full article"):
            st.text(first.article_text)
    else:
        st.subheader("Without an article")
    for row in rows.itertuples():
        proposal(row)
