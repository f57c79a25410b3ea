"""Shared by the API tests: the L05 graph, built once per test session, and clients over it.

Other API test modules import from here (pytest puts tests/ on sys.path); the tests in this
module check the fixture graph itself, so that a broken import shows up here first.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.sqlite_store import SqliteStore

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

    path = scratch_dir() / "l05.db"
    store = SqliteStore(path)
    report = ingest_paths(store, [L05])
    assert not report.failed, report.summary_zh()
    store.save()
    return path


def l05_store(tmp_dir: Path) -> SqliteStore:
    """A private copy of the L05 graph, free to be written to."""
    copy = tmp_dir / "graph.db"
    shutil.copyfile(l05_graph_file(), copy)
    return SqliteStore(copy)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, token: str | None = None, timeout: float = 120) -> Iterator[str]:
    """``dutygraph serve`` on ``db`` in its own process, as users run it; yields its base URL once
    /readyz says ready."""
    import httpx

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DUTYGRAPH_TOKEN"}
    if token:
        env["DUTYGRAPH_TOKEN"] = token
    code = f"from api.serve import serve; serve({str(db)!r}, '127.0.0.1', {port}, None, log_level='warning')"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("服务器未能启动")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


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
    store = SqliteStore(l05_graph_file())
    [version] = store.iter_nodes("ListVersion")
    assert version.props["rows_read"] == L05_ROWS
    assert version.props["rows_read"] == version.props["rows_loaded"] + version.props["rows_quarantined"]
    assert store.count_nodes("PowerItem") == version.props["rows_loaded"]
