"""Department search and a department's profile."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from api.formats import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from api.params import FuzzyQuery, Limit, Offset, RegionParam, State
from api.problems import not_found, problem_responses
from api.schemas import DepartmentPage, DepartmentProfile
from api.state import ApiIndex, in_region
from graph.lookup.ngram_index import score as name_score
from graph.lookup.normalize import normalize
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.profiles import department_profile

router = APIRouter(prefix="/api", tags=["部门 / Departments"])

_DEPT_CSV = (("id", "id"), ("名称", "name"), ("地区", "region"), ("类别", "kind"), ("事项数", "item_count"),
             ("在名册中", "in_roster"), ("匹配度", "score"))


@router.get(
    "/departments", response_model=DepartmentPage,
    responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="部门检索 / Department search",
    description="列出或按名称（含别名）模糊检索部门。 / List departments, or fuzzy-search their names and aliases.",
)
def list_departments(
    request: Request,
    state: State,
    q: FuzzyQuery = None,
    region: RegionParam = None,
    kind: Annotated[str | None, Query(max_length=30, description="类别，如「部门」「乡镇街道」「内设机构」"
                                                                  " / Kind, e.g. 部门, 乡镇街道")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    fmt: FormatParam = None,
) -> Any:
    with state.lock.read():
        code = state.region_code(region)
        index = state.index()
        allowed = [i for i, d in enumerate(index.departments)
                   if in_region(d.region, code) and (not kind or d.kind == kind)]
        needle = normalize(q or "")
        if needle:
            ranked = _fuzzy(index, needle, set(allowed))
        else:
            ranked = [(i, None) for i in allowed]
        rows = [_summary(index, i, s) for i, s in ranked]
    if wants_csv(request, fmt):
        return csv_response(rows[offset:offset + limit], _DEPT_CSV, "departments.csv")
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset:offset + limit]}


def _fuzzy(index: ApiIndex, needle: str, allowed: set[int]) -> list[tuple[int, float]]:
    """Best score per department over its name and aliases, best first."""
    best: dict[int, float] = {}
    for name_norm, owner in zip(index.dept_search_norm, index.dept_search_owner):
        if owner in allowed:
            s = name_score(needle, name_norm)
            if s >= NAME_MATCH_SCORE and s > best.get(owner, -1.0):
                best[owner] = s
    return sorted(best.items(), key=lambda t: (-t[1], index.departments[t[0]].name, t[0]))


def _summary(index: ApiIndex, i: int, score: float | None) -> dict[str, Any]:
    d = index.departments[i]
    return {"id": d.id, "name": d.name, "region": d.region, "kind": d.kind, "aliases": list(d.aliases),
            "in_roster": d.in_roster, "item_count": index.dept_items.get(d.id, 0),
            "score": None if score is None else round(float(score), 1)}


@router.get(
    "/departments/{dept_id}", response_model=DepartmentProfile, response_model_exclude_none=True,
    responses=problem_responses(404, 422, 503),
    summary="部门画像 / Department profile",
    description="部门承担的事项（按类型）、内设机构、三定职责、属地管理事项、职责边界认定、审管联动。"
                " / Items by type, units, 三定 duties, territorial items, rulings and linkage of a department.",
)
def get_department(state: State,
                   dept_id: Annotated[str, Path(max_length=200, description="部门 id / Department id")]) -> Any:
    with state.lock.read():
        profile = department_profile(state.store, dept_id)
    if profile is None:
        raise not_found("部门", dept_id)
    return profile
