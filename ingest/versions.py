"""List versions: one ListVersion per (file name, region, content hash).

Re-importing identical bytes finds its version already current and writes nothing. A
changed file gets a new version that SUPERSEDES the previous current one; items the new
version no longer carries keep their nodes but get ``current=False``, and HOLDS edges the
new version no longer states get ``current=False`` too, so both versions stay diffable.

    例: L05_…csv 改动一行后再导入 → 新 ListVersion —SUPERSEDES→ 旧 ListVersion
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from graph.model import ITEM_LABELS, EdgeRecord, ListVersion, Rel, Source, edge, stable_id
from graph.reference.generic_holders import PROPERTY as GENERIC_HOLDERS
from graph.store import GraphStore

# Item kinds a list import creates (三定 duties and clauses are versioned by their own importer).
LIST_ITEM_LABELS = tuple(label for label in ITEM_LABELS if label not in ("Duty", "DivisionClause"))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_id(dataset: str, region: str, digest: str) -> str:
    return stable_id("ver", dataset, region, digest)


@dataclass
class VersionState:
    """What the store already knows about this file."""

    id: str
    exists: bool
    current: bool
    previous: list[str]     # ids of other versions of the same dataset that are current now

    @property
    def unchanged(self) -> bool:
        return self.exists and self.current


def version_state(store: GraphStore, dataset: str, region: str, digest: str) -> VersionState:
    vid = version_id(dataset, region, digest)
    rec = store.get_node(vid)
    previous = [r.id for r in store.find_nodes("ListVersion", dataset=dataset, region=region, current=True)
                if r.id != vid]
    return VersionState(vid, rec is not None, bool(rec and rec.props.get("current")), sorted(previous))


def file_source(dataset: str, vid: str, digest: str, imported_at: str) -> Source:
    """A Source for the file as a whole: provenance of the version's own edges."""
    return Source(id=stable_id("src", vid, "file"), path=dataset, locator="整个文件",
                  text=f"sha256:{digest}", version=vid, imported_at=imported_at)


def version_node(state: VersionState, dataset: str, kind: str, region: str, digest: str,
                 imported_at: str, read: int, loaded: int, quarantined: int) -> ListVersion:
    return ListVersion(id=state.id, dataset=dataset, kind=kind, region=region, content_hash=digest,
                       imported_at=imported_at, rows_read=read, rows_loaded=loaded,
                       rows_quarantined=quarantined, current=True)


def supersede(store: GraphStore, state: VersionState, src_id: str, dataset: str,
              item_ids: set[str], holds: set[tuple[str, str, str]], regions: set[str],
              generic: dict[str, list] | None = None) -> tuple[int, int]:
    """Retire what the previous version said and this one does not.

    ``holds`` are the (department, item, edge key) triples of the new version, ``generic`` the
    items that still carry generic holders (an upsert merges properties, so an item whose row
    now names a department would keep its old ones). Returns (items retired, HOLDS edges retired).
    """
    if not state.previous:
        return 0, 0
    edges: list[EdgeRecord] = []
    for old in state.previous:
        store.set_props(old, current=False)
        if not state.exists:    # re-importing an older version again: it already SUPERSEDES nothing new
            edges.append(edge(state.id, Rel.SUPERSEDES, old, source=src_id))
    retired_items = 0
    for label in LIST_ITEM_LABELS:
        for rec in store.find_nodes(label, dataset=dataset):
            if rec.id in item_ids and rec.props.get(GENERIC_HOLDERS) and rec.id not in (generic or {}):
                store.set_props(rec.id, **{GENERIC_HOLDERS: []})
            if rec.id in item_ids or (regions and rec.props.get("region") not in regions):
                continue
            if rec.props.get("current", True):
                store.set_props(rec.id, current=False)
                retired_items += 1
    retired_edges = 0
    for e in store.edges_of(sorted(item_ids), Rel.HOLDS.value, direction="in"):
        if e.props.get("dataset") != dataset or not e.props.get("current", True):
            continue
        if (e.src, e.dst, e.key) not in holds:
            edges.append(EdgeRecord(e.src, e.rel, e.dst, {**e.props, "current": False}, e.key))
            retired_edges += 1
    # APPROVES / SUPERVISES go with the HOLDS edge of the same body and item: a 审管联动 row that
    # now names no supervisor keeps its item, so its old SUPERVISES edge must not stay current.
    pairs = {(src, dst) for src, dst, _ in holds}
    for rel in (Rel.APPROVES.value, Rel.SUPERVISES.value):
        for e in store.edges_of(sorted(item_ids), rel, direction="in"):
            if e.props.get("dataset") == dataset and e.props.get("current", True) and (e.src, e.dst) not in pairs:
                edges.append(EdgeRecord(e.src, e.rel, e.dst, {**e.props, "current": False}, e.key))
                retired_edges += 1
    store.upsert_edges(edges)
    return retired_items, retired_edges
