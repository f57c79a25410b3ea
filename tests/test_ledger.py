"""The problem ledger (问效点/问题台账): an entry goes 发现 → 推送 → 整改中 → 销号 with its history,
wrong moves are refused in Chinese, entries live in the graph store on every backend, and the
scorecard counts the open and overdue ones."""
from __future__ import annotations

from datetime import datetime

import pytest

from graph import ledger
from graph.analyses.scorecard import scorecard
from graph.sqlite_store import SqliteStore
from graph.model import Department, Rel, stable_id, to_record
from supervision_support import GUANG_AN, dept_id, gstore, supervision_graph_file  # noqa: F401


def _card(store, name, as_of):
    (card,) = scorecard(store, GUANG_AN, department=name, as_of=as_of).departments
    return card


def test_an_entry_goes_through_its_states_with_history(any_store):
    """On the embedded store and over Bolt (ArcadeDB; Neo4j 5 where Docker runs)."""
    dept = Department(id=stable_id("dept", GUANG_AN, "区市监局"), name="广安市广安区市场监督管理局", region=GUANG_AN)
    any_store.upsert_nodes([to_record(dept)])
    entry, created = ledger.add_entry(any_store, "职责任务清单修订不及时", dept.id, "2025-06-30", category="清单问题",
                                      by="编办监督科", at="2025-04-01T09:00:00")
    assert created and entry["status"] == "发现" and entry["next"] == ["推送"]
    steps = [("推送", "已通过机关职能运行监管信息推送表推送"), ("整改中", "部门已制定整改方案"), ("销号", "已修订并公布")]
    for i, (to, note) in enumerate(steps, start=2):
        entry = ledger.transition(any_store, entry["id"], to, note=note, by="编办监督科", at=f"2025-04-0{i}T09:00:00")
    assert entry["status"] == "销号" and not entry["open"] and entry["next"] == []
    assert [(h["from"], h["to"], h["note"]) for h in entry["history"]] == [
        ("", "发现", "登记"), ("发现", "推送", steps[0][1]), ("推送", "整改中", steps[1][1]), ("整改中", "销号", steps[2][1])]
    assert [h["at"][:10] for h in entry["history"]] == ["2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04"]
    stored = any_store.get_node(entry["id"])
    assert stored.label == "LedgerEntry" and stored.props["status"] == "销号"
    assert [e.dst for e in any_store.edges_from(entry["id"], Rel.CONCERNS.value)] == [dept.id]
    assert [e["id"] for e in ledger.list_entries(any_store, region=GUANG_AN)] == [entry["id"]]


def test_invalid_moves_are_refused_with_a_chinese_message(gstore):
    e, _ = ledger.add_entry(gstore, "「燃气经营许可」职责交叉", dept_id(gstore, "区住建局"), "2025-06-30", category="职责交叉")
    with pytest.raises(ledger.LedgerError, match="不能从「发现」改为「销号」：当前状态下只能改为「推送」"):
        ledger.transition(gstore, e["id"], "销号")
    with pytest.raises(ledger.LedgerError, match="状态「已完成」无效"):
        ledger.transition(gstore, e["id"], "已完成")
    ledger.transition(gstore, e["id"], "推送")
    ledger.transition(gstore, e["id"], "销号", note="能够整改的立即整改")   # pushed and fixed at once
    with pytest.raises(ledger.LedgerError, match="已销号，不能再改为「推送」"):
        ledger.transition(gstore, e["id"], "推送")
    assert len(ledger.get_entry(gstore, e["id"])["history"]) == 3
    with pytest.raises(ledger.LedgerError, match="没有编号为「ledger:nope」的台账条目"):
        ledger.transition(gstore, "ledger:nope", "推送")
    with pytest.raises(ledger.LedgerError, match="整改期限「下月底」无法识别"):
        ledger.add_entry(gstore, "问题", dept_id(gstore, "区住建局"), "下月底")
    with pytest.raises(ledger.LedgerError, match="必须落到一个部门"):
        ledger.add_entry(gstore, "问题", "dept:none", "2025-06-30")


def test_entries_persist_in_the_store_file(gstore):
    e, _ = ledger.add_entry(gstore, "审批信息未推送监管部门", dept_id(gstore, "区行政审批局"), "2025-05-31")
    ledger.transition(gstore, e["id"], "推送", note="已推送")
    gstore.save()
    again = SqliteStore(gstore.path)   # a second connection, as another process would open it
    got = ledger.get_entry(again, e["id"])
    assert got["status"] == "推送" and [h["to"] for h in got["history"]] == ["发现", "推送"]
    assert got["department_name"] == "广安市广安区行政审批局"


def test_scorecard_problems_are_recorded_once_and_counted_open_and_overdue(gstore):
    approvals = "广安市广安区行政审批局"
    card = _card(gstore, approvals, datetime(2025, 4, 1))
    assert card.problems and card.measures["open_ledger"].value == 0
    for p in card.problems:
        ledger.add_entry(gstore, p["title"], card.department_id, "2025-05-31", category=p["category"],
                         problem_key=p["problem_key"], finding_kind=p["finding_kind"], sources=p["sources"])
    again = [ledger.add_entry(gstore, p["title"], card.department_id, "2025-05-31", category=p["category"],
                              problem_key=p["problem_key"])[1] for p in card.problems]
    keys = {p["problem_key"] for p in card.problems}
    assert not any(again) and gstore.count_nodes("LedgerEntry") == len(keys)
    first = ledger.list_entries(gstore, department=card.department_id)[0]
    assert first["sources"] and first["category"] == "审管联动"
    ledger.transition(gstore, first["id"], "推送")
    ledger.transition(gstore, first["id"], "销号")
    before = _card(gstore, approvals, datetime(2025, 5, 1))
    after = _card(gstore, approvals, datetime(2025, 6, 1))
    assert before.measures["open_ledger"].value == len(keys) - 1 and before.measures["overdue_ledger"].value == 0
    assert after.measures["overdue_ledger"].value == len(keys) - 1
    closed = after.measures["ledger_closed_rate"]
    assert (closed.numerator, closed.denominator) == (1, len(keys))
    overdue = next(s for s in after.indicators if s.indicator.metric == "overdue_ledger")
    assert overdue.score == -10 and "封顶 10 分" in overdue.explanation_zh


def test_an_open_dispute_is_counted_until_closed(gstore):
    builder = "广安市广安区住房和城乡建设局"
    e, _ = ledger.add_entry(gstore, "燃气整改职责争议", dept_id(gstore, "区住建局"), "2025-06-30", category="职责争议")
    assert _card(gstore, builder, datetime(2025, 4, 1)).measures["open_disputes"].value == 1
    for to in ("推送", "整改中", "销号"):
        ledger.transition(gstore, e["id"], to)
    assert _card(gstore, builder, datetime(2025, 4, 1)).measures["open_disputes"].value == 0
