"""Liveness and readiness, for a load balancer or a supervisor."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter

from api.params import State
from api.problems import ApiProblem, problem_responses
from api.schemas import Health
from graph.store import StoreError

log = logging.getLogger("dutygraph.api")

router = APIRouter(tags=["运行状态 / Health"])


@router.get("/healthz", response_model=Health, response_model_exclude_none=True, summary="进程存活 / Process alive",
            description="进程在运行即返回 ok，不访问图数据库。 / ok while the process runs; does not touch the backend.")
def healthz() -> Any:
    return {"status": "ok"}


@router.get("/readyz", response_model=Health, responses=problem_responses(503), summary="可以服务 / Ready",
            description="向图数据库发一个最便宜的查询，并确认检索索引已就绪（可以回答「由谁负责」）；否则返回 503。"
                        " / One cheap backend call, and the lookup index loaded (a who-handles answer can be"
                        " given); 503 otherwise.")
def readyz(state: State) -> Any:
    # A point lookup of an id that never exists: one round trip, no scan, on either backend.
    try:
        state.store.get_node("readyz:probe")
    except StoreError as exc:  # the store's own message is meant for people
        raise ApiProblem(503, f"图数据库不可用：{exc}", headers={"Retry-After": "5"}) from exc
    except Exception as exc:  # anything else still means "not ready"; its internals stay in the log
        log.warning("readiness probe failed: %r", exc)
        raise ApiProblem(503, "图数据库不可用，详情见服务器日志。", headers={"Retry-After": "5"}) from exc
    if not state.ready:
        state.warm()
        raise ApiProblem(503, "正在载入检索索引，稍后即可回答查询。", title="尚未就绪", headers={"Retry-After": "2"})
    return {"status": "ready", "backend": state.store.description}
