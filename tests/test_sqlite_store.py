"""The SQLite store: what is written comes back exactly, writes are whole transactions, one
writer at a time, and readers see only committed graphs."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from graph.model import Department, PowerItem, Region, Rel, Role, Source, edge, from_record, to_record
from graph.sqlite_store import SqliteStore
from graph.store import StoreBusy, StoreError


def small_graph(store) -> None:
    """One county, one department, one item from its list row: shared with the JSON store's tests."""
    region = Region(id="region:511602", code="511602", name="广安市广安区", level="county",
                    parent="511600", aliases=["广安区"])
    dept = Department(id="dept:511602:市场监督管理局", name="广安市广安区市场监督管理局", region="511602",
                      aliases=["区市监局", "区市场监管局"], former_names=["区工商局", "区质监局"], in_roster=True)
    item = PowerItem(id="item:511A0113600001", name="特殊标志使用人书面使用合同存查", region="511602",
                     power_type="其他行政权力", code="511Z0113600001-511602000000-000-115113010087783353-1-00",
                     base_code="511Z0113600001", dataset="L05.csv")
    src = Source.for_row("L05.csv", "第 12 行", "区市监局,未分类,特殊标志使用人书面使用合同存查", "v1",
                         "2026-11-22T00:00:00+00:00")
    store.upsert_nodes(to_record(n) for n in (region, dept, item, src))
    store.upsert_edges([
        edge(dept.id, Rel.HOLDS, item.id, source=src.id, role=Role.LEAD.value),
        edge(item.id, Rel.FROM_SOURCE, src.id),
        edge(dept.id, Rel.IN_REGION, region.id, source=src.id),
    ])


def _dump(store) -> tuple[list, list]:
    nodes = sorted((n.id, n.label, repr(sorted(n.props.items()))) for n in store.iter_nodes())
    edges = sorted((e.src, e.rel, e.dst, e.key, repr(sorted(e.props.items()))) for e in store.iter_edges())
    return nodes, edges


DEPT = "dept:511602:市场监督管理局"
ITEM = "item:511A0113600001"


def test_written_graph_comes_back_with_every_property_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    store = SqliteStore(path)
    small_graph(store)
    store.set_props(DEPT, level="", weight=0.1 + 0.2, count=3, flag=False,
                    nested=[["甲", 1], []], note="全角（括号）\u3000与 emoji 🏛")
    written = _dump(store)
    store.close()
    again = SqliteStore(path)
    assert _dump(again) == written
    dept = from_record(again.get_node(DEPT))
    assert isinstance(dept, Department) and dept.aliases == ["区市监局", "区市场监管局"]
    assert again.get_node(DEPT).props["weight"] == 0.1 + 0.2
    assert again.get_node(DEPT).props["nested"] == [["甲", 1], []]


def test_reads_by_label_property_prefix_and_endpoint(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    assert [n.id for n in store.find_nodes("Department", region="511602")] == [DEPT]
    assert [n.id for n in store.find_nodes("Department", in_roster=True)] == [DEPT]   # not indexed: scanned
    assert store.find_nodes("Department", region="511602", in_roster=False) == []
    assert [n.id for n in store.find_nodes("PowerItem", dataset="L05.csv", region="511602")] == [ITEM]
    assert [n.id for n in store.find_nodes_prefix("PowerItem", "region", "5116")] == [ITEM]
    assert store.find_nodes_prefix("PowerItem", "region", "5117") == []
    assert [n.id for n in store.find_nodes_prefix("PowerItem", "base_code", "511Z")] == [ITEM]  # no column
    assert [(e.src, e.dst) for e in store.edges_to(ITEM, Rel.HOLDS.value)] == [(DEPT, ITEM)]
    assert {e.rel for e in store.edges_from(DEPT)} == {"HOLDS", "IN_REGION"}
    assert len(store.edges_of([ITEM, DEPT], Rel.FROM_SOURCE.value)) == 1
    assert store.get_nodes([DEPT, "nowhere"]).keys() == {DEPT}
    assert store.count_nodes() == 4 and store.count_nodes("PowerItem") == 1
    assert store.count_edges() == 3 and store.count_edges(Rel.HOLDS.value) == 1


def test_upserts_merge_and_the_same_facts_twice_change_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    generation = store.generation()
    small_graph(store)
    assert store.generation() == generation  # nothing changed: no new generation, caches stay valid
    store.upsert_edges([edge(DEPT, Rel.HOLDS, ITEM, role=Role.COOPERATE.value)])
    [holds] = store.edges_to(ITEM, Rel.HOLDS.value)
    assert holds.props["role"] == "cooperate" and holds.props["source"]  # merged, not replaced
    assert store.generation() == generation + 1


def test_an_edge_to_a_missing_node_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    with pytest.raises(StoreError, match="端点 item:nowhere 不存在"):
        store.upsert_edges([edge(DEPT, Rel.PART_OF, DEPT), edge(DEPT, Rel.HOLDS, "item:nowhere")])
    assert store.count_edges(Rel.PART_OF.value) == 0  # the call was one transaction


def test_a_node_cannot_change_its_label(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    with pytest.raises(StoreError, match="已是 Department"):
        store.upsert_nodes([to_record(PowerItem(id=DEPT, name="x"))])


def test_deleting_a_node_removes_its_edges_and_counts_stay_right(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    store.upsert_edges([edge(DEPT, Rel.PART_OF, DEPT)])  # a self-loop counts once
    assert store.delete_nodes([DEPT, "dept:none"]) == 1
    assert store.count_edges(Rel.HOLDS.value) == 0 and store.count_edges(Rel.PART_OF.value) == 0
    assert store.count_edges(Rel.FROM_SOURCE.value) == 1
    assert store.edges_to(ITEM) == []


def test_info_counts_every_label_in_one_pass_as_the_per_label_counts_do(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    assert store.count_nodes_by_label() == {"Department": 1, "PowerItem": 1, "Region": 1, "Source": 1}
    store.delete_nodes([DEPT])
    assert "Department" not in store.count_nodes_by_label()


def test_a_failed_transaction_leaves_no_trace(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    before, generation = _dump(store), store.generation()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.set_props(ITEM, name="改过的名称")
            store.delete_nodes([DEPT])
            raise RuntimeError("导入到一半出错")
    assert _dump(store) == before and store.generation() == generation


def test_iteration_skips_rows_added_while_it_runs(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    store.upsert_nodes(to_record(PowerItem(id=f"item:{i:05d}", name=f"事项{i}")) for i in range(12000))
    seen = 0
    for rec in store.iter_nodes("PowerItem"):
        if seen == 0:
            store.upsert_nodes([to_record(PowerItem(id="item:new", name="新事项"))])
        store.set_props(rec.id, current=False)
        seen += 1
    assert seen == 12000
    assert store.find_nodes("PowerItem", current=False)[0].props["current"] is False


def test_a_second_writer_waits_and_says_so_then_gets_its_turn(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    first = SqliteStore(path)
    small_graph(first)
    notes: list[str] = []
    second = SqliteStore(path, notice=notes.append, lock_timeout=30)
    holding, done = threading.Event(), threading.Event()

    def write_slowly() -> None:
        with first.transaction():
            first.set_props(ITEM, name="第一个写入")
            holding.set()
            time.sleep(1.0)
        done.set()

    t = threading.Thread(target=write_slowly)
    t.start()
    holding.wait()
    second.set_props(DEPT, name="第二个写入")  # waits for the first to commit
    assert done.is_set()
    t.join()
    assert notes and "另一个进程正在写入" in notes[0]
    reader = SqliteStore(path)
    assert reader.get_node(ITEM).props["name"] == "第一个写入"
    assert reader.get_node(DEPT).props["name"] == "第二个写入"


def test_a_writer_that_waits_too_long_fails_clearly_having_written_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    first = SqliteStore(path)
    small_graph(first)
    second = SqliteStore(path, notice=None, lock_timeout=0.5)
    with first.transaction():
        first.set_props(ITEM, name="长时间写入")
        with pytest.raises(StoreBusy, match="正被另一个进程写入.*没有写入任何内容"):
            second.set_props(DEPT, name="不应写入")
        # Readers are not held up by the writer, and see the last committed graph.
        assert second.get_node(ITEM).props["name"] == "特殊标志使用人书面使用合同存查"
    assert second.get_node(DEPT).props["name"] == "广安市广安区市场监督管理局"
    assert second.get_node(ITEM).props["name"] == "长时间写入"


def test_generation_shows_another_connections_commits(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    writer, watcher = SqliteStore(path), SqliteStore(path)
    seen = watcher.generation()
    small_graph(writer)
    assert watcher.generation() > seen


def test_the_change_journal_names_what_each_write_touched_as_another_process_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    writer, watcher = SqliteStore(path), SqliteStore(path)
    start = watcher.generation()
    small_graph(writer)
    touched = watcher.changes_since(start)
    assert {("PowerItem", "511602"), ("Department", "511602"), ("Region", ""), ("rel:HOLDS", "")} <= touched
    after_list = watcher.generation()
    small_graph(writer)                      # the same facts again: nothing committed, nothing journaled
    assert watcher.changes_since(after_list) == set()
    writer.set_props("item:511A0113600001", current=False)
    assert watcher.changes_since(after_list) == {("PowerItem", "511602")}
    replaced = watcher.generation()
    writer.delete_nodes(["item:511A0113600001"])
    # Deleting the item takes its edges with it: their types are journaled too.
    assert watcher.changes_since(replaced) == {("PowerItem", "511602"), ("rel:HOLDS", ""), ("rel:FROM_SOURCE", "")}
    assert watcher.changes_since(start - 1) is None   # before the journal began: unknown


def test_artifacts_keep_bytes_and_their_generation(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "g.db")
    small_graph(store)
    generation = store.generation()
    assert store.read_artifact("lookup") is None
    store.write_artifact("lookup", generation, b"\x00index")
    assert store.read_artifact("lookup") == (generation, b"\x00index")
    assert store.generation() == generation  # derived data is not a change of the graph


def test_a_file_that_is_not_a_graph_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "g.db"
    bad.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(StoreError, match="不是 dutygraph 的 SQLite 图数据库"):
        SqliteStore(bad)


@pytest.mark.parametrize("backend", ["sqlite", "portable default"])
def test_an_answers_reads_come_in_one_go_and_equal_the_single_reads(tmp_path: Path, backend: str) -> None:
    from graph.embedded import EmbeddedStore
    from graph.lookup.who_handles import item_evidence, item_holders, read_items

    store = SqliteStore(tmp_path / "g.db") if backend == "sqlite" else EmbeddedStore(None)
    small_graph(store)
    reads = read_items(store, [ITEM])
    assert {DEPT, ITEM} <= reads.nodes.keys()  # the holder came with the item's edges
    assert item_holders(reads, ITEM) == item_holders(store, ITEM)
    props = store.get_node(ITEM).props
    assert item_evidence(reads, ITEM, props, None) == item_evidence(store, ITEM, props, None)
    assert reads.edges_to(ITEM, Rel.HOLDS.value) == store.edges_to(ITEM, Rel.HOLDS.value)
    assert reads.edges_from(DEPT, Rel.IN_REGION.value) == store.edges_from(DEPT, Rel.IN_REGION.value)  # not fetched


def test_a_file_from_before_a_property_was_indexed_gets_the_index_filled_in(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "g.db"
    small_graph(SqliteStore(path))
    with sqlite3.connect(path) as conn:  # as a file written before `law` had a column
        conn.execute("DROP INDEX nodes_law")
        conn.execute("ALTER TABLE nodes DROP COLUMN p_law")
        conn.execute("UPDATE nodes SET props = json_set(props, '$.law', 'law:x') WHERE id = ?", (ITEM,))
    again = SqliteStore(path)
    assert [n.id for n in again.find_nodes("PowerItem", law="law:x")] == [ITEM]
    plan = again._conn().execute("EXPLAIN QUERY PLAN SELECT id FROM nodes WHERE label = 'PowerItem' "
                                 "AND p_law = 'law:x'").fetchall()
    assert "nodes_law" in str(plan)
