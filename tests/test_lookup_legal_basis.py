"""Legal-basis lookup: a matter no list covers but a law does, and one only a notice settles."""
from __future__ import annotations

from graph.lookup.legal_basis import law_candidates, notice_candidates, reaches
from ingest.laws import article_id


def test_air_pollution_in_guangan_district(legal_graph):
    store, _ = legal_graph
    results = law_candidates(store, "大气污染防治 监督管理", "511602", 5)
    top = results[0]
    assert top["department"] == "区生态环境局" and top["role"] == "lead"
    assert top["item_kind"] == "Article" and top["item_id"] == article_id("大气污染防治法", "第五条")
    assert top["matched_item"].startswith("《大气污染防治法》第五条")
    ev = top["evidence"][0]
    assert ev == {"source": "大气污染防治法.md", "locator": "第五条",
                  "text": "县级以上人民政府生态环境主管部门对大气污染防治实施统一监督管理。"}
    assert 0 <= top["score"] <= 100


def test_without_roster_the_current_type_name(legal_graph):
    store, _ = legal_graph
    top = law_candidates(store, "大气污染防治 监督管理", "130427", 3)[0]  # 磁县: no roster in the graph
    assert top["department"] == "生态环境主管部门" and not top["resolved_in_region"]


def test_old_names_answer_by_current_name(legal_graph):
    store, _ = legal_graph
    # 环境保护法 (2014) still says 环境保护主管部门.
    res = law_candidates(store, "环境保护工作 监督管理", "511602", 5)
    assert any(r["department"] == "区生态环境局" and r["department_type"] == "环境保护主管部门" for r in res)


def test_levels():
    assert reaches("县级以上", "511602") and reaches("县级以上地方", "511602")
    assert not reaches("省、自治区、直辖市", "511602") and not reaches("设区的市级以上", "511602")
    assert reaches("设区的市级以上", "511600")


def test_notice_settled_matter(legal_graph):
    store, _ = legal_graph
    res = notice_candidates(store, "违法建筑 日常巡查", None, 10)
    top = [r for r in res if r["matched_item"] == "乡镇(街道)辖区内违法建筑的日常巡查和监管工作"]
    assert {(r["department"], r["role"]) for r in top} == {
        ("乡镇人民政府(街道办事处)", "lead"), ("村(居)委会", "cooperate"), ("社区服务中心", "cooperate")}
    assert top[0]["evidence"][0]["source"].startswith("N10_")
    # The clause reader (issue 13) names a ruling by its matter; its condition tells this one apart.
    refer = [r for r in notice_candidates(store, "违法建筑 依法处理", None, 10)
             if r["matched_item"] == "违法建筑" and r["condition"] == "经劝阻无效且继续施工的"]
    assert {(r["department"], r["role"]) for r in refer} == {
        ("区(市、县)、管委会有关职能部门", "lead"), ("乡镇人民政府(街道办事处)", "cooperate")}
    assert refer[0]["condition"] == "经劝阻无效且继续施工的"
