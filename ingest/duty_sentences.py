"""Find the sentences of a law that give a duty to a department type.

    >>> [ (d.dept_type, d.level, d.verb, d.matter) for d in
    ...   extract("县级以上人民政府生态环境主管部门对大气污染防治实施统一监督管理。") ]
    [('生态环境主管部门', '县级以上', '监督管理', '大气污染防治')]

Rule-based on purpose: the sentence shapes of Chinese statutes are few and stable
(X对Y实施监督管理 / 由X负责 / 由X责令改正，处…罚款 / 应当经X批准 / X会同Y…), and a
rule can be explained to the 编办 reader, a score cannot. Precision and recall are
measured on hand-labelled sentences in ingest/data/labels/ (ingest.evaluate_extraction).

Verbs: 监督管理 (supervision), 审批 (approval, permit, registration), 查处 (penalty,
coercive measure), 会同 (leads jointly with others), 配合 (assists), 负责 (any other duty).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.model import DepartmentType, Rel, edge, stable_id, to_record
from graph.store import GraphStore

VERBS = ("负责", "监督管理", "审批", "查处", "会同", "配合")

# Government levels as statutes print them; longest first so that the regex takes the fullest.
LEVELS = sorted([
    "国务院", "省、自治区、直辖市人民政府", "省、自治区人民政府", "省级以上人民政府", "省级以上地方人民政府",
    "省级人民政府", "设区的市级以上地方人民政府", "设区的市级以上人民政府", "设区的市级人民政府",
    "设区的市、县级人民政府", "设区的市、县级地方人民政府", "县级以上地方各级人民政府",
    "县级以上地方人民政府", "县级以上各级人民政府", "县级以上人民政府", "县级人民政府",
    "地方各级人民政府", "地方人民政府", "城市人民政府", "城市、县人民政府", "市、县人民政府",
    "市、县级人民政府", "乡、镇人民政府", "乡镇人民政府", "县、乡级人民政府", "本级人民政府",
    "所在地县级以上地方人民政府", "所在地县级以上人民政府", "所在地县级人民政府",
    "所在地设区的市级人民政府", "所在地省、自治区、直辖市人民政府", "所在地人民政府",
    "县级", "省级", "设区的市级", "省级以上", "县级以上", "同级", "所在地",
], key=len, reverse=True)
_LEVEL = "|".join(map(re.escape, LEVELS))

_SUFFIX = "行政主管部门|主管部门|行政部门|管理部门|部门|机关|机构"
# A department name never contains these; they end the name when scanning backwards.
_STOP = "由|向|对|经|报|和|或|及|与|应|会同|在|将|按照|并|依|的|是|为|其|从|自|给|被|如|若|已|未|把|所|该|本|各"
_CORE = rf"(?:(?!{_STOP})[\u4e00-\u9fff]){{1,14}}?"
# Compound names that the generic pattern would cut in two, and "负责X的部门" names.
_SPECIAL = r"公安机关交通管理部门|公安机关消防机构|消防救援机构|出入境检验检疫机构|机构编制管理机关"
_ROLE_NAMED = r"(?:负责|承担)[^，。；、]{2,24}?(?:工作)?的(?:部门|机关|机构)"

MENTION = re.compile(
    rf"(?P<level>{_LEVEL})?(?:(?P<special>{_SPECIAL})|(?P<role>{_ROLE_NAMED})|(?P<core>{_CORE})(?P<suffix>{_SUFFIX}))"
)
# Every MENTION ends in one of these words (each suffix, special name and 「负责…的部门」 does), so a
# sentence without them has none: the scan, tried at every character, is skipped for it.
MENTION_ENDS = ("部门", "机关", "机构")
LEVEL_MENTION = re.compile(rf"(?P<level>{_LEVEL})")

# Cores that name no particular department: a sentence with only these assigns nothing useful.
GENERIC_CORES = {
    "有关", "其他有关", "相关", "其他相关", "行政", "国家", "有关行政", "有关主管", "其他有关主管",
    "编制", "审批", "上一级", "有关国家", "其他", "各有关", "有关地方", "主管", "政府", "有关政府",
    "地方国家", "国家行政", "司法", "其他有关国家", "检测", "检验", "诊疗", "医疗", "金融", "服务",
    "认证", "评价", "鉴定", "技术", "培训", "中介", "考试", "执法", "作出", "作出决定", "原发证",
    "发证", "原审批", "登记管理", "监察", "专门", "授予其资质的主管", "原", "有权",
}
# 机构/机关 are mostly private bodies (检测机构) or generic (行政机关); only these are departments.
GOVERNMENT_INSTITUTIONS = ("公安", "登记", "检验检疫", "消防救援", "编制管理", "税务", "海关",
                           "审核", "文物进出境审核", "监督管理", "人民政府")

PENALTY = re.compile(r"责令|罚款|没收|吊销|警告|给予处罚|依法处罚|处罚|查封|扣押|取缔|依法处理|注销|撤销|停业整顿|强制|拆除")
APPROVAL = re.compile(r"批准|审批|许可|核发|颁发|注册|核准|审核|审定|登记")
SUPERVISION_HEAD = re.compile(r"监督检查|约谈|巡查|监督实施|实施监督|进行检查|开展检查|现场检查")
APPROVAL_HEAD = re.compile(r"^(?:报[^，。；]*?)?(?:批准|审批|核发|颁发|注册|核准|审核|审定|许可)")
# "（以下简称登记机关）" between a department and its verb.
ALIAS_NOTE = re.compile(r"^[（(]以下(?:简)?称[^）)]*[）)]")
VIA_RULE = re.compile(r"^(?:依照|按照|根据)[^，。；]*?规定")
MISCONDUCT = re.compile(r"玩忽职守|滥用职权|徇私舞弊|给予处分|予以赔偿|未依照本(?:法|条例)规定履行职责|不履行[^，。；]*职责|工作人员")
SUBJECT_FOLLOW = re.compile(
    r"^(?:应当|可以|应|负责|对|会同|按照|依照|依法|根据|制定|组织|建立|指导|公布|编制|规定|统一|加强|"
    r"定期|及时|在各自|主管|具体负责|共同|采取|实施|开展|会商|发布|审查|确定|监督|监测|推进|协调|设立|"
    r"划定|核定|商|通报|有权|必须|将|不得)"
)
OPENERS = re.compile(r"^(?:违反本(?:法|条例|办法)(?:第[^，]*?条)?(?:的)?规定[，,])")


@dataclass(frozen=True)
class Mention:
    """A department type in a sentence. 例: level="县级以上", name="生态环境主管部门"."""

    level: str
    name: str
    start: int
    end: int

    @property
    def generic(self) -> bool:
        return is_generic(self.name)


@dataclass(frozen=True)
class DutyAssignment:
    """One duty given by one sentence. ``role`` is lead, or cooperate for the partner of 会同/配合."""

    dept_type: str
    level: str
    verb: str
    matter: str
    sentence: str
    role: str = "lead"


def split_sentences(text: str) -> list[str]:
    """Sentences end at 。；！？ and at line breaks (each 项 is its own line)."""
    out = []
    for line in text.splitlines():
        for piece in re.split(r"(?<=[。；！？;])", line):
            piece = piece.strip()
            if piece:
                out.append(piece)
    return out


def _core(name: str) -> str:
    for suffix in ("行政主管部门", "主管部门", "行政部门", "管理部门", "部门", "机关", "机构"):
        if name.endswith(suffix):
            return name[: -len(suffix)].rstrip("等")
    return name


def is_generic(name: str) -> bool:
    """"其他有关部门", "行政机关", "检测机构" name no particular department."""
    if re.fullmatch(_ROLE_NAMED, name):
        return False
    core = _core(name)
    if not core or core in GENERIC_CORES or core.startswith(("其他", "有关", "相关")) or core.endswith("有关"):
        return True
    if name.endswith(("机构", "机关")) and not any(g in core for g in GOVERNMENT_INSTITUTIONS):
        return True
    return False


def _level(raw: str) -> str:
    """"县级以上地方人民政府" → "县级以上地方"; "国务院" stays."""
    raw = raw.removeprefix("所在地")
    return raw.removesuffix("人民政府") or raw


def mentions(sentence: str) -> list[Mention]:
    """Department types named in a sentence, left to right, with their level."""
    found = []
    for m in (MENTION.finditer(sentence) if any(w in sentence for w in MENTION_ENDS) else ()):
        name = m.group("special") or m.group("role") or (m.group("core") + m.group("suffix"))
        name = name.replace("等部门", "部门").replace("等主管部门", "主管部门")
        if name.startswith("等"):
            continue
        found.append(Mention(_level(m.group("level") or ""), name, m.start(), m.end()))
    # A level that names a government with no department after it ("县级以上人民政府应当…")
    # is itself the duty bearer.
    for m in LEVEL_MENTION.finditer(sentence):
        if m.group("level").endswith(("人民政府", "国务院")) and not any(f.start <= m.start() < f.end for f in found):
            nxt = sentence[m.end(): m.end() + 2]
            if nxt[:1] in {"", "，", "、", "。", "；"} or SUBJECT_FOLLOW.match(sentence[m.end():]) or nxt.startswith(("及其", "报", "审批", "批准")):
                level = m.group("level")
                found.append(Mention("国务院" if level == "国务院" else _level(level), "人民政府" if level != "国务院" else "国务院",
                                     m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _verb(text: str, default: str = "负责") -> str:
    """Classify by the first clause only: later clauses often name other duties in passing."""
    head = re.split(r"[，,；;。]", re.sub(r"^(?:应当|可以|应|依法|及时)+", "", text), maxsplit=1)[0]
    if head.startswith("会同"):
        return "会同"
    if head.startswith("配合"):
        return "配合"
    if PENALTY.search(head):
        return "查处"
    if head.endswith(("监督管理", "监督管理工作")) or SUPERVISION_HEAD.search(head):
        return "监督管理"
    if APPROVAL_HEAD.match(head):
        return "审批"
    return default


def _clean_matter(text: str) -> str:
    text = OPENERS.sub("", text.strip("，,。；; "))
    text = re.sub(r"^(?:应当|可以|应|依法|负责|统一|具体负责)+", "", text)
    return text.strip("，,。；; ").removesuffix("的").strip()


def _penalty_condition(sentence: str, at: int) -> str:
    """The offence a penalty sentence describes: the clause before ", 由X…", opener removed."""
    before = sentence[:at].rstrip("，, ")
    return _clean_matter(before)


def _skip_partners(sentence: str, end: int) -> int:
    """Skip "和其他有关主管部门", "、公安部门" so that the action text starts after the last co-bearer."""
    while True:
        rest = sentence[end:]
        m = (re.match(rf"(?:和|或者|、|及其|以及|或)(?:{_LEVEL})?[\u4e00-\u9fff]{{0,14}}?(?:{_SUFFIX})", rest)
             or re.match(r"(?:和|或者|、|及)其他负有[^，。；]{1,30}?职责的(?:部门|机构)", rest)
             or ALIAS_NOTE.match(rest))
        if not m:
            return end + (1 if rest[:1] in {"，", ","} else 0)
        end += m.end()


def extract(sentence: str) -> list[DutyAssignment]:
    """Duties one sentence assigns; [] when it assigns none (see module doc for the shapes)."""
    sentence = sentence.strip()
    ms = [m for m in mentions(sentence) if not m.generic]
    if not ms:
        return []
    out: list[DutyAssignment] = []

    def add(m: Mention, verb: str, matter: str, role: str = "lead") -> None:
        out.append(DutyAssignment(m.name, m.level, verb, matter, sentence, role))

    for m in ms:
        before = sentence[: m.start]
        # Undo a level captured by the mention: "由县级以上…" has 由 right before the level.
        after_end = _skip_partners(sentence, m.end)
        after = sentence[after_end:]
        if MISCONDUCT.search(sentence) and not before.endswith("由"):
            continue
        by = re.search(r"由(?:[^，。；由]{1,12}的)?$", before)
        if by:
            cond_at = by.start()
            if PENALTY.search(after):
                add(m, "查处", _penalty_condition(sentence, cond_at))
            else:
                action = VIA_RULE.sub("", after).removeprefix("依法")
                subj = _clean_matter(re.sub(r"^(?:依照|按照)前款规定", "", sentence[:cond_at]))
                verb = _verb(action)
                passive = r"^(?:制定|规定|审批|批准|实施|负责|组织实施|审核查验|监督实施|报[^，。；]*?(?:批准|审批)|会同[^，。]*?(?:制定|编制|规定|组织|确定|发布))"
                if re.match(passive, action) and subj:
                    subj = re.sub(r"的监督管理$", "", subj) if "监督管理" in subj else subj
                    if sentence[:cond_at].endswith("的监督管理"):
                        verb = "监督管理"
                    add(m, verb, subj)
                else:
                    add(m, verb, _clean_matter(re.sub(r"^(?:会同[^，。；]*?(?:部门|机构|人民政府))", "", action)) or subj)
            break
        if re.search(r"经$|(?:应当|须|需)经(?:过)?$", before) and not re.search(r"(?:未|不|没有|无)经$", before):
            head = re.sub(r"[，,]?(?:应当|须|需)?经(?:过)?$", "", before)
            tail = re.sub(r"^(?:批准|审批|许可|同意|注册|核准|审核)[，,]?", "", after)
            add(m, "审批", _clean_matter(head) or _clean_matter(tail.split("，")[0]))
            break
        if re.search(r"(?:取得|领取)$", before) and re.match(r"^(?:颁发|核发|发放)的", after):
            add(m, "审批", _clean_matter(re.sub(r"^(?:颁发|核发|发放)的", "", after)))
            break
        if before.endswith("向") and re.match(r"^(?:申请|申领|提出)", after):
            add(m, "审批", _clean_matter(re.sub(r"^(?:申请|申领|提出)(?:办理)?", "", after).split("，")[0]))
            break
        at_subject = m.start == 0 or re.search(r"(?:[，,：:]|^（[一二三四五六七八九十]+）)$", before) is not None
        if not at_subject:
            continue
        if not SUBJECT_FOLLOW.match(after):
            continue
        sup = re.match(r"^(?:在各自职责范围内)?对([^，。；]+?)(?:实施|进行|负责)?(?:统一)?(?:的)?监督管理(?:工作)?(?:[，。；]|$)", after)
        if sup:
            add(m, "监督管理", _clean_matter(sup.group(1)))
        elif after.startswith("负责") and "监督管理" in after[:30] and after.rstrip("。；").endswith(("监督管理", "监督管理工作")):
            add(m, "监督管理", _clean_matter(re.sub(r"(?:的)?监督管理(?:工作)?[。；]?$", "", after[2:])))
        elif after.startswith("会同"):
            partners = [p for p in ms if p.start >= m.end and p is not m]
            rest = re.sub(r"^会同[^，。；]*?(?:部门|机构|人民政府)(?:和[^，。；]*?人民政府)?[，,]?", "", after)
            add(m, "会同", _clean_matter(rest))
            for p in partners[:3]:
                if sentence[m.end: p.start].find("会同") >= 0:
                    add(p, "会同", _clean_matter(rest), role="cooperate")
        elif after.startswith("配合"):
            add(m, "配合", _clean_matter(after[2:]))
        else:
            verb = _verb(after)
            cond = re.search(r"([^，。；]*?)的[，,]$", before)
            # "…排放污染物的，X可以责令…": the offence before the subject is the matter.
            if verb == "查处" and cond and cond.group(1):
                add(m, verb, _clean_matter(before))
            else:
                add(m, verb, _clean_matter(after))
        break
    return out


def extract_from_text(text: str) -> list[DutyAssignment]:
    """Every duty of an article (all its sentences)."""
    return [d for s in split_sentences(text) for d in extract(s)]


def department_type_id(name: str) -> str:
    return stable_id("dtype", name)


def link_mandates(store: GraphStore, law: str | None = None) -> int:
    """Write Article → DepartmentType MANDATES edges for every article (or one law's).

    Edge props: verb, matter, sentence, level, role, source (the article's Source id).
    Returns how many edges were written. Idempotent: the key is the sentence's position.
    """
    # One law's articles by index: reading every article for each imported law made a corpus
    # of a thousand regulations quadratic.
    articles = store.iter_nodes("Article") if law is None else store.find_nodes("Article", law=law)

    def with_sources():
        for art in articles:
            sources = store.edges_from(art.id, Rel.FROM_SOURCE.value)
            yield art.id, art.props.get("text", ""), sources[0].dst if sources else ""

    return write_mandates(store, with_sources())


def write_mandates(store: GraphStore, articles: Iterable[tuple[str, str, str]],
                   duties: dict[str, list[DutyAssignment]] | None = None) -> int:
    """:func:`link_mandates` for articles given as (article id, text, Source id): an importer that
    has just written a new law's articles passes them instead of reading them back. ``duties``:
    :func:`extract` of sentences, computed ahead (a sentence not in it is read here)."""
    from graph.reference.reform_map import current_type_name  # late: reform_map reads its CSV once

    types: dict[str, DepartmentType] = {}
    edges = []
    for art_id, text, source in articles:
        for i, sentence in enumerate(split_sentences(text)):
            found = duties.get(sentence) if duties is not None else None
            for j, duty in enumerate(extract(sentence) if found is None else found):
                tid = department_type_id(duty.dept_type)
                if tid not in types:
                    types[tid] = DepartmentType(id=tid, name=duty.dept_type,
                                                current_name=current_type_name(duty.dept_type))
                edges.append(edge(art_id, Rel.MANDATES, tid, source=source, key=f"{i}.{j}",
                                  verb=duty.verb, matter=duty.matter, sentence=duty.sentence,
                                  level=duty.level, role=duty.role))
    store.upsert_nodes(to_record(t) for t in types.values())
    return store.upsert_edges(edges)
