"""The real-browser fixtures of tests/dashboards (streamlit over ``browser_db``, Chromium, a page)."""

from tests.dashboards.conftest import browser, dashboard_server, page  # noqa: F401 - fixtures, used by name
