"""Widgets shared by the coders' pages: who is logged in, the event pickers fed by the ontology, field errors.

Widgets keep their values in session state under their keys, so a failed save (validation, busy database)
re-renders the form with what the coder typed. Pickers are plain keyed widgets rather than ``st.form`` so
that one choice can narrow the next (CAMEO root -> code, actor search -> actor).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st
import ui
from pydantic import ValidationError as PydanticValidationError

from tracker.errors import TrackerError, ValidationError
from tracker.ontology import event_types, issues
from tracker.queries.review import actor_names, search_actors
from tracker.schema.vocab import ROLE_RANK, Role
from tracker.services.auth import CurrentUser
from tracker.services.users import refresh_user

USER_KEY = "user"          # the key ui.current_user() and app.py's navigation read
_FLASH_KEY = "tracker_flash"


# -- who is logged in -----------------------------------------------------------------------------
def current_user() -> CurrentUser | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, CurrentUser) else None


def sign_in(user: CurrentUser) -> None:
    st.session_state[USER_KEY] = user


def sign_out() -> None:
    st.session_state.pop(USER_KEY, None)


def has_role(minimum: Role) -> bool:
    user = current_user()
    return user is not None and ROLE_RANK[Role(user.role)] >= ROLE_RANK[minimum]


def require_user(minimum: Role = Role.coder) -> CurrentUser:
    """The logged-in user with the role the database gives it now; else stop the page, pointing to the login.

    Navigation already hides these pages; this stops a page run on its own. The library checks the role again.
    """
    user = current_user()
    if user is not None:
        user = load(refresh_user, load(ui.get_db), user)
        if user is None:
            sign_out()
        else:
            sign_in(user)
    if user is None:
        st.warning(f"Log in with a {minimum.value} account to use this page (Log in, in the menu).")
        st.stop()
    if not has_role(minimum):
        st.warning(f"{user.name} is an {user.role}; this page needs the {minimum.value} role.")
        st.stop()
    return user


# -- messages that survive a rerun ------------------------------------------------------------------
def flash(message: str, kind: str = "success") -> None:
    """A message shown once, on the next run (after st.rerun); kind is success, info, warning or error."""
    st.session_state.setdefault(_FLASH_KEY, []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop(_FLASH_KEY, []):
        getattr(st, kind)(message)


# -- user text shown as text -------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown character so that article text shows literally (no links, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def highlighted(text: str, start: int | None, end: int | None, context: int | None = None) -> str:
    """Markdown of ``text`` with [start, end) highlighted, all else escaped; ``context`` trims around it."""
    text = text or ""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return escape_markdown(text if context is None else text[: 2 * context])
    lo, hi = (0, len(text)) if context is None else (max(0, start - context), min(len(text), end + context))
    before, mark, after = text[lo:start], " ".join(text[start:end].split()), text[end:hi]
    return (("… " if lo > 0 else "") + escape_markdown(before) + ":orange-background[" + escape_markdown(mark)
            + "]" + escape_markdown(after) + (" …" if hi < len(text) else ""))


def validate(shape, data: dict):
    """``shape.model_validate(data)`` with the first problem as a ValidationError naming its field."""
    try:
        return shape.model_validate(data)
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        message = err["msg"].removeprefix("Value error, ")
        raise ValidationError(f"{field}: {message}" if field else message, field=field) from None


class FieldErrors:
    """Placeholders under the fields, filled with a ValidationError's message when its ``field`` matches."""

    def __init__(self) -> None:
        self._slots: dict[str, object] = {}

    def slot(self, *fields: str):
        """A placeholder here, for the errors of ``fields``; returned for other messages too."""
        holder = st.empty()
        for f in fields:
            self._slots[f] = holder
        return holder

    def show(self, exc: TrackerError, fallback=None) -> None:
        field = exc.field.split(".")[0] if isinstance(exc, ValidationError) and exc.field else None
        target = self._slots.get(field) or fallback or st
        target.error(str(exc))


def guarded_save(action: Callable[[], object], errors: FieldErrors | None = None,
                 fallback=None) -> tuple[bool, object]:
    """Run a library write; a TrackerError becomes a message (next to its field when it has one).

    Returns (True, result) or (False, None). Anything that is not a TrackerError is a bug and surfaces.
    """
    try:
        return True, action()
    except TrackerError as exc:
        if errors is not None:
            errors.show(exc, fallback)
        else:
            (fallback or st).error(str(exc))
        return False, None


def load(fn: Callable, *args, **kwargs):
    """A read for a coder's page; when it fails (e.g. the file is busy) say so and stop the run.

    The form input survives: Streamlit drops the state of undrawn widgets only after a run that completes,
    not after ``st.stop()`` (measured on 1.67; tests/dashboards/test_pages_coder.py checks it).
    """
    try:
        return fn(*args, **kwargs)
    except TrackerError as exc:
        st.error(str(exc))
        st.stop()


# -- pickers ----------------------------------------------------------------------------------------
def actor_picker(db, label: str, key: str, default: str | None = None, optional: bool = False) -> str | None:
    """Search actors by name or code, then choose one. Returns the code (None for "no target")."""
    st.session_state.setdefault(f"{key}_code", default or "")
    query = st.text_input(f"{label}: search by name or code", key=f"{key}_q",
                          placeholder="e.g. China, USAGOV, Amnesty")
    current = st.session_state[f"{key}_code"]
    found = load(search_actors, db, query, limit=30) if query else None
    codes = list(found["code"]) if found is not None else []
    options = list(dict.fromkeys(([""] if optional else []) + ([current] if current else []) + codes))
    if not options:
        options = [""]
    names = load(actor_names, db, [c for c in options if c])
    if found is not None:
        names.update(dict(zip(found["code"], found["name"], strict=True)))
    if query and found is not None and found.empty:
        st.caption(f"No actor matches {query!r}.")

    def fmt(code: str) -> str:
        if not code:
            return "(none)" if optional else "(search above)"
        return f"{code}: {names[code]}" if code in names else f"{code} (not in the actor table)"

    choice = st.selectbox(label, options, key=f"{key}_code", format_func=fmt)
    return choice or None


def _cameo_label(code: str) -> str:
    row = event_types()[code]
    return f"{code}  {row['name']}  (Goldstein {row['goldstein']:+g})"


def cameo_picker(key: str, default: str | None = None) -> str:
    """CAMEO root, then a code under it, each with its name and Goldstein score; the description below."""
    types = event_types()
    roots = sorted(c for c, r in types.items() if r["level"] == 0)
    if default in types:
        st.session_state.setdefault(f"{key}_root", types[default]["root_code"])
        st.session_state.setdefault(f"{key}_code", default)
    root = st.selectbox("CAMEO root", roots, key=f"{key}_root", format_func=_cameo_label)
    codes = sorted(c for c, r in types.items() if r["root_code"] == root)
    code = st.selectbox("Event code", codes, key=f"{key}_code", format_func=_cameo_label,
                        help="Goldstein and quad class follow from the code; they are not typed in.")
    row = types[code]
    if row["description"]:
        st.caption(row["description"])
    return code


def issue_picker(key: str, default: list[str] | None = None) -> list[str]:
    table = issues()
    st.session_state.setdefault(key, [c for c in (default or []) if c in table])

    def fmt(code: str) -> str:
        parent = table[code]["parent_code"]
        return f"{table[code]['name']} ({code})" + (f", in {table[parent]['name']}" if parent else "")

    return st.multiselect("Issues", sorted(table), key=key, format_func=fmt)


def date_picker(key: str, default: date | None = None, label: str = "Event date") -> date:
    st.session_state.setdefault(key, default or date.today())
    return st.date_input(label, key=key, min_value=date(1800, 1, 1), max_value=date(2100, 12, 31))


def forget(prefix: str) -> None:
    """Drop the widget state of one form (after a successful save, or to load another event)."""
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


# -- the documented schema (the same source as docs/schema.md) ---------------------------------------
@st.cache_data(show_spinner=False)
def schema_relations() -> list[tuple[str, str, str, pd.DataFrame]]:
    """(name, kind, description, columns frame) for every table and view, from tracker.db.catalog."""
    from tracker.db.catalog import schema_catalog

    return [(r.name, r.kind, r.description,
             pd.DataFrame([(c.name, c.type, c.description) for c in r.columns],
                          columns=["column", "type", "description"]))
            for r in schema_catalog()]


def schema_browser(key: str = "schema_find") -> None:
    """Every table and view with its description and described columns; a box narrows the list."""
    find = st.text_input("Find a table or column", key=key, placeholder="e.g. goldstein, issue")
    find = find.strip().lower()
    for name, kind, description, columns in schema_relations():
        if find and find not in name and not columns["column"].str.contains(find, regex=False).any() \
                and find not in description.lower():
            continue
        with st.expander(f"{name} ({kind})", expanded=bool(find)):
            st.text(description)
            st.dataframe(columns, hide_index=True, width="stretch")
