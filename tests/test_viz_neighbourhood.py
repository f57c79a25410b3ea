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


def _zoom_on(page, node_id: str, level: float) -> None:
    page.evaluate("([id, z]) => { const cy = window.dutygraph.explorer.cy; cy.zoom(z); cy.center(cy.getElementById(id)); }",
                  [node_id, level])
    _settled(page)


def test_labels_never_overlap_at_any_zoom(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "行政审批局", expect=HUB)
    focus = page.evaluate("window.dutygraph.explorer.focusId")
    for zoom in (0.7, 1.0, 1.75):
        _zoom_on(page, focus, zoom)
        drawn = [b for b in page.evaluate(_LABEL_BOXES) if b["drawn"]]
        assert drawn and not _overlapping(drawn), (zoom, _overlapping(drawn)[:5])

    # A crowded picture (the nodes pushed together, as a hairball of a hub looks): the names that
    # would cover a more important one are held back, the focus's and the departments' stay.
    page.evaluate("""id => { const ex = window.dutygraph.explorer; const c = ex.cy.getElementById(id).position();
        ex.cy.nodes().positions(n => ({ x: c.x + (n.position('x') - c.x) * 0.3, y: c.y + (n.position('y') - c.y) * 0.3 }));
        ex.declutterSoon(); }""", focus)
    _zoom_on(page, focus, 1.0)
    boxes = page.evaluate(_LABEL_BOXES)
    assert _overlapping(boxes), "挤在一起的标签本会相互重叠"
    drawn = [b for b in boxes if b["drawn"]]
    assert drawn and not _overlapping(drawn), _overlapping(drawn)[:5]
    assert focus in {b["id"] for b in drawn}, "焦点节点的名称必须显示"
    held_back = {b["id"] for b in boxes if not b["drawn"]}
    assert held_back and not any(i.startswith("dept:") for i in held_back), held_back
    screenshot(page, "03b-labels-decluttered")

    # Far out, names are too small to read: Cytoscape draws none of the items' (min-zoomed-font-size).
    _zoom_on(page, focus, 0.3)
    assert not [b for b in page.evaluate(_LABEL_BOXES) if not b["id"].startswith("more:")]

    # 重新布局 spreads them out again, and every name comes back.
    page.click("#relayout")
    wait_idle(page)
    page.evaluate("window.dutygraph.explorer.fit()")
    _settled(page)
    boxes = page.evaluate(_LABEL_BOXES)
    drawn = [b for b in boxes if b["drawn"]]
    assert not _overlapping(drawn) and len(drawn) > len(boxes) - len(held_back)


def test_a_small_neighbourhood_shows_every_name(page, live_url):
    # Eight nodes: the layout leaves room for the labels, so declutter hides none of them.
    open_page(page, live_url)
    choose_suggestion(page, "违法建筑的制止和查处", expect="属地管理事项")
    _settled(page)
    boxes = page.evaluate(_LABEL_BOXES)
    assert len(boxes) == page.evaluate("window.dutygraph.explorer.cy.nodes().length")
    assert all(b["drawn"] for b in boxes), [b["id"] for b in boxes if not b["drawn"]]
    # And the picture is framed with its labels: none runs off the canvas.
    width = page.evaluate("window.dutygraph.explorer.cy.width()")
    pan_x = page.evaluate("window.dutygraph.explorer.cy.pan().x")
    assert all(0 <= b["x1"] + pan_x and b["x2"] + pan_x <= width for b in boxes), boxes
