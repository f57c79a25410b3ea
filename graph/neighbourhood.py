"""A node's neighbourhood for the web explorer: the nodes within a few hops, capped.

Backend-agnostic: only ``get_node``, ``edges_from`` and ``edges_to`` of the store interface,
and every neighbour list is sorted, so both backends give the same answer.

例: neighbourhood(store, "dept:…", depth=1, labels=["PowerItem"])
    → {"nodes": [{"id", "label", "name", "props"}, …], "edges": [{"src", "rel", "dst", "props"}, …],
       "truncated": False}
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.model import NodeRecord
from graph.store import GraphStore

MAX_DEPTH = 3
MAX_CAP = 2000

# Which edges a capped neighbourhood fills first: who holds what before where it is, and
# provenance (source rows, versions) last, so that a hub department shows its items, not its rows.
_REL_ORDER = {rel: rank for rank, rels in enumerate((
    ("HOLDS", "RULED", "DIVIDES", "APPROVES", "SUPERVISES"),
    ("DEFINES", "PART_OF", "DERIVED_FROM"),
    ("BASED_ON", "MANDATES", "MATCHED"),
    ("IN_REGION", "SUPERSEDES"),
    ("IN_VERSION", "FROM_SOURCE"),
)) for rel in rels}

# Which property names a node best, per label; the first non-empty wins.
_NAME_PROPS = ("name", "title", "label_zh", "text", "dataset", "path", "code")


def display_name(record: NodeRecord) -> str:
    """What the explorer prints on a node: its name, a law's title, an article's 第N条, a source's row."""
    props = record.props
    if record.label == "Article":
        return props.get("label_zh") or record.id
    if record.label == "Source":
        return " ".join(x for x in (props.get("path", "").rsplit("/", 1)[-1], props.get("locator", "")) if x) \
            or record.id
    for key in _NAME_PROPS:
        value = props.get(key)
        if value:
            return str(value)[:120]
    return record.id


def _node_json(record: NodeRecord) -> dict[str, Any]:
    return {"id": record.id, "label": record.label, "name": display_name(record), "props": record.props}


def neighbourhood(store: GraphStore, node_id: str, depth: int = 1, labels: Iterable[str] | None = None,
                  cap: int = 200) -> dict[str, Any] | None:
    """Nodes within ``depth`` hops of ``node_id`` (edges either way), at most ``cap`` of them.

    ``labels`` keeps only nodes of those labels (the start node always stays); hops go only
    through kept nodes, so a filter to Department and PowerItem never wanders via Source rows.
    ``truncated`` tells that the cap cut some nodes off. None when the node does not exist.
    """
    depth = max(0, min(int(depth), MAX_DEPTH))
    cap = max(1, min(int(cap), MAX_CAP))
    wanted = set(labels) if labels else None
    start = store.get_node(node_id)
    if start is None:
        return None

    nodes: dict[str, NodeRecord] = {node_id: start}
    edges: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    truncated = False
    frontier = [node_id]
    for _ in range(depth):
        next_frontier: list[str] = []
        for current in frontier:
            incident = sorted(store.edges_from(current) + store.edges_to(current),
                              key=lambda e: (_REL_ORDER.get(e.rel, 9), e.rel, e.src, e.dst, e.key))
            for e in incident:
                other = e.dst if e.src == current else e.src
                if other not in nodes:
                    if len(nodes) >= cap:
                        truncated = True
                        continue
                    record = store.get_node(other)
                    if record is None or (wanted is not None and record.label not in wanted):
                        continue
                    nodes[other] = record
                    next_frontier.append(other)
                edges.setdefault(e.ident, {"src": e.src, "rel": e.rel, "dst": e.dst, "props": e.props})
        frontier = next_frontier
        if not frontier:
            break

    # Edges between two kept nodes that no hop walked (e.g. between two neighbours) matter to
    # the picture too; take them from the last ring only, the inner ones were walked already.
    for current in frontier:
        for e in store.edges_from(current) + store.edges_to(current):
            if e.src in nodes and e.dst in nodes:
                edges.setdefault(e.ident, {"src": e.src, "rel": e.rel, "dst": e.dst, "props": e.props})

    return {
        "nodes": [_node_json(r) for r in nodes.values()],
        "edges": sorted(edges.values(), key=lambda e: (e["rel"], e["src"], e["dst"])),
        "truncated": truncated,
    }
