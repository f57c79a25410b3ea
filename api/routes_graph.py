"""The graph itself, for the web explorer: a node's neighbourhood."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.params import State
from api.problems import ApiProblem, not_found, problem_responses
from api.schemas import Neighbourhood
from graph.model import LABELS
from graph.neighbourhood import MAX_CAP, MAX_DEPTH, neighbourhood

router = APIRouter(prefix="/api", tags=["图 / Graph"])


@router.get(
    "/nodes/{node_id}/neighbourhood", response_model=Neighbourhood, responses=problem_responses(404, 422, 503),
    summary="节点邻域 / Node neighbourhood",
    description="某节点若干跳以内的节点和边（可按类型过滤、限制节点数），供图谱浏览器展开。"
                " / Nodes and edges within a few hops, filtered by label and capped, for the explorer.",
)
def get_neighbourhood(
    state: State,
    node_id: Annotated[str, Path(max_length=200, description="节点 id / Node id")],
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description=f"跳数 0–{MAX_DEPTH} / Hops")] = 1,
    labels: Annotated[list[str] | None, Query(
        max_length=len(LABELS),
        description="只保留这些类型的节点（可重复或用逗号分隔），如 Department,PowerItem"
                    " / Keep only these node labels (repeat or comma-separate)")] = None,
    cap: Annotated[int, Query(ge=1, le=MAX_CAP, description=f"最多节点数 1–{MAX_CAP} / Node cap")] = 200,
) -> Any:
    wanted = sorted({part.strip() for value in labels or () for part in value.split(",") if part.strip()})
    unknown = [w for w in wanted if w not in LABELS]
    if unknown:
        raise ApiProblem(422, f"未知的节点类型: {'、'.join(unknown)}。可选: {'、'.join(sorted(LABELS))}。")
    with state.lock.read():
        result = neighbourhood(state.store, node_id, depth=depth, labels=wanted or None, cap=cap)
    if result is None:
        raise not_found("节点", node_id)
    return result
