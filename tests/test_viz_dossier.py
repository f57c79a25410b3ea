"""Explorer end to end: the dispute dossier as a researcher reads it — how other regions assigned
the matter beside the candidates, a reporting duty marked and outweighed by the body that leads
the 查处, and a matter no item is named after (viz/static/js/dossier.js, graph/analyses/dossier.py)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]


def _dossier(page, live_url, topic: str):
    open_page(page, live_url, f"?region={REGION}")
    page.click("button[data-view=dossier]")
    page.fill("#dossier-topic", topic)
    page.click("#dossier-form button[type=submit]")
    wait_idle(page)
    return page.locator("#dossier")


def test_other_regions_are_shown_beside_the_candidates(page, live_url):
    dossier = _dossier(page, live_url, "食品经营许可")
    candidates = dossier.locator(".dossier-candidates")
    others = dossier.locator(".dossier-others")
    assert "其他地区如何分配该事项" in others.inner_text()
    # Beside, not below: the other regions' column starts right of the candidates, level with them.
    c, o = candidates.bounding_box(), others.bounding_box()
    assert o["x"] >= c["x"] + c["width"] - 1 and abs(o["y"] - c["y"]) < 40, (c, o)
    # 磁县 and 安丘市 (the sample 审管联动 list) give it to the same kinds of body as 广安区's two candidates.
    card = dossier.locator(".candidate", has_text="广安市广安区市场监督管理局").first
    assert "其他地区由同类部门（市场监督管理部门）承担：磁县、安丘市" in card.inner_text()
    head = dossier.locator(".basis-table thead th.cand", has_text="广安市广安区行政审批局").first
    assert "其他地区同类部门承担：磁县、安丘市" in head.inner_text()
    candidates.evaluate("el => el.scrollIntoView({ block: 'start' })")
    screenshot(page, "07b-dossier-other-regions")


def test_a_long_basis_table_shows_the_strongest_first_and_the_rest_on_request(page, live_url):
    # 「经营许可」: every licence of 广安区's lists — a hundred rows; the candidates stay within reach.
    dossier = _dossier(page, live_url, "经营许可")
    rows = dossier.locator(".basis-table tbody tr")
    total = rows.count()
    assert total > 25 and dossier.locator(".basis-table tbody tr:visible").count() == 25
    dossier.locator("button[data-action=more-basis]").click()
    assert dossier.locator(".basis-table tbody tr:visible").count() == total


def test_departments_sharing_only_a_generic_word_are_shown_apart(page, live_url):
    # 食品经营许可: 交通运输局's 客运站经营许可 shares 「经营许可」, not 食品经营 — 弱关联, not a candidate.
    dossier = _dossier(page, live_url, "食品经营许可")
    heads = dossier.locator(".basis-table thead th.cand").all_inner_texts()
    assert len(heads) == 2 and not any("交通运输局" in h for h in heads), heads
    assert "候选部门 2 个，弱关联" in dossier.locator(".dossier-head").inner_text()
    weak = dossier.locator(".dossier-weak .weak", has_text="广安市广安区交通运输局")
    assert "只共有「经营许可」" in weak.inner_text() and "未写明「食品经营」" in weak.inner_text()
    assert not dossier.locator(".candidate", has_text="广安市广安区交通运输局").count()
    weak.locator("summary").click()
    assert "客运站经营许可" in weak.locator(".evidence-list").inner_text()
    dossier.locator(".dossier-weak").evaluate("el => el.scrollIntoView({ block: 'start' })")
    screenshot(page, "07c-dossier-weak")


def test_a_monthly_report_does_not_outweigh_the_body_that_leads_the_enforcement(page, live_url):
    dossier = _dossier(page, live_url, "违法建筑")
    assert dossier.locator(".suggested-dept").inner_text() == "广安市广安区人民政府"
    row = dossier.locator(".basis-table tbody tr", has_text="违法建筑情况月报").first
    assert "辅助职责" in row.inner_text()
    heads = dossier.locator(".basis-table thead th.cand").all_inner_texts()
    assert heads[0].startswith("广安市广安区人民政府"), heads


def test_a_matter_no_item_is_named_after(page, live_url):
    dossier = _dossier(page, live_url, "燃气整改")
    assert dossier.locator(".candidate").count() >= 1
    assert dossier.locator(".suggested-dept").inner_text() == "广安市广安区住房和城乡建设局"
    assert "只涉及「燃气」" in dossier.locator(".basis-table").inner_text()


def test_a_matter_of_two_parts_shows_the_body_of_each_side_by_side(page, live_url):
    # 预付卡式消费纠纷 (the issue's own example: only 市监局 was shown): 消费纠纷 is 区市场监督管理局's
    # (调解), 预付卡 区商务局's (发卡企业备案) — both columns of the basis table, each with its row.
    dossier = _dossier(page, live_url, "预付卡式消费纠纷")
    heads = dossier.locator(".basis-table thead th.cand").all_inner_texts()
    assert any(h.startswith("广安市广安区市场监督管理局") for h in heads), heads
    assert any(h.startswith("广安市广安区商务局") for h in heads), heads
    card = dossier.locator(".basis-table tbody tr", has_text="预付卡").first
    assert "只涉及「预付卡」" in card.inner_text() and card.locator("td.cell .role").count() == 1
    assert dossier.locator(".basis-table tbody tr", has_text="消费纠纷调解").count() == 1
