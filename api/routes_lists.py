"""Upload a list to ingest (a write: bearer token required)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile

from api.auth import require_writer
from api.params import State
from api.problems import ApiProblem, problem_responses
from api.schemas import IngestResult
from api.upload_check import UploadRejected, check_upload, safe_name

router = APIRouter(prefix="/api", tags=["清单版本 / Lists and versions"])


@router.post(
    "/lists", response_model=IngestResult, dependencies=[Depends(require_writer)],
    responses=problem_responses(400, 401, 403, 404, 413, 415, 422, 503),
    summary="上传清单并导入 / Upload and ingest a list",
    description="上传 CSV 或 XLSX 清单（权责清单、政务服务事项、属地管理清单等），与 `dutygraph ingest` 相同的识别、"
                "隔离与行数核算：读取 = 导入 + 隔离。内容未变的文件不会重复导入。"
                " / Same detection, quarantine and row accounting as the CLI: read = loaded + quarantined.",
)
def upload_list(
    state: State,
    file: Annotated[UploadFile, File(description="清单文件（.csv 或 .xlsx）/ The list file")],
    region: Annotated[str | None, Form(max_length=100,
                                       description="清单所属地区（名称或区划代码）；留空或不唯一（如「朝阳区」）时，与 CLI "
                                                   "相同，由文件的区划代码列、标题、文件名和部门名称确定 / Region of the "
                                                   "list, name or code; when empty or ambiguous it is settled from "
                                                   "the file, as by the CLI")] = None,
    kind: Annotated[str | None, Form(max_length=50, description="清单类型（留空则自动识别）/ List kind; detected "
                                                                 "when empty")] = None,
    columns: Annotated[str | None, Form(max_length=4000, description="列映射，与 CLI 的 --columns 相同：列名=角色,…"
                                                                      "（如 SXMC=事项名称,SSZT=实施主体）/ Column "
                                                                      "mapping, as the CLI's --columns")] = None,
) -> Any:
    from ingest.dispatch import ingest_paths
    from ingest.headers import HeaderError, normalise_kind, parse_column_mapping

    if kind:
        try:
            normalise_kind(kind)  # the importer's own check, before anything is read
        except HeaderError as exc:
            raise ApiProblem(422, str(exc), errors=[{"parameter": "kind", "location": "body",
                                                     "message": "未知的清单类型"}]) from exc
    column_map = None
    if columns:
        try:
            column_map = parse_column_mapping(columns)
        except HeaderError as exc:
            raise ApiProblem(422, str(exc), errors=[{"parameter": "columns", "location": "body",
                                                     "message": "列映射有误"}]) from exc
    try:
        name = safe_name(file.filename)
        check_upload(name, file.file)
    except UploadRejected as exc:
        raise ApiProblem(415, str(exc)) from exc
    with tempfile.TemporaryDirectory(prefix="dutygraph-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        with state.lock.write():
            code = _region_or_ambiguous(state, region)
            report = ingest_paths(state.store, [path], region=code, kind=kind or None, columns=column_map)
            if report.rows_loaded or any(f.status != "unchanged" for f in report.files):
                state.store.save()
                state.after_write()
    data = _report_json(report)
    if report.failed:
        raise ApiProblem(422, "清单无法导入：" + "；".join(f.error for f in report.failed), title="清单无法导入",
                         report=data)
    return data


def _region_or_ambiguous(state: Any, text: str | None) -> str | None:
    """The region's code; an ambiguous name (朝阳区) is passed on as typed, for ``ingest_paths`` to
    settle from each file exactly as the CLI does (a file that does not decide fails, listing both)."""
    from graph.reference.regions import AmbiguousRegion

    try:
        return state.region_code(text)
    except ApiProblem as exc:
        if isinstance(exc.__cause__, AmbiguousRegion):
            return text
        raise


def _report_json(report: Any) -> dict[str, Any]:
    files = []
    for f in report.files:
        files.append({
            "path": Path(f.path).name, "kind": f.kind, "region": f.region, "status": f.status,
            "version": f.version, "rows_read": f.rows_read, "rows_loaded": f.rows_loaded,
            "rows_quarantined": f.rows_quarantined, "error": f.error, "columns": f.columns,
            "rejections": [{"path": r.path, "sheet": r.sheet, "row": r.row, "column": r.column, "reason": r.reason,
                            "text": r.text} for r in f.rejections],
            "unresolved": [{"path": u.path, "sheet": u.sheet, "row": u.row, "column": u.column, "name": u.name,
                            "reason": u.reason, "candidates": list(u.candidates)} for u in f.unresolved],
            "generic_holders": [{"path": g.path, "sheet": g.sheet, "row": g.row, "column": g.column, "name": g.name,
                                 "reason": g.reason} for g in f.generic],
        })
    return {"rows_read": report.rows_read, "rows_loaded": report.rows_loaded,
            "rows_quarantined": report.rows_quarantined, "files": files}
