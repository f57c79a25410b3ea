"""Duplicated duties that texts create (issue 13's clauses), for :mod:`graph.analyses.overlaps`.

Two kinds, each quoting its clauses:

- a joint duty: one clause gives one matter to several holders 「按照各自职责」 (no single lead);
- two texts, one matter, different leads: clauses of two documents whose matters are the same
  (normalised equal, or one the other plus a qualifier) and whose lead holders differ.

A clause counts for a region when its scope covers it: a national law everywhere, a 济南市
regulation in 济南市 and its counties; a clause of a place the divisions do not know (region kept
as a name) counts nowhere but in a whole-graph run.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.analyses.scope import in_scope, region_code
from graph.analyses.text import norm
from graph.model import NodeRecord, Rel, Role
from graph.store import GraphStore

CLAUSE_LABELS = ("DutyClause", "Ruling")
REASON_ZH = {"joint_clause": "条款规定多个部门按照各自职责共同负责同一事项",
             "clause_conflict": "两份文件把同一事项分别交给不同的牵头部门"}


def _covers(clause: NodeRecord, region: str | None, national: bool) -> bool:
    where = region_code(clause.props.get("region", ""))
    if not where:
        return national  # a national law's joint duties hold everywhere: asked for explicitly
    if not region:
        return True
    return where.isdigit() and in_scope(region, where)


def _leads(store: GraphStore, clause_id: str) -> list[tuple[str, str, str]]:
    """(holder node id, holder name, source) of a clause's lead RULED edges."""
    out = []
    for e in store.edges_from(clause_id, Rel.RULED.value):
        if (e.props.get("role") or Role.LEAD.value) == Role.LEAD.value:
            node = store.get_node(e.dst)
            out.append((e.dst, node.props.get("name", e.dst) if node else e.dst, e.props.get("source", "")))
    return out


def _item(c: NodeRecord, dept: tuple[str, str, str]) -> dict[str, Any]:
    p = c.props
    return {"id": c.id, "name": p.get("name", ""), "label": c.label, "power_type": "", "code": "", "base_code": "",
            "basis": p.get("text", ""), "department_id": dept[0], "department": dept[1], "source": dept[2],
            "document": p.get("dataset", ""), "locator": p.get("locator", ""), "joint": bool(p.get("joint"))}


def clause_overlap_groups(store: GraphStore, region: str | None = None,
                          national: bool = False) -> list[dict[str, Any]]:
    """[{reason, region, items, departments}] for the clauses that apply to ``region``.

    National clauses (every 「各有关部门按照各自职责」 of the 47 laws) only with ``national=True``.
    """
    clauses = [c for label in CLAUSE_LABELS for c in store.iter_nodes(label)
               if c.props.get("matter") and _covers(c, region, national)]
    clauses.sort(key=lambda c: c.id)
    leads = {c.id: _leads(store, c.id) for c in clauses}
    groups: list[dict[str, Any]] = []
    for c in clauses:
        ls = leads[c.id]
        if c.props.get("joint") and len({d[0] for d in ls}) >= 2:
            groups.append({"reason": "joint_clause", "region": region or c.props.get("region", ""),
                           "items": [_item(c, d) for d in ls],
                           "departments": sorted({(d[0], d[1]) for d in ls})})
    by_matter: dict[str, list[NodeRecord]] = defaultdict(list)
    for c in clauses:
        key = norm(c.props.get("matter", ""))
        if len(key) >= 4 and leads[c.id] and not c.props.get("joint"):
            by_matter[key].append(c)
    for key, cs in sorted(by_matter.items()):
        docs = {c.props.get("dataset", "") for c in cs}
        holders = {d[0] for c in cs for d in leads[c.id]}
        if len(docs) < 2 or len(holders) < 2:
            continue
        # Different leads across documents: each document's lead set differs from another's.
        per_doc = defaultdict(set)
        for c in cs:
            per_doc[c.props.get("dataset", "")].update(d[0] for d in leads[c.id])
        if len({frozenset(v) for v in per_doc.values()}) < 2:
            continue
        groups.append({"reason": "clause_conflict", "region": region or "",
                       "items": [_item(c, d) for c in cs for d in leads[c.id]],
                       "departments": sorted({(d[0], d[1]) for c in cs for d in leads[c.id]})})
    return groups
