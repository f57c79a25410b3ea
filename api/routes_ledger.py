"""/api/ledger: the problem ledger (问效点/问题台账) — list and read freely, add and move with the token.

GET /api/ledger lists, POST /api/ledger/entries adds (its own path: one path, one method, so that a
405 names exactly the methods allowed). The library calls of `dutygraph ledger …` (graph.ledger); a refused move is a 409 problem whose
detail is the ledger's own Chinese message naming the allowed next steps.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from api.auth import require_writer
from api.params import RegionParam, State
from api.problems import ApiProblem, problem_responses
from graph import ledger

router = APIRouter(prefix="/api", tags=["机关职能运行监管 / Supervision"])

EntryId = Annotated[str, Path(max_length=100, description="台账条目编号，如 ledger:… / Entry id")]
Status = Literal["发现", "推送", "整改中", "销号"]


class EntryIn(BaseModel):
    region: str = Field(min_length=1, max_length=100, description="部门所在地区 / Region", examples=["广安区"])
    department: str = Field(min_length=1, max_length=100, description="部门全称、简称或 ID / Department name or id", examples=["区市监局"])
    title: str = Field(min_length=1, max_length=300, description="问题 / The problem")
    detail: str = Field("", max_length=2000, description="详细说明 / Details")
    category: Literal[ledger.CATEGORIES] = Field("履职问题", description="问题类别 / Category")  # type: ignore[valid-type]
    deadline: str = Field(min_length=1, max_length=25, description="整改期限 / Deadline", examples=["2025-06-30"])
    problem_key: str = Field("", max_length=100, description="评价问题的键（scorecard 的 problem_key），同键只登记一次 / Scorecard problem key")
    by: str = Field("", max_length=100, description="经办人 / Recorded by")


class MoveIn(BaseModel):
    status: Status = Field(description="新状态 / New status")
    note: str = Field("", max_length=1000, description="说明（推送方式、整改措施、销号依据） / Note")
    by: str = Field("", max_length=100, description="经办人 / Moved by")


def _problem(exc: ValueError) -> ApiProblem:
    text = str(exc)
    return ApiProblem(404 if text.startswith(("没有编号为", "本地区没有")) else 409 if "不能" in text else 422, text)


@router.get("/ledger", responses=problem_responses(404, 422, 503), summary="问题台账 / Ledger entries")
def list_ledger(state: State, region: RegionParam = None,
                department: Annotated[str | None, Query(max_length=100, description="部门 ID / Department id")] = None,
                status: Annotated[Status | None, Query(description="状态：发现、推送、整改中、销号 / Status")] = None) -> Any:
    with state.lock.read():
        rows = ledger.list_entries(state.store, region=state.region_code(region), department=department,
                                   status=status)
    return {"total": len(rows), "items": rows}


@router.post("/ledger/entries", dependencies=[Depends(require_writer)], status_code=201,
             responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503), summary="登记问题 / Add an entry")
def post_ledger(state: State, body: EntryIn) -> Any:
    from graph.analyses.scope import departments
    from graph.analyses.scorecard import ScorecardError, find_department

    with state.lock.write():
        code = state.region_code(body.region)
        try:
            dept = find_department(departments(state.store, code), body.department)
            entry, created = ledger.add_entry(state.store, body.title, dept.id, body.deadline, region=code,
                                              detail=body.detail, category=body.category,
                                              problem_key=body.problem_key, by=body.by)
        except (ledger.LedgerError, ScorecardError) as exc:
            raise _problem(exc) from exc
        state.store.save()
        state.after_write()
    return {**entry, "created": created}


@router.get("/ledger/{entry_id}", responses=problem_responses(404, 422, 503), summary="一个条目及其经过 / One entry")
def get_ledger(state: State, entry_id: EntryId) -> Any:
    with state.lock.read():
        try:
            return ledger.get_entry(state.store, entry_id)
        except ledger.LedgerError as exc:
            raise _problem(exc) from exc


@router.post("/ledger/{entry_id}/transition", dependencies=[Depends(require_writer)],
             responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
             summary="改变状态 / Move an entry: 发现 → 推送 → 整改中 → 销号")
def post_transition(state: State, entry_id: EntryId, body: MoveIn) -> Any:
    with state.lock.write():
        try:
            entry = ledger.transition(state.store, entry_id, body.status, note=body.note, by=body.by)
        except ledger.LedgerError as exc:
            raise _problem(exc) from exc
        state.store.save()
        state.after_write()
    return entry
