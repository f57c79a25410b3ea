"""A heading sentence that names its matter only as 「下列行为」 keeps the items below it, so that a question naming
one of the acts finds the heading's department. Real corpus texts."""
from __future__ import annotations

from ingest.document_units import file_units, text_units
from ingest.listed_items import ListedItems


def _unit(units, locator):
    return next(u for u in units if u.locator == locator)


def test_the_items_below_a_heading_are_its_matter(corpus):
    units = file_units(corpus / "local_laws" / "广东" / "广东省公路条例.md")
    text = ListedItems(units).text_for(_unit(units, "第二十一条第1款"))
    assert text.startswith("第二十一条：（一）公路接线设置道口") and "埋设管线" in text
    # The paragraph after the items (「从事前款第（三）项…」) is a 款 of its own, not an item.
    assert "公安机关" not in text


def test_no_colon_no_items_and_items_with_their_own_clause_stay_theirs():
    units = text_units("第三条 下列事项由水行政主管部门负责：\n\n（一）河道管理；\n\n（二）采砂许可，由自然资源部门会同办理；\n\n"
                       "第四条 禁止在河道内倾倒垃圾。\n\n（一）不属于第四条的项", "law")
    items = ListedItems(units, with_clauses={_unit(units, "第三条第3款").line})
    assert items.text_for(_unit(units, "第三条第1款")) == "第三条：（一）河道管理；"
    assert items.text_for(_unit(units, "第四条第1款")) == ""


def test_who_handles_finds_the_heading_by_an_item_and_shows_it(guangdong_highway_graph):
    from graph.lookup.who_handles import who_handles

    answer = who_handles(guangdong_highway_graph, "在省道边埋设电缆、立电杆要先经哪个部门批准", region="440100")
    top = answer.results[0]
    assert "公路" in top.department and top.matched_item.startswith("《广东省公路条例》第二十一条")
    assert any(e.kind == "所列事项" and "埋设管线" in e.text for e in top.evidence)
