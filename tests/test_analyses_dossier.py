"""Dispute dossiers on the real corpus: candidates with evidence, other regions, a suggested lead."""
from __future__ import annotations

import json

import pytest

from graph.analyses.dossier import dossier
from graph.lookup.who_handles import QueryError
from test_analyses_support import GUANG_AN, corpus_graph_file, corpus_store  # noqa: F401


def test_dossier_suggests_the_lead_with_reasons(corpus_store):
    d = dossier(corpus_store, "违法建筑的制止和查处", GUANG_AN)
    assert d.region_name == "广安市广安区"
    assert d.candidates[0].department == "广安市广安区人民政府"
    assert d.suggestion["department"] == "广安市广安区人民政府"
    assert "违法建筑的制止和查处" in d.suggestion["reason_zh"]
    cooperating = {c.department for c in d.candidates[1:]}
    assert {"广安市广安区住房和城乡建设局", "广安市广安区综合行政执法局", "广安市广安区自然资源和规划局"} <= cooperating
    ev = d.candidates[0].evidence[0]
    assert ev.kind == "item" and ev.sources and ev.sources[0]["source"] == "示例_属地管理主体责任和配合责任清单.csv"
    # The unnamed city's rules on 违法建筑 (N10) are cited, not applied.
    assert d.elsewhere and all(not e.applies for e in d.elsewhere)
    # How 明光市 (明南街道's list) assigns it.
    assert [r.region for r in d.other_regions.regions] == ["341182"]


def test_a_vague_lead_is_listed_but_never_suggested(corpus_store):
    # 属地 sample: 「未取得许可从事经营活动（无证经营）的查处」, 主体责任 有关许可审批和行业主管部门.
    d = dossier(corpus_store, "无证无照经营", GUANG_AN)
    (vague,) = [c for c in d.candidates if c.department == "有关许可审批和行业主管部门"]
    # A generic holder is a candidate with its list row as evidence, but no Department node.
    assert vague.vague and vague.department_id.startswith("generic:")
    assert corpus_store.get_node(vague.department_id) is None
    assert any("未取得许可从事经营活动" in ev.title and ev.role == "lead" for ev in vague.evidence)
    # The heaviest evidence, and still never suggested.
    assert vague.weight > max(c.weight for c in d.candidates if not c.vague)
    assert vague.department not in (d.suggestion["department"], *d.suggestion.get("tied", []))
    # 无照经营 (no business licence) is not 无证经营 (no permit): for it that row shares only 经营,
    # so the placeholder is 弱关联, not a candidate, and 区市场监督管理局 is suggested.
    d = dossier(corpus_store, "无照经营查处", GUANG_AN)
    assert d.suggestion["department"] == "广安市广安区市场监督管理局"
    assert "有关许可审批和行业主管部门" not in [c.department for c in d.candidates]
    (weak,) = [w for w in d.weak if w.department == "有关许可审批和行业主管部门"]
    assert "「经营」" in weak.reason and "无照经营" in weak.reason


def test_the_townships_are_a_candidate_that_can_be_suggested(corpus_store):
    # 属地 row 2: 「违法建筑情况月报」, 主体责任 各乡镇人民政府(街道办事处), no other holder.
    d = dossier(corpus_store, "违法建筑情况月报", GUANG_AN)
    (towns,) = [c for c in d.candidates if c.department == "各乡镇人民政府(街道办事处)"]
    assert not towns.vague and towns.kind == "乡镇人民政府（街道办事处）"
    assert d.suggestion["department"] == "各乡镇人民政府(街道办事处)"


def test_evidence_that_balances_is_reported_as_a_tie(corpus_store):
    d = dossier(corpus_store, "食品经营许可", GUANG_AN)
    assert d.suggestion["department"] == ""
    assert set(d.suggestion["tied"]) == {"广安市广安区市场监督管理局", "广安市广安区行政审批局"}
    # 药品管理法's 「实施药品经营许可」 is one character from the topic but not about it.
    assert not [ev for c in d.candidates for ev in c.evidence if ev.kind == "DutyClause"]


def test_a_law_clause_on_the_matter_weighs_once_with_its_article(corpus_store):
    d = dossier(corpus_store, "药品经营许可", GUANG_AN)
    lead = d.candidates[0]
    assert lead.department == "广安市广安区市场监督管理局"
    kinds = {ev.kind for ev in lead.evidence}
    assert {"DutyClause", "Article"} <= kinds
    assert lead.reasons[0].startswith("法规职责条款: 实施药品经营许可")
    # The clause and the MANDATES sentences of the same law are one piece of law evidence.
    assert not any(r.startswith("法律条文") for r in lead.reasons)


def test_markdown_and_json_export(corpus_store):
    d = dossier(corpus_store, "违法建筑的制止和查处", GUANG_AN)
    md = d.to_markdown()
    assert md.startswith("# 争议事项材料：违法建筑的制止和查处\n")
    for heading in ("## 候选部门及依据", "## 其他地区的认定和分工（仅供参考）", "## 其他地区如何分配该事项"):
        assert heading in md
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert data["suggestion"]["department"] == "广安市广安区人民政府"
    assert data["candidates"][0]["evidence"][0]["sources"]


def test_empty_topic_is_refused(corpus_store):
    with pytest.raises(QueryError):
        dossier(corpus_store, "  ")


def test_a_reporting_item_does_not_outweigh_the_body_that_leads_the_enforcement(corpus_store):
    # 各乡镇 lead 「违法建筑情况月报」, whose name is closest to 「违法建筑」; 区人民政府 leads 「违法建筑的
    # 制止和查处」. A monthly report says who reports, not who leads the 查处.
    d = dossier(corpus_store, "违法建筑", GUANG_AN)
    assert d.suggestion["department"] == "广安市广安区人民政府"
    townships = next(c for c in d.candidates if c.department == "各乡镇人民政府(街道办事处)")
    report = next(ev for ev in townships.evidence if "违法建筑情况月报" in ev.title)
    assert report.role == "lead" and report.function == "辅助"
    assert "辅助职责，按配合计" in townships.reasons[0]
    assert townships.weight < d.candidates[0].weight
    # Asked about the report itself, the report is the matter and counts in full.
    monthly = dossier(corpus_store, "违法建筑情况月报", GUANG_AN)
    assert monthly.suggestion["department"] == "各乡镇人民政府(街道办事处)"
    assert "按配合计" not in monthly.suggestion["reason_zh"]


def test_a_topic_no_item_is_named_after_still_finds_its_candidates(corpus_store):
    # No item is called 燃气整改: the matter it is about (燃气) is, and 区住建局 holds it.
    d = dossier(corpus_store, "燃气整改", GUANG_AN)
    assert d.candidates, "「燃气整改」应找到候选部门"
    assert d.suggestion["department"] == "广安市广安区住房和城乡建设局"
    ev = d.candidates[0].evidence[0]
    assert "燃气" in ev.title and ev.coverage == 0.5 and ev.part == "燃气" and ev.sources
    assert "只涉及「燃气」" in d.to_markdown()


def test_a_matter_of_two_parts_shows_the_body_of_each(corpus_store):
    # 预付卡式消费纠纷: 消费纠纷 (区市监局 调解) and 预付卡 (区商务局 发卡企业备案): both sides of the dispute.
    d = dossier(corpus_store, "预付卡式消费纠纷", GUANG_AN)
    names = [c.department for c in d.candidates]
    assert {"广安市广安区市场监督管理局", "广安市广安区商务局"} <= set(names), names
    table = d.basis_table()
    assert {c["department"] for c in table["candidates"]} >= {"广安市广安区市场监督管理局", "广安市广安区商务局"}


def test_how_other_regions_assigned_the_matter_is_beside_each_candidate(corpus_store):
    d = dossier(corpus_store, "违法建筑的制止和查处", GUANG_AN)
    lead = d.candidates[0]
    assert lead.department == "广安市广安区人民政府" and lead.elsewhere == ["明光市"]
    assert d.basis_table()["candidates"][0]["elsewhere"] == ["明光市"]
    assert "其他地区由同类部门（人民政府）承担：明光市" in d.to_markdown()
    # 食品经营许可: 磁县 and 安丘市 (the 审管联动 samples) give it to the same two kinds of body.
    food = dossier(corpus_store, "食品经营许可", GUANG_AN)
    by_name = {c.department: c.elsewhere for c in food.candidates}
    assert by_name["广安市广安区市场监督管理局"] == by_name["广安市广安区行政审批局"] == ["磁县", "安丘市"]


# ---- a candidate needs a basis that concerns the matter, not a shared generic word (issue 15) ----
def test_a_shared_generic_word_makes_no_candidate_for_food_business_licences(corpus_store):
    # 食品经营许可 shares 「经营许可」 with 客运站经营许可 (交通运输局), 燃气经营许可证 (住建局) …
    d = dossier(corpus_store, "食品经营许可", GUANG_AN)
    assert [c.department for c in d.candidates] == ["广安市广安区市场监督管理局", "广安市广安区行政审批局"]
    weak = {w.department: w for w in d.weak}
    transport = weak["广安市广安区交通运输局"]
    assert "「经营许可」" in transport.reason and "「食品经营」" in transport.reason
    assert transport.count >= 10 and all(not ev.concerns and ev.shared for ev in transport.evidence)
    assert "客运站经营许可" in transport.evidence[0].title
    # 艺术品经营单位 shares 「品经营」: three characters, but not 食品
    assert "「品经营」" in weak["广安市广安区文化广电旅游局"].reason
    # nothing weak in the candidates' own evidence, nor in the basis table, nor suggested
    assert all(ev.concerns for c in d.candidates for ev in c.evidence)
    assert not [ev for c in d.candidates for ev in c.evidence if "经营攀岩" in ev.title or "蚕种" in ev.title]
    assert {c["department"] for c in d.basis_table()["candidates"]} == {c.department for c in d.candidates}
    assert set(d.suggestion["tied"]) == {"广安市广安区市场监督管理局", "广安市广安区行政审批局"}
    md = d.to_markdown()
    assert "## 弱关联（依据与事项只共有一般用语，不作候选）" in md and "- 广安市广安区交通运输局：" in md
    assert d.to_dict()["weak"][0]["reason"]


def test_illegal_building_candidates_rest_on_rows_of_the_matter(corpus_store):
    # who-handles reads 「违法建筑」 close to 建筑工程施工许可证核发 (住建局) and 建筑垃圾处理方案备案 (执法局):
    # they share 建筑, not 违法建筑; the bodies stay candidates through the 违法建筑 rows they cooperate on.
    d = dossier(corpus_store, "违法建筑", GUANG_AN)
    by_name = {c.department: c for c in d.candidates}
    assert d.suggestion["department"] == "广安市广安区人民政府"
    for name in ("广安市广安区住房和城乡建设局", "广安市广安区综合行政执法局", "广安市广安区自然资源和规划局"):
        titles = [ev.title for ev in by_name[name].evidence]
        assert titles and all("违法建筑" in t for t in titles), titles
    assert not d.weak


def test_gas_and_prepaid_card_candidates_name_their_part(corpus_store):
    gas = dossier(corpus_store, "燃气整改", GUANG_AN)
    assert [c.department for c in gas.candidates] == ["广安市广安区住房和城乡建设局"]
    assert all("燃气" in ev.title for ev in gas.candidates[0].evidence)
    card = dossier(corpus_store, "预付卡式消费纠纷", GUANG_AN)
    by_name = {c.department: c for c in card.candidates}
    assert set(by_name) == {"广安市广安区市场监督管理局", "广安市广安区商务局"}
    assert any("消费纠纷" in ev.title for ev in by_name["广安市广安区市场监督管理局"].evidence)
    assert any("预付卡" in ev.title for ev in by_name["广安市广安区商务局"].evidence)
