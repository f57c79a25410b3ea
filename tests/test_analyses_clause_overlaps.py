"""Overlaps that texts create (graph.analyses.clause_overlaps), on the corpus's own regulations:
one matter given to different leads by two texts on one subject, and joint duties 「按照各自职责」."""
from __future__ import annotations

import pytest

from graph.analyses.clause_overlaps import department_kind, matter_content
from graph.analyses.overlaps import find_overlaps, overlap_findings

HUANGPU, ZHENGZHOU_DISTRICT, DONGCHENG = "310101", "410102", "110101"
DOCS = ("上海/上海市实施《食品安全法》办法.md", "上海/上海市食品安全条例.md", "北京/北京市控制吸烟条例.md",
        "上海/上海市养犬管理条例.md", "河南/郑州市城市养犬管理条例.md")


@pytest.fixture(scope="module")
def regulations(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    for doc in DOCS:
        import_law(store, corpus / "local_laws" / doc)
    return store


def test_two_shanghai_texts_give_risk_monitoring_data_to_different_departments(regulations):
    # 《上海市实施〈食品安全法〉办法》: 「市食品药品监督管理部门应当收集、汇总风险监测数据和分析结果」;
    # 《上海市食品安全条例》: 「市卫生计生部门应当收集、汇总风险监测数据和分析结果」.
    found = [c for c in find_overlaps(regulations, HUANGPU) if c.reason == "clause_conflict"]
    (c,) = [c for c in found if "风险监测数据" in c.title_zh]
    assert {d["name"] for d in c.departments} == {"食品药品监督管理部门", "卫生计生部门"}
    assert {i["document"] for i in c.items} == {"上海市实施《食品安全法》办法.md", "上海市食品安全条例.md"}
    assert all(i["basis"].startswith("市") and "收集、汇总风险监测数据" in i["basis"] and i["locator"] for i in c.items)
    (f,) = [f for f in overlap_findings([c]) if f.data["reason"] == "clause_conflict"]
    assert f.severity == "high" and "不同的牵头部门" in f.detail_zh


def test_joint_duty_of_a_regulation_is_an_overlap_by_default(regulations):
    joint = [c for c in find_overlaps(regulations, DONGCHENG) if c.reason == "joint_clause"]
    (c,) = [c for c in joint if c.items[0]["name"] == "本行业或者领域内的控制吸烟工作"]
    assert {"教育部门", "公安部门", "市场监督管理部门"} <= {d["name"] for d in c.departments}
    assert c.items[0]["locator"] == "第六条第2款" and "按照各自职责" in c.items[0]["basis"]
    assert c.to_finding().severity == "medium"  # by design of the text, still worth a look


def test_another_province_s_texts_are_not_an_overlap_here(regulations):
    reasons = {(c.reason, c.title_zh) for c in find_overlaps(regulations, ZHENGZHOU_DISTRICT)}
    assert not any("风险监测数据" in t or "控制吸烟" in t for _, t in reasons)
    assert not [c for c in find_overlaps(regulations, HUANGPU, clauses="none") if c.reason.startswith("clause")]


def test_the_noise_rules_are_general():
    # A matter that only frames a duty is no matter; a government directs, it does not compete with
    # its departments; the reform map makes an old and a new name one kind.
    assert matter_content("违反本条例第三十一条规定") == "" and matter_content("下列行为之一") == ""
    assert matter_content("收集、汇总风险监测数据和分析结果") != ""
    assert department_kind("县级以上人民政府") == "" and department_kind("市、区人民政府") == ""
    assert department_kind("县级以上地方人民政府环境保护主管部门") == department_kind("生态环境主管部门")
