"""审管联动 chains on the real corpus, and the later links on a small graph with enforcement items."""
from __future__ import annotations

from collections import Counter

from graph.analyses.linkage import MISSING, OK, UNKNOWN, linkage_chain, linkage_report
from graph.embedded import EmbeddedStore
from graph.model import Article, Department, Law, LinkageItem, PowerItem, Rel, edge, to_record
from test_analyses_support import GUANG_AN, corpus_graph_file, corpus_store  # noqa: F401


def test_chain_of_an_approval_with_a_linkage_row(corpus_store):
    (chain, *_) = linkage_chain(corpus_store, "食品(含保健食品)经营许可核发", GUANG_AN)
    assert chain.approval_name == "食品(含保健食品)经营许可核发"
    steps = [(link.step, link.status) for link in chain.links]
    assert steps == [("approval", OK), ("approver", OK), ("supervisor", OK), ("enforcement", UNKNOWN)]
    assert chain.approvers[0]["name"] == "广安市广安区行政审批局"
    assert chain.supervisors == [{"id": chain.supervisors[0]["id"], "name": "广安市广安区市场监督管理局",
                                  "how": "审管联动"}]
    assert not chain.broken


def test_a_sibling_step_of_the_same_group_shares_the_supervisor(corpus_store):
    (chain,) = linkage_chain(corpus_store, "食品(含保健食品)经营许可延续", GUANG_AN, limit=1)
    assert chain.supervisors[0]["how"] == "审管联动（同一事项分组）"


def test_line_department_supervises_what_it_approves(corpus_store):
    (chain,) = linkage_chain(corpus_store, "燃气经营许可证新办", GUANG_AN, limit=1)
    assert chain.supervisors[0]["name"] == "广安市广安区住房和城乡建设局"
    assert chain.supervisors[0]["how"] == "谁审批谁监管"


def test_region_report_counts(corpus_store):
    report = linkage_report(corpus_store)
    missing = Counter(tuple(link.step for link in c.missing()) for c in report.chains)
    # 536 行政许可 of L05 + 4 sample rows of 磁县/安丘 whose approvals no imported list carries.
    assert len(report.chains) == 540
    assert missing == {(): 259, ("supervisor",): 281}
    unknown_approval = [c for c in report.chains if c.links[0].status == UNKNOWN]
    assert {c.region for c in unknown_approval} == {"130427", "370784"}
    assert sum(1 for f in report.findings if f.kind == "linkage_broken") == 281
    assert report.to_dict()["broken"] == 281


def _small() -> EmbeddedStore:
    """One county: 审批局 approves 燃气经营许可, 住建局 supervises, with and without enforcement items."""
    s = EmbeddedStore(None)
    law = Law(id="law", title="城镇燃气管理条例")
    art = Article(id="art", law="law", number=45, label_zh="第四十五条", text="违反本条例规定，未取得燃气经营许可证从事燃气经营活动的…")
    nodes = [Department(id="spj", name="某县行政审批局", region="999901", in_roster=True),
             Department(id="zj", name="某县住房和城乡建设局", region="999901", in_roster=True),
             PowerItem(id="ap", name="燃气经营许可证核发", region="999901", power_type="行政许可"),
             PowerItem(id="ap2", name="建筑工程施工许可", region="999901", power_type="行政许可"),
             LinkageItem(id="row", name="燃气经营许可证核发", region="999901", supervisor_text="县住建局"),
             LinkageItem(id="row2", name="建筑工程施工许可", region="999901", supervisor_text="县住建局"),
             PowerItem(id="chk", name="对燃气经营活动的监督检查", region="999901", power_type="行政检查"),
             PowerItem(id="pen", name="对未取得燃气经营许可证从事燃气经营活动的处罚", region="999901",
                       power_type="行政处罚", basis="《城镇燃气管理条例》第四十五条"),
             law, art]
    s.upsert_nodes(to_record(n) for n in nodes)
    s.upsert_edges([edge("spj", Rel.HOLDS, "ap", role="lead"), edge("spj", Rel.HOLDS, "ap2", role="lead"),
                    edge("spj", Rel.APPROVES, "row"), edge("zj", Rel.SUPERVISES, "row"),
                    edge("spj", Rel.APPROVES, "row2"), edge("zj", Rel.SUPERVISES, "row2"),
                    edge("zj", Rel.HOLDS, "chk", role="lead"), edge("zj", Rel.HOLDS, "pen", role="lead"),
                    edge("pen", Rel.BASED_ON, "art")])
    return s


def test_full_chain_to_the_legal_basis_and_a_missing_basis_flagged():
    (chain,) = linkage_chain(_small(), "ap")
    assert [(link.step, link.status) for link in chain.links] == [
        ("approval", OK), ("approver", OK), ("supervisor", OK), ("enforcement", OK), ("basis", MISSING)]
    assert {e["name"] for e in chain.enforcement} == {"对燃气经营活动的监督检查", "对未取得燃气经营许可证从事燃气经营活动的处罚"}
    assert "对燃气经营活动的监督检查" in chain.missing("basis")[0].text_zh   # the inspection item has no basis


def test_supervisor_without_an_item_for_this_approval():
    (chain,) = linkage_chain(_small(), "ap2")
    (link,) = chain.missing()
    assert link.step == "enforcement" and "建筑工程施工" in link.text_zh and "2 项检查/处罚事项" in link.text_zh
