"""Clauses read by :mod:`ingest.clauses` → graph nodes, and their holders → departments of a region.

Each clause becomes one node — a DutyClause for a law or local regulation, a Ruling for a
notice — named by its matter, with props matter / verb / condition / level / text / locator /
joint / generic, a RULED edge to each holder (``role`` lead or cooperate, ``joint`` for
「按照各自职责」) and FROM_SOURCE edges to the sentence's Source (file + article/paragraph + text).

A holder is the region's Department when the region has one of that name or alias (no twins),
else a DepartmentType named as the text names it, without level words (「交通主管部门」), which
:func:`holders_in_region` later turns into the asked region's department through the reform map
and the level words; what does not resolve stays a type, with its sentence.
"""
from __future__ import annotations

from typing import Iterable

from graph.model import DepartmentType, DutyClause, EdgeRecord, NodeRecord, Rel, Role, Ruling, Source, edge, stable_id, to_record
from graph.lookup.clause_holders import RegionalHolder, holders_in_region  # noqa: F401 (re-exported)
from graph.store import GraphStore
from ingest.clauses import Clause, Holder
from ingest.document_aliases import Designation, designated
from ingest.document_scope import Scope


def type_id(name: str) -> str:
    return stable_id("dtype", name)


class HolderTargets:
    """Holder name → node id for one import: the region's Department by name or alias, else a type."""

    def __init__(self, store: GraphStore, region: str) -> None:
        self.store = store
        self.types: dict[str, DepartmentType] = {}
        self.by_name: dict[str, str] = {}
        if region:
            for dept in store.find_nodes("Department", region=region):
                for n in [dept.props.get("name", "")] + list(dept.props.get("aliases") or []):
                    if n:
                        self.by_name.setdefault(n, dept.id)

    def target(self, holder: Holder) -> str:
        if holder.name in self.by_name:
            return self.by_name[holder.name]
        tid = type_id(holder.name)
        if tid not in self.types and self.store.get_node(tid) is None:
            from graph.reference.reform_map import current_type_name  # late: reads its CSV once

            self.types[tid] = DepartmentType(id=tid, name=holder.name, current_name=current_type_name(holder.name))
        return tid

    def records(self) -> list[NodeRecord]:
        return [to_record(t) for t in self.types.values()]


def _common(c: Clause) -> dict:
    return dict(matter=c.matter, verb=c.verb, condition=c.condition, level=c.level, text=c.sentence,
                locator=c.unit.locator, joint=c.joint, generic=c.generic,
                lead_text="、".join(h.name for h in c.leads), cooperate_text="、".join(h.name for h in c.cooperating))


def clause_graph(clauses: Iterable[Clause], *, dataset: str, scope: Scope, targets: HolderTargets, source_for,
                 label: str = "DutyClause", law: str = "", article_for=None, date: str = "",
                 file_source: str = "", designated_by: dict[str, Designation] | None = None,
                 refers_for=None, items_for=None) -> tuple[list[NodeRecord], list[EdgeRecord], int]:
    """Nodes and edges for the clauses of one document; ``source_for(unit)`` gives the unit's Source.

    ``designated_by`` (ingest.document_aliases.designations of the same document): a holder the document
    designated a body for (「上海市水务局…是本市供水行政主管部门」) keeps its RULED edge to the type as the
    text names it, with the designated body and the designating sentence on the edge. ``refers_for(sentence)``
    gives what the articles a sentence refers to say (ingest.internal_references), kept as ``refers``;
    ``items_for(unit)`` what a heading unit lists (ingest.listed_items), kept as ``items``.

    Returns (nodes, edges, clauses written). Ids come from the file, the unit and the clause's
    position, so re-importing the same text writes the same nodes.
    """
    designated_by = designated_by or {}
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    seen_sources: set[str] = set()
    # A place the divisions do not know is kept by name: an empty region would make a 郑州市
    # regulation answer questions everywhere (empty = national).
    region = scope.code or ("" if scope.level in ("national", "") else scope.name)
    count = 0
    per_unit: dict[int, int] = {}
    for c in clauses:
        k = per_unit.get(c.unit.line, 0)
        per_unit[c.unit.line] = k + 1
        cid = stable_id("clause" if label == "DutyClause" else "ruling", dataset, str(c.unit.line), c.sentence, str(k))
        src: Source = source_for(c.unit)
        if src.id not in seen_sources:
            nodes.append(to_record(src))
            seen_sources.add(src.id)
        props = _common(c)
        if label == "DutyClause":
            art = article_for(c.unit) if article_for else ""
            node = DutyClause(id=cid, name=c.matter, region=region, dataset=dataset, law=law, article=art,
                              scope_level=scope.level, refers=refers_for(c.sentence) if refers_for else "",
                              items=items_for(c.unit) if items_for else "", **props)
            if art:
                edges.append(edge(cid, Rel.PART_OF, art))
        else:
            node = Ruling(id=cid, name=c.matter, region=region, dataset=dataset, date=date,
                          scope_level=scope.level, **props)
        nodes.append(to_record(node))
        edges.append(edge(cid, Rel.FROM_SOURCE, src.id))
        if file_source:
            edges.append(edge(cid, Rel.FROM_SOURCE, file_source))
        for role, holders in ((Role.LEAD.value, c.leads), (Role.COOPERATE.value, c.cooperating)):
            for h in holders:
                extra = {}
                d = designated(h.name, h.level, designated_by)
                if d is not None:
                    extra = dict(designated=d.body, designated_named=d.named, designated_locator=d.locator,
                                 designated_text=d.text)
                edges.append(edge(cid, Rel.RULED, targets.target(h), source=src.id, key=f"{role}:{h.name}",
                                  role=role, joint=c.joint and role == Role.LEAD.value, holder=h.name,
                                  holder_level=h.level, **extra))
        count += 1
    return nodes, edges, count
