"""`api.serve.serve` as `dutygraph serve` runs it: uvicorn on 127.0.0.1, one worker, token from the env."""
from __future__ import annotations

import httpx
import pytest
from test_api_common import TOKEN, l05_graph_file, serving


@pytest.fixture(params=[None, TOKEN], ids=["read-only", "with-token"])
def server(request, tmp_path):
    db = tmp_path / "g.db"
    db.write_bytes(l05_graph_file().read_bytes())
    with serving(db, request.param, timeout=60) as base:
        yield base, request.param


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
