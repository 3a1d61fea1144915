"""New article: a pasted text, stored like any ingested article (dedup included), then coded automatically."""

import logging
from datetime import date

import forms
import streamlit as st
import ui

from tracker.errors import TrackerError
from tracker.schema import ArticleCreate, Role
from tracker.services.articles import submit_article
from tracker.services.coding import code_articles

log = logging.getLogger(__name__)
PREFIX = "na_"

forms.require_user(Role.coder)
with ui.errors():
    db = ui.get_db()
st.title("New article")
forms.show_flash()
st.caption("The text is stored as it is and shown as plain text; the automatic coder then proposes events "
           "for the review queue.")

# the values stay in session state after a failed submit (busy database, validation), so nothing is retyped
errors = forms.FieldErrors()
with st.form("new_article"):
    title = st.text_input("Title", key=PREFIX + "title")
    source = st.text_input("Source (outlet)", key=PREFIX + "source", placeholder="e.g. Reuters")
    url = st.text_input("URL", key=PREFIX + "url", placeholder="https://...")
    errors.slot("url")
    published = st.date_input("Publication date", value=None, key=PREFIX + "date",
                              min_value=date(1800, 1, 1), max_value=date(2100, 12, 31))
    text = st.text_area("Text", key=PREFIX + "text", height=300)
    errors.slot("text")
    submitted = st.form_submit_button("Store and code", type="primary")
message = st.empty()


def run_coder(article_id: int) -> None:
    """Code the stored article; a coder failure is reported, the article stays stored either way."""
    try:
        report = code_articles(db, [article_id], user=ui.current_user())
    except TrackerError as exc:
        forms.flash(f"The automatic coder did not run: {exc} The article is stored; retry with "
                    f"`tracker code {article_id}`.", "error")
    except Exception as exc:  # noqa: BLE001 - the coder is a separate component; its bug must not lose the article
        log.exception("automatic coder failed on article %s", article_id)
        forms.flash(f"The automatic coder failed ({type(exc).__name__}: {exc}). The article is stored as "
                    f"{article_id}; code it later with `tracker code {article_id}`.", "error")
    else:
        forms.flash(f"The automatic coder proposed {report.proposed} events; they are in the review queue.",
                    "info")


if submitted:
    data = {"title": title, "source": source, "url": url, "published_at": published, "text": text,
            "origin": "form"}
    ok, result = forms.guarded_save(lambda: submit_article(db, forms.validate(ArticleCreate, data), ui.current_user()),
                                    errors, message)
    if ok:
        article_id, created = result
        if created:
            forms.flash(f"Stored as article {article_id}.")
            run_coder(article_id)
        else:
            forms.flash(f"This article is stored already (article {article_id}); nothing was added.",
                        "warning")
        ui.clear_caches()
        forms.forget(PREFIX)
        st.rerun()
