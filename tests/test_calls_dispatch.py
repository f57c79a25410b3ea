"""乡呼县应 dispatch on the 广安区 graph: a township's call is answered with the lead and cooperating
departments of one list row, its time limit and the evidence; the dispatch is stored with the
call and its outcome recorded later; a call no item answers waits in the queue of 其他需协调事项
and shows up in the suggested list additions."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from graph import call_dispatch, call_queue
from graph.analyses.scorecard import scorecard
from graph.lookup.who_handles import who_handles
from graph.model import Rel
from ingest.calls import import_calls
from supervision_support import CALLS, GUANG_AN, gstore, supervision_graph_file  # noqa: F401


def _dispatch_file(store):
    report = import_calls(store, CALLS, region="广安区")
    assert report.rows_loaded == report.rows_read == 10
    return {d.text: d for d in call_dispatch.dispatch_pending(store, region=GUANG_AN)}


def _names(parties):
    return {p.department for p in parties}


def test_a_dispatched_call_names_lead_cooperating_time_limit_and_evidence(gstore):
    done = _dispatch_file(gstore)
    hazard = done["检查中发现辖区一家生产经营单位存在重大事故隐患，需要区应急部门处置"]
    assert hazard.status == "已分派" and hazard.item_kind == "TerritorialItem"
    assert _names(hazard.lead) == {"广安市广安区应急管理局"}
    assert _names(hazard.cooperate) == {"各乡镇人民政府(街道办事处)"}
    assert hazard.time_limit == "3个工作日" and hazard.due_at == "2025-03-07T10:00"
    sources = [(e["source"], e["locator"]) for e in hazard.evidence]
    assert ("示例_广安区_属地管理事项_含响应时限.csv", "第 7 行") in sources
    assert any(e["locator"] == "第九条" and "安全生产法" in e["source"] for e in hazard.evidence)
    building = done["村里有人违法建房，劝阻无效还在继续施工"]
    assert _names(building.lead) == {"广安市广安区人民政府"}
    assert {"广安市广安区住房和城乡建设局", "广安市广安区自然资源和规划局", "广安市广安区综合行政执法局"} <= \
        _names(building.cooperate)
    assert building.time_limit == "" and building.due_at == ""   # that list states no limit
    assert "主体/牵头: 广安市广安区人民政府" in building.summary_zh()


def test_dispatch_agrees_with_who_handles_and_the_row_it_chose(gstore):
    """Every dispatched call went to an item who-handles returned with high confidence for its text,
    and to exactly the departments that row names with their roles; every queued one had no
    high-confidence answer, and its low-confidence ones are kept with it."""
    done = _dispatch_file(gstore)
    for text, d in done.items():
        answer = who_handles(gstore, text, region=GUANG_AN, limit=30)
        sure = [c for c in answer.results if c.confidence == "high"]
        if d.status == "待协调":
            assert sure == [], text
            assert [p["item"] for p in d.possible] == [c.matched_item for c in answer.results[:5]], text
            continue
        assert d.item_id in {c.item_id for c in sure}, text
        if d.item_kind == "Article":
            continue
        if d.item_kind in ("DutyClause", "Ruling"):
            # A duty clause or a ruling names its holders by RULED edges (to departments or department types).
            ruled = gstore.edges_from(d.item_id, Rel.RULED.value)
            assert ruled, text
            assert {(p.department_id, p.role) for p in d.lead + d.cooperate} \
                == {(e.dst, e.props.get("role") or "lead") for e in ruled}, text
            continue
        holds = [e for e in gstore.edges_to(d.item_id, Rel.HOLDS.value) if e.props.get("current") is not False]
        # A generic holder of the row (各乡镇人民政府(街道办事处)) is a party too, without a department node.
        vague = gstore.get_node(d.item_id).props.get("generic_holders", [])
        assert {(p.department_id, p.department if not p.department_id else "", p.role) for p in d.lead + d.cooperate} \
            == {(e.src, "", e.props.get("role") or "lead") for e in holds} | {("", g["name"], g["role"]) for g in vague}, text


def test_the_dispatch_is_stored_with_the_call_and_not_repeated(gstore):
    done = _dispatch_file(gstore)
    hazard = done["检查中发现辖区一家生产经营单位存在重大事故隐患，需要区应急部门处置"]
    call = gstore.get_node(hazard.call_id)
    assert call.label == "Call" and call.props["status"] == "已分派" and call.props["due_at"] == "2025-03-07T10:00"
    (m,) = gstore.edges_from(hazard.call_id, Rel.MATCHED.value)
    assert m.dst == hazard.item_id and m.props["how"] == "自动分派"
    roles = {(e.dst, e.props["role"]) for e in gstore.edges_from(hazard.call_id, Rel.DISPATCHED_TO.value)}
    assert roles == {(p.department_id, p.role) for p in hazard.lead + hazard.cooperate if p.department_id}
    # The townships (a generic holder, no node) are kept with the call as the row named them.
    assert call.props["generic_parties"] == [{"department": "各乡镇人民政府(街道办事处)", "role": "cooperate"}]
    state = call_dispatch.call_state(gstore, hazard.call_id)
    assert {(x["department"], x["role"]) for x in state["parties"]} == {
        ("广安市广安区应急管理局", "lead"), ("各乡镇人民政府(街道办事处)", "cooperate")}
    with pytest.raises(call_dispatch.CallError, match="状态为「已分派」，不能重复分派"):
        call_dispatch.dispatch_call(gstore, hazard.call_id)
    assert call_dispatch.dispatch_pending(gstore, region=GUANG_AN) == []


def test_an_unmatched_call_lands_in_the_queue_and_in_the_suggestions(gstore):
    done = _dispatch_file(gstore)
    lift = done["小区电梯困人无人处理"]
    assert lift.status == "待协调" and not lift.lead and lift.item_id == ""
    assert gstore.edges_from(lift.call_id, Rel.MATCHED.value) == []
    waiting = call_queue.queue(gstore, GUANG_AN)
    assert {"小区电梯困人无人处理", "小区电梯困人，物业联系不上"} <= {c["text"] for c in waiting}
    # The county coordinates one of them; 区市监局 (特种设备) answers it.
    call_dispatch.record_outcome(gstore, lift.call_id, "2025-03-07 15:00", result="已协调维保单位处置",
                                 department="广安市广安区市场监督管理局")
    found = {s.matter: s for s in call_queue.suggestions(gstore, GUANG_AN)}
    lifts = next(s for m, s in found.items() if "电梯困人" in m)
    assert lifts.count == 2 and lifts.townships == {"浓洄街道": 1, "北辰街道": 1}
    assert lifts.departments == {"广安市广安区市场监督管理局": 1}
    assert "建议将" in lifts.suggestion_zh and "共呼叫 2 次" in lifts.suggestion_zh
    assert len(lifts.nearest) == 3                     # what the call-gap analysis found nearest
    assert sum(s.count for s in found.values()) == len(waiting)
    assert lift.call_id not in {c["id"] for c in call_queue.queue(gstore, GUANG_AN)}   # coordinated: off the queue
    assert gstore.get_node(lift.call_id).props["status"] == "已协调"


def test_outcomes_feed_the_scorecard_in_time_overdue_and_satisfaction(gstore):
    done = _dispatch_file(gstore)
    first = done["检查中发现辖区一家生产经营单位存在重大事故隐患，需要区应急部门处置"]
    second_id = call_dispatch.record_call(gstore, "检查中又发现一家生产经营单位存在重大事故隐患，需要区应急部门处置",
                                          GUANG_AN, "中桥街道", "2025-03-10 09:00")
    second = call_dispatch.dispatch_call(gstore, second_id)
    assert _names(second.lead) == {"广安市广安区应急管理局"} and second.due_at == "2025-03-13T09:00"
    call_dispatch.record_outcome(gstore, first.call_id, "2025-03-05 16:00", "已现场处置", "满意")
    state = call_dispatch.record_outcome(gstore, second_id, "2025-03-14 09:00", "已处置", "不满意")
    assert state["late"] is True and state["status"] == "已响应"
    (card,) = scorecard(gstore, GUANG_AN, department="区应急管理局", as_of=datetime(2025, 4, 1)).departments
    m = card.measures
    assert (m["call_response_rate"].numerator, m["call_response_rate"].denominator) == (2, 2)
    assert (m["calls_in_time_rate"].numerator, m["calls_in_time_rate"].denominator) == (1, 2)
    assert (m["call_satisfaction"].numerator, m["call_satisfaction"].denominator) == (1, 2)
    assert [r["name"] for r in m["overdue_calls"].rows] == [second.text]
    assert any(p["category"] == "呼叫响应" for p in card.problems)


def test_bad_outcomes_and_calls_are_refused_in_chinese(gstore):
    done = _dispatch_file(gstore)
    cid = done["小区流浪犬伤人，居民要求处置"].call_id
    with pytest.raises(call_dispatch.CallError, match="满意度「很好」无效"):
        call_dispatch.record_outcome(gstore, cid, "2025-03-11", satisfaction="很好")
    with pytest.raises(call_dispatch.CallError, match="响应时间「昨天」无法识别"):
        call_dispatch.record_outcome(gstore, cid, "昨天")
    fresh = call_dispatch.record_call(gstore, "路灯不亮", GUANG_AN, "北辰街道", "2025-03-12")
    with pytest.raises(call_dispatch.CallError, match="尚未分派"):
        call_dispatch.record_outcome(gstore, fresh, "2025-03-12")
    with pytest.raises(call_dispatch.CallError, match="诉求内容为空"):
        call_dispatch.record_call(gstore, "  ", GUANG_AN)
    with pytest.raises(call_dispatch.CallError, match="呼叫时间「3月1日」无法识别"):
        call_dispatch.record_call(gstore, "路灯不亮", GUANG_AN, called_at="3月1日")


def test_cli_dispatches_a_file_and_lists_the_suggestions(supervision_graph_file, tmp_path, capsys):
    import shutil

    from api.cli import main

    db = tmp_path / "g.db"
    shutil.copy(supervision_graph_file, db)
    assert main(["--db", str(db), "calls", "dispatch", str(CALLS), "--region", "广安区", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["dispatched"]) == 10 and "导入 10" in out["import"]
    assert main(["--db", str(db), "calls", "dispatch", str(CALLS), "--region", "广安区"]) == 0
    assert "没有新的呼叫需要分派" in capsys.readouterr().out
    assert main(["--db", str(db), "calls", "suggestions", "--region", "广安区", "--csv"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("事项,次数,乡镇(街道),涉及部门") and "电梯困人" in text
    assert main(["--db", str(db), "calls", "outcome", "call:nope", "--responded-at", "2025-03-12"]) == 2
    assert "没有编号为「call:nope」的呼叫" in capsys.readouterr().err
