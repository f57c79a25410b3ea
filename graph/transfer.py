"""Copy one graph store into another: embedded file → Neo4j for a first load, or back for a
snapshot. Nodes first, then edges (which need both ends), in batches; idempotent like every
upsert, so an interrupted copy is finished by running it again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from graph.store import GraphStore

BATCH = 5000


@dataclass
class TransferReport:
    nodes: int = 0
    edges: int = 0

    def summary_zh(self) -> str:
        return f"已复制 {self.nodes} 个节点、{self.edges} 条边"


def copy_store(src: GraphStore, dst: GraphStore, batch: int = BATCH,
               progress: Callable[[TransferReport], None] | None = None) -> TransferReport:
    """Upsert every node and edge of ``src`` into ``dst``; returns what was copied."""
    report = TransferReport()
    with dst.transaction():  # SQLite: the copy lands whole or not at all
        nodes = src.iter_nodes()
        while chunk := list(islice(nodes, batch)):
            report.nodes += dst.upsert_nodes(chunk)
            if progress:
                progress(report)
        edges = src.iter_edges()
        while chunk := list(islice(edges, batch)):
            report.edges += dst.upsert_edges(chunk)
            if progress:
                progress(report)
    dst.save()
    return report


def dump(store: GraphStore, ignore: frozenset[str] = frozenset()) -> tuple[dict, dict]:
    """The whole graph as comparable values: {(id, label): props}, {(src, rel, dst, key): props}.

    ``ignore`` drops properties that may rightly differ (e.g. ``imported_at`` of two imports).
    """
    def keep(props: dict) -> dict:
        return {k: v for k, v in props.items() if k not in ignore}

    nodes = {(n.id, n.label): keep(n.props) for n in store.iter_nodes()}
    edges = {e.ident: keep(e.props) for e in store.iter_edges()}
    return nodes, edges
