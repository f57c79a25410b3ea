"""The one domain model of dutygraph, shared by ingest, both backends, the API and the CLI.

Every node type is a dataclass with a fixed ``label``; every relationship type is a
member of :class:`Rel`. The store keeps nodes as (id, label, props) and edges as
(src, rel, dst, props): :func:`to_record` / :func:`from_record` convert, so nothing
else in the code base spells out the schema a second time.

Property values are restricted to JSON scalars and lists of them, because both the
embedded file and Neo4j must round-trip them exactly.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar


class Rel(str, Enum):
    """Relationship types: the fixed whitelist every Cypher query draws from."""

    PART_OF = "PART_OF"            # region → parent region, unit → department, article → law
    IN_REGION = "IN_REGION"        # department / item → region
    HOLDS = "HOLDS"                # department → item {role: lead|cooperate|withdrawn}
    BASED_ON = "BASED_ON"          # item → article
    MANDATES = "MANDATES"          # article → department type {verb, matter}
    DEFINES = "DEFINES"            # provision → duty / division clause
    SUPERVISES = "SUPERVISES"      # department → linkage item / approval item
    APPROVES = "APPROVES"          # department → linkage item / approval item
    RULED = "RULED"                # ruling / duty clause → department or type {role, joint}
    DIVIDES = "DIVIDES"            # division clause → department {role}
    DERIVED_FROM = "DERIVED_FROM"  # task → duty
    FROM_SOURCE = "FROM_SOURCE"    # anything → source
    SUPERSEDES = "SUPERSEDES"      # newer list version → older one
    IN_VERSION = "IN_VERSION"      # source row → list version
    MATCHED = "MATCHED"            # call → item
    DISPATCHED_TO = "DISPATCHED_TO"  # call → department {role: lead|cooperate, item, how}
    CONCERNS = "CONCERNS"          # ledger entry → the department (or item, call) it is about


class Role(str, Enum):
    """How a department holds an item. Chinese lists say 主体/牵头 for lead, 配合 for cooperate."""

    LEAD = "lead"
    COOPERATE = "cooperate"
    WITHDRAWN = "withdrawn"  # 上级部门收回: the township no longer does it, the county body does


ROLE_LABELS_ZH = {Role.LEAD: "主体/牵头", Role.COOPERATE: "配合", Role.WITHDRAWN: "上级部门收回"}

# The ten kinds of power in a 权责清单, plus 公共服务 which service lists carry too.
POWER_TYPES = (
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查",
    "行政确认", "行政奖励", "行政裁决", "其他行政权力", "公共服务",
)

# The three parts of a township 履行职责事项清单.
TOWNSHIP_PARTS = ("基本履职", "配合履职", "上级部门收回")


def stable_id(prefix: str, *parts: str) -> str:
    """A short deterministic id, so that re-importing the same row yields the same node."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}:{digest}"


@dataclass
class Node:
    """Base of every node type. ``id`` is stable across imports."""

    label: ClassVar[str] = "Node"
    id: str


@dataclass
class Source(Node):
    """Where a fact came from: a file, and the row or line inside it.

    例: path="L05_广安市广安区政务服务事项_按部门.csv", locator="第 12 行", text="区市监局,…"
    """

    label: ClassVar[str] = "Source"
    path: str = ""
    locator: str = ""
    text: str = ""
    version: str = ""       # id of the ListVersion (or law text hash) the row belongs to
    imported_at: str = ""

    @classmethod
    def for_row(cls, path: str, locator: str, text: str, version: str, imported_at: str) -> "Source":
        return cls(id=stable_id("src", path, locator, text), path=path, locator=locator,
                   text=text, version=version, imported_at=imported_at)


@dataclass
class ListVersion(Node):
    """One import of one list file; a changed file gets a new version that SUPERSEDES the old."""

    label: ClassVar[str] = "ListVersion"
    dataset: str = ""       # file name without folder, e.g. "L05_广安市广安区政务服务事项_按部门.csv"
    kind: str = ""          # which list kind it was read as
    region: str = ""        # region code
    content_hash: str = ""
    imported_at: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    current: bool = True
    # Each table's header, so that a row's text (a CSV line) can be read as 表头: 值 pairs:
    # "sheet\x1fcol1\x1fcol2…" per table ("" as sheet for a CSV).
    headers: list[str] = field(default_factory=list)


@dataclass
class Region(Node):
    """行政区划. 例: code="511602", name="广安市广安区", level="county"."""

    label: ClassVar[str] = "Region"
    code: str = ""
    name: str = ""
    level: str = ""         # national / province / city / county / township
    parent: str = ""        # parent region code
    aliases: list[str] = field(default_factory=list)
    full_name: str = ""     # 四川省广安市广安区


@dataclass
class Department(Node):
    """部门/单位/乡镇街道 or an internal unit (内设机构).

    例: name="区市场监督管理局", aliases=["区市监局", "区市场监管局"], region="511602".
    """

    label: ClassVar[str] = "Department"
    name: str = ""
    region: str = ""
    aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)  # names before 机构改革
    kind: str = "部门"       # 部门 / 乡镇街道 / 内设机构 / 垂直管理 / 群团 …
    level: str = ""
    parent: str = ""        # for an internal unit, the department id it belongs to
    in_roster: bool = False  # True when the region's roster names it; False when only a list does


@dataclass
class Item(Node):
    """Common shape of every list row that someone holds: it has a name, a region and a kind."""

    label: ClassVar[str] = "Item"
    name: str = ""
    region: str = ""
    dataset: str = ""
    current: bool = True    # False once a newer version of its list no longer carries it


@dataclass
class PowerItem(Item):
    """A row of a 权责清单 / 政务服务事项清单.

    ``code`` is the full 实施编码; ``base_code`` the part shared by every body holding the
    same power (the 10-digit 基本编码 of a 32-digit code, or the first segment of a
    provincial code such as "511A0138000000-…").
    """

    label: ClassVar[str] = "PowerItem"
    power_type: str = ""
    code: str = ""
    base_code: str = ""
    subject_code: str = ""  # 行使主体代码
    group: str = ""         # 事项分组 / 子项 parent
    basis: str = ""         # 实施依据 / 设定依据 text
    department_text: str = ""


@dataclass
class TerritorialItem(Item):
    """A row of a 属地管理 主体责任和配合责任清单."""

    label: ClassVar[str] = "TerritorialItem"
    domain: str = ""
    lead_text: str = ""
    cooperate_text: str = ""
    basis: str = ""
    time_limit: str = ""    # 响应时限 where the list states one (乡呼县应 dispatch reads it)


@dataclass
class Ruling(Item):
    """A 职责边界 / 争议事项责任主体认定: who leads and who cooperates on a contested matter."""

    label: ClassVar[str] = "Ruling"
    date: str = ""
    lead_text: str = ""
    cooperate_text: str = ""
    basis: str = ""
    condition: str = ""     # when the ruling applies: "经劝阻无效且继续施工的"
    # From the clause reader (issue 13): the matter is also ``name``; the verb and level as the text says.
    matter: str = ""
    verb: str = ""
    level: str = ""
    text: str = ""
    locator: str = ""
    joint: bool = False
    generic: bool = False
    scope_level: str = ""


@dataclass
class LinkageItem(Item):
    """A row of a 审管联动 list: the approval, who approves, who supervises afterwards."""

    label: ClassVar[str] = "LinkageItem"
    approver_text: str = ""
    supervisor_text: str = ""
    basis: str = ""
    code: str = ""          # the approval's 事项编码, to join it to its PowerItem exactly
    # A rule a notice states for every approval (「谁审批、谁负责，谁主管、谁监管」), not a row
    # naming one approval: evidence for chains, never a chain of its own.
    principle: bool = False


@dataclass
class AssistanceItem(Item):
    """A row of a 行政协助 list: one department asks another for help within a time limit."""

    label: ClassVar[str] = "AssistanceItem"
    requester_text: str = ""
    assistant_text: str = ""
    time_limit: str = ""
    basis: str = ""
    category: str = "行政协助"  # 行政协助 (厦门's 203 items) or 部门间办事 (its 145 inter-department items)


ASSISTANCE, ASSISTANCE_SERVICE = "行政协助", "部门间办事"


@dataclass
class TownshipDutyItem(Item):
    """A row of a township 履行职责事项清单, in one of its three parts (基本履职/配合履职/上级部门收回)."""

    label: ClassVar[str] = "TownshipDutyItem"
    part: str = ""
    township_text: str = ""
    county_text: str = ""   # the county department that leads (配合履职) or took it back (收回)
    basis: str = ""


@dataclass
class Task(Item):
    """A row of a 职责任务清单 or 责任分工表: a task, its lead unit and its cooperating units."""

    label: ClassVar[str] = "Task"
    lead_text: str = ""
    cooperate_text: str = ""
    target: str = ""


@dataclass
class Law(Node):
    """法律法规规章. 例: title="中华人民共和国食品安全法", level="法律"."""

    label: ClassVar[str] = "Law"
    title: str = ""
    short_title: str = ""
    level: str = ""         # 法律 / 行政法规 / 部门规章 / 地方性法规 / 规范性文件
    issuer: str = ""
    promulgated: str = ""
    effective: str = ""
    amended: list[str] = field(default_factory=list)
    status: str = "现行有效"
    # Scope (issue 13): where the text applies. A national law: "", "national"; 「济南市…条例」: 济南市's
    # code, "city" (and every county under it); read from the issuer, the title and the text.
    # Not ``region``: a law is not a regional node; its scope is where its duties fall.
    scope_region: str = ""
    scope_level: str = ""
    scope_name: str = ""


@dataclass
class Article(Node):
    """One 条 of a law. ``number`` sorts (35, 35.01 for 第三十五条之一); ``label_zh`` is as printed."""

    label: ClassVar[str] = "Article"
    law: str = ""           # Law id
    number: float = 0
    label_zh: str = ""      # "第三十五条"
    chapter: str = ""
    section: str = ""
    text: str = ""


@dataclass
class DepartmentType(Node):
    """A kind of department as laws name it: 生态环境主管部门, 市场监督管理部门 …"""

    label: ClassVar[str] = "DepartmentType"
    name: str = ""
    current_name: str = ""  # after 机构改革


@dataclass
class Provision(Node):
    """A 三定 provision (or a department's published 主要职责)."""

    label: ClassVar[str] = "Provision"
    title: str = ""
    department: str = ""
    region: str = ""
    date: str = ""


@dataclass
class Duty(Item):
    """One 主要职责 item of a 三定 provision, or an internal unit's duty."""

    label: ClassVar[str] = "Duty"
    provision: str = ""
    number: str = ""        # "(一)"
    text: str = ""
    matter: str = ""        # from the clause reader (issue 13): 「市场综合监督管理」 of 「负责市场综合监督管理。…」
    verb: str = ""
    level: str = ""


@dataclass
class DivisionClause(Item):
    """A 职责分工 clause: which department does what where two touch."""

    label: ClassVar[str] = "DivisionClause"
    provision: str = ""
    text: str = ""
    # Read by the clause reader (issue 13): who leads and who cooperates in the paragraph; each
    # DIVIDES edge carries its side's ``role`` and the ``matters`` it has in that role.
    lead_text: str = ""
    cooperate_text: str = ""


@dataclass
class DutyClause(Item):
    """One duty a law or local regulation gives (issue 13's clause reader): who leads, who cooperates, on what.

    ``name`` is the matter (what a person asks about); RULED edges go to the holders
    (departments or department types) with ``role`` lead / cooperate and ``joint`` for
    「按照各自职责」 duties; ``generic`` says the text names only 「有关部门」 (no holder recorded).
    ``region`` / ``scope_level`` are the document's scope (a 济南市 regulation: 济南市, city).
    """

    label: ClassVar[str] = "DutyClause"
    law: str = ""           # Law id
    article: str = ""       # Article id
    locator: str = ""       # 「第五条第2款」
    matter: str = ""
    verb: str = ""
    condition: str = ""
    level: str = ""         # the holder's level as the text says it: 县级以上 / 市、县 / 乡 …
    text: str = ""          # the sentence
    lead_text: str = ""
    cooperate_text: str = ""
    joint: bool = False
    generic: bool = False
    scope_level: str = ""   # national / province / city / county
    refers: str = ""        # what the articles it refers to say (「违反本条例第十八条规定的」 → 第十八条's text)
    items: str = ""         # what a heading sentence lists (「下列行为，应当经A批准：」 → its （一）（二）… items)


@dataclass
class Call(Node):
    """A township's call (乡呼县应) or a hotline case."""

    label: ClassVar[str] = "Call"
    text: str = ""
    region: str = ""
    date: str = ""
    outcome: str = ""
    channel: str = ""          # 乡呼县应 / 镇呼区应 / 12345 热线 …, as the file says
    township: str = ""         # the calling township as written
    department_text: str = ""  # the county body that answered, as written
    dataset: str = ""          # file name, as items carry it
    # 分派 and 办理 (乡呼县应): set by graph.call_dispatch, never by the importer.
    status: str = ""           # "" 未分派 / 已分派 / 待协调（其他需协调事项）/ 已响应
    dispatched_at: str = ""
    time_limit: str = ""       # as the matched list row states it, e.g. "2个工作日"
    due_at: str = ""           # dispatched_at + time_limit, when the limit can be read
    responded_at: str = ""
    result: str = ""
    satisfaction: str = ""     # 满意 / 基本满意 / 不满意, the township's rating


@dataclass
class LedgerEntry(Node):
    """A 问效点 / 问题台账 entry: a problem found in a department's work, followed until 销号.

    ``history`` holds one JSON object per change ({"at", "from", "to", "note", "by"}), oldest first.
    """

    label: ClassVar[str] = "LedgerEntry"
    title: str = ""
    detail: str = ""
    region: str = ""
    department: str = ""       # Department id
    category: str = ""         # 履职问题 / 职责争议 / 清单问题 / 呼叫响应 …
    status: str = "发现"        # 发现 → 推送 → 整改中 → 销号
    deadline: str = ""         # ISO date
    created_at: str = ""
    updated_at: str = ""
    problem_key: str = ""      # the scorecard problem it records, so recording twice makes one entry
    finding_kind: str = ""
    sources: list[str] = field(default_factory=list)   # "file 第 N 行" of the rows behind the problem
    history: list[str] = field(default_factory=list)


NODE_TYPES: tuple[type[Node], ...] = (
    Source, ListVersion, Region, Department, PowerItem, TerritorialItem, Ruling, LinkageItem,
    AssistanceItem, TownshipDutyItem, Task, Law, Article, DepartmentType, Provision, Duty,
    DivisionClause, DutyClause, Call, LedgerEntry,
)
NODE_CLASSES: dict[str, type[Node]] = {cls.label: cls for cls in NODE_TYPES}
LABELS: frozenset[str] = frozenset(NODE_CLASSES)

# Node kinds that someone "holds": list rows, rulings, 三定 duties, division clauses (gaps, scorecards,
# list versions, item pages and calls work on these).
ITEM_LABELS: tuple[str, ...] = tuple(cls.label for cls in NODE_TYPES if issubclass(cls, Item) and cls.label != "DutyClause")
# The texts who-handles and the dossier search: the items and the duties laws and local regulations
# give (issue 13's DutyClause; its holders are resolved in the asked region through the reform map).
ANSWER_LABELS: tuple[str, ...] = (*ITEM_LABELS, "DutyClause")

ITEM_KIND_ZH = {
    "PowerItem": "权责清单事项", "TerritorialItem": "属地管理事项", "Ruling": "职责边界认定",
    "LinkageItem": "审管联动事项", "AssistanceItem": "行政协助事项", "TownshipDutyItem": "乡镇履职事项",
    "Task": "职责任务", "Duty": "三定职责", "DivisionClause": "职责分工条款", "DutyClause": "法规职责条款",
}


@dataclass(frozen=True)
class NodeRecord:
    """A node as the store keeps it."""

    id: str
    label: str
    props: dict[str, Any]


@dataclass(frozen=True)
class EdgeRecord:
    """An edge as the store keeps it. (src, rel, dst, key) identifies it; ``key`` tells apart
    two edges of one type between the same nodes (rarely needed)."""

    src: str
    rel: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)
    key: str = ""

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self.src, self.rel, self.dst, self.key)


def edge(src: str, rel: Rel, dst: str, source: str = "", key: str = "", **props: Any) -> EdgeRecord:
    """Build an edge; ``source`` is the Source id that backs it (provenance on every edge)."""
    if source:
        props["source"] = source
    return EdgeRecord(src=src, rel=rel.value, dst=dst, props=props, key=key)


_FIELD_KEYS: dict[type, tuple[str, ...]] = {}   # a node class → ("id", *its property fields)


def props_of(node: Node) -> dict[str, Any]:
    """The node's properties (every field but id, in field order) as :func:`to_record` gives them,
    without the record: a list import builds two per row."""
    cls = type(node)
    keys = _FIELD_KEYS.get(cls)
    if keys is None:   # dataclasses.fields() per call was a tenth of a list import's time
        keys = _FIELD_KEYS[cls] = ("id", *(f.name for f in dataclasses.fields(node) if f.name != "id"))
    d = node.__dict__
    # A dataclass's __init__ sets id and then every field in field order, so the instance's
    # attributes are usually exactly the fields in order: a copy of them is the props dict (a
    # third of the time of one getattr per field). Anything else takes the field-by-field way.
    if tuple(d) == keys:
        props = d.copy()
        del props["id"]
        return props
    return {n: getattr(node, n) for n in keys[1:]}


def to_record(node: Node) -> NodeRecord:
    return NodeRecord(id=node.id, label=node.label, props=props_of(node))


def from_record(record: NodeRecord) -> Node:
    """Rebuild the typed node; unknown properties (from a newer version) are ignored."""
    cls = NODE_CLASSES[record.label]
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: v for k, v in record.props.items() if k in names}
    return cls(id=record.id, **kwargs)
