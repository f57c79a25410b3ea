"""The explorer's search box: one search over items, departments, regions, laws and articles.

The routes only resolve the region and call graph/lookup/search.py (which asks who_handles for
items); they match nothing themselves. /api/suggest is the same search in its older, shorter
shape, kept for API clients that use it: one search, so the two can never disagree. The name directory is built once per graph state, beside the
lookup index, and dropped with it after a write.
"""
from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.params import RegionParam, State
from api.problems import ApiProblem, problem_responses
from api.schemas import SearchOut, SuggestOut
from graph.lookup.search import SearchDirectory, search
from graph.lookup.who_handles import MAX_QUERY_CHARS, QueryError

router = APIRouter(prefix="/api", tags=["查询 / Lookup"])

_lock = threading.Lock()


def directory_for(state) -> SearchDirectory:
    """Kept on the lookup index object: a write replaces the index, and with it the directory."""
    index = state.index()
    with _lock:
        found = getattr(index, "search_directory", None)
        if found is None:
            found = SearchDirectory.build(state.store)
            index.search_directory = found
    return found


@router.get(
    "/search", response_model=SearchOut, responses=problem_responses(404, 422, 503),
    summary="综合搜索 / Search everything",
    description="搜索事项（与 who-handles 同一查找，口语和书面语皆可）、部门、地区、法律和法条（「食品安全法第三十五条」、条文内容），"
                "每条注明地区名称和找到的理由。 / Items (the who-handles lookup), departments, regions, laws and articles.",
)
def get_search(
    state: State,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                            description="已输入的文字，如「养犬」「食品安全法第三十五条」/ Text typed so far")],
    region: RegionParam = None,
    limit: Annotated[int, Query(ge=1, le=50, description="最多几条 / Maximum hits")] = 12,
) -> Any:
    result = _search(state, q, region, limit)
    return result.to_dict()


def _search(state, q: str, region: str | None, limit: int):
    with state.lock.read():
        code = state.region_code(region)
        try:
            return search(state.store, q, region=code, limit=limit, directory=directory_for(state))
        except QueryError as exc:
            raise ApiProblem(422, str(exc)) from exc


@router.get(
    "/suggest", response_model=SuggestOut, responses=problem_responses(404, 422, 503),
    summary="名称联想 / Name suggestions",
    description="与 /api/search 同一搜索（部门、地区、法律法规、法条和事项），只返回 id、类型、名称和地区。"
                " / The same search as /api/search, in the short shape: id, label, kind, name, region.",
)
def get_suggest(
    state: State,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS,
                            description="已输入的文字 / Text typed so far")],
    region: RegionParam = None,
    limit: Annotated[int, Query(ge=1, le=50, description="最多几条 / Maximum suggestions")] = 10,
) -> Any:
    hits = _search(state, q, region, limit).items
    return {"query": q, "total": len(hits),
            "items": [{"id": h.id, "label": h.label, "kind_zh": h.kind_zh, "name": h.name, "region": h.region,
                       "region_name": h.region_name} for h in hits]}
