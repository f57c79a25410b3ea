"""The shortest chain of relationships between two nodes, for the explorer's 「最短路径」.

例: shortest_path(store, "dept:…区市场监督管理局", "art:…食品安全法第三十五条")
    → 区市场监督管理局 —承担→ 食品经营许可 —依据→ 《食品安全法》第三十五条

Breadth-first from both ends at once (edges either way), so the work grows with the square
root of what a one-sided search would visit. A path through a Source row, a list version or a
region says nothing (every row of a file, every body of a county is "connected" that way), so
those nodes are never steps in between unless asked for. Ties are broken by id: the same path
on every backend.
"""
from __future__ import annotations

from typing import Any

from graph.model import EdgeRecord
from graph.neighbourhood import node_json
from graph.store import GraphStore

MAX_LENGTH = 8
MAX_VISITED = 200_000
# Nodes that connect everything they touch and so explain nothing as a step in between.
HUB_LABELS = frozenset({"Source", "ListVersion", "Region"})


class PathTooLong(ValueError):
    """No path within the length asked for (or the search grew past its budget)."""


def _incident(store: GraphStore, node_id: str) -> list[EdgeRecord]:
    return sorted(store.edges_from(node_id) + store.edges_to(node_id), key=lambda e: (e.src, e.rel, e.dst, e.key))


def shortest_path(store: GraphStore, src: str, dst: str, max_length: int = 6,
                  through_hubs: bool = False) -> dict[str, Any] | None:
    """{"nodes": […], "edges": […], "length": n} from ``src`` to ``dst``; None if either node is missing.

    Raises PathTooLong (Chinese message) when no path of at most ``max_length`` steps exists.
    """
    max_length = max(1, min(int(max_length), MAX_LENGTH))
    if store.get_node(src) is None or store.get_node(dst) is None:
        return None
    if src == dst:
        return {"nodes": [node_json(store, store.get_node(src))], "edges": [], "length": 0}
    labels: dict[str, str] = {}

    def passable(node_id: str) -> bool:
        if through_hubs or node_id in (src, dst):
            return True
        if node_id not in labels:
            rec = store.get_node(node_id)
            labels[node_id] = rec.label if rec else ""
        return labels[node_id] not in HUB_LABELS

    # parent[side][node] = (previous node, edge) on that side's search tree
    parents: list[dict[str, tuple[str, EdgeRecord] | None]] = [{src: None}, {dst: None}]
    frontiers = [[src], [dst]]
    meet = None
    steps = 0
    while frontiers[0] and frontiers[1] and steps < max_length and meet is None:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, other = parents[side], parents[1 - side]
        nxt: list[str] = []
        for node in frontiers[side]:
            for e in _incident(store, node):
                nb = e.dst if e.src == node else e.src
                if nb in mine or not passable(nb):
                    continue
                mine[nb] = (node, e)
                if nb in other:
                    meet = nb
                    break
                nxt.append(nb)
            if meet is not None:
                break
        if len(parents[0]) + len(parents[1]) > MAX_VISITED:
            raise PathTooLong(f"两个节点之间的关系太多，在 {MAX_VISITED} 个节点内没有找到路径：请换一个更具体的起点或终点。")
        frontiers[side] = nxt
        steps += 1
    if meet is None:
        raise PathTooLong(f"两个节点之间没有 {max_length} 步以内的关系路径（不经过来源行、清单版本和行政区划）。")
    ids, edges = [meet], []
    node = meet
    while parents[0][node] is not None:
        prev, e = parents[0][node]
        ids.insert(0, prev)
        edges.insert(0, e)
        node = prev
    node = meet
    while parents[1][node] is not None:
        nxt_node, e = parents[1][node]
        ids.append(nxt_node)
        edges.append(e)
        node = nxt_node
    records = store.get_nodes(ids)
    return {"nodes": [node_json(store, records[i]) for i in ids],
            "edges": [{"src": e.src, "rel": e.rel, "dst": e.dst, "props": e.props} for e in edges],
            "length": len(edges)}
