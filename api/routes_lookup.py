"""Who handles this item, and name suggestions for the explorer's search box."""
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
from api.schemas import SuggestOut, WhoHandlesOut
from api.state import ApiState, in_region
from graph.lookup.normalize import normalize
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.lookup.who_handles import MAX_QUERY_CHARS, QueryError, who_handles
from graph.model import ITEM_KIND_ZH

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


@router.get(
    "/suggest", response_model=SuggestOut, responses=problem_responses(404, 422, 503),
    summary="名称联想 / Name suggestions",
    description="搜索框联想：部门、地区名称包含关键词者在前，其后为模糊匹配的事项。"
                " / Departments and regions whose name contains the text first, then fuzzy-matched items.",
)
def get_suggest(
    state: State,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                            description="已输入的文字 / Text typed so far")],
    region: RegionParam = None,
    limit: Annotated[int, Query(ge=1, le=50, description="最多几条 / Maximum suggestions")] = 10,
) -> Any:
    needle = normalize(q)
    out: list[dict[str, Any]] = []
    with state.lock.read():
        code = state.region_code(region)
        if not needle:
            return {"query": q, "total": 0, "items": []}
        index = state.index()
        seen: set[str] = set()
        named: list[tuple[int, int, dict[str, Any]]] = []
        for name_norm, owner in zip(index.dept_search_norm, index.dept_search_owner):
            if needle in name_norm:
                d = index.departments[owner]
                if d.id not in seen and in_region(d.region, code):
                    seen.add(d.id)
                    named.append((0 if name_norm.startswith(needle) else 1, len(d.name),
                                  {"id": d.id, "label": "Department", "kind_zh": d.kind or "部门",
                                   "name": d.name, "region": d.region}))
        for r in index.regions:
            if needle in normalize(r["name"]) or r["code"].startswith(needle):
                named.append((0, len(r["name"]), {"id": r["id"], "label": "Region", "kind_zh": "行政区划",
                                                  "name": r["name"], "region": r["code"]}))
        named.sort(key=lambda t: (t[0], t[1], t[2]["name"]))
        out.extend(entry for *_, entry in named[:limit])
        if len(out) < limit:
            catalog = index.catalog
            for pos, score in catalog.index.search(q, limit=limit - len(out), mask=catalog.region_mask(code)):
                if score < NAME_MATCH_SCORE:
                    break
                kind = catalog.label_of(pos)
                out.append({"id": catalog.ids[pos], "label": kind, "kind_zh": ITEM_KIND_ZH.get(kind, kind),
                            "name": catalog.names[pos], "region": catalog.region_codes[int(catalog.regions[pos])]})
    return {"query": q, "total": len(out), "items": out}
