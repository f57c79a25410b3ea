"""Region comparison (市县同权, standardisation): the same matter, assigned to different departments.

例: compare_regions(store, "燃气经营许可")
    → 广安区: 区行政审批局 (行政审批局) · 岳池县: 岳池县住房和城乡建设局 (住房城乡建设主管部门) → differs

Departments of different counties are compared by their kind, not their name: the 机构改革
keyword table (graph/reference/data/department_keywords.csv) turns 区市监局 and 岳池县市场监督管理局
into 市场监督管理部门; a body the table does not know is compared by its name without the
region (行政审批局).

Without a matter, every power held in two or more counties (same specific base code, else
same name) is compared: the region-wide standardisation report.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from graph.analyses.findings import Finding
from graph.analyses.scope import county_of, edges_into, get_many, lead_holders, load_nodes
from graph.analyses.text import dept_kind_name, norm
from graph.lookup.catalog import ItemCatalog
from graph.lookup.index_cache import item_catalog
from graph.model import NodeRecord, Rel, Role
from graph.reference.department_names import expand
from graph.reference.generic_holders import generic_holders
from graph.reference.reform_map import load_keywords
from graph.reference.regions import strip_region_names
from graph.store import GraphStore

MATCH_MIN = 70.0
# Items within this many points of a county's best match count as the same matter there.
BAND = 5.0
_SPECIFIC_CODE = re.compile(r"^(?=.*\d)[0-9A-Za-z]{8,}$")


@lru_cache(maxsize=65536)
def department_kind(name: str) -> str:
    """The kind of body a department is, comparable across regions. 例: "区市监局" → "市场监督管理部门"."""
    from graph.analyses.text import is_approval_body

    if is_approval_body(name):
        return "行政审批局"
    if re.search(r"乡镇|乡、镇|街道", name) and re.search(r"政府|办事处", name):
        return "乡镇人民政府（街道办事处）"
    if re.search(r"人民政府$|^.{0,12}[区县市]政府$", name):
        return "人民政府"
    # 人民政府 contains 民政: take it out before looking for 民政部门's keyword.
    name = name.replace("人民政府", "政府")
    expanded = expand(name).replace("人民政府", "政府")
    for type_name, words in load_keywords().items():
        if any(w and (w in name or w in expanded) for w in words):
            return type_name
    return dept_kind_name(strip_region_names(name))


@dataclass
class RegionAssignment:
    region: str
    region_name: str
    departments: list[dict[str, str]]
    items: list[dict[str, Any]]

    @property
    def kinds(self) -> list[str]:
        return sorted({d["kind"] for d in self.departments})


@dataclass
class RegionComparison:
    matter: str
    regions: list[RegionAssignment] = field(default_factory=list)

    @property
    def groups(self) -> dict[str, list[str]]:
        """Department kind → the regions that assign the matter to it."""
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.regions:
            for k in r.kinds or ["（无责任部门）"]:
                out[k].append(r.region_name or r.region)
        return dict(sorted(out.items(), key=lambda x: -len(x[1])))

    @property
    def differs(self) -> bool:
        return len({tuple(r.kinds) for r in self.regions}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"matter": self.matter, "differs": self.differs, "groups": self.groups,
                "regions": [{**asdict(r), "kinds": r.kinds} for r in self.regions],
                "summary_zh": self.summary_zh()}

    def rows(self) -> list[dict[str, str]]:
        return [{"事项": self.matter, "地区": r.region_name or r.region, "部门": d["name"], "部门类别": d["kind"],
                 "匹配事项": "、".join(dict.fromkeys(i["name"] for i in r.items))}
                for r in self.regions for d in r.departments or [{"name": "", "kind": ""}]]

    def summary_zh(self) -> str:
        if not self.regions:
            return f"没有任何地区的清单含有「{self.matter}」。"
        parts = "；".join(f"{k}: {'、'.join(v)}" for k, v in self.groups.items())
        head = "各地承担部门不一致" if self.differs else "各地承担部门一致"
        return f"「{self.matter}」在 {len(self.regions)} 个地区: {head}（{parts}）"

    def to_finding(self) -> Finding:
        return Finding(kind="assignment_differs", severity="medium", region="",
                       title_zh=f"「{self.matter}」各地承担部门不同", detail_zh=self.summary_zh(),
                       nodes=[i["id"] for r in self.regions for i in r.items],
                       data={"groups": self.groups})


def _region_names(store: GraphStore) -> dict[str, str]:
    return {r.props.get("code", ""): r.props.get("name", "") for r in store.iter_nodes("Region")}


def _assignments(store: GraphStore, items: list[NodeRecord], names: dict[str, str],
                 holds: dict | None = None) -> list[RegionAssignment]:
    holds = holds if holds is not None else edges_into(store, items, Rel.HOLDS.value, None)
    depts: dict[str, NodeRecord] = {}
    get_many(store, [e.src for it in items for e in lead_holders(holds.get(it.id, []))], depts)
    by_county: dict[str, list[NodeRecord]] = defaultdict(list)
    for it in items:
        by_county[county_of(it.props.get("region", ""))].append(it)
    out = []
    for county, its in sorted(by_county.items()):
        ds: dict[str, dict[str, str]] = {}
        for it in its:
            for e in lead_holders(holds.get(it.id, [])):
                name = depts[e.src].props.get("name", e.src) if e.src in depts else e.src
                ds[e.src] = {"id": e.src, "name": name, "kind": department_kind(name)}
            for g in generic_holders(it.props):   # 各乡镇人民政府(街道办事处): a lead, though no node
                if g.role == Role.LEAD.value:
                    ds[g.display_id] = {"id": g.display_id, "name": g.name, "kind": department_kind(g.name)}
        out.append(RegionAssignment(county, names.get(county, ""), sorted(ds.values(), key=lambda d: d["name"]),
                                    [{"id": it.id, "name": it.props.get("name", ""),
                                      "power_type": it.props.get("power_type", "")} for it in its]))
    return out


def compare_regions(store: GraphStore, matter: str, regions: list[str] | None = None,
                    catalog: ItemCatalog | None = None) -> RegionComparison:
    """How each county with a matching item assigns ``matter``. ``regions`` limits the counties compared."""
    catalog = catalog or item_catalog(store)
    result = RegionComparison(matter)
    if len(catalog) == 0:
        return result
    hits = catalog.index.search(matter, limit=max(200, len(catalog.region_codes) * 8))
    best: dict[str, float] = {}
    chosen: list[tuple[str, float]] = []
    for pos, score in hits:
        if score < MATCH_MIN or catalog.label_of(pos) in ("Ruling", "DivisionClause", "Duty"):
            continue
        county = county_of(catalog.region_codes[int(catalog.regions[pos])])
        if regions and county not in {county_of(r) for r in regions}:
            continue
        top = best.setdefault(county, score)
        if score >= top - BAND:
            chosen.append((catalog.ids[pos], score))
    items = [r for r in store.get_nodes(i for i, _ in chosen).values()]
    result.regions = _assignments(store, items, _region_names(store))
    return result


def standardisation_report(store: GraphStore, region: str | None = None) -> list[Finding]:
    """Every power held in ≥ 2 counties whose lead department kind differs between them.

    Keyed by specific base code (the province's 基本编码), else by normalised name.
    例: standardisation_report(store, "510000") → one finding per power assigned differently.
    """
    items = [r for r in load_nodes(store, ("PowerItem",), region)]
    holds = edges_into(store, items, Rel.HOLDS.value, region)
    groups: dict[str, list[NodeRecord]] = defaultdict(list)
    for it in items:
        code = (it.props.get("base_code") or "").strip()
        groups[code if _SPECIFIC_CODE.match(code) else "name:" + norm(it.props.get("name", ""))].append(it)
    depts: dict[str, NodeRecord] = {}
    get_many(store, {e.src for es in holds.values() for e in lead_holders(es)}, depts)
    names = _region_names(store)
    out = []
    for key, its in groups.items():
        counties = {county_of(it.props.get("region", "")) for it in its}
        if len(counties) < 2:
            continue
        kinds: dict[str, set[str]] = defaultdict(set)
        for it in its:
            for e in lead_holders(holds.get(it.id, [])):
                dname = depts[e.src].props.get("name", "") if e.src in depts else ""
                kinds[department_kind(dname)].add(county_of(it.props.get("region", "")))
        if len(kinds) < 2:
            continue
        matter = its[0].props.get("name", "")
        parts = "；".join(f"{k}: {len(v)} 个地区（{'、'.join(sorted(names.get(c, c) for c in v)[:5])}"
                         f"{'等' if len(v) > 5 else ''}）" for k, v in sorted(kinds.items(), key=lambda x: -len(x[1])))
        out.append(Finding(kind="assignment_differs", severity="low", region=region or "",
                           title_zh=f"「{matter}」各地承担部门不同",
                           detail_zh=f"{len(counties)} 个地区持有该事项，主体部门分属 {len(kinds)} 类: {parts}",
                           nodes=[it.id for it in its[:20]],
                           data={"key": key, "kinds": {k: sorted(v) for k, v in kinds.items()}}))
    out.sort(key=lambda f: (-len(f.data["kinds"]), f.title_zh))
    return out
