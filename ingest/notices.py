"""Duty-division notices (职责分工通知, 部门职责规定, 审管联动办法, 联席会议职责) → Ruling and LinkageItem nodes.

    >>> r = extract_rulings("要积极配合各有关职能部门查处取缔无证无照经营行为",
    ...                     subject="乡(镇)政府、街道办事处")[0]
    >>> r.lead, r.cooperate, r.matter
    ('各有关职能部门', ['乡(镇)政府', '街道办事处'], '查处取缔无证无照经营行为')

A notice is read unit by unit (sentence or numbered item) with the body it is about
as context: "第五条 乡镇人民政府(街道办事处)…应当履行下列职责:" or "(二十一)监察部门。"
make that body the subject of the items that follow. Each unit that says who leads
(负责/承担/对…负全责/由X…) and who cooperates (配合/协助/提请/接到…报告/联合/会同) becomes a
Ruling (name = the matter), with RULED edges {role} to the bodies and the unit as its
Source. 审管联动 principles ("谁审批、谁负责，谁主管、谁监管", "双推送、互反馈") become
LinkageItem rules. Bodies resolve to the region's Department when the region has a
roster, else to a DepartmentType node named as the notice names it (never a twin Department).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import DepartmentType, LinkageItem, Rel, Role, Ruling, Source, edge, stable_id, to_record
from graph.store import GraphStore
from ingest.documents import read_document
from ingest.report import FileReport

KIND = "notice"

HEADER = re.compile(r"^(source|title|date|level|type|note):\s*(.*)$")
_PAREN = r"(?:[(（][^()（）]{1,12}[)）])"
# A body name: Chinese characters, optional parentheses such as (街道办事处) or (市、县), ending in an organ word.
_ORGAN_WORDS = ("人民政府", "政府", "办事处", "管委会", "委员会", "委会", "办公室", "部门", "局", "委", "办", "厅",
                "院", "部", "指挥部", "大队", "支队", "中心", "机关", "机构", "监察", "法制", "公安交警", "交警", "质监",
                "工商", "村委会", "居委会", "组织", "服务行业", "行业", "联席会议", "党委", "人大", "政协", "法院",
                "检察院")
# Longest first: at one position the alternation takes the first that fits (委会 before 委).
_ORGAN = "|".join(sorted(_ORGAN_WORDS, key=len, reverse=True))
# 各区(市、县) names a level of government by its place word and a parenthesis.
BODY = re.compile(rf"(?:(?:[\u4e00-\u9fff]|{_PAREN}){{0,24}}?(?:{_ORGAN})(?:局|厅|处|所)?{_PAREN}?|[各本]?[区县市乡镇]{_PAREN})")
BODY_LIST = re.compile(rf"(?:{BODY.pattern})(?:(?:、|和|及|以及|与|或者)(?:{BODY.pattern}))*(?:等(?:部门|单位)?)?")

ARTICLE_HEAD = re.compile(r"^第[一二三四五六七八九十百]+条\s*")
ITEM_HEAD = re.compile(r"^(?:[(（][一二三四五六七八九十百]+[)）]|[0-9０-９]+[.、．]|[一二三四五六七八九十]+、)\s*")
SUBJECT_DUTIES = re.compile(rf"^(?P<body>{BODY_LIST.pattern})(?:在(?P<topic>[^，,。:：]{{2,30}}?)中)?(?:应当|应)?(?:履行)?(?:下列|以下)?(?:工作)?职责[:：]")
SUBJECT_LINE = re.compile(rf"^(?P<body>{BODY_LIST.pattern})[。.]?$")
SUBJECT_DOT = re.compile(rf"^(?P<body>{BODY_LIST.pattern})。(?P<rest>.+)$")

LINKAGE_RULES = (
    ("谁审批、谁负责", "谁审批、谁负责，谁主管、谁监管", "行政审批部门", "行业主管部门"),
    ("谁发证(照)、谁审批、谁负责", "谁发证(照)、谁审批、谁负责", "发证（照）审批部门", "发证（照）审批部门"),
    ("双推送、互反馈", "审管信息“双推送、互反馈”", "行政审批部门", "行业监管部门"),
    ("审批与监管协调联动", "审批与监管协调联动", "行政审批部门", "监管部门"),
    ("审批与监管协同联动", "审批与监管协同联动", "行政审批部门", "监管部门"),
)

COOP_VERBS = r"配合|协助|协同"
LEAD_VERBS = r"负责|承担|具体负责|牵头|组织协调|统筹协调|主管"


@dataclass
class RulingFact:
    """Who leads and who cooperates on a matter, from one unit of a notice."""

    lead: str
    cooperate: list[str]
    matter: str
    condition: str = ""
    sentence: str = ""


@dataclass
class Unit:
    """One sentence or numbered item, with the body it is about."""

    text: str
    subject: str
    topic: str
    line: int


@dataclass
class ParsedNotice:
    meta: dict[str, str]
    units: list[Unit] = field(default_factory=list)


def split_bodies(text: str) -> list[str]:
    """"乡(镇)政府、街道办事处和居民委员会" → ['乡(镇)政府', '街道办事处', '居民委员会']."""
    text = re.sub(r"等(?:部门|单位)?$", "", text.strip())
    # "区(市、县)、管委会有关职能部门" is one collective (the departments of either), not two bodies.
    if re.search(r"[\u4e00-\u9fff)）](?:有关|相关)(?:职能|行政管理)?部门$", text):
        return [text]
    # Commas inside parentheses (区(市、县)) are not separators: protect them first.
    protected = re.sub(r"[(（][^()（）]*[)）]", lambda m: m.group().replace("、", "\x00"), text)
    parts = re.split(r"、|和|以及|及|与|或者", protected)
    # "村民委员会等群众自治组织" names the body, the rest says what kind it is.
    parts = [re.sub(r"等[\u4e00-\u9fff]{0,8}$", "", p) for p in parts]
    return [p.replace("\x00", "、").strip() for p in parts if p.strip()]


def _clean(text: str) -> str:
    text = text.strip("，,。；;:： ")
    text = re.sub(r"^(?:要|应当|应|须|必须|积极|及时|依法|切实|认真)+", "", text)
    return text.strip("，,。；;:： ")


def _first_clause(text: str) -> str:
    return re.split(r"[，,；;。]", text, maxsplit=1)[0]


def _condition(text: str) -> tuple[str, str, str]:
    """"对违法建筑,经劝阻无效且继续施工的,提请…" → ("违法建筑", "经劝阻无效且继续施工的", "提请…")."""
    m = re.match(r"^(.*?[^，,]的)[，,](.+)$", text)
    if m and len(m.group(1)) <= 40 and not re.search(rf"{LEAD_VERBS}|{COOP_VERBS}", m.group(1)):
        clauses = re.split(r"[，,]", m.group(1))
        obj = re.sub(r"^对", "", "，".join(clauses[:-1])).strip()
        return obj, clauses[-1].lstrip("对").strip(), m.group(2)
    return "", "", text


def extract_rulings(text: str, subject: str = "", topic: str = "") -> list[RulingFact]:
    """The lead/cooperate facts of one unit; ``subject`` is the body the unit is about ("" if none)."""
    text = ITEM_HEAD.sub("", text.strip())
    facts: list[RulingFact] = []
    # An explicit body at the start overrides the context subject.
    m = re.match(rf"^(?!由|对|经|按照|根据|在|依法)(?P<body>{BODY_LIST.pattern})(?=要|应当|应|负责|具体负责|对|按照|在|承担|积极|须|必须|配合)", text)
    actor = subject
    rest = text
    if m:
        actor, rest = m.group("body"), text[m.end():]
    obj, condition, rest = _condition(rest)
    # "在市政府的领导下,按其职能职责," qualifies, it does not divide.
    rest = re.sub(r"^(?:在[^，,。]{2,20}?下[，,])+(?:按(?:其|照)[^，,。]{2,12}?[，,])?", "", rest)

    by = re.search(rf"(?P<object>[^，,。；;]*?)(?:按[^，,。；;]{{2,12}}?原则)?由(?P<body>{BODY_LIST.pattern})"
                   rf"(?:承担|负责|组织(?P<partners>{BODY_LIST.pattern})?)(?P<matter>[^。；]*)", rest)
    coop = re.search(rf"(?:{COOP_VERBS})(?P<lead>{BODY_LIST.pattern})(?:依法)?(?:做好|开展)?(?P<matter>[^。；]*)", rest)
    refer = re.search(rf"(?P<verb>提请|移送)(?P<lead>{BODY_LIST.pattern})依法(?:进行)?(?P<matter>处理|查处)", rest)
    joint = re.search(rf"^(?:联合|会同)(?P<partners>{BODY_LIST.pattern})(?:做好|开展)?(?P<matter>[^。；]*)", rest)
    reporters = re.search(rf"接到(?P<who>{BODY_LIST.pattern})关于(?P<what>[^，,。]*?)的报告", rest)
    lead_verb = re.search(rf"^(?:要|应当|应|须)?(?:{LEAD_VERBS}|依法查处|实行)(?P<matter>[^。；]*)", rest)
    responsible = re.search(r"^(?:按照[^，,。；;]{2,16}?[，,])?(?:依法)?(?:加强)?(?:对|具体负责对)(?P<matter>[^。；;]{2,60}?)(?:的)?"
                            r"(?:全面监管|直接监管|综合监管工作|专项监管工作|实施统一监督管理|实施监督管理|进行监督管理|监督管理|监管|负全责|负总责|负责)", rest)
    enforce = re.search(r"(?:对(?:在[^，,。；;]*?中发现的)?(?P<object>[^。；;或]{2,30}?)(?:或者[^。；;]*?)?[，,]?)?(?:须|要)?(?:及时|依法)?(?:进行|予以)?"
                        r"(?P<verb>制止并查处|查处)[。；;]?$", rest)
    # "…加大对无证生产企业的查处力度": a supervision duty of the subject stated in passing.
    passing = re.search(r"(?:对(?P<object>[^，,。；;]{2,20}?)的)(?:监管|查处)", rest)

    accountability = re.search(r"追究|问责|责任追究", text) is not None
    if by:
        obj = re.sub(r"^(?:出现的|对)", "", by.group("object")).strip("，, ")
        matter = _clean(_first_clause(re.sub(r"^对", "", by.group("matter"))))
        if obj and len(obj) <= 12:
            matter = obj + matter
        partners = split_bodies(by.group("partners")) if by.group("partners") else []
        facts.append(RulingFact(by.group("body"), partners, re.sub(r"责任$", "", matter) or topic, condition, text))
    elif accountability:
        pass
    elif refer and actor:
        matter = (obj or topic) + "依法" + refer.group("matter")
        if refer.group("verb") == "移送":
            matter = "移送" + refer.group("lead") + "依法" + refer.group("matter")
        facts.append(RulingFact(refer.group("lead"), split_bodies(actor), _clean(matter), condition, text))
    elif coop and actor:
        facts.append(RulingFact(coop.group("lead"), split_bodies(actor),
                                _clean(_first_clause(coop.group("matter"))), condition, text))
    elif joint and actor:
        facts.append(RulingFact(actor, split_bodies(joint.group("partners")),
                                _clean(_first_clause(joint.group("matter"))), condition, text))
    elif responsible and actor:
        facts.append(RulingFact(actor, [], _clean(responsible.group("matter")), condition, text))
    elif lead_verb and actor:
        matter = _clean(_first_clause(lead_verb.group("matter")))
        if rest.startswith("依法查处"):
            matter = _clean(rest)
        cooperate = split_bodies(reporters.group("who")) if reporters else []
        facts.append(RulingFact(actor, cooperate, matter, condition, text))
    elif enforce and actor and (enforce.group("object") or topic):
        matter = (enforce.group("object") or topic) + enforce.group("verb")
        cooperate = split_bodies(reporters.group("who")) if reporters else []
        facts.append(RulingFact(actor, cooperate, _clean(matter), condition, text))
    elif passing and actor:
        facts.append(RulingFact(actor, [], _clean(text), condition, text))
    return [f for f in facts if f.matter and f.lead]


def parse_notice(text: str) -> ParsedNotice:
    """Header lines (source:/title:/date:/level:/type:/note:) and the units of the body."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (m := HEADER.match(lines[i].strip())):
        meta[m.group(1)] = m.group(2).strip()
        i += 1
    parsed = ParsedNotice(meta)
    subject = topic = ""
    for n in range(i, len(lines)):
        line = lines[n].strip()
        if not line:
            continue
        body = ARTICLE_HEAD.sub("", line)
        item = ITEM_HEAD.sub("", body)
        if m := SUBJECT_DUTIES.match(item):
            subject, topic = m.group("body"), m.group("topic") or ""
            continue
        if ARTICLE_HEAD.match(line):
            subject, topic = "", ""  # a new article without a duties heading: no inherited subject
        if (m := SUBJECT_LINE.match(item)) and (ITEM_HEAD.match(body) or item.endswith("。")) and len(item) <= 30:
            subject, topic = m.group("body"), ""
            continue
        if m := SUBJECT_DOT.match(item):
            subject, topic = m.group("body"), ""
            item = m.group("rest")
        for sentence in re.split(r"(?<=[。；;])", item):
            if sentence.strip():
                parsed.units.append(Unit(sentence.strip(), subject, topic, n + 1))
    return parsed


def _target(store: GraphStore, name: str, region: str) -> str:
    """Department of the region that carries this name or alias, else a DepartmentType node."""
    if region:
        for dept in store.find_nodes("Department", region=region):
            names = [dept.props.get("name", "")] + list(dept.props.get("aliases") or [])
            if name in names:
                return dept.id
    tid = stable_id("dtype", name)
    if store.get_node(tid) is None:
        store.upsert_nodes([to_record(DepartmentType(id=tid, name=name, current_name=name))])
    return tid


def import_notice(store: GraphStore, path: Path, region: str | None = None) -> FileReport:
    """Import one notice file: one row per unit (sentence/item), the clause reader's duties as Rulings.

    Each clause (:mod:`ingest.clauses`) becomes a Ruling named by its matter, with verb, condition,
    level, the clause text and its line; RULED edges go to the lead(s) and cooperating parties
    (``joint`` for 「按照各自职责」). The notice's region is ``region`` when given, else its scope
    (issuer, title, header: 「石柱县人民政府办公室关于…」 → that county). Units with no duty are counted
    as read and loaded as context (they are evidence text, not errors); 审管联动 rules as before.
    """
    from ingest.clause_graph import HolderTargets, clause_graph
    from ingest.clauses import read_text_clauses
    from ingest.document_scope import Scope, document_scope

    path = Path(path)
    report = FileReport(path=str(path), kind=KIND, region=region or "")
    doc = read_document(path, report)
    if doc is None:
        return report
    text = doc.text
    parsed = parse_notice(text)
    version, now = doc.version, doc.imported_at
    report.version = version
    date = parsed.meta.get("date", "")
    title = parsed.meta.get("title", path.stem)
    scope = document_scope(title, header_level=parsed.meta.get("level", ""))
    if region:
        scope = Scope(region, scope.name, scope.level, "导入时指定的地区")
    report.region = scope.code
    report.notes.append(f"适用范围：{scope.name or '未确定'}（{scope.level_zh or '层级未定'}；依据{scope.how}）")
    # The notice's title goes in a file-level Source, not in ``basis``: basis is for legal citations.
    file_src = Source.for_row(path.name, "", title, version, now)
    targets = HolderTargets(store, scope.code)
    nodes, edges, rulings = clause_graph(
        read_text_clauses(text, "notice", parsed.meta), dataset=path.name, scope=scope, targets=targets,
        source_for=lambda u: Source.for_row(path.name, f"第 {u.line} 行", u.text, version, now), label="Ruling",
        date=date, file_source=file_src.id)
    nodes.insert(0, to_record(file_src))
    linkages = 0
    for unit in parsed.units:
        report.rows_read += 1
        for key, rule_name, approver, supervisor in LINKAGE_RULES:
            if key in unit.text:
                src = Source.for_row(path.name, f"第 {unit.line} 行", unit.text, version, now)
                lid = stable_id("linkrule", path.name, rule_name)
                item = LinkageItem(id=lid, name=rule_name, region=scope.code, dataset=path.name,
                                   approver_text=approver, supervisor_text=supervisor, principle=True)
                nodes += [to_record(item), to_record(src)]
                edges.append(edge(lid, Rel.FROM_SOURCE, src.id))
                linkages += 1
        report.rows_loaded += 1
    store.upsert_nodes(targets.records())
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    report.notes.append(f"认定（职责条款）{rulings} 条，审管联动规则 {linkages} 条")
    return report


def import_notices(store: GraphStore, folder: Path, region: str | None = None) -> list[FileReport]:
    return [import_notice(store, p, region) for p in sorted(Path(folder).glob("*.txt"))]
