"""Duplicated duties (职责交叉/重复): one power held as lead by two or more departments of a region.

例: find_overlaps(store, "511602")
    → [OverlapCluster(items=[「燃气经营许可」区住建局, 「燃气经营许可证核发」区行政审批局], settled=False, …)]

"The same item" means, within one county and one power type:
- one item node with lead HOLDS edges from two departments (two 牵头 in one row);
- items sharing a specific base code (基本编码) whose names agree (a bare group code such as "G"
  or "Z" is shared by unrelated items, so a code alone is not enough);
- items with the same normalised name;
- items with near-same names (ratio ≥ NEAR_NAME, and one is the other plus a qualifier — see
  ``same_matter``) and the same legal basis (a BASED_ON article in common, or the same basis
  text). Without a shared basis, near names are variants, not twins.

Pairs are never compared wholesale: items are blocked by county and type, exact keys (code,
name) are joined with dictionaries, and near names are compared only within a basis block,
through their rarest bigrams when a block is large. Matches are merged with union-find, so a
cluster of five lists one finding, not ten pairs.

A cluster is settled when a 职责分工 clause or a ruling that applies to the region names its
matter (and, when it carries DIVIDES/RULED edges, one of the cluster's departments); the
clause is quoted. Otherwise it is unsettled.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from graph.analyses.findings import Finding, attach_sources
from graph.analyses.scope import (county_of, edges_into, edges_out_of, get_many, in_scope, lead_holders,
                                  load_nodes, region_code)
from graph.analyses.text import about_same_matter, dept_kind_name, name_core, norm
from graph.model import NodeRecord, Rel
from graph.store import GraphStore

# An AssistanceItem is left out: several assisting bodies for one request is how assistance works.
HELD_LABELS = ("PowerItem", "Task", "TerritorialItem", "TownshipDutyItem")
NEAR_NAME = 90.0
CODE_NAME_AGREE = 70.0
# Above this a basis block is searched through rare bigrams instead of all pairs.
DIRECT_BLOCK = 300
RARE_GRAMS = 3
_SPECIFIC_CODE = re.compile(r"^(?=.*\d)[0-9A-Za-z]{8,}$")


@dataclass
class OverlapCluster:
    region: str
    reason: str                       # code / name / near_name / joint
    reason_zh: str
    items: list[dict[str, Any]]
    departments: list[dict[str, str]]
    settled: bool = False
    settled_by: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)   # other regions' clauses, not binding here

    @property
    def title_zh(self) -> str:
        names = "、".join(dict.fromkeys(i["name"] for i in self.items))
        depts = "、".join(d["name"] for d in self.departments)
        if self.reason == "clause_conflict":
            return f"「{names}」在不同文件中分别交给{depts}牵头"
        return f"「{names}」由{depts}共同作为主体/牵头"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["title_zh"] = self.title_zh
        return d

    def to_finding(self) -> Finding:
        if self.settled:
            by = "；".join(f"{s['kind_zh']}「{s['quote']}」" for s in self.settled_by)
            detail = f"{self.reason_zh}。已有分工依据: {by}"
        else:
            detail = f"{self.reason_zh}。没有找到适用于本地区的职责分工条款或争议认定，需明确主体部门。"
        return Finding(kind="overlap", severity="low" if self.settled else ("medium" if self.reason in ("joint", "joint_clause") else "high"),
                       region=self.region, title_zh=self.title_zh, detail_zh=detail,
                       nodes=[i["id"] for i in self.items] + [d["id"] for d in self.departments]
                       + [s["id"] for s in self.settled_by],
                       data={"reason": self.reason, "settled": self.settled,
                             "departments": [d["name"] for d in self.departments],
                             "items": [i["name"] for i in self.items]})


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}
        self.members: set[str] = set()

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: str, b: str, why: str) -> None:
        self.members.update((a, b))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            # Keep the strongest reason seen for the merged set.
            order = ("code", "name", "near_name")
            whys = [w for w in (self.why.get(ra), self.why.get(rb), why) if w]
            self.why[ra] = min(whys, key=order.index)


def same_matter(a: str, b: str) -> bool:
    """Two normalised names with ratio ≥ NEAR_NAME that do not differ in substance.

    Cut what both share at the front and at the back: if both keep something of their own, they
    name two matters in one template (对未取得「拖拉机」许可… vs 对未取得「渔业捕捞」许可…); if one keeps
    nothing, it is the other plus a qualifier (城市道路占用挖掘许可 / …许可（延期）): the same power.
    Even one character of each is substance: 第一类 / 第二类医疗器械.
    """
    if fuzz.ratio(a, b) < NEAR_NAME:
        return False
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    j = 0
    while j < min(len(a), len(b)) - k and a[-1 - j] == b[-1 - j]:
        j += 1
    rest_a, rest_b = a[k:len(a) - j], b[k:len(b) - j]
    return not rest_a or not rest_b


def _near_pairs(names: list[str]) -> list[tuple[int, int]]:
    """Index pairs of near-same names (``same_matter``) among distinct normalised names."""
    n = len(names)
    if n < 2:
        return []
    if n <= DIRECT_BLOCK:
        m = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NEAR_NAME)
        return [(i, j) for i in range(n) for j in range(i + 1, n) if m[i, j] and same_matter(names[i], names[j])]
    grams = [{a + b for a, b in zip(s, s[1:])} or {s} for s in names]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, gs in enumerate(grams):
        for g in gs:
            postings[g].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, gs in enumerate(grams):
        rare = sorted(gs, key=lambda g: len(postings[g]))[:RARE_GRAMS]
        for g in rare:
            for j in postings[g]:
                if j > i and (i, j) not in pairs and same_matter(names[i], names[j]):
                    pairs.add((i, j))
    return sorted(pairs)


def _basis_keys(item: NodeRecord, articles: dict[str, list[str]]) -> list[str]:
    keys = [f"art:{a}" for a in articles.get(item.id, [])]
    basis = norm(item.props.get("basis", ""))
    if basis:
        keys.append(f"txt:{basis[:200]}")
    return keys


def _clusters(items: list[NodeRecord], leads: dict[str, set[str]],
              articles: dict[str, list[str]]) -> tuple[_UnionFind, list[list[str]]]:
    uf = _UnionFind()
    blocks: dict[tuple[str, str], list[NodeRecord]] = defaultdict(list)
    for it in items:
        if leads.get(it.id):
            blocks[(county_of(it.props.get("region", "")), it.props.get("power_type") or it.label)].append(it)
    for block in blocks.values():
        if len({d for it in block for d in leads[it.id]}) < 2:
            continue  # one department holds the whole block: no overlap possible
        by_code: dict[str, list[NodeRecord]] = defaultdict(list)
        by_name: dict[str, list[NodeRecord]] = defaultdict(list)
        by_basis: dict[str, list[NodeRecord]] = defaultdict(list)
        for it in block:
            code = (it.props.get("base_code") or "").strip()
            if _SPECIFIC_CODE.match(code):
                by_code[code].append(it)
            by_name[norm(it.props.get("name", ""))].append(it)
            for key in _basis_keys(it, articles):
                by_basis[key].append(it)
        for group in by_code.values():
            first = norm(group[0].props.get("name", ""))
            for other in group[1:]:
                if fuzz.ratio(first, norm(other.props.get("name", ""))) >= CODE_NAME_AGREE:
                    uf.union(group[0].id, other.id, "code")
        for name, group in by_name.items():
            if name:
                for other in group[1:]:
                    uf.union(group[0].id, other.id, "name")
        for group in by_basis.values():
            names = list(dict.fromkeys(norm(it.props.get("name", "")) for it in group))
            if len(names) < 2:
                continue
            of_name: dict[str, list[NodeRecord]] = defaultdict(list)
            for it in group:
                of_name[norm(it.props.get("name", ""))].append(it)
            for i, j in _near_pairs(names):
                uf.union(of_name[names[i]][0].id, of_name[names[j]][0].id, "near_name")
    groups: dict[str, list[str]] = defaultdict(list)
    for x in uf.members:
        groups[uf.find(x)].append(x)
    return uf, list(groups.values())


_REASON_ZH = {"code": "事项基本编码相同", "name": "事项名称相同", "near_name": "事项名称几乎相同且设定依据相同",
              "joint": "同一清单行列明两个以上主体/牵头部门"}


def _is_territorial_spread(depts: list[NodeRecord]) -> bool:
    """Every township leading in its own territory (各乡镇（街道）负责) is not an overlap."""
    return bool(depts) and all(d.props.get("kind") == "乡镇街道" for d in depts)


def find_overlaps(store: GraphStore, region: str | None = None, clauses: str = "regional") -> list[OverlapCluster]:
    """Clusters of the same power held as lead by ≥ 2 departments of one county, settled or not.

    ``clauses``: the duties texts give (issue 13) — joint duties and one matter given to different
    leads by two texts on one subject (see :mod:`graph.analyses.clause_overlaps` for the rules
    that keep template phrases and governments out) — from the region's own and its superiors'
    texts ("regional", the default), also from national laws ("all": every 「各有关部门按照各自
    职责」 of the 47 laws), or not at all ("none").
    """
    items = load_nodes(store, HELD_LABELS, region)
    holds = edges_into(store, items, Rel.HOLDS.value, region)
    leads = {i: {e.src for e in lead_holders(es)} for i, es in holds.items()}
    based = edges_out_of(store, [it for it in items if it.label == "PowerItem"], Rel.BASED_ON.value, region)
    articles = {k: [e.dst for e in v] for k, v in based.items()}
    uf, groups = _clusters(items, leads, articles)
    by_id = {it.id: it for it in items}
    dept_nodes: dict[str, NodeRecord] = {}
    get_many(store, {d for ds in leads.values() for d in ds}, dept_nodes)

    clusters: list[OverlapCluster] = []
    grouped = {x for g in groups for x in g}
    for group in groups:
        depts = sorted({d for x in group for d in leads.get(x, ())})
        if len(depts) >= 2 and not _is_territorial_spread([dept_nodes[d] for d in depts if d in dept_nodes]):
            clusters.append(_cluster(group, uf.why.get(uf.find(group[0]), "name"), depts, by_id, leads, holds,
                                     dept_nodes))
    # One row, two leads: no union needed.
    for it in items:
        ds = sorted(leads.get(it.id, ()))
        if it.id not in grouped and len(ds) >= 2 and not _is_territorial_spread(
                [dept_nodes[d] for d in ds if d in dept_nodes]):
            clusters.append(_cluster([it.id], "joint", ds, by_id, leads, holds, dept_nodes))
    if clauses != "none":
        from graph.analyses.clause_overlaps import REASON_ZH, clause_overlap_groups

        for g in clause_overlap_groups(store, region, national=clauses == "all"):
            clusters.append(OverlapCluster(region=g["region"], reason=g["reason"], reason_zh=REASON_ZH[g["reason"]],
                                           items=g["items"], departments=[{"id": i, "name": n} for i, n in g["departments"]]))
    _settle(store, clusters, region, dept_nodes)
    clusters.sort(key=lambda c: (c.settled, c.region, c.title_zh))
    return clusters


def _cluster(group: list[str], reason: str, depts: list[str], by_id: dict[str, NodeRecord],
             leads: dict[str, set[str]], holds: dict, dept_nodes: dict[str, NodeRecord]) -> OverlapCluster:
    items = []
    for x in sorted(group, key=lambda i: by_id[i].props.get("name", "")):
        p = by_id[x].props
        for e in lead_holders(holds.get(x, [])):
            items.append({"id": x, "name": p.get("name", ""), "label": by_id[x].label,
                          "power_type": p.get("power_type", ""), "code": p.get("code", ""),
                          "base_code": p.get("base_code", ""), "basis": p.get("basis", ""),
                          "department_id": e.src,
                          "department": dept_nodes[e.src].props.get("name", e.src) if e.src in dept_nodes else e.src,
                          "source": e.props.get("source", "")})
    region = county_of(by_id[group[0]].props.get("region", ""))
    return OverlapCluster(region=region, reason=reason, reason_zh=_REASON_ZH.get(reason, reason), items=items,
                          departments=[{"id": d, "name": dept_nodes[d].props.get("name", d) if d in dept_nodes else d}
                                       for d in depts])


def _settle(store: GraphStore, clusters: list[OverlapCluster], region: str | None,
            dept_nodes: dict[str, NodeRecord]) -> None:
    """Mark clusters that a 职责分工 clause or a ruling of the region or above decides, quoting it.

    A clause or ruling with no region (an unnamed city's notice, another county's 三定) decides
    nothing here; it is listed under ``references`` for the reader to weigh.
    """
    if not clusters:
        return
    deciders = load_nodes(store, ("DivisionClause", "Ruling"), None, regional_only=False)
    if not deciders:
        return
    named: dict[str, set[str]] = defaultdict(set)
    for rel in (Rel.DIVIDES.value, Rel.RULED.value):
        for src, es in edges_out_of(store, deciders, rel, None).items():
            named[src].update(e.dst for e in es)
    texts = {d.id: " ".join(x for x in (d.props.get("name", ""), d.props.get("text", ""),
                                        d.props.get("lead_text", "")) if x) for d in deciders}
    for c in clusters:
        cores = {name_core(i["name"]) for i in c.items} - {""}
        ids = {d["id"] for d in c.departments}
        for dec in deciders:
            p = dec.props
            text = texts[dec.id]
            if not any(about_same_matter(core, text) for core in cores):
                continue
            where = region_code(p.get("region", ""))
            entry = {"id": dec.id, "kind": dec.label,
                     "kind_zh": "职责分工条款" if dec.label == "DivisionClause" else "争议事项认定",
                     "quote": (p.get("text") or p.get("name", ""))[:300], "lead": p.get("lead_text", ""),
                     "date": p.get("date", ""), "region": where}
            if not where or not in_scope(c.region, where):
                c.references.append(entry)
                continue
            if named.get(dec.id) and not (named[dec.id] & ids) and not _names_dept(text, c, dept_nodes):
                continue
            c.settled = True
            c.settled_by.append(entry)


def _names_dept(text: str, c: OverlapCluster, dept_nodes: dict[str, NodeRecord]) -> bool:
    t = norm(text)
    for d in c.departments:
        rec = dept_nodes.get(d["id"])
        names = [d["name"]] + (list(rec.props.get("aliases") or []) if rec else [])
        if any(len(k := dept_kind_name(n)) >= 2 and k in t for n in names):
            return True
    return False


def overlap_findings(clusters: list[OverlapCluster], store: GraphStore | None = None) -> list[Finding]:
    """Clusters as findings (for --csv and the combined report); sources attached when a store is given."""
    findings = [c.to_finding() for c in clusters]
    if store is not None:
        attach_sources(store, findings)
    return findings
