"""A list is written in batches as its rows are read, inside one transaction per file.

L05 (1,135 real rows) with a batch of 50 rows stands in for a million-row list: the same code
path, 23 batches. What must hold however the rows are split: other connections see none of the
file until it is committed, then all of it; no batch holds more than its rows' records; the
quarantined rows in the middle of the file and the loaded ones add up to the rows read; a file
that fails after some batches were written leaves nothing; and the graph is the one that a
single batch writes.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

import ingest.lists as lists
from graph.model import ITEM_LABELS, Rel
from graph.sqlite_store import SqliteStore
from graph.store import GraphStore
from ingest.dispatch import ingest_paths

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
BATCH = 50


def _rows() -> list[list[str]]:
    with open(L05, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _with_bad_rows(path: Path) -> tuple[Path, int]:
    """L05 with three rows that must be quarantined, far apart in the file (in different batches)."""
    header, *body = _rows()
    name, ptype = header.index("事项名称"), header.index("事项类型")
    no_name = list(body[100])
    no_name[name] = ""
    bad_type = list(body[600])
    bad_type[ptype] = "行政许可证"
    body = body[:300] + [no_name] + body[300:700] + [bad_type] + body[700:1000] + [list(body[5])] + body[1000:]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path, len(body)


def _items(store: SqliteStore, dataset: str) -> int:
    return sum(1 for label in ITEM_LABELS for r in store.find_nodes(label, dataset=dataset))


def _graph(db: Path) -> dict:
    """Every node and edge with its properties, but import times (which differ between runs)."""
    store = SqliteStore(db)
    try:
        nodes = sorted((r.id, r.label, sorted((k, repr(v)) for k, v in r.props.items() if k != "imported_at"))
                       for r in store.iter_nodes())
        edges = sorted((e.src, e.rel, e.dst, e.key, sorted((k, repr(v)) for k, v in e.props.items()))
                       for e in store.iter_edges())
        return {"nodes": nodes, "edges": edges}
    finally:
        store.close()


class WatchedStore(SqliteStore):
    """A SqliteStore that, after each batch of rows it writes, looks at the file through a second
    connection (another process's view) and through its own."""

    def __init__(self, path: Path, dataset: str) -> None:
        super().__init__(path)
        self.dataset = dataset
        self.other = SqliteStore(path, read_only=True)
        # (inside a transaction?, items this connection sees, items the other sees)
        self.seen: list[tuple[bool, int, int]] = []
        self.largest_node_batch = 0

    def upsert_nodes(self, records) -> int:
        records = list(records)
        self.largest_node_batch = max(self.largest_node_batch, len(records))
        return super().upsert_nodes(records)

    def upsert_rows(self, nodes, edges) -> None:
        # The rows' own records come this way (GraphStore.upsert_rows), the rest as records.
        nodes, edges = list(nodes), list(edges)
        self.largest_node_batch = max(self.largest_node_batch, len(nodes))
        super().upsert_rows(nodes, edges)
        if any(r[1] == Rel.IN_VERSION.value for r in edges):    # a batch of rows (not the citations after)
            self.seen.append((self._conn().in_transaction, _items(self, self.dataset),
                              _items(self.other, self.dataset)))


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(lists, "WRITE_BATCH_ROWS", BATCH)


def test_a_list_written_in_batches_is_seen_by_other_connections_only_whole(tmp_path: Path, small_batches):
    path, _ = _with_bad_rows(tmp_path / "L05_广安市广安区政务服务事项_按部门.csv")
    store = WatchedStore(tmp_path / "g.db", path.name)
    report = ingest_paths(store, [path], region="511602").files[0]
    assert report.status == "loaded", report.summary_zh()
    during = [(mine, theirs) for in_file, mine, theirs in store.seen if in_file]
    # The rows went into the file batch by batch (this connection saw them grow) …
    assert len({mine for mine, _ in during if 0 < mine < report.rows_loaded}) >= report.rows_loaded // BATCH - 2
    # … while any other connection saw none of them until the file's one commit, then all.
    assert {theirs for _, theirs in during} == {0}
    assert _items(store.other, path.name) == report.rows_loaded
    store.other.close()
    store.close()


def test_no_write_holds_more_than_one_batch_of_rows(tmp_path: Path, small_batches):
    store = WatchedStore(tmp_path / "g.db", L05.name)
    report = ingest_paths(store, [L05], region="511602").files[0]
    assert report.rows_loaded == 1135
    # A row writes a Source and an item; the first batch also carries the new departments (34)
    # and the file's regions, the last one every department again with its final aliases.
    assert store.largest_node_batch <= 2 * BATCH + 60
    store.other.close()
    store.close()


def test_quarantined_rows_in_the_middle_of_a_big_file_add_up(tmp_path: Path, small_batches):
    path, rows = _with_bad_rows(tmp_path / "L05_广安市广安区政务服务事项_按部门.csv")
    store = SqliteStore(tmp_path / "g.db")
    report = ingest_paths(store, [path], region="511602").files[0]
    assert report.rows_read == rows == 1138
    assert report.rows_quarantined == 3
    assert sorted(r.row for r in report.rejections) == [302, 703, 1004]   # header is row 1
    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    version = store.get_node(report.version).props
    assert (version["rows_read"], version["rows_loaded"], version["rows_quarantined"]) == (1138, 1135, 3)
    # One item and one Source per loaded row, each Source in the version.
    assert _items(store, path.name) == report.rows_loaded
    assert len(store.edges_to(report.version, Rel.IN_VERSION.value)) == report.rows_loaded
    store.close()


def test_the_graph_does_not_depend_on_the_batch_size(tmp_path: Path, monkeypatch):
    path, _ = _with_bad_rows(tmp_path / "L05_广安市广安区政务服务事项_按部门.csv")
    graphs = []
    for batch in (BATCH, 10**9):
        monkeypatch.setattr(lists, "WRITE_BATCH_ROWS", batch)
        db = tmp_path / f"g{batch}.db"
        store = SqliteStore(db)
        ingest_paths(store, [path], region="511602")
        store.close()
        graphs.append(_graph(db))
    assert graphs[0] == graphs[1]
    assert Counter(n[1] for n in graphs[0]["nodes"])["PowerItem"] == 1135


class FailingStore(SqliteStore):
    """Fails on the n-th batch of edges: an import that breaks (or is killed) half way."""

    def __init__(self, path: Path, fail_at: int) -> None:
        super().__init__(path)
        self.calls, self.fail_at = 0, fail_at

    def upsert_edges(self, records) -> int:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError("disk full (simulated)")
        return super().upsert_edges(records)


def test_a_list_that_fails_after_some_batches_leaves_nothing_and_a_rerun_loads_it(tmp_path: Path, small_batches):
    db = tmp_path / "g.db"
    store = FailingStore(db, fail_at=10)
    report = ingest_paths(store, [L05], region="511602").files[0]
    assert report.status == "failed" and "disk full" in report.error
    assert store.count_nodes() == 0 and store.count_edges() == 0
    store.fail_at = -1
    again = ingest_paths(store, [L05], region="511602").files[0]
    assert again.status == "loaded" and _items(store, L05.name) == 1135
    store.close()


def test_the_same_big_file_again_is_unchanged_and_writes_nothing(tmp_path: Path, small_batches):
    store = WatchedStore(tmp_path / "g.db", L05.name)
    ingest_paths(store, [L05], region="511602")
    generation, writes = store.generation(), len(store.seen)
    again = ingest_paths(store, [L05], region="511602").files[0]
    assert again.status == "unchanged" and again.rows_loaded == 1135
    assert len(store.seen) == writes and store.generation() == generation
    store.other.close()
    store.close()


class RecordPathStore(SqliteStore):
    """Writes the rows the way every other importer writes: as NodeRecord / EdgeRecord objects
    through upsert_nodes / upsert_edges (GraphStore's own upsert_rows)."""

    upsert_rows = GraphStore.upsert_rows


def _numbered_copies(path: Path, copies: int) -> Path:
    """The file with ``copies`` more copies of its rows, a copy number in 事项名称 and 事项编码
    (as benchmarks/big_list.py makes the million-row list): distinct items in many batches."""
    with open(path, encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    name, code = header.index("事项名称"), header.index("事项编码")
    more = []
    for copy in range(copies):
        for row in body:
            row = list(row)
            if row[name]:
                row[name] = f"{row[name]}（{copy}）"
            if row[code]:
                row[code] = f"{row[code]}-{copy}"
            more.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body, *more])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _in_order(db: Path) -> tuple[list, list]:
    """Ids of the nodes and edges in the order they were written (rowid)."""
    store = SqliteStore(db)
    try:
        return [r.id for r in store.iter_nodes()], [(e.src, e.rel, e.dst, e.key) for e in store.iter_edges()]
    finally:
        store.close()


def test_the_row_path_writes_what_the_record_path_writes(tmp_path: Path, monkeypatch):
    """The rows' plain tuples (upsert_rows) give the graph that records give — every node, edge
    and property, written in the same order — on L05 with quarantined rows plus 3,414 more."""
    path, _ = _with_bad_rows(tmp_path / "L05_广安市广安区政务服务事项_按部门.csv")
    path = _numbered_copies(path, 3)
    monkeypatch.setattr(lists, "WRITE_BATCH_ROWS", 700)
    graphs, orders = [], []
    for cls in (SqliteStore, RecordPathStore):
        db = tmp_path / f"{cls.__name__}.db"
        store = cls(db)
        report = ingest_paths(store, [path], region="511602").files[0]
        store.close()
        assert report.rows_read == 4 * 1138 and report.rows_quarantined >= 3, report.summary_zh()
        graphs.append(_graph(db))
        orders.append(_in_order(db))
    assert graphs[0] == graphs[1]
    assert orders[0] == orders[1]
    assert Counter(n[1] for n in graphs[0]["nodes"])["PowerItem"] == report.rows_loaded > 4000
