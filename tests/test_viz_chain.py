"""Explorer end to end: a complete linkage chain laid out left to right, followed from an item's
details panel, and a dispute dossier with its evidence."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION, choose_suggestion, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]


def _x(page, node_id: str) -> float:
    return page.evaluate("id => window.dutygraph.chain.cy.getElementById(id).position('x')", node_id)


def test_chain_runs_left_to_right_from_approval_to_supervisor(page, live_url, viz_store):
    open_page(page, live_url, f"?region={REGION}")
    # 食品经营许可 of 广安区: approved by 行政审批局, supervised by 市场监督管理局 per the linkage list.
    choose_suggestion(page, "食品(含保健食品)经营许可补办", expect="经营许可补办")
    page.locator("#details button[data-action=chain]").click()
    wait_idle(page)
    assert page.locator("#view-chain").is_visible()
    chain = page.evaluate("window.dutygraph.chain.chain")
    assert not chain["broken"]
    approval = chain["approval_id"]
    approver = chain["approvers"][0]["id"]
    supervisor = chain["supervisors"][0]["id"]
    assert chain["approvers"][0]["name"].endswith("行政审批局")
    assert chain["supervisors"][0]["name"].endswith("市场监督管理局")
    # dagre, rankDir LR: every step stands to the right of the one before it.
    assert _x(page, approval) < _x(page, approver) < _x(page, supervisor)
    assert _x(page, supervisor) < _x(page, "missing:enforcement")
    # The lists of 广安区 hold no inspection/penalty items: that link is unknown, not broken.
    assert page.evaluate("window.dutygraph.chain.cy.getElementById('missing:enforcement').hasClass('unknown')")
    assert page.evaluate("window.dutygraph.chain.cy.edges('.broken').length") == 0
    assert "完整" in page.inner_text("#chain-title")

    # Each step opens its details, with the row of the linkage list that names the supervisor.
    row = chain["linkage_ids"][0]
    page.evaluate("id => { window.dutygraph.chain.cy.getElementById(id).emit('tap'); }", row)
    page.locator("#details .provenance li").first.wait_for()
    assert "示例_审管联动清单.csv" in page.inner_text("#details")
    screenshot(page, "05-chain")


def test_dossier_collects_candidates_and_evidence(page, live_url, tmp_path):
    open_page(page, live_url, f"?region={REGION}")
    page.click("button[data-view=dossier]")
    page.fill("#dossier-topic", "食品经营许可")
    page.click("#dossier-form button[type=submit]")
    wait_idle(page)
    dossier = page.locator("#dossier")
    assert "争议事项卷宗：食品经营许可" in dossier.locator("h2").inner_text()
    candidates = dossier.locator(".candidate")
    assert candidates.count() >= 2
    text = dossier.inner_text()
    assert "广安市广安区市场监督管理局" in text and "建议主体责任部门" in text
    assert dossier.locator(".evidence-list .provenance li").count() > 0
    assert "view=dossier" in page.url and "topic=" in page.url
    screenshot(page, "07-dossier")

    with page.expect_download() as info:
        dossier.locator("button[data-action=export-json]").click()
    assert info.value.suggested_filename == "争议事项卷宗-食品经营许可.json"
    # A candidate's name leads back into the graph.
    dossier.locator(".candidate h4 a").first.click()
    wait_idle(page)
    assert page.locator("#view-graph").is_visible()
    assert page.evaluate("window.dutygraph.explorer.cy.nodes().length") > 1
