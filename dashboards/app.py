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
        PageSpec("pages/timeline.py", "Escalation timeline", "timeline", default=True),
        PageSpec("pages/overview.py", "Overview", "overview"),
    ],
    "Research": [
        PageSpec("pages/explorer.py", "Event explorer", "explorer"),
        PageSpec("pages/network.py", "Actor network", "network"),
    ],
    "Coding": [],
}


def visible(spec: PageSpec) -> bool:
    if spec.min_role is None:
        return True
    user = ui.current_user()
    return user is not None and ROLE_RANK[Role(user.role)] >= ROLE_RANK[spec.min_role]


st.set_page_config(page_title="tracker", layout="wide")
navigation = {
    section: [st.Page(s.path, title=s.title, url_path=s.url_path, default=s.default) for s in specs if visible(s)]
    for section, specs in PAGES.items()
}
st.navigation({section: pages for section, pages in navigation.items() if pages}).run()
