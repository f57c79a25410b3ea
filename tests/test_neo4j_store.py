"""The GraphStore contract, run against every backend: embedded, ArcadeDB over Bolt, Neo4j 5."""
from __future__ import annotations

import pytest

from graph.model import Department, PowerItem, Rel, Source, edge, from_record, to_record
from graph.store import StoreError


def dept(i: int, **kw) -> Department:
    return Department(id=f"dept:{i}", name=f"区部门{i}", region="511602", aliases=[f"部门{i}"], **kw)


def item(i: int, **kw) -> PowerItem:
    return PowerItem(id=f"item:{i}", name=f"食品经营许可{i}", region="511602", power_type="行政许可",
                     code=f"11511602MB{i:06d}", **kw)


def graph_dump(store):
    nodes = {(n.id, n.label): n.props for n in store.iter_nodes()}
    edges = {e.ident: e.props for e in store.iter_edges()}
    return nodes, edges


def test_upsert_is_idempotent(any_store):
    records = [to_record(dept(1)), to_record(item(1)), to_record(item(2))]
    edges = [edge("dept:1", Rel.HOLDS, "item:1", role="lead"), edge("dept:1", Rel.HOLDS, "item:2", role="cooperate")]
    assert any_store.upsert_nodes(records) == 3
    any_store.upsert_edges(edges)
    first = graph_dump(any_store)
    any_store.upsert_nodes(records)
    any_store.upsert_edges(edges)
    assert graph_dump(any_store) == first
    assert any_store.count_nodes() == 3 and any_store.count_edges() == 2


def test_props_round_trip_exactly(any_store):
    props = {
        "name": "区市场监督管理局（区知识产权局）", "aliases": ["区市监局", "区市场监管局", "𠀀生僻字"],
        "empty_list": [], "n": 42, "big": 2 ** 53 + 1, "neg": -7, "ratio": 0.125, "whole_float": 35.0,
        "yes": True, "no": False, "blank": "", "none": None, "nested": {"a": [1, "二"]},
        "mixed": [1, "a", 2.5], "ints": [1, 2, 3], "floats": [1.5, 2.0], "bools": [True, False],
        "lists": [["a"], ["b", "c"]], "marker_like": "\ufdd0json:not json", "nul": "a\u0000b", "huge": 2 ** 70,
    }
    from graph.model import NodeRecord

    any_store.upsert_nodes([NodeRecord("x:1", "Department", props)])
    got = any_store.get_node("x:1")
    assert got.label == "Department"
    assert got.props == props
    for k, v in props.items():  # type-exact: 35.0 stays a float, True stays a bool
        assert type(got.props[k]) is type(v), k


def test_typed_nodes_survive(any_store):
    d = dept(3, former_names=["区工商局"], in_roster=True)
    any_store.upsert_nodes([to_record(d)])
    assert from_record(any_store.get_node(d.id)) == d


def test_merge_keeps_untouched_props(any_store):
    any_store.upsert_nodes([to_record(dept(1))])
    from graph.model import NodeRecord

    any_store.upsert_nodes([NodeRecord("dept:1", "Department", {"kind": "垂直管理"})])
    got = any_store.get_node("dept:1").props
    assert got["kind"] == "垂直管理" and got["name"] == "区部门1"
    any_store.set_props("dept:1", name="新名称", level=None)
    got = any_store.get_node("dept:1").props
    assert got["name"] == "新名称" and got["level"] is None and got["aliases"] == ["部门1"]


def test_label_cannot_change(any_store):
    any_store.upsert_nodes([to_record(dept(1))])
    from graph.model import NodeRecord

    with pytest.raises(StoreError, match="已是 Department"):
        any_store.upsert_nodes([NodeRecord("dept:1", "PowerItem", {"name": "x"})])
    assert any_store.get_node("dept:1").label == "Department"


def test_edges_with_keys_and_props(any_store):
    any_store.upsert_nodes([to_record(dept(1)), to_record(item(1)),
                            to_record(Source(id="src:1", path="L05.csv", locator="第 2 行"))])
    any_store.upsert_edges([
        edge("dept:1", Rel.HOLDS, "item:1", source="src:1", role="lead"),
        edge("dept:1", Rel.HOLDS, "item:1", key="second", role="cooperate", weights=[1, 2]),
        edge("item:1", Rel.FROM_SOURCE, "src:1"),
    ])
    out = sorted(any_store.edges_from("dept:1"), key=lambda e: e.key)
    assert [(e.rel, e.dst, e.key) for e in out] == [("HOLDS", "item:1", ""), ("HOLDS", "item:1", "second")]
    assert out[0].props == {"source": "src:1", "role": "lead"}
    assert out[1].props == {"role": "cooperate", "weights": [1, 2]}
    assert {e.src for e in any_store.edges_to("item:1", Rel.HOLDS.value)} == {"dept:1"}
    assert [e.rel for e in any_store.edges_from("item:1")] == ["FROM_SOURCE"]
    assert any_store.edges_from("item:1", Rel.HOLDS.value) == []
    assert any_store.edges_from("nobody") == []
    # merging props into an existing edge
    any_store.upsert_edges([edge("dept:1", Rel.HOLDS, "item:1", role="cooperate")])
    e = next(e for e in any_store.edges_from("dept:1") if e.key == "")
    assert e.props == {"source": "src:1", "role": "cooperate"}
    assert any_store.count_edges() == 3 and any_store.count_edges("HOLDS") == 2
    assert {e.ident for e in any_store.edges_of(["dept:1", "item:1"], "HOLDS", direction="out")} == {
        ("dept:1", "HOLDS", "item:1", ""), ("dept:1", "HOLDS", "item:1", "second")}


def test_edge_needs_both_ends(any_store):
    any_store.upsert_nodes([to_record(dept(1))])
    with pytest.raises(StoreError, match="不存在"):
        any_store.upsert_edges([edge("dept:1", Rel.HOLDS, "item:404")])
    assert any_store.count_edges() == 0


def test_find_nodes(any_store):
    any_store.upsert_nodes([to_record(dept(i)) for i in range(3)] + [to_record(item(i)) for i in range(3)])
    any_store.upsert_nodes([to_record(Department(id="dept:other", name="区部门1", region="511603"))])
    assert {n.id for n in any_store.find_nodes("Department", region="511602")} == {"dept:0", "dept:1", "dept:2"}
    assert {n.id for n in any_store.find_nodes("Department", name="区部门1")} == {"dept:1", "dept:other"}
    assert [n.id for n in any_store.find_nodes("Department", name="区部门1", region="511603")] == ["dept:other"]
    assert any_store.find_nodes("Department", aliases=["部门2"])[0].id == "dept:2"
    assert any_store.find_nodes("PowerItem", current=True) and not any_store.find_nodes("PowerItem", current=False)
    assert {n.id for n in any_store.find_nodes("PowerItem")} == {"item:0", "item:1", "item:2"}
    assert {n.id for n in any_store.find_nodes_prefix("Department", "region", "51160")} == {
        "dept:0", "dept:1", "dept:2", "dept:other"}
    assert any_store.find_nodes("Department", name="无此部门") == []
    with pytest.raises(ValueError):
        any_store.find_nodes("NoSuchLabel")


def test_delete_and_counts(any_store):
    any_store.upsert_nodes([to_record(dept(1))] + [to_record(item(i)) for i in range(4)])
    any_store.upsert_edges([edge("dept:1", Rel.HOLDS, f"item:{i}") for i in range(4)])
    assert any_store.count_nodes("PowerItem") == 4 and any_store.count_nodes("Department") == 1
    assert any_store.delete_nodes(["item:0", "item:1", "item:1", "missing"]) == 2
    assert any_store.get_node("item:0") is None
    assert any_store.count_nodes() == 3 and any_store.count_edges("HOLDS") == 2
    assert any_store.delete_nodes(["dept:1"]) == 1
    assert any_store.count_edges() == 0


def test_iter_by_label_and_rel(any_store):
    any_store.upsert_nodes([to_record(dept(1)), to_record(item(1)), to_record(Source(id="s:1"))])
    any_store.upsert_edges([edge("dept:1", Rel.HOLDS, "item:1"), edge("item:1", Rel.FROM_SOURCE, "s:1")])
    assert [n.id for n in any_store.iter_nodes("Source")] == ["s:1"]
    assert [e.rel for e in any_store.iter_edges("FROM_SOURCE")] == ["FROM_SOURCE"]
    assert sorted(n.label for n in any_store.iter_nodes()) == ["Department", "PowerItem", "Source"]


def test_whitelist_guards_cypher(any_store):
    from graph.model import NodeRecord

    with pytest.raises(ValueError):
        any_store.upsert_nodes([NodeRecord("x", "Department`) DETACH DELETE (m", {})])
    with pytest.raises(ValueError):
        any_store.count_edges("HOLDS]->() DETACH DELETE (n")


def test_bolt_rejects_unsafe_property_keys(bolt_store):
    from graph.model import NodeRecord

    with pytest.raises(ValueError, match="属性名"):
        bolt_store.upsert_nodes([NodeRecord("x", "Department", {"name`: 1}) DETACH DELETE n //": 1})])
    with pytest.raises(ValueError, match="保留"):
        bolt_store.upsert_nodes([NodeRecord("x", "Department", {"id": "y"})])


def test_bolt_batches_larger_than_batch_size(bolt_store):
    bolt_store.batch_size = 7
    bolt_store.upsert_nodes([to_record(item(i)) for i in range(30)] + [to_record(dept(1))])
    bolt_store.upsert_edges([edge("dept:1", Rel.HOLDS, f"item:{i}", role="lead") for i in range(30)])
    assert bolt_store.count_nodes() == 31 and bolt_store.count_edges("HOLDS") == 30
    assert len(bolt_store.get_nodes([f"item:{i}" for i in range(30)] + ["nope"])) == 30


def test_dialect_detection_and_tables():
    from graph import cypher_dialect as cd
    from graph.store import REL_TYPES

    assert cd.detect("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)") is cd.ARCADEDB
    assert cd.detect("Neo4j/5.26.0") is cd.NEO4J
    assert cd.ANCHOR_AT_DST <= REL_TYPES


def test_bolt_store_knows_its_server(bolt_store):
    assert bolt_store.dialect.name in {"ArcadeDB", "Neo4j"}
    assert bolt_store.dialect.name in bolt_store.description


def _small_load(n: int = 12):
    nodes, edges = [to_record(dept(1))], []
    for i in range(n):
        nodes += [to_record(item(i)), to_record(Source(id=f"src:{i}", path="L05.csv", locator=f"第 {i + 2} 行"))]
        edges += [edge("dept:1", Rel.HOLDS, f"item:{i}", source=f"src:{i}", role="lead"),
                  edge(f"item:{i}", Rel.FROM_SOURCE, f"src:{i}")]
    return nodes, edges


def test_bolt_load_fast_paths_give_the_same_graph(bolt_store):
    """A batch is first tried as plain CREATEs and edges at nodes the store has just created are
    created without a lookup; whatever part of the load another loader left behind, the graph
    ends as the embedded store's, and stays so when loaded again."""
    from graph.embedded import EmbeddedStore
    from graph.model import NodeRecord
    from graph.neo4j_store import Neo4jStore
    from graph.transfer import dump

    nodes, edges = _small_load()
    ref = EmbeddedStore()
    ref.upsert_nodes(nodes)
    ref.upsert_edges(edges)
    # a cut-off earlier load, by another store (so nothing is "fresh" to this one): the first
    # nine nodes, one of them with an older value, and seven of the edges between them
    earlier = Neo4jStore(bolt_store.driver, database=bolt_store.database, uri=bolt_store.uri, batch_size=4)
    earlier.upsert_nodes(nodes[:9])
    earlier.upsert_nodes([NodeRecord("item:1", "PowerItem", {"name": "旧名称"})])
    earlier.upsert_edges(edges[:7])
    bolt_store.batch_size = 5  # batches: all there, partly there, new, new, …
    bolt_store.upsert_nodes(nodes)
    bolt_store.upsert_edges(edges)
    assert dump(bolt_store) == dump(ref)
    assert bolt_store.count_edges() == len(edges)
    bolt_store.upsert_nodes(nodes)  # everything there now: the plain CREATE is refused, then SET
    bolt_store.upsert_edges(edges)
    assert dump(bolt_store) == dump(ref)
    with pytest.raises(StoreError, match="已是 PowerItem"):
        bolt_store.upsert_nodes([to_record(item(100)), NodeRecord("item:1", "Department", {})])
    assert bolt_store.get_node("item:100") is None  # the refused batch wrote nothing


def test_bolt_failure_in_a_later_batch_keeps_whole_earlier_batches(bolt_store):
    """Batches are encoded while the previous one is written: a bad record stops the load
    after the batches before it, as a plain loop would."""
    from graph.model import NodeRecord

    bolt_store.batch_size = 3
    records = [to_record(item(i)) for i in range(7)] + [NodeRecord("bad", "PowerItem", {"bad key": 1})]
    with pytest.raises(ValueError, match="属性名"):
        bolt_store.upsert_nodes(records)
    assert bolt_store.count_nodes() == 6


def test_bolt_stale_element_ids_fall_back_to_ids(bolt_store):
    """Edges between nodes the store created find their ends by remembered element ids, each
    checked against the id; a remembered one that names another node (or none) costs a retry,
    never a wrong edge."""
    from graph.embedded import EmbeddedStore
    from graph.neo4j_store import Neo4jStore
    from graph.transfer import dump

    nodes, edges = _small_load(4)
    ref = EmbeddedStore()
    ref.upsert_nodes(nodes)
    ref.upsert_edges(edges)
    bolt_store.upsert_nodes(nodes)
    eids = bolt_store._eids
    assert set(eids) == {r.id for r in nodes}
    eids["item:0"], eids["item:1"] = eids["item:1"], eids["item:0"]  # each names the other node
    # src:3 deleted and made again by another store: its old element id names nothing now
    other = Neo4jStore(bolt_store.driver, database=bolt_store.database, uri=bolt_store.uri)
    other.delete_nodes(["src:3"])
    other.upsert_nodes([r for r in nodes if r.id == "src:3"])
    bolt_store.upsert_edges(edges)
    assert dump(bolt_store) == dump(ref)
    assert bolt_store.count_edges() == len(edges)


def test_bolt_generator_records_see_every_earlier_batch(bolt_store):
    """Records given as a generator are not read ahead: one that reads the graph sees each
    earlier batch committed, as it did before batches were encoded ahead."""
    bolt_store.batch_size = 2
    seen = []

    def records():
        for i in range(6):
            seen.append(bolt_store.count_nodes())
            yield to_record(item(i))

    assert bolt_store.upsert_nodes(records()) == 6
    assert seen == [0, 0, 2, 2, 4, 4]


def test_bolt_asking_for_absent_kinds_logs_nothing(bolt_store, caplog):
    """A graph without rulings is asked for RULED edges on every who-handles: an empty answer,
    not a warning in the user's terminal (Neo4j would notify "relationship type does not exist")."""
    import logging

    bolt_store.upsert_nodes([to_record(dept(1))])
    with caplog.at_level(logging.INFO, logger="neo4j"):
        assert bolt_store.edges_from("dept:1", Rel.RULED.value) == []
        assert bolt_store.count_edges(Rel.MANDATES.value) == 0
        assert bolt_store.find_nodes("Ruling", region="511602") == []
    assert [r.getMessage() for r in caplog.records if "notification" in r.getMessage()] == []
