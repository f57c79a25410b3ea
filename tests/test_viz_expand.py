"""Explorer end to end: double-click to expand, the node cap that keeps a hub from flooding the
canvas, and the kind / item-type filters with their legend."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import (center_on, choose_suggestion, node_count, node_screen_point, open_page,  # noqa: E402
                     screenshot, visible_count, wait_idle)

pytest_plugins = ["browser"]


def _ids(page) -> set[str]:
    return set(page.evaluate("window.dutygraph.explorer.cy.nodes().map(n => n.id())"))


def test_double_click_expands_a_node(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    before = _ids(page)
    # An item of the department: its own source row is not on the canvas yet.
    item = page.evaluate("""() => window.dutygraph.explorer.cy.nodes('[label = "PowerItem"]')
                             .filter(n => !n.hasClass('expanded'))[0].id()""")
    center_on(page, item)
    x, y = node_screen_point(page, item)
    page.mouse.dblclick(x, y)
    wait_idle(page)
    after = _ids(page)
    assert before < after, "双击后应新增节点"
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).hasClass('expanded')", item)
    # New neighbours are connected to the node that was expanded.
    new = after - before
    linked = page.evaluate("""([id, ids]) => { const n = window.dutygraph.explorer.cy.getElementById(id);
                               return ids.filter(x => n.neighborhood('#' + CSS.escape(x)).length > 0).length; }""",
                           [item, sorted(new)])
    assert linked == len(new)
    assert "exp=" in page.url
    screenshot(page, "03-expanded")
    # 撤销 takes the expansion back, and then there is nothing left to undo in this view.
    page.click("#undo")
    assert _ids(page) == before
    assert "已撤销：展开" in page.inner_text("#status")
    page.click("#undo")
    assert page.inner_text("#status") == "没有可撤销的操作。"


def test_hub_department_is_capped(page, live_url):
    open_page(page, live_url, "?cap=40")
    assert page.input_value("#cap") == "40"
    # 区行政审批局 holds hundreds of items: the cap keeps the first view to 40 nodes.
    choose_suggestion(page, "行政审批局", expect="广安区行政审批局")
    assert node_count(page) <= 40
    focus = page.evaluate("window.dutygraph.explorer.focusId")
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).hasClass('truncated')", focus)
    assert "截断" in page.inner_text("#status")


def test_filters_hide_kinds_and_item_types(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    total = visible_count(page)
    legend = page.inner_text("#legend")
    assert "部门/单位" in legend and "职责空白" in legend
    types = page.locator("#filter-types input[type=checkbox]")
    assert types.count() >= 2
    first_type = types.first.get_attribute("value")
    n_type = page.evaluate("t => window.dutygraph.explorer.cy.nodes().filter(n => n.data('itemType') === t).length",
                           first_type)
    types.first.uncheck()
    assert visible_count(page) == total - n_type
    assert "hidetypes=" in page.url
    page.uncheck("#filter-kinds input[value='Source']")
    hidden_sources = page.evaluate("window.dutygraph.explorer.cy.nodes('[label = \"Source\"]').not('.hidden').length")
    assert hidden_sources == 0
    types.first.check()
    page.check("#filter-kinds input[value='Source']")
    assert visible_count(page) == total


def test_region_filter_hides_other_regions(page, live_url, viz_store):
    open_page(page, live_url)
    # 磁县 rows of the sample 审管联动 list: a department outside 广安区.
    name = choose_suggestion(page, "磁县市场监督管理局", expect="磁县")
    dept = next(r for r in viz_store.iter_nodes("Department") if r.props["name"] == name)
    assert not dept.props["region"].startswith("511602")
    hidden = "id => window.dutygraph.explorer.cy.getElementById(id).hasClass('hidden')"
    assert not page.evaluate(hidden, dept.id)
    page.select_option("#region", "511602")
    wait_idle(page)
    assert page.evaluate(hidden, dept.id)
    assert "region=511602" in page.url
    page.select_option("#region", "")
    wait_idle(page)
    assert not page.evaluate(hidden, dept.id)
