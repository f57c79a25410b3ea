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


_LAW_PREFIX = "中华人民共和国"


def law_short_title(law: NodeRecord | None) -> str:
    """食品安全法 for 中华人民共和国食品安全法: how a reader cites a law."""
    if law is None:
        return ""
    title = law.props.get("short_title") or law.props.get("title") or ""
    return title[len(_LAW_PREFIX):] if title.startswith(_LAW_PREFIX) and len(title) > len(_LAW_PREFIX) else title


def display_name(record: NodeRecord, law: NodeRecord | None = None) -> str:
    """What the explorer prints on a node: its name, a law's title, an article's 《法》第N条, a source's row."""
    props = record.props
    if record.label == "Article":
        label = props.get("label_zh") or record.id
        short = law_short_title(law)
        return f"《{short}》{label}" if short else label
    if record.label == "Source":
        return " ".join(x for x in (props.get("path", "").rsplit("/", 1)[-1], props.get("locator", "")) if x) \
            or record.id
    for key in _NAME_PROPS:
        value = props.get(key)
        if value:
            return str(value)[:120]
    return record.id


def node_json(store: GraphStore, record: NodeRecord) -> dict[str, Any]:
    """A node as the explorer receives it; an article is named with its law."""
    law = store.get_node(record.props.get("law", "")) if record.label == "Article" and record.props.get("law") else None
    return {"id": record.id, "label": record.label, "name": display_name(record, law), "props": record.props}


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
        "nodes": [node_json(store, r) for r in nodes.values()],
        "edges": sorted(edges.values(), key=lambda e: (e["rel"], e["src"], e["dst"])),
        "truncated": truncated,
    }


# ---- grouped neighbours: a hub's neighbours by relationship and kind, a page at a time -------------
PER_GROUP = 20
MAX_PER_GROUP = 500


def _group_key(rel: str, outgoing: bool, record: NodeRecord) -> tuple[str, str, str, str]:
    """(relationship, direction, label, type): 区行政审批局 HOLDS→ PowerItem 行政许可 is one group."""
    kind = record.props.get("power_type") or "" if record.label == "PowerItem" else ""
    return rel, "out" if outgoing else "in", record.label, kind


def group_id(key: tuple[str, str, str, str]) -> str:
    return "|".join(key)


def _allot(sizes: list[int], per_group: int, cap: int) -> list[int]:
    """Members to show per group: up to ``per_group`` each, ``cap`` in all, shared round-robin so
    that a 316-item group cannot crowd out the 4-item one beside it."""
    shown = [0] * len(sizes)
    room = cap
    while room > 0:
        grew = False
        for i, size in enumerate(sizes):
            if room > 0 and shown[i] < min(size, per_group):
                shown[i] += 1
                room -= 1
                grew = True
        if not grew:
            break
    return shown


def grouped_neighbours(store: GraphStore, node_id: str, per_group: int = PER_GROUP, group: str | None = None,
                       offset: int = 0, rel: str | None = None, cap: int = MAX_CAP) -> dict[str, Any] | None:
    """A node's direct neighbours by group (relationship, direction, label, item type), with counts.

    Each group shows its first ``per_group`` members (sorted by name, then id: the same page on
    every backend); ``group`` with ``offset`` asks for the next page of one group ("再显示 20 个"),
    ``rel`` for the groups of one relationship only; ``cap`` bounds the nodes returned in all,
    shared fairly between groups. ``groups`` says for every group how many
    members it has, how many this answer shows and from where, so the page can say what it hid.
    None when the node does not exist.
    """
    per_group = max(1, min(int(per_group), MAX_PER_GROUP))
    offset = max(0, int(offset))
    start = store.get_node(node_id)
    if start is None:
        return None
    incident = store.edges_from(node_id) + store.edges_to(node_id)
    if rel:
        incident = [e for e in incident if e.rel == rel]
    others = store.get_nodes({e.dst if e.src == node_id else e.src for e in incident})
    members: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for e in incident:
        outgoing = e.src == node_id
        other = others.get(e.dst if outgoing else e.src)
        if other is None:
            continue
        key = _group_key(e.rel, outgoing, other)
        members.setdefault(key, {})
        # One node may be tied by several edges of a group (two roles): keep every edge.
        members[key].setdefault(other.id, (other, []))[1].append(e)
    groups, nodes, edges = [], {node_id: start}, {}
    keys = sorted(members, key=lambda k: (_REL_ORDER.get(k[0], 9), k))
    firsts = [offset if group == group_id(k) else 0 for k in keys]
    sizes = [0 if group and group != group_id(k) else max(0, len(members[k]) - first) for k, first in zip(keys, firsts)]
    allotted = _allot(sizes, per_group, max(0, int(cap) - 1))
    for key, first, n in zip(keys, firsts, allotted):
        gid = group_id(key)
        ordered = sorted(members[key].values(), key=lambda t: (display_name(t[0]), t[0].id))
        page = ordered[first:first + n]
        for other, es in page:
            nodes.setdefault(other.id, other)
            for e in es:
                edges.setdefault(e.ident, {"src": e.src, "rel": e.rel, "dst": e.dst, "props": e.props})
        groups.append({"id": gid, "rel": key[0], "direction": key[1], "label": key[2], "type": key[3],
                       "total": len(ordered), "offset": first if page else 0, "shown": len(page)})
    return {
        "node": node_json(store, start),
        "nodes": [node_json(store, r) for r in nodes.values()],
        "edges": sorted(edges.values(), key=lambda e: (e["rel"], e["src"], e["dst"])),
        "groups": groups,
        "truncated": any(g["offset"] + g["shown"] < g["total"] for g in groups),
    }
