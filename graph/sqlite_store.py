"""The embedded default store: one SQLite file (standard library ``sqlite3``, WAL mode).

Nodes and edges are rows with their properties as JSON. Every read the store interface
offers is an index lookup: nodes by id, by label, and by (label, property) for the
properties that ingest, lookups and analyses filter on (region, code, name, dataset …: kept
in columns of their own beside the JSON, a partial index each); edges by (src, rel),
(dst, rel) and rel. Nothing is
loaded at open, so opening a province costs what opening a county costs.

Writes run in transactions (:meth:`SqliteStore.transaction`; a write outside one is its own
transaction). One writer at a time: ``BEGIN IMMEDIATE`` takes SQLite's write lock, and a
second writer waits for it — saying so on stderr — up to ``DUTYGRAPH_LOCK_TIMEOUT`` seconds
(default 600), then fails with a clear message having written nothing. Readers never wait
for writers (WAL) and see whole transactions only. A crash (kill -9, power loss with
``synchronous=FULL``) leaves the last committed transaction: SQLite's journal is the crash
safety. Every committed write that changed something adds one to ``meta.generation``,
which other processes read to know their caches are stale (:meth:`generation`).

Each thread has its own connection (the HTTP server answers in a thread pool).
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from graph.model import EdgeRecord, NodeRecord
from graph.store import GraphStore, Prefetched, StoreBusy, StoreError, _has_text, check_label, check_rel

FILE_FORMAT = "dutygraph-sqlite"
SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"

# Node properties with a column and an index on (label, column): what find_nodes /
# find_nodes_prefix are asked for by ingest (department resolution, versions), lookups and
# analyses. A column holds the property when it is a non-empty string (region: any string),
# else NULL (and the partial index skips the row). Measured: expression indexes over the JSON cost 6x the
# insert time of plain rows (the JSON is parsed once per index); columns filled from Python
# cost a fraction of that.
INDEXED_PROPS = ("region", "code", "name", "dataset", "version", "parent", "department", "law")
_OTHER_INDEXED = INDEXED_PROPS[1:]   # (region first: _key_values)

_SYNC_MODES = frozenset({"NORMAL", "FULL", "EXTRA"})  # DUTYGRAPH_SQLITE_SYNC; never spliced unchecked
_BATCH = 2000          # rows per executemany / IN (...) query
# Page cache of a connection during a bulk load (KiB, as PRAGMA cache_size takes it negated), and
# otherwise. A big batch dirties index pages all over the file (ids are hashes); once they outgrow
# the cache SQLite spills them to the WAL mid-transaction and writes them again later: a
# 100,000-row list spent two thirds of its write time so (measured: 32 s → 13 s wall). A streamed
# 1 M-row list keeps both primary-key indexes (node ids, edge keys) live at once: with 256 MiB it
# waited 160 s on I/O, with 1 GiB it did not (one run: 383 s median → 226 s wall). A limit, not
# an allocation: a small write uses what it dirties.
_WRITE_CACHE_KIB = 1048576
_READ_CACHE_KIB = 32768
_NEW_FILE_PAGE = 16384
# A batch at least this large relative to the rows already in a table builds that table's
# secondary indexes afresh after the inserts instead of updating them row by row.
_DEFER_INDEX_RATIO = 0.5
_PAGE = 5000           # rows per page of an iteration


def _col(prop: str) -> str:
    return f"p_{prop}"


def _key_values(props: dict[str, Any], _others: tuple[str, ...] = _OTHER_INDEXED) -> tuple[str | None, ...]:
    get = props.get
    region = get("region")
    # An empty region is indexed too: national items count in every region's lookups.
    return (region if type(region) is str else None,
            *[v if type(v) is str and v else None for v in map(get, _others)])


_COLS = ", ".join(_col(p) for p in INDEXED_PROPS)
_COL_MARKS = ", ".join("?" for _ in INDEXED_PROPS)
_COL_SETS = ", ".join(f"{_col(p)} = ?" for p in INDEXED_PROPS)

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL, "
    + ", ".join(f"{_col(p)} TEXT" for p in INDEXED_PROPS) + ")",
    "CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label)",
    *(f"CREATE INDEX IF NOT EXISTS nodes_{p} ON nodes (label, {_col(p)}) WHERE {_col(p)} IS NOT NULL"
      for p in INDEXED_PROPS),
    # Edges die with either end (delete_nodes), and cannot point at a node that is not there.
    "CREATE TABLE IF NOT EXISTS edges (src TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,"
    " rel TEXT NOT NULL, dst TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, props TEXT NOT NULL, PRIMARY KEY (src, rel, dst, key))",
    "CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst, rel)",
    "CREATE INDEX IF NOT EXISTS edges_rel ON edges (rel)",
    "CREATE TABLE IF NOT EXISTS artifacts (name TEXT PRIMARY KEY, generation INTEGER NOT NULL,"
    " data BLOB NOT NULL)",
    # What each committed write touched: node label and region, or "rel:" + edge type (region "").
    # Derived indexes kept beside the graph update only these parts (changes_since).
    "CREATE TABLE IF NOT EXISTS changes (generation INTEGER NOT NULL, label TEXT NOT NULL,"
    " region TEXT NOT NULL, PRIMARY KEY (generation, label, region)) WITHOUT ROWID",
]

_json_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _make_c_encoder():
    """The C encoder json.JSONEncoder.encode builds on every call, built once: the same text for a
    property dict in a quarter of the time (encoding was a sixth of a list import)."""
    c_make = getattr(json.encoder, "c_make_encoder", None)
    c_str = getattr(json.encoder, "c_encode_basestring", None)
    if c_make is None or c_str is None:
        return None
    return c_make({}, _json_encoder.default, c_str, None, ":", ",", False, False, False)


_c_encoder = _make_c_encoder()


def _dumps(value: Any) -> str:
    global _c_encoder
    if _c_encoder is None or type(value) is not dict:
        return _json_encoder.encode(value)
    try:
        return "".join(_c_encoder(value, 0))
    except BaseException:
        _c_encoder = _make_c_encoder()   # an error leaves the encoder's cycle markers behind
        raise


def _dumps_rows(props: Iterable[dict[str, Any]]) -> list[str]:
    """``_dumps`` of each property dict, as one loop: a list import encodes six per row. One dict
    given for several rows in a row (a list row's three provenance edges share theirs) is encoded
    once. Raises what ``_dumps`` raises."""
    global _c_encoder
    enc, join = _c_encoder, "".join
    if enc is None:
        return [_dumps(p) for p in props]
    out: list[str] = []
    last, text = None, ""
    try:
        for p in props:
            if p is not last:
                last = p
                text = join(enc(p, 0)) if type(p) is dict else _json_encoder.encode(p)
            out.append(text)
    except BaseException:
        _c_encoder = _make_c_encoder()   # an error leaves the encoder's cycle markers behind
        raise
    return out


_loads = json.loads


def _merge_json(old: str, new: str) -> str:
    """An upsert's property merge, inside SQLite: new keys win, the others stay."""
    merged = _loads(old)
    merged.update(_loads(new))
    return _dumps(merged)


def _json_key(prop: str) -> str:
    """A property name fit for a JSON path inside SQL text (names are identifiers; refuse others)."""
    if not prop.isidentifier():
        raise StoreError(f"属性名无效: {prop!r}")
    return prop


def _region_of(props: dict[str, Any]) -> str:
    """The region a node is filed under in the change journal (as its region column holds it)."""
    v = props.get("region")
    return v if type(v) is str else ""


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _stderr_notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class SqliteStore(GraphStore):
    """GraphStore on one SQLite file."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float | None = None,
                 notice: Callable[[str], None] | None = _stderr_notice, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.lock_timeout = float(lock_timeout if lock_timeout is not None
                                  else os.environ.get("DUTYGRAPH_LOCK_TIMEOUT", "600"))
        self.notice = notice
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        if self.path.exists() and self.path.stat().st_size and not is_sqlite_file(self.path):
            raise StoreError(f"{self.path} 不是 dutygraph 的 SQLite 图数据库")
        if read_only and not self.path.exists():
            raise StoreError(f"找不到图数据库 {self.path}")
        conn = self._conn()
        if not read_only:
            self._create_schema(conn)
        fmt = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if fmt is None or fmt[0] != FILE_FORMAT:
            raise StoreError(f"{self.path} 是 SQLite 文件，但不是 dutygraph 图数据库")
        version = int(conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} 由更新版本的 dutygraph 写入（格式版本 {version}）")

    @property
    def description(self) -> str:
        return f"SQLite 图数据库 {self.path}"

    # ---- connections --------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.read_only:
                    conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                           isolation_level=None, check_same_thread=False, timeout=30)
                else:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
                conn.execute("PRAGMA foreign_keys = ON")
                if not self.read_only:
                    # A new file's page size (an existing file keeps its own): measured on a fresh
                    # 100,000-row list, 16 KiB pages write the same rows with a third less CPU
                    # than 4 KiB (the commit copies fewer, fuller pages; the B-trees are shallower).
                    conn.execute(f"PRAGMA page_size = {_NEW_FILE_PAGE}")
                    conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL in WAL mode: a killed process never loses a committed transaction; only a
                # power cut may lose the last ones (never corrupts). FULL via the environment.
                sync = os.environ.get("DUTYGRAPH_SQLITE_SYNC", "NORMAL").upper()
                conn.execute(f"PRAGMA synchronous = {sync if sync in _SYNC_MODES else 'NORMAL'}")
                conn.execute(f"PRAGMA cache_size = -{_READ_CACHE_KIB}")
                conn.execute("PRAGMA temp_store = MEMORY")
            except sqlite3.Error as exc:
                raise StoreError(f"无法打开图数据库 {self.path}: {exc}") from exc
            conn.create_function("dg_merge", 2, _merge_json, deterministic=True)
            self._local.conn = conn
            self._local.depth = 0
            self._local.changed = False
            self._local.touched = set()
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        with self.transaction():
            for statement in _SCHEMA[:2]:  # meta and nodes first: a file from before may lack columns
                conn.execute(statement)
            have = {row[1] for row in conn.execute("PRAGMA table_info(nodes)")}
            for prop in INDEXED_PROPS:
                if _col(prop) not in have:  # a property indexed since the file was made: fill it in
                    conn.execute(f"ALTER TABLE nodes ADD COLUMN {_col(prop)} TEXT")
                    conn.execute(f"UPDATE nodes SET {_col(prop)} = json_extract(props, '$.{prop}') "
                                 f"WHERE json_type(props, '$.{prop}') = 'text'"
                                 + ("" if prop == "region" else f" AND json_extract(props, '$.{prop}') <> ''"))
            for statement in _SCHEMA[2:]:
                conn.execute(statement)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FILE_FORMAT,))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            # The journal covers the writes after this generation (a file made before it had none).
            conn.execute("INSERT OR IGNORE INTO meta SELECT 'journal_from', value FROM meta WHERE key = 'generation'")

    def save(self) -> None:
        """Writes are durable at commit already; this folds the write-ahead log into the main
        file (as SQLite does every 1,000 pages anyway), so the file alone is the whole graph."""
        if self.read_only:
            return
        conn = self._conn()
        if not conn.in_transaction:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            try:
                if conn.in_transaction:
                    conn.rollback()
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()

    # ---- transactions -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction on this thread's connection; nested calls join the outer one.

        Committed whole at the end, rolled back whole on an exception. While another process
        holds the write lock this waits, says so once, and gives up after ``lock_timeout``.
        """
        if self.read_only:
            raise StoreError(f"{self.path} 以只读方式打开，不能写入")
        conn = self._conn()
        local = self._local
        if local.depth:
            local.depth += 1
            try:
                yield
            finally:
                local.depth -= 1
            return
        self._begin(conn)
        local.depth = 1
        local.changed = False
        local.touched = set()
        try:
            yield
            if local.changed:
                conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                conn.executemany("INSERT OR IGNORE INTO changes SELECT CAST(value AS INTEGER), ?, ? FROM meta "
                                 "WHERE key = 'generation'", sorted(local.touched))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            local.depth = 0
            local.changed = False
            local.touched = set()
            if getattr(local, "big_cache", False):
                local.big_cache = False
                conn.execute(f"PRAGMA cache_size = -{_READ_CACHE_KIB}")

    def _begin(self, conn: sqlite3.Connection) -> None:
        deadline = time.monotonic() + self.lock_timeout
        told = False
        conn.execute("PRAGMA busy_timeout = 200")  # short waits, so the loop can speak and time out
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise StoreError(f"无法写入图数据库 {self.path}: {exc}") from exc
                    if time.monotonic() >= deadline:
                        raise StoreBusy(
                            f"图数据库 {self.path} 正被另一个进程写入，等待 {self.lock_timeout:.0f} 秒后仍未释放，"
                            "本次没有写入任何内容。请待另一个导入结束后重试"
                            "（等待时长可用环境变量 DUTYGRAPH_LOCK_TIMEOUT 调整）。") from exc
                    if not told and self.notice is not None:
                        self.notice(f"另一个进程正在写入图数据库 {self.path}，等待其完成后再写入"
                                    f"（最多等待 {self.lock_timeout:.0f} 秒）…")
                        told = True
        finally:
            conn.execute("PRAGMA busy_timeout = 30000")

    @contextmanager
    def bulk_load(self, nodes: int, edges: int) -> Iterator[None]:
        """A table about to receive at least half as many rows as it holds has its secondary
        indexes dropped for the inserts and built again at the end (one sort instead of a random
        B-tree update per row and index), all inside the caller's transaction: readers see the
        indexes throughout, a rollback or crash restores them, and the file ends with exactly the
        schema it had."""
        conn = self._conn()
        with self.transaction():
            if not getattr(self._local, "big_cache", False):   # until the transaction ends
                conn.execute(f"PRAGMA cache_size = -{_WRITE_CACHE_KIB}")
                self._local.big_cache = True
            deferred: list[tuple[str, str]] = []
            for table, coming in (("nodes", nodes), ("edges", edges)):
                have = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
                if coming and coming >= _DEFER_INDEX_RATIO * have:
                    deferred += conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                             "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()
            for name, _ in deferred:
                conn.execute(f'DROP INDEX "{name}"')
            try:
                yield
            finally:
                if conn.in_transaction:   # (an error rolls the drop back with everything else)
                    for _, sql in deferred:
                        conn.execute(sql)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with self.transaction():
            before = conn.total_changes
            try:
                yield conn
            finally:
                if conn.total_changes != before:
                    self._local.changed = True

    def generation(self) -> int:
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def changes_since(self, generation: int) -> set[tuple[str, str]] | None:
        """(label, region) of the nodes, and ("rel:" + type, "") of the edges, that the writes
        committed after ``generation`` touched (added, changed or deleted); None when the journal
        does not reach back that far (a file written before it)."""
        conn = self._conn()
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'journal_from'").fetchone()
            if row is None or int(row[0]) > generation:
                return None
            return set(conn.execute("SELECT DISTINCT label, region FROM changes WHERE generation > ?",
                                    (generation,)).fetchall())
        except sqlite3.OperationalError:   # a read-only file of before the journal
            return None

    # ---- artifacts ----------------------------------------------------------------
    def read_artifact(self, name: str) -> tuple[int, bytes] | None:
        row = self._conn().execute("SELECT generation, data FROM artifacts WHERE name = ?", (name,)).fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def write_artifact(self, name: str, generation: int, data: bytes) -> None:
        """Store derived data; not a change of the graph (the generation stays)."""
        if self.read_only:
            return
        conn = self._conn()
        with self.transaction():
            conn.execute("INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)", (name, generation, data))

    def artifact_dir(self) -> Path | None:
        """``dutygraph.db-lookup/`` beside the file (files there carry the generation they were
        built from; a read-only store uses what is there and adds nothing)."""
        folder = self.path.with_name(self.path.name + "-lookup")
        if self.read_only and not folder.is_dir():
            return None
        return folder

    # ---- writes -------------------------------------------------------------------
    def upsert_nodes(self, records: Iterable[NodeRecord]) -> int:
        n = 0
        with self._writing() as conn:
            for chunk in _chunks(records, _BATCH):
                rows: dict[str, tuple[str, dict[str, Any]]] = {}
                for r in chunk:
                    check_label(r.label)
                    seen = rows.get(r.id)
                    if seen is None:
                        rows[r.id] = (r.label, r.props)   # not copied: read only (a twin below merges into a copy)
                    elif seen[0] != r.label:
                        raise StoreError(f"节点 {r.id} 已是 {seen[0]}，不能改为 {r.label}")
                    else:
                        rows[r.id] = (r.label, {**seen[1], **r.props})
                # New ids go in at once; only when some id was there already (fewer rows inserted than
                # given) are the chunk's stored rows read back and merged. A fresh bulk load (a new
                # list, a new law) never pays for reading what it writes.
                encoded = {i: self._encode(i, p) for i, (_, p) in rows.items()}
                self._local.touched.update({(lb, _region_of(p)) for lb, p in rows.values()})
                before_changes = conn.total_changes
                conn.executemany(f"INSERT OR IGNORE INTO nodes (id, label, props, {_COLS}) VALUES (?, ?, ?, {_COL_MARKS})",
                                 [(i, lb, encoded[i], *_key_values(p)) for i, (lb, p) in rows.items()])
                if conn.total_changes - before_changes < len(rows):
                    self._merge_existing(conn, rows, encoded)
                n += len(chunk)
        return n

    def _merge_existing(self, conn: sqlite3.Connection, rows: dict[str, tuple[str, dict[str, Any]]],
                        encoded: dict[str, str]) -> None:
        """Rows of ``rows`` that were in the store before INSERT OR IGNORE: check the label, merge
        the properties (new keys win). A row stored with exactly our text was just inserted, or
        holds the same properties: nothing to merge."""
        ids = list(rows)
        existing = conn.execute(f"SELECT id, label, props FROM nodes WHERE id IN ({','.join('?' * len(ids))})",
                                ids).fetchall()
        updates = []
        for node_id, label, old in existing:
            new_label, props = rows[node_id]
            if label != new_label:
                raise StoreError(f"节点 {node_id} 已是 {label}，不能改为 {new_label}")
            if old == encoded[node_id]:
                continue
            merged = _loads(old)
            before = dict(merged)
            merged.update(props)
            if merged != before:
                self._local.touched.add((label, _region_of(before)))
                updates.append((self._encode(node_id, merged), *_key_values(merged), node_id))
        if updates:
            conn.executemany(f"UPDATE nodes SET props = ?, {_COL_SETS} WHERE id = ?", updates)

    @staticmethod
    def _encode(owner: Any, props: dict[str, Any]) -> str:
        try:
            return _dumps(props)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{owner} 的属性无法保存（{exc}）") from exc

    _EDGE_UPSERT = ("INSERT INTO edges (src, rel, dst, key, props) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (src, rel, dst, key) DO UPDATE SET props = dg_merge(edges.props, excluded.props) "
                    "WHERE edges.props <> dg_merge(edges.props, excluded.props)")

    def upsert_edges(self, records: Iterable[EdgeRecord]) -> int:
        n = 0
        with self._writing() as conn:
            for chunk in _chunks(records, _BATCH):
                rows = []
                for r in chunk:
                    check_rel(r.rel)
                    try:
                        rows.append((r.src, r.rel, r.dst, r.key, _dumps(r.props)))
                    except (TypeError, ValueError):
                        self._encode(r.ident, r.props)   # raises the StoreError naming the edge
                        raise
                self._insert_edges(conn, rows, {r[1] for r in rows})
                n += len(chunk)
        return n

    def _insert_edges(self, conn: sqlite3.Connection, rows: list[tuple[str, str, str, str, str]],
                      rels: set[str]) -> None:
        """Rows (src, rel, dst, key, props as JSON) upserted; a missing end named in the error."""
        self._local.touched.update({("rel:" + rel, "") for rel in rels})
        try:
            conn.executemany(self._EDGE_UPSERT, rows)
        except sqlite3.IntegrityError as exc:
            ends = sorted({x for r in rows for x in (r[0], r[2])})
            have = {row[0] for part in _chunks(ends, _BATCH) for row in conn.execute(
                f"SELECT id FROM nodes WHERE id IN ({','.join('?' * len(part))})", part)}
            missing = next((r for r in rows if r[0] not in have or r[2] not in have), None)
            if missing is None:
                raise StoreError(f"写入边时出错: {exc}") from exc
            end = missing[0] if missing[0] not in have else missing[2]
            raise StoreError(f"边 {missing[1]} 的端点 {end} 不存在") from exc

    def upsert_rows(self, nodes: Iterable[tuple[str, str, dict[str, Any]]],
                    edges: Iterable[tuple[str, str, str, str, dict[str, Any]]]) -> None:
        """As ``upsert_nodes`` + ``upsert_edges``, without a record object per row: a chunk's
        labels and types are checked once each, its rows encoded straight into the statement's
        tuples. A chunk that names one node twice takes the general path (it merges the twins)."""
        with self._writing() as conn:
            touched = self._local.touched
            for chunk in _chunks(nodes, _BATCH):
                by_id = {r[0]: r for r in chunk}
                if len(by_id) != len(chunk):
                    self.upsert_nodes(NodeRecord(i, label, props) for i, label, props in chunk)
                    continue
                for label in {r[1] for r in chunk}:
                    check_label(label)
                try:
                    texts = _dumps_rows([r[2] for r in chunk])
                except (TypeError, ValueError):
                    for i, _, props in chunk:
                        self._encode(i, props)   # raises the StoreError naming the node
                    raise
                encoded = [(i, label, text, *_key_values(props)) for (i, label, props), text in zip(chunk, texts)]
                touched.update({(r[1], r[3] or "") for r in encoded})   # (r[3]: the region column)
                before_changes = conn.total_changes
                conn.executemany(f"INSERT OR IGNORE INTO nodes (id, label, props, {_COLS}) "
                                 f"VALUES (?, ?, ?, {_COL_MARKS})", encoded)
                if conn.total_changes - before_changes < len(chunk):
                    self._merge_existing(conn, {i: (label, props) for i, label, props in chunk},
                                         {r[0]: r[2] for r in encoded})
            for chunk in _chunks(edges, _BATCH):
                rels = {r[1] for r in chunk}
                for rel in rels:
                    check_rel(rel)
                try:
                    rows = [(s, r, d, k, text) for (s, r, d, k, _), text in zip(chunk, _dumps_rows([e[4] for e in chunk]))]
                except (TypeError, ValueError):
                    for s, r, d, k, p in chunk:
                        self._encode((s, r, d, k), p)   # raises the StoreError naming the edge
                    raise
                self._insert_edges(conn, rows, rels)

    def set_props(self, node_id: str, **props: Any) -> None:
        with self._writing() as conn:
            row = conn.execute("SELECT props, label FROM nodes WHERE id = ?", (node_id,)).fetchone()
            if row is None:
                raise KeyError(node_id)
            merged = _loads(row[0])
            before = dict(merged)
            merged.update(props)
            if merged != before:
                self._local.touched.update({(row[1], _region_of(before)), (row[1], _region_of(merged))})
                conn.execute(f"UPDATE nodes SET props = ?, {_COL_SETS} WHERE id = ?",
                             (self._encode(node_id, merged), *_key_values(merged), node_id))

    def delete_nodes(self, ids: Iterable[str]) -> int:
        n = 0
        with self._writing() as conn:
            for chunk in _chunks(dict.fromkeys(ids), _BATCH):
                marks = ','.join('?' * len(chunk))
                # Their edges go with them (ON DELETE CASCADE): the types of those are touched too.
                self._local.touched.update(("rel:" + rel, "") for (rel,) in conn.execute(
                    f"SELECT DISTINCT rel FROM edges WHERE src IN ({marks}) UNION "
                    f"SELECT DISTINCT rel FROM edges WHERE dst IN ({marks})", chunk + chunk))
                gone = conn.execute(f"DELETE FROM nodes WHERE id IN ({marks}) RETURNING label, p_region",
                                    chunk).fetchall()
                self._local.touched.update((label, region or "") for label, region in gone)
                n += len(gone)
        return n

    # ---- reads --------------------------------------------------------------------
    @staticmethod
    def _node(row: tuple[str, str, str]) -> NodeRecord:
        return NodeRecord(row[0], row[1], _loads(row[2]))

    @staticmethod
    def _edge(row: tuple[str, str, str, str, str]) -> EdgeRecord:
        return EdgeRecord(src=row[0], rel=row[1], dst=row[2], key=row[3], props=_loads(row[4]))

    def get_node(self, node_id: str) -> NodeRecord | None:
        row = self._conn().execute("SELECT id, label, props FROM nodes WHERE id = ?", (node_id,)).fetchone()
        return self._node(row) if row else None

    def get_nodes(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        conn = self._conn()
        found: dict[str, NodeRecord] = {}
        for chunk in _chunks(dict.fromkeys(ids), _BATCH):
            for row in conn.execute(f"SELECT id, label, props FROM nodes WHERE id IN ({','.join('?' * len(chunk))})",
                                    chunk):
                found[row[0]] = self._node(row)
        return found

    def find_nodes_with(self, label: str, prop: str, **equals: Any) -> list[NodeRecord]:
        # The rows without the property are left out by SQLite, before their JSON reaches Python
        # (a list-only import reads back its items for their 实施依据: most have none).
        has = f"json_type(props, '$.{_json_key(prop)}') = 'text' AND json_extract(props, '$.{_json_key(prop)}') <> ''"
        return [r for r in self.find_nodes(label, _where=has, **equals) if _has_text(r.props.get(prop))]

    def find_nodes(self, label: str, _where: str = "", **equals: Any) -> list[NodeRecord]:
        check_label(label)
        sql, params = ["SELECT id, label, props FROM nodes WHERE label = ?"], [label]
        if _where:
            sql.append(f"AND {_where}")
        for k, v in equals.items():
            if k == "id":
                sql.append("AND id = ?")
                params.append(v)
            elif k in INDEXED_PROPS and type(v) is str and (v or k == "region"):
                # Narrows by index (other keys: a scan of the label); Python decides.
                sql.append(f"AND {_col(k)} = ?")
                params.append(v)
        rows = self._conn().execute(" ".join(sql), params).fetchall()
        out = []
        for row in rows:
            node = self._node(row)
            if all(k == "id" or node.props.get(k) == v for k, v in equals.items()):
                out.append(node)
        return out

    def find_nodes_prefix(self, label: str, prop: str, prefix: str) -> list[NodeRecord]:
        check_label(label)
        if not prefix:
            return list(self.iter_nodes(label))
        if prop not in INDEXED_PROPS:
            return super().find_nodes_prefix(label, prop, prefix)
        # [prefix, prefix with its last character raised by one): the strings that start with it.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self._conn().execute(
            f"SELECT id, label, props FROM nodes WHERE label = ? AND {_col(prop)} >= ? AND {_col(prop)} < ?",
            (label, prefix, upper)).fetchall()
        return [n for n in map(self._node, rows) if str(n.props.get(prop) or "").startswith(prefix)]

    def _edges(self, column: str, ids: list[str], rel: str | None) -> list[EdgeRecord]:
        conn = self._conn()
        out: list[EdgeRecord] = []
        for chunk in _chunks(ids, _BATCH):
            sql = (f"SELECT src, rel, dst, key, props FROM edges WHERE {column} IN ({','.join('?' * len(chunk))})")
            params: list[Any] = list(chunk)
            if rel is not None:
                sql += " AND rel = ?"
                params.append(check_rel(rel))
            out.extend(map(self._edge, conn.execute(sql, params)))
        return out

    def edges_from(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        return self._edges("src", [node_id], rel)

    def edges_to(self, node_id: str, rel: str | None = None) -> list[EdgeRecord]:
        return self._edges("dst", [node_id], rel)

    def edges_of(self, ids: Iterable[str], rel: str | None = None, direction: str = "out") -> list[EdgeRecord]:
        if direction not in ("out", "in"):
            raise ValueError(f"direction 只能是 out 或 in: {direction!r}")
        return self._edges("src" if direction == "out" else "dst", list(dict.fromkeys(ids)), rel)

    def read_around(self, ids: Iterable[str], out_rels: Iterable[str] = (), in_rels: Iterable[str] = (),
                    follow_props: Iterable[str] = ()) -> Prefetched:
        """One query for the edges of both directions (per 1,000 ids), one for the nodes."""
        ids = list(dict.fromkeys(ids))
        out_rels, in_rels = [check_rel(r) for r in out_rels], [check_rel(r) for r in in_rels]
        conn = self._conn()
        edges: list[EdgeRecord] = []
        for chunk in _chunks(ids, _BATCH // 2):
            marks = ",".join("?" * len(chunk))
            parts, params = [], []
            for column, rels in (("src", out_rels), ("dst", in_rels)):
                if rels:
                    parts.append(f"SELECT src, rel, dst, key, props FROM edges WHERE {column} IN ({marks}) "
                                 f"AND rel IN ({','.join('?' * len(rels))})")
                    params += [*chunk, *rels]
            if parts:
                edges.extend(map(self._edge, conn.execute(" UNION ALL ".join(parts), params)))
        nodes = self.get_nodes([*ids, *(x for e in edges for x in (e.src, e.dst))])
        return Prefetched.of(self, ids, out_rels, in_rels, nodes, edges, follow_props)

    def _pages(self, table: str, columns: str, where: str, params: tuple, make: Callable[[Any], Any]) -> Iterator[Any]:
        """Rows in rowid order, a page at a time: no read transaction stays open between pages,
        and rows added after the iteration started (by this or any writer) are not visited."""
        conn = self._conn()
        top = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        last = 0
        cond = f"{where} AND " if where else ""
        while last < top:
            rows = conn.execute(f"SELECT rowid, {columns} FROM {table} WHERE {cond}rowid > ? AND rowid <= ? "
                                f"ORDER BY rowid LIMIT {_PAGE}", (*params, last, top)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for row in rows:
                yield make(row[1:])

    def iter_nodes(self, label: str | None = None) -> Iterator[NodeRecord]:
        if label is None:
            return self._pages("nodes", "id, label, props", "", (), self._node)
        return self._pages("nodes", "id, label, props", "label = ?", (check_label(label),), self._node)

    def iter_edges(self, rel: str | None = None) -> Iterator[EdgeRecord]:
        if rel is None:
            return self._pages("edges", "src, rel, dst, key, props", "", (), self._edge)
        return self._pages("edges", "src, rel, dst, key, props", "rel = ?", (check_rel(rel),), self._edge)

    def count_nodes(self, label: str | None = None) -> int:
        conn = self._conn()
        if label is None:
            return conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
        return conn.execute("SELECT count(*) FROM nodes WHERE label = ?", (check_label(label),)).fetchone()[0]

    def count_nodes_by_label(self) -> dict[str, int]:
        """One pass over the label index (a count per label would be one pass each)."""
        rows = self._conn().execute("SELECT label, count(*) FROM nodes GROUP BY label").fetchall()
        return {label: n for label, n in sorted(rows) if n}

    def count_edges(self, rel: str | None = None) -> int:
        conn = self._conn()
        if rel is None:
            return conn.execute("SELECT count(*) FROM edges").fetchone()[0]
        return conn.execute("SELECT count(*) FROM edges WHERE rel = ?", (check_rel(rel),)).fetchone()[0]
