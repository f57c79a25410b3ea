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
    d = dossier(corpus_store, "无照经营查处", GUANG_AN)
    names = [c.department for c in d.candidates]
    assert "有关许可审批和行业主管部门" in names
    assert d.suggestion["department"] == "广安市广安区市场监督管理局"
    # A generic holder is a candidate with its list row as evidence, but no Department node.
    (vague,) = [c for c in d.candidates if c.department == "有关许可审批和行业主管部门"]
    assert vague.vague and vague.department_id.startswith("generic:")
    assert corpus_store.get_node(vague.department_id) is None
    assert any("未取得许可从事经营活动" in ev.title and ev.role == "lead" for ev in vague.evidence)


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
