"""Which store a ``--db`` value names: a Bolt URI, a SQLite file, or a legacy JSON graph file.

Kept apart from graph/store.py (the interface) so that the interface module imports no
backend and no backend imports the factory.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from graph.store import GraphStore, StoreError

DEFAULT_DB = "dutygraph.db"
BOLT_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
LEGACY_SUFFIXES = (".json", ".json.gz")


def is_bolt(target: str) -> bool:
    return target.split("://", 1)[0] in BOLT_SCHEMES


def is_legacy_json(path: Path) -> bool:
    """A graph file of the first version (the whole graph as JSON): by name, or by content."""
    if path.name.endswith(LEGACY_SUFFIXES):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(1) in (b"{", b"\x1f")  # JSON, or gzip-compressed JSON
    except OSError:
        return False


def convert_hint(path: Path) -> str:
    stem = path.name.removesuffix(".gz").removesuffix(".json").removesuffix(".graph")
    return f"dutygraph --db {path} export --to {path.with_name(stem + '.db')}"


def store_target(db: str | None = None) -> str:
    """What ``open_store(db)`` opens: ``db``, else NEO4J_URI, else DUTYGRAPH_DB, else ./dutygraph.db."""
    return db or os.environ.get("NEO4J_URI") or os.environ.get("DUTYGRAPH_DB") or DEFAULT_DB


def open_store(db: str | None = None) -> GraphStore:
    """Open the graph named by ``db``: a bolt:// or neo4j:// URI, or a file path.

    With no ``db``: ``NEO4J_URI`` if set, else ``DUTYGRAPH_DB``, else ./dutygraph.db.
    A SQLite file (new or existing) opens read-write. An existing ``*.graph.json`` of the
    first version opens read-only, with a note on stderr saying how to convert it.
    """
    target = store_target(db)
    if is_bolt(target):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_uri(target)
    path = Path(target)
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} 是文件夹，不是图数据库文件")
    if path.exists() and path.stat().st_size and is_legacy_json(path):
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(path, read_only=True, hint=convert_hint(path))  # an unreadable file raises here
        print(f"注意: {path} 是旧版 JSON 图文件，以只读方式打开（每次都要整体读入，省级规模很慢）。"
              f"转换为 SQLite 图数据库: {convert_hint(path)}", file=sys.stderr)
        return store
    if not path.exists() and path.name.endswith(LEGACY_SUFFIXES):
        raise StoreError(f"找不到 {path}。新的图请用 SQLite 文件（如 {DEFAULT_DB}）；JSON 图文件只能读取旧图。")
    from graph.sqlite_store import SqliteStore

    return SqliteStore(path)
