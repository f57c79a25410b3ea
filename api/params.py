"""Parameters shared by several endpoints, each described in Chinese and English once."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from api.state import ApiState
from graph.lookup.who_handles import MAX_QUERY_CHARS

MAX_PAGE = 500

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="跳过前多少条（分页）/ Entries to skip (pagination)")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"每页条数，1–{MAX_PAGE} / Page size, 1–{MAX_PAGE}")]
RegionParam = Annotated[
    str | None,
    Query(max_length=100, description="地区名称或区划代码，如「广安区」或 511602；含其下属地区。"
                                      " / Region name or code, e.g. 广安区 or 511602; includes the regions below it."),
]
FuzzyQuery = Annotated[
    str | None,
    Query(max_length=MAX_QUERY_CHARS, description="名称关键词，模糊匹配 / Name keywords, fuzzy match"),
]


async def get_state(request: Request) -> ApiState:
    # async: no thread hop for a cached answer; the generation check is one indexed read.
    state = request.app.state.dutygraph
    state.notice_other_writers()
    return state


State = Annotated[ApiState, Depends(get_state)]


def page(rows: list, offset: int, limit: int) -> dict:
    """A page of ``rows`` in the common list shape."""
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset:offset + limit]}
