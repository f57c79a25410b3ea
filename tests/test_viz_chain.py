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
    # A step that cannot be checked is not 「完整」: the chain says so instead.
    assert not chain["complete"]
    title = page.inner_text("#chain-title")
    assert "完整" not in title and "未能全部核实" in title
    # The 法律依据 column is drawn from the articles the approval cites.
    for art in chain["approval_articles"]:
        assert page.evaluate("id => window.dutygraph.chain.cy.getElementById(id).nonempty()", art)
        assert _x(page, art) > _x(page, supervisor)
    assert chain["approval_articles"], "该许可的依据引用了《食品安全法》条文"

    # Each step opens its details, with the row of the linkage list that names the supervisor.
    row = chain["linkage_ids"][0]
    page.evaluate("id => { window.dutygraph.chain.cy.getElementById(id).emit('tap'); }", row)
    page.locator("#details .provenance li").first.wait_for()
    assert "示例_审管联动清单.csv" in page.inner_text("#details")
    screenshot(page, "05-chain")


def test_a_chain_asked_by_name_asks_when_several_approvals_match(page, live_url):
    open_page(page, live_url, f"?region={REGION}")
    page.click("button[data-view=chain]")
    page.fill("#chain-item", "食品经营许可")
    page.click("#chain-form button[type=submit]")
    wait_idle(page)
    choices = page.locator("#chain-choices li")
    assert choices.count() >= 2
    assert page.evaluate("window.dutygraph.chain.chain") is None, "不应替读者选一个"
    picked = choices.nth(1).locator("a").inner_text()
    choices.nth(1).locator("a").click()
    wait_idle(page)
    assert page.evaluate("window.dutygraph.chain.chain.approval_name") == picked
    screenshot(page, "05b-chain-choose")


def test_dossier_shows_both_candidates_side_by_side(page, live_url):
    open_page(page, live_url, f"?region={REGION}")
    page.click("button[data-view=dossier]")
    # 无证无照经营 in 广安区: the townships lead one row, 区市场监督管理局 the other (notice N11, sample list).
    page.fill("#dossier-topic", "无证无照经营")
    page.click("#dossier-form button[type=submit]")
    wait_idle(page)
    table = page.locator("#dossier .basis-table")
    heads = table.locator("thead th.cand").all_inner_texts()
    assert any("各乡镇人民政府" in h for h in heads) and any("市场监督管理局" in h for h in heads), heads
    rows = table.locator("tbody tr")
    titles = rows.locator("td.basis a").all_inner_texts()
    assert len(titles) == len(set(titles)), "每条依据只列一次"
    # A row that names both: a role in each column, once.
    both = [sorted(rows.nth(i).locator("td.cell .role").all_inner_texts()) for i in range(rows.count())]
    assert ["主体/牵头", "配合"] in both, both
    assert "其他地区如何分配该事项" in page.inner_text("#dossier")
    screenshot(page, "07a-dossier-two-candidates")


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
    # However many candidates, the basis column stays readable (the table scrolls sideways instead).
    assert dossier.locator(".basis-table td.basis").first.bounding_box()["width"] >= 280
    assert "view=dossier" in page.url and "topic=" in page.url
    screenshot(page, "07-dossier")

    with page.expect_download() as info:
        dossier.locator("button[data-action=export-json]").click()
    assert info.value.suggested_filename == "争议事项卷宗-食品经营许可.json"
    with page.expect_download() as info:
        dossier.locator("button[data-action=export-markdown]").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("# 争议事项材料：食品经营许可") and "## 候选部门 × 依据" in markdown
    # A candidate's name leads back into the graph.
    dossier.locator(".candidate h4 a").first.click()
    wait_idle(page)
    assert page.locator("#view-graph").is_visible()
    assert page.evaluate("window.dutygraph.explorer.cy.nodes().length") > 1
