"""End to end: `streamlit run` on a seeded database; a real Chromium opens the US–China human-rights
timeline."""

from __future__ import annotations

import pytest

from tests.dashboards.conftest import ARTIFACTS, open_page
from tracker.services.topics import US_CHINA_HUMAN_RIGHTS

pytestmark = pytest.mark.browser

CHART = '[data-testid="stPlotlyChart"] .main-svg'


def test_timeline_draws_data_and_an_escalation_episode(dashboard_server, page):
    open_page(page, dashboard_server)          # the landing page is the timeline
    page.wait_for_selector(CHART)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    assert US_CHINA_HUMAN_RIGHTS in chart.locator(".gtitle").text_content()
    assert chart.locator(".barlayer .point").count() > 0, "no bars drawn"
    assert chart.locator(".scatterlayer .trace .points path").count() > 0, "no intensity points drawn"
    shading = chart.locator(".shapelayer path")
    assert shading.count() >= 1, "no escalation episode shaded"
    assert chart.locator(".annotation-text", has_text="#1").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=False)
    assert (ARTIFACTS / "timeline.png").stat().st_size > 10_000
