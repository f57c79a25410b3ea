"""The graph itself, for the web explorer: a node's neighbourhood, its neighbours by group, a shortest path."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.params import State
from api.problems import ApiProblem, not_found, problem_responses
from api.schemas import NeighbourGroups, Neighbourhood, PathOut
from graph.model import LABELS, Rel
from graph.paths import MAX_LENGTH, PathTooLong, shortest_path
from graph.neighbourhood import MAX_CAP, MAX_DEPTH, MAX_PER_GROUP, PER_GROUP, grouped_neighbours, neighbourhood

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


@router.get(
    "/nodes/{node_id}/groups", response_model=NeighbourGroups, responses=problem_responses(404, 422, 503),
    summary="按关系和类型分组的邻居 / Neighbours by group",
    description="某节点的直接邻居按关系、方向、节点类型和事项类型分组计数，每组返回前若干个；"
                "指定 group 和 offset 取某组的下一页（「再显示 20 个」），指定 rel 只看一种关系。"
                " / Direct neighbours grouped by relationship and kind with counts, a page per group.",
)
def get_groups(
    state: State,
    node_id: Annotated[str, Path(max_length=200, description="节点 id / Node id")],
    per_group: Annotated[int, Query(ge=1, le=MAX_PER_GROUP, description="每组返回几个 / Members per group")] = PER_GROUP,
    group: Annotated[str | None, Query(max_length=200, description="只取这一组（分组键）/ Only this group")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="该组从第几个开始 / First member")] = 0,
    rel: Annotated[str | None, Query(max_length=40, description="只看这种关系，如 HOLDS / Only this relationship")] = None,
    cap: Annotated[int, Query(ge=1, le=MAX_CAP, description=f"最多节点数 1–{MAX_CAP} / Node cap")] = MAX_CAP,
) -> Any:
    rels = {r.value for r in Rel}
    if rel is not None and rel not in rels:
        raise ApiProblem(422, f"未知的关系类型: {rel}。可选: {'、'.join(sorted(rels))}。")
    with state.lock.read():
        result = grouped_neighbours(state.store, node_id, per_group=per_group, group=group, offset=offset, rel=rel,
                                    cap=cap)
    if result is None:
        raise not_found("节点", node_id)
    return result


@router.get(
    "/path", response_model=PathOut, responses=problem_responses(404, 422, 503),
    summary="两节点间的最短路径 / Shortest path between two nodes",
    description="两个节点之间最短的关系链（如部门到法条），不经过来源行、清单版本和行政区划。"
                " / The shortest chain of relationships, never through source rows, list versions or regions.",
)
def get_path(
    state: State,
    src: Annotated[str, Query(alias="from", max_length=200, description="起点节点 id / Start node")],
    dst: Annotated[str, Query(alias="to", max_length=200, description="终点节点 id / End node")],
    max_length: Annotated[int, Query(ge=1, le=MAX_LENGTH, description=f"最多几步 1–{MAX_LENGTH} / Maximum steps")] = 6,
) -> Any:
    with state.lock.read():
        try:
            result = shortest_path(state.store, src, dst, max_length=max_length)
        except PathTooLong as exc:
            raise ApiProblem(404, str(exc), title="没有路径") from exc
    if result is None:
        missing = src if state.store.get_node(src) is None else dst
        raise not_found("节点", missing)
    return result
