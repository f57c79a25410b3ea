"""The schema on a real Neo4j 5: what dutygraph's first write creates is what docs/schema.cypher
says, and the lookups it exists for are planned as index seeks."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Rel, edge, to_record
from graph.neo4j_store import INDEXED, Neo4jStore, schema, schema_cypher

REPO = Path(__file__).resolve().parents[1]


def test_schema_file_is_what_the_store_creates():
    assert (REPO / "docs" / "schema.cypher").read_text(encoding="utf-8") == schema_cypher()


def _drop_dutygraph_schema(session) -> None:
    for row in list(session.run("SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'dutygraph_' RETURN name")):
        session.run(f"DROP CONSTRAINT `{row['name']}` IF EXISTS").consume()
    for row in list(session.run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'dutygraph_' RETURN name")):
        session.run(f"DROP INDEX `{row['name']}` IF EXISTS").consume()


@pytest.fixture()
def fresh_neo4j(neo4j5_bolt):
    """A store on the session's Neo4j with no dutygraph schema yet (as a new database has)."""
    def connect() -> Neo4jStore:
        return Neo4jStore.from_uri(neo4j5_bolt.uri, user=neo4j5_bolt.user, password=neo4j5_bolt.password,
                                   database=neo4j5_bolt.database)

    with connect() as old:
        old.clear()  # (a write: this store has made the schema)
        with old.driver.session(database=old.database) as s:
            _drop_dutygraph_schema(s)
    store = connect()  # has written nothing yet
    yield store
    store.close()


@pytest.mark.neo4j
def test_first_write_creates_constraint_and_indexes(fresh_neo4j):
    from test_neo4j_store import dept, item

    with fresh_neo4j.driver.session() as s:
        assert not list(s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'dutygraph_' RETURN name"))
    fresh_neo4j.upsert_nodes([to_record(dept(1)), to_record(item(1))])
    fresh_neo4j.upsert_edges([edge("dept:1", Rel.HOLDS, "item:1", role="lead")])
    with fresh_neo4j.driver.session() as s:
        s.run("CALL db.awaitIndexes(120)").consume()
        constraints = {r["name"]: r for r in s.run(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name STARTS WITH 'dutygraph_' "
            "RETURN name, type, labelsOrTypes, properties")}
        indexes = {r["name"]: r for r in s.run(
            "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, owningConstraint "
            "WHERE name STARTS WITH 'dutygraph_' AND owningConstraint IS NULL "
            "RETURN name, type, labelsOrTypes, properties, state")}
    c = constraints.pop("dutygraph_entity_id")
    assert (c["type"], c["labelsOrTypes"], c["properties"]) == ("UNIQUENESS", ["Entity"], ["id"])
    assert not constraints
    expected = {f"dutygraph_{label}_{prop}": ([label], [prop]) for label, props in INDEXED.items() for prop in props}
    assert {name: (r["labelsOrTypes"], r["properties"]) for name, r in indexes.items()} == expected
    assert {r["type"] for r in indexes.values()} == {"RANGE"} and {r["state"] for r in indexes.values()} == {"ONLINE"}
    assert set(schema()) == set(expected) | {"dutygraph_entity_id"}


@pytest.mark.neo4j
def test_a_dropped_index_comes_back_on_the_next_first_write(fresh_neo4j, neo4j5_bolt):
    """The store asks Neo4j which of its indexes exist and creates only the missing ones."""
    from test_neo4j_store import dept

    fresh_neo4j.upsert_nodes([to_record(dept(1))])
    with fresh_neo4j.driver.session() as s:
        s.run("DROP INDEX dutygraph_PowerItem_code").consume()
    again = Neo4jStore.from_uri(neo4j5_bolt.uri, user=neo4j5_bolt.user, password=neo4j5_bolt.password)
    again.upsert_nodes([to_record(dept(2))])
    again.close()
    with fresh_neo4j.driver.session() as s:
        names = {r["name"] for r in s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'dutygraph_' RETURN name")}
    assert set(schema()) <= names


@pytest.mark.neo4j
@pytest.mark.parametrize("label,props", [("PowerItem", {"code": "X"}), ("Department", {"region": "511602", "name": "区部门1"}),
                                         ("Duty", {"provision": "p"})])
def test_lookups_are_index_seeks(fresh_neo4j, label, props):
    """find_nodes on an indexed property, and get_node by id, are planned on the indexes."""
    from test_neo4j_store import dept

    fresh_neo4j.upsert_nodes([to_record(dept(1))])  # creates the schema
    with fresh_neo4j.driver.session() as s:
        s.run("CALL db.awaitIndexes(120)").consume()
        conds = " AND ".join(f"n.`{k}` = $v{i}" for i, k in enumerate(sorted(props)))
        plans = [s.run(f"EXPLAIN MATCH (n:`{label}`) WHERE {conds} RETURN n", {f"v{i}": props[k] for i, k in
                                                                              enumerate(sorted(props))}).consume().plan,
                 s.run("EXPLAIN MATCH (n:Entity {id: $id}) RETURN n", id="x").consume().plan]
    for plan in plans:
        ops = _operators(plan)
        assert any("IndexSeek" in op for op in ops), ops
        assert not any(op.startswith(("AllNodesScan", "NodeByLabelScan")) for op in ops), ops


def _operators(plan) -> list[str]:
    out = [plan["operatorType"]]
    for child in plan.get("children", []):
        out += _operators(child)
    return out
