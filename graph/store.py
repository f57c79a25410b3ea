"""The storage interface every other part of dutygraph talks to.

Implementations: :class:`graph.sqlite_store.SqliteStore` (the embedded default, one SQLite
file), :class:`graph.neo4j_store.Neo4jStore` (Bolt) and :class:`graph.embedded.EmbeddedStore`
(networkx in process: scratch graphs, and the legacy JSON file, read-only). All keep nodes as
(id, label, props) and edges as (src, rel, dst, key, props); labels and relationship
types must come from :data:`graph.model.LABELS` and :class:`graph.model.Rel`.
:func:`graph.backends.open_store` picks one for a ``--db`` value.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from graph.model import LABELS, EdgeRecord, NodeRecord, Rel

REL_TYPES: frozenset[str] = frozenset(r.value for r in Rel)


class StoreError(Exception):
    """A store problem worth showing the user as is (Chinese message)."""


class StoreBusy(StoreError):
    """Another process kept the write lock longer than we wait: nothing was written."""


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

    # ---- transactions, change stamps, derived data: portable defaults ---------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: committed together or not at all where the backend can (SQLite: one
        transaction under the write lock; an ingest writes one per file). The default runs
        the writes as they come (Neo4j commits each batch itself)."""
        yield

    def generation(self) -> int | None:
        """A number that changes on every committed write (of any process), or None when the
        backend cannot tell; caches of derived data compare it to know they are stale."""
        return None

    def read_artifact(self, name: str) -> tuple[int, bytes] | None:
        """Derived data saved with :meth:`write_artifact`: (generation it was built from, bytes)."""
        return None

    def write_artifact(self, name: str, generation: int, data: bytes) -> None:
        """Keep derived data (e.g. the lookup index) with the graph, stamped with the generation
        it was built from. The default keeps nothing: it is rebuilt when asked for."""

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
