"""The storage interface every other part of dutygraph talks to.

Two implementations: :class:`graph.embedded.EmbeddedStore` (networkx in process, one local
file) and :class:`graph.neo4j_store.Neo4jStore` (Bolt). Both keep nodes as
(id, label, props) and edges as (src, rel, dst, key, props); labels and relationship
types must come from :data:`graph.model.LABELS` and :class:`graph.model.Rel`.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any

from graph.model import LABELS, EdgeRecord, NodeRecord, Rel

REL_TYPES: frozenset[str] = frozenset(r.value for r in Rel)

DEFAULT_DB = "dutygraph.graph.json"


class StoreError(Exception):
    """A store problem worth showing the user as is (Chinese message)."""


def check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"未知的节点类型: {label!r}")
    return label


def check_rel(rel: str) -> str:
    if rel not in REL_TYPES:
        raise ValueError(f"未知的关系类型: {rel!r}")
    return rel


class GraphStore(ABC):
    """What ingest, lookups, analyses, API and CLI may ask of a graph.

    Writes are upserts: a node's props are merged into what is there, an edge is
    identified by (src, rel, dst, key). Re-running the same writes changes nothing.
    """

    # ---- writes -------------------------------------------------------------------
    @abstractmethod
    def upsert_nodes(self, records: Iterable[NodeRecord]) -> int:
        """Create or merge nodes; returns how many were written."""

    @abstractmethod
    def upsert_edges(self, records: Iterable[EdgeRecord]) -> int:
        """Create or merge edges; both ends must exist. Returns how many were written."""

    @abstractmethod
    def set_props(self, node_id: str, **props: Any) -> None:
        """Overwrite some properties of one node."""

    @abstractmethod
    def delete_nodes(self, ids: Iterable[str]) -> int:
        """Delete nodes with their edges; returns how many existed."""

    # ---- reads --------------------------------------------------------------------
    @abstractmethod
    def get_node(self, node_id: str) -> NodeRecord | None: ...

    @abstractmethod
    def find_nodes(self, label: str, **equals: Any) -> list[NodeRecord]:
        """Nodes of one label whose props equal the given values (all of them)."""

    @abstractmethod
    def edges_from(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]: ...

    @abstractmethod
    def edges_to(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]: ...

    @abstractmethod
    def iter_nodes(self, label: str | None = None) -> Iterator[NodeRecord]: ...

    @abstractmethod
    def iter_edges(self, rel: str | None = None) -> Iterator[EdgeRecord]: ...

    @abstractmethod
    def count_nodes(self, label: str | None = None) -> int: ...

    @abstractmethod
    def count_edges(self, rel: str | None = None) -> int: ...

    # ---- lifecycle ----------------------------------------------------------------
    def save(self) -> None:
        """Make writes durable (the embedded store writes its file; Neo4j has committed already)."""

    def close(self) -> None:
        """Release resources."""

    @property
    def description(self) -> str:
        return type(self).__name__

    # ---- conveniences built on the primitives, shared by both backends ------------
    def get_nodes(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        found = {}
        for node_id in ids:
            record = self.get_node(node_id)
            if record is not None:
                found[node_id] = record
        return found

    # ---- bulk reads: portable defaults; a backend may answer each with one query ----
    def find_nodes_prefix(self, label: str, prop: str, prefix: str) -> list[NodeRecord]:
        """Nodes of one label whose string property starts with ``prefix``.

        例: find_nodes_prefix("PowerItem", "region", "5116") → every item of 广安市 and its counties.
        (Neo4j: ``WHERE n[prop] STARTS WITH $prefix``.)
        """
        check_label(label)
        return [r for r in self.iter_nodes(label) if str(r.props.get(prop) or "").startswith(prefix)]

    def edges_of(self, ids: Iterable[str], rel: str | None = None, direction: str = "out") -> list[EdgeRecord]:
        """Every edge leaving (``out``) or entering (``in``) any of the nodes, optionally of one type.

        Analyses read a region's HOLDS edges this way: one round trip instead of one per item.
        (Neo4j: ``UNWIND $ids AS id MATCH (n {id: id})-[r:REL]->(m)``.)
        """
        if rel is not None:
            check_rel(rel)
        one = self.edges_from if direction == "out" else self.edges_to
        out: list[EdgeRecord] = []
        for node_id in dict.fromkeys(ids):
            out.extend(one(node_id, rel))
        return out

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(db: str | None = None) -> GraphStore:
    """Open the graph named by ``db``: a bolt:// or neo4j:// URI, or a file path.

    With no ``db``: ``NEO4J_URI`` if set, else ``DUTYGRAPH_DB``, else ./dutygraph.graph.json.
    """
    target = db or os.environ.get("NEO4J_URI") or os.environ.get("DUTYGRAPH_DB") or DEFAULT_DB
    if target.split("://", 1)[0] in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_uri(target)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(target)
