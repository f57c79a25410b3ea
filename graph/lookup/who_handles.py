"""Who handles this matter, here? Ranked departments with their role, the level and the evidence.

例: who_handles(store, "养狗要办什么证", region="511602")
    → 广安市公安局广安区分局 (主体), matched "犬类准养证核发", evidence L05 第 48 行.

This is the one who-handles call: the CLI, the HTTP API and the explorer's search box use it
with this signature (``who_handles(store, query, region=None, limit=10)``) and render its
:class:`graph.answers.Answer` with ``api/answer_render.py``.

Steps: read the question (``query.understand``: shell off, region named in it, exclusions), rank
every answer-bearing text of the graph (``answer_index``: BM25 over list items and their other
columns, rulings, 三定 duties, territorial and assistance items, and the matter of every duty
sentence of laws and local regulations, then an exact rerank), turn the best texts into
departments (list holders; a law's department type resolved in the region through the reform
map), add a small precedence bonus by level (the region's own lists, then lists above and below
it, then local regulations, then national laws) and mark weak matches 低置信.
"""
from __future__ import annotations

import re
from typing import Any

from graph.answers import CONFIDENCE_ZH, LEVELS_ZH, Answer, Candidate, Evidence
from graph.lookup.answer_index import MANDATE, AnswerIndex, answer_index
from graph.lookup.clause_holders import holders_in_region
from graph.lookup.department_types import resolve_memo, type_label
from graph.lookup.ranking import bonus
from graph.reference.reform_map import core
from graph.reference.regions import region_prefix
from graph.lookup.exclusions import excludes_query
from graph.lookup.normalize import char_pairs, normalize
from graph.lookup.query import Query, understand
from graph.lookup.text_index import Terms
from graph.lookup.title_match import TitleIdf, title_idf
from graph.model import ITEM_KIND_ZH, ROLE_LABELS_ZH, Rel, Role
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore, Prefetched

MAX_QUERY_CHARS = 200
# Scores are 0–100 (text_index.rerank). At or above HIGH a match is an answer; between LOW and
# HIGH it is offered marked 低置信; below LOW it is noise. Set on the question set's tuning half
# (tests/data/questions/README.md): LOW keeps 188 of the 189 right top-1 answers (and drops a
# tenth of the wrong ones); from HIGH on, 85 % of top-1 answers are right.
HIGH_SCORE = 45.0
LOW_SCORE = 22.0
DEFAULT_MIN_SCORE = LOW_SCORE
# A long, told question (「我爷爷留下一批老档案，我想把复印件带到国外去…」) keeps narrative words the shell
# does not take off, which no text shares: the right text scores lower the longer the matter. Past
# LONG_MATTER characters the noise floor falls by LOW_PER_CHAR a character, to LOW_FLOOR (set on round 3's
# tuning half: a third of its misses were the right text first, below LOW; short questions keep LOW, so
# that 「火星移民签证」 still finds nothing).
LONG_MATTER, LOW_PER_CHAR, LOW_FLOOR = 10, 0.5, 15.0


def noise_floor(matter: str) -> float:
    """The score below which a match is noise, for a question whose matter is ``matter``."""
    return max(LOW_FLOOR, LOW_SCORE - LOW_PER_CHAR * max(0, len(matter) - LONG_MATTER))
# Precedence in a region (issue 12 item 5) is the ``level:…`` features of graph/lookup/ranking.py: the most
# local applicable text first (a city's own regulation before its province's, both before national laws;
# asked of a whole province, one city's regulation covers only a part of it; asked of no region, national
# texts first). Their weights, like every other signal's, are in data/rank_weights.csv.
TEXTS_PER_QUERY = 60
# What the question asks of the department: a duty (审批 or 监管 in a linkage list; a duty clause's
# verb as ingest/clauses.py classifies it: 主管, 监督管理, 审批, 查处 …) or a role (配合). The words
# are looked for in the question's asked part (asked_part), shell included (「谁来处罚」,
# 「归哪个部门主管」): a candidate whose duty or role is the one asked about has the feature ``cue``.
_SUPERVISE = ("监管", "监督", "检查", "执法")
_PUNISH = ("查处", "处罚", "罚款", "谁查", "来查", "举报", "投诉")
# The clause reader (ingest/clauses.py) gives 「报B备案」 and 「向B申请登记」 to B as 审批: asking where
# to file or register asks that class. In 「A负责编制X，报B批准」 it gives the drafting to A (负责,
# 会同, 牵头) and the approval to B: asking who drafts (谁编, 谁来制定) asks A's class.
_FILE = ("备案", "登记", "报给", "报送")
_DRAFT = ("编制", "谁编", "来编", "编的", "制定", "起草", "拟定", "拟订")
# 「谁管」 in plain speech is the day-to-day managing a linkage list calls 监管 as well as 主管.
DUTY_CUES = {"监管": (*_SUPERVISE, "查处", "谁管"), "监督管理": _SUPERVISE,
             "审批": ("审批", "批准", "许可", "核发", "办证", "发证", *_FILE), "查处": _PUNISH,
             "主管": ("主管", "归哪个部门", "归哪个单位", "归谁", "谁管", "谁来管", *_DRAFT),
             "负责": _DRAFT, "会同": _DRAFT, "牵头": _DRAFT}
COOPERATE_CUES = ("配合", "协助", "协同", "协办")
# 「许可批了以后谁来监管」: what comes before 以后 is what has happened (the approval), what comes
# after is what is asked (the supervision). Cue words are looked for in the asked part only.
_AFTER_EVENT = re.compile(r"(?:以后|之后|后来)")
# 「应该配合谁」: the asker cooperates and asks whom — the lead; 「哪些部门配合」 asks the cooperators.
_HELPED = re.compile("(?:" + "|".join(COOPERATE_CUES) + r")(?:的是)?(?:谁|哪个|哪些|哪家|哪一个)")


# 「网信会同哪个部门」: in 「A会同B…」 the clause reader gives B the cooperating role; asking whom A acts
# together with asks B, the cooperator (unlike 「配合谁」, which asks the lead).
_TOGETHER_WITH = re.compile(r"(?:会同|联合|会商)(?:的是)?(?:谁|哪个|哪些|哪家|哪一个)")


def cooperation_asked(asked: str) -> tuple[bool, bool]:
    """(asks who cooperates, asks whom one cooperates with) of a normalised question.

    cooperation_asked("居委会发现有人无照经营应该配合谁") → (False, True);
    cooperation_asked("关键信息基础设施保护网信会同哪个部门") → (True, False).
    """
    if _HELPED.search(asked):
        return False, True
    return any(w in asked for w in COOPERATE_CUES) or bool(_TOGETHER_WITH.search(asked)), False


def asked_part(asked: str) -> str:
    """The part of a question that asks: after its last 「以后」 when it names a past step.

    asked_part("食品经营许可证发了以后日常谁来监管") → "日常谁来监管".
    """
    parts = _AFTER_EVENT.split(asked)
    return parts[-1] if len(parts) > 1 and normalize(parts[-1]) else asked


# A duty given 「按照各自职责」 to a row of departments (joint) is a share of the matter; the one
# department the text puts in charge (主管, 负责) answers before them (feature ``joint``).
# A clause is indexed by its matter (「扬尘污染防治」); the rest of its sentence (「实施统一监督管理」,
# 「会同…编制」) is context the question may also name (feature ``context``: the share of the question's
# character pairs the sentence covers beyond what its matter covers).


def sentence_share(matter: str, name: str, sentence: str) -> float:
    """Share (0–1) of the question's pairs a clause's sentence covers and its matter does not."""
    asked = char_pairs(matter)
    if not asked or not sentence:
        return 0.0
    extra = asked & char_pairs(normalize(sentence))
    extra -= char_pairs(normalize(name))
    return len(extra) / len(asked)


# One text often gives a matter to several departments by field (「交通、水利、城乡建设等部门按照各自职责查处
# 招标投标活动中的违法行为」); a question that names the field (「水利工程招标」) asks that one (feature
# ``named_field``: the co-holder's field, its name without level and suffix as reform_map.core cuts it, is
# in the question's matter).
def names_field(matter: str, holder: str) -> bool:
    field = normalize(core(holder))
    return len(field) >= 2 and field in matter


# A who-handles question asks which administrative body does a matter. A people's congress, its
# standing committee and their meetings are the organs of power (宪法第九十六条): the texts that
# give them duties (执法检查 of a law's implementation, 审议, 立法) are about supervising the
# government and making law, so they answer after an administrative body on the same words (``legislature``).
LEGISLATURE = re.compile(r"人民代表大会|人大|常务委员会|主任会议")
# 「哪个部门」 asks for a government's working department (地方组织法: 人民政府…设立必要的工作部门),
# not the government itself: on equal words a department answers before 「县级以上人民政府」 (``government``).
GOVERNMENT = re.compile(r"人民政府$")

# Edges that tie a department to an item, with the direction they point and the role they mean
# when the edge itself carries none.
_HOLDER_EDGES = (
    (Rel.HOLDS.value, "in", None),
    (Rel.RULED.value, "out", None),
    (Rel.DIVIDES.value, "out", None),
    (Rel.APPROVES.value, "in", Role.LEAD.value),
    (Rel.SUPERVISES.value, "in", Role.LEAD.value),
)
# What one answer reads about each matched item (see read_items).
_OUT_RELS = (Rel.FROM_SOURCE.value, Rel.BASED_ON.value,
             *(rel for rel, direction, _ in _HOLDER_EDGES if direction == "out"))
_IN_RELS = tuple(rel for rel, direction, _ in _HOLDER_EDGES if direction == "in")
_DUTY_OF_EDGE = {Rel.APPROVES.value: "审批", Rel.SUPERVISES.value: "监管"}
CLAUSE = "DutyClause"   # kind of a law's duty clause read by issue 13's clause reader
_ROLE_RANK = {Role.LEAD.value: 0, Role.COOPERATE.value: 1, Role.WITHDRAWN.value: 2}
_EVIDENCE_KIND = {"Article": "法律条文", "Ruling": "通知条款", "Duty": "三定职责", "DivisionClause": "分工条款",
                  "DutyClause": "法规条款"}


class QueryError(ValueError):
    """A query that cannot be answered as asked; the message says why, in Chinese."""


def check_query(query: str) -> str:
    """The normalised query, or QueryError with a message a person understands."""
    if query is None or not query.strip():
        raise QueryError("查询内容为空：请输入要查找的事项，例如「养狗要办什么证」。")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"查询过长（{len(query)} 字）：请用不超过 {MAX_QUERY_CHARS} 字描述一个事项。")
    norm = normalize(query)
    if not re.search(r"[\u4e00-\u9fff]", norm) and len(norm) < 2:
        raise QueryError(f"无法理解的查询「{query}」：请用中文描述事项，例如「食品经营许可」。")
    return norm


def read_items(store: GraphStore, item_ids: list[str]) -> Prefetched:
    """Everything item_holders and item_evidence read about these items, in a few round trips
    for all of them: holder edges and departments, source rows, articles and their laws."""
    return store.read_around(item_ids, out_rels=_OUT_RELS, in_rels=_IN_RELS, follow_props=("law",))


def item_evidence(store: GraphStore | Prefetched, item_id: str, item_props: dict[str, Any],
                  edge_source: str | None) -> list[Evidence]:
    """The rows, basis text and articles behind one item, most specific first."""
    out: list[Evidence] = []
    seen: set[str] = set()
    source_ids = sorted(e.dst for e in store.edges_from(item_id, Rel.FROM_SOURCE.value))
    if edge_source:
        source_ids.insert(0, edge_source)
    node = store.get_node(item_id)
    kind = _EVIDENCE_KIND.get(node.label if node else "", "清单行")
    for sid in source_ids:
        if sid in seen:
            continue
        seen.add(sid)
        src = store.get_node(sid)
        if src is not None:
            p = src.props
            out.append(Evidence(p.get("path", ""), p.get("locator", ""), p.get("text", ""), kind))
    basis = item_props.get("basis")
    if basis:
        first = out[0] if out else None
        out.append(Evidence(first.source if first else "", "实施依据", basis, "实施依据"))
    for e in sorted(store.edges_from(item_id, Rel.BASED_ON.value), key=lambda e: (e.dst, e.key)):
        art = store.get_node(e.dst)
        if art is None:
            continue
        law = store.get_node(art.props.get("law", ""))
        title = law.props.get("title", "") if law else ""
        out.append(Evidence(title, art.props.get("label_zh", ""), art.props.get("text", ""), "法律条文"))
    return out


def item_holders(store: GraphStore | Prefetched, item_id: str) -> list[tuple[str, str, str, str | None]]:
    """(department id, role, duty, edge source) for every department tied to the item."""
    found = []
    for rel, direction, default_role in _HOLDER_EDGES:
        edges = store.edges_to(item_id, rel) if direction == "in" else store.edges_from(item_id, rel)
        for e in sorted(edges, key=lambda e: (e.src, e.dst, e.key)):
            dept = e.src if direction == "in" else e.dst
            role = e.props.get("role") or default_role or Role.LEAD.value
            # A list row may name the duty itself: 行政协助 rows say 协助 / 请求协助 on their HOLDS edges.
            duty = _DUTY_OF_EDGE.get(rel) or e.props.get("duty", "")
            found.append((dept, role, duty, e.props.get("source")))
    return found


def _level(kind: str, text_region: str, region: str | None) -> str:
    """The text's level as seen from the region asked about. Asked of no region, the question is
    the whole country's: a national text is its own level and a region's text covers only a part
    of it (as a city's regulation does when a province is asked)."""
    if not region:
        return "regional" if text_region else "national"
    if kind in (MANDATE, CLAUSE):
        if not text_region:
            return "law"
        mine, theirs = region_prefix(region), region_prefix(text_region)
        if mine == theirs:
            return "local_law"
        return "lower_law" if theirs.startswith(mine) else "upper_law"
    if not text_region:
        return "list"
    mine, theirs = region_prefix(region), region_prefix(text_region)
    if mine == theirs:
        return "local_list"
    return "lower_list" if theirs.startswith(mine) else "upper_list"


def shared_terms(matter_variants: list[str], text: str, min_len: int = 2) -> list[str]:
    """Maximal common substrings (≥ 2 characters) of the question's matter and a text: the why.

    shared_terms(["养犬登记"], "养犬登记和年检") → ["养犬登记"].
    """
    text = normalize(text)
    best: list[str] = []
    for v in matter_variants:
        found: list[str] = []
        i = 0
        while i < len(v):
            length = 0
            for j in range(len(v), i + min_len - 1, -1):
                if v[i:j] in text:
                    length = j - i
                    break
            if length >= min_len:
                found.append(v[i:i + length])
                i += length
            else:
                i += 1
        if sum(map(len, found)) > sum(map(len, best)):
            best = found
    return best


def _excluded(q: Query, title: str) -> bool:
    """An item that excludes what is asked (（不含河道采砂）), or a text about what the question
    itself excludes (不是…)."""
    if excludes_query(title, q.matter):
        return True
    norm = normalize(title)
    return any(term in norm for term in q.excluded)


def _title_share(titles: TitleIdf, q: Query, title: str, score: float) -> float:
    """Feature ``title``: the share of the question the text's document title names (graph/lookup/title_match.py),
    for a text that answers (HIGH_SCORE): among the texts sharing the question's words, the one in the regulation
    about it first. A weak match is not lifted by its title: 「小区门口摆摊」 is not 「养殖小区备案」."""
    return titles.share(q.matter, title) if score >= HIGH_SCORE else 0.0


def _candidates_of(store: GraphStore, reads: Prefetched, idx: AnswerIndex, pos: int, score: float, q: Query,
                   region: str | None, laws: dict[str, Any], titles: TitleIdf) -> list[Candidate]:
    kind = idx.kinds[pos]
    text_region = idx.region_of(pos)
    level = _level(kind, text_region, region)
    # The signals count only for a text that is an answer at all: below LOW its score is noise.
    feats = {f"level:{level}": 1.0, f"kind:{kind}": 1.0} if score >= LOW_SCORE else {}
    confidence = "high" if score >= HIGH_SCORE else "low"
    # ``score`` is the text's until who_handles adds the signals' points (not capped: the ranking keeps
    # bonuses apart above 100; the reported score is capped).
    common = dict(score=score, confidence=confidence, confidence_zh=CONFIDENCE_ZH[confidence],
                  level=level, level_zh=LEVELS_ZH[level])
    if kind == MANDATE:
        from graph.lookup.legal_basis import mandate_answer

        src, dst, key = idx.refs[pos].split("|", 2)
        edge = next((e for e in store.edges_from(src, Rel.MANDATES.value) if e.dst == dst and str(e.key) == key),
                    None)
        found = mandate_answer(store, edge, region, laws) if edge is not None else None
        if found is None:
            return []
        if feats:
            feats["title"] = _title_share(titles, q, found["law_title"], score)
        department = found["department"] if found["resolved_in_region"] else type_label(
            found["department_type"], found["current_type"])
        return [(Candidate(
            department=department, department_id=found["department_id"], role=found["role"],
            role_zh=found["role_zh"], matched_item=found["matched_item"], item_id=found["item_id"],
            item_kind="Article", item_kind_zh="法律条文", region=region or text_region, duty=found["duty"],
            matched_terms=shared_terms(q.variants, edge.props.get("matter", "")),
            evidence=[Evidence(**e, kind="职责句") for e in found["evidence"]], **common), dict(feats))]
    item = reads.get_node(idx.refs[pos])
    if item is None or _excluded(q, item.props.get("name", "")):
        return []
    if kind == CLAUSE:
        return _clause_candidates(store, reads, item, q, region, text_region, laws, common, feats, titles)
    out = []
    terms = shared_terms(q.variants, item.props.get("name", ""))
    if feats:
        # A list row is a document of its own: its name is its title (as a regulation's is its clauses').
        feats["title"] = _title_share(titles, q, item.props.get("name", ""), score)
    # A clause's joint leads (「按照各自职责」): flagged on their RULED edges by the clause reader.
    joint = {e.dst: e.props.get("holder") or e.dst for e in reads.edges_from(item.id, Rel.RULED.value)
             if e.props.get("joint") and (e.props.get("role") or Role.LEAD.value) == Role.LEAD.value}
    # A generic holder of a list row (各乡镇人民政府(街道办事处)) answers as the row wrote it: no node.
    generic = {g.display_id: g for g in generic_holders(item.props)}
    holders = item_holders(reads, item.id) + [(gid, g.role, g.duty, None) for gid, g in generic.items()]
    for dept_id, role, duty, edge_source in holders:
        shared = role == Role.LEAD.value and dept_id in joint
        dept = reads.get_node(dept_id) if dept_id not in generic else None
        name = dept.props.get("name", dept_id) if dept else generic[dept_id].name if dept_id in generic else dept_id
        if dept is not None and dept.label == "DepartmentType" and region:
            # A ruling's holder as the notice names it: the region's department of that type today.
            resolved = resolve_memo(store, name, region, laws)
            if resolved is not None:
                name, dept_id = resolved.name, resolved.department_id
        out.append((Candidate(
            department=name, department_id=dept_id,
            role=role, role_zh=ROLE_LABELS_ZH.get(Role(role), role) if role in _ROLE_RANK else role,
            matched_item=item.props.get("name", ""), item_id=item.id, item_kind=kind,
            item_kind_zh=ITEM_KIND_ZH.get(kind, kind),
            region=(dept.props.get("region", "") if dept else "") or text_region, duty=duty,
            condition=item.props.get("condition", ""), matched_terms=terms,
            evidence=item_evidence(reads, item.id, item.props, edge_source),
            joint=shared, joint_with=sorted(n for d, n in joint.items() if d != dept_id) if shared else [],
            **common), dict(feats)))
    return out


def _clause_candidates(store: GraphStore, reads: Prefetched, item, q: Query, region: str | None,
                       text_region: str, laws: dict[str, Any], common: dict[str, Any],
                       feats: dict[str, float], titles: TitleIdf) -> list[tuple[Candidate, dict[str, float]]]:
    """A law's duty clause (DutyClause): its holders in the region, the level words checked."""
    p = item.props
    law = reads.get_node(p.get("law", "")) or store.get_node(p.get("law", ""))
    title = (law.props.get("short_title") or law.props.get("title", "")) if law else ""
    matched = f"《{title}》{p.get('locator', '')}：{p.get('name', '')}" if title else p.get("name", "")
    terms = shared_terms(q.variants, p.get("name", ""))
    evidence = item_evidence(reads, item.id, p, None)
    # Text kept beside the clause, 「第十八条：…」, is what matched when the sentence names its matter only by
    # reference: 「违反本条例第十八条规定的」 (what that article forbids), 「下列行为，应当经A批准：」 (the items).
    for prop, kind in (("refers", "被引条文"), ("items", "所列事项")):
        if p.get(prop):
            locator, _, text = p[prop].partition("：")
            evidence.append(Evidence(evidence[0].source if evidence else "", locator, text or locator, kind))
    answers = common["score"] >= LOW_SCORE
    context = sentence_share(q.matter, p.get("name", ""), p.get("text", "")) if answers else 0.0
    if answers:
        feats = dict(feats, title=_title_share(titles, q, law.props.get("title", "") if law else "", common["score"]))
    out = []
    holders = holders_in_region(store, item.id, region, reads=reads, memo=laws)
    # The clause's joint leads as the text names them: each answer says who shares the matter.
    joint_names = [h.holder for h in holders if h.joint and h.role == Role.LEAD.value]
    several = len({h.holder for h in holders if h.reaches and h.role == Role.LEAD.value}) > 1
    for h in holders:
        if not h.reaches or h.role not in _ROLE_RANK:
            continue  # 「省…部门」 asked in a county: not a duty of its departments
        name = h.department or (type_label(h.type_name, h.current_type) if h.type_name else h.holder)
        mine = dict(feats, context=context, joint=float(h.joint),
                    named_field=float(answers and several and names_field(q.matter, h.holder)))
        shared = h.joint and h.role == Role.LEAD.value
        # The sentence that designated the body for the type (「上海市水务局…是本市供水行政主管部门」) is evidence too.
        said = [Evidence(evidence[0].source if evidence else "", h.designated_locator, h.designated_text, "名称指定")] \
            if h.designated_text else []
        out.append((Candidate(
            department=name, department_id=h.department_id or h.type_id, role=h.role,
            role_zh=ROLE_LABELS_ZH.get(Role(h.role), h.role), matched_item=matched, item_id=item.id,
            item_kind=CLAUSE, item_kind_zh=ITEM_KIND_ZH.get(CLAUSE, CLAUSE), region=region or text_region,
            duty=p.get("verb", ""), condition=p.get("condition", ""), matched_terms=terms,
            evidence=evidence + said, joint=shared, joint_with=[n for n in joint_names if n != h.holder] if shared else [],
            **common), mine))
    return out


def who_handles(store: GraphStore, query: str, region: str | None = None, limit: int = 10,
                min_score: float | None = None, index: AnswerIndex | None = None,
                signals: list[tuple[Candidate, float, dict[str, float]]] | None = None) -> Answer:
    """Departments ranked by how well a text that gives them a duty answers ``query`` in ``region``.

    ``region`` is a region code (resolve names before calling); without one, a region named in the
    question is used and the answer says so (``region_from_query``). One result per department and
    role, carrying its best-matching text, the level it came from and that text's evidence.
    ``signals``, when given, receives every candidate considered (before one per department is kept) with
    its text's score and the ranking's features (graph/lookup/ranking.py): what
    tests/data/learn_ranking.py learns the weights from.
    """
    if limit < 1:
        raise QueryError("结果数量 limit 至少为 1。")
    check_query(query)
    q = understand(query, region)
    if min_score is None:
        min_score = noise_floor(q.matter)
    code = q.region.code if q.region else None
    idx = index or answer_index(store, code)
    best: dict[tuple[str, str], Candidate] = {}
    # Order of reading: texts best first (score, then index position), within a text its holders
    # as item_holders / holders_in_region give them (a row's named bodies before its generic
    # 各乡镇…). A tie is broken by it, not by the department's name, whose sort order says nothing
    # (「各乡镇人民政府」 sorted before every 「广安市…局」).
    seen_at: dict[int, int] = {}
    if len(idx):
        terms = Terms.of_variants(q.variants, idx.text)
        laws: dict[str, Any] = {}
        titles = title_idf(store)
        hits = [(pos, score) for pos, score in
                idx.text.search(terms, limit=max(TEXTS_PER_QUERY, limit * 6), allowed=idx.allowed(code))
                if score >= min_score]
        reads = read_items(store, [idx.refs[pos] for pos, _ in hits if idx.kinds[pos] != MANDATE])
        asked = asked_part(normalize(query))
        asks_cooperate, asks_helped = cooperation_asked(asked)
        asks_department = "部门" in asked
        for pos, score in hits:
            for c, feats in _candidates_of(store, reads, idx, pos, score, q, code, laws, titles):
                feats.update(
                    cue=float(any(w in asked for w in DUTY_CUES.get(c.duty, ())) or (
                        asks_cooperate and c.role == Role.COOPERATE.value) or (
                        asks_helped and c.role == Role.LEAD.value)),
                    legislature=float(bool(LEGISLATURE.search(c.department))),
                    government=float(asks_department and bool(GOVERNMENT.search(c.department))),
                    cooperate=float(c.role == Role.COOPERATE.value))
                c.score = round(c.score + bonus(feats), 1)
                if signals is not None:
                    signals.append((c, score, feats))
                key = (c.department_id, c.role)
                if key in best and best[key].score >= c.score:
                    if best[key].item_id != c.item_id and c.item_kind in ("Article", CLAUSE):
                        best[key].evidence.extend(c.evidence[:1])
                    continue
                best[key] = c
                seen_at[id(c)] = len(seen_at)
    ranked = sorted(best.values(), key=lambda c: (-c.score, _ROLE_RANK.get(c.role, 3),
                                                  c.item_kind in ("Article", CLAUSE), seen_at[id(c)]))
    results = ranked[:limit]
    for c in results:
        c.score = min(100.0, c.score)
    where = f"（地区「{q.region.name or q.region.code}」取自问题）" if q.region and q.region.from_query else ""
    if results:
        weak = all(c.confidence == "low" for c in results)
        message = where + ("匹配较弱（低置信），请核对依据。" if weak else "")
    elif len(idx) == 0:
        message = "图中还没有任何清单事项或法律：请先用 dutygraph ingest 导入。"
    else:
        message = (f"没有找到：图中没有哪条清单事项、职责条文或分工条款与「{query}」相近{where}。"
                   "可以换一种说法，或去掉地区限制再试。")
    return Answer(query=query, region=code, results=results, message=message, matter=q.matter,
                  region_name=q.region.name if q.region else "",
                  region_from_query=bool(q.region and q.region.from_query), excluded=q.excluded)
