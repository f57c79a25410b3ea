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
from pathlib import Path
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


def _has_text(value: Any) -> bool:
    return type(value) is str and bool(value.strip())


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

    def upsert_rows(self, nodes: Iterable[tuple[str, str, dict[str, Any]]],
                    edges: Iterable[tuple[str, str, str, str, dict[str, Any]]]) -> None:
        """``upsert_nodes`` then ``upsert_edges`` from plain tuples — nodes (id, label, props),
        edges (src, rel, dst, key, props) — with the same outcome: the path of a bulk importer
        that writes a million rows, where building a record object per row is a measurable part
        of the import. A backend may write them without building records at all."""
        self.upsert_nodes(NodeRecord(i, label, props) for i, label, props in nodes)
        self.upsert_edges(EdgeRecord(src=s, rel=r, dst=d, props=p, key=k) for s, r, d, k, p in edges)

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

    def count_nodes_by_label(self) -> dict[str, int]:
        """Nodes per label (labels without nodes left out); a backend may count them in one pass."""
        counts = {label: self.count_nodes(label) for label in sorted(LABELS)}
        return {k: v for k, v in counts.items() if v}

    # ---- transactions, change stamps, derived data: portable defaults ---------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: committed together or not at all where the backend can (SQLite: one
        transaction under the write lock; an ingest writes one per file). The default runs
        the writes as they come (Neo4j commits each batch itself)."""
        yield

    @contextmanager
    def bulk_load(self, nodes: int, edges: int) -> Iterator[None]:
        """Around the upserts of one large batch (about ``nodes`` new nodes and ``edges`` new
        edges), inside a transaction: the backend may prepare for it (SQLite defers its secondary
        indexes when the batch outgrows the tables). Reads inside it still answer, maybe slower.
        The default does nothing."""
        yield

    def generation(self) -> int | None:
        """A number that changes on every committed write (of any process), or None when the
        backend cannot tell; caches of derived data compare it to know they are stale."""
        return None

    def changes_since(self, generation: int) -> set[tuple[str, str]] | None:
        """What the writes committed after ``generation`` touched: (label, region) of nodes and
        ("rel:" + type, "") of edges, so that derived indexes update only
        those parts; None when the backend cannot tell (they are rebuilt)."""
        return None

    def read_artifact(self, name: str) -> tuple[int, bytes] | None:
        """Derived data saved with :meth:`write_artifact`: (generation it was built from, bytes)."""
        return None

    def write_artifact(self, name: str, generation: int, data: bytes) -> None:
        """Keep derived data (e.g. the lookup index) with the graph, stamped with the generation
        it was built from. The default keeps nothing: it is rebuilt when asked for."""

    def artifact_dir(self) -> Path | None:
        """A folder beside the graph for derived files that are opened memory-mapped (the lookup
        index of a province: graph.lookup.index_file), or None where there is none (a server,
        an in-memory graph): then derived data goes through :meth:`write_artifact`."""
        return None

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
    def find_nodes_with(self, label: str, prop: str, **equals: Any) -> list[NodeRecord]:
        """The nodes of :meth:`find_nodes` whose string property ``prop`` has text (not only
        whitespace). 例: find_nodes_with("PowerItem", "basis", dataset="L05_….csv") → the items
        of a list that cite a law. A backend may test it where the data is, not in Python."""
        return [r for r in self.find_nodes(label, **equals) if _has_text(r.props.get(prop))]

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

    def read_around(self, ids: Iterable[str], out_rels: Iterable[str] = (), in_rels: Iterable[str] = (),
                    follow_props: Iterable[str] = ()) -> "Prefetched":
        """The nodes ``ids``, their edges of ``out_rels`` (leaving) and ``in_rels`` (entering), the
        nodes at the other ends, and the nodes those name in ``follow_props`` (an article's
        ``law``): what one answer reads about its items, in a few round trips for all of them
        instead of a dozen per item. The default asks edges_of per type; backends do better."""
        ids = list(dict.fromkeys(ids))
        out_rels, in_rels = [check_rel(r) for r in out_rels], [check_rel(r) for r in in_rels]
        edges = [e for rel in out_rels for e in self.edges_of(ids, rel, "out")]
        edges += [e for rel in in_rels for e in self.edges_of(ids, rel, "in")]
        nodes = self.get_nodes([*ids, *(x for e in edges for x in (e.src, e.dst))])
        return Prefetched.of(self, ids, out_rels, in_rels, nodes, edges, follow_props)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Prefetched:
    """Reads answered from what :meth:`GraphStore.read_around` fetched; anything it did not
    fetch is asked of the store. Has the store's read methods that lookups use (get_node,
    edges_from, edges_to), so a lookup's helpers take it in place of the store."""

    def __init__(self, store: GraphStore, ids: Iterable[str], out_rels: Iterable[str], in_rels: Iterable[str],
                 nodes: dict[str, NodeRecord], edges: Iterable[EdgeRecord]) -> None:
        self.store = store
        self._ids = frozenset(ids)
        self._out_rels, self._in_rels = frozenset(out_rels), frozenset(in_rels)
        self.nodes = nodes
        self._out: dict[str, list[EdgeRecord]] = {}
        self._in: dict[str, list[EdgeRecord]] = {}
        for e in edges:
            if e.src in self._ids and e.rel in self._out_rels:
                self._out.setdefault(e.src, []).append(e)
            if e.dst in self._ids and e.rel in self._in_rels:
                self._in.setdefault(e.dst, []).append(e)

    @classmethod
    def of(cls, store: GraphStore, ids: list[str], out_rels: list[str], in_rels: list[str],
           nodes: dict[str, NodeRecord], edges: list[EdgeRecord], follow_props: Iterable[str]) -> "Prefetched":
        """With the nodes named in ``follow_props`` of the fetched nodes fetched too (one more read)."""
        named = {v for n in nodes.values() for p in follow_props if isinstance(v := n.props.get(p), str) and v}
        missing = named - nodes.keys()
        if missing:
            nodes = {**nodes, **store.get_nodes(sorted(missing))}
        return cls(store, ids, out_rels, in_rels, nodes, edges)

    def get_node(self, node_id: str) -> NodeRecord | None:
        if node_id in self.nodes:
            return self.nodes[node_id]
        return self.store.get_node(node_id)

    def edges_from(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        if node_id in self._ids and rel in self._out_rels:
            return [e for e in self._out.get(node_id, ()) if e.rel == rel]
        return self.store.edges_from(node_id, rel)

    def edges_to(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        if node_id in self._ids and rel in self._in_rels:
            return [e for e in self._in.get(node_id, ()) if e.rel == rel]
        return self.store.edges_to(node_id, rel)
