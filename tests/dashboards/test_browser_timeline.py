"""End to end: `streamlit run` on a seeded database; a real Chromium opens the US–China human-rights
timeline."""

from __future__ import annotations

import pytest

from tests.dashboards.conftest import ARTIFACTS, open_page, wait_idle
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


def test_clicking_a_bar_lists_the_events_of_its_period(dashboard_server, page):
    open_page(page, dashboard_server)
    page.wait_for_selector(CHART)
    focus = page.get_by_role("combobox", name="Show the events of")
    assert focus.input_value().startswith("Episode 1: 2020-06-01")
    bars = page.locator('[data-testid="stPlotlyChart"] .barlayer .point path')
    heights = bars.evaluate_all("paths => paths.map(p => p.getBoundingClientRect().height)")
    box = bars.nth(heights.index(max(heights))).bounding_box()      # the tallest bar: July 2020
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)   # where Plotly listens
    page.wait_for_function("""() => document.querySelector('input[aria-label="Show the events of"]')
                                         .value === 'Period 2020-07-01'""")
    wait_idle(page)
    table = page.locator('[data-testid="stDataFrame"]').last
    assert table.is_visible()
