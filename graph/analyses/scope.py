"""Read one region's slice of the graph in bulk, through the GraphStore interface only.

例: items = load_items(store, ("PowerItem",), "511602"); holds = edges_into(store, items, "HOLDS", "511602")

With a region, nodes come from ``find_nodes_prefix`` and edges from ``edges_of`` (one
round trip each on Neo4j); with no region the whole graph is read with ``iter_nodes`` /
``iter_edges``, which is cheaper than asking per node when every node is wanted.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.model import EdgeRecord, NodeRecord, Rel, Role
# Region codes have one meaning, in graph.reference.regions; the analyses use these names for it.
from graph.reference.regions import (  # noqa: F401  (re-exported for the analyses)
    code_within as in_scope, county_of, normalize_code as region_code, region_prefix)
from graph.store import GraphStore


def load_nodes(store: GraphStore, labels: Iterable[str], region: str | None,
               current_only: bool = True, regional_only: bool = True) -> list[NodeRecord]:
    """Nodes of some labels in a region; items no longer in the current list version are skipped.

    ``regional_only`` also skips nodes that belong to no region: a notice's general rule
    (谁审批、谁监管) is not a row of any region's list.
    """
    out: list[NodeRecord] = []
    prefix = region_prefix(region_code(region)) if region else ""
    for label in labels:
        recs = store.find_nodes_prefix(label, "region", prefix) if region else store.iter_nodes(label)
        for rec in recs:
            if current_only and rec.props.get("current") is False:
                continue
            if region and not in_scope(rec.props.get("region", ""), region):
                continue
            if regional_only and not region and not rec.props.get("region"):
                continue
            out.append(rec)
    return out


def _current(e: EdgeRecord) -> bool:
    # A newer list version retires the HOLDS edges it no longer states (current=False).
    return e.props.get("current") is not False


def _edges_at(store: GraphStore, nodes: Iterable[NodeRecord] | Iterable[str], rel: str, region: str | None,
              current_only: bool, direction: str) -> dict[str, list[EdgeRecord]]:
    ids = {n if isinstance(n, str) else n.id for n in nodes}
    found: dict[str, list[EdgeRecord]] = defaultdict(list)
    if not ids:
        return found
    # One region: ask for these nodes' edges; a whole province: one pass over the type is cheaper.
    edges = store.edges_of(ids, rel, direction) if region else store.iter_edges(rel)
    for e in edges:
        end = e.dst if direction == "in" else e.src
        if end in ids and (not current_only or _current(e)):
            found[end].append(e)
    return found


def edges_into(store: GraphStore, targets: Iterable[NodeRecord] | Iterable[str], rel: str,
               region: str | None, current_only: bool = True) -> dict[str, list[EdgeRecord]]:
    """Edges of one type entering the targets, keyed by target id."""
    return _edges_at(store, targets, rel, region, current_only, "in")


def edges_out_of(store: GraphStore, sources: Iterable[NodeRecord] | Iterable[str], rel: str,
                 region: str | None, current_only: bool = True) -> dict[str, list[EdgeRecord]]:
    """Edges of one type leaving the sources, keyed by source id."""
    return _edges_at(store, sources, rel, region, current_only, "out")
    edges = store.edges_of(ids, rel, "out") if region else store.iter_edges(rel)
    for e in edges:
        if e.src in ids and (not current_only or _current(e)):
            found[e.src].append(e)
    return found


def role_of(e: EdgeRecord) -> str:
    return e.props.get("role") or Role.LEAD.value


def lead_holders(holds: list[EdgeRecord]) -> list[EdgeRecord]:
    """HOLDS edges that make a department answerable for the item (主体/牵头)."""
    return [e for e in holds if role_of(e) == Role.LEAD.value]


def departments(store: GraphStore, region: str | None) -> dict[str, NodeRecord]:
    return {r.id: r for r in load_nodes(store, ("Department",), region, current_only=False)}


def get_many(store: GraphStore, ids: Iterable[str], cache: dict[str, NodeRecord]) -> dict[str, NodeRecord]:
    """Fetch nodes not already in ``cache`` and add them to it."""
    missing = [i for i in dict.fromkeys(ids) if i not in cache]
    if missing:
        cache.update(store.get_nodes(missing))
    return cache


HOLDS = Rel.HOLDS.value
