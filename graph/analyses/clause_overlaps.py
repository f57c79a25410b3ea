"""Duplicated duties that texts create (issue 13's clauses), for :mod:`graph.analyses.overlaps`.

Two kinds, each quoting its clauses:

- a joint duty: one clause gives one matter to several holders 「按照各自职责」 (no single lead);
- two texts, one matter, different leads: clauses of two documents whose matters are the same
  (normalised equal) and whose lead departments are of different kinds in every pair.

A clause counts for a region when its scope covers it: a national law everywhere, a 济南市
regulation in 济南市 and its counties; a clause of a place the divisions do not know (region kept
as a name) counts nowhere but in a whole-graph run. In a whole-graph run two texts conflict only
when one's scope lies within the other's (a 郑州市 and a 河南省 regulation; never 上海 against 河南).

Noise is capped by two general rules, not by lists of sentences:

- the matter must say what is divided: what is left of it after the words that only frame a duty
  (下列、具体办法、予以、手续、工作、违反本条例第X条规定 …, :data:`FRAME_WORDS`) must be a real phrase;
- for a conflict, the two documents are on one subject (their titles share a word once place, form and
  frame words are off: 「北京市动物防疫条例」 and 「北京市实施《动物防疫法》办法」), and the leads are departments (a government, a people's congress or a generic body
  directs or legislates, it does not compete with its departments), compared by kind after the
  level words and the 机构改革 map (环境保护主管部门 = 生态环境主管部门): two texts naming the same
  kind of department at two levels agree.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from graph.analyses.scope import in_scope, region_code
from graph.analyses.text import norm
from graph.model import NodeRecord, Rel, Role
from graph.reference.department_domains import is_department_domain
from graph.reference.regions import ancestors
from graph.store import GraphStore

CLAUSE_LABELS = ("DutyClause", "Ruling")
REASON_ZH = {"joint_clause": "条款规定多个部门按照各自职责共同负责同一事项",
             "clause_conflict": "两份文件把同一事项分别交给不同的牵头部门"}
# Words that frame a duty without naming its matter (closed-class: verbs of doing, quantifiers,
# references to the text itself). What remains of a matter without them is what it is about.
FRAME_WORDS = re.compile(
    r"违反本(?:条例|办法|规定)(?:第[^，,。]{1,20}?条)?(?:第[^，,。]{1,6}款)?(?:的)?规定|第[零〇一二三四五六七八九十百千0-9]+[条款项]|"
    r"本(?:条例|办法|规定|条|款|辖区|行政区域)(?:内)?|前款|上述|下列|以下|如下|之一|其他|有关|相关|具体|"
    r"予以|依法|负责|组织|协调|实施|进行|加强|做好|开展|办理|提出|制定|确定|建立|共同|分别|相互|配合|协助|"
    r"监督|管理|检查|处理|处罚|改正|责令|限期|决定|执行|保障|落实|支持|指导|服务|提供|公布|公告|登记|申请|备案|"
    r"批准|审批|审核|审查|许可|手续|办法|措施|制度|意见|建议|范围|情形|行为|事项|工作|职责|分工|任务|义务|"
    r"规定|要求|条件|标准|程序|情况|活动|便利|信息|计划|方案|规划|内容|名单|目录|费用|经费|资金|给予|表彰|奖励|"
    r"行使|职权|解释|应用|问题|强制执行|上报|报告|通知|逾期|仍|不|法律|法规|规章|违反|参加|会议|"
    r"和|与|及|或者|或|并|等|的|对|向|在|为|将|由|其|各|本|该|应当|可以|、|，|,|；|。|（|）|\(|\)|\s")
MIN_CONTENT = 2          # a joint duty's matter keeps at least this many characters of its own
MIN_CONFLICT_CONTENT = 4  # two texts must agree on more than a word to be about one matter
# A matter that three or more documents give to leads is a template phrase of legislation
# (「本条例具体应用问题」「给予表彰奖励」), not one matter two texts divide differently.
TEMPLATE_DOCUMENTS = 3
_GOVERNMENT = re.compile(r"(?:人民政府|政府|人民代表大会|人大|常务委员会|常委会|主席团|法院|检察院|管委会|管理委员会|"
                         r"居民委员会|村民委员会|居（村）民委员会|村（居）民委员会|业主委员会|办事处)$")
_LEVEL_HEAD = re.compile(r"^(?:[（(][^（）()]{1,8}[）)])+|^(?:县级以上(?:地方)?(?:各级)?|设区的市级?|省级?|市级?|县级?|区级?|"
                         r"乡镇|乡|镇|本级|同级|所在地|当地)(?:人民政府)?(?=[\u4e00-\u9fff]{2})")
_LEVELS_ONLY = re.compile(r"各?(?:[省市县区乡镇村]|街道|社区|、|和|[（()）])+")
_KIND_SUFFIX = re.compile(r"(?:行政主管部门|主管部门|行政管理部门|行政部门|管理部门|职能部门|部门|主管机关|机关|机构)$")


def matter_content(matter: str) -> str:
    """What a matter is about once its framing words are gone: 「违反本条例第三十一条规定」 → ""."""
    return FRAME_WORDS.sub("", matter or "")


def department_kind(name: str) -> str:
    """A lead's department kind: level words off, today's name by the reform map, suffix off; "" for
    a government or other non-department body (see the module doc)."""
    from graph.reference.reform_map import current_type_name  # late: reads its CSV once

    text = (name or "").strip()
    prev = None
    while prev != text:
        prev, text = text, _LEVEL_HEAD.sub("", text)
        # 「吉利区人民政府城乡规划主管部门」: a named government's department is of the department's kind.
        text = re.sub(r"^[^、，]{1,10}?人民政府(?=[\u4e00-\u9fff]{2})", "", text)
    if not text or _GOVERNMENT.search(text) or _LEVELS_ONLY.fullmatch(text):
        return ""
    kind = _KIND_SUFFIX.sub("", current_type_name(text)) or text
    # 「上街区房地产」: a place's name in front of a department's field.
    m = re.match(r"^[\u4e00-\u9fff]{1,4}?[区县市](?=[\u4e00-\u9fff]{2})", kind)
    if m and m.group(0) not in ("城市", "都市", "城区", "社区", "郊区") and is_department_domain(kind[m.end():]):
        kind = kind[m.end():]
    return kind if len(kind) >= 2 else ""


def _region_clauses(store: GraphStore, region: str | None, national: bool) -> list[NodeRecord]:
    """Clauses that apply in ``region`` (its own and its ancestors', national ones on request), or all."""
    if not region:
        found = [c for label in CLAUSE_LABELS for c in store.iter_nodes(label)]
        return [c for c in found if national or region_code(c.props.get("region", ""))]
    codes = [a.code for a in ancestors(region)] or [region]
    found = [c for label in CLAUSE_LABELS for code in codes for c in store.find_nodes(label, region=code)]
    if national:
        found += [c for label in CLAUSE_LABELS for c in store.find_nodes(label, region="")]
    seen: set[str] = set()
    return [c for c in found if not (c.id in seen or seen.add(c.id))
            and (not region_code(c.props.get("region", "")) or in_scope(region, c.props.get("region", "")))]


def _leads(store: GraphStore, clause_id: str) -> list[tuple[str, str, str]]:
    """(holder node id, holder name, source) of a clause's lead RULED edges."""
    out = []
    for e in store.edges_from(clause_id, Rel.RULED.value):
        if (e.props.get("role") or Role.LEAD.value) == Role.LEAD.value:
            node = store.get_node(e.dst)
            out.append((e.dst, node.props.get("name", e.dst) if node else e.dst, e.props.get("source", "")))
    return out


def _item(c: NodeRecord, dept: tuple[str, str, str]) -> dict[str, Any]:
    p = c.props
    return {"id": c.id, "name": p.get("name", ""), "label": c.label, "power_type": "", "code": "", "base_code": "",
            "basis": p.get("text", ""), "department_id": dept[0], "department": dept[1], "source": dept[2],
            "document": p.get("dataset", ""), "locator": p.get("locator", ""), "joint": bool(p.get("joint"))}


_TITLE_FRAME = re.compile(r"\.(?:md|txt)$|^[A-Z]+[0-9]+_|中华人民共和国|^[\u4e00-\u9fff]{1,8}?(?:省|市|自治区|自治州|自治县|县|区)(?=.{3})|"
                          r"实施|若干|暂行|试行|细则|条例|规定|办法|决定|通知|关于|管理|保护|促进|《|》|法")


def _topic(dataset: str) -> set[str]:
    """The character bigrams of what a document is about: its title without place, form and frame words."""
    text = _TITLE_FRAME.sub("", dataset or "")
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _same_kind(a, b) -> bool:
    """Whether two documents name a lead of one kind (「房地产」 and 「房地产开发」 are one kind)."""
    return any(x == y or x in y or y in x for x in a for y in b)


def _nested(a: str, b: str) -> bool:
    """Whether one scope lies within the other ("" = national lies over every place)."""
    a, b = region_code(a), region_code(b)
    return not a or not b or in_scope(a, b) or in_scope(b, a)


def clause_overlap_groups(store: GraphStore, region: str | None = None,
                          national: bool = False) -> list[dict[str, Any]]:
    """[{reason, region, items, departments}] for the clauses that apply to ``region``.

    National clauses (every 「各有关部门按照各自职责」 of the 47 laws) only with ``national=True``.
    """
    clauses = [c for c in _region_clauses(store, region, national) if c.props.get("matter")]
    clauses.sort(key=lambda c: c.id)
    leads = {c.id: _leads(store, c.id) for c in clauses}
    groups: list[dict[str, Any]] = []
    for c in clauses:
        ls = leads[c.id]
        # Several departments of different kinds (a court and a procuratorate 「分别参加会议」 are not one).
        if c.props.get("joint") and len({department_kind(d[1]) for d in ls} - {""}) >= 2 \
                and len(matter_content(c.props.get("matter", ""))) >= MIN_CONTENT:
            groups.append({"reason": "joint_clause", "region": region or c.props.get("region", ""),
                           "items": [_item(c, d) for d in ls],
                           "departments": sorted({(d[0], d[1]) for d in ls})})
    by_matter: dict[str, list[NodeRecord]] = defaultdict(list)
    for c in clauses:
        key = norm(c.props.get("matter", ""))
        if len(matter_content(key)) >= MIN_CONFLICT_CONTENT and leads[c.id] and not c.props.get("joint") \
                and not c.props.get("generic"):
            by_matter[key].append(c)
    for key, cs in sorted(by_matter.items()):
        # Per document: its lead departments by kind (governments and generic bodies left out).
        kinds: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        where: dict[str, str] = {}
        for c in cs:
            doc = c.props.get("dataset", "")
            where[doc] = c.props.get("region", "")
            for d in leads[c.id]:
                k = department_kind(d[1])
                if k:
                    kinds[doc][k].add(d[0])
        docs = sorted(kinds)
        if len({c.props.get("dataset", "") for c in cs}) >= TEMPLATE_DOCUMENTS:
            continue
        pairs = [(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]
                 if _nested(where[a], where[b]) and not _same_kind(kinds[a], kinds[b]) and _topic(a) & _topic(b)]
        if not pairs:
            continue
        involved = {d for pair in pairs for d in pair}
        members = [c for c in cs if c.props.get("dataset", "") in involved]
        chosen = [(c, d) for c in members for d in leads[c.id] if department_kind(d[1])]
        groups.append({"reason": "clause_conflict", "region": region or "",
                       "items": [_item(c, d) for c, d in chosen],
                       "departments": sorted({(d[0], d[1]) for _, d in chosen})})
    return groups
