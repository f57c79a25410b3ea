"""List versions: which exist (read), and deleting one (a write: bearer token required)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api.auth import require_writer
from api.params import Limit, Offset, RegionParam, State, page
from api.problems import not_found, problem_responses
from api.schemas import DeleteResult, VersionPage
from api.state import in_region
from graph.versions import delete_version, list_versions

router = APIRouter(prefix="/api", tags=["清单版本 / Lists and versions"])


@router.get(
    "/versions", response_model=VersionPage, responses=problem_responses(404, 422, 503),
    summary="清单版本 / List versions",
    description="已导入的清单版本（每次导入一个文件的一个版本），含行数核算与是否现行。"
                " / Imported list versions with row accounting and whether each is current.",
)
def get_versions(
    state: State,
    region: RegionParam = None,
    dataset: Annotated[str | None, Query(max_length=200, description="清单文件名 / List file name")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> Any:
    with state.lock.read():
        code = state.region_code(region)
        rows = [v for v in list_versions(state.store)
                if in_region(v["region"], code) and (not dataset or v["dataset"] == dataset)]
    return page(rows, offset, limit)


@router.delete(
    "/versions/{version_id}", response_model=DeleteResult, dependencies=[Depends(require_writer)],
    responses=problem_responses(401, 403, 404, 422, 503),
    summary="删除清单版本 / Delete a list version",
    description="删除一个清单版本及仅由它承载的事项；若它是现行版本，其上一版本恢复为现行。"
                " / Deletes a list version and the items only it carried; the previous version becomes current.",
)
def remove_version(state: State,
                   version_id: Annotated[str, Path(max_length=200, description="清单版本 id / Version id")]) -> Any:
    with state.lock.write():
        with state.store.transaction():
            result = delete_version(state.store, version_id)
        if result is None:
            raise not_found("清单版本", version_id)
        state.store.save()
        state.after_write()
    return result
