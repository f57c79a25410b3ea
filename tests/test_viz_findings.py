"""Explorer end to end: a region's findings arranged for triage (by kind and department, most
severe first, same-cause groups folded, 「无法判断」 apart), one opened on a fresh canvas with its
evidence, and a broken chain followed into the linkage view."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION, choose_suggestion, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]

FOLDED = "#findings .section-undecidable li.fgroup.folded"


def _open_findings(page, live_url, query: str = ""):
    open_page(page, live_url, f"?region={REGION}{query}")
    page.click(".tab[data-tab=findings]")
    wait_idle(page)
    page.locator("#findings li.fgroup").first.wait_for()


def test_findings_are_grouped_and_sorted_for_triage(page, live_url):
    _open_findings(page, live_url)
    sections = page.locator("#findings li.findings-section")
    assert sections.count() == 2
    actionable = page.locator("#findings .section-actionable")
    undecidable = page.locator("#findings .section-undecidable")
    assert "需要处理" in actionable.locator("h3").inner_text()
    assert "无法判断" in undecidable.locator("h3").inner_text()
    # The real gap is on top, not under 281 rows of one cause.
    first = actionable.locator("li.fgroup").first
    assert "属地事项无主体责任部门" in first.inner_text() and "严重" in first.inner_text()
    # The 281 chains of 区行政审批局 without a linkage row are one note, apart from the gaps.
    folded = page.locator(FOLDED).first
    assert "行政审批局" in folded.inner_text() and "清单未覆盖" in folded.inner_text()
    assert folded.locator("li[data-key]").count() == 0
    assert actionable.locator("li.fgroup", has_text="行政审批局：").count() == 0
    # 「清单未覆盖，无法判断」 is never filed as a gap.
    assert actionable.locator("li[data-key]", has_text="无法核对").count() == 0
    assert undecidable.locator("li.fgroup", has_text="无法核对").count() == 1
    assert page.inner_text("#findings-count").isdigit()
    screenshot(page, "04-findings-triage")


def test_a_folded_group_expands(page, live_url):
    _open_findings(page, live_url)
    folded = page.locator(FOLDED).first
    key = folded.get_attribute("data-group")
    total = page.evaluate("""k => window.dutygraph.findings.sections.flatMap(s => s.groups)
                              .find(g => g.key === k).count""", key)
    assert total >= 100
    folded.locator("button[data-action=toggle-group]").click()
    group = page.locator(f"#findings li.fgroup[data-group='{key}']")
    assert group.locator("li[data-key]").count() == total
    assert "收起" in group.locator("button[data-action=toggle-group]").inner_text()
    group.locator("button[data-action=toggle-group]").click()
    assert page.locator(f"#findings li.fgroup[data-group='{key}'] li[data-key]").count() == 0


def test_opening_a_finding_starts_a_fresh_canvas_with_its_evidence(page, live_url):
    open_page(page, live_url, f"?region={REGION}")
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    # An item of that department, which the territorial finding below has nothing to do with.
    before = page.evaluate("window.dutygraph.explorer.cy.nodes('[label = \"PowerItem\"]')[0].id()")
    page.click(".tab[data-tab=findings]")
    wait_idle(page)
    gap = page.locator("#findings .section-actionable li[data-key]").first
    title = gap.locator(".finding-title").inner_text()
    gap.click()
    wait_idle(page)
    opened = page.locator("#findings li.open")
    assert opened.locator(".finding-title").inner_text() == title
    # Its evidence: the detail and the list row behind it.
    assert opened.locator(".finding-body").inner_text().strip()
    assert "示例_属地管理主体责任和配合责任清单.csv" in opened.locator(".provenance").inner_text()
    nodes = page.evaluate("key => window.dutygraph.findings.find(key).nodes", opened.get_attribute("data-key"))
    state = page.evaluate("""ids => ids.map(id => { const n = window.dutygraph.explorer.cy.getElementById(id);
                              return [n.nonempty(), n.selected()]; })""", nodes)
    assert state and all(present and selected for present, selected in state), state
    # A fresh canvas: what was shown before is gone.
    assert before not in nodes
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).empty()", before)
    assert page.evaluate("window.dutygraph.explorer.cy.nodes().length") <= 60
    assert "发现：" in page.inner_text("#status")
    assert parse_qs(urlsplit(page.url).query)["finding"] == [opened.get_attribute("data-key")]
    screenshot(page, "04a-finding-opened")
    # A link to this view opens the same finding.
    page.goto(page.url)
    wait_idle(page)
    assert page.locator("#findings li.open .finding-title").inner_text() == title


def test_follow_a_broken_chain_from_its_finding(page, live_url):
    _open_findings(page, live_url)
    page.locator(FOLDED).first.locator("button[data-action=toggle-group]").click()
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
