"""Boundary gaps (职责空白): what a region's lists should hold and do not.

例: find_gaps(store, region="511602", kinds=["approval", "stale"])

Kinds (``--kind``), each explained in its own module:
- ``mandate``      a law article gives a county department a permit; no list item holds it (gaps_mandate)
- ``duty``         a 三定 duty of the region's department that no task or item derives from (gaps_mandate)
- ``approval``     an approval with no supervisor, or whose supervisor holds no inspection/penalty
                   item for it (the 审管联动 chains of linkage.py)
- ``territorial``  a 属地管理 item with no lead, or a lead that is not a department of the region
- ``stale``        a department named in a list but absent from the region's roster (gaps_roster), or
                   a list item whose only lead is a generic placeholder (有关部门: generic_lead_gaps)
- ``call``         a township call or hotline case that matches no item (gaps_calls)
"""
from __future__ import annotations

from collections.abc import Iterable

from graph.analyses.findings import Finding, attach_sources, sort_findings
from graph.analyses.gaps_calls import call_gaps
from graph.analyses.gaps_mandate import duty_gaps, mandate_gaps
from graph.analyses.gaps_roster import roster_counties, roster_gaps
from graph.analyses.linkage import build_chains, coverage_findings
from graph.analyses.scope import county_of, departments, edges_into, get_many, lead_holders, load_nodes
from graph.model import ITEM_KIND_ZH, ITEM_LABELS, NodeRecord, Rel, Role
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore

GAP_KINDS = ("mandate", "duty", "approval", "territorial", "stale", "call")
GAP_KINDS_ZH = {"mandate": "法定职责无清单事项", "duty": "三定职责未分解", "approval": "审批无监管",
                "territorial": "属地事项无主体", "stale": "部门不在机构名录或仅写泛指", "call": "诉求无对应事项"}
# Finding kinds each --kind selects, so that either name works on the command line.
_FINDING_KINDS = {
    "mandate": ("mandate_unheld",), "duty": ("duty_unheld",),
    "approval": ("approval_no_supervisor", "supervisor_no_enforcement"),
    "territorial": ("territorial_no_lead", "territorial_lead_outside"),
    "stale": ("stale_department", "stale_name", "generic_lead_only"), "call": ("call_unmatched",),
}


class GapKindError(ValueError):
    pass


def _kinds(kinds: Iterable[str] | None) -> set[str]:
    if not kinds:
        return set(GAP_KINDS)
    wanted = set()
    for k in kinds:
        group = next((g for g, fs in _FINDING_KINDS.items() if k == g or k in fs), None)
        if group is None:
            raise GapKindError(f"未知的空白类型「{k}」，可选: " + "、".join(f"{g}（{GAP_KINDS_ZH[g]}）" for g in GAP_KINDS))
        wanted.add(group)
    return wanted


def find_gaps(store: GraphStore, region: str | None = None, kinds: Iterable[str] | None = None,
              with_sources: bool = True) -> list[Finding]:
    """Every gap of the chosen kinds in ``region`` (a code; None: the whole graph), most severe first."""
    wanted = _kinds(kinds)
    only = set(kinds) - set(GAP_KINDS) if kinds else set()
    out: list[Finding] = []
    depts = list(departments(store, region).values())
    items: list[NodeRecord] = []
    holders: dict = {}
    if wanted & {"mandate", "stale", "territorial"}:
        items = load_nodes(store, [lab for lab in ITEM_LABELS if lab not in ("Duty", "DivisionClause", "Ruling")],
                           region)
    if wanted & {"stale", "territorial"}:
        holders = {}
        for rel in (Rel.HOLDS.value, Rel.APPROVES.value, Rel.SUPERVISES.value):
            for dst, es in edges_into(store, items, rel, region).items():
                holders.setdefault(dst, []).extend(es)
    if "mandate" in wanted:
        out += mandate_gaps(store, region, items, depts)
    if "duty" in wanted:
        out += duty_gaps(store, region, depts)
    if "approval" in wanted:
        out += approval_gaps(store, region)
    if "territorial" in wanted:
        out += territorial_gaps(store, items, holders, depts)
    if "stale" in wanted:
        out += roster_gaps(store, region, depts, items, holders)
        out += generic_lead_gaps(items, holders)
    if "call" in wanted:
        out += call_gaps(store, region)
    if only:
        out = [f for f in out if f.kind in only or f.kind == "coverage"]
    out = sort_findings(out)
    if with_sources:
        attach_sources(store, out)
    return out


def approval_gaps(store: GraphStore, region: str | None) -> list[Finding]:
    """Approvals whose chain breaks at the supervisor or at the supervisor's enforcement items."""
    chains = build_chains(store, region)
    out = []
    for c in chains:
        for link in c.missing():
            if link.step == "supervisor":
                kind, title = "approval_no_supervisor", f"「{c.approval_name}」没有监管部门"
            elif link.step == "enforcement":
                kind, title = "supervisor_no_enforcement", f"「{c.approval_name}」的监管部门没有对应的检查/处罚事项"
            else:
                continue
            out.append(Finding(kind=kind, severity="high" if link.step == "supervisor" else "medium",
                               region=c.region, title_zh=title, detail_zh=link.text_zh,
                               nodes=list(dict.fromkeys([c.approval_id, *c.linkage_ids, *link.nodes])),
                               data={"approvers": [a["name"] for a in c.approvers],
                                     "supervisors": [s["name"] for s in c.supervisors],
                                     "chain": c.to_markdown_line()}))
    return out + coverage_findings(chains)


# Kinds whose generic leads other analyses already report: 属地 (territorial_gaps), 审管联动 (the chains).
_GENERIC_ELSEWHERE = ("TerritorialItem", "LinkageItem")


def generic_lead_gaps(items: list[NodeRecord], holders: dict) -> list[Finding]:
    """List items held only by a generic placeholder (「有关部门」「相关单位」): no department leads them."""
    out = []
    for it in items:
        if it.label in _GENERIC_ELSEWHERE:
            continue
        said = [g for g in generic_holders(it.props) if g.role == Role.LEAD.value and not g.townships]
        if not said or lead_holders([e for e in holders.get(it.id, []) if e.rel == Rel.HOLDS.value]):
            continue
        p = it.props
        names = "、".join(dict.fromkeys(g.name for g in said))
        out.append(Finding(
            kind="generic_lead_only", severity="medium", region=county_of(p.get("region", "")),
            title_zh=f"{ITEM_KIND_ZH.get(it.label, it.label)}「{p.get('name', '')}」只写了泛指的主体「{names}」",
            detail_zh=(f"清单「{said[0].column}」列写的是「{names}」，这是泛指的一类单位，不能确定由哪个部门承担；"
                       "应写明具体部门"),
            nodes=[it.id], data={"generic_holders": [g.to_prop() for g in said]}))
    return out


def territorial_gaps(store: GraphStore, items: list[NodeRecord], holders: dict,
                     depts: list[NodeRecord]) -> list[Finding]:
    """属地管理 items with no 主体责任 department, or one that is not of the item's region."""
    territorial = [it for it in items if it.label == "TerritorialItem"]
    if not territorial:
        return []
    rostered = roster_counties(depts)
    nodes = {d.id: d for d in depts}
    get_many(store, [e.src for it in territorial for e in holders.get(it.id, [])], nodes)
    out = []
    for it in territorial:
        p = it.props
        county = county_of(p.get("region", ""))
        leads = lead_holders([e for e in holders.get(it.id, []) if e.rel == Rel.HOLDS.value])
        generic = [g for g in generic_holders(p) if g.role == Role.LEAD.value]
        name = p.get("name", "")
        for g in generic:
            # 各乡镇（街道）: every township leads in its own territory — a lead. 有关部门: nobody in particular.
            if not g.townships:
                out.append(Finding(
                    kind="territorial_no_lead", severity="high", region=county,
                    title_zh=f"属地事项「{name}」没有明确的主体责任部门",
                    detail_zh=f"清单写明主体责任为「{g.name}」，这是泛指，不能确定由哪个部门承担",
                    nodes=[it.id], data={"lead_text": p.get("lead_text", ""), "collective": True,
                                         "generic_holder": g.name}))
        if generic and not leads:
            continue
        if not leads:
            said = (p.get("lead_text") or "").strip()
            out.append(Finding(
                kind="territorial_no_lead", severity="high", region=county,
                title_zh=f"属地事项「{name}」没有主体责任部门",
                detail_zh=(f"清单写明主体责任为「{said}」，但它对应不到任何部门" if said
                           else "清单没有写明主体责任部门") + (
                    f"；配合部门: {p.get('cooperate_text')}" if p.get("cooperate_text") else ""),
                nodes=[it.id], data={"lead_text": said, "domain": p.get("domain", "")}))
            continue
        for e in leads:
            d = nodes.get(e.src)
            dp = d.props if d else {}
            reason = ""
            if county_of(dp.get("region", "")) != county:
                reason = f"主体责任部门「{dp.get('name', e.src)}」属于 {dp.get('region', '未知地区')}，不属本地区"
            elif county in rostered and not dp.get("in_roster"):
                reason = f"主体责任部门「{dp.get('name', e.src)}」不在本地区机构名录中"
            if reason:
                f = Finding(kind="territorial_lead_outside", severity="high", region=county,
                            title_zh=f"属地事项「{name}」的主体责任部门不属本地区",
                            detail_zh=reason, nodes=[it.id, e.src],
                            data={"lead": dp.get("name", ""), "lead_region": dp.get("region", "")})
                f.add_edge(e)
                out.append(f)
    return out
