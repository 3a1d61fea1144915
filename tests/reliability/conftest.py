"""The real-browser fixtures of tests/dashboards (streamlit over ``browser_db``, Chromium, a page)."""

import os  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

from tests.dashboards.conftest import browser, dashboard_server, page  # noqa: F401 - fixtures, used by name

# Fuzzing budgets: "ci" (the default, a bounded run in every `make test`) and "long" (HYPOTHESIS_PROFILE=long)
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=30, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
