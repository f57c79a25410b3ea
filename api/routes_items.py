"""Item search (fuzzy with q) and an item's detail with evidence and holders."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from api.formats import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from api.params import FuzzyQuery, Limit, Offset, RegionParam, State
from api.problems import not_found, problem_responses
from api.schemas import ItemDetail, ItemPage
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.model import ITEM_KIND_ZH, ITEM_LABELS
from graph.profiles import item_detail

router = APIRouter(prefix="/api", tags=["事项 / Items"])

# A fuzzy search ranks at most this many items; past it the scores are noise anyway.
MAX_FUZZY = 2000

ItemKind = Literal[ITEM_LABELS]  # type: ignore[valid-type]

_ITEM_CSV = (("id", "id"), ("名称", "name"), ("类型", "type"), ("事项类别", "kind_zh"), ("地区", "region"),
             ("匹配度", "score"))


@router.get(
    "/items", response_model=ItemPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="事项检索 / Item search",
    description="列出或模糊检索清单事项（仅现行版本）。有 q 时按匹配度排序，否则按名称排序。"
                " / List current items, or fuzzy-search them with q (ranked by score; otherwise by name).",
)
def list_items(
    request: Request,
    state: State,
    q: FuzzyQuery = None,
    region: RegionParam = None,
    kind: Annotated[ItemKind | None, Query(description="节点类型，如 PowerItem、TerritorialItem / Item node label")] = None,
    type: Annotated[str | None, Query(max_length=30, description="权力类型或事项类别，如「行政许可」「属地管理事项」"
                                                                  " / Power type or item kind in Chinese")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    fmt: FormatParam = None,
) -> Any:
    with state.lock.read():
        code = state.region_code(region)
        index = state.index()
        catalog = index.catalog
        mask = catalog.region_mask(code)
        if kind:
            kind_mask = catalog.labels == catalog.label_names.index(kind)
            mask = kind_mask if mask is None else mask & kind_mask
        if type:
            type_mask = index.types == type
            mask = type_mask if mask is None else mask & type_mask
        if q and q.strip():
            hits = [(p, s) for p, s in catalog.index.search(q, limit=MAX_FUZZY, mask=mask) if s >= NAME_MATCH_SCORE]
        else:
            order = index.name_order if mask is None else index.name_order[mask[index.name_order]]
            hits = [(int(p), None) for p in order]
        total = len(hits)
        rows = [_summary(index, p, s) for p, s in hits[offset:offset + limit]]
    if wants_csv(request, fmt):
        return csv_response(rows, _ITEM_CSV, "items.csv")
    return {"total": total, "offset": offset, "limit": limit, "items": rows}


def _summary(index: Any, pos: int, score: float | None) -> dict[str, Any]:
    catalog = index.catalog
    label = catalog.label_of(pos)
    return {"id": catalog.ids[pos], "label": label, "kind_zh": ITEM_KIND_ZH.get(label, label),
            "type": str(index.types[pos]), "name": catalog.names[pos],
            "region": catalog.region_codes[int(catalog.regions[pos])],
            "score": None if score is None else round(float(score), 1)}


@router.get(
    "/items/{item_id}", response_model=ItemDetail, response_model_exclude_none=True,
    responses=problem_responses(404, 422, 503),
    summary="事项详情 / Item detail",
    description="事项的全部属性、承担部门（角色、职责）和依据（清单行、实施依据、法条）。"
                " / Properties, holders (role, duty) and evidence (list rows, basis text, articles).",
)
def get_item(state: State, item_id: Annotated[str, Path(max_length=200, description="事项 id / Item id")]) -> Any:
    with state.lock.read():
        detail = item_detail(state.store, item_id)
    if detail is None:
        raise not_found("事项", item_id)
    return detail
