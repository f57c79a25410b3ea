"""`dutygraph scorecard`, `dutygraph ledger …` and `dutygraph calls …`: 机关职能运行监管 and 乡呼县应.

例:
    dutygraph scorecard --region 广安区 --markdown
    dutygraph scorecard --region 广安区 --department 区市监局 --indicators 我区指标.csv --json
    dutygraph ledger record --region 广安区 --deadline 2025-06-30
    dutygraph ledger move ledger:… 推送 --note "已推送至区市监局"
    dutygraph calls dispatch 镇呼区应记录.csv --region 广安区
    dutygraph calls outcome call:… --responded-at "2025-03-04 10:00" --result 已办结 --satisfaction 满意
    dutygraph calls suggestions --region 广安区

Each command is one library call (graph.analyses.scorecard, graph.ledger, graph.call_dispatch,
graph.call_queue) and the CLI's shared output (--json / --csv / text).
"""
from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from graph.store import GraphStore


def _cli():
    from api import cli

    return cli


def _as_of(text: str | None) -> datetime | None:
    if not text:
        return None
    from graph.time_limits import parse_time

    parsed = parse_time(text)
    if parsed is None:
        raise _cli().CliError(f"时间「{text}」无法识别：请用 2025-06-30 或 2025-06-30 18:00 的形式。")
    return parsed


# ---- scorecard -----------------------------------------------------------------------------------
def cmd_scorecard(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses.scorecard import ScorecardError, scorecard
    from graph.analyses.scorecard_indicators import IndicatorError

    cli = _cli()
    region = cli._resolve_region(store, args.region)
    try:
        card = scorecard(store, region, department=args.department, indicators_file=args.indicators,
                         as_of=_as_of(args.as_of), since=args.since, until=args.until)
    except (ScorecardError, IndicatorError) as exc:
        raise cli.CliError(str(exc)) from exc
    cli._emit(card.to_dict(), card.rows(), args, card.to_markdown)
    return 0


# ---- ledger ----------------------------------------------------------------------------------------
def _entry_text(e: dict) -> str:
    lines = [f"{e['id']}  [{e['status']}{'·逾期' if e['overdue'] else ''}]  {e['department_name']}  期限 {e['deadline']}",
             f"  {e['category']}: {e['title']}"]
    for h in e["history"]:
        lines.append(f"  {h['at']}  {h['from'] or '—'} → {h['to']}  {h.get('note', '')}".rstrip())
    if e["next"]:
        lines.append("  下一步可改为: " + "、".join(e["next"]))
    return "\n".join(lines)


def _entry_row(e: dict) -> dict:
    return {"编号": e["id"], "部门": e["department_name"], "类别": e["category"], "问题": e["title"], "状态": e["status"],
            "整改期限": e["deadline"], "逾期": "是" if e["overdue"] else "", "登记时间": e["created_at"],
            "更新时间": e["updated_at"], "来源": "；".join(e["sources"]),
            "经过": "；".join(f"{h['at']} {h['from'] or '—'}→{h['to']} {h.get('note', '')}".strip() for h in e["history"])}


def cmd_ledger(args: argparse.Namespace, store: GraphStore) -> int:
    from graph import ledger
    from graph.analyses.scorecard import ScorecardError, find_department, scorecard
    from graph.analyses.scope import departments

    cli = _cli()
    try:
        if args.action == "list":
            region = cli._resolve_region(store, args.region)
            entries = ledger.list_entries(store, region=region, status=args.status, as_of=_as_of(args.as_of))
            cli._emit(entries, [_entry_row(e) for e in entries], args,
                      lambda: "\n".join(_entry_text(e) for e in entries) or "台账中没有条目。")
            return 0
        if args.action == "show":
            e = ledger.get_entry(store, args.id, as_of=_as_of(args.as_of))
            cli._emit(e, [_entry_row(e)], args, lambda: _entry_text(e))
            return 0
        if args.action == "move":
            e = ledger.transition(store, args.id, args.status, note=args.note or "", by=args.by or "")
            store.save()
            cli._emit(e, [_entry_row(e)], args, lambda: _entry_text(e))
            return 0
        region = cli._resolve_region(store, args.region)
        deadline = args.deadline or ledger.default_deadline()
        if args.action == "add":
            if not region:
                raise cli.CliError("请用 --region 指定部门所在地区。")
            dept = find_department(departments(store, region), args.department)
            e, created = ledger.add_entry(store, args.title, dept.id, deadline, region=region, detail=args.detail or "",
                                          category=args.category, by=args.by or "")
            store.save()
            cli._emit(e, [_entry_row(e)], args, lambda: ("已登记:\n" if created else "已存在:\n") + _entry_text(e))
            return 0
        # record: every problem of the scorecard, once
        if not region:
            raise cli.CliError("请用 --region 指定要登记问题的地区。")
        card = scorecard(store, region, department=args.department)
        recorded = []
        for d in card.departments:
            for p in d.problems:
                e, created = ledger.add_entry(store, p["title"], d.department_id, deadline, region=region,
                                              detail=p["detail"], category=p["category"],
                                              problem_key=p["problem_key"], finding_kind=p["finding_kind"],
                                              sources=p["sources"], by=args.by or "")
                recorded.append({**e, "created": created})
        store.save()
        new = sum(1 for e in recorded if e["created"])
        cli._emit(recorded, [_entry_row(e) for e in recorded], args,
                  lambda: f"评价发现的问题 {len(recorded)} 项：新登记 {new} 项，已在台账中 {len(recorded) - new} 项。")
        return 0
    except (ledger.LedgerError, ScorecardError) as exc:
        raise cli.CliError(str(exc)) from exc


# ---- calls -------------------------------------------------------------------------------------------
def cmd_calls(args: argparse.Namespace, store: GraphStore) -> int:
    from graph import call_dispatch, call_queue

    cli = _cli()
    try:
        if args.action == "dispatch":
            from ingest.calls import import_calls

            path = Path(args.file)
            if not path.exists():
                raise cli.CliError(f"找不到文件: {path}")
            report = import_calls(store, path, region=args.region)
            if report.status == "failed":
                raise cli.CliError(report.error)
            ids = [c.id for c in store.iter_nodes("Call") if c.props.get("dataset") == path.name]
            results = call_dispatch.dispatch_pending(store, call_ids=ids)
            store.save()
            data = {"import": report.summary_zh(), "dispatched": [d.to_dict() for d in results]}
            cli._emit(data, [d.row() for d in results], args, lambda: "\n".join(
                [report.summary_zh()] + [d.summary_zh() for d in results] +
                ([] if results else ["没有新的呼叫需要分派（已分派的呼叫不重复分派）。"])))
            return 0
        if args.action == "outcome":
            state = call_dispatch.record_outcome(store, args.id, args.responded_at, result=args.result or "",
                                                 satisfaction=args.satisfaction or "", department=args.department or "")
            store.save()
            cli._emit(state, [state | {"parties": "、".join(p["department"] for p in state["parties"])}], args,
                      lambda: f"已登记办理结果: {state['text']} — {state['responded_at']} {state['result']} "
                              f"{state['satisfaction']}" + ("（超时）" if state["late"] else ""))
            return 0
        if args.action == "show":
            state = call_dispatch.call_state(store, args.id)
            cli._emit(state, [state | {"parties": "、".join(p["department"] for p in state["parties"])}], args,
                      lambda: "\n".join(f"{k}: {v}" for k, v in state.items()))
            return 0
        region = cli._resolve_region(store, args.region)
        if args.action == "queue":
            waiting = call_queue.queue(store, region)
            cli._emit(waiting, waiting, args, lambda: "\n".join(
                [f"{call_dispatch.QUEUE_ZH}: {len(waiting)} 件"] +
                [f"  {c['date']} {c['township']}: {c['text']}" for c in waiting]))
            return 0
        found = call_queue.suggestions(store, region)
        cli._emit([s.to_dict() for s in found], [s.row() for s in found], args, lambda: "\n".join(
            [s.suggestion_zh for s in found]) or f"{call_dispatch.QUEUE_ZH}为空，没有建议新增的清单事项。")
        return 0
    except call_dispatch.CallError as exc:
        raise cli.CliError(str(exc)) from exc


# ---- parser ------------------------------------------------------------------------------------------
def register(sub: argparse._SubParsersAction, add_output_flags) -> None:
    from graph.ledger import CATEGORIES, STATES

    p = sub.add_parser("scorecard", help="部门履职评价：清单覆盖、空白、交叉、断链、呼叫响应、台账，按指标文件计分")
    p.add_argument("--region", required=True, help="地区名称或区划代码，如 广安区")
    p.add_argument("--department", help="只看一个部门（全称、简称或部门 ID）")
    p.add_argument("--indicators", metavar="FILE", help="指标与分值 CSV（默认用自带的指标文件）")
    p.add_argument("--as-of", help="评价时点（判断超时、逾期），默认现在")
    p.add_argument("--since", help="清单调整统计的起始日期")
    p.add_argument("--until", help="清单调整统计的截止日期")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="以 JSON 输出")
    g.add_argument("--csv", action="store_true", help="以 CSV 输出（每部门每指标一行）")
    g.add_argument("--markdown", action="store_true", help="以 Markdown 输出（默认）")
    p.set_defaults(func=cmd_scorecard)

    p = sub.add_parser("ledger", help="问题台账（问效点）：登记、推送、整改、销号，附经过")
    lsub = p.add_subparsers(dest="action", required=True, metavar="操作")
    q = lsub.add_parser("list", help="列出台账条目")
    q.add_argument("--region", help="地区名称或区划代码")
    q.add_argument("--status", help="只看某状态: " + "、".join(STATES))
    q.add_argument("--as-of", help="判断逾期的时点，默认现在")
    add_output_flags(q)
    q = lsub.add_parser("show", help="一个条目及其经过")
    q.add_argument("id")
    q.add_argument("--as-of", help="判断逾期的时点，默认现在")
    add_output_flags(q)
    q = lsub.add_parser("add", help="登记一个问题")
    q.add_argument("--region", required=True, help="部门所在地区")
    q.add_argument("--department", required=True, help="部门（全称、简称或 ID）")
    q.add_argument("--title", required=True, help="问题")
    q.add_argument("--detail", help="说明")
    q.add_argument("--category", default="履职问题", help="类别: " + "、".join(CATEGORIES))
    q.add_argument("--deadline", help="整改期限（默认 30 天后）")
    q.add_argument("--by", help="经办人")
    add_output_flags(q)
    q = lsub.add_parser("record", help="把部门履职评价发现的问题（空白、交叉、断链、超时呼叫）登记入台账，已登记的不重复")
    q.add_argument("--region", required=True, help="地区")
    q.add_argument("--department", help="只登记一个部门的问题")
    q.add_argument("--deadline", help="整改期限（默认 30 天后）")
    q.add_argument("--by", help="经办人")
    add_output_flags(q)
    q = lsub.add_parser("move", help="改变状态: 发现 → 推送 → 整改中 → 销号")
    q.add_argument("id")
    q.add_argument("status", help="新状态: " + "、".join(STATES))
    q.add_argument("--note", help="说明（推送方式、整改措施、销号依据）")
    q.add_argument("--by", help="经办人")
    add_output_flags(q)
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("calls", help="乡呼县应：呼叫分派、办理结果、待协调事项与清单补充建议")
    csub = p.add_subparsers(dest="action", required=True, metavar="操作")
    q = csub.add_parser("dispatch", help="导入呼叫文件（CSV/XLSX/JSON）并分派未分派的呼叫")
    q.add_argument("file")
    q.add_argument("--region", help="呼叫所属县（区），文件本身带区划时可省略")
    add_output_flags(q)
    q = csub.add_parser("outcome", help="登记部门响应与乡镇评价")
    q.add_argument("id")
    q.add_argument("--responded-at", required=True, help="响应时间")
    q.add_argument("--result", help="办理结果")
    q.add_argument("--satisfaction", help="满意 / 基本满意 / 不满意")
    q.add_argument("--department", help="实际承办部门（待协调事项由区级协调后承办时填写）")
    add_output_flags(q)
    q = csub.add_parser("show", help="一个呼叫的分派与办理情况")
    q.add_argument("id")
    add_output_flags(q)
    q = csub.add_parser("queue", help="其他需区级协调解决的事项（未匹配任何清单事项的呼叫）")
    q.add_argument("--region", help="地区")
    add_output_flags(q)
    q = csub.add_parser("suggestions", help="据待协调事项建议新增的属地管理清单事项")
    q.add_argument("--region", help="地区")
    add_output_flags(q)
    p.set_defaults(func=cmd_calls)
