"""Findings arranged for triage: grouped by kind and department, most severe first, with many
findings of one cause folded into one note, and what cannot be decided kept apart from gaps.

例: triage(store, findings)  # 广安区: 281 broken chains, 1 territorial gap, 1 coverage note
    → sections[0] 「需要处理」: 属地事项无主体责任部门 · 1
      sections[1] 「无法判断」: 区行政审批局 281 项审批在审管联动清单中没有对应行（折叠为一条）; 清单未覆盖 …

Why fold: when one department's approvals all lack a 审管联动 row, the list was not published for
that department (or not imported) — that is one fact about coverage, not 281 supervision gaps,
and listing it 281 times buries the real gaps beneath it. A group is folded when at least
``FOLD_MIN`` findings share kind, cause and department; a folded group whose cause is a missing
list row is "cannot tell" (无法判断), like the analyses' own coverage findings.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.analyses.findings import KIND_ZH, SEVERITIES, SEVERITY_ZH, Finding
from graph.store import GraphStore

FOLD_MIN = 10
# Findings whose cause is "no row in some list": many of them at one department mean the list
# does not cover that department, so they are no evidence of a gap.
_ROW_MISSING = {("linkage_broken", "supervisor"), ("approval_no_supervisor", "")}
_UNDECIDABLE_KINDS = {"coverage"}


@dataclass
class FindingGroup:
    kind: str
    cause: str
    department_id: str
    department: str
    severity: str
    findings: list[Finding] = field(default_factory=list)
    folded: bool = False
    undecidable: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.cause}|{self.department_id}"

    def title_zh(self) -> str:
        who = self.department or "未指明部门"
        n = len(self.findings)
        if self.folded and self.undecidable:
            return f"{who}：{n} 项审批在审管联动清单中没有对应行（清单未覆盖，无法判断是否有监管空白）"
        return f"{KIND_ZH.get(self.kind, self.kind)} · {who} · {n} 条"

    def detail_zh(self) -> str:
        if self.folded and self.undecidable:
            return (f"这 {len(self.findings)} 条链条都断在同一处（没有审管联动清单行指明监管部门），且都出自{self.department or '同一部门'}："
                    "更可能是该部门的审管联动清单未公布或未导入，而不是逐项的监管空白。导入完整的审管联动清单后即可逐项核对。")
        if self.folded:
            return f"同一原因的 {len(self.findings)} 条发现，已合并为一组；展开可逐条查看。"
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "kind_zh": KIND_ZH.get(self.kind, self.kind), "cause": self.cause,
                "department_id": self.department_id, "department": self.department, "severity": self.severity,
                "severity_zh": SEVERITY_ZH.get(self.severity, self.severity), "count": len(self.findings),
                "folded": self.folded, "undecidable": self.undecidable, "title_zh": self.title_zh(),
                "detail_zh": self.detail_zh(), "findings": [f.to_dict() for f in self.findings]}


@dataclass
class Triage:
    actionable: list[FindingGroup]      # gaps, overlaps, broken chains that stand
    undecidable: list[FindingGroup]     # 无法判断: coverage notes and folded missing-row groups

    def to_dict(self) -> dict[str, Any]:
        return {"sections": [
            {"key": "actionable", "title_zh": "需要处理", "count": sum(len(g.findings) for g in self.actionable),
             "groups": [g.to_dict() for g in self.actionable]},
            {"key": "undecidable", "title_zh": "无法判断（清单未覆盖）", "count": sum(len(g.findings) for g in self.undecidable),
             "groups": [g.to_dict() for g in self.undecidable]},
        ]}

    def summary_zh(self) -> str:
        a = sum(len(g.findings) for g in self.actionable)
        u = sum(len(g.findings) for g in self.undecidable)
        return f"需要处理 {a} 条（{len(self.actionable)} 组）；无法判断 {u} 条（{len(self.undecidable)} 组）"


def _cause(f: Finding) -> str:
    missing = f.data.get("missing") if isinstance(f.data, dict) else None
    return ",".join(missing) if isinstance(missing, list) else ""


def triage(store: GraphStore, findings: Iterable[Finding], fold_min: int = FOLD_MIN) -> Triage:
    """Group ``findings`` by (kind, cause, department); fold big groups; split off what cannot be told."""
    findings = list(findings)
    ids = {n for f in findings for n in f.nodes}
    nodes = store.get_nodes(ids)
    depts = {i: r for i, r in nodes.items() if r.label == "Department"}
    groups: dict[tuple[str, str, str], FindingGroup] = {}
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    for f in findings:
        dept_id = next((n for n in f.nodes if n in depts), "")
        dept = depts[dept_id].props.get("name", dept_id) if dept_id else ""
        key = (f.kind, _cause(f), dept_id)
        g = groups.get(key)
        if g is None:
            g = groups[key] = FindingGroup(f.kind, key[1], dept_id, dept, f.severity)
        g.findings.append(f)
        if rank.get(f.severity, 9) < rank.get(g.severity, 9):
            g.severity = f.severity
    actionable, undecidable = [], []
    for g in groups.values():
        g.findings.sort(key=lambda f: (rank.get(f.severity, 9), f.title_zh))
        g.folded = len(g.findings) >= fold_min
        g.undecidable = g.kind in _UNDECIDABLE_KINDS or (g.folded and (g.kind, g.cause) in _ROW_MISSING)
        (undecidable if g.undecidable else actionable).append(g)
    order = lambda g: (rank.get(g.severity, 9), -len(g.findings), g.kind, g.department, g.department_id)  # noqa: E731
    return Triage(sorted(actionable, key=order), sorted(undecidable, key=order))
