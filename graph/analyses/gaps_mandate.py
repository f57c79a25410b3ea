"""Gaps of the first kind: a law or 三定 gives a duty, and the region's lists hold no item for it.

例: 《城乡规划法》第四十一条 gives 城市、县人民政府城乡规划主管部门 the 乡村建设规划许可证;
    in 广安区 that is 区自然资源和规划局. If no item of 广安区's lists is based on that article
    or names 乡村建设规划许可, the duty is a gap.

Only duties a list could carry are judged, and only where the region's lists carry that kind
at all: an approval (审批 → 许可证/许可) is looked for among 行政许可/行政确认/其他行政权力 items.
Sentences that give a whole government, a province or the State Council a duty, or that name a
matter too general to recognise in a list (变更登记, 安全许可), are not judged: a rule that
cannot be explained would flood the report with guesses.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from graph.analyses.findings import Finding
from graph.analyses.scope import county_of, edges_into, load_nodes, region_code
from graph.lookup.legal_basis import law_covers
from graph.analyses.text import NameBlock, name_core, norm
from graph.model import NodeRecord, Rel
from graph.store import GraphStore
from graph.reference.reform_map import best_department, current_type_name, keywords_for

# Which list types can carry a duty given with this verb.
VERB_TYPES = {"审批": ("行政许可", "行政确认", "其他行政权力")}
# Levels of government whose duty a county's lists carry (empty: the sentence names no level).
_COUNTY_LEVEL = re.compile(r"县|地方各级|^地方$|^本级$|^城市")
# The permit a sentence names: the last 许可证/许可 noun phrase of the matter.
_PERMIT = re.compile(r"([\u4e00-\u9fff]{2,16}?(?:许可证|许可))$")
_VERB_HEAD = re.compile(r"^.*?(?:核发|颁发|发给|取得|领取|申领|办理|申请|依法|应当)")
# A core this short or this general matches half a list.
MIN_CORE = 2
_GENERIC_CORES = {"安全", "经营", "生产", "建设", "使用", "销售", "运输", "设立", "执业", "施工", "排放"}
_GENERIC_TYPES = {"人民政府", "政府", "登记机关"}


@dataclass(frozen=True)
class Mandate:
    article: str
    dept_type: str
    type_name: str
    verb: str
    matter: str
    permit: str
    core: str
    level: str
    sentence: str
    source: str


def permit_of(matter: str) -> str:
    """The permit a mandate's matter names, or "". 例: "领取取水许可证" → "取水许可证"."""
    last = re.split(r"[，,；;。]", matter or "")[-1]
    m = _PERMIT.search(last)
    if not m:
        return ""
    return _VERB_HEAD.sub("", m.group(1)) if _VERB_HEAD.search(m.group(1)) else m.group(1)


def judgeable_mandates(store: GraphStore, region: str | None = None) -> list[Mandate]:
    """MANDATES edges a county's lists can be checked against (see the module note for why so few).

    With ``region``, only those of laws that apply there: a local regulation of 北京 gives no
    duty to a department of 广安区.
    """
    out = []
    types: dict[str, NodeRecord | None] = {}
    covers = LawScope(store)
    for e in store.iter_edges(Rel.MANDATES.value):
        if region and not covers(e.src, region):
            continue
        p = e.props
        if p.get("verb") not in VERB_TYPES or (p.get("role") or "lead") != "lead":
            continue
        level = p.get("level") or ""
        if level and not _COUNTY_LEVEL.search(level):
            continue
        permit = permit_of(p.get("matter", ""))
        core = name_core(permit) if permit else ""
        if len(core) < MIN_CORE or core in _GENERIC_CORES:
            continue
        if e.dst not in types:
            types[e.dst] = store.get_node(e.dst)
        dtype = types[e.dst]
        type_name = (dtype.props.get("current_name") or dtype.props.get("name", "")) if dtype else ""
        if not type_name or type_name in _GENERIC_TYPES:
            continue
        out.append(Mandate(e.src, e.dst, type_name, p["verb"], p.get("matter", ""), permit, core, level,
                           p.get("sentence", ""), p.get("source", "")))
    return out


class LawScope:
    """Does the law of an article apply in a region? (memoised per article and law)."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.law_of: dict[str, str] = {}
        self.cache: dict[str, object] = {}

    def __call__(self, article_id: str, region: str) -> bool:
        if article_id not in self.law_of:
            art = self.store.get_node(article_id)
            self.law_of[article_id] = art.props.get("law", "") if art is not None else ""
        law = self.law_of[article_id]
        return not law or law_covers(self.store, law, region, self.cache)


class DepartmentResolver:
    """Department type → the county's department, batched over a region (ranked as graph.reference.reform_map ranks)."""

    def __init__(self, depts: list[NodeRecord]):
        self.by_county: dict[str, list[NodeRecord]] = defaultdict(list)
        for d in depts:
            if d.props.get("kind") not in {"内设机构", "乡镇街道"}:
                self.by_county[county_of(d.props.get("region", ""))].append(d)
        self.cache: dict[tuple[str, str], NodeRecord | None] = {}

    def resolve(self, type_name: str, county: str) -> NodeRecord | None:
        key = (type_name, county)
        if key not in self.cache:
            self.cache[key] = self._resolve(type_name, county)
        return self.cache[key]

    def _resolve(self, type_name: str, county: str) -> NodeRecord | None:
        found = best_department(self.by_county.get(county, []), keywords_for(current_type_name(type_name)))
        return found[0] if found else None


@dataclass(frozen=True)
class Judged:
    """One legal duty of one county department and whether its lists carry it ("" when not)."""

    mandate: Mandate
    county: str
    department: NodeRecord
    covered_by: str          # "based" (an item cites the article) / "name" (an item names it) / ""


def judge_mandates(store: GraphStore, region: str | None, items: list[NodeRecord],
                   depts: list[NodeRecord]) -> list[Judged]:
    """Every judgeable legal duty of every county in scope that has list items, covered or not."""
    mandates = judgeable_mandates(store)
    if not mandates:
        return []
    # Only a county's own lists can be expected to hold a county department's permit; a
    # township's list (region 341182X01) is not where 动物诊疗许可证 would be.
    by_county: dict[str, list[NodeRecord]] = defaultdict(list)
    for it in items:
        code = region_code(it.props.get("region", ""))
        if it.label == "PowerItem" and len(code) == 6 and code == county_of(code):
            by_county[code].append(it)
    # Counties where some item is based on the article: the duty is held there, whatever its name.
    item_county = {it.id: county_of(it.props.get("region", "")) for it in items}
    based = edges_into(store, {m.article for m in mandates}, Rel.BASED_ON.value, region)
    based_counties = {a: {item_county[e.src] for e in es if e.src in item_county} for a, es in based.items()}
    resolver = DepartmentResolver(depts)
    covers = LawScope(store)
    out = []
    # The same permit can be given by two sentences of one article; judge it once.
    seen: set[tuple[str, str, str]] = set()
    for county, county_items in sorted(by_county.items()):
        if not county:
            continue
        carried = {t for it in county_items if (t := it.props.get("power_type"))}
        # One bigram-blocked name index per county and verb: mandates × items would be quadratic.
        blocks: dict[str, NameBlock] = {}
        for m in mandates:
            if m.verb not in blocks:
                blocks[m.verb] = NameBlock([norm(it.props.get("name", "")) for it in county_items
                                            if it.props.get("power_type") in VERB_TYPES[m.verb]])
            block = blocks[m.verb]
            if not carried & set(VERB_TYPES[m.verb]) or (county, m.article, m.core) in seen:
                continue
            seen.add((county, m.article, m.core))
            if not covers(m.article, county):
                continue  # a local regulation of another place
            dept = resolver.resolve(m.type_name, county)
            if dept is None:
                continue  # the county has no such body; nothing in its lists could be expected
            if county in based_counties.get(m.article, set()):
                out.append(Judged(m, county, dept, "based"))
            else:
                out.append(Judged(m, county, dept, "name" if block.about(m.core) else ""))
    return out


def mandate_gaps(store: GraphStore, region: str | None, items: list[NodeRecord],
                 depts: list[NodeRecord]) -> list[Finding]:
    """Findings of kind ``mandate_unheld``: the judged duties no item carries."""
    return mandate_findings(store, judge_mandates(store, region, items, depts))


def mandate_findings(store: GraphStore, judged: list[Judged]) -> list[Finding]:
    """The uncovered ones of ``judged`` as findings (for a caller that judged them already)."""
    judged = [j for j in judged if not j.covered_by]
    articles = store.get_nodes({j.mandate.article for j in judged})
    laws = store.get_nodes({a.props.get("law", "") for a in articles.values()})
    return [_finding(j.mandate, j.county, j.department, articles.get(j.mandate.article), laws) for j in judged]


def _finding(m: Mandate, county: str, dept: NodeRecord, art: NodeRecord | None,
             laws: dict[str, NodeRecord]) -> Finding:
    law = laws.get(art.props.get("law", "")) if art else None
    title = law.props.get("title", "") if law else ""
    label = art.props.get("label_zh", "") if art else ""
    dname = dept.props.get("name", dept.id)
    return Finding(
        kind="mandate_unheld", severity="high", region=county,
        title_zh=f"《{title}》{label}规定的「{m.permit}」在本地区清单中没有对应事项",
        detail_zh=(f"该条规定由{m.level or ''}{m.type_name}负责「{m.permit}」（原文: {m.sentence}），"
                   f"在本地区对应{dname}；但本地区清单中没有以该条为依据、也没有名称涉及「{m.core}」的"
                   f"{'/'.join(VERB_TYPES[m.verb])}事项。"),
        nodes=[m.article, m.dept_type, dept.id],
        edges=[{"src": m.article, "rel": Rel.MANDATES.value, "dst": m.dept_type,
                "props": {"verb": m.verb, "matter": m.matter, "source": m.source}}],
        data={"law": title, "article": label, "permit": m.permit, "core": m.core,
              "department_type": m.type_name, "department": dname})


def judge_duties(store: GraphStore, region: str | None,
                 depts: list[NodeRecord]) -> list[tuple[NodeRecord, NodeRecord, bool]]:
    """(duty, provision, covered) for the 三定 duties of a region's own departments.

    Only provisions whose department is in a region with lists are judged; a national 三定
    says what a ministry does, not what a county's list must hold. A duty is covered when a
    task or item derives from it (DERIVED_FROM) or is based on it (BASED_ON).
    """
    # A region with lists: one that some imported list (a ListVersion) belongs to. A county's 三定
    # (新宁县农业农村局) in a region without any list has nothing its duties could decompose into.
    listed = {v.props.get("region") for v in store.iter_nodes("ListVersion") if v.props.get("region")}
    dept_ids = {d.id for d in depts if d.props.get("region") in listed}
    duties = [d for d in load_nodes(store, ("Duty",), region)]
    provisions = store.get_nodes({d.props.get("provision", "") for d in duties if d.props.get("provision")})
    judged = [d for d in duties
              if (prov := provisions.get(d.props.get("provision", ""))) is not None
              and prov.props.get("department") in dept_ids]
    if not judged:
        return []
    derived = edges_into(store, judged, Rel.DERIVED_FROM.value, region)
    based = edges_into(store, judged, Rel.BASED_ON.value, region)
    return [(d, provisions[d.props["provision"]], bool(derived.get(d.id) or based.get(d.id))) for d in judged]


def duty_gaps(store: GraphStore, region: str | None, depts: list[NodeRecord]) -> list[Finding]:
    """三定 duties of a region's own departments that no task or item derives from (see judge_duties)."""
    out = []
    for d, prov, covered in judge_duties(store, region, depts):
        if covered:
            continue
        text = d.props.get("text") or d.props.get("name", "")
        out.append(Finding(
            kind="duty_unheld", severity="medium", region=county_of(d.props.get("region", "")),
            title_zh=f"{prov.props.get('title', '三定规定')}第{d.props.get('number', '')}项职责没有分解到任何清单事项",
            detail_zh=f"职责原文: {text[:200]}；本地区没有任何职责任务或清单事项注明由该项职责分解而来。",
            nodes=[d.id, prov.id, prov.props.get("department", "")],
            data={"provision": prov.props.get("title", ""), "number": d.props.get("number", "")}))
    return out
