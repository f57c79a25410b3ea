"""Response models: what each endpoint promises, for the OpenAPI document and its conformance tests.

Descriptions are Chinese / English, for the 编办 staff and for integrators alike.
"""
from __future__ import annotations

import dataclasses
import typing
from typing import Any

from pydantic import BaseModel, Field, create_model

from graph.lookup.who_handles import Answer, Candidate, Evidence

JsonValue = Any  # JSON scalars and lists of them (graph property values)


class Page(BaseModel):
    """Common head of every paginated list."""

    total: int = Field(description="符合条件的总数 / Total matching entries")
    offset: int = Field(description="本页起始位置 / Offset of this page")
    limit: int = Field(description="每页条数 / Page size")


# ---- who-handles (same shape as `dutygraph who-handles --json`) --------------------------------
# Built from the library's dataclasses, so a field added to the answer appears here (and in the
# document) by itself; these descriptions only annotate the fields known today.
_WHO_DESCRIPTIONS = {
    "source": "来源（文件名或法规名）/ Source file or law",
    "locator": "位置（第 N 行、第 N 条、实施依据）/ Row, article or field",
    "text": "原文 / Original text",
    "department": "部门名称 / Department name",
    "department_id": "部门 id / Department id",
    "role": "角色: lead / cooperate / withdrawn",
    "role_zh": "角色（中文）: 主体/牵头、配合、上级部门收回 / Role in Chinese",
    "score": "匹配度 0–100 / Match score",
    "matched_item": "匹配到的事项或条文 / Matched item or article",
    "item_id": "事项 id / Item id",
    "item_kind": "事项节点类型 / Item node label",
    "item_kind_zh": "事项类型（中文）/ Item kind in Chinese",
    "region": "地区代码 / Region code",
    "duty": "职责（审批 / 监管，可为空）/ Duty for linkage items",
    "condition": "适用条件（职责边界认定）/ Condition of a ruling",
    "evidence": "依据，最具体的在前 / Evidence, most specific first",
    "query": "查询内容 / The query",
    "results": "候选部门，按匹配度排序 / Ranked departments",
    "message": "无结果时的说明 / Why there is no result",
}


def _model_of(dc: type, name: str, swap: dict[type, type]) -> type[BaseModel]:
    """A pydantic model with the dataclass's fields, nested dataclasses swapped for their models."""

    def convert(tp: Any) -> Any:
        if tp in swap:
            return swap[tp]
        args = typing.get_args(tp)
        if args and typing.get_origin(tp) is list:
            return list[convert(args[0])]  # type: ignore[misc]
        return tp

    hints = typing.get_type_hints(dc)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(dc):
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = ...
        fields[f.name] = (convert(hints[f.name]), Field(default, description=_WHO_DESCRIPTIONS.get(f.name)))
    return create_model(name, **fields)


EvidenceOut = _model_of(Evidence, "EvidenceOut", {})
CandidateOut = _model_of(Candidate, "CandidateOut", {Evidence: EvidenceOut})
WhoHandlesOut = _model_of(Answer, "WhoHandlesOut", {Candidate: CandidateOut})


# ---- items -------------------------------------------------------------------------------------
class ItemSummary(BaseModel):
    id: str = Field(description="事项 id / Item id")
    label: str = Field(description="节点类型 / Node label, e.g. PowerItem")
    kind_zh: str = Field(description="事项类型（中文）/ Item kind in Chinese")
    type: str = Field(description="权力类型或事项类型 / Power type (行政许可…) or kind")
    name: str = Field(description="事项名称 / Item name")
    region: str = Field(description="地区代码 / Region code")
    score: float | None = Field(default=None, description="匹配度（模糊查询时）/ Match score when q is given")


class ItemPage(Page):
    items: list[ItemSummary]


class ItemRef(BaseModel):
    id: str
    label: str
    name: str
    type: str
    region: str
    current: bool
    code: str | None = None
    role: str | None = None
    role_zh: str | None = None
    domain: str | None = None
    date: str | None = None
    duty: str | None = None


class HolderOut(BaseModel):
    department_id: str = Field(description="部门 id / Department id")
    department: str = Field(description="部门名称 / Department name")
    region: str = Field(description="部门所在地区 / Department region")
    role: str = Field(description="角色 / Role")
    role_zh: str = Field(description="角色（中文）/ Role in Chinese")
    duty: str = Field(description="职责（审批 / 监管）/ Linkage duty")


class ItemDetail(ItemRef):
    kind_zh: str = Field(description="事项类型（中文）/ Item kind in Chinese")
    properties: dict[str, JsonValue] = Field(description="全部属性 / All properties")
    holders: list[HolderOut] = Field(description="承担部门 / Departments that hold it")
    evidence: list[EvidenceOut] = Field(description="依据 / Evidence")


# ---- departments -------------------------------------------------------------------------------
class DepartmentSummary(BaseModel):
    id: str = Field(description="部门 id / Department id")
    name: str = Field(description="部门名称 / Name")
    region: str = Field(description="地区代码 / Region code")
    kind: str = Field(description="类别: 部门/乡镇街道/内设机构… / Kind")
    aliases: list[str] = Field(description="别名 / Aliases")
    in_roster: bool = Field(description="是否在机构名册中 / Named by the region's roster")
    item_count: int = Field(description="承担的事项数 / Items it holds")
    score: float | None = Field(default=None, description="匹配度（模糊查询时）/ Match score when q is given")


class DepartmentPage(Page):
    items: list[DepartmentSummary]


class DepartmentInfo(BaseModel):
    id: str
    name: str
    region: str
    kind: str
    level: str
    aliases: list[str]
    former_names: list[str]
    in_roster: bool
    parent: str


class RegionRef(BaseModel):
    code: str
    name: str
    level: str


class DutyOut(BaseModel):
    id: str
    label: str
    number: str
    text: str


class ProvisionRef(BaseModel):
    id: str
    title: str
    date: str


class ProvisionDuties(BaseModel):
    provision: ProvisionRef | None = Field(default=None, description="三定规定（为空表示清单中承担的职责）/ The provision")
    duties: list[DutyOut] = Field(description="主要职责 / Main duties")
    clauses: list[DutyOut] = Field(description="职责分工条款 / Division clauses")


class DepartmentProfile(BaseModel):
    department: DepartmentInfo
    region: RegionRef | None = None
    parent: DepartmentInfo | None = Field(default=None, description="上级部门（内设机构时）/ Parent department of a unit")
    units: list[DepartmentInfo] = Field(description="内设机构 / Internal units")
    items_by_type: dict[str, list[ItemRef]] = Field(description="按类型分组的事项 / Items by type")
    item_counts: dict[str, int] = Field(description="各类型事项数 / Item count per type")
    territorial: list[ItemRef] = Field(description="属地管理事项 / Territorial items")
    duties: list[ProvisionDuties] = Field(description="三定职责 / 三定 duties")
    rulings: list[ItemRef] = Field(description="职责边界认定 / Rulings naming it")
    linkage: list[ItemRef] = Field(description="审管联动 / Approval–supervision links")


# ---- regions -----------------------------------------------------------------------------------
class RegionOut(BaseModel):
    id: str = Field(description="节点 id / Node id")
    code: str = Field(description="区划代码 / Region code (GB/T 2260)")
    name: str = Field(description="名称 / Name")
    level: str = Field(description="层级 / Level: province, city, county, township")
    parent: str = Field(description="上级区划代码 / Parent code")
    item_count: int = Field(description="本地区已导入事项数 / Items imported for it")


class RegionPage(Page):
    items: list[RegionOut]


# ---- graph -------------------------------------------------------------------------------------
class NodeOut(BaseModel):
    id: str
    label: str
    name: str = Field(description="显示名称 / Display name")
    props: dict[str, JsonValue]


class EdgeOut(BaseModel):
    src: str
    rel: str
    dst: str
    props: dict[str, JsonValue]


class Neighbourhood(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(description="是否因节点上限被截断 / Whether the cap cut nodes off")


class Suggestion(BaseModel):
    id: str
    label: str = Field(description="节点类型 / Node label")
    kind_zh: str = Field(description="类型（中文）/ Kind in Chinese")
    name: str
    region: str


class SuggestOut(BaseModel):
    query: str
    total: int = Field(description="建议条数 / Number of suggestions")
    items: list[Suggestion]


# ---- health and writes -------------------------------------------------------------------------
class Health(BaseModel):
    status: str = Field(description="ok / ready")
    backend: str | None = Field(default=None, description="图数据库 / Backend description")


class RejectionOut(BaseModel):
    path: str
    row: int
    column: str
    reason: str
    text: str


class UnresolvedOut(BaseModel):
    path: str
    row: int
    column: str
    name: str
    reason: str
    candidates: list[str]


class FileResult(BaseModel):
    path: str
    kind: str
    region: str
    status: str = Field(description="loaded / unchanged / updated / failed")
    version: str = Field(description="清单版本 id / List version id")
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    error: str
    rejections: list[RejectionOut] = Field(description="隔离行及原因 / Quarantined rows with reasons")
    unresolved: list[UnresolvedOut] = Field(description="未能识别的部门名称 / Unresolved department names")


class IngestResult(BaseModel):
    rows_read: int = Field(description="读取行数 / Rows read")
    rows_loaded: int = Field(description="导入行数 / Rows loaded")
    rows_quarantined: int = Field(description="隔离行数 / Rows quarantined")
    files: list[FileResult]


class DeleteResult(BaseModel):
    version: str = Field(description="已删除的清单版本 / Deleted version id")
    items_deleted: int = Field(description="删除的事项数（仅此版本承载的）/ Items only it carried")
    sources_deleted: int = Field(description="删除的来源行数 / Source rows deleted")
    restored_version: str | None = Field(description="恢复为当前的旧版本 / Older version made current again")


class VersionOut(BaseModel):
    id: str = Field(description="清单版本 id / Version id")
    dataset: str = Field(description="清单文件名 / List file name")
    kind: str = Field(description="清单类型 / List kind")
    region: str = Field(description="地区代码 / Region code")
    imported_at: str = Field(description="导入时间 / Import time")
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    current: bool = Field(description="是否现行版本 / Whether it is the current version")


class VersionPage(Page):
    items: list[VersionOut]
