"""Explorer end to end: a hub's neighbourhood kept readable — 「再显示 20 个」 one group at a time,
expansion by one relationship, hide and undo, and labels that never cover each other at any zoom
(viz/static/js/explorer.js, declutter.js, details.js)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import (center_on, choose_suggestion, node_screen_point, open_page, screenshot,  # noqa: E402
                     wait_idle)

pytest_plugins = ["browser"]

HUB = "广安区行政审批局"


def _ids(page) -> set[str]:
    return set(page.evaluate("window.dutygraph.explorer.cy.nodes().map(n => n.id())"))


def _click_node(page, node_id: str) -> None:
    """A real mouse click on a node of the canvas."""
    center_on(page, node_id)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    x, y = node_screen_point(page, node_id)
    page.mouse.click(x, y)
    wait_idle(page)


def _more_nodes(page) -> list[dict]:
    return page.evaluate("""window.dutygraph.explorer.cy.nodes('[label = "More"]').map(m => ({
        id: m.id(), group: m.data('group'), total: m.data('total'), next: m.data('next'), anchor: m.data('anchor'),
        name: m.data('name') }))""")


def test_show_twenty_more_of_one_group(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "行政审批局", expect=HUB)
    # 区行政审批局 holds hundreds of approvals: its biggest group shows a page and says what it hid.
    more = max(_more_nodes(page), key=lambda m: m["total"])
    assert more["total"] >= 100 and more["next"] == 20
    assert f"另有 {more['total'] - 20} 个未显示" in more["name"] and "点击再显示 20 个" in more["name"]
    note = page.inner_text("#cap-note")
    assert "未全部显示" in note and f"显示 20 / {more['total']} 个" in note
    rel, direction, label, item_type = more["group"].split("|")
    before = _ids(page)

    _click_node(page, more["id"])

    new = _ids(page) - before
    assert len(new) == 20, f"应再显示 20 个，实际新增 {len(new)}"
    # The twenty are of that group: the hub's items of that type, each tied to the hub.
    members = page.evaluate("""([ids, anchor]) => { const cy = window.dutygraph.explorer.cy;
        return ids.map(id => { const n = cy.getElementById(id);
          return [n.data('label'), n.data('props').power_type || '', n.edgesWith(cy.getElementById(anchor)).length]; }); }""",
                            [sorted(new), more["anchor"]])
    assert all(m == [label, item_type, m[2]] and m[2] >= 1 for m in members), members
    after = next(m for m in _more_nodes(page) if m["id"] == more["id"])
    assert after["next"] == 40 and f"另有 {more['total'] - 40} 个未显示" in after["name"]
    assert f"显示 40 / {more['total']} 个" in page.inner_text("#cap-note")
    screenshot(page, "03a-show-more")

    # 撤销 takes the twenty off again and the 「再显示」 node back to its old count.
    page.click("#undo")
    wait_idle(page)
    assert _ids(page) == before
    assert next(m for m in _more_nodes(page) if m["id"] == more["id"])["next"] == 20
    assert "已撤销：再显示" in page.inner_text("#status")


def test_expand_by_one_relationship(page, live_url, viz_store):
    open_page(page, live_url)
    # A 审管联动 row: its supervisor 市场监督管理局 is on the canvas, not yet expanded.
    choose_suggestion(page, "食品(含保健食品)经营许可核发", expect="审管联动事项")
    dept = next(r for r in viz_store.iter_nodes("Department") if r.props["name"] == "广安市广安区市场监督管理局")
    supervised = {e.dst for e in viz_store.edges_from(dept.id, "SUPERVISES")}
    assert len(supervised) >= 2
    _click_node(page, dept.id)
    button = page.locator("#details button[data-action=expand-rel][data-rel=SUPERVISES]")
    button.wait_for()
    assert button.inner_text() == f"监管 {len(supervised)}"
    before = _ids(page)
    button.click()
    wait_idle(page)
    new = _ids(page) - before
    assert new, "按「监管」展开应新增节点"
    # Only what the department supervises came: no items it holds, no source rows.
    assert new <= supervised, new - supervised
    assert supervised <= _ids(page)
    assert f"新增 {len(new)} 个节点" in page.inner_text("#status")
    page.click("#undo")
    wait_idle(page)
    assert _ids(page) == before
    assert "的「监管」关系" in page.inner_text("#status")


def test_hide_a_node_and_undo(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    item = page.evaluate("window.dutygraph.explorer.cy.nodes('[label = \"PowerItem\"]')[0].id()")
    degree = page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).connectedEdges().length", item)
    assert degree >= 1
    _click_node(page, item)
    page.click("#details button[data-action=hide]")
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).empty()", item)
    assert "已隐藏" in page.inner_text("#status")
    page.click("#undo")
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).connectedEdges().length", item) == degree
    assert "已撤销：隐藏 1 个节点" in page.inner_text("#status")


# What Cytoscape itself measures for each drawn label, so that the test does not trust
# declutter.js's own estimate of how wide a label is.
_LABEL_BOXES = """() => { const cy = window.dutygraph.explorer.cy; const z = cy.zoom(); const ext = cy.extent();
  const out = [];
  cy.nodes().not('.hidden').forEach(n => {
    const text = n.data('short'); if (!text) return;
    const font = parseFloat(n.style('font-size')); const min = parseFloat(n.style('min-zoomed-font-size'));
    if (font * z < min) return;                                      // Cytoscape does not draw it
    const p = n.position(); if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) return;
    const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true,
                              includeOverlays: false, includeUnderlays: false });
    out.push({ id: n.id(), drawn: !n.hasClass('nolabel'), x1: b.x1 * z, x2: b.x2 * z, y1: b.y1 * z, y2: b.y2 * z });
  });
  return out; }"""


def _overlapping(boxes: list[dict], slack: float = 1.0) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x1"] + slack < b["x2"] and b["x1"] + slack < a["x2"]
                    and a["y1"] + slack < b["y2"] and b["y1"] + slack < a["y2"]):
                out.append((a["id"], b["id"]))
    return out


def _settled(page) -> None:
    """Declutter runs when the viewport has been still for a moment."""
    page.wait_for_timeout(400)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_labels_never_overlap_and_more_appear_on_zoom(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "行政审批局", expect=HUB)
    _settled(page)
    boxes = page.evaluate(_LABEL_BOXES)
    # The picture is dense: drawn all at once, its labels would pile up.
    assert _overlapping(boxes), "测试需要一个标签会相互重叠的视图"
    drawn = [b for b in boxes if b["drawn"]]
    assert drawn and not _overlapping(drawn), _overlapping(drawn)[:5]
    focus = page.evaluate("window.dutygraph.explorer.focusId")
    assert focus in {b["id"] for b in drawn}, "焦点节点的名称必须显示"
    share_far = len(drawn) / len(boxes)
    screenshot(page, "03b-labels-decluttered")

    # Closer in, the nodes spread apart: more of those on screen get their names, still none covered.
    page.evaluate("id => { const cy = window.dutygraph.explorer.cy; cy.zoom({ level: cy.zoom() * 2.5, renderedPosition: cy.getElementById(id).renderedPosition() }); }", focus)
    _settled(page)
    boxes = page.evaluate(_LABEL_BOXES)
    drawn = [b for b in boxes if b["drawn"]]
    assert drawn and not _overlapping(drawn), _overlapping(drawn)[:5]
    assert len(drawn) / len(boxes) > share_far, (len(drawn), len(boxes), share_far)
