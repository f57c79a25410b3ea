"""行政协助 and 部门间办事 lists as first-class: who assists whom, on what, within what time — in the
graph, in who-handles and in the dossier (the scorecard's count is tested with the scorecard)."""
from __future__ import annotations

from graph.analyses.dossier import dossier
from graph.lookup.who_handles import who_handles
from graph.model import Rel
from supervision_support import GUANG_AN, gstore, supervision_graph_file  # noqa: F401

LAND = "建设项目可行性研究论证阶段的建设用地审查意见"


def test_the_inter_department_list_is_read_with_parties_and_time_limit(gstore):
    (item,) = [r for r in gstore.iter_nodes("AssistanceItem") if r.props["name"] == LAND]
    p = item.props
    assert (p["category"], p["requester_text"], p["assistant_text"], p["time_limit"]) == \
        ("部门间办事", "区发改局", "区自然资源和规划局", "7个工作日")
    holds = {(gstore.get_node(e.src).props["name"], e.props["role"], e.props["duty"])
             for e in gstore.edges_to(item.id, Rel.HOLDS.value)}
    assert holds == {("广安市广安区自然资源和规划局", "lead", "协助"), ("广安市广安区发展和改革局", "cooperate", "请求协助")}
    old = [r for r in gstore.iter_nodes("AssistanceItem") if r.props["dataset"] == "示例_广安区_行政协助清单.csv"]
    assert old and {r.props["category"] for r in old} == {"行政协助"}


def test_who_handles_names_the_assisting_and_the_requesting_department(gstore):
    answer = who_handles(gstore, LAND, region=GUANG_AN)
    duties = {(c.department, c.role, c.duty) for c in answer.results if c.item_kind == "AssistanceItem"}
    assert ("广安市广安区自然资源和规划局", "lead", "协助") in duties
    assert ("广安市广安区发展和改革局", "cooperate", "请求协助") in duties
    top = answer.results[0]
    assert top.matched_item == LAND and any(e.locator == "第 4 行" for e in top.evidence)


def test_the_dossier_shows_the_assistance_duty(gstore):
    d = dossier(gstore, "涉案农产品的检验结论、认定意见和无害化处理", region=GUANG_AN).to_markdown()
    assert "行政协助事项「涉案农产品的检验结论、认定意见和无害化处理」（协助）" in d
