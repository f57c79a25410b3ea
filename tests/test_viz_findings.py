"""Explorer end to end: a region's findings in the panel, coloured and badged on the canvas,
one opened on click, and its broken chain followed into the linkage view."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]


def _open_findings(page, live_url):
    open_page(page, live_url, f"?region={REGION}")
    page.click(".tab[data-tab=findings]")
    wait_idle(page)
    page.locator("#findings li[data-key]").first.wait_for()


def test_findings_panel_lists_the_region(page, live_url):
    _open_findings(page, live_url)
    items = page.locator("#findings li[data-key]")
    assert items.count() > 100
    chips = page.inner_text("#findings-filter")
    assert "联动断链" in chips and "职责空白" in chips
    assert page.inner_text("#findings-count").isdigit()
    # A category can be hidden from the list.
    broken = page.locator("#findings li.finding-broken").count()
    page.uncheck("#findings-filter input[value=broken]")
    assert page.locator("#findings li.finding-broken").count() == 0
    assert page.locator("#findings li[data-key]").count() == items.count()
    page.check("#findings-filter input[value=broken]")
    assert page.locator("#findings li.finding-broken").count() == broken


def test_opening_a_finding_focuses_its_nodes(page, live_url):
    _open_findings(page, live_url)
    first = page.locator("#findings li.finding-broken").first
    title = first.locator(".finding-title").inner_text()
    first.click()
    wait_idle(page)
    opened = page.locator("#findings li.open")
    assert opened.locator(".finding-title").inner_text() == title
    # The finding explains itself: its detail and the list row behind it.
    assert "监管" in opened.locator(".finding-body").inner_text()
    assert "L05_广安市广安区政务服务事项_按部门.csv" in opened.locator(".provenance").inner_text()
    nodes = page.evaluate("key => window.dutygraph.findings.find(key).nodes", opened.get_attribute("data-key"))
    state = page.evaluate("""ids => ids.map(id => { const n = window.dutygraph.explorer.cy.getElementById(id);
                              return [n.nonempty(), n.selected(), n.hasClass('finding-broken')]; })""", nodes)
    assert state and all(present and selected and badged for present, selected, badged in state), state
    assert "发现：" in page.inner_text("#status")
    assert parse_qs(urlsplit(page.url).query)["finding"] == [opened.get_attribute("data-key")]
    screenshot(page, "04-finding-opened")

    # A link to this view opens the same finding.
    shared = page.url
    page.goto(shared)
    wait_idle(page)
    assert page.locator("#findings li.open .finding-title").inner_text() == title


def test_follow_a_broken_chain_from_its_finding(page, live_url):
    _open_findings(page, live_url)
    page.locator("#findings li.finding-broken").first.click()
    wait_idle(page)
    page.click("#findings li.open button[data-action=chain]")
    wait_idle(page)
    assert page.locator("#view-chain").is_visible()
    assert "断链" in page.inner_text("#chain-title")
    # The break is drawn where it happens: a placeholder for the missing supervisor, reached
    # by a dashed red link from the approving body.
    missing = page.evaluate("window.dutygraph.chain.cy.getElementById('missing:supervisor').data('name')")
    assert missing == "缺失：监管部门"
    broken_edges = page.evaluate("window.dutygraph.chain.cy.edges('.broken').map(e => e.target().id())")
    assert "missing:supervisor" in broken_edges
    assert "view=chain" in page.url and "item=" in page.url
    screenshot(page, "05a-chain-broken")
