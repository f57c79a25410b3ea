"""Who handles this item (the search box and /api/suggest are api/routes_search.py)."""
from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.answer_render import CSV_COLUMNS, answer_json, answer_rows
from api.formats import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from api.params import RegionParam, State
from api.problems import ApiProblem, problem_responses
from api.schemas import WhoHandlesOut
from api.state import ApiState
from graph.lookup.who_handles import MAX_QUERY_CHARS, QueryError, who_handles

router = APIRouter(prefix="/api", tags=["查询 / Lookup"])


@router.get(
    "/who-handles", response_model=WhoHandlesOut,
    responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="谁负责这个事项 / Who handles this item",
    description="按事项模糊匹配，返回负责部门（主体/牵头、配合）及依据，与 `dutygraph who-handles --json` 相同。"
                " / Ranked departments with role and evidence, same JSON as the CLI's --json.",
)
async def get_who_handles(
    request: Request,
    state: State,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS,
                            description="事项描述，如「养狗要办什么证」/ The matter, e.g. 养狗要办什么证")],
    region: RegionParam = None,
    limit: Annotated[int, Query(ge=1, le=100, description="最多返回几个部门 / Maximum departments returned")] = 10,
    fmt: FormatParam = None,
) -> Any:
    # async, so that a cached answer is sent without a thread hop; a miss is computed in the threadpool.
    key = (q, region, limit)
    body = state.answers.get(key)
    if body is None:
        body = await run_in_threadpool(_answer, state, key)
    if wants_csv(request, fmt):
        return csv_response(answer_rows(json.loads(body)), CSV_COLUMNS, "who-handles.csv")
    return Response(body, media_type="application/json")


def _answer(state: ApiState, key: tuple[str, str | None, int]) -> bytes:
    """The answer as JSON bytes, validated against the declared model once, then cached."""
    q, region, limit = key
    epoch = state.answers.epoch
    with state.lock.read():
        code = state.region_code(region)
        try:
            answer = who_handles(state.store, q, region=code, limit=limit)
        except QueryError as exc:
            raise ApiProblem(422, str(exc)) from exc
        body = WhoHandlesOut.model_validate(answer_json(answer)).model_dump_json().encode("utf-8")
        # Inside the read lock: a write cannot clear the cache between computing and storing.
        state.answers.put(key, body, epoch)
    return body
