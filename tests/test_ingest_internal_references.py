"""A penalty article that names its violation only by the article it breaks (「违反本条例第十八条规定的」)
keeps what that article says, so that a question naming the act finds it. Real corpus texts."""
from __future__ import annotations

from ingest.document_units import file_units, text_units
from ingest.internal_references import InternalReferences


def test_the_referenced_article_is_what_the_penalty_is_for(corpus):
    refs = InternalReferences(file_units(corpus / "local_laws" / "广东" / "广东省公路条例.md"))
    text = refs.text_for("违反本条例第十八条规定的，由县级以上人民政府交通主管部门责令其停止违法行为")
    assert text.startswith("第十八条：") and "打谷晒粮" in text


def test_only_the_items_named_are_kept(corpus):
    refs = InternalReferences(file_units(corpus / "local_laws" / "北京" / "北京市实施《档案法》办法.md"))
    text = refs.text_for("企业事业组织或者个人有本办法第三十四条第（四）项、第（五）项行为的，由市或者区档案行政管理部门给予警告")
    assert "倒卖档案" in text and "（四）" in text and "（五）" in text and "（一）" not in text


def test_arabic_numbers_and_no_reference():
    refs = InternalReferences(text_units("第三条 禁止在河道内采砂。\n\n第九条 违反本条例第3条规定的，由水行政主管部门处罚。", "law"))
    assert refs.text_for("违反本条例第3条规定的，由水行政主管部门处罚") == "第三条：禁止在河道内采砂。"
    assert refs.text_for("由水行政主管部门负责河道管理") == ""


def test_who_handles_finds_the_penalty_by_the_act_and_shows_the_article(guangdong_highway_graph):
    from graph.lookup.who_handles import who_handles

    answer = who_handles(guangdong_highway_graph, "有人在国道上打谷晒粮，谁来管", region="440900")
    top = answer.results[0]
    assert "交通" in top.department and top.matched_item.startswith("《广东省公路条例》第五十条")
    assert any(e.kind == "被引条文" and e.locator == "第十八条" for e in top.evidence)
