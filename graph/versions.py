"""List versions: which exist, and deleting one with the items only it carried.

A list import records a ListVersion; each row's Source points to it (IN_VERSION, and
``Source.version``), and each item points to its Sources (FROM_SOURCE). A newer import of the
same file SUPERSEDES the older version. Backend-agnostic: store interface only.
"""
from __future__ import annotations

from typing import Any

from graph.model import ITEM_LABELS, EdgeRecord, Rel, edge
from graph.store import GraphStore


def version_summary(rec_id: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"id": rec_id, "dataset": props.get("dataset", ""), "kind": props.get("kind", ""),
            "region": props.get("region", ""), "imported_at": props.get("imported_at", ""),
            "rows_read": int(props.get("rows_read") or 0), "rows_loaded": int(props.get("rows_loaded") or 0),
            "rows_quarantined": int(props.get("rows_quarantined") or 0),
            "current": props.get("current", True) is not False}


def list_versions(store: GraphStore) -> list[dict[str, Any]]:
    """Every list version, newest import first within a dataset."""
    rows = [version_summary(r.id, r.props) for r in store.iter_nodes("ListVersion")]
    rows.sort(key=lambda v: (v["dataset"], v["region"], _neg(v["imported_at"]), v["id"]))
    return rows


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def _sources_of(store: GraphStore, version_id: str) -> set[str]:
    ids = {e.src for e in store.edges_to(version_id, Rel.IN_VERSION.value)}
    ids |= {r.id for r in store.find_nodes("Source", version=version_id)}
    return ids


def _items_of(store: GraphStore, source_ids: set[str]) -> set[str]:
    items = set()
    for sid in source_ids:
        for e in store.edges_to(sid, Rel.FROM_SOURCE.value):
            node = store.get_node(e.src)
            if node is not None and node.label in ITEM_LABELS:
                items.add(node.id)
    return items


def _restore(store: GraphStore, version_id: str, dataset: str, dropped: set[str]) -> None:
    """Make an older version current again: it, its items, and their HOLDS edges from its list."""
    store.set_props(version_id, current=True)
    revived = []
    for item_id in sorted(_items_of(store, _sources_of(store, version_id)) - dropped):
        item = store.get_node(item_id)
        if item is not None and item.props.get("current") is False:
            store.set_props(item_id, current=True)
        for e in store.edges_to(item_id, Rel.HOLDS.value):
            if e.props.get("dataset") == dataset and e.props.get("current") is False:
                revived.append(EdgeRecord(e.src, e.rel, e.dst, {**e.props, "current": True}, e.key))
    store.upsert_edges(revived)


def delete_version(store: GraphStore, version_id: str) -> dict[str, Any] | None:
    """Delete a ListVersion, its Source rows, and the items no other version carries.

    If it was the current version, the version it superseded becomes current again, with its
    items and their HOLDS edges. Limits, because the graph does not record which versions stated
    an edge: a holder the deleted version added to an item the older one also carries stays, and
    departments first named by the deleted version stay (without items). Re-importing the older
    file is exact. None when ``version_id`` is not a ListVersion. The caller saves the store.
    """
    version = store.get_node(version_id)
    if version is None or version.label != "ListVersion":
        return None
    sources = _sources_of(store, version_id)
    items = _items_of(store, sources)
    only_here = []
    for item_id in sorted(items):
        others = [e.dst for e in store.edges_from(item_id, Rel.FROM_SOURCE.value) if e.dst not in sources]
        if not others:
            only_here.append(item_id)

    older = sorted(e.dst for e in store.edges_from(version_id, Rel.SUPERSEDES.value))
    newer = sorted(e.src for e in store.edges_to(version_id, Rel.SUPERSEDES.value))
    restored = None
    if version.props.get("current", True) is not False and older:
        restored = older[-1]
        _restore(store, restored, version.props.get("dataset", ""), set(only_here))

    store.delete_nodes(only_here)
    store.delete_nodes(sorted(sources))
    store.delete_nodes([version_id])
    # Keep the version chain unbroken: what superseded the deleted one now supersedes its predecessor.
    if newer and older:
        store.upsert_edges(edge(n, Rel.SUPERSEDES, o) for n in newer for o in older)
    return {"version": version_id, "items_deleted": len(only_here), "sources_deleted": len(sources),
            "restored_version": restored}
