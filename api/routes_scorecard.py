"""/api/scorecard: the department scorecard of `dutygraph scorecard`, as JSON, CSV or Markdown.

The same library call (graph.analyses.scorecard.scorecard) with the region resolved as the CLI
does; the result is kept per parameters until the next write, like the other analyses.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.formats import csv_response
from api.params import State
from api.problems import ApiProblem, problem_responses
from api.routes_analyses import _cached
from graph.analyses.scorecard import ScorecardError, scorecard
from graph.time_limits import parse_time

router = APIRouter(prefix="/api", tags=["机关职能运行监管 / Supervision"])

DateParam = Annotated[str | None, Query(max_length=25, pattern=r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$",
                                        description="日期或时间，如 2025-06-30 / A date, e.g. 2025-06-30")]
_COLUMNS = ("排名", "部门", "部门ID", "总得分", "满分", "得分率", "一级指标", "二级指标", "三级指标", "指标代码", "计分方式",
            "分值", "指标值", "适用", "得分", "说明", "依据行数")


def _date(text: str | None, name: str) -> datetime | None:
    if not text:
        return None
    parsed = parse_time(text)
    if parsed is None:
        raise ApiProblem(422, f"{name}「{text}」无法识别：请用 2025-06-30 的形式。",
                         errors=[{"parameter": name, "location": "query", "message": "日期无法识别"}])
    return parsed


@router.get(
    "/scorecard", responses={200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                               "text/markdown": {"schema": {"type": "string"}}},
                                   "description": "JSON，或 CSV（format=csv）、Markdown（format=markdown）"},
                             **problem_responses(404, 422, 503)},
    summary="部门履职评价 / Department scorecard",
    description="地区内每个部门（或 department 指定的一个）：持有事项、法定职责覆盖、空白、交叉、审管联动断链、认定与争议、"
                "乡镇呼叫响应、行政协助、问题台账、期间内清单调整，按默认指标文件计分，每项得分附其依据行；"
                "与 `dutygraph scorecard --json` 相同。/ Same as `dutygraph scorecard --json`.",
)
def get_scorecard(
    request: Request,
    state: State,
    region: Annotated[str, Query(min_length=1, max_length=100, description="地区名称或区划代码 / Region")],
    department: Annotated[str | None, Query(max_length=100, description="部门全称、简称或 ID / One department")] = None,
    as_of: Annotated[str | None, Query(max_length=25, description="评价时点（判断超时、逾期），默认现在 / As-of time")] = None,
    since: DateParam = None,
    until: DateParam = None,
    fmt: Annotated[Literal["json", "csv", "markdown"] | None, Query(
        alias="format", description="json（默认）、csv 或 markdown / Output format")] = None,
) -> Any:
    when = _date(as_of, "as_of")

    def compute() -> Any:
        try:
            return scorecard(state.store, code, department=department, as_of=when, since=since, until=until)
        except ScorecardError as exc:
            raise ApiProblem(404, str(exc), title="无法评价") from exc

    with state.lock.read():
        code = state.region_code(region)
        # Without an as-of time the result depends on the clock: cached per minute only.
        stamp = as_of or datetime.now().strftime("%Y-%m-%dT%H:%M")
        card = _cached(state, ("scorecard", code, department, stamp, since, until), compute)
    if fmt == "csv" or (fmt is None and "text/csv" in request.headers.get("accept", "")):
        rows = card.rows()
        return csv_response(rows, tuple((c, c) for c in _COLUMNS), "scorecard.csv")
    if fmt == "markdown" or (fmt is None and "text/markdown" in request.headers.get("accept", "")):
        return Response(card.to_markdown().encode("utf-8"), media_type="text/markdown; charset=utf-8")
    return card.to_dict()
