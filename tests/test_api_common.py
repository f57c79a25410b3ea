"""Shared by the API tests: the L05 graph, built once per test session, and clients over it.

Other API test modules import from here (pytest puts tests/ on sys.path); the tests in this
module check the fixture graph itself, so that a broken import shows up here first.
"""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
L05_ROWS = 1135
TOKEN = "test-token-do-not-share"

with warnings.catch_warnings():
    # Starlette asks for httpx2 in a deprecation warning; httpx is what the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def scratch_dir() -> Path:
    """A temporary folder removed when the test process exits (for use outside fixtures)."""
    folder = Path(tempfile.mkdtemp(prefix="dutygraph-api-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.lru_cache(maxsize=1)
def l05_graph_file() -> Path:
    """Ingest L05 once per process into a temporary graph file (copied by every user)."""
    if not L05.is_file():
        pytest.fail(f"找不到语料 {L05}：测试需要仓库旁边的 ../shared/corpus")
    from ingest.dispatch import ingest_paths

    path = scratch_dir() / "l05.graph.json"
    store = EmbeddedStore(path)
    report = ingest_paths(store, [L05])
    assert not report.failed, report.summary_zh()
    store.save()
    return path


def l05_store(tmp_dir: Path) -> EmbeddedStore:
    """A private copy of the L05 graph, free to be written to."""
    copy = tmp_dir / "graph.json"
    shutil.copyfile(l05_graph_file(), copy)
    return EmbeddedStore(copy)


def client_for(store, token: str | None = None, **kwargs) -> TestClient:
    from api.app import create_app

    return TestClient(create_app(store=store, token=token, **kwargs), raise_server_exceptions=False)


def assert_problem(response, status: int) -> dict:
    """A problem document: the status, the media type, the five fields, Chinese text, no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"] + body["detail"])
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def test_l05_graph_accounts_for_every_row() -> None:
    store = EmbeddedStore(l05_graph_file())
    [version] = store.iter_nodes("ListVersion")
    assert version.props["rows_read"] == L05_ROWS
    assert version.props["rows_read"] == version.props["rows_loaded"] + version.props["rows_quarantined"]
    assert store.count_nodes("PowerItem") == version.props["rows_loaded"]
