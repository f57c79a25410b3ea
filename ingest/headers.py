"""Recognise a list's columns through header synonyms, and its kind from the columns present.

Every region publishes its own headers: 事项名称 / 权力名称 / 项目名称 are one field, and
实施主体 / 责任主体 / 行使主体 / 实施机关 another.

    >>> map_columns(["序号", "实施主体", "事项名称", "事项类型"]).fields
    {'seq': 0, 'department': 1, 'name': 2, 'power_type': 3}
    >>> detect_kind(map_columns(["序号", "实施主体", "事项名称", "事项类型"]))
    'power'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# field → header synonyms. The first synonym is the one we name in messages.
FIELDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序列号", "No"),
    "name": ("事项名称", "权力名称", "事项", "项目名称", "职责事项", "职权名称", "权力事项名称",
             "主项名称", "权力事项", "清单事项", "职责事项名称", "服务事项名称", "名称"),
    "sub_name": ("子项", "子项名称", "子项事项"),
    "task": ("工作内容", "工作任务", "重点任务", "任务内容", "主要任务", "任务名称", "任务"),
    "target": ("目标任务", "工作目标", "完成时限", "完成时间", "时间节点"),
    "matter": ("争议事项", "边界事项", "职责边界事项", "争议事项名称", "认定事项", "职责边界"),
    "domain": ("领域", "行业领域", "责任领域", "事项领域", "所属领域", "管理领域"),
    "department": ("实施主体", "责任主体", "行使主体", "实施机关", "责任单位", "实施部门",
                   "责任部门", "职权部门", "承办机构", "实施单位", "行使部门", "部门", "单位"),
    "lead": ("主体责任", "牵头单位", "牵头部门", "主体责任单位", "主体责任部门", "主责部门",
             "牵头", "主办单位"),
    "cooperate": ("配合责任", "配合单位", "配合部门", "配合责任单位", "配合责任部门", "协同部门",
                  "协办单位", "配合"),
    "power_type": ("事项类型", "权力类型", "职权类型", "权力类别", "事项类别", "职权类别"),
    "type_code": ("事项类型代码", "权力类型代码", "类型代码"),
    "code": ("事项编码", "实施编码", "项目编码", "基本编码", "权力编码", "事项代码", "编码"),
    "basis": ("实施依据", "设定依据", "法律依据", "依据", "设定和实施依据", "政策依据", "法定依据",
              "认定依据", "职责依据"),
    "group": ("事项分组", "分组", "主项"),
    "approver": ("审批部门", "审批单位", "审批机关", "审批主体", "行政审批部门"),
    "approval_item": ("审批事项", "审批事项名称", "许可事项", "许可事项名称"),
    "supervisor": ("监管部门", "监管单位", "监管主体", "行业监管部门", "监管责任部门"),
    "assist_item": ("协助事项", "协助事项名称", "协助内容", "办事事项", "部门间办事事项"),
    "requester": ("请求部门", "请求单位", "请求协助部门", "发起部门", "申请协助部门", "申请部门", "申请单位"),
    "assistant": ("协助部门", "协助单位", "被请求部门", "提供协助部门", "提供部门", "服务部门"),
    "time_limit": ("协助时限", "办理时限", "时限", "协助期限", "响应时限", "承诺时限"),
    "part": ("履职类别", "清单类别", "清单部分", "事项所属部分", "部分", "类别"),
    "township": ("乡镇(街道)", "乡镇街道", "乡镇", "街道", "履职主体", "乡镇名称", "乡镇(街道)名称"),
    "county": ("县级部门", "区级部门", "县(市、区)部门", "县级职能部门", "区级职能部门",
               "上级部门", "收回部门", "承接部门", "县级主管部门"),
    "date": ("认定日期", "认定时间", "日期", "印发日期"),
    "region_code": ("区划代码", "行政区划代码", "区划编码", "地区代码", "区域代码", "行政区划", "所属区划"),
    "remark": ("备注", "说明"),
    "citation": ("整理依据", "来源", "出处", "数据来源", "source", "依据来源"),
    # roster (部门名册)
    "dept_name": ("部门名称", "单位名称", "机构名称", "部门全称"),
    "aliases": ("简称/别名", "简称、别名", "简称", "别名", "简称或别名"),
    "former": ("曾用名(机构改革前)", "曾用名", "原名称", "机构改革前名称", "原部门名称"),
    "dept_kind": ("类型", "机构类型", "单位类型", "部门类型", "机构性质"),
}

FIELD_ZH = {f: syns[0] for f, syns in FIELDS.items()}

# Kinds of list; the names are what a user passes as --kind (either form).
KIND_ZH: dict[str, str] = {
    "power": "权责清单/政务服务事项",
    "territorial": "属地管理主体责任和配合责任清单",
    "ruling": "职责边界/争议事项认定",
    "linkage": "审管联动清单",
    "assistance": "行政协助清单",
    "township": "乡镇履行职责事项清单",
    "task": "职责任务清单/分工表",
    "roster": "部门名册",
}
KIND_ALIASES: dict[str, str] = {
    "权责清单": "power", "权力清单": "power", "政务服务事项": "power", "责任清单": "power",
    "属地管理": "territorial", "职责边界": "ruling", "争议认定": "ruling", "边界清单": "ruling",
    "审管联动": "linkage", "行政协助": "assistance", "协助清单": "assistance", "部门间办事": "assistance",
    "乡镇履职": "township", "乡镇履行职责事项清单": "township", "履行职责事项": "township",
    "分工表": "task", "任务清单": "task", "职责任务": "task", "名册": "roster", "部门名册": "roster",
}

# Words in a file name that point to a kind; used only to choose among kinds the columns allow.
FILENAME_HINTS: tuple[tuple[str, str], ...] = (
    ("名册", "roster"), ("履行职责事项", "township"), ("乡镇履职", "township"),
    ("审管联动", "linkage"), ("审管", "linkage"), ("行政协助", "assistance"), ("部门间办事", "assistance"),
    ("职责边界", "ruling"), ("争议", "ruling"), ("属地管理", "territorial"),
    ("分工", "task"), ("任务", "task"), ("权责清单", "power"), ("权力清单", "power"),
    ("政务服务事项", "power"),
)


@dataclass(frozen=True)
class KindSpec:
    """``required``: slots that must be filled (any field of a slot will do).
    ``signature``: extra slots that auto-detection needs to choose this kind."""

    required: tuple[tuple[str, ...], ...]
    signature: tuple[tuple[str, ...], ...] = ()


KINDS: dict[str, KindSpec] = {
    "roster": KindSpec((("dept_name",),), (("aliases", "former", "dept_kind"),)),
    "township": KindSpec((("name",),), (("part", "township"),)),
    "linkage": KindSpec((("name", "approval_item"), ("approver",), ("supervisor",))),
    "assistance": KindSpec((("assist_item", "name"), ("requester",), ("assistant",))),
    "ruling": KindSpec((("matter", "name"), ("lead",)), (("matter", "date"),)),
    "territorial": KindSpec((("name", "domain"), ("lead",)), (("cooperate",),)),
    "task": KindSpec((("task", "name"), ("department", "lead")), (("task", "target"),)),
    "power": KindSpec((("name", "sub_name"),), (("power_type", "type_code", "code", "department"),)),
}
DETECTION_ORDER = tuple(KINDS)


class HeaderError(ValueError):
    """No recognisable header, or a required column is missing. Message in Chinese for the user."""


def clean_header(cell: str) -> str:
    """全角→半角, no spaces or line breaks, no required-field stars. 例: "事项 名称*" → "事项名称"."""
    text = unicodedata.normalize("NFKC", str(cell or ""))
    return re.sub(r"[\s*＊:：]+", "", text)


_PARENS = re.compile(r"\([^()]*\)")
_LOOKUP: dict[str, str] = {clean_header(s): f for f, syns in FIELDS.items() for s in syns}
# Containment is allowed only for synonyms specific enough not to hide inside unrelated headers.
_CONTAINED = sorted(((clean_header(s), f) for f, syns in FIELDS.items() for s in syns
                     if len(clean_header(s)) >= 4), key=lambda p: -len(p[0]))


def match_field(cell: str) -> str | None:
    """The field a header cell names, or None. 例: "配合责任单位" → "cooperate"."""
    text = clean_header(cell)
    if not text:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    bare = _PARENS.sub("", text)
    if bare in _LOOKUP:
        return _LOOKUP[bare]
    best: tuple[int, int, str] | None = None
    for syn, fld in _CONTAINED:
        pos = text.find(syn)
        if pos >= 0:
            rank = (-len(syn), pos, fld)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


def header_score(cells: list[str]) -> int:
    """How many distinct fields a candidate header row names; the header row is the best one."""
    codes = export_fields()
    return len({f for f in (match_field(c) or codes.get(clean_header(c).casefold()) for c in cells) if f})


@dataclass
class ColumnMap:
    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)   # field → column index
    unknown: list[str] = field(default_factory=list)       # headers that name no field
    repeated: list[str] = field(default_factory=list)      # later columns naming a field already seen
    via: dict[str, str] = field(default_factory=dict)      # field → how its column was known (when not its header)
    unused_mapping: list[str] = field(default_factory=list)  # --columns entries naming no column of this table

    def has(self, name: str) -> bool:
        return name in self.fields

    def column(self, name: str) -> str:
        """The header as printed in the file, for messages. 例: "实施主体"."""
        return self.headers[self.fields[name]] if name in self.fields else FIELD_ZH.get(name, name)

    def roles_zh(self) -> str:
        """Which column was taken for which role. 例: "SXMC→事项名称（字段代码）、实施主体→实施主体"."""
        parts = []
        for fld, i in sorted(self.fields.items(), key=lambda p: p[1]):
            how = f"（{self.via[fld]}）" if fld in self.via else ""
            parts.append(f"{self.headers[i]}→{FIELD_ZH[fld]}{how}")
        return "、".join(parts)


# ---------------------------------------------------------------------------- export field codes
EXPORT_FIELDS_FILE = "export_fields.csv"
IGNORE = {"忽略", "ignore", "-", "无"}


@lru_cache(maxsize=1)
def export_fields() -> dict[str, str]:
    """Field codes of portal and database exports (SXMC, itemCode …) → field; see graph/reference/data/export_fields.csv."""
    from graph.reference.data_files import read_rows

    out: dict[str, str] = {}
    for line, row in read_rows(EXPORT_FIELDS_FILE):
        if row["角色"] not in FIELDS:
            raise ValueError(f"{EXPORT_FIELDS_FILE} 第 {line} 行: 未知的角色「{row['角色']}」")
        out[clean_header(row["字段代码"]).casefold()] = row["角色"]
    return out


def role_field(role: str) -> str | None:
    """The field a user names as a role: its key (name) or one of its Chinese names (事项名称); None to ignore."""
    text = clean_header(role)
    if text.casefold() in IGNORE:
        return None
    if text in FIELDS:
        return text
    if text in _LOOKUP:
        return _LOOKUP[text]
    choices = "、".join(f"{syns[0]}（{key}）" for key, syns in FIELDS.items())
    raise HeaderError(f"未知的列角色「{role}」，可选: {choices}，或「忽略」")


def parse_column_mapping(text: str) -> dict[str, str | None]:
    """'SXMC=事项名称,SSZT=实施主体' (or the same one pair a line) → {clean header: field or None}."""
    mapping: dict[str, str | None] = {}
    for part in re.split(r"[,，;；\n]+", text):
        part = part.strip()
        if not part or part.startswith("#"):
            continue
        column, sep, role = part.partition("=")
        if not sep or not column.strip():
            raise HeaderError(f"列映射「{part}」应写成 列名=角色（例如 SXMC=事项名称）")
        mapping[clean_header(column).casefold()] = role_field(role)
    if not mapping:
        raise HeaderError("列映射为空：应写成 列名=角色,…（例如 SXMC=事项名称,SSZT=实施主体）")
    return mapping


def load_column_mapping(value: str) -> dict[str, str | None]:
    """``--columns``: the mapping itself, or a file holding it (one 列名=角色 a line, or a CSV 列名,角色)."""
    from pathlib import Path

    path = Path(value)
    if "=" in value and not path.is_file():
        return parse_column_mapping(value)
    if not path.is_file():
        raise HeaderError(f"列映射文件「{value}」不存在（或直接写成 列名=角色,… 的形式）")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise HeaderError(f"无法读取列映射文件「{value}」: {exc}") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if lines and "=" not in lines[0] and lines[0].count(",") == 1:
        rows = [ln.split(",") for ln in lines]
        if rows[0][1].strip() in {"角色", "role"}:
            rows = rows[1:]          # a header line 列名,角色
        lines = [f"{a}={b}" for a, b in rows]
    return parse_column_mapping("\n".join(lines))


def map_columns(headers: list[str], mapping: dict[str, str | None] | None = None) -> ColumnMap:
    """Columns → fields: the user's mapping first, then the header synonyms, then export field codes."""
    cmap = ColumnMap(headers=[str(h or "").strip() for h in headers])
    used: set[str] = set()
    codes = export_fields()
    for i, h in enumerate(cmap.headers):
        key = clean_header(h).casefold()
        how = ""
        if mapping and key in mapping:
            fld, how = mapping[key], "--columns"
            used.add(key)
            if fld is None:
                continue
        else:
            fld = match_field(h)
            if fld is None and key in codes:
                fld, how = codes[key], "字段代码"
        if fld is None:
            if h:
                cmap.unknown.append(h)
        elif fld in cmap.fields:
            cmap.repeated.append(h)
        else:
            cmap.fields[fld] = i
            if how:
                cmap.via[fld] = how
    cmap.unused_mapping = [k for k in (mapping or {}) if k not in used]
    return cmap


def normalise_kind(kind: str) -> str:
    """--kind accepts the English key or a Chinese name. 例: "审管联动" → "linkage"."""
    k = kind.strip()
    if k in KINDS:
        return k
    if k in KIND_ALIASES:
        return KIND_ALIASES[k]
    for key, zh in KIND_ZH.items():
        if k and k in zh:
            return key
    choices = "、".join(f"{key}（{zh}）" for key, zh in KIND_ZH.items())
    raise HeaderError(f"未知的清单类型「{kind}」，可选: {choices}")


def _missing(spec_slots: tuple[tuple[str, ...], ...], cmap: ColumnMap) -> list[tuple[str, ...]]:
    return [slot for slot in spec_slots if not any(cmap.has(f) for f in slot)]


def _slot_zh(slot: tuple[str, ...]) -> str:
    return "/".join(f"「{FIELD_ZH[f]}」" for f in slot)


def _synonyms_zh(slot: tuple[str, ...]) -> str:
    return "、".join(s for f in slot for s in FIELDS[f][:6])


def check_kind(kind: str, cmap: ColumnMap) -> None:
    """Raise :class:`HeaderError` naming the missing column if ``kind`` cannot be read from ``cmap``."""
    missing = _missing(KINDS[kind].required, cmap)
    if missing:
        slot = missing[0]
        raise HeaderError(
            f"按{KIND_ZH[kind]}读取时缺少必需的列{_slot_zh(slot)}"
            f"（可用的列名: {_synonyms_zh(slot)}）；文件中的列为: {'、'.join(h for h in cmap.headers if h)}")


def detect_kind(cmap: ColumnMap, file_name: str = "") -> str:
    """Choose the list kind from the columns present; the file name only breaks ties."""
    candidates = [k for k in DETECTION_ORDER
                  if not _missing(KINDS[k].required, cmap) and not _missing(KINDS[k].signature, cmap)]
    hinted = [kind for word, kind in FILENAME_HINTS if word in file_name]
    for kind in hinted:
        # A kind the file name points to needs only its required columns, not its signature.
        if kind in candidates or not _missing(KINDS[kind].required, cmap):
            return kind
    if candidates:
        return candidates[0]
    # Nothing fits: say what was found and which kind came closest, naming what it lacks.
    def closeness(kind: str) -> tuple[float, int, bool]:
        spec = KINDS[kind]
        slots = spec.required + spec.signature
        have = len(slots) - len(_missing(slots, cmap))
        return (have / len(slots), have, kind in hinted)

    best = max(DETECTION_ORDER, key=closeness)
    found = "、".join(h for h in cmap.headers if h) or "（无）"
    if closeness(best)[1] == 0:
        raise HeaderError(f"无法识别表头: 文件中的列为 {found}；"
                          f"清单应至少有事项名称列（{_synonyms_zh(('name',))}）及实施主体等列")
    missing = _missing(KINDS[best].required, cmap) or _missing(KINDS[best].signature, cmap)
    slot = missing[0]
    raise HeaderError(f"看起来是{KIND_ZH[best]}，但缺少必需的列{_slot_zh(slot)}"
                      f"（可用的列名: {_synonyms_zh(slot)}）；文件中的列为: {found}")


def part_of(text: str) -> str | None:
    """The township-list part a cell or title names. 例: "二、配合履职事项" → "配合履职"."""
    t = clean_header(text)
    if "收回" in t:
        return "上级部门收回"
    if "配合" in t:
        return "配合履职"
    if "基本" in t:
        return "基本履职"
    return None
