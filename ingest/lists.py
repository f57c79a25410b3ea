"""Import one published list (CSV/XLSX) into the graph, accounting for every row.

    >>> report = ingest_list(EmbeddedStore(None), Path("L05_广安市广安区政务服务事项_按部门.csv"))
    >>> report.summary_zh()
    'L05_…csv [power]: 读取 1135 行 = 导入 1135 + 隔离 0；未能识别的部门名称 0 处'

Each row becomes one item node (PowerItem, TerritorialItem, Ruling, LinkageItem,
AssistanceItem, TownshipDutyItem or Task), a Source node for the row, FROM_SOURCE and
IN_REGION edges, and HOLDS edges from its departments with their role; every edge
carries ``source=`` the row's Source id. A row that cannot be loaded is quarantined
with the file, row and column and a Chinese reason; read = loaded + quarantined.

Decision on unknown departments (where the region has a roster): a row whose lead body
(or approver, supervisor, requester, assistant, township, county body) is not in the
roster is quarantined and the name reported as Unresolved; an unknown *cooperating*
body is reported as Unresolved while the row loads without that one HOLDS edge (its
text stays in the item's cooperate_text). Nothing is created as a twin of a roster entry.
"""
from __future__ import annotations

import copy
import csv
import io
from hashlib import blake2b as _digest
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from graph.model import (
    ASSISTANCE, ASSISTANCE_SERVICE, POWER_TYPES, AssistanceItem, EdgeRecord, Item, LinkageItem, NodeRecord, PowerItem,
    Rel, Role, Ruling, Source, Task, TerritorialItem, TownshipDutyItem, edge, props_of, stable_id, to_record,
)
from graph.reference.regions import (
    AmbiguousRegion, Region, RegionError, UnknownRegion, ancestors, get_region, is_within, looks_like_code,
    region_node_id, resolve_region,
)
from graph.reference.generic_holders import PROPERTY as GENERIC_HOLDERS, GenericHolder
from graph.store import GraphStore
from ingest import versions
from ingest.departments import (
    ALL_COOPERATE, ALL_LEAD, FIRST_GROUP_LEADS, DepartmentResolver, Generic, Resolved, Unresolvable, split_bodies,
)
from ingest.encoding import ENCODING_ZH
from ingest.headers import (
    ColumnMap, HeaderError, check_kind, detect_kind, map_columns, normalise_kind, part_of,
)
from ingest.list_region import region_from_content, settle_from_content
from ingest.regions import region_records
from ingest.report import FileReport, GenericName, Unresolved
from ingest.tables import Row, Table, TableError, read_file

# National 政务服务事项 type codes (事项类型代码).
TYPE_CODES = {"1": "行政许可", "2": "行政处罚", "3": "行政强制", "4": "行政征收", "5": "行政给付",
              "6": "行政检查", "7": "行政确认", "8": "行政奖励", "9": "行政裁决", "10": "其他行政权力",
              "20": "公共服务"}
TYPE_SYNONYMS = {"其他权力": "其他行政权力", "其他": "其他行政权力", "其他职权": "其他行政权力",
                 "其他行政职权": "其他行政权力", "公共服务事项": "公共服务", "行政监督检查": "行政检查",
                 "监督检查": "行政检查", "行政征收征用": "行政征收"}
SICHUAN_CODE = re.compile(r"^(?P<base>.+?)-(?P<area>\d{12})-(?P<x>\d{3})-(?P<subject>.+)-\d-\d{2}$")
TRAILING_CREDIT_CODE = re.compile(r"^(?P<base>.+)-(?P<subject>[0-9A-Z]{18})$")
NATIONAL_CODE = re.compile(r"[0-9A-Z]{32}")
NO_GROUP = {"", "未分类", "无"}
_IN_VERSION, _FROM_SOURCE, _IN_REGION, _HOLDS = (Rel.IN_VERSION.value, Rel.FROM_SOURCE.value, Rel.IN_REGION.value,
                                                 Rel.HOLDS.value)


class RowRejected(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass
class Holder:
    """A cell naming who holds the item, and how to read it."""

    text: str
    column: str
    convention: str = ALL_LEAD
    role: str | None = None         # fixed role for every body in the cell (township lists)
    duty: str = ""                   # 审批 / 监管 / 协助 / 请求协助 …
    essential: bool = True           # an unknown body here quarantines the row
    extra: Rel | None = None         # APPROVES / SUPERVISES besides HOLDS


# Rows whose records are held before they are written (inside the file's one transaction: see
# :class:`_Writer`). Bounds an import's memory; large enough that each executemany is long.
WRITE_BATCH_ROWS = 5000


@dataclass
class Pending:
    """What one file writes: the records of the rows not yet written (``nodes``, ``edges``), and
    what the whole file states (ids, HOLDS triples, regions …) for versions and the report."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    edges: list[EdgeRecord] = field(default_factory=list)
    # Each row's own records as the store's plain tuples (GraphStore.upsert_rows), written after
    # ``nodes`` and before ``edges``: a Source, an item, and their edges.
    row_nodes: list[tuple[str, str, dict]] = field(default_factory=list)
    row_edges: list[tuple[str, str, str, str, dict]] = field(default_factory=list)
    rows: int = 0                                          # rows in row_nodes/row_edges
    item_ids: set[str] = field(default_factory=set)
    holds: set[tuple[str, str, str]] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)        # regions of the items
    dept_regions: set[str] = field(default_factory=set)   # regions of the departments
    dept_first_source: dict[str, str] = field(default_factory=dict)
    generic: dict[str, list[dict[str, str]]] = field(default_factory=dict)   # item id → generic_holders

    def node(self, record: NodeRecord) -> None:
        self.nodes[record.id] = record


# ---------------------------------------------------------------------------- helpers
# Between a sheet's name and its column names in ListVersion.headers.
HEADER_SEP = "\x1f"


def row_text(cells: list[str]) -> str:
    """The row as one CSV line, as it stands in the file. 例: '1,区经信局,未分类,企业投资项目备案…'."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


class _Line:
    """A file-like object that keeps the one line a csv.writer last wrote: :func:`row_text`
    without a StringIO and a writer per row (an import's own, so threads never share it)."""

    __slots__ = ("text", "writer")

    def __init__(self) -> None:
        self.text = ""
        self.writer = csv.writer(self, lineterminator="")

    def write(self, text: str) -> None:
        self.text = text

    def __call__(self, cells: list[str]) -> str:
        self.writer.writerow(cells)
        return self.text


@lru_cache(maxsize=4096)   # a pure function of two cells that lists repeat on every row
def power_type(text: str, code: str = "") -> str:
    """Normalise a power type; raise ValueError for one we do not know. 例: "许可" → "行政许可"."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not t:
        c = (code or "").strip().lstrip("0")
        if not c:
            return ""
        if c in TYPE_CODES:
            return TYPE_CODES[c]
        raise ValueError(f"未知的事项类型代码「{code}」")
    for candidate in (t, "行政" + t, TYPE_SYNONYMS.get(t, "")):
        if candidate in POWER_TYPES:
            return candidate
    raise ValueError(f"未知的权力类型「{text}」（应为 {'、'.join(POWER_TYPES)} 之一）")


def split_code(code: str) -> tuple[str, str]:
    """(base_code, subject_code) of an item code.

    * 32 characters (national 实施编码): 22-character 行使主体代码 + 10-character 基本编码;
    * Sichuan codes ``511A0138000000-511602000000-000-115113010833722043-1-00``: the first
      part is the basic code shared across bodies, the part after the area and ``000`` the
      subject's credit code;
    * otherwise a trailing 18-character credit code is the subject, or the code is its own base.
    """
    c = code.strip()
    if NATIONAL_CODE.fullmatch(c):
        return c[22:], c[:22]
    # Each pattern is tried only where its fixed tail can be (「-1-00」, 「-」 and 18 characters):
    # a failed match of SICHUAN_CODE backtracks through the whole code, several times a row's cost.
    m = (SICHUAN_CODE.match(c) if len(c) > 5 and c[-5] == "-" and c[-3] == "-" else None) or \
        (TRAILING_CREDIT_CODE.match(c) if len(c) > 19 and c[-19] == "-" else None)
    if m:
        return m.group("base"), m.group("subject")
    return c, ""


class _Fields(dict):
    """A row's cells by field name; a field the table has no column for reads as empty."""

    __slots__ = ()

    def __missing__(self, name: str) -> str:
        return ""


class _FieldPicker:
    """``get(field)`` for a row of one table: its stripped cell for a field, "" for one the table
    lacks. The builders ask for ten fields a row; the dict's own lookup answers them without a
    Python call each, and the table's cells are picked in one call."""

    __slots__ = ("fields", "names", "pick", "top")

    def __init__(self, cmap: ColumnMap) -> None:
        self.fields = dict(cmap.fields)
        self.names = tuple(self.fields)
        idx = tuple(self.fields.values())
        self.pick = itemgetter(*idx) if len(idx) > 1 else (lambda cells: tuple(cells[i] for i in idx))
        self.top = max(idx, default=-1)

    def __call__(self, cells: list[str]):
        if self.top < len(cells):
            return _Fields(zip(self.names, map(str.strip, self.pick(cells)))).__getitem__
        return _Fields((n, cells[i].strip()) for n, i in self.fields.items() if i < len(cells)).__getitem__


# ---------------------------------------------------------------------------- one table
class ListImport:
    """State of one file's import: the report, the resolver, and what it would write."""

    def __init__(self, store: GraphStore, path: Path, report: FileReport, file_region: Region | None,
                 version: str, imported_at: str) -> None:
        self.store = store
        self.path = path
        self.dataset = path.name
        self.report = report
        self.file_region = file_region
        self.version = version
        self.imported_at = imported_at
        self.headers: list[str] = []   # ListVersion.headers, set by ingest_list
        self.resolver = DepartmentResolver(store)
        self.out = Pending()
        # Where a batch of rows goes: written by a _Writer, or (a dry run: is an unchanged file's
        # outcome unchanged too?) dropped, keeping only what _same_outcome compares.
        self.writer: _Writer | None = None
        # A list repeats the same few cells (区划代码, 实施主体) on every row: each distinct cell is
        # read once. The cached values are what the uncached calls return (they are pure for one
        # import: the resolver already answers a name the same way all through an import).
        self._cell_regions: dict[str, tuple[Region | None, str, str]] = {}
        self._bodies: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._resolved: dict[tuple[str, str], Resolved | Unresolvable | None] = {}
        self._notes: dict[str, None] = {}
        self._gaps: dict[str, int] = {}   # column → rows loaded with it empty
        self._row_text = _Line()
        self._pickers: dict[int, _FieldPicker] = {}   # id of a table's ColumnMap → its picker
        self._holders: dict[tuple[str, str, str, bool], Holder] = {}

    def holder(self, text: str, column: str, convention: str, essential: bool = True) -> Holder:
        """One Holder per distinct cell (a list names the same few departments on every row;
        nothing changes a Holder once made)."""
        key = (text, column, convention, essential)
        h = self._holders.get(key)
        if h is None:
            h = self._holders[key] = Holder(text, column, convention, essential=essential)
        return h

    def note(self, text: str) -> None:
        self._notes.setdefault(text, None)

    def gap(self, column: str) -> None:
        """This row is loaded with ``column`` empty; the analyses will report it as a gap."""
        self._gaps[column] = self._gaps.get(column, 0) + 1

    # -- table ------------------------------------------------------------------
    def run_table(self, table: Table, kind: str, cmap: ColumnMap) -> None:
        # Rows seen, by a 128-bit digest of their cells but 序号 → the first one's number: a row is
        # not kept (a streamed file's rows are read one at a time), and two rows that differ share
        # a digest with odds of 1 in 10^26 for a million rows. The cells are joined with NUL, which
        # no cell holds (a CSV with one is refused, XML cannot carry one).
        seen_rows: dict[bytes, int] = {}
        seen_items: dict[str, int] = {}
        seq = cmap.fields.get("seq")
        self._pickers[id(cmap)] = _FieldPicker(cmap)
        part = part_of(table.sheet) if table.sheet else None
        # The section titles above each row (a streamed table finds them as its rows are read, so
        # the sorted list is remade only when a title was added, not on every row).
        sections_done, sections_known, order = 0, -1, []
        self.report.sheet = table.sheet
        for row in table.rows:
            if len(table.sections) != sections_known:
                sections_known, order = len(table.sections), sorted(table.sections.items())
            while sections_done < len(order) and order[sections_done][0] < row.number:
                part = part_of(order[sections_done][1]) or part
                sections_done += 1
            self.report.rows_read += 1
            cells = row.cells
            text = self._row_text(cells)
            if row.problem:
                self.report.reject(row.number, row.problem_column, row.problem, text)
                continue
            key = "\x00".join(cells if seq is None else cells[:seq] + cells[seq + 1:])
            first = seen_rows.setdefault(_digest(key.encode("utf-8", "surrogatepass"), digest_size=16).digest(),
                                         row.number)
            if first != row.number:
                self.report.reject(row.number, "", f"重复行: 与第 {first} 行内容完全相同", text)
                continue
            try:
                self.run_row(table, kind, cmap, row, text, part, seen_items)
            except RowRejected as rej:
                self.report.reject(row.number, rej.column, rej.reason, text)
                continue
            self.report.rows_loaded += 1

    def run_row(self, table: Table, kind: str, cmap: ColumnMap, row: Row, text: str, part: str | None,
                seen_items: dict[str, int]) -> None:
        get = self._pickers[id(cmap)](row.cells)
        region = self.row_region(cmap, get)
        item, holders = BUILDERS[kind](self, cmap, get, region, part)
        item.region, item.dataset, item.current = region.code, self.dataset, True
        if item.id in seen_items:
            raise RowRejected(cmap.column("name"),
                              f"同一事项重复出现: 与第 {seen_items[item.id]} 行为同一事项（编码或名称、部门、类型相同）")
        resolved, generic = self.resolve_holders(holders, region, row.number)
        seen_items[item.id] = row.number
        self.emit(table, row, text, item, resolved, region, generic)

    def row_region(self, cmap: ColumnMap, get) -> Region:
        raw = get("region_code")
        if raw:
            cached = self._cell_regions.get(raw)
            if cached is None:
                cached = self._cell_regions[raw] = self._cell_region(raw)
            info, note, error = cached
            if info is None:
                raise RowRejected(cmap.column("region_code"), error)
            if note:
                self.note(note)
            return info
        if self.file_region is None:
            raise RowRejected(cmap.column("region_code"), "区划代码为空，且未指定地区（--region）")
        return self.file_region

    def _cell_region(self, raw: str) -> tuple[Region | None, str, str]:
        """(region, note, error) of one 区划代码 cell."""
        try:
            info = cell_region(raw, self.file_region)
        except RegionError as exc:
            return None, "", str(exc)
        note = ""
        if self.file_region and not is_within(info.code, self.file_region.code):
            note = f"行内区划代码 {info.code}（{info.name}）与指定地区 {self.file_region.name} 不同，按行内代码导入"
        return info, note, ""

    # -- departments ------------------------------------------------------------------
    def resolve_holders(self, holders: list[Holder], region: Region, row: int
                        ) -> tuple[list[tuple[Resolved, str, Holder]], list[GenericHolder]]:
        """The departments a row names, and its generic placeholders (kept on the item, no node)."""
        out: list[tuple[Resolved, str, Holder]] = []
        generic: list[GenericHolder] = []
        problems: list[tuple[str, str]] = []
        bodies, resolved = self._bodies, self._resolved
        for h in holders:
            pairs = bodies.get((h.text, h.convention))
            if pairs is None:
                pairs = bodies[(h.text, h.convention)] = split_bodies(h.text, h.convention)
            for raw, role in pairs:
                key = (raw, region.code)
                if key in resolved:
                    res = resolved[key]
                else:
                    res = resolved[key] = self.resolver.resolve(raw, region.code)
                if res is None:
                    continue
                if isinstance(res, Generic):    # 有关部门, 各乡镇人民政府(街道办事处): nobody in particular
                    generic.append(GenericHolder(res.raw, h.role or role, h.column, h.duty))
                    continue
                if isinstance(res, Unresolvable):
                    self.report.unresolved.append(
                        Unresolved(self.dataset, row, h.column, res.raw, res.reason, res.candidates,
                                   self.report.sheet))
                    # In a 分工表 cell only the leading bodies are essential; fixed-role cells as marked.
                    if h.essential and (h.role is not None or role == Role.LEAD.value):
                        hint = f"（相近: {'、'.join(res.candidates)}）" if res.candidates else ""
                        problems.append((h.column, f"部门名称未能识别: 「{res.raw}」{res.reason}{hint}"))
                    continue
                if res.note:
                    self.note(res.note)
                out.append((res, h.role or role, h))
        if problems:
            raise RowRejected(problems[0][0], "；".join(p for _, p in problems))
        # Reported once the row is known to load (a quarantined row's reason says it all).
        self.report.generic += [GenericName(self.dataset, row, g.column, g.name, self.report.sheet) for g in generic]
        return out, generic

    # -- records ------------------------------------------------------------------
    def emit(self, table: Table, row: Row, text: str, item: Item, resolved, region: Region,
             generic: list[GenericHolder]) -> None:
        src = Source(id=stable_id("src", self.version, table.sheet, str(row.number)), path=self.dataset,
                     locator=table.locator(row.number), text=text, version=self.version,
                     imported_at=self.imported_at)
        o = self.out
        sid, iid = src.id, item.id
        nodes, edges = o.row_nodes, o.row_edges
        nodes.append((sid, Source.label, props_of(src)))
        props = props_of(item)
        if generic:     # only on the rows that have them: most items carry no list property at all
            props[GENERIC_HOLDERS] = o.generic[iid] = [g.to_prop() for g in generic]
        nodes.append((iid, item.label, props))
        o.item_ids.add(iid)
        # The edges' properties as model.edge builds them: theirs first, then source= the row's Source.
        # The three provenance edges share one dict (no store keeps or changes the dict it is given:
        # each copies or encodes it), which the SQLite store then encodes once.
        provenance = {"source": sid}
        edges.append((sid, _IN_VERSION, self.version, "", provenance))
        edges.append((iid, _FROM_SOURCE, sid, "", provenance))
        edges.append((iid, _IN_REGION, region_node_id(region.code), "", provenance))
        o.regions.add(region.code)
        dataset = self.dataset
        for res, role, h in resolved:
            rid = res.id
            key = f"{role}:{h.duty}" if h.duty else role
            props = {"role": role, "dataset": dataset, "current": True, "name_in_list": res.raw, "via": res.via}
            if h.duty:
                props["duty"] = h.duty
            props["source"] = sid
            edges.append((rid, _HOLDS, iid, key, props))
            o.holds.add((rid, iid, key))
            if h.extra is not None:
                edges.append((rid, h.extra.value, iid, "", {"dataset": dataset, "source": sid}))
            if rid not in o.dept_first_source:
                o.dept_first_source[rid] = sid
                o.dept_regions.add(res.region)
        o.rows += 1
        if o.rows >= WRITE_BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows held so far (or drop them in a dry run)."""
        if self.writer is not None:
            self.writer.write(self)
        self.out.nodes.clear()
        self.out.edges.clear()
        self.out.row_nodes = []
        self.out.row_edges = []
        self.out.rows = 0

    def finish_departments(self) -> None:
        """Department nodes the resolver created or changed, with their region and first source."""
        for dept in self.resolver.pending.values():
            self.out.node(to_record(dept))
        for did, src in self.out.dept_first_source.items():
            dept = self.resolver.pending.get(did)
            if dept is not None and dept.region:   # departments already in the graph keep their edge
                self.out.edges.append(edge(did, Rel.IN_REGION, region_node_id(dept.region), source=src))
            self.out.edges.append(edge(did, Rel.FROM_SOURCE, src, source=src))
        for line in self._notes:
            self.report.notes.append(line)
        self.report.gaps.update(self._gaps)


# ---------------------------------------------------------------------------- builders
def _require(value: str, cmap: ColumnMap, field_name: str, what: str) -> str:
    if not value:
        raise RowRejected(cmap.column(field_name), f"{what}为空")
    return value


def _department_holders(imp: ListImport, cmap: ColumnMap, get, region: Region,
                        convention: str) -> list[Holder]:
    holders: list[Holder] = []
    if cmap.has("department"):
        holders.append(imp.holder(_require(get("department"), cmap, "department", cmap.column("department")),
                                  cmap.column("department"), convention))
    if cmap.has("lead") and get("lead"):
        holders.append(imp.holder(get("lead"), cmap.column("lead"), ALL_LEAD))
    if cmap.has("cooperate") and get("cooperate"):
        holders.append(imp.holder(get("cooperate"), cmap.column("cooperate"), ALL_COOPERATE, essential=False))
    return holders


def build_power(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name, sub = get("name"), get("sub_name")
    group = get("group")
    if sub:
        group, name = name or group, sub
    _require(name, cmap, "name", "事项名称")
    try:
        ptype = power_type(get("power_type") or (get("dept_kind") if not cmap.has("power_type") else ""),
                           get("type_code"))
    except ValueError as exc:
        column = "power_type" if cmap.has("power_type") else "type_code"
        raise RowRejected(cmap.column(column), str(exc)) from None
    code = get("code")
    base, subject = split_code(code) if code else ("", "")
    holders = _department_holders(imp, cmap, get, region, ALL_LEAD)
    dept_text = get("department") or get("lead")
    if not holders:
        gov = region.government
        holders = [Holder(gov, "（本级政府）")]
        imp.note(f"清单没有实施主体列，事项由本级政府「{gov}」承担")
        dept_text = gov
    iid = stable_id("power", region.code, code) if code else \
        stable_id("power", region.code, dept_text, name, ptype)
    item = PowerItem(id=iid, name=name, power_type=ptype, code=code, base_code=base, subject_code=subject,
                     group="" if group in NO_GROUP else group, basis=get("basis"), department_text=dept_text)
    return item, holders


def _gap_if_empty(imp: ListImport, cmap: ColumnMap, get, field_name: str) -> str:
    """A cell whose emptiness is itself the finding: the row loads, the report counts it."""
    value = get(field_name)
    if not value:
        imp.gap(cmap.column(field_name))
    return value


def build_territorial(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name = get("name") or get("domain")
    _require(name, cmap, "name", "事项名称")
    # A 属地 item nobody leads is what the analyst is looking for (gaps: territorial_no_lead).
    lead = _gap_if_empty(imp, cmap, get, "lead")
    item = TerritorialItem(id=stable_id("terr", region.code, get("domain"), name), name=name,
                           domain=get("domain"), lead_text=lead, cooperate_text=get("cooperate"),
                           basis=get("basis"), time_limit=get("time_limit"))
    holders = [Holder(lead, cmap.column("lead"), ALL_LEAD)] if lead else []
    if get("cooperate"):
        holders.append(Holder(get("cooperate"), cmap.column("cooperate"), ALL_COOPERATE, essential=False))
    return item, holders


def build_ruling(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name_field = "matter" if cmap.has("matter") else "name"
    name = _require(get(name_field), cmap, name_field, cmap.column(name_field))
    lead = _require(get("lead"), cmap, "lead", cmap.column("lead"))
    item = Ruling(id=stable_id("ruling", region.code, name, get("date")), name=name, date=get("date"),
                  lead_text=lead, cooperate_text=get("cooperate"), basis=get("basis"))
    holders = [Holder(lead, cmap.column("lead"), ALL_LEAD)]
    if get("cooperate"):
        holders.append(Holder(get("cooperate"), cmap.column("cooperate"), ALL_COOPERATE, essential=False))
    return item, holders


def build_linkage(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name_field = "approval_item" if cmap.has("approval_item") else "name"
    name = _require(get(name_field), cmap, name_field, "审批事项名称")
    approver = _require(get("approver"), cmap, "approver", cmap.column("approver"))
    # 审批之后谁来监管 is the question these lists answer: a row without one is the gap, not bad input.
    supervisor = _gap_if_empty(imp, cmap, get, "supervisor")
    code = get("code")
    iid = stable_id("link", region.code, code) if code else stable_id("link", region.code, name, approver)
    item = LinkageItem(id=iid, name=name, approver_text=approver, supervisor_text=supervisor,
                       basis=get("basis"), code=code)
    holders = [Holder(approver, cmap.column("approver"), duty="审批", extra=Rel.APPROVES)]
    if supervisor:
        holders.append(Holder(supervisor, cmap.column("supervisor"), duty="监管", extra=Rel.SUPERVISES))
    return item, holders


def build_assistance(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name_field = "assist_item" if cmap.has("assist_item") else "name"
    name = _require(get(name_field), cmap, name_field, "协助事项")
    requester = _require(get("requester"), cmap, "requester", cmap.column("requester"))
    assistant = _require(get("assistant"), cmap, "assistant", cmap.column("assistant"))
    item = AssistanceItem(id=stable_id("assist", region.code, name, requester, assistant), name=name,
                          requester_text=requester, assistant_text=assistant, time_limit=get("time_limit"),
                          basis=get("basis"), category=ASSISTANCE_SERVICE if "部门间办事" in imp.dataset else ASSISTANCE)
    # The assisting body does the work (lead); the requester takes part as the one who asks.
    return item, [Holder(assistant, cmap.column("assistant"), duty="协助"),
                  Holder(requester, cmap.column("requester"), role=Role.COOPERATE.value, duty="请求协助")]


def build_township(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name = _require(get("name"), cmap, "name", "事项名称")
    row_part = part_of(get("part")) if get("part") else part
    if row_part is None:
        raise RowRejected(cmap.column("part"),
                          "无法确定所属部分（应为 基本履职、配合履职 或 上级部门收回）")
    township = get("township") or region.government
    county = get("county")
    township_col = cmap.column("township") if cmap.has("township") else "（本级政府）"
    county_col = cmap.column("county")
    holders: list[Holder]
    if row_part == "基本履职":
        holders = [Holder(township, township_col, role=Role.LEAD.value)]
        if county:
            holders.append(Holder(county, county_col, role=Role.COOPERATE.value, essential=False))
    else:
        county = _require(county, cmap, "county", f"{row_part}事项的县级部门")
        township_role = Role.COOPERATE.value if row_part == "配合履职" else Role.WITHDRAWN.value
        holders = [Holder(county, county_col, role=Role.LEAD.value),
                   Holder(township, township_col, role=township_role)]
    item = TownshipDutyItem(id=stable_id("township", region.code, row_part, name), name=name, part=row_part,
                            township_text=township, county_text=county, basis=get("basis"))
    return item, holders


def build_task(imp: ListImport, cmap: ColumnMap, get, region: Region, part):
    name_field = "task" if cmap.has("task") else "name"
    name = _require(get(name_field), cmap, name_field, cmap.column(name_field))
    holders = _department_holders(imp, cmap, get, region, FIRST_GROUP_LEADS)
    if not holders:
        raise RowRejected(cmap.column("lead"), "牵头单位为空")
    pairs = [(b, r) for h in holders for b, r in split_bodies(h.text, h.convention)]
    item = Task(id=stable_id("task", region.code, name), name=name,
                lead_text="、".join(b for b, r in pairs if r == Role.LEAD.value),
                cooperate_text="、".join(b for b, r in pairs if r == Role.COOPERATE.value),
                target=get("target"))
    return item, holders


BUILDERS = {
    "power": build_power, "territorial": build_territorial, "ruling": build_ruling,
    "linkage": build_linkage, "assistance": build_assistance, "township": build_township,
    "task": build_task,
}


# ---------------------------------------------------------------------------- file
def _kinds(tables: list[Table], kind: str | None, name: str, columns=None) -> list[tuple[Table, str, ColumnMap]]:
    out = []
    for table in tables:
        cmap = map_columns(table.header, columns)
        if kind:
            check_kind(kind, cmap)
            out.append((table, kind, cmap))
        else:
            out.append((table, detect_kind(cmap, name), cmap))
    return out


def cell_region(text: str, file_region: Region | None) -> Region:
    """The region a 区划代码 / 行政区划 cell names: a code, or a name (settled within the file's region)."""
    if looks_like_code(text):
        region = get_region(text)
        if region is None:
            raise UnknownRegion(f"未知的区划代码「{text}」")
        return region
    try:
        return resolve_region(text)
    except AmbiguousRegion:
        if file_region is None:
            raise
        return resolve_region(text, within=file_region)


def _file_region(region: str | None, path: Path, typed) -> tuple[Region | None, str]:
    """The region given, else the one the file's titles, name or departments name; and how we know it."""
    if region:
        try:
            return resolve_region(region), ""
        except AmbiguousRegion as exc:     # 朝阳区: the file may say which (北京市朝阳区市场监督管理局)
            return settle_from_content(exc, path, typed)
    return region_from_content(path, typed)


def _version_region(file_region: Region | None, tables) -> str:
    """The file's region, else the region all its rows lie in (a 广东省 list of city rows → 440000)."""
    if file_region:
        return file_region.code
    common: list[str] | None = None
    for table, _, cmap in tables:
        i = cmap.fields.get("region_code")
        if i is None:
            continue
        for row in table.rows:
            try:
                region = cell_region(row.cells[i], None) if i < len(row.cells) and row.cells[i] else None
            except RegionError:
                continue
            if region is not None:
                line = [r.code for r in reversed(ancestors(region.code))]   # province first
                common = line if common is None else [a for a, b in zip(common, line) if a == b]
    return common[-1] if common else ""


def _skipped_note(tables: list[Table]) -> str:
    comments = sum(len(t.comments) for t in tables)
    blank = sum(t.skipped_blank for t in tables)
    sections = sum(len(t.sections) for t in tables)
    totals = sum(len(t.totals) for t in tables)
    parts = [f"{what} {n} 行" for what, n in (("说明行", comments), ("空行", blank), ("分组标题", sections),
                                             ("合计/小计", totals)) if n]
    return f"不计入数据行: {'、'.join(parts)}" if parts else ""


def ingest_list(store: GraphStore, path: Path, region: str | None = None, kind: str | None = None,
                columns: dict[str, str | None] | None = None) -> FileReport:
    """Import one list file; never raises for a bad file — the report carries the error.

    ``region``: code or name (例 "511602" 或 "广安区"); rows with a 区划代码 set their own.
    ``kind``: power / territorial / ruling / linkage / assistance / township / task / roster
    (or the Chinese name) to override detection.
    ``columns``: the user's column mapping (:func:`ingest.headers.load_column_mapping`), which
    wins over the header synonyms: {column as written: field, or None to ignore it}.
    """
    path = Path(path)
    report = FileReport(path=str(path))
    try:
        # A large CSV streams (its rows read from the file at each pass, its bytes hashed as read).
        data, tables = read_file(path, stream=True)
        digest = versions.content_hash(data) if data is not None else tables[0].content_sha256
        del data      # the bytes are not needed past their hash (a million-row list: 350 MB)
        wanted = normalise_kind(kind) if kind else None
        typed = _kinds(tables, wanted, path.name, columns)
        if any(k == "roster" for _, k, _ in typed):
            from ingest.roster import ingest_roster
            return ingest_roster(store, path, region)
        file_region, how = _file_region(region, path, typed)
        if file_region is None and not any(c.has("region_code") for _, _, c in typed):
            why = how or "标题、文件名与部门名称都没有写明地区"
            raise UnknownRegion(f"无法确定清单所属地区（{why}）：请用 --region 指定（如 --region 广安区 或 "
                                f"--region 511602），或加一列区划代码")
        if file_region is None:
            how = ""      # the rows' own 区划代码 decide
    except (TableError, HeaderError, RegionError) as exc:
        report.status, report.error = "failed", str(exc)
        return report

    kinds = sorted({k for _, k, _ in typed})
    report.kind = kinds[0] if len(kinds) == 1 else "+".join(kinds)
    vregion = _version_region(file_region, typed)
    report.region = vregion
    state = versions.version_state(store, path.name, vregion, digest)
    report.version = state.id
    imported_at = versions.now_iso()
    comment_notes: list[tuple[int, int, Table]] = []   # where each table's comments went in the notes
    for table in tables:
        comment_notes.append((len(report.notes), len(_comment_notes(table)), table))
        report.notes += _comment_notes(table)
        report.notes += table.notes
    if how:
        report.notes.append(how)
    enc = {t.encoding for t in tables if t.encoding and t.encoding != "xlsx"}
    if enc - {"utf-8"}:
        report.notes.append("编码: " + "、".join(sorted(ENCODING_ZH.get(e, e) for e in enc)))

    headers = [HEADER_SEP.join([t.sheet or "", *t.header]) for t, _, _ in typed]
    if state.unchanged:
        # Identical bytes: a dry run (nothing written, nothing held but ids and HOLDS triples) says
        # whether the outcome is the same too; only if not is the file read again and written.
        dry = _run(store, path, copy.deepcopy(report), file_region, state, imported_at, headers, typed, tables)
        if _same_outcome(store, dry, state, dry.report):
            dry.report.status = "unchanged"
            _streamed_comments(dry.report, comment_notes)
            return dry.report
        report.notes.append("文件内容未变，但名册或已有部门有变化，本次导入结果与上次不同，已按新结果写入")
    writer = _Writer(store, state, path.name, report, vregion, digest, imported_at, headers)
    rows = sum(t.row_count_hint() for t, _, _ in typed)
    # One transaction for the whole file (joining the dispatcher's): readers see all its rows or
    # none, a failure or a kill leaves nothing of it. Each row writes at least a Source and an item
    # node and three edges: the store may defer its indexes when that outgrows what it holds.
    with store.transaction():
        with store.bulk_load(2 * rows, 3 * rows):
            imp = _run(store, path, report, file_region, state, imported_at, headers, typed, tables, writer)
            writer.finish()
        _retire(store, imp, state, writer, report)
    _streamed_comments(report, comment_notes)
    return report


def _comment_notes(table: Table) -> list[str]:
    return [c if c.startswith("说明") else f"说明: {c}" for c in table.comments[:3]]


def _streamed_comments(report: FileReport, comment_notes: list[tuple[int, int, Table]]) -> None:
    """A streamed table knew only the comments of its first lines when the notes were begun;
    after a pass it knows them all: the notes say what the whole-file reader's would."""
    for at, known, table in reversed(comment_notes):
        if table.streamed:
            report.notes[at:at + known] = _comment_notes(table)


def _run(store: GraphStore, path: Path, report: FileReport, file_region: Region | None,
         state: versions.VersionState, imported_at: str, headers: list[str], typed, tables,
         writer: _Writer | None = None) -> ListImport:
    """Read every row of the file's tables, writing them in batches through ``writer`` (None: a dry run)."""
    imp = ListImport(store, path, report, file_region, state.id, imported_at)
    imp.headers = headers
    imp.writer = writer
    if writer is not None:
        writer.start()
    for table, k, cmap in typed:
        report.columns.append((f"工作表「{table.sheet}」" if len(typed) > 1 else "") + cmap.roles_zh())
        if cmap.unused_mapping:
            report.notes.append(f"列映射中的列不在{'工作表「' + table.sheet + '」' if table.sheet else '文件'}中: "
                                + "、".join(cmap.unused_mapping))
        if cmap.repeated:
            report.notes.append(f"重复的列只读第一列: {'、'.join(cmap.repeated)}")
        imp.run_table(table, k, cmap)
    imp.finish_departments()
    imp.flush()
    skipped = _skipped_note(tables)
    if skipped:
        report.notes.append(skipped)
    assert report.balanced, report.summary_zh()
    return imp


def _same_outcome(store: GraphStore, imp: ListImport, state: versions.VersionState, report: FileReport) -> bool:
    """Identical bytes are not enough: after a roster fix the same file resolves more names.

    The import is unchanged only if it loads as many rows as last time and every HOLDS
    edge it would write is already there.
    """
    stored = store.get_node(state.id).props
    if (stored.get("rows_loaded"), stored.get("rows_quarantined")) != (report.rows_loaded, report.rows_quarantined):
        return False
    present = {(e.src, e.dst, e.key) for e in store.edges_of(imp.out.item_ids, Rel.HOLDS.value, direction="in")
               if e.props.get("current", True)}
    if not imp.out.holds <= present:
        return False
    # A graph written before generic holders were kept on the item (as 泛指 Department nodes) is rewritten.
    stored_items = store.get_nodes(imp.out.generic) if imp.out.generic else {}
    return all(rec.props.get(GENERIC_HOLDERS) == imp.out.generic[iid] for iid, rec in stored_items.items()) \
        and len(stored_items) == len(imp.out.generic)


class _Writer:
    """Writes one file's rows a batch at a time, inside the file's transaction: first the file's
    Source and ListVersion (the rows' IN_VERSION edges point at it), then per batch the Region
    nodes and Department nodes its rows reach for the first time (edges need both ends), the
    batch's nodes and edges; at the end the ListVersion again with the final counts."""

    def __init__(self, store: GraphStore, state: versions.VersionState, dataset: str, report: FileReport,
                 vregion: str, digest: str, imported_at: str, headers: list[str]) -> None:
        self.store, self.state, self.dataset, self.report = store, state, dataset, report
        self.vregion, self.digest, self.imported_at, self.headers = vregion, digest, imported_at, headers
        self.fsrc = versions.file_source(dataset, state.id, digest, imported_at)
        self.regions: set[str] = set()       # region codes written (with their ancestors)
        self.departments: set[str] = set()   # pending Department ids written

    def _version(self) -> NodeRecord:
        r = self.report
        ver = versions.version_node(self.state, self.dataset, r.kind, self.vregion, self.digest, self.imported_at,
                                    r.rows_read, r.rows_loaded, r.rows_quarantined)
        ver.headers = list(self.headers)
        return to_record(ver)

    def _regions(self, codes) -> tuple[list[NodeRecord], list[EdgeRecord]]:
        nodes: dict[str, NodeRecord] = {}
        edges: list[EdgeRecord] = []
        for code in sorted(set(codes) - self.regions):
            n, e = region_records(code)
            nodes.update((x.id, x) for x in n)
            edges += e
            self.regions.add(code)
        return list(nodes.values()), edges

    def start(self) -> None:
        region_nodes, region_edges = self._regions([self.vregion] if self.vregion else [])
        self.store.upsert_nodes([*region_nodes, to_record(self.fsrc), self._version()])
        version_edges = [edge(self.state.id, Rel.FROM_SOURCE, self.fsrc.id, source=self.fsrc.id)]
        if self.vregion:
            version_edges.append(edge(self.state.id, Rel.IN_REGION, region_node_id(self.vregion), source=self.fsrc.id))
        self.store.upsert_edges([*region_edges, *version_edges])

    def write(self, imp: ListImport) -> None:
        out = imp.out
        region_nodes, region_edges = self._regions(out.regions | out.dept_regions)
        new_depts = [to_record(d) for did, d in imp.resolver.pending.items() if did not in self.departments]
        self.departments.update(d.id for d in new_depts)
        self.store.upsert_nodes([*region_nodes, *new_depts])
        self.store.upsert_rows(out.row_nodes, ())
        self.store.upsert_nodes(out.nodes.values())
        self.store.upsert_edges(region_edges)
        self.store.upsert_rows((), out.row_edges)
        self.store.upsert_edges(out.edges)

    def finish(self) -> None:
        """The ListVersion again, with the file's final counts."""
        self.store.upsert_nodes([self._version()])


def _retire(store: GraphStore, imp: ListImport, state: versions.VersionState, writer: _Writer,
            report: FileReport) -> None:
    out, fsrc = imp.out, writer.fsrc
    retired_items, retired_edges = versions.supersede(store, state, fsrc.id, imp.dataset, out.item_ids,
                                                      out.holds, out.regions, out.generic)
    if state.previous:
        report.status = "updated"
        report.notes.append(f"新版本取代旧版本 {len(state.previous)} 个: 不再出现的事项 {retired_items} 项、"
                            f"不再成立的归属关系 {retired_edges} 条已标记为非现行（current=False）")
    elif state.exists:
        report.status = "updated"
        if not state.current:
            report.notes.append("内容与一个旧版本相同，已恢复为现行版本")
    else:
        report.status = "loaded"
