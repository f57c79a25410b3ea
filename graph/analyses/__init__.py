"""The questions a 编办 asks of the graph, one module each, every answer explaining itself.

    from graph.analyses import find_gaps, find_overlaps, linkage_report
    find_gaps(store, region="511602")          # 职责空白
    find_overlaps(store, region="511602")      # 职责交叉/重复
    linkage_chain(store, "食品经营许可", "511602")  # 审管联动链条

Every analysis reads the graph through :class:`graph.store.GraphStore` only, so it gives the
same answer on the embedded store and on Neo4j.
"""
from graph.analyses.compare_regions import RegionComparison, compare_regions, standardisation_report
from graph.analyses.diff import DiffError, ListDiff, diff_versions
from graph.analyses.dossier import Dossier, dossier
from graph.analyses.findings import KIND_ZH, Finding, findings_csv
from graph.analyses.gaps import GAP_KINDS, GapKindError, find_gaps
from graph.analyses.impact import ImpactQueryError, LawImpact, law_impact
from graph.analyses.linkage import LinkageChain, LinkageReport, linkage_chain, linkage_report
from graph.analyses.overlaps import OverlapCluster, find_overlaps, overlap_findings

__all__ = [
    "GAP_KINDS", "KIND_ZH", "DiffError", "Dossier", "Finding", "GapKindError", "ImpactQueryError", "LawImpact",
    "LinkageChain", "LinkageReport", "ListDiff", "OverlapCluster", "RegionComparison", "compare_regions",
    "diff_versions", "dossier", "find_gaps", "find_overlaps", "findings_csv", "law_impact", "linkage_chain",
    "linkage_report", "overlap_findings", "standardisation_report",
]
