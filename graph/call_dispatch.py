"""乡呼县应 / 镇呼区应 dispatch: a township's call answered with who leads, who cooperates, on what basis.

例: dispatch_call(store, record_call(store, "村里有人违法建房，劝阻无效还在继续施工", "511602", "浓洄街道",
                                     "2025-03-03 09:00"))
    → 主体 广安市广安区人民政府; 配合 区住建局、区自然资源和规划局、区综合执法局 …;
      事项「违法建筑的制止和查处（劝阻无效且继续施工的）」（属地管理事项）, 示例_属地管理… 第 3 行.

The matching is the one who-handles library call (graph.lookup.who_handles), never a copy of
it: the call text is the query, the call's county the region. Only answers who-handles gives
with high confidence are dispatched (a low-confidence one goes with the queued call, for the
county to confirm). Among those, the dispatcher takes the one from the list the 乡呼县应 system is defined on — the
属地管理 主体责任和配合责任清单 (长岛's 89000 platform "依据事项清单…分析确定责任部门") — before a
township's own duty list, a ruling, an assistance or linkage row, a power list row, and a law
article; within a kind, who-handles' order. Lead and cooperating parties are the departments
holding that one item with that role, so they always come from one row.

A call no item answers is kept with status 待协调, the queue of 「其他需区级协调解决的事项」
(垦利); graph.call_queue summarises that queue as suggested list additions.

Writes: the Call's dispatch properties (status, dispatched_at, time_limit, due_at), a MATCHED
edge to the item (how="自动分派"), DISPATCHED_TO edges to the departments {role}. The outcome
(responded_at, result, satisfaction) is recorded later by :func:`record_outcome`.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from graph.model import ROLE_LABELS_ZH, Call, Rel, Role, Source, edge, stable_id, to_record
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore
from graph.time_limits import due_at, is_late, parse_time

STATUS_NEW = ""
STATUS_DISPATCHED = "已分派"
STATUS_QUEUED = "待协调"
STATUS_RESPONDED = "已响应"
STATUS_COORDINATED = "已协调"   # a queued call the county coordinated and someone answered
STATUS_ZH = {STATUS_NEW: "未分派", STATUS_DISPATCHED: STATUS_DISPATCHED, STATUS_QUEUED: "待协调（其他需协调事项）",
             STATUS_RESPONDED: STATUS_RESPONDED, STATUS_COORDINATED: "已协调办结（其他需协调事项）"}
UNMATCHED_STATUSES = (STATUS_QUEUED, STATUS_COORDINATED)
QUEUE_ZH = "其他需区级协调解决的事项"
SATISFACTION = ("满意", "基本满意", "不满意")
API_SOURCE = "接口提交的呼叫"
# Call property: the generic holders (各乡镇人民政府(街道办事处)) a call was dispatched to, [{department, role}].
GENERIC_PARTIES = "generic_parties"

# Which kind of matched item the dispatcher prefers (see the module note for why this order).
KIND_PRIORITY = ("TerritorialItem", "TownshipDutyItem", "Ruling", "AssistanceItem", "LinkageItem", "PowerItem",
                 "Task", "DivisionClause", "Duty", "Article")
# Enough candidates that every holder of the chosen row comes back (a 属地 row names up to ~10 bodies).
_CANDIDATES = 30


class CallError(ValueError):
    """A call that cannot be recorded, dispatched or closed as asked; the message says why, in Chinese."""


@dataclass
class Party:
    department: str
    department_id: str
    role: str
    role_zh: str
    duty: str = ""


@dataclass
class Dispatch:
    call_id: str
    text: str
    region: str
    township: str
    called_at: str
    status: str
    status_zh: str
    lead: list[Party] = field(default_factory=list)
    cooperate: list[Party] = field(default_factory=list)
    item_id: str = ""
    item_name: str = ""
    item_kind: str = ""
    item_kind_zh: str = ""
    score: float = 0.0
    time_limit: str = ""
    due_at: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    message: str = ""
    possible: list[dict[str, Any]] = field(default_factory=list)   # low-confidence answers of a queued call

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def row(self) -> dict[str, Any]:
        """One flat row for --csv and the API's CSV."""
        return {"呼叫": self.call_id, "诉求内容": self.text, "乡镇(街道)": self.township, "呼叫时间": self.called_at,
                "状态": self.status_zh, "主体责任部门": "、".join(p.department for p in self.lead),
                "配合部门": "、".join(p.department for p in self.cooperate), "匹配事项": self.item_name,
                "事项类型": self.item_kind_zh, "时限": self.time_limit, "应响应时间": self.due_at,
                "依据": "；".join(f"{e.get('source', '')} {e.get('locator', '')}".strip() for e in self.evidence)}

    def summary_zh(self) -> str:
        if self.status == STATUS_QUEUED:
            return (f"「{self.text}」没有对应的清单事项，已列入{QUEUE_ZH}，待区级协调。" +
                    (f"（{self.message}）" if self.message else ""))
        lines = [f"「{self.text}」（{self.township or self.region} {self.called_at}）→ 分派到:",
                 "  主体/牵头: " + ("、".join(_named(p) for p in self.lead) or "（清单未写明）"),
                 "  配合: " + ("、".join(_named(p) for p in self.cooperate) or "无")]
        lines.append(f"  事项: {self.item_name}（{self.item_kind_zh}，匹配度 {self.score:.0f}）")
        if self.time_limit:
            lines.append(f"  时限: {self.time_limit}" + (f"，应于 {self.due_at} 前响应" if self.due_at else ""))
        for e in self.evidence[:3]:
            text = e.get("text", "")
            lines.append(f"  依据: {e.get('source', '')} {e.get('locator', '')}: {text[:80]}")
        return "\n".join(lines)


def _named(p: Party) -> str:
    return f"{p.department}（{p.duty}）" if p.duty else p.department


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def record_call(store: GraphStore, text: str, region: str, township: str = "", called_at: str = "",
                channel: str = "乡呼县应", number: str = "") -> str:
    """Store one call received through the API (a file goes through ingest.calls); returns its id.

    ``region`` is a resolved code (the township's, or its county's). The call gets a Source row
    that says it came through the API, as every node carries its provenance.
    """
    text = (text or "").strip()
    if not text:
        raise CallError("诉求内容为空：请写明乡镇（街道）呼叫的事项。")
    if not region:
        raise CallError("无法确定地区：请给出乡镇（街道）所属的县（区）名称或区划代码。")
    if called_at and parse_time(called_at) is None:
        raise CallError(f"呼叫时间「{called_at}」无法识别：请用 2025-03-01 或 2025-03-01 09:30 的形式。")
    called_at = called_at or _now()
    cid = stable_id("call", region, number, called_at, township, text)
    raw = json.dumps({"text": text, "region": region, "township": township, "time": called_at, "channel": channel},
                     ensure_ascii=False)
    src = Source(id=stable_id("src", "api-call", cid), path=API_SOURCE, locator=f"{called_at} {township}".strip(),
                 text=raw, imported_at=_now())
    call = Call(id=cid, text=text, region=region, date=called_at, channel=channel, township=township,
                dataset=API_SOURCE)
    store.upsert_nodes([to_record(src), to_record(call)])
    edges = [edge(cid, Rel.FROM_SOURCE, src.id, source=src.id)]
    region_nodes = store.find_nodes("Region", code=region)
    if region_nodes:
        edges.append(edge(cid, Rel.IN_REGION, region_nodes[0].id, source=src.id))
    store.upsert_edges(edges)
    return cid


def county_of_call(code: str) -> str:
    code = (code or "").strip()
    if len(code) == 12 and code.endswith("000000"):
        return code[:6]
    return code[:6] if len(code) >= 6 else code


def _evidence_dicts(evidence: list[Any]) -> list[dict[str, str]]:
    return [asdict(e) if dataclasses.is_dataclass(e) else dict(e) for e in evidence]


def _party(c: Any) -> Party:
    return Party(c.department, c.department_id, c.role, c.role_zh, getattr(c, "duty", ""))


def _holders(store: GraphStore, item_id: str) -> list[Party]:
    """Every department on the chosen row with its role, as who-handles reads holders (one reading),
    and the row's generic holders (各乡镇人民政府(街道办事处)) as parties without a department node."""
    from graph.lookup.who_handles import item_holders

    found = item_holders(store, item_id)
    depts = store.get_nodes({d for d, *_ in found})
    out: dict[tuple[str, str], Party] = {}
    for dept_id, role, duty, _ in found:
        if (dept_id, role) in out or role not in {Role.LEAD.value, Role.COOPERATE.value}:
            continue
        name = depts[dept_id].props.get("name", dept_id) if dept_id in depts else dept_id
        out[(dept_id, role)] = Party(name, dept_id, role, ROLE_LABELS_ZH[Role(role)], duty)
    item = store.get_node(item_id)
    for g in generic_holders(item.props) if item is not None else []:
        if (g.display_id, g.role) not in out and g.role in {Role.LEAD.value, Role.COOPERATE.value}:
            out[(g.display_id, g.role)] = Party(g.name, "", g.role, ROLE_LABELS_ZH[Role(g.role)], g.duty)
    return list(out.values())


def choose(results: list[Any]) -> tuple[Any, list[Any]] | None:
    """(the chosen candidate, every candidate on the same item) from who-handles' ranked results."""
    if not results:
        return None
    rank = {k: i for i, k in enumerate(KIND_PRIORITY)}
    order = {id(c): i for i, c in enumerate(results)}
    best = min(results, key=lambda c: (rank.get(c.item_kind, len(rank)), order[id(c)]))
    same = [c for c in results if c.item_id == best.item_id]
    return best, same


def dispatch_call(store: GraphStore, call_id: str, index: Any = None, now: str | None = None) -> Dispatch:
    """Dispatch one stored call (status 未分派) and write the dispatch; a call is dispatched once."""
    from graph.lookup.who_handles import QueryError, who_handles

    rec = store.get_node(call_id)
    if rec is None or rec.label != "Call":
        raise CallError(f"没有编号为「{call_id}」的呼叫。")
    p = rec.props
    if p.get("status"):
        raise CallError(f"呼叫「{call_id}」的状态为「{STATUS_ZH.get(p['status'], p['status'])}」，不能重复分派。")
    at = now or p.get("date") or _now()
    region = county_of_call(p.get("region", ""))
    result = Dispatch(call_id, p.get("text", ""), p.get("region", ""), p.get("township", ""), p.get("date", ""),
                      STATUS_QUEUED, STATUS_ZH[STATUS_QUEUED])
    try:
        answer = who_handles(store, result.text, region=region or None, limit=_CANDIDATES, index=index)
        # Only an answer who-handles is confident of is dispatched; a low-confidence one is what the
        # county should look at when it coordinates the call, so it is kept with the queued call.
        sure = [c for c in answer.results if getattr(c, "confidence", "high") == "high"]
        picked = choose(sure)
        if picked is None:
            result.possible = [{"department": c.department, "role": c.role_zh, "item": c.matched_item,
                                "item_kind_zh": c.item_kind_zh, "score": c.score} for c in answer.results[:5]]
            result.message = answer.message or ("最接近的答案置信度低，需区级协调确认: " + "、".join(
                f"{p['department']}（{p['item']}）" for p in result.possible[:3]))
    except QueryError as exc:
        picked, result.message = None, str(exc)
    props: dict[str, Any] = {"dispatched_at": at}
    edges = []
    if picked is not None:
        best, same = picked
        result.status, result.status_zh = STATUS_DISPATCHED, STATUS_ZH[STATUS_DISPATCHED]
        result.item_id, result.item_name, result.item_kind = best.item_id, best.matched_item, best.item_kind
        result.item_kind_zh, result.score = best.item_kind_zh, best.score
        parties = _holders(store, best.item_id) if best.item_kind != "Article" else [_party(c) for c in same]
        result.lead = [x for x in parties if x.role == Role.LEAD.value]
        result.cooperate = [x for x in parties if x.role == Role.COOPERATE.value]
        result.evidence = _evidence_dicts(best.evidence)
        item = store.get_node(best.item_id) if best.item_kind != "Article" else None
        result.time_limit = (item.props.get("time_limit") or "") if item else ""
        result.due_at = due_at(at, result.time_limit)
        props.update(time_limit=result.time_limit, due_at=result.due_at)
        if item is not None:
            edges.append(edge(call_id, Rel.MATCHED, best.item_id, how="自动分派", score=best.score))
        for party in result.lead + result.cooperate:
            if party.department_id:
                edges.append(edge(call_id, Rel.DISPATCHED_TO, party.department_id, key=party.role, role=party.role,
                                  item=best.item_id, dispatched_at=at))
        # A generic holder has no node to dispatch to: the call keeps it, as the list wrote it.
        vague = [{"department": x.department, "role": x.role} for x in result.lead + result.cooperate
                 if not x.department_id]
        if vague:
            props[GENERIC_PARTIES] = vague
    props["status"] = result.status
    store.set_props(call_id, **props)
    if edges:
        store.upsert_edges(edges)
    return result


def dispatch_pending(store: GraphStore, region: str | None = None, call_ids: list[str] | None = None,
                     index: Any = None) -> list[Dispatch]:
    """Dispatch every call not yet dispatched (of ``call_ids``, or in ``region``), oldest first."""
    if call_ids is not None:
        calls = [r for r in store.get_nodes(call_ids).values() if r.label == "Call"]
    else:
        prefix = county_of_call(region) if region else ""
        calls = store.find_nodes_prefix("Call", "region", prefix) if prefix else list(store.iter_nodes("Call"))
    todo = sorted((c for c in calls if not c.props.get("status")), key=lambda c: (c.props.get("date", ""), c.id))
    if index is not None:
        return [dispatch_call(store, c.id, index=index) for c in todo]
    # Built here, before the first dispatch writes (the index is kept per store state), and per
    # county: the index who-handles itself uses for a question there, so that both agree.
    from graph.lookup.answer_index import answer_index

    counties = {county_of_call(c.props.get("region", "")) for c in todo}
    indexes = {county: answer_index(store, county or None) for county in sorted(counties)}
    return [dispatch_call(store, c.id, index=indexes[county_of_call(c.props.get("region", ""))]) for c in todo]


def record_outcome(store: GraphStore, call_id: str, responded_at: str, result: str = "",
                   satisfaction: str = "", department: str = "") -> dict[str, Any]:
    """The department's response and the township's rating; returns the call's dispatch state."""
    rec = store.get_node(call_id)
    if rec is None or rec.label != "Call":
        raise CallError(f"没有编号为「{call_id}」的呼叫。")
    if not rec.props.get("status"):
        raise CallError(f"呼叫「{call_id}」尚未分派，不能登记办理结果：请先分派。")
    if parse_time(responded_at) is None:
        raise CallError(f"响应时间「{responded_at}」无法识别：请用 2025-03-01 或 2025-03-01 09:30 的形式。")
    if satisfaction and satisfaction not in SATISFACTION:
        raise CallError(f"满意度「{satisfaction}」无效：应为 " + "、".join(SATISFACTION) + " 之一。")
    unmatched = rec.props["status"] in UNMATCHED_STATUSES
    props: dict[str, Any] = {"responded_at": responded_at, "result": result, "satisfaction": satisfaction,
                             "status": STATUS_COORDINATED if unmatched else STATUS_RESPONDED}
    if department:
        props["department_text"] = department
    store.set_props(call_id, **props)
    return call_state(store, call_id)


def call_state(store: GraphStore, call_id: str, as_of: datetime | None = None) -> dict[str, Any]:
    """A stored call with its dispatch: parties, item, deadline, outcome, and whether it was late."""
    rec = store.get_node(call_id)
    if rec is None or rec.label != "Call":
        raise CallError(f"没有编号为「{call_id}」的呼叫。")
    p = dict(rec.props)
    parties = store.edges_from(call_id, Rel.DISPATCHED_TO.value)
    depts = store.get_nodes({e.dst for e in parties})
    out = {"id": call_id, **{k: p.get(k, "") for k in ("text", "region", "township", "date", "channel", "status",
                                                        "dispatched_at", "time_limit", "due_at", "responded_at",
                                                        "result", "satisfaction", "department_text")}}
    out["status_zh"] = STATUS_ZH.get(p.get("status", ""), p.get("status", ""))
    listed = [{"department_id": e.dst, "department": (depts[e.dst].props.get("name", e.dst)
                                                      if e.dst in depts else e.dst),
               "role": e.props.get("role", "")} for e in parties]
    listed += [{"department_id": "", "department": g.get("department", ""), "role": g.get("role", "")}
               for g in p.get(GENERIC_PARTIES) or []]
    for d in listed:
        d["role_zh"] = ROLE_LABELS_ZH.get(Role(d["role"]), d["role"]) if d["role"] in {r.value for r in Role} else d["role"]
    out["parties"] = sorted(listed, key=lambda d: (d["role"] != Role.LEAD.value, d["department"]))
    matched = store.edges_from(call_id, Rel.MATCHED.value)
    items = store.get_nodes({e.dst for e in matched})
    out["items"] = [{"id": i, "name": r.props.get("name", "")} for i, r in sorted(items.items())]
    out["late"] = is_late(p.get("due_at"), p.get("responded_at"), as_of) if p.get("due_at") else None
    return out
