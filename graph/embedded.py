"""A networkx MultiDiGraph in process: scratch graphs (tests, generators), and the first
version's JSON graph file.

The embedded default is now SQLite (graph.sqlite_store); open_store opens an old
``*.graph.json`` with this class read-only, to be converted with ``export --to FILE.db``.
Written directly (``EmbeddedStore(path)``), the file is rewritten whole and atomically (temp
file, fsync, rename): a crash mid-save leaves the previous file, never a half-written one.
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import EdgeRecord, NodeRecord
from graph.store import GraphStore, StoreError, check_label, check_rel

FILE_FORMAT = "dutygraph-embedded"
FILE_VERSION = 1


class EmbeddedStore(GraphStore):
    """networkx in process. Node attrs: ``label``, ``props``; edge key: ``rel|key``."""

    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False,
                 hint: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._hint = hint
        self.g = nx.MultiDiGraph()
        self._by_label: dict[str, set[str]] = defaultdict(set)
        # Edges by type, in insertion order: analyses read one type across a whole province
        # (all HOLDS, all MANDATES) and lookups count them per query to check their caches.
        self._by_rel: dict[str, dict[tuple[str, str, str], None]] = defaultdict(dict)
        self._dirty = False
        if self.path is not None and self.path.exists():
            self._load(self.path)

    @property
    def description(self) -> str:
        if self.read_only:
            return f"旧版 JSON 图文件 {self.path}（只读）"
        return f"内嵌图 {self.path}" if self.path else "内嵌图（内存）"

    # ---- file ---------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        try:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError, EOFError) as exc:
            raise StoreError(f"无法读取图文件 {path}: {exc}") from exc
        if data.get("format") != FILE_FORMAT:
            raise StoreError(f"{path} 不是 dutygraph 图文件")
        if data.get("version", 0) > FILE_VERSION:
            raise StoreError(f"{path} 由更新版本的 dutygraph 写入（格式版本 {data['version']}）")
        for node_id, label, props in data["nodes"]:
            self.g.add_node(node_id, label=label, props=props)
            self._by_label[label].add(node_id)
        for src, rel, dst, key, props in data["edges"]:
            self.g.add_edge(src, dst, key=f"{rel}|{key}", rel=rel, ekey=key, props=props)
            self._by_rel[rel][(src, dst, f"{rel}|{key}")] = None

    def save(self) -> None:
        if self.read_only or self.path is None or (not self._dirty and self.path.exists()):
            return
        data = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "nodes": [[n, a["label"], a["props"]] for n, a in self.g.nodes(data=True)],
            "edges": [[u, a["rel"], v, a["ekey"], a["props"]] for u, v, a in self.g.edges(data=True)],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                raw.write(gzip.compress(payload, compresslevel=5) if self.path.suffix == ".gz" else payload)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # The rename itself must reach the disk too.
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._dirty = False

    # ---- writes -------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            hint = f"转换后再写入: {self._hint}" if self._hint else "请先转换为 SQLite 图数据库"
            raise StoreError(f"{self.path} 是旧版 JSON 图文件，只能读取。{hint}")

    def upsert_nodes(self, records: Iterable[NodeRecord]) -> int:
        self._writable()
        n = 0
        for r in records:
            check_label(r.label)
            if r.id in self.g:
                attrs = self.g.nodes[r.id]
                if attrs["label"] != r.label:
                    raise StoreError(f"节点 {r.id} 已是 {attrs['label']}，不能改为 {r.label}")
                merged = {**attrs["props"], **r.props}
                if merged != attrs["props"]:
                    attrs["props"] = merged
                    self._dirty = True
            else:
                self.g.add_node(r.id, label=r.label, props=dict(r.props))
                self._by_label[r.label].add(r.id)
                self._dirty = True
            n += 1
        return n

    def upsert_edges(self, records: Iterable[EdgeRecord]) -> int:
        self._writable()
        n = 0
        for r in records:
            check_rel(r.rel)
            for end in (r.src, r.dst):
                if end not in self.g:
                    raise StoreError(f"边 {r.rel} 的端点 {end} 不存在")
            k = f"{r.rel}|{r.key}"
            existing = self.g.get_edge_data(r.src, r.dst, key=k)
            if existing is None:
                self.g.add_edge(r.src, r.dst, key=k, rel=r.rel, ekey=r.key, props=dict(r.props))
                self._by_rel[r.rel][(r.src, r.dst, k)] = None
                self._dirty = True
            else:
                merged = {**existing["props"], **r.props}
                if merged != existing["props"]:
                    existing["props"] = merged
                    self._dirty = True
            n += 1
        return n

    def set_props(self, node_id: str, **props: Any) -> None:
        self._writable()
        attrs = self.g.nodes[node_id]
        merged = {**attrs["props"], **props}
        if merged != attrs["props"]:
            attrs["props"] = merged
            self._dirty = True

    def delete_nodes(self, ids: Iterable[str]) -> int:
        self._writable()
        n = 0
        for node_id in ids:
            if node_id in self.g:
                self._by_label[self.g.nodes[node_id]["label"]].discard(node_id)
                for u, v, k, a in [*self.g.in_edges(node_id, keys=True, data=True),
                                   *self.g.out_edges(node_id, keys=True, data=True)]:
                    self._by_rel[a["rel"]].pop((u, v, k), None)  # a self-loop comes twice
                self.g.remove_node(node_id)
                self._dirty = True
                n += 1
        return n

    # ---- reads --------------------------------------------------------------------
    def get_node(self, node_id: str) -> NodeRecord | None:
        attrs = self.g.nodes.get(node_id)
        if attrs is None:
            return None
        return NodeRecord(node_id, attrs["label"], attrs["props"])

    def find_nodes(self, label: str, **equals: Any) -> list[NodeRecord]:
        check_label(label)
        out = []
        for node_id in self._by_label.get(label, ()):
            props = self.g.nodes[node_id]["props"]
            if all(props.get(k) == v for k, v in equals.items()):
                out.append(NodeRecord(node_id, label, props))
        return out

    def _edge(self, u: str, v: str, a: dict[str, Any]) -> EdgeRecord:
        return EdgeRecord(src=u, rel=a["rel"], dst=v, props=a["props"], key=a["ekey"])

    def edges_from(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        if node_id not in self.g:
            return []
        return [self._edge(u, v, a) for u, v, a in self.g.out_edges(node_id, data=True)
                if rel is None or a["rel"] == rel]

    def edges_to(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        if node_id not in self.g:
            return []
        return [self._edge(u, v, a) for u, v, a in self.g.in_edges(node_id, data=True)
                if rel is None or a["rel"] == rel]

    def iter_nodes(self, label: str | None = None) -> Iterator[NodeRecord]:
        if label is None:
            for node_id, attrs in self.g.nodes(data=True):
                yield NodeRecord(node_id, attrs["label"], attrs["props"])
        else:
            check_label(label)
            for node_id in list(self._by_label.get(label, ())):
                yield NodeRecord(node_id, label, self.g.nodes[node_id]["props"])

    def iter_edges(self, rel: str | None = None) -> Iterator[EdgeRecord]:
        if rel is None:
            for u, v, a in self.g.edges(data=True):
                yield self._edge(u, v, a)
            return
        edges = self.g.edges
        for u, v, k in list(self._by_rel.get(check_rel(rel), ())):
            yield self._edge(u, v, edges[u, v, k])

    def count_nodes(self, label: str | None = None) -> int:
        if label is None:
            return self.g.number_of_nodes()
        return len(self._by_label.get(check_label(label), ()))

    def count_edges(self, rel: str | None = None) -> int:
        if rel is None:
            return self.g.number_of_edges()
        return len(self._by_rel.get(check_rel(rel), ()))

    def close(self) -> None:
        self.save()
