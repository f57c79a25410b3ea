"""Writes need the bearer token configured at start; without one the API is read-only."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.params import State
from api.problems import ApiProblem

_bearer = HTTPBearer(auto_error=False, scheme_name="writeToken",
                     description="启动时配置的令牌（DUTYGRAPH_TOKEN）/ The token configured at start")


def require_writer(state: State,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """403 when the server has no token (read-only), 401 when the client's token is missing or wrong."""
    if state.token is None:
        raise ApiProblem(403, "本服务为只读：启动时未配置写入令牌（DUTYGRAPH_TOKEN），不接受写操作。",
                         title="只读服务")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), state.token.encode("utf-8")):
        raise ApiProblem(401, "缺少或错误的写入令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
                         headers={"WWW-Authenticate": 'Bearer realm="dutygraph"'})
