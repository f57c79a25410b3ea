"""`api.serve.serve` as `dutygraph serve` runs it: uvicorn on 127.0.0.1, one worker, token from the env."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_api_common import TOKEN, l05_graph_file

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=[None, TOKEN], ids=["read-only", "with-token"])
def server(request, tmp_path):
    db = tmp_path / "g.json"
    db.write_bytes(l05_graph_file().read_bytes())
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DUTYGRAPH_TOKEN"}
    if request.param:
        env["DUTYGRAPH_TOKEN"] = request.param
    code = f"from api.serve import serve; serve({str(db)!r}, '127.0.0.1', {port}, None, log_level='warning')"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("服务器未能启动")
            time.sleep(0.2)
        yield base, request.param
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_answers_and_guards_writes(server) -> None:
    base, token = server
    r = httpx.get(base + "/api/who-handles", params={"q": "养狗要办什么证", "region": "广安区"})
    assert r.status_code == 200 and r.json()["results"][0]["department"] == "区公安分局"
    assert "server" not in r.headers  # no software banner
    write = httpx.delete(base + "/api/versions/ver:none", headers={"Authorization": "Bearer wrong"})
    assert write.status_code == (401 if token else 403)
    if token:
        right = httpx.delete(base + "/api/versions/ver:none", headers={"Authorization": f"Bearer {token}"})
        assert right.status_code == 404
