"""Bad conditions on the Bolt backend: each gives a message a person can act on, and a load
cut off half way and run again ends with exactly the graph one clean load makes."""
from __future__ import annotations


import pytest
from bolt_server import BoltServer, arcadedb_available, free_port

from graph.embedded import EmbeddedStore
from graph.model import Department, PowerItem, Rel, Source, edge, to_record
from graph.neo4j_store import Neo4jStore
from graph.backends import open_store
from graph.store import StoreError
from graph.transfer import dump


def test_server_not_running(monkeypatch):
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="连不上图数据库.*服务没有运行"):
        Neo4jStore.from_uri(uri, user="neo4j", password="whatever", retry_seconds=0)
    monkeypatch.setenv("NEO4J_PASSWORD", "whatever")
    with pytest.raises(StoreError, match="连不上图数据库"):
        open_store(uri)


@pytest.fixture(params=["arcadedb", pytest.param("neo4j5", marks=pytest.mark.neo4j)])
def server(request):
    """The session's Bolt server of each kind: ArcadeDB, and the real Neo4j 5."""
    return request.getfixturevalue("arcadedb_bolt" if request.param == "arcadedb" else "neo4j5_bolt")


def test_wrong_password(server):
    with pytest.raises(StoreError, match="拒绝登录：用户名或密码不对"):
        Neo4jStore.from_uri(server.uri, user=server.user, password="not-the-password", database=server.database)


def test_env_credentials(server, monkeypatch):
    monkeypatch.setenv("NEO4J_USER", server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", server.password)
    if server.database:
        monkeypatch.setenv("NEO4J_DATABASE", server.database)
    else:
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    with open_store(server.uri) as store:
        assert isinstance(store, Neo4jStore)
        assert store.dialect.name == ("ArcadeDB" if server.user == "root" else "Neo4j")
    monkeypatch.setenv("NEO4J_DATABASE", "no_such_db")
    with pytest.raises(StoreError, match="没有数据库 'no_such_db'"):
        open_store(server.uri)


def province(n_depts: int = 12, items_per_dept: int = 60):
    """A small generated graph: departments holding items, each item with its source row."""
    nodes, edges = [], []
    for d in range(n_depts):
        dept = Department(id=f"dept:{d}", name=f"区部门{d}", region="511602", aliases=[f"部门{d}"])
        nodes.append(to_record(dept))
        for i in range(items_per_dept):
            k = d * items_per_dept + i
            src = Source(id=f"src:{k}", path="L05.csv", locator=f"第 {k + 2} 行", text=f"行{k}")
            item = PowerItem(id=f"item:{k}", name=f"事项{k}", region="511602", code=f"C{k:06d}")
            nodes += [to_record(src), to_record(item)]
            edges += [edge(dept.id, Rel.HOLDS, item.id, source=src.id, role="lead"),
                      edge(item.id, Rel.FROM_SOURCE, src.id)]
    return nodes, edges


def load(store, nodes, edges) -> None:
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)


@pytest.fixture(params=["arcadedb", pytest.param("neo4j5", marks=pytest.mark.neo4j)])
def doomed_server(request, tmp_path):
    """A second server of this test's own, to be killed and brought back on the same data."""
    if request.param == "neo4j5":
        return request.getfixturevalue("neo4j5_own_server")
    reason = arcadedb_available()
    if reason:
        pytest.skip(reason)
    server = BoltServer(database="doomed", root=str(tmp_path))
    server.start()
    request.addfinalizer(server.stop)
    return server


def connect(server, **kw) -> Neo4jStore:
    return Neo4jStore.from_uri(server.uri, user=server.user, password=server.password, database=server.database, **kw)


def test_connection_dropped_mid_load_then_rerun(doomed_server):
    nodes, edges = province()
    store = connect(doomed_server, batch_size=100, retry_seconds=1)
    write = store._write

    def write_then_pull_the_plug(fn, *args, rows=0):
        if store._batches_done == 5:
            # The 6th batch: the server dies as it is sent (a timer "while it is being written"
            # raced the commit on a quiet machine, which then had 6 batches).
            doomed_server.kill()
        return write(fn, *args, rows=rows)

    store._write = write_then_pull_the_plug
    with pytest.raises(StoreError) as info:
        load(store, nodes, edges)
    message = str(info.value)
    assert "连接在写入中断开" in message and "已提交 5 批（500 行）" in message and "重新运行同一导入" in message
    store.close()

    doomed_server.start()  # same folder: what was committed is there, the cut batch is not
    again = connect(doomed_server, batch_size=100)
    assert 500 <= again.count_nodes() < len(nodes)
    load(again, nodes, edges)

    clean = EmbeddedStore()
    load(clean, nodes, edges)
    assert dump(again) == dump(clean)
    load(again, nodes, edges)  # and once more changes nothing
    assert dump(again) == dump(clean)
    again.close()
