"""Errors as RFC 9457 problem details, with a Chinese title and detail, never a stack trace.

Every error leaves the API as ``application/problem+json``:
    {"type": "urn:dutygraph:problem:not-found", "title": "未找到", "status": 404,
     "detail": "没有 id 为 dept:… 的部门。", "instance": "/api/departments/dept:…"}
"""
from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.store import StoreError

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:dutygraph:problem:"

log = logging.getLogger("dutygraph.api")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# status → (slug, Chinese title); the slug makes the problem type URI.
_KINDS: dict[int, tuple[str, str]] = {
    400: ("bad-request", "请求有误"),
    401: ("unauthorized", "未认证"),
    403: ("forbidden", "禁止访问"),
    404: ("not-found", "未找到"),
    405: ("method-not-allowed", "不支持该请求方法"),
    406: ("not-acceptable", "无法提供所要求的格式"),
    409: ("conflict", "冲突"),
    413: ("content-too-large", "上传内容过大"),
    415: ("unsupported-media-type", "不支持的文件类型"),
    422: ("invalid-parameters", "参数不合法"),
    500: ("internal-error", "服务器内部错误"),
    503: ("backend-unavailable", "图数据库暂不可用"),
}


class ParamError(BaseModel):
    """One malformed parameter (only in 422 problems)."""

    parameter: str = Field(description="参数名 / Parameter name")
    location: str = Field(description="参数位置: query/path/header/body / Where the parameter is")
    message: str = Field(description="错误说明（中文）/ What is wrong, in Chinese")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="问题类型 URI / Problem type URI")
    title: str = Field(description="问题类别（中文）/ Short summary, in Chinese")
    status: int = Field(description="HTTP 状态码 / HTTP status code")
    detail: str = Field(description="具体说明（中文）/ Explanation of this occurrence, in Chinese")
    instance: str = Field(description="出错的请求路径 / The request path that failed")
    errors: list[ParamError] | None = Field(default=None, description="参数错误列表 / Parameter errors (422)")


class ApiProblem(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(self, status: int, detail: str, title: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.headers = headers
        self.extra = extra


def not_found(what_zh: str, ident: str) -> ApiProblem:
    return ApiProblem(404, f"没有 id 为 {ident} 的{what_zh}。")


def problem_response(request: Request, status: int, detail: str, title: str | None = None,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    slug, default_title = _KINDS.get(status, ("error", "请求失败"))
    body: dict[str, Any] = {
        "type": _TYPE_PREFIX + slug,
        "title": title or default_title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entries of a route for the problems it can answer with.

    The app moves these schemas under application/problem+json when it builds the OpenAPI document.
    """
    return {s: {"model": Problem, "description": _KINDS.get(s, ("", "错误"))[1]} for s in statuses}


# ---- validation errors in Chinese --------------------------------------------------------
_LOCATION_ZH = {"query": "查询参数", "path": "路径参数", "header": "请求头", "body": "请求体", "cookie": "Cookie"}


def _message_zh(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    messages = {
        "missing": "缺少此参数",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "float_parsing": "应为数字",
        "bool_parsing": "应为 true 或 false",
        "greater_than_equal": f"不能小于 {ctx.get('ge')}",
        "greater_than": f"应大于 {ctx.get('gt')}",
        "less_than_equal": f"不能大于 {ctx.get('le')}",
        "less_than": f"应小于 {ctx.get('lt')}",
        "string_too_long": f"过长（最多 {ctx.get('max_length')} 个字符）",
        "string_too_short": f"过短（至少 {ctx.get('min_length')} 个字符）",
        "literal_error": f"应为以下之一: {ctx.get('expected')}",
        "enum": f"应为以下之一: {ctx.get('expected')}",
        "string_pattern_mismatch": "格式不对",
        "string_type": "应为文本",
        "list_type": "应为列表",
        "too_long": f"项数过多（最多 {ctx.get('max_length')} 项）",
    }
    return messages.get(kind, "取值不合法")


def _param_errors(exc: RequestValidationError) -> list[ParamError]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "query"
        name = ".".join(loc[1:]) or where
        out.append(ParamError(parameter=name, location=where, message=_message_zh(err)))
    return out


# ---- handlers ------------------------------------------------------------------------------
async def _on_api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
    return problem_response(request, exc.status, exc.detail, exc.title, exc.headers, **exc.extra)


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _param_errors(exc)
    detail = "；".join(f"{_LOCATION_ZH.get(e.location, e.location)} {e.parameter}: {e.message}" for e in errors)
    return problem_response(request, 422, detail or "请求参数不合法。",
                            errors=[e.model_dump() for e in errors])


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    defaults = {404: f"没有这个地址: {request.url.path}", 405: f"{request.url.path} 不支持 {request.method} 请求。",
                413: "上传内容超过大小上限。", 400: "请求体无法解析。"}
    # Framework messages are English; keep a Chinese one we raised ourselves, else show ours.
    if isinstance(exc.detail, str) and _CJK.search(exc.detail):
        detail = exc.detail
    else:
        detail = defaults.get(exc.status_code, "请求失败。")
    return problem_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _on_store_error(request: Request, exc: StoreError) -> JSONResponse:
    log.warning("store error on %s: %s", request.url.path, exc)
    return problem_response(request, 503, f"图数据库无法回答：{exc}", headers={"Retry-After": "5"})


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the server log, never to the client.
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(request, 500, "服务器处理请求时出错，已记录日志。请稍后再试或联系管理员。")


def _backend_down_errors() -> tuple[type[Exception], ...]:
    """Driver errors that mean "the Bolt server does not answer", should one escape the store."""
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired
    except ImportError:
        return ()
    return (ServiceUnavailable, SessionExpired)


def install(app: FastAPI) -> None:
    """Register the problem-details handlers on the app."""
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(StoreError, _on_store_error)
    for exc_type in _backend_down_errors():
        app.add_exception_handler(exc_type, _on_store_error)
    app.add_exception_handler(Exception, _on_unexpected)
