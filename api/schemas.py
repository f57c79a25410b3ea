"""Response models: what each endpoint promises, for the OpenAPI document and its conformance tests.

Descriptions are Chinese / English, for the 编办 staff and for integrators alike.
"""
from __future__ import annotations

import dataclasses
import typing
from typing import Any

from pydantic import BaseModel, Field, create_model

from graph.answers import Answer, Candidate, Evidence

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
    "message": "说明：无结果、低置信或地区取自问题 / No result, weak match, or region taken from the question",
    "kind": "依据类型：清单行、实施依据、法律条文、职责句、通知条款 / Evidence kind",
    "confidence": "置信: high / low",
    "confidence_zh": "置信（中文）：空或「低置信」/ Empty or 低置信 for a weak match",
    "level": "来源层级: local_list / lower_list / upper_list / list / local_law / upper_law / lower_law / law；未指定地区时 national / regional",
    "level_zh": "来源层级（中文）：本地清单、上级清单、地方性法规、法律法规 / Level the answer came from",
    "matched_terms": "问题与匹配文本共有的词 / Words the question shares with the matched text",
    "joint": "是否按照各自职责共同负责（多个牵头、无单一牵头）/ Whether the lead shares a joint duty",
    "joint_with": "共同负责的其他部门（条文所列）/ The other joint leads, as the text names them",
    "matter": "去掉口语外壳后查找的内容 / The question without its conversational shell",
    "region_name": "地区名称 / Region name",
    "region_from_query": "地区是否取自问题 / Whether the region was named in the question",
    "excluded": "问题排除的内容（不含、不是…）/ What the question excludes",
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
    generic: bool = Field(False, description="泛指的主体（如「有关部门」），不是具体部门，无部门节点 / A generic "
                                             "placeholder, not a department node")


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
    full_name: str = Field(description="全称，如 四川省广安市广安区 / Full name with province and city")
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
    region_name: str = Field(description="地区名称 / Region name")


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
    sheet: str = Field("", description="工作表（CSV 为空）/ Sheet of an XLSX, empty for CSV")
    row: int
    column: str
    reason: str
    text: str


class UnresolvedOut(BaseModel):
    path: str
    sheet: str = Field("", description="工作表（CSV 为空）/ Sheet of an XLSX, empty for CSV")
    row: int
    column: str
    name: str
    reason: str
    candidates: list[str]


class GenericHolderOut(BaseModel):
    path: str
    sheet: str = Field("", description="工作表（CSV 为空）/ Sheet of an XLSX, empty for CSV")
    row: int
    column: str
    name: str = Field(description="单元格中写的泛指主体 / The placeholder as the cell wrote it")
    reason: str


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
    columns: list[str] = Field(default_factory=list, description="各列被当作什么（每个工作表一行，如 SXMC→事项名称）"
                                                              " / Which column was taken for which role")
    rejections: list[RejectionOut] = Field(description="隔离行及原因 / Quarantined rows with reasons")
    unresolved: list[UnresolvedOut] = Field(description="未能识别的部门名称 / Unresolved department names")
    generic_holders: list[GenericHolderOut] = Field(
        default_factory=list, description="泛指的主体（如「有关部门」），行已导入、未建立部门节点 / Generic "
                                          "placeholders named as holders: rows loaded, no Department node")


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


# ---- analyses (same shapes as the CLI's --json, lists paginated) ----------------------------------
class FindingOut(BaseModel):
    """One finding of an analysis (graph.analyses.Finding.to_dict), explaining itself."""

    kind: str = Field(description="发现类型，如 approval_no_supervisor / Finding kind")
    kind_zh: str = Field(description="发现类型（中文）/ Finding kind in Chinese")
    severity: str = Field(description="严重程度: high / medium / low / info")
    severity_zh: str = Field(description="严重程度（中文）: 严重、中、低、提示 / Severity in Chinese")
    region: str = Field(description="地区代码 / Region code")
    title_zh: str = Field(description="标题 / Title, in Chinese")
    detail_zh: str = Field(description="说明 / Explanation, in Chinese")
    nodes: list[str] = Field(description="涉及的节点 id / Node ids behind the finding")
    edges: list[EdgeOut] = Field(description="涉及的关系 / Edges behind the finding")
    sources: list[dict[str, JsonValue]] = Field(description="来源行（文件、位置、原文）/ Source rows: path, locator, text")
    data: dict[str, JsonValue] = Field(description="分析细节 / Analysis-specific details")


class FindingPage(Page):
    region: str | None = Field(description="地区代码（空为全部地区）/ Region code, null for all regions")
    counts: dict[str, int] = Field(description="各类型发现数（全部，不限本页）/ Findings per kind, over all pages")
    items: list[FindingOut]


class GapPage(FindingPage):
    kinds: list[str] = Field(description="所查的空白类型 / Gap kinds asked for")


class OverlapOut(BaseModel):
    """A cluster of one power held as lead by ≥ 2 departments (OverlapCluster.to_dict), with its finding's
    severity, explanation and source rows."""

    region: str = Field(description="地区代码 / Region code")
    reason: str = Field(description="归并理由: code / name / near_name / joint")
    reason_zh: str = Field(description="归并理由（中文）/ Why the items are one matter")
    title_zh: str = Field(description="标题 / Title")
    items: list[dict[str, JsonValue]] = Field(description="涉及的事项及其主体部门 / Items and their lead")
    departments: list[dict[str, JsonValue]] = Field(description="共同作为主体的部门 / Departments leading it")
    settled: bool = Field(description="是否已有分工依据 / Whether a clause or ruling settles it")
    settled_by: list[dict[str, JsonValue]] = Field(description="分工依据 / Clauses or rulings that settle it")
    references: list[dict[str, JsonValue]] = Field(description="其他地区的分工（仅供参考）/ Other regions' clauses")
    severity: str = Field(description="严重程度: high / medium / low")
    severity_zh: str = Field(description="严重程度（中文）/ Severity in Chinese")
    detail_zh: str = Field(description="说明 / Explanation")
    sources: list[dict[str, JsonValue]] = Field(description="来源行 / Source rows")


class OverlapPage(Page):
    region: str | None = Field(description="地区代码（空为全部地区）/ Region code, null for all regions")
    settled: int = Field(description="已有分工依据的交叉数 / Clusters already settled")
    unsettled: int = Field(description="需明确主体部门的交叉数 / Clusters needing a decision")
    items: list[OverlapOut]


class LinkageReportPage(FindingPage):
    chains: int = Field(description="审管联动链条数 / Chains in the region")
    broken: int = Field(description="断裂的链条数 / Broken chains")


class LinkOut(BaseModel):
    step: str = Field(description="环节: approval / approver / supervisor / enforcement / basis")
    status: str = Field(description="ok / missing（缺失）/ unknown（清单无法判断）")
    text_zh: str = Field(description="说明 / What the step is, or what is missing")
    nodes: list[str] = Field(description="节点 id / Node ids")


class LinkageChainOut(BaseModel):
    region: str = Field(description="地区代码 / Region code")
    approval_id: str = Field(description="审批事项 id（无匹配事项时为审管联动行）/ Approval item id")
    approval_name: str = Field(description="审批事项名称 / Approval name")
    linkage_ids: list[str] = Field(description="审管联动清单行 / Linkage list rows")
    approvers: list[dict[str, JsonValue]] = Field(description="审批部门 / Approving bodies")
    supervisors: list[dict[str, JsonValue]] = Field(description="监管部门 / Supervising departments")
    enforcement: list[dict[str, JsonValue]] = Field(description="检查/处罚事项 / Inspection and penalty items")
    links: list[LinkOut] = Field(description="各环节 / The chain's steps")
    approval_articles: list[str] = Field(default_factory=list, description="审批事项及联动清单行所引法条 / Articles the approval cites")
    broken: bool = Field(description="是否断裂 / Whether a step is missing")
    complete: bool = Field(default=False, description="每一环都已核实 / Every step present and checked")
    verdict_zh: str = Field(default="", description="完整 / 断链 / 未能全部核实")


class LinkageChainPage(Page):
    item: str = Field(description="所查事项 / The item asked for")
    region: str | None = Field(description="地区代码 / Region code")
    items: list[LinkageChainOut]


class DossierEvidenceOut(BaseModel):
    kind: str = Field(description="依据类型: Ruling / DivisionClause / Article / Duty / item")
    kind_zh: str = Field(description="依据类型（中文）/ Evidence kind in Chinese")
    role: str = Field(description="角色 / Role")
    title: str = Field(description="标题 / Title")
    text: str = Field(description="原文 / Text")
    score: float = Field(description="与争议事项的相近度 / Closeness to the topic")
    node_id: str = Field(description="节点 id / Node id")
    region: str = Field(default="", description="地区代码 / Region code")
    sources: list[dict[str, JsonValue]] = Field(default_factory=list, description="出处 / Sources")
    applies: bool = Field(default=True, description="是否适用于本地区 / Whether it binds the region")
    function: str = Field(default="", description="职能：处置 / 辅助（巡查、报告、月报……按配合计）/ Handles or supports the matter")
    lookup: str = Field(default="name", description="由哪种查找找到: name / mandate / who_handles / Which lookup found it")
    coverage: float = Field(default=1.0, description="所涉争议事项的份额（事项的一部分时小于 1）/ Share of the topic it is about")
    part: str = Field(default="", description="只涉及争议事项的哪一部分，如「燃气」/ The part of the topic it was found for")
    concerns: bool = Field(default=True, description="是否写明争议事项本身（否：只共有「经营许可」等一般用语）/ Whether "
                                                     "it names the matter itself")
    shared: str = Field(default="", description="不写明事项时与之共有的字词，如「经营许可」/ What a weak piece shares")


class DossierDepartmentOut(BaseModel):
    """The department a dossier names, as a candidate or as 弱关联."""

    department: str = Field(description="部门 / Department")
    department_id: str = Field(description="部门 id / Department id")
    kind: str = Field(description="部门类别 / Department kind")


class DossierCandidateOut(DossierDepartmentOut):
    weight: float = Field(description="依据权重 / Weight of its evidence")
    evidence: list[DossierEvidenceOut] = Field(description="依据 / Evidence")
    reasons: list[str] = Field(description="理由 / Reasons")
    vague: bool = Field(description="是否泛指（如「有关部门」）/ A vague body, never suggested")
    elsewhere: list[str] = Field(default_factory=list,
                                 description="其他地区由同类部门承担该事项的地区 / Other regions giving it to this kind of body")


class DossierWeakOut(DossierDepartmentOut):
    reason: str = Field(description="为何只是弱关联 / Why it is only weakly related")
    evidence: list[DossierEvidenceOut] = Field(description="最相近的几条依据 / Its closest pieces")
    count: int = Field(description="此类依据的条数 / How many such pieces")


class RegionAssignmentOut(BaseModel):
    region: str = Field(description="县级地区代码 / County code")
    region_name: str = Field(description="地区名称 / Region name")
    departments: list[dict[str, JsonValue]] = Field(description="主体部门（名称、类别）/ Lead departments")
    items: list[dict[str, JsonValue]] = Field(description="匹配到的事项 / Matching items")
    kinds: list[str] = Field(description="主体部门类别 / Kinds of the lead departments")


class ComparisonOut(BaseModel):
    matter: str = Field(description="事项 / The matter")
    differs: bool = Field(description="各地承担部门是否不同 / Whether regions assign it differently")
    groups: dict[str, list[str]] = Field(description="部门类别 → 地区 / Department kind → regions")
    regions: list[RegionAssignmentOut] = Field(description="各地区的分工 / Each region's assignment")
    summary_zh: str = Field(description="摘要 / Summary")


class DossierOut(BaseModel):
    topic: str = Field(description="争议事项 / The disputed matter")
    region: str | None = Field(description="地区代码 / Region code")
    region_name: str = Field(description="地区名称 / Region name")
    candidates: list[DossierCandidateOut] = Field(description="候选部门，按权重排序 / Candidates by weight")
    elsewhere: list[DossierEvidenceOut] = Field(description="其他地区的认定和分工（仅供参考）/ Other regions' rulings")
    other_regions: ComparisonOut = Field(description="其他地区如何分配该事项 / How other regions assign it")
    basis_table: dict[str, JsonValue] = Field(default_factory=dict, description="候选部门 × 依据，每条依据一行 / Candidate × basis")
    suggestion: dict[str, JsonValue] = Field(description="建议主体部门及理由 / Suggested lead and why")
    weak: list[DossierWeakOut] = Field(default_factory=list,
                                       description="弱关联：依据与事项只共有一般用语（如「经营许可」）的部门，不作候选 / "
                                                   "Departments whose pieces share only a generic word")


class ImpactItemOut(BaseModel):
    id: str = Field(description="事项 id / Item id")
    name: str = Field(description="事项名称 / Item name")
    kind: str = Field(description="节点类型 / Node label")
    power_type: str = Field(description="权力类型 / Power type")
    region: str = Field(description="县级地区代码 / County code")
    article: str = Field(description="所依据的条 / Articles cited")
    how: str = Field(description="based_on（依据条文）/ mentions（依据文本提及）")
    how_zh: str = Field(description="关联方式（中文）/ How it cites the law")
    departments: list[dict[str, JsonValue]] = Field(description="承担部门及角色 / Holding departments and roles")


class ImpactPage(Page):
    law: dict[str, JsonValue] = Field(description="法规 / The law")
    articles: list[dict[str, JsonValue]] = Field(description="所查条文 / Articles asked about")
    mandates: list[dict[str, JsonValue]] = Field(description="为部门设定职责的条文 / Duties the articles give")
    regions: dict[str, dict[str, int]] = Field(description="地区 → 部门 → 事项数 / Region → department → items")
    summary_zh: str = Field(description="摘要 / Summary")
    items: list[ImpactItemOut]


class ChangeOut(BaseModel):
    field: str = Field(description="字段 / Property")
    field_zh: str = Field(description="字段（中文）/ Column name")
    old: str = Field(description="原值 / Old value")
    new: str = Field(description="新值 / New value")


class ItemDiffOut(BaseModel):
    item_id: str = Field(description="事项 id / Item id")
    name: str = Field(description="事项名称 / Item name")
    label: str = Field(description="节点类型 / Node label")
    region: str = Field(description="地区代码 / Region code")
    status: str = Field(description="added（新增）/ removed（删除）/ changed（变更）")
    changes: list[ChangeOut] = Field(description="变更的字段 / Changed fields")
    old_row: str = Field(description="旧版本来源行 / Source row in the old version")
    new_row: str = Field(description="新版本来源行 / Source row in the new version")


class DiffPage(Page):
    dataset: str = Field(description="清单文件名 / List file name")
    old: dict[str, JsonValue] = Field(description="旧版本 / Old version")
    new: dict[str, JsonValue] = Field(description="新版本 / New version")
    summary_zh: str = Field(description="摘要 / Summary")
    counts: dict[str, int] = Field(description="新增、删除、变更数 / Added, removed, changed")
    unchanged: int = Field(description="未变事项数 / Unchanged items")
    items: list[ItemDiffOut]


class ComparisonPage(Page):
    report: typing.Literal["comparison"] = Field(description="comparison: 一个事项各地的分工 / One matter")
    matter: str = Field(description="事项 / The matter")
    region: str | None = Field(description="只比较该地区范围内的县 / Counties compared, by region")
    differs: bool = Field(description="各地承担部门是否不同 / Whether regions assign it differently")
    groups: dict[str, list[str]] = Field(description="部门类别 → 地区 / Department kind → regions")
    summary_zh: str = Field(description="摘要 / Summary")
    items: list[RegionAssignmentOut]


class StandardisationPage(FindingPage):
    report: typing.Literal["standardisation"] = Field(
        description="standardisation: 各事项各地分工不一致处 / Every matter assigned differently")


# ---- explorer search (api/routes_search.py, graph/lookup/search.py) ------------------------------
class SearchHitOut(BaseModel):
    id: str
    label: str = Field(description="节点类型 / Node label")
    kind_zh: str = Field(description="类型（中文）/ Kind in Chinese")
    name: str = Field(description="名称；法条带法律简称，如《食品安全法》第三十五条 / Name; articles with their law")
    region: str = Field(description="区划代码 / Region code")
    region_name: str = Field(description="地区名称 / Region name")
    context: str = Field(description="承担部门或所属法律 / Holder or law")
    why_zh: str = Field(description="为什么找到它 / Why it was found")
    score: float = Field(description="相近度 0–100 / Similarity")


class SearchOut(BaseModel):
    query: str
    region: str | None = Field(description="地区代码 / Region code searched")
    total: int = Field(description="结果条数 / Number of hits")
    items: list[SearchHitOut]


# ---- grouped neighbours (graph/neighbourhood.py grouped_neighbours) -------------------------------
class NeighbourGroupOut(BaseModel):
    id: str = Field(description="分组键：关系|方向|节点类型|事项类型 / rel|direction|label|type")
    rel: str = Field(description="关系类型 / Relationship")
    direction: str = Field(description="out：本节点指向邻居；in：邻居指向本节点 / Edge direction")
    label: str = Field(description="邻居的节点类型 / Neighbour label")
    type: str = Field(description="事项类型（如行政许可），无则为空 / Item type")
    total: int = Field(description="该组邻居总数 / Members in the group")
    offset: int = Field(description="本次从第几个开始 / First member shown")
    shown: int = Field(description="本次返回几个 / Members returned")


class NeighbourGroups(BaseModel):
    node: NodeOut
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    groups: list[NeighbourGroupOut]
    truncated: bool = Field(description="是否还有未返回的邻居 / Whether some neighbours were left out")


class PathOut(BaseModel):
    nodes: list[NodeOut] = Field(description="路径上的节点，从起点到终点 / Nodes from start to end")
    edges: list[EdgeOut] = Field(description="依次相连的关系 / The relationships, in order")
    length: int = Field(description="步数 / Number of steps")
