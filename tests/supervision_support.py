"""Shared by the scorecard, ledger, dispatch and their API tests: the 广安区 graph, built once.

The graph is what `dutygraph ingest` makes of the corpus' laws, lists, notices and 三定 files, the
bundled samples (ingest/samples) and the built supervision samples (ingest/supervision_samples:
a 属地管理 list with response limits, a 部门间办事 list — both marked 示例数据), plus the two
linking passes. local_laws are left out: they add a thousand regulations of other provinces that
none of these questions about 广安区 reads. The calls file is not imported here: the tests
dispatch it themselves, the way a user would.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.sqlite_store import SqliteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"
SUPERVISION = REPO / "ingest" / "supervision_samples"
CALLS = SUPERVISION / "示例_广安区_镇呼区应记录.csv"
GUANG_AN = "511602"
L05 = "L05_广安市广安区政务服务事项_按部门.csv"


def build_supervision_graph(path: Path) -> None:
    from ingest.citations import link_item_basis
    from ingest.dispatch import ingest_paths
    from ingest.duty_sentences import link_mandates

    store = SqliteStore(path)
    folders = [CORPUS / "laws", CORPUS / "lists", CORPUS / "notices", CORPUS / "sanding", SAMPLES]
    report = ingest_paths(store, folders)
    assert not report.failed, report.summary_zh()
    report = ingest_paths(store, [p for p in sorted(SUPERVISION.glob("*.csv")) if p != CALLS])
    assert not report.failed, report.summary_zh()
    link_mandates(store)
    link_item_basis(store)
    store.save()
    store.close()


@pytest.fixture(scope="session")
def supervision_graph_file(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"找不到语料目录 {CORPUS}")
    path = tmp_path_factory.mktemp("supervision") / "guangan.db"
    build_supervision_graph(path)
    return path


@pytest.fixture()
def gstore(supervision_graph_file, tmp_path):
    """A private copy of the 广安区 graph (the default SQLite store), free to write to."""
    copy = tmp_path / "graph.db"
    shutil.copy(supervision_graph_file, copy)
    store = SqliteStore(copy)
    yield store
    store.close()


def dept_id(store, name: str) -> str:
    from graph.analyses.scorecard import find_department
    from graph.analyses.scope import departments

    return find_department(departments(store, GUANG_AN), name).id
