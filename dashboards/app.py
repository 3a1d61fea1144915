"""The dashboard's entrypoint: page config and navigation, nothing else.

Run with `tracker dashboard` or `streamlit run dashboards/app.py` (TRACKER_DB names the database file).
To add a page, add a PageSpec to PAGES; ``min_role`` hides it from users without that role (the library checks
the role again on every write, so hiding is convenience, not access control).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import ui

from tracker.schema.vocab import ROLE_RANK, Role
from tracker.settings import Settings

LOGIN_PAGE = "views/login.py"     # always in the menu


@dataclass(frozen=True)
class PageSpec:
    path: str                       # relative to dashboards/
    title: str
    url_path: str
    min_role: Role | None = None    # None: everyone, logged in or not
    default: bool = False


#: every page, by section, in menu order
PAGES: dict[str, list[PageSpec]] = {
    "Analysis": [
        PageSpec("views/timeline.py", "Escalation timeline", "timeline", default=True),
        PageSpec("views/overview.py", "Overview", "overview"),
    ],
    "Research": [
        PageSpec("views/explorer.py", "Event explorer", "explorer"),
        PageSpec("views/network.py", "Actor network", "network"),
        PageSpec("views/sql_console.py", "SQL console", "sql"),
        PageSpec("views/schema_help.py", "Schema and codes", "schema"),
    ],
    "Coding": [
        PageSpec("views/review.py", "Review queue", "review", min_role=Role.coder),
        PageSpec("views/new_article.py", "New article", "new-article", min_role=Role.coder),
        PageSpec("views/event_editor.py", "Events by hand", "events", min_role=Role.coder),
        PageSpec(LOGIN_PAGE, "Log in / out", "login"),
    ],
}


def visible(spec: PageSpec) -> bool:
    user = ui.current_user()
    if spec.path == LOGIN_PAGE:
        return True
    if user is None and Settings.from_env().require_login:    # TRACKER_REQUIRE_LOGIN: nothing but the login
        return False
    if spec.min_role is None:
        return True
    return user is not None and ROLE_RANK[Role(user.role)] >= ROLE_RANK[spec.min_role]


st.set_page_config(page_title="tracker", layout="wide")
navigation = {
    section: [st.Page(s.path, title=s.title, url_path=s.url_path, default=s.default)
              for s in specs if visible(s)]
    for section, specs in PAGES.items()
}
st.navigation({section: pages for section, pages in navigation.items() if pages}).run()
