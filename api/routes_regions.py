"""The regions the graph knows, with how many items each has."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.formats import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from api.params import Limit, Offset, State
from api.problems import problem_responses
from api.schemas import RegionPage
from api.state import norm_region
from graph.lookup.normalize import normalize

router = APIRouter(prefix="/api", tags=["地区 / Regions"])

_REGION_CSV = (("区划代码", "code"), ("名称", "name"), ("全称", "full_name"), ("层级", "level"), ("上级代码", "parent"),
               ("事项数", "item_count"))


@router.get(
    "/regions", response_model=RegionPage, responses={200: CSV_RESPONSE, **problem_responses(422, 503)},
    summary="地区列表 / Regions",
    description="图中的行政区划，按区划代码排序，附已导入的事项数。 / Regions by code, with their imported item count.",
)
def list_regions(
    request: Request,
    state: State,
    q: Annotated[str | None, Query(max_length=100, description="名称或代码的一部分 / Part of a name or code")] = None,
    level: Annotated[Literal["national", "province", "city", "county", "township"] | None,
                     Query(description="层级 / Level")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
    fmt: FormatParam = None,
) -> Any:
    needle = normalize(q or "")
    with state.lock.read():
        index = state.index()
        rows = [{"id": r["id"], "code": r["code"], "name": r["name"], "full_name": r["full_name"] or r["name"],
                 "level": r["level"], "parent": r["parent"],
                 "item_count": index.region_items.get(norm_region(r["code"]), 0)}
                for r in index.regions
                if (not level or r["level"] == level)
                and (not needle or needle in normalize(r["name"]) or needle in normalize(r["full_name"])
                     or r["code"].startswith(needle)
                     or any(needle in normalize(a) for a in r["aliases"]))]
    if wants_csv(request, fmt):
        return csv_response(rows[offset:offset + limit], _REGION_CSV, "regions.csv")
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset:offset + limit]}
