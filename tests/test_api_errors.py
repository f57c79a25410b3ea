"""Errors are problem details with a Chinese title and detail, and never a stack trace."""
from __future__ import annotations

import pytest
from test_api_common import assert_problem, client_for, l05_store

from graph.embedded import EmbeddedStore
from graph.store import StoreError


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with client_for(l05_store(tmp_path_factory.mktemp("errors"))) as c:
        yield c


class DownStore(EmbeddedStore):
    """A backend that stopped answering: every read fails the way Neo4jStore reports it."""

    def _down(self, *args, **kwargs):
        raise StoreError("无法连接 bolt://127.0.0.1:7687（连接被拒绝）")

    get_node = find_nodes = edges_from = edges_to = iter_nodes = iter_edges = count_nodes = _down


class BrokenStore(EmbeddedStore):
    """A bug somewhere below the API: an exception nobody anticipated."""

    def get_node(self, node_id):
        raise RuntimeError("secret internal detail /etc/passwd")

    iter_nodes = get_node


def test_unknown_region_is_404(client) -> None:
    body = assert_problem(client.get("/api/who-handles", params={"q": "食品经营许可", "region": "火星市"}), 404)
    assert "火星市" in body["detail"] and body["title"] == "未知地区"
    for path in ("/api/items", "/api/departments", "/api/versions"):
        assert_problem(client.get(path, params={"region": "火星市"}), 404)


@pytest.mark.parametrize("params, parameter", [
    ({"q": "食品", "limit": "abc"}, "limit"),
    ({"q": "食品", "limit": 0}, "limit"),
    ({"q": "食品", "limit": 1000}, "limit"),
    ({"q": "食" * 201}, "q"),
    ({}, "q"),
    ({"q": "食品", "format": "xml"}, "format"),
])
def test_malformed_parameters_are_422_in_chinese(client, params, parameter) -> None:
    body = assert_problem(client.get("/api/who-handles", params=params), 422)
    assert body["title"] == "参数不合法"
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert parameter in body["detail"]


def test_unanswerable_queries_are_422(client) -> None:
    for q in ("", "   ", "x"):
        body = assert_problem(client.get("/api/who-handles", params={"q": q}), 422)
        assert "查询" in body["detail"]


def test_pagination_bounds_are_422(client) -> None:
    assert_problem(client.get("/api/items", params={"offset": -1}), 422)
    assert_problem(client.get("/api/departments", params={"limit": 501}), 422)
    assert_problem(client.get("/api/items", params={"kind": "NotAKind"}), 422)


def test_unknown_path_and_method(client) -> None:
    assert_problem(client.get("/api/no-such-thing"), 404)
    body = assert_problem(client.post("/api/who-handles", params={"q": "食品"}), 405)
    assert "POST" in body["detail"]


def test_backend_down_is_503(tmp_path) -> None:
    with client_for(DownStore(None)) as c:
        assert c.get("/healthz").status_code == 200  # the process itself is alive
        body = assert_problem(c.get("/readyz"), 503)
        assert "bolt://" in body["detail"]
        for path in ("/api/items/x", "/api/departments/x", "/api/nodes/x/neighbourhood"):
            assert_problem(c.get(path), 503)
        r = c.get("/api/who-handles", params={"q": "食品经营许可"})
        assert_problem(r, 503)
        assert r.headers.get("retry-after") == "5"


def test_unexpected_error_is_500_without_details(tmp_path) -> None:
    with client_for(BrokenStore(None)) as c:
        for path in ("/api/items/x", "/api/items"):
            r = c.get(path)
            body = assert_problem(r, 500)
            assert "secret" not in r.text and "RuntimeError" not in r.text and "passwd" not in r.text
            assert body["title"] == "服务器内部错误"
        # readiness reports the failure as "not ready", still without the internals' traceback
        ready = c.get("/readyz")
        assert_problem(ready, 503)
        assert "secret" not in ready.text


def test_an_ambiguous_region_is_a_problem_listing_both_candidates(client) -> None:
    body = assert_problem(client.get("/api/who-handles", params={"q": "食品经营许可", "region": "朝阳区"}), 422)
    assert body["title"] == "地区不唯一"
    assert "北京市朝阳区（110105）" in body["detail"] and "吉林省长春市朝阳区（220104）" in body["detail"]


@pytest.mark.parametrize("region", ["寿光市", "370783", "北京市朝阳区", "四川省广安市广安区"])
def test_any_division_is_a_region_the_api_accepts(client, region: str) -> None:
    assert client.get("/api/who-handles", params={"q": "食品经营许可", "region": region}).status_code == 200
