"""The one result shape every analysis returns: a finding that explains itself.

例: Finding(kind="approval_no_supervisor", severity="high", region="511602",
            title_zh="「食品经营许可」无监管部门",
            detail_zh="区行政审批局审批该事项，但没有审管联动行把监管交给任何部门。",
            nodes=["item:…", "dept:…"], edges=[…], sources=[{"path": "L05….csv", "locator": "第 12 行", …}])

A finding names the nodes and edges behind it and the Source rows they came from, so a
reader can open the list and see the row. ``to_row`` flattens it for ``--csv``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.csv_safe import csv_text
from graph.model import EdgeRecord, Rel
from graph.store import GraphStore

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_ZH = {"high": "严重", "medium": "中", "low": "低", "info": "提示"}

# Every kind any analysis emits, with the name a 编办 reader sees.
KIND_ZH = {
    # gaps
    "mandate_unheld": "法定职责无清单事项",
    "duty_unheld": "三定职责无清单事项",
    "approval_no_supervisor": "审批事项无监管部门",
    "supervisor_no_enforcement": "监管部门无对应检查/处罚事项",
    "territorial_no_lead": "属地事项无主体责任部门",
    "territorial_lead_outside": "属地事项主体责任部门不属本地区",
    "stale_department": "清单所列部门不在本地区机构名录中",
    "stale_name": "清单仍用机构改革前的部门名称",
    "generic_lead_only": "清单只写泛指主体，无具体承担部门",
    "call_unmatched": "呼叫/热线诉求无对应事项",
    "coverage": "清单未覆盖，无法判断",
    # overlaps
    "overlap": "职责交叉/重复",
    # linkage
    "linkage_broken": "审管联动链条断裂",
    # region comparison
    "assignment_differs": "同一事项各地承担部门不同",
}


@dataclass
class Finding:
    """One thing an analysis found, with everything needed to check it by hand."""

    kind: str
    severity: str
    region: str
    title_zh: str
    detail_zh: str
    nodes: list[str] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kind_zh(self) -> str:
        return KIND_ZH.get(self.kind, self.kind)

    def add_edge(self, e: EdgeRecord) -> None:
        self.edges.append({"src": e.src, "rel": e.rel, "dst": e.dst, "props": dict(e.props)})

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind_zh"] = self.kind_zh
        d["severity_zh"] = SEVERITY_ZH.get(self.severity, self.severity)
        return d

    def to_row(self) -> dict[str, str]:
        """One flat CSV row; lists joined with "；" so that the row opens cleanly in a spreadsheet."""
        return {
            "类型": self.kind_zh,
            "kind": self.kind,
            "严重程度": SEVERITY_ZH.get(self.severity, self.severity),
            "地区": self.region,
            "标题": self.title_zh,
            "说明": self.detail_zh,
            "来源": "；".join(_source_label(s) for s in self.sources),
            "节点": "；".join(self.nodes),
            "关系": "；".join(f"{e['src']}-[{e['rel']}]->{e['dst']}" for e in self.edges),
            "数据": json.dumps(self.data, ensure_ascii=False, sort_keys=True) if self.data else "",
        }


def _source_label(s: dict[str, str]) -> str:
    label = " ".join(x for x in (s.get("path", ""), s.get("locator", "")) if x)
    return label or s.get("id", "")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by region, kind and title: stable output for diffs and tests."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (rank.get(f.severity, 9), f.region, f.kind, f.title_zh))


def findings_csv(findings: Iterable[Finding]) -> str:
    rows = [f.to_row() for f in findings]
    fields = list(rows[0]) if rows else list(Finding("", "", "", "", "").to_row())
    return csv_text(fields, ([r.get(k, "") for k in fields] for r in rows))


# Nodes whose provenance is not one row: a department holds thousands of rows, a law is a file.
_NO_ROW_LABELS = {"Department", "Region", "DepartmentType", "Law", "ListVersion"}


def source_rows(store: GraphStore, ids: Iterable[str]) -> list[dict[str, str]]:
    """The Source rows behind some nodes: their FROM_SOURCE targets, and Source ids given directly."""
    return _sources_for(store, [list(ids)])[0]


def _sources_for(store: GraphStore, groups: list[list[str]]) -> list[list[dict[str, str]]]:
    """Source rows for several groups of ids, read in three bulk calls whatever the number of groups."""
    wanted = {i for g in groups for i in g if i}
    nodes = store.get_nodes(wanted)
    row_nodes = [i for i, rec in nodes.items() if rec.label not in _NO_ROW_LABELS and rec.label != "Source"]
    from_source: dict[str, list[str]] = {}
    for e in store.edges_of(row_nodes, Rel.FROM_SOURCE.value, "out"):
        from_source.setdefault(e.src, []).append(e.dst)
    src_ids = {i for i, rec in nodes.items() if rec.label == "Source"} | {d for ds in from_source.values() for d in ds}
    sources = store.get_nodes(src_ids - set(nodes)) | {i: nodes[i] for i in src_ids if i in nodes}
    out = []
    for g in groups:
        rows: list[dict[str, str]] = []
        seen: set[str] = set()
        for node_id in g:
            for sid in ([node_id] if node_id in sources else from_source.get(node_id, [])):
                rec = sources.get(sid)
                if sid in seen or rec is None or rec.label != "Source":
                    continue
                seen.add(sid)
                p = rec.props
                rows.append({"id": sid, "path": p.get("path", ""), "locator": p.get("locator", ""),
                             "text": p.get("text", ""), "version": p.get("version", "")})
        out.append(rows)
    return out


def attach_sources(store: GraphStore, findings: Iterable[Finding]) -> None:
    """Fill each finding's ``sources`` from its nodes and the ``source`` props of its edges.

    Done once at the end, for the findings actually returned, not for every candidate.
    """
    todo = [f for f in findings if not f.sources]
    groups = [list(f.nodes) + [e["props"].get("source", "") for e in f.edges] for f in todo]
    for f, rows in zip(todo, _sources_for(store, groups)):
        f.sources = rows
