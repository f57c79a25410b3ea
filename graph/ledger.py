"""The problem ledger (问效点 / 问题台账): problems in a department's work, followed until 销号.

例: e = add_entry(store, "「食品经营许可」无监管部门", department_id="dept:…", deadline="2025-06-30",
                  region="511602", category="职责空白", problem_key="gap:…")
    transition(store, e["id"], "推送", note="已通过监管信息推送表推送至区市监局")
    transition(store, e["id"], "整改中"); transition(store, e["id"], "销号", note="已修订权责清单")

The states are those of 诸城's 机关职能运行监管信息推送机制: a problem is found (发现), pushed to the
department (推送), rectified (整改中) and closed (销号) — "能够整改的立即整改，不能整改的建立台账，实行
销号管理". A pushed problem that is fixed at once may be closed directly. Any other move is
refused with a Chinese message naming the allowed next steps. Every change is appended to the
entry's history (time, from, to, note, by); entries are LedgerEntry nodes with a CONCERNS edge
to their department, written through the store's parameterised upserts, so they live in the
same graph on the embedded store and on Neo4j.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from graph.model import LedgerEntry, Rel, edge, stable_id, to_record
from graph.store import GraphStore
from graph.time_limits import is_late, parse_time

FOUND, PUSHED, RECTIFYING, CLOSED = "发现", "推送", "整改中", "销号"
STATES = (FOUND, PUSHED, RECTIFYING, CLOSED)
TRANSITIONS: dict[str, tuple[str, ...]] = {FOUND: (PUSHED,), PUSHED: (RECTIFYING, CLOSED),
                                           RECTIFYING: (CLOSED,), CLOSED: ()}
CATEGORIES = ("履职问题", "职责空白", "职责交叉", "审管联动", "职责争议", "清单问题", "呼叫响应", "行政协助")


class LedgerError(ValueError):
    """A ledger change that cannot be made; the message says why, in Chinese."""


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _check_date(text: str, what: str) -> str:
    parsed = parse_time(text)
    if parsed is None:
        raise LedgerError(f"{what}「{text}」无法识别：请用 2025-06-30 的形式。")
    return parsed.date().isoformat() if len(text.strip()) <= 10 else parsed.isoformat(timespec="minutes")


def _view(rec_id: str, props: dict[str, Any], dept_name: str = "", as_of: datetime | None = None) -> dict[str, Any]:
    history = [json.loads(h) for h in props.get("history") or []]
    closed = props.get("status") == CLOSED
    closed_at = next((h["at"] for h in reversed(history) if h.get("to") == CLOSED), "") if closed else ""
    late = is_late(props.get("deadline"), closed_at or None, as_of)
    return {"id": rec_id, **{k: props.get(k, "") for k in ("title", "detail", "region", "department", "category",
                                                           "status", "deadline", "created_at", "updated_at",
                                                           "problem_key", "finding_kind")},
            "department_name": dept_name, "sources": list(props.get("sources") or []), "history": history,
            "open": not closed, "overdue": bool(late) and not closed, "closed_late": bool(late) and closed,
            "next": list(TRANSITIONS.get(props.get("status", ""), ()))}


def _department(store: GraphStore, department_id: str):
    rec = store.get_node(department_id) if department_id else None
    if rec is None or rec.label != "Department":
        raise LedgerError(f"没有编号为「{department_id}」的部门：台账条目必须落到一个部门。")
    return rec


def add_entry(store: GraphStore, title: str, department_id: str, deadline: str, region: str = "", detail: str = "",
              category: str = "履职问题", problem_key: str = "", finding_kind: str = "",
              sources: list[str] | tuple[str, ...] = (), by: str = "", at: str | None = None) -> tuple[dict, bool]:
    """(the entry, whether it was created). An entry with the same ``problem_key`` is returned as is."""
    title = (title or "").strip()
    if not title:
        raise LedgerError("问题标题为空：请写明发现的问题。")
    if category not in CATEGORIES:
        raise LedgerError(f"问题类别「{category}」无效：应为 " + "、".join(CATEGORIES) + " 之一。")
    dept = _department(store, department_id)
    deadline = _check_date(deadline, "整改期限")
    if problem_key:
        existing = store.find_nodes("LedgerEntry", problem_key=problem_key)
        if existing:
            return _view(existing[0].id, existing[0].props, dept.props.get("name", "")), False
    at = at or _now()
    entry_id = stable_id("ledger", problem_key or f"{department_id}|{title}|{at}")
    history = [json.dumps({"at": at, "from": "", "to": FOUND, "note": "登记", "by": by}, ensure_ascii=False)]
    entry = LedgerEntry(id=entry_id, title=title, detail=detail, region=region or dept.props.get("region", ""),
                        department=department_id, category=category, status=FOUND, deadline=deadline,
                        created_at=at, updated_at=at, problem_key=problem_key, finding_kind=finding_kind,
                        sources=list(sources), history=history)
    store.upsert_nodes([to_record(entry)])
    store.upsert_edges([edge(entry_id, Rel.CONCERNS, department_id)])
    return _view(entry_id, to_record(entry).props, dept.props.get("name", "")), True


def transition(store: GraphStore, entry_id: str, to: str, note: str = "", by: str = "",
               at: str | None = None) -> dict[str, Any]:
    """Move an entry to its next state, or refuse with the allowed next steps."""
    rec = store.get_node(entry_id)
    if rec is None or rec.label != "LedgerEntry":
        raise LedgerError(f"没有编号为「{entry_id}」的台账条目。")
    current = rec.props.get("status", FOUND)
    if to not in STATES:
        raise LedgerError(f"状态「{to}」无效：台账状态依次为 " + " → ".join(STATES) + "。")
    allowed = TRANSITIONS.get(current, ())
    if to not in allowed:
        if not allowed:
            raise LedgerError(f"条目「{rec.props.get('title', '')}」已销号，不能再改为「{to}」：如问题复现，请另行登记。")
        raise LedgerError(f"不能从「{current}」改为「{to}」：当前状态下只能改为「{'」或「'.join(allowed)}」"
                          f"（台账状态依次为 {' → '.join(STATES)}）。")
    at = at or _now()
    history = list(rec.props.get("history") or [])
    history.append(json.dumps({"at": at, "from": current, "to": to, "note": note, "by": by}, ensure_ascii=False))
    store.set_props(entry_id, status=to, updated_at=at, history=history)
    return get_entry(store, entry_id)


def get_entry(store: GraphStore, entry_id: str, as_of: datetime | None = None) -> dict[str, Any]:
    rec = store.get_node(entry_id)
    if rec is None or rec.label != "LedgerEntry":
        raise LedgerError(f"没有编号为「{entry_id}」的台账条目。")
    dept = store.get_node(rec.props.get("department", ""))
    return _view(rec.id, rec.props, dept.props.get("name", "") if dept else "", as_of)


def list_entries(store: GraphStore, region: str | None = None, department: str | None = None,
                 status: str | None = None, as_of: datetime | None = None) -> list[dict[str, Any]]:
    """Entries of a region (or one department), oldest deadline first."""
    if status and status not in STATES:
        raise LedgerError(f"状态「{status}」无效：应为 " + "、".join(STATES) + " 之一。")
    if department:
        recs = store.find_nodes("LedgerEntry", department=department)
    elif region:
        recs = store.find_nodes_prefix("LedgerEntry", "region", region)
    else:
        recs = list(store.iter_nodes("LedgerEntry"))
    depts = store.get_nodes({r.props.get("department", "") for r in recs})
    out = [_view(r.id, r.props, depts[d].props.get("name", "") if (d := r.props.get("department", "")) in depts
                 else "", as_of)
           for r in recs if not status or r.props.get("status") == status]
    return sorted(out, key=lambda e: (e["deadline"], e["created_at"], e["id"]))


def default_deadline(days: int = 30, start: date | None = None) -> str:
    """Thirty days from today unless the 编办 says otherwise (诸城's ledger sets one per problem)."""
    from datetime import timedelta

    return ((start or date.today()) + timedelta(days=days)).isoformat()
