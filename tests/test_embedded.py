"""The embedded store: what is saved comes back exactly, and a crash never corrupts the file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.model import (Department, PowerItem, Rel, edge, from_record,
                         stable_id, to_record)
from graph.store import StoreError
from test_sqlite_store import small_graph as _small_graph

REPO = Path(__file__).resolve().parents[1]


def _dump(store: EmbeddedStore) -> tuple[list, list]:
    nodes = sorted((n.id, n.label, repr(sorted(n.props.items()))) for n in store.iter_nodes())
    edges = sorted((e.src, e.rel, e.dst, e.key, repr(sorted(e.props.items()))) for e in store.iter_edges())
    return nodes, edges


def test_saved_graph_comes_back_with_every_property(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    _small_graph(store)
    # Awkward values that a lossy format would bend: floats, empty strings, nested lists, unicode.
    store.set_props("dept:511602:市场监督管理局", level="", weight=0.1 + 0.2, count=3, flag=False,
                    nested=[["甲", 1], []], note="全角（括号）\u3000与 emoji 🏛")
    store.save()
    again = EmbeddedStore(path)
    assert _dump(again) == _dump(store)
    dept = from_record(again.get_node("dept:511602:市场监督管理局"))
    assert isinstance(dept, Department) and dept.aliases == ["区市监局", "区市场监管局"]
    assert again.get_node("dept:511602:市场监督管理局").props["weight"] == 0.1 + 0.2


def test_gzip_file_round_trips(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.json.gz")
    _small_graph(store)
    store.save()
    assert _dump(EmbeddedStore(tmp_path / "g.json.gz")) == _dump(store)


def test_upserting_the_same_facts_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    _small_graph(store)
    store.save()
    before = path.read_bytes()
    _small_graph(store)
    assert not store._dirty
    store.save()
    assert path.read_bytes() == before


def test_an_edge_to_a_missing_node_is_refused() -> None:
    store = EmbeddedStore(None)
    _small_graph(store)
    with pytest.raises(StoreError, match="不存在"):
        store.upsert_edges([edge("dept:511602:市场监督管理局", Rel.HOLDS, "item:nowhere")])


def test_a_label_outside_the_model_is_refused() -> None:
    store = EmbeddedStore(None)
    with pytest.raises(ValueError, match="未知的节点类型"):
        store.find_nodes("Person")


def test_deleting_a_node_removes_its_edges() -> None:
    store = EmbeddedStore(None)
    _small_graph(store)
    assert store.delete_nodes(["item:511A0113600001", "item:none"]) == 1
    assert store.edges_from("dept:511602:市场监督管理局", Rel.HOLDS.value) == []
    assert store.count_nodes("PowerItem") == 0


def test_failed_save_leaves_the_previous_file_and_no_temp_files(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    _small_graph(store)
    store.save()
    before = path.read_bytes()
    store.set_props("item:511A0113600001", name="改过的名称")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        store.save()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]


_WRITER = """
import sys
from graph.embedded import EmbeddedStore
from graph.model import PowerItem, to_record
store = EmbeddedStore(sys.argv[1])
store.upsert_nodes(to_record(PowerItem(id=f"item:{i}", name="事项" * 20 + str(i), region="511602"))
                   for i in range(int(sys.argv[2])))
print("ready", flush=True)
store.save()
print("saved", flush=True)
"""


def test_killing_the_process_mid_save_never_corrupts_the_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    _small_graph(store)
    store.save()
    before = _dump(EmbeddedStore(path))
    killed_mid_save = 0
    for delay in (0.02, 0.05, 0.1, 0.2, 0.4):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), "200000"], cwd=REPO,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rest = proc.stdout.read()
        # Whatever moment the kill hit, the file is the old graph or the complete new one.
        loaded = EmbeddedStore(path)
        if "saved" in rest:
            assert loaded.count_nodes("PowerItem") == 200000 + 1
            before = _dump(loaded)
        else:
            killed_mid_save += 1
            assert _dump(loaded) == before
    assert killed_mid_save >= 1, "no kill landed during a save; the test proved nothing"


def test_a_file_that_is_not_a_graph_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text('{"nodes": [', encoding="utf-8")
    with pytest.raises(StoreError, match="无法读取图文件"):
        EmbeddedStore(bad)


def test_stable_ids_do_not_depend_on_the_run() -> None:
    assert stable_id("item", "511602", "区市监局", "食品经营许可") == stable_id("item", "511602", "区市监局", "食品经营许可")
    assert stable_id("item", "a", "bc") != stable_id("item", "ab", "c")


def test_edge_counts_by_type_stay_right_through_deletes_and_reloads(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.json")
    _small_graph(store)
    dept = "dept:511602:市场监督管理局"
    store.upsert_edges([edge(dept, Rel.PART_OF, dept)])  # a self-loop counts once
    assert store.count_edges(Rel.HOLDS.value) == 1 and store.count_edges(Rel.PART_OF.value) == 1
    store.save()
    again = EmbeddedStore(tmp_path / "g.json")
    assert {r.value: again.count_edges(r.value) for r in Rel} == {
        r.value: sum(1 for e in again.iter_edges() if e.rel == r.value) for r in Rel}
    again.delete_nodes([dept])
    assert again.count_edges(Rel.HOLDS.value) == 0 and again.count_edges(Rel.PART_OF.value) == 0
    assert again.count_edges(Rel.FROM_SOURCE.value) == 1
