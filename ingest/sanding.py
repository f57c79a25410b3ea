"""三定 text → Provision, its 主要职责 as Duty nodes, 内设机构 with their duties, 职责分工 clauses.

    >>> p = parse_sanding("title: 自然资源部职能配置、内设机构和人员编制规定\\n\\n"
    ...                   "主要职责是: (一)负责自然资源调查监测评价。(二)负责自然资源统一确权登记工作。")
    >>> p.department, [d.number for d in p.duties]
    ('自然资源部', ['(一)', '(二)'])

The corpus files start with ``source:``/``title:``/``date:``/``level:``/``note:`` lines, then the
text as found (sometimes traditional characters with pinyin glosses such as 監(jiān), sometimes
one long line). Rows of the report are the units found: duties, internal units, division clauses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import Department, DivisionClause, Duty, Provision, Rel, Role, Source, edge, stable_id, to_record
from graph.store import GraphStore
from ingest.documents import read_document
from ingest.report import FileReport

KIND = "sanding"

HEADER = re.compile(r"^(source|title|date|level|type|note):\s*(.*)$")
PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]+\)")
NUMBERED = re.compile(r"[(（]([一二三四五六七八九十]+)[)）]")
DUTIES_HEAD = re.compile(r"(?:(?P<dept>[\u4e00-\u9fff（）()]{2,24}?))?主要(?:工作)?职责(?:是|如下)?[:：]")
UNIT_SET = re.compile(r"设置?(?P<unit>[\u4e00-\u9fff]{2,20}?(?:股|科|室|处|司|局|办|中心)),?[，,]?负责(?P<duty>[^。；;]+)")
UNIT_HEAD = re.compile(r"^(?P<unit>[\u4e00-\u9fff]{2,14}(?:司|厅|局|处|室|科|股))。(?P<duty>.+)$")
DIVISION = re.compile(r"与(?P<other>[\u4e00-\u9fff]{2,24}?)的有关职责分工[。.]?(?P<text>[^\n]*?)(?=(?:[(（][一二三四五六七八九十]+[)）])?与[\u4e00-\u9fff]{2,24}?的有关职责分工|$)", re.M)
LEVEL_ZH = {"national": "国家", "province": "省", "city": "市", "county": "县"}


@dataclass
class ParsedDuty:
    department: str
    number: str
    text: str


@dataclass
class ParsedUnit:
    name: str
    duties: list[str]


@dataclass
class ParsedClause:
    other: str
    text: str


@dataclass
class ParsedSanding:
    meta: dict[str, str]
    title: str = ""
    department: str = ""
    duties: list[ParsedDuty] = field(default_factory=list)
    units: list[ParsedUnit] = field(default_factory=list)
    clauses: list[ParsedClause] = field(default_factory=list)
    text: str = ""


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def clean_text(text: str) -> str:
    """Drop pinyin glosses ("監(jiān)督" → "監督") and convert to simplified characters."""
    return _t2s().convert(PINYIN.sub("", text))


def department_from_title(title: str) -> str:
    """"国务院办公厅关于印发国家环境保护局职能配置…的通知" → "国家环境保护局"."""
    title = re.sub(r"^.*?关于印发", "", title)
    m = re.match(r"^(.+?)(?:职能配置|机构职能|主要(?:工作)?职责|[(（]|\d{4}|的通知|$)", title)
    return m.group(1).strip("、 ") if m else title


def _split_numbered(block: str) -> list[tuple[str, str]]:
    """"(一)甲。(二)乙。" → [("(一)", "甲。"), ("(二)", "乙。")]."""
    marks = list(NUMBERED.finditer(block))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(block)
        text = block[m.end():end].strip()
        if text:
            out.append((f"({m.group(1)})", text))
    return out


def parse_sanding(raw: str) -> ParsedSanding:
    lines = raw.splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := HEADER.match(lines[i].strip())):
        meta[m.group(1)] = m.group(2).strip()
        i += 1
    text = clean_text("\n".join(lines[i:])).strip()
    title = clean_text(meta.get("title", ""))
    parsed = ParsedSanding(meta, title=title, department=department_from_title(title), text=text)

    # 主要职责 blocks: one per "X主要职责:" head (a merged office may list two bodies' duties).
    heads = list(DUTIES_HEAD.finditer(text))
    for k, head in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        block = text[head.end():end]
        # The block stops where the next section (内设机构, 职责分工 …) begins.
        block = re.split(r"\n[一二三四五六七八九十]+、|第[一二三四五六七八九十]+条", block)[0]
        dept = (head.group("dept") or "").strip()
        if not dept or len(dept) > 14 or re.search(r"[。，,]", dept):
            dept = parsed.department
        for number, item in _split_numbered(block):
            parsed.duties.append(ParsedDuty(dept, number, item))

    for m in UNIT_SET.finditer(text):
        parsed.units.append(ParsedUnit(m.group("unit"), [m.group("duty").strip()]))
    in_units = False
    for line in text.splitlines():
        line = line.strip()
        if "内设机构" in line and len(line) < 40:
            in_units = True
            continue
        if in_units and (m := UNIT_HEAD.match(NUMBERED.sub("", line, count=1).strip())):
            parsed.units.append(ParsedUnit(m.group("unit"), [m.group("duty").strip()]))

    for m in DIVISION.finditer(text):
        parsed.clauses.append(ParsedClause(m.group("other"), m.group("text").strip()))
    return parsed


def _department(store: GraphStore, name: str, region: str, pending: dict[str, Department],
                kind: str = "部门", parent: str = "") -> str:
    """The Department node for a name, through the shared resolver when it is there (no twins)."""
    if kind == "部门":
        try:
            from ingest.departments import DepartmentResolver, Resolved
        except ImportError:  # the list ingest may not be installed in a trimmed checkout
            DepartmentResolver = None  # type: ignore[assignment]
        if DepartmentResolver is not None:
            resolver = DepartmentResolver(store)
            res = resolver.resolve(name, region)
            if isinstance(res, Resolved):
                pending.update(resolver.pending)
                return res.id
    did = stable_id("dept", region, parent, name)
    if store.get_node(did) is None and did not in pending:
        pending[did] = Department(id=did, name=name, region=region, kind=kind, parent=parent)
    return did


def import_sanding(store: GraphStore, path: Path, region: str | None = None) -> FileReport:
    """Import one 三定 file. ``region`` is the code of the region the department belongs to ("" for national)."""
    path = Path(path)
    region = region or ""
    report = FileReport(path=str(path), kind=KIND, region=region)
    doc = read_document(path, report)
    if doc is None:
        return report
    raw = doc.text
    parsed = parse_sanding(raw)
    if not region:
        # A county's or city's 三定 (新宁县农业农村局, 深圳市城市管理局) is that region's: its duties
        # answer there first. The title and the header's level say where (ingest/document_scope).
        from ingest.document_scope import document_scope

        region = document_scope(parsed.title, header_level=parsed.meta.get("level", ""),
                                department=parsed.department).code
        report.region = region
    version, now = doc.version, doc.imported_at
    report.version = version
    date = parsed.meta.get("date", "")
    pid = stable_id("prov", path.name)
    pending: dict[str, Department] = {}
    main = _department(store, parsed.department, region, pending)
    provision = Provision(id=pid, title=parsed.title or path.stem, department=main, region=region, date=date)
    file_src = Source.for_row(path.name, "", parsed.title, version, now)
    nodes = [to_record(provision), to_record(file_src)]
    edges = [edge(pid, Rel.FROM_SOURCE, file_src.id)]
    edge_specs: list[tuple[str, Rel, str, dict]] = []

    from ingest.clauses import read_text_clauses

    clauses = read_text_clauses(raw, "sanding", parsed.meta)
    used: set[int] = set()

    def reader_clause(text: str):
        """The clause reader's reading of a duty's text: its first clause inside that text."""
        for k, c in enumerate(clauses):
            if k not in used and _squash(c.sentence)[:30] and _squash(c.sentence)[:30] in _squash(text):
                used.add(k)
                return c
        return None

    def add_duty(owner: str, number: str, text: str, locator: str, clause=None) -> None:
        src = Source.for_row(path.name, locator, text, version, now)
        did = stable_id("duty", path.name, locator, text)
        c = clause or reader_clause(text)
        name = (c.matter if c else "") or re.split(r"[。；;]", text, maxsplit=1)[0][:60]
        nodes.extend([to_record(Duty(id=did, name=name, region=region, dataset=path.name, provision=pid,
                                     number=number, text=text, matter=c.matter if c else "",
                                     verb=c.verb if c else "", level=c.level if c else "")), to_record(src)])
        edges.extend([edge(pid, Rel.DEFINES, did, source=src.id), edge(did, Rel.FROM_SOURCE, src.id)])
        edge_specs.append((owner, Rel.HOLDS, did, {"role": Role.LEAD.value, "source": src.id}))

    for duty in parsed.duties:
        report.rows_read += 1
        owner = main if duty.department == parsed.department else _department(store, duty.department, region, pending)
        add_duty(owner, duty.number, duty.text, f"{duty.department} 主要职责{duty.number}")
        report.rows_loaded += 1
    for unit in parsed.units:
        report.rows_read += 1
        uid = _department(store, unit.name, region, pending, kind="内设机构", parent=main)
        edge_specs.append((uid, Rel.PART_OF, main, {}))
        for k, text in enumerate(unit.duties, 1):
            add_duty(uid, f"{k}", text, f"内设机构 {unit.name}")
        report.rows_loaded += 1
    # Duties the provision states outside a numbered 主要职责 list (「国家环保局要履行…实施统一监督管理的职责」,
    # 「…设置县委农办秘书股，负责…」 already read as an internal unit): the clause reader's, each once.
    for k, c in enumerate(clauses):
        inside = [u.duties[0] for u in parsed.units] + [d.text for d in parsed.clauses]
        if k in used or not c.leads or any(_squash(c.sentence)[:30] in _squash(t) or _squash(t)[:20] in _squash(c.sentence)
                                            for t in inside) or "职责分工" in c.sentence:
            continue
        used.add(k)
        report.rows_read += 1
        lead = c.leads[0].name
        owner = main if lead in (parsed.department, ) or lead.startswith(parsed.department) else \
            _department(store, lead, region, pending)
        add_duty(owner, "", c.sentence, f"{c.unit.locator}（条款）", clause=c)
        report.rows_loaded += 1
    for clause in parsed.clauses:
        report.rows_read += 1
        if not clause.text:
            report.reject(0, "职责分工", f"与{clause.other}的职责分工条款没有正文", clause.other)
            continue
        src = Source.for_row(path.name, f"与{clause.other}的有关职责分工", clause.text, version, now)
        cid = stable_id("divc", path.name, clause.other, clause.text)
        sides = division_roles(clause.text, (parsed.department, clause.other))
        nodes.extend([to_record(DivisionClause(
            id=cid, name=f"与{clause.other}的有关职责分工", region=region, dataset=path.name, provision=pid,
            text=clause.text, lead_text="、".join(k for k, v in sides.items() if Role.LEAD.value in v),
            cooperate_text="、".join(k for k, v in sides.items() if Role.COOPERATE.value in v))),
                      to_record(src)])
        edges.extend([edge(pid, Rel.DEFINES, cid, source=src.id), edge(cid, Rel.FROM_SOURCE, src.id)])
        other = _department(store, clause.other, region, pending)
        roles = division_roles(clause.text, (parsed.department, clause.other))
        for side, dept in ((parsed.department, main), (clause.other, other)):
            for role, matters in (roles.get(side) or {"": []}).items():
                props = {"source": src.id, "side": side, "matters": "；".join(matters)}
                edge_specs.append((cid, Rel.DIVIDES, dept, {**props, "role": role} if role else props))
        report.rows_loaded += 1
    if not report.rows_read:
        report.notes.append("未找到主要职责、内设机构或职责分工条款（文本可能只有开头部分）")
    store.upsert_nodes([to_record(d) for d in pending.values()])
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    store.upsert_edges(_edge(*spec) for spec in edge_specs)
    return report


def _same_body(holder: str, side: str) -> bool:
    """Whether the clause reader's holder names this side: 「测试市商务局」 and 「商务局」, 「农业农村部」 and
     「农业农村部门」 name one body; the side's full name may carry its place (国家, 测试市)."""
    a, b = re.sub(r"部门$", "部", holder), re.sub(r"部门$", "部", side)
    return a == b or (len(a) >= 2 and b.endswith(a)) or (len(b) >= 2 and a.endswith(b))


def division_roles(text: str, sides: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """{side: {role: [matters]}} of a 职责分工 paragraph, read by the clause reader.

    「A负责X，B负责Y」 makes both lead (each on its matter); 「X由A牵头，B配合」 makes A lead and B
    cooperate on X; a side the paragraph does not name as a holder is left out.
    """
    from ingest.clauses import read_unit

    out: dict[str, dict[str, list[str]]] = {}
    for c in read_unit(text, kind="notice"):
        for role, holders in ((Role.LEAD.value, c.leads), (Role.COOPERATE.value, c.cooperating)):
            for side in sides:
                if any(_same_body(h.name, side) for h in holders):
                    matters = out.setdefault(side, {}).setdefault(role, [])
                    if c.matter not in matters:
                        matters.append(c.matter)
    return out


def _squash(text: str) -> str:
    """Text compared without item marks, spaces and punctuation (the reader keeps 「(二)」, a duty does not)."""
    from ingest.clauses import ITEM_MARK

    return re.sub(r"[\s（）()，,。；;:：]", "", ITEM_MARK.sub("", text.strip()))


def _edge(src: str, rel: Rel, dst: str, props: dict):
    props = dict(props)
    return edge(src, rel, dst, source=props.pop("source", ""), key=props.get("role", ""), **props)


def import_sanding_folder(store: GraphStore, folder: Path, region: str | None = None) -> list[FileReport]:
    return [import_sanding(store, p, region) for p in sorted(Path(folder).glob("*.txt"))]
