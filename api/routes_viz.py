"""What the web explorer (viz/) asks beyond the general API: a region's findings as one list.

Chains and dossiers come from the general endpoints (/api/linkage/chain, /api/dossier). The
findings list is shaped for the explorer: gaps, overlaps and broken chains together, each naming its nodes, so
that the page can colour them and focus any one on click; ``sections`` arranges the same findings for
triage (graph/analyses/triage.py: grouped by kind and department, big same-cause groups folded,
「无法判断」 apart from the gaps). A chain broken at its supervisor is
also an "approval without supervisor" gap; the list keeps it once, as the chain.
"""
from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.params import Offset, RegionParam, State
from api.problems import problem_responses
from graph.analyses.findings import Finding, sort_findings
from graph.analyses.gaps import find_gaps
from graph.analyses.linkage import linkage_report
from graph.analyses.overlaps import find_overlaps, overlap_findings
from graph.analyses.triage import triage

router = APIRouter(prefix="/api/viz", tags=["图谱浏览器 / Explorer"])

MAX_FINDINGS = 5000
# Gap kinds that restate a broken linkage chain of the same approval.
_CHAIN_GAPS = {"approval_no_supervisor", "supervisor_no_enforcement"}
_CATEGORY = {"overlap": "overlap", "linkage_broken": "broken", "assignment_differs": "differs"}


def category(kind: str) -> str:
    """gap / overlap / broken / differs: what colour and badge the explorer gives a finding."""
    return _CATEGORY.get(kind, "gap")


def merge_findings(gaps: list[Finding], overlaps: list[Finding], broken: list[Finding]) -> list[Finding]:
    chains = {f.nodes[0] for f in broken if f.nodes}
    kept = [f for f in gaps if not (f.kind in _CHAIN_GAPS and f.nodes and f.nodes[0] in chains)]
    seen_coverage = {f.region for f in kept if f.kind == "coverage"}
    broken = [f for f in broken if not (f.kind == "coverage" and f.region in seen_coverage)]
    return sort_findings(kept + overlaps + broken)


@router.get(
    "/findings", responses=problem_responses(404, 422, 503),
    summary="地区发现汇总 / A region's findings",
    description="职责空白、职责交叉和审管联动断链合为一个列表，每条列出涉及的节点 id，供图谱浏览器着色和定位。"
                " / Gaps, overlaps and broken linkage chains as one list, each naming its node ids.",
)
def get_findings(
    state: State,
    region: RegionParam = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FINDINGS, description="最多返回几条 / Page size")] = 2000,
) -> dict[str, Any]:
    with state.lock.read():
        code = state.region_code(region)
        store = state.store
        findings = merge_findings(find_gaps(store, code), overlap_findings(find_overlaps(store, code), store),
                                  linkage_report(store, code).findings)
        arranged = triage(store, findings)
    rows = [{**f.to_dict(), "category": category(f.kind)} for f in findings]
    sections = arranged.to_dict()["sections"]
    for section in sections:
        for g in section["groups"]:
            g["category"] = "coverage" if g["undecidable"] else category(g["kind"])
            for f in g["findings"]:
                f["category"] = category(f["kind"])
    return {"region": code, "total": len(rows), "offset": offset, "limit": limit,
            "counts": dict(Counter(r["category"] for r in rows)), "summary_zh": arranged.summary_zh(),
            "sections": sections, "items": rows[offset:offset + limit]}
