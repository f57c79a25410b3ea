"""The neo4j-admin import files: read back by the rules neo4j-admin applies, they give the
graph they were written from, value for value and type for type."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.model import EdgeRecord, NodeRecord
from graph.neo4j_import_export import ARRAY_DELIMITER, export_neo4j_import
from graph.neo4j_props import decode
from graph.transfer import dump

REPO = Path(__file__).resolve().parents[1]
L05 = REPO.parent / "shared" / "corpus" / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"

CONVERT = {"string": str, "long": int, "double": float, "boolean": lambda s: s == "true"}


def parse(text: str, typ: str):
    """One quoted field as neo4j-admin types it."""
    if typ.endswith("[]"):
        return [CONVERT[typ[:-2]](x) for x in text.split(ARRAY_DELIMITER)]
    return decode(CONVERT[typ](text))


def read_back(directory: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    edges = []
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        cols = [(h.split(":")[0], h.split(":")[1] if ":" in h else "string") for h in header]
        for row in body:
            values = {}
            for (name, typ), text in zip(cols, row):
                values[(name, typ)] = text
            if path.name.startswith("nodes_"):
                labels = values[("", "LABEL")].split(ARRAY_DELIMITER)
                assert labels[0] == "Entity"
                props = {n: parse(v, t) for (n, t), v in values.items() if n and t not in ("ID", "LABEL")}
                store.upsert_nodes([NodeRecord(values[("id", "ID")], labels[1], props)])
            else:
                props = {n: parse(v, t) for (n, t), v in values.items() if n and n != "_key"}
                edges.append(EdgeRecord(values[("", "START_ID")], values[("", "TYPE")], values[("", "END_ID")],
                                        props, key=values[("_key", "string")]))
    store.upsert_edges(edges)
    return store


def test_header_and_command(tmp_path):
    store = EmbeddedStore()
    store.upsert_nodes([NodeRecord("d:1", "Department", {"name": "区市监局", "aliases": ["市场监管局"], "level": 3}),
                        NodeRecord("i:1", "PowerItem", {"name": "食品经营许可", "current": True})])
    store.upsert_edges([EdgeRecord("d:1", "HOLDS", "i:1", {"role": "lead"})])
    report = export_neo4j_import(store, tmp_path / "out")
    assert report.nodes == 2 and report.relationships == 1
    out = tmp_path / "out"
    head = (out / "nodes_Department_1.csv").read_text(encoding="utf-8").splitlines()[0]
    assert head == "id:ID,:LABEL,aliases:string[],level:long,name:string"
    rel = (out / "relationships_HOLDS_1.csv").read_text(encoding="utf-8").splitlines()
    assert rel == [":START_ID,:END_ID,:TYPE,_key:string,role:string", '"d:1","i:1","HOLDS","","lead"']
    command = (out / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in command and "--nodes=nodes_Department_1.csv" in command
    assert "'--array-delimiter=|'" in command and "--relationships=relationships_HOLDS_1.csv" in command
    assert "REQUIRE n.id IS UNIQUE" in (out / "schema.cypher").read_text(encoding="utf-8")
    with pytest.raises(FileExistsError):
        export_neo4j_import(store, out)


def test_awkward_values_round_trip(tmp_path):
    props = {"s": 'quote " comma , newline \n end', "empty": "", "pipe_list": ["a|b", "c"], "blank_item": ["", "x"],
             "none": None, "map": {"k": [1, 2]}, "ints": [1, 2], "floats": [0.1, 2.0], "mixed": [1, "a"],
             "empty_list": [], "big": 2 ** 63 - 1, "huge": 2 ** 64, "f": 35.0, "t": True, "zh": "第三十五条之一"}
    store = EmbeddedStore()
    store.upsert_nodes([NodeRecord("a:1", "Article", props), NodeRecord("a:2", "Article", {"number": 35}),
                        NodeRecord("a:3", "Article", {"number": 35.01})])
    store.upsert_edges([EdgeRecord("a:1", "PART_OF", "a:2", {"w": [True, False]}, key="k1"),
                        EdgeRecord("a:1", "PART_OF", "a:2", {}, key="k2")])
    export_neo4j_import(store, tmp_path)
    assert dump(read_back(tmp_path)) == dump(store)
    back = read_back(tmp_path).get_node("a:2").props["number"]
    assert back == 35 and type(back) is int  # its own file: not coerced to 35.0 by a:3's double


def test_real_list_round_trips(tmp_path):
    from ingest.lists import ingest_list

    if not L05.exists():
        pytest.fail(f"找不到 {L05}")
    store = EmbeddedStore()
    ingest_list(store, L05)
    report = export_neo4j_import(store, tmp_path)
    assert report.nodes == store.count_nodes() > 2000
    assert dump(read_back(tmp_path)) == dump(store)


@pytest.mark.neo4j
def test_neo4j_admin_import_gives_the_same_graph(tmp_path):
    """The files go through the real `neo4j-admin database import full` (the pinned Neo4j 5's own
    tool, by the import.sh written beside them) into a new database, and a Neo4j 5 started on it
    holds the graph they were written from; dutygraph's first write then adds the schema."""
    import os
    import subprocess

    from ingest.lists import ingest_list
    from neo4j_fixtures import neo4j_missing
    from neo4j_harness import Neo4jServer, Neo4jUnavailable, admin_command

    from graph.neo4j_store import Neo4jStore, schema

    try:
        admin = admin_command()
    except Neo4jUnavailable as exc:
        neo4j_missing(str(exc))
    store = EmbeddedStore()
    ingest_list(store, L05)
    export_neo4j_import(store, tmp_path / "import")
    server = Neo4jServer(home=tmp_path / "server", heap="512m", page_cache="64m")
    env = dict(os.environ, NEO4J_HOME=str(server.neo4j_home), PATH=f"{admin.parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["sh", str(tmp_path / "import" / "import.sh")], env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    server.start()
    try:
        with Neo4jStore.from_uri(server.uri, user=server.user, password=server.password) as bolt:
            assert dump(bolt) == dump(store)
            first = next(store.iter_nodes("PowerItem"))
            bolt.upsert_nodes([first])  # the first write creates the constraint and indexes
            with bolt.driver.session() as s:
                names = {r["name"] for r in s.run("SHOW INDEXES YIELD name")} | {
                    r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name")}
            assert set(schema()) <= names
            assert dump(bolt) == dump(store)
    finally:
        server.cleanup()
