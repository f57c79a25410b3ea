"""/api/calls: 乡呼县应 — a township's call dispatched through who-handles, its outcome, the queue.

POST /api/calls and POST /api/calls/{id}/outcome are writes (bearer token); the queue, the
suggestions and one call's state are reads. Each is the library call of `dutygraph calls …`.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from api.auth import require_writer
from api.formats import FormatParam, csv_response, wants_csv
from api.params import RegionParam, State
from api.problems import ApiProblem, problem_responses
from graph import call_dispatch, call_queue
from graph.lookup.answer_index import answer_index
from graph.lookup.who_handles import MAX_QUERY_CHARS

router = APIRouter(prefix="/api", tags=["乡呼县应 / Township calls"])

CallId = Annotated[str, Path(max_length=100, description="呼叫编号，如 call:… / Call id")]


class CallIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="呼叫内容 / What the township asks",
                      examples=["村里有人违法建房，劝阻无效还在继续施工"])
    township: str = Field("", max_length=100, description="呼叫的乡镇（街道）/ Calling township", examples=["浓洄街道"])
    region: str = Field(min_length=1, max_length=100, description="乡镇所属县（区）名称或区划代码 / County",
                        examples=["广安区"])
    time: str = Field("", max_length=25, description="呼叫时间，默认现在 / When", examples=["2025-03-03 09:00"])
    channel: Literal["乡呼县应", "镇呼区应", "街呼区应", "12345 热线", "其他"] = Field(
        "乡呼县应", description="呼叫渠道 / Channel")


class OutcomeIn(BaseModel):
    responded_at: str = Field(min_length=1, max_length=25, description="响应时间 / When the department responded")
    result: str = Field("", max_length=500, description="办理结果 / Result")
    satisfaction: Literal["", "满意", "基本满意", "不满意"] = Field("", description="乡镇评价 / Township's rating")
    department: str = Field("", max_length=100, description="实际承办部门（待协调事项）/ Who finally handled it")


def _problem(exc: call_dispatch.CallError) -> ApiProblem:
    text = str(exc)
    return ApiProblem(404 if text.startswith("没有编号为") else 409 if "不能重复分派" in text or "尚未分派" in text
                      else 422, text)


@router.post(
    "/calls", dependencies=[Depends(require_writer)], status_code=201,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
    summary="登记并分派一个呼叫 / Record and dispatch a call",
    description="按属地管理等清单确定主体责任部门与配合部门，给出匹配的事项或条款、清单写明的时限和依据；"
                "无对应事项的列入「其他需区级协调解决的事项」。与 `dutygraph calls dispatch` 相同的分派。",
)
def post_call(state: State, body: CallIn) -> Any:
    with state.lock.write():
        code = state.region_code(body.region)
        # Before the call is written (the index is kept per store state), and the county's own, as
        # who-handles uses for a question there.
        index = answer_index(state.store, call_dispatch.county_of_call(code) or None)
        try:
            cid = call_dispatch.record_call(state.store, body.text, code, body.township, body.time, body.channel)
            result = call_dispatch.dispatch_call(state.store, cid, index=index)
        except call_dispatch.CallError as exc:
            raise _problem(exc) from exc
        state.store.save()
        state.after_write()
    return result.to_dict()


@router.post(
    "/calls/{call_id}/outcome", dependencies=[Depends(require_writer)],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
    summary="登记办理结果与满意度 / Record the outcome",
)
def post_outcome(state: State, call_id: CallId, body: OutcomeIn) -> Any:
    with state.lock.write():
        try:
            out = call_dispatch.record_outcome(state.store, call_id, body.responded_at, body.result,
                                               body.satisfaction, body.department)
        except call_dispatch.CallError as exc:
            raise _problem(exc) from exc
        state.store.save()
        state.after_write()
    return out


@router.get("/calls/queue", responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                                             "description": "JSON 或 CSV"}, **problem_responses(404, 422, 503)},
            summary="其他需区级协调解决的事项 / Calls waiting for coordination")
def get_queue(request: Request, state: State, region: RegionParam = None, fmt: FormatParam = None) -> Any:
    with state.lock.read():
        rows = call_queue.queue(state.store, state.region_code(region))
    if wants_csv(request, fmt):
        return csv_response(rows, tuple((k, k) for k in ("id", "date", "township", "text", "department", "result")),
                            "calls-queue.csv")
    return {"total": len(rows), "items": rows}


@router.get("/calls/suggestions", responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                                                   "description": "JSON 或 CSV"}, **problem_responses(404, 422, 503)},
            summary="建议新增的清单事项 / Suggested list additions",
            description="未匹配清单的呼叫按事项归并：次数、来自哪些乡镇、最终承办部门、最接近的清单事项。")
def get_suggestions(request: Request, state: State, region: RegionParam = None, fmt: FormatParam = None) -> Any:
    with state.lock.read():
        found = call_queue.suggestions(state.store, state.region_code(region))
    if wants_csv(request, fmt):
        rows = [s.row() for s in found]
        cols = ("事项", "次数", "乡镇(街道)", "涉及部门", "最接近的清单事项", "呼叫", "建议")
        return csv_response(rows, tuple((c, c) for c in cols), "calls-suggestions.csv")
    return {"total": len(found), "items": [s.to_dict() for s in found]}


@router.get("/calls/{call_id}", responses=problem_responses(404, 422, 503),
            summary="一个呼叫的分派与办理 / One call")
def get_call(state: State, call_id: CallId) -> Any:
    with state.lock.read():
        try:
            return call_dispatch.call_state(state.store, call_id)
        except call_dispatch.CallError as exc:
            raise _problem(exc) from exc
