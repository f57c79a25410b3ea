"""The scorecard page in a real headless Chromium: the ranked table and the SVG charts come from
/api/scorecard, a department opens with every indicator and its rows, and nothing leaves the machine."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]


def test_scorecard_page_ranks_departments_and_explains_one(page, live_url, viz_store):
    from graph.analyses.scorecard import scorecard

    expected = scorecard(viz_store, REGION)
    open_page(page, live_url, f"static/scorecard.html?region={REGION}")
    rows = page.locator("#sc-table tbody tr")
    assert rows.count() == len(expected.departments)
    first = expected.departments[0]
    assert first.department in rows.nth(0).inner_text()
    bars = page.locator("#sc-chart svg rect.bar:not(.max)")
    assert bars.count() == sum(1 for d in expected.departments if d.percent is not None)
    approvals = next(d for d in expected.departments if d.department == "广安市广安区行政审批局")
    page.locator("#sc-table tbody tr", has_text="广安市广安区行政审批局").click()
    wait_idle(page)
    detail = page.locator("#sc-detail")
    assert detail.is_visible() and "广安市广安区行政审批局" in page.locator("#sc-detail-title").inner_text()
    chains = page.locator('.sc-ind[data-metric="broken_chains"]')
    assert chains.count() == 1
    broken = approvals.measures["broken_chains"]
    assert f"依据 {int(broken.value)} 行" in chains.inner_text()
    chains.locator("summary").click()
    assert "审管联动链条断在" in chains.locator("li").first.inner_text()
    assert page.locator("#sc-types svg rect.bar").count() == len(approvals.items_by_type)
    assert page.locator("#sc-csv").get_attribute("href").endswith("format=csv")
    screenshot(page, "scorecard")


def test_the_explorer_links_to_the_scorecard(page, live_url):
    open_page(page, live_url)
    page.locator("#open-scorecard").click()
    page.wait_for_url("**/static/scorecard.html*")
    wait_idle(page)
    assert page.locator("h1").inner_text() == "部门履职评价"
