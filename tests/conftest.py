"""Shared fixtures: where the real corpus lives, and graphs built from it once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# CI clones the repository with ../shared beside it; users of the package never need it.
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"


def load_data_script(name: str):
    """A tool of tests/data (the evaluator, the ranking learner) as a module, registered under its name
    so that the scripts importing one another find it."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, REPO / "tests" / "data" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"找不到语料目录 {CORPUS}：测试需要仓库旁边的 ../shared/corpus")
    return CORPUS


@pytest.fixture(scope="session")
def guangdong_highway_graph(corpus: Path):
    """《广东省公路条例》 alone, imported as a law (its clauses, the articles they refer to, the items their
    headings list), for the questions that find a department through text kept beside a clause."""
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    report = import_law(store, corpus / "local_laws" / "广东" / "广东省公路条例.md")
    assert report.status != "failed", report.error
    return store


@pytest.fixture(scope="session")
def legal_graph(corpus: Path):
    """Every law (with MANDATES), notice and 三定 file of the corpus in one embedded graph, plus a
    roster of 广安市广安区 (511602) made from the 实施主体 of L05, built once per session."""
    import csv

    from graph.embedded import EmbeddedStore
    from graph.model import Department, stable_id, to_record
    from ingest.laws import import_laws
    from ingest.notices import import_notices
    from ingest.sanding import import_sanding_folder

    store = EmbeddedStore()
    with open(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8") as fh:
        names = sorted({row["实施主体"] for row in csv.DictReader(fh)})
    store.upsert_nodes(to_record(Department(id=stable_id("dept", "511602", n), name=n, region="511602",
                                            in_roster=True)) for n in names)
    reports = {"laws": import_laws(store, corpus / "laws")}  # links MANDATES too
    reports["notices"] = import_notices(store, corpus / "notices")
    reports["sanding"] = import_sanding_folder(store, corpus / "sanding")
    return store, reports


# ---- Bolt servers (issue 5): ArcadeDB started here; Neo4j 5 from Maven (tests/neo4j_fixtures.py) ----
from neo4j_fixtures import neo4j5_bolt, neo4j5_own_server  # noqa: E402,F401  (fixtures)

NEO4J5 = pytest.param("neo4j5", marks=pytest.mark.neo4j)


@pytest.fixture(scope="session")
def arcadedb_bolt():
    """A real Bolt server for the session: ArcadeDB in a child process, stopped at the end."""
    from bolt_server import BoltServer, arcadedb_available

    reason = arcadedb_available()
    if reason:
        pytest.skip(reason)
    server = BoltServer(database="dutygraph_test")
    try:
        server.start()
    except Exception as exc:
        server.cleanup()
        pytest.skip(f"ArcadeDB Bolt 服务无法启动: {exc}")
    yield server
    server.cleanup()


def _bolt_store(server):
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.from_uri(server.uri, user=server.user, password=server.password,
                                database=server.database, batch_size=500, retry_seconds=2)
    store.clear()  # every test starts from an empty graph
    return store


@pytest.fixture(params=["embedded", "arcadedb", NEO4J5])
def any_store(request):
    """An empty GraphStore of each backend in turn; the contract tests run once per backend."""
    if request.param == "embedded":
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore()
    else:
        server = request.getfixturevalue("arcadedb_bolt" if request.param == "arcadedb" else "neo4j5_bolt")
        store = _bolt_store(server)
    yield store
    store.close()


@pytest.fixture(params=["arcadedb", NEO4J5])
def bolt_store(request):
    """An empty Neo4jStore on each Bolt server that can run here."""
    server = request.getfixturevalue("arcadedb_bolt" if request.param == "arcadedb" else "neo4j5_bolt")
    store = _bolt_store(server)
    yield store
    store.close()
