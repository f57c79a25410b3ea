"""Law impact, list diff and region comparison on the real corpus (with one seeded list revision)."""
from __future__ import annotations

import pytest

from graph.analyses.compare_regions import compare_regions, department_kind, standardisation_report
from graph.analyses.diff import DiffError, diff_versions
from graph.analyses.impact import ImpactQueryError, law_impact
from test_analyses_support import (GUANG_AN, L05, corpus_graph_file, corpus_store, reimport,  # noqa: F401
                                   revise_l05, rewrite_csv, sample)


# ---- impact -----------------------------------------------------------------------------------
def test_impact_of_a_law_lists_items_departments_and_regions(corpus_store):
    impact = law_impact(corpus_store, "食品安全法")
    assert impact.law["title"] == "中华人民共和国食品安全法"
    # The three 审管联动 sample rows that cite 第六条 (广安区, 磁县, 安丘市).
    assert sorted((i["region"], i["name"], i["article"]) for i in impact.items) == [
        ("130427", "食品经营许可", "第六条"), ("370784", "食品经营许可", "第六条"),
        (GUANG_AN, "食品(含保健食品)经营许可核发", "第六条")]
    assert impact.regions[GUANG_AN] == {"广安市广安区行政审批局": 1, "广安市广安区市场监督管理局": 1}
    assert impact.mandates and all(m["verb"] for m in impact.mandates)
    assert "3 项事项以其为依据" in impact.summary_zh()
    assert {r["部门"] for r in impact.rows()} >= {"广安市广安区市场监督管理局"}


def test_impact_of_one_article_and_roles(corpus_store):
    impact = law_impact(corpus_store, "无证无照经营查处办法", article="第六条")
    assert [a["label_zh"] for a in impact.articles] == ["第六条"]
    got = {(i["kind"], i["region"], tuple(sorted((d["name"], d["role"]) for d in i["departments"]))) for i in impact.items}
    assert got == {
        ("TerritorialItem", GUANG_AN, (("各乡镇人民政府(街道办事处)", "cooperate"), ("广安市广安区市场监督管理局", "lead"))),
        ("TownshipDutyItem", "341182", (("明光市市场监督管理局", "lead"), ("明南街道办事处", "withdrawn"))),
    }
    assert law_impact(corpus_store, "无证无照经营查处办法", article=6).items == impact.items


def test_impact_errors_say_what_exists(corpus_store):
    with pytest.raises(ImpactQueryError, match="图中没有法规「食品卫生法」.*食品安全法"):
        law_impact(corpus_store, "食品卫生法")
    with pytest.raises(ImpactQueryError, match="没有第 999 条"):
        law_impact(corpus_store, "食品安全法", article="999")


# ---- diff -------------------------------------------------------------------------------------
def test_diff_between_two_versions_of_l05(corpus_store, tmp_path):
    reimport(corpus_store, rewrite_csv(sample(L05), tmp_path, revise_l05))
    d = diff_versions(corpus_store, L05)
    assert [x.name for x in d.added] == ["河道采砂许可"]
    assert [x.name for x in d.removed] == ["乡村建设规划许可证核发"]
    changed = {x.name: {(c.field_zh, c.old, c.new) for c in x.changes} for x in d.changed}
    assert changed["燃气经营许可证新办"] == {("实施主体/责任部门", "区住建局", "区行政审批局")}
    assert ("事项类型", "公共服务", "其他行政权力") in changed["学生资助政策咨询"]
    assert set(changed) == {"燃气经营许可证新办", "学生资助政策咨询"}
    assert d.unchanged == 1135 - 1 - 2
    assert "新增 1 项、删除 1 项、变更 2 项" in d.summary_zh()
    assert {r["变动"] for r in d.rows()} == {"新增", "删除", "变更"}


def test_diff_needs_two_versions(corpus_store):
    with pytest.raises(DiffError, match="只有一个版本"):
        diff_versions(corpus_store, L05)
    with pytest.raises(DiffError, match="没有清单"):
        diff_versions(corpus_store, "不存在的清单.csv")


# ---- region comparison -----------------------------------------------------------------------------
def test_department_kinds_compare_across_regions():
    assert department_kind("区市监局") == department_kind("安丘市市场监督管理局") == "市场监督管理部门"
    assert department_kind("安丘市行政审批服务局") == department_kind("区行政审批局") == "行政审批局"
    assert department_kind("各乡镇人民政府(街道办事处)") == "乡镇人民政府（街道办事处）"
    assert department_kind("广安市广安区人民政府") == "人民政府"


def test_compare_regions_on_the_corpus(corpus_store):
    c = compare_regions(corpus_store, "无照经营行为的查处")
    assert [(r.region, r.kinds) for r in c.regions] == [("341182", ["市场监督管理部门"]), (GUANG_AN, ["市场监督管理部门"])]
    assert not c.differs
    c = compare_regions(corpus_store, "违法建筑的制止和查处")
    kinds = {r.region: r.kinds for r in c.regions}
    assert kinds[GUANG_AN] == ["人民政府"]        # 区人民政府 leads; 住建、规划、执法 only cooperate


def test_standardisation_report_is_empty_with_one_county_per_power(corpus_store):
    assert standardisation_report(corpus_store) == []
