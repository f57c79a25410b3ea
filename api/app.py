"""The FastAPI app: the same library calls as the CLI, over HTTP, read-only unless a token is set.

    app = create_app("dutygraph.db")           # read-only
    app = create_app(store=store, token="s3cret")       # writes allowed with Authorization: Bearer s3cret

Each topic is one router module (api/routes_*.py); an analysis added later is one more module
in ROUTERS. The web explorer (viz/static) is served at / when it is installed.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import problems
from api import routes_departments, routes_graph, routes_health, routes_items, routes_lookup, routes_regions
from api import routes_lists, routes_versions
from api import routes_analyses, routes_search, routes_viz
from api import routes_calls, routes_ledger, routes_scorecard
from api.state import MiB, ApiState
from api.upload_limit import UploadLimit
from graph.backends import open_store
from graph.store import GraphStore

ROUTERS = (routes_health, routes_lookup, routes_items, routes_departments, routes_regions, routes_graph,
           routes_lists, routes_versions, routes_viz, routes_analyses, routes_search,
           routes_scorecard, routes_ledger, routes_calls)

VIZ_STATIC = Path(__file__).resolve().parents[1] / "viz" / "static"

DESCRIPTION = """职责知识图谱 HTTP 接口：某事项由谁负责、依据是什么；事项与部门检索、部门画像、图谱邻域。

The dutygraph HTTP API: who handles an item and on what basis; item and department search,
department profiles, graph neighbourhoods.

- 默认只读；写操作（上传清单、删除清单版本）需启动时配置令牌，并以 `Authorization: Bearer <令牌>` 调用。
  Read-only by default; writes need the token configured at start, sent as a bearer token.
- 错误一律为 RFC 9457 problem details（`application/problem+json`），`title`/`detail` 为中文。
  Every error is an RFC 9457 problem document with a Chinese title and detail.
- 列表均支持 `offset`/`limit` 分页并返回 `total`；表格类结果可用 `format=csv` 或 `Accept: text/csv` 导出。
  Lists paginate with offset/limit and report total; tables export as CSV.
"""


def create_app(db: str | None = None, store: GraphStore | None = None, token: str | None = None,
               max_upload_bytes: int = 20 * MiB, answer_cache: int = 4096) -> FastAPI:
    """The app over ``store`` (used as is, left open) or the graph named by ``db`` (opened once here).

    ``token`` enables writes for clients that present it as a bearer token; without it every
    write answers 403. Request bodies above ``max_upload_bytes`` answer 413. ``answer_cache`` is how
    many who-handles answers are kept until the next write (0: none).
    """
    owns_store = store is None
    state = ApiState(store if store is not None else open_store(db), token, max_upload_bytes, owns_store)
    state.answers.size = answer_cache

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202 - FastAPI's lifespan protocol
        state.warm()  # /readyz says ready once a who-handles answer needs no index build
        yield
        state.close()

    app = FastAPI(title="dutygraph 职责知识图谱 API", version="0.1.0", description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.dutygraph = state
    problems.install(app)
    app.add_middleware(UploadLimit, max_bytes=max_upload_bytes)
    for module in ROUTERS:
        app.include_router(module.router)
    _mount_docs(app)
    _mount_explorer(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _docs_assets() -> Path | None:
    """Swagger UI and ReDoc files shipped by the fastapi-offline package, when installed."""
    try:
        from importlib.resources import files

        folder = Path(str(files("fastapi_offline") / "static"))
    except ModuleNotFoundError:
        return None
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _mount_docs(app: FastAPI) -> None:
    """/docs and /redoc from local files: a 政务内网 has no CDN. Without the assets, FastAPI's CDN pages."""
    assets = _docs_assets()
    title = f"{app.title} — 接口文档"
    # No online validator badge, no Google fonts: nothing may leave the machine.
    params = {"validatorUrl": None}
    if assets is None:
        @app.get("/docs", include_in_schema=False)
        def docs_cdn() -> HTMLResponse:
            return get_swagger_ui_html(openapi_url=app.openapi_url, title=title, swagger_ui_parameters=params)
        return

    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=title, swagger_ui_parameters=params,
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=title, with_google_fonts=False,
                              redoc_js_url="/docs-assets/redoc.standalone.js",
                              redoc_favicon_url="/docs-assets/favicon.png")


def _mount_explorer(app: FastAPI) -> None:
    index = VIZ_STATIC / "index.html"
    if not index.is_file():
        return
    app.mount("/static", StaticFiles(directory=VIZ_STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with error schemas under application/problem+json where they are sent."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in "45" and "application/json" in content:
                    content[problems.PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    app.openapi_schema = schema
    return schema
