"""审管联动 chains: approval item → approving body → supervising department → its inspection
and penalty items → their legal basis, with every broken link named.

例: linkage_chain(store, "食品经营许可", region="511602")
    → 食品经营许可 → 区行政审批局 (审批) → 区市监局 (监管, 审管联动清单第 3 行)
      → 对食品经营的监督检查 (行政检查) → 《食品安全法》第一百一十条；断链: 无

The supervisor of an approval comes from a SUPERVISES edge (a 审管联动 row). When the
approval is held by its own line department, not by a 行政审批局, that department
supervises what it approves (谁审批谁监管) and the chain needs no linkage row.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from graph.analyses.findings import Finding, attach_sources, sort_findings
from graph.analyses.scope import (county_of, edges_into, edges_out_of, get_many, lead_holders,
                                  load_nodes, region_code)
from graph.analyses.text import NameBlock, is_approval_body, name_core, norm
from graph.model import NodeRecord, Rel
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore

APPROVAL_TYPES = ("行政许可",)
ENFORCEMENT_TYPES = ("行政检查", "行政处罚")
# A linkage row names its approval in words of its own; below this they are different approvals.
LINK_MATCH_MIN = 90.0

OK, MISSING, UNKNOWN = "ok", "missing", "unknown"
STEP_ZH = {"approval": "审批事项", "approver": "审批部门", "supervisor": "监管部门",
           "enforcement": "检查/处罚事项", "basis": "法律依据"}


@dataclass
class Link:
    """One step of a chain. ``status`` ok / missing / unknown (the lists cannot tell)."""

    step: str
    status: str
    text_zh: str
    nodes: list[str] = field(default_factory=list)


@dataclass
class LinkageChain:
    region: str
    approval_id: str
    approval_name: str
    linkage_ids: list[str] = field(default_factory=list)
    approvers: list[dict[str, str]] = field(default_factory=list)
    supervisors: list[dict[str, str]] = field(default_factory=list)
    enforcement: list[dict[str, Any]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    approval_articles: list[str] = field(default_factory=list)   # what the approval and its rows cite

    @property
    def broken(self) -> bool:
        return any(link.status == MISSING for link in self.links)

    @property
    def complete(self) -> bool:
        """Every step present and checked: a chain with a step the lists cannot tell is not complete."""
        steps = {link.step: link.status for link in self.links}
        return set(steps) == set(STEP_ZH) and all(status == OK for status in steps.values())

    @property
    def verdict_zh(self) -> str:
        if self.broken:
            return "断链"
        return "完整" if self.complete else "未能全部核实"

    def missing(self, step: str | None = None) -> list[Link]:
        return [link for link in self.links if link.status == MISSING and (step is None or link.step == step)]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["broken"] = self.broken
        d["complete"] = self.complete
        d["verdict_zh"] = self.verdict_zh
        return d

    def to_markdown_line(self) -> str:
        parts = [f"{STEP_ZH[link.step]}: {link.text_zh}{'' if link.status == OK else '（' + ('缺失' if link.status == MISSING else '无法判断') + '）'}"
                 for link in self.links]
        return " → ".join(parts)


@dataclass
class LinkageReport:
    region: str | None
    chains: list[LinkageChain]
    findings: list[Finding]

    @property
    def broken(self) -> list[LinkageChain]:
        return [c for c in self.chains if c.broken]

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "chains": len(self.chains), "broken": len(self.broken),
                "findings": [f.to_dict() for f in self.findings],
                "broken_chains": [c.to_dict() for c in self.broken]}


def linkage_rows(store: GraphStore, region: str | None) -> list[NodeRecord]:
    """The 审管联动 rows of a region that name an approval (a notice's principles left out)."""
    return [r for r in load_nodes(store, ("LinkageItem",), region) if not r.props.get("principle")]


class _Region:
    """Everything the chains of one region need, read once."""

    def __init__(self, store: GraphStore, region: str | None):
        self.store = store
        power = load_nodes(store, ("PowerItem",), region)
        self.approvals = [r for r in power if r.props.get("power_type") in APPROVAL_TYPES]
        self.enforcement = [r for r in power if r.props.get("power_type") in ENFORCEMENT_TYPES]
        self.linkage = linkage_rows(store, region)
        targets = self.approvals + self.enforcement + self.linkage
        self.holds = edges_into(store, self.approvals + self.enforcement, Rel.HOLDS.value, region)
        self.approves = edges_into(store, targets, Rel.APPROVES.value, region)
        self.supervises = edges_into(store, targets, Rel.SUPERVISES.value, region)
        # The approvals and linkage rows cite articles too: the chain's 法律依据 starts with them.
        self.based_on = _based_on(store, self.enforcement + self.approvals + self.linkage, region)
        self.nodes: dict[str, NodeRecord] = {r.id: r for r in targets}
        dept_ids = [e.src for es in (*self.holds.values(), *self.approves.values(), *self.supervises.values())
                    for e in es]
        get_many(store, dept_ids, self.nodes)
        # Enforcement items by the department that leads them, and counties that list any at all.
        self.enforcement_by_dept: dict[str, list[NodeRecord]] = defaultdict(list)
        self.counties_with_enforcement: set[str] = set()
        for item in self.enforcement:
            self.counties_with_enforcement.add(county_of(item.props.get("region", "")))
            for e in lead_holders(self.holds.get(item.id, [])):
                self.enforcement_by_dept[e.src].append(item)
        self._enf_names: dict[str, NameBlock] = {}
        self.counties_with_approvals = {county_of(a.props.get("region", "")) for a in self.approvals}
        self.rows_of_approval = self._match_linkage_rows()

    def _match_linkage_rows(self) -> dict[str, list[NodeRecord]]:
        """Linkage rows per approval item of the same county: same 事项编码, same name, or nearly
        the same name (≥ LINK_MATCH_MIN)."""
        by_county: dict[str, dict[str, list[NodeRecord]]] = defaultdict(lambda: defaultdict(list))
        by_code: dict[str, list[NodeRecord]] = defaultdict(list)
        for a in self.approvals:
            by_county[county_of(a.props.get("region", ""))][norm(a.props.get("name", ""))].append(a)
            if a.props.get("code"):
                by_code[a.props["code"]].append(a)
        out: dict[str, list[NodeRecord]] = defaultdict(list)
        self.unmatched_rows: list[NodeRecord] = []
        for row in self.linkage:
            names = by_county.get(county_of(row.props.get("region", "")), {})
            key = norm(row.props.get("name", ""))
            hits = by_code.get(row.props.get("code") or "\0") or names.get(key)
            if not hits and names:
                best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=LINK_MATCH_MIN)
                hits = names[best[0]] if best else None
            if hits:
                for a in hits:
                    out[a.id].append(row)
            else:
                self.unmatched_rows.append(row)
        self._share_within_groups(out)
        return out

    def _share_within_groups(self, rows_of: dict[str, list[NodeRecord]]) -> None:
        """A row for one step of a permit (核发) covers its siblings (延续、变更、注销) of the same
        事项分组 in the same county: the supervisor supervises the permit, not one step of it."""
        groups: dict[tuple[str, str], list[NodeRecord]] = defaultdict(list)
        for a in self.approvals:
            if a.props.get("group"):
                groups[(county_of(a.props.get("region", "")), a.props["group"])].append(a)
        self.via_group: set[str] = set()
        for members in groups.values():
            shared = [row for a in members for row in rows_of.get(a.id, [])]
            if not shared:
                continue
            for a in members:
                if a.id not in rows_of:
                    rows_of[a.id] = list({row.id: row for row in shared}.values())
                    self.via_group.add(a.id)

    def enforcement_block(self, dept_id: str) -> NameBlock:
        if dept_id not in self._enf_names:
            self._enf_names[dept_id] = NameBlock([norm(i.props.get("name", ""))
                                                  for i in self.enforcement_by_dept.get(dept_id, [])])
        return self._enf_names[dept_id]

    def name(self, node_id: str) -> str:
        rec = self.nodes.get(node_id)
        return rec.props.get("name", node_id) if rec else node_id


def _based_on(store: GraphStore, items: list[NodeRecord], region: str | None) -> dict[str, list[str]]:
    edges = edges_out_of(store, items, Rel.BASED_ON.value, region)
    return {src: [e.dst for e in es] for src, es in edges.items()}


def _chain(r: _Region, approval: NodeRecord | None, rows: list[NodeRecord]) -> LinkageChain:
    """One chain, from an approval item and the linkage rows that name it (either may be missing)."""
    head = approval or rows[0]
    p = head.props
    chain = LinkageChain(region=region_code(p.get("region", "")), approval_id=head.id,
                         approval_name=p.get("name", ""), linkage_ids=[x.id for x in rows])
    chain.approval_articles = sorted({a for x in [approval, *rows] if x is not None for a in r.based_on.get(x.id, [])})
    # 1. the approval item itself, as a list carries it
    if approval is not None:
        chain.links.append(Link("approval", OK, f"{p.get('name', '')}（{p.get('power_type', '')}）", [approval.id]))
    elif county_of(chain.region) not in r.counties_with_approvals:
        chain.links.append(Link("approval", UNKNOWN,
                                f"审管联动清单列出「{p.get('name', '')}」；本地区未导入含行政许可的清单，无法核对", [head.id]))
    else:
        chain.links.append(Link("approval", MISSING,
                                f"审管联动清单列出「{p.get('name', '')}」，但本地区清单中没有这项许可", [head.id]))
    # 2. approving body: APPROVES edges of the rows or the item, else the item's lead holders
    approver_edges = [e for x in [approval, *rows] if x is not None for e in r.approves.get(x.id, [])]
    if not approver_edges and approval is not None:
        approver_edges = lead_holders(r.holds.get(approval.id, []))
    approver_ids = list(dict.fromkeys(e.src for e in approver_edges))
    chain.approvers = [{"id": d, "name": r.name(d)} for d in approver_ids]
    if approver_ids:
        chain.links.append(Link("approver", OK, "、".join(r.name(d) for d in approver_ids), approver_ids))
    else:
        said = "；".join(x.props.get("approver_text", "") for x in rows if x.props.get("approver_text"))
        vague = list(dict.fromkeys(g.name for x in rows for g in generic_holders(x.props) if g.duty == "审批"))
        chain.links.append(Link("approver", MISSING,
                                f"审批部门「{'、'.join(vague)}」是泛指，不能确定由哪个部门审批" if vague else
                                f"审批部门「{said}」未能对应到本地区部门" if said else "没有任何部门审批该事项",
                                [x.id for x in rows]))
    # 3. supervising department
    sup_edges = [e for x in [approval, *rows] if x is not None for e in r.supervises.get(x.id, [])]
    sup_ids = list(dict.fromkeys(e.src for e in sup_edges))
    how = "审管联动（同一事项分组）" if approval is not None and approval.id in r.via_group else "审管联动"
    if not sup_ids:
        own = [d for d in approver_ids if not is_approval_body(r.name(d))]
        if own and not rows:
            sup_ids, how = own, "谁审批谁监管"
    chain.supervisors = [{"id": d, "name": r.name(d), "how": how} for d in sup_ids]
    if sup_ids:
        chain.links.append(Link("supervisor", OK, "、".join(r.name(d) for d in sup_ids) + f"（{how}）", sup_ids))
    else:
        said = "；".join(x.props.get("supervisor_text", "") for x in rows if x.props.get("supervisor_text"))
        vague = list(dict.fromkeys(g.name for x in rows for g in generic_holders(x.props) if g.duty == "监管"))
        if vague:
            text = f"审管联动清单写明监管部门「{'、'.join(vague)}」，这是泛指，不能确定由哪个部门监管"
        elif said:
            text = f"审管联动清单写明监管部门「{said}」，但它未能对应到本地区任何部门"
        elif rows:
            text = "审管联动清单中该行没有监管部门"
        else:
            text = (f"由{chain.approvers[0]['name'] if chain.approvers else '审批部门'}审批，"
                    "但没有审管联动清单行指明由哪个部门监管")
        chain.links.append(Link("supervisor", MISSING, text, [x.id for x in rows] + approver_ids))
        return chain
    # 4. the supervisors' inspection / penalty items about this matter
    if county_of(chain.region) not in r.counties_with_enforcement:
        chain.links.append(Link("enforcement", UNKNOWN, "本地区清单未导入任何行政检查/行政处罚事项，无法核对"))
        return chain
    core = name_core(chain.approval_name)
    found: list[NodeRecord] = []
    for d in sup_ids:
        held = r.enforcement_by_dept.get(d, [])
        found += [held[i] for i in r.enforcement_block(d).about(core)]
    if not found:
        names = "、".join(r.name(d) for d in sup_ids)
        held = sum(len(r.enforcement_by_dept.get(d, [])) for d in sup_ids)
        chain.links.append(Link("enforcement", MISSING,
                                f"{names}持有 {held} 项检查/处罚事项，但没有一项针对「{core}」", sup_ids))
        return chain
    chain.links.append(Link("enforcement", OK, "、".join(i.props.get("name", "") for i in found),
                            [i.id for i in found]))
    # 5. legal basis of those items
    no_basis = []
    for i in found:
        arts = r.based_on.get(i.id, [])
        chain.enforcement.append({"id": i.id, "name": i.props.get("name", ""),
                                  "power_type": i.props.get("power_type", ""),
                                  "articles": arts, "basis": i.props.get("basis", "")})
        if not arts and not i.props.get("basis"):
            no_basis.append(i)
    if no_basis:
        chain.links.append(Link("basis", MISSING, "以下事项没有实施依据: " + "、".join(
            i.props.get("name", "") for i in no_basis), [i.id for i in no_basis]))
    else:
        arts = sorted({a for e in chain.enforcement for a in e["articles"]})
        chain.links.append(Link("basis", OK, f"{len(arts)} 条法条" if arts else "见实施依据文本", arts))
    return chain


def build_chains(store: GraphStore, region: str | None = None,
                 approval_ids: set[str] | None = None) -> list[LinkageChain]:
    """Every approval's chain in a region, or only those of ``approval_ids`` (approval or linkage row ids)."""
    r = _Region(store, region)
    chains = []
    for a in r.approvals:
        rows = r.rows_of_approval.get(a.id, [])
        if approval_ids is None or a.id in approval_ids or any(x.id in approval_ids for x in rows):
            chains.append(_chain(r, a, rows))
    for row in r.unmatched_rows:
        if approval_ids is None or row.id in approval_ids:
            chains.append(_chain(r, None, [row]))
    return chains


def chain_findings(chains: list[LinkageChain]) -> list[Finding]:
    """One finding per broken chain, naming every missing link."""
    out = []
    for c in chains:
        missing = c.missing()
        if not missing:
            continue
        steps = "、".join(STEP_ZH[m.step] for m in missing)
        f = Finding(kind="linkage_broken", severity="high" if missing[0].step in ("supervisor", "approver")
                    else "medium", region=c.region,
                    title_zh=f"「{c.approval_name}」审管联动链条断在{steps}",
                    detail_zh="；".join(m.text_zh for m in missing),
                    nodes=list(dict.fromkeys([c.approval_id, *c.linkage_ids, *(n for m in missing for n in m.nodes)])),
                    data={"missing": [m.step for m in missing], "chain": c.to_markdown_line()})
        out.append(f)
    return out


def coverage_findings(chains: list[LinkageChain]) -> list[Finding]:
    """One note per county whose lists carry no inspection/penalty item, instead of one per chain."""
    unknown: dict[str, list[LinkageChain]] = defaultdict(list)
    for c in chains:
        if any(link.step == "enforcement" and link.status == UNKNOWN for link in c.links):
            unknown[county_of(c.region)].append(c)
    return [Finding(kind="coverage", severity="info", region=county,
                    title_zh=f"{len(cs)} 项审批的监管部门是否持有检查/处罚事项无法核对",
                    detail_zh="本地区已导入的清单中没有任何行政检查或行政处罚事项（例如政务服务事项清单不含这两类），"
                              "导入权责清单后即可核对审管联动链条的后半段。",
                    data={"step": "enforcement", "chains": len(cs)})
            for county, cs in sorted(unknown.items())]


def linkage_report(store: GraphStore, region: str | None = None) -> LinkageReport:
    """Region-wide report: every chain, and a finding per broken one. 例: linkage_report(store, "511602")."""
    chains = build_chains(store, region)
    findings = sort_findings(chain_findings(chains)) + coverage_findings(chains)
    attach_sources(store, findings)
    return LinkageReport(region, chains, findings)


def linkage_chain(store: GraphStore, item_query_or_id: str, region: str | None = None,
                  limit: int = 5) -> list[LinkageChain]:
    """The chain of one approval, by node id or by name (fuzzy, best matches first).

    例: linkage_chain(store, "燃气经营许可", region="511602")
    """
    rec = store.get_node(item_query_or_id)
    if rec is not None and rec.label in ("PowerItem", "LinkageItem"):
        return build_chains(store, county_of(rec.props.get("region", "")) or region, {rec.id})
    from graph.lookup.ngram_index import NgramIndex

    candidates = [r for r in load_nodes(store, ("PowerItem",), region)
                  if r.props.get("power_type") in APPROVAL_TYPES] + linkage_rows(store, region)
    if not candidates:
        return []
    index = NgramIndex([c.props.get("name", "") for c in candidates])
    hits = [(pos, s) for pos, s in index.search(item_query_or_id, limit=limit) if s >= 55]
    if not hits:
        return []
    by_county: dict[str, set[str]] = defaultdict(set)
    for pos, _ in hits:
        c = candidates[pos]
        by_county[county_of(c.props.get("region", ""))].add(c.id)
    order = {candidates[pos].id: i for i, (pos, _) in enumerate(hits)}

    def rank(ch: LinkageChain) -> int:
        return min(order.get(x, len(order)) for x in [ch.approval_id, *ch.linkage_ids])

    chains = [ch for county, ids in by_county.items() for ch in build_chains(store, county, ids)]
    # A linkage row matched to an approval is part of that approval's chain, not a chain of its own.
    # Several approvals may share one row (核发, 补办, 注销 … of one licence): each keeps its chain,
    # or asking by name would silently show whichever came first.
    seen_approvals: set[str] = set()
    seen_rows: set[str] = set()
    out = []
    for ch in sorted(chains, key=rank):
        if ch.approval_id in seen_approvals or ch.approval_id in seen_rows:
            continue
        seen_approvals.add(ch.approval_id)
        seen_rows.update(ch.linkage_ids)
        out.append(ch)
    return out[:limit]
