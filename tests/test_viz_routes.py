"""The explorer's own endpoints (api/routes_viz.py) without a browser: one findings list per
region, a chain by id or name, a dossier; problem details for what cannot be answered."""
from __future__ import annotations

import warnings

import pytest

pytest.register_assert_rewrite("browser")
from browser import REGION  # noqa: E402

pytest_plugins = ["browser"]


@pytest.fixture(scope="module")
def client(viz_store):
    from api.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(store=viz_store))


def test_findings_are_one_list_with_node_ids(client):
    body = client.get("/api/viz/findings", params={"region": REGION}).json()
    assert body["region"] == REGION
    assert body["total"] == len(body["items"]) == sum(body["counts"].values())
    kinds = {f["kind"] for f in body["items"]}
    assert "linkage_broken" in kinds and "territorial_no_lead" in kinds
    for f in body["items"]:
        assert f["category"] in {"gap", "overlap", "broken", "differs"}
        assert f["title_zh"] and f["kind_zh"]
        if f["kind"] != "coverage":
            assert f["nodes"], f
    # A chain broken at its supervisor is listed once, as the chain, not again as a gap.
    approvals = [f["nodes"][0] for f in body["items"] if f["kind"] in ("linkage_broken", "approval_no_supervisor")]
    assert len(approvals) == len(set(approvals))
    severities = [f["severity"] for f in body["items"]]
    order = ["high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index)


def test_findings_page(client):
    page = client.get("/api/viz/findings", params={"region": "广安区", "offset": 5, "limit": 3}).json()
    assert page["region"] == REGION and len(page["items"]) == 3 and page["offset"] == 5


def test_chain_by_id_and_by_name(client, viz_store):
    approval = next(r for r in viz_store.iter_nodes("PowerItem")
                    if r.props["name"] == "食品(含保健食品)经营许可补办")
    by_id = client.get("/api/linkage/chain", params={"item": approval.id}).json()
    chain = by_id["items"][0]
    assert chain["approval_id"] == approval.id
    assert [link["step"] for link in chain["links"]][:3] == ["approval", "approver", "supervisor"]
    by_name = client.get("/api/linkage/chain", params={"item": "食品(含保健食品)经营许可补办", "region": REGION}).json()
    assert by_name["items"][0]["approval_id"] == approval.id


def test_chain_of_something_that_is_no_approval_is_404(client):
    r = client.get("/api/linkage/chain", params={"item": "完全无关的内容ＸＹＺ"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "审管联动链" in r.json()["detail"]


def test_dossier(client):
    d = client.get("/api/dossier", params={"topic": "食品经营许可", "region": REGION}).json()
    assert d["topic"] == "食品经营许可"
    assert d["candidates"] and all(c["evidence"] for c in d["candidates"])
    assert "reason_zh" in d["suggestion"]


@pytest.mark.parametrize("path, params, status", [
    ("/api/dossier", {"topic": "   "}, 422),
    ("/api/viz/findings", {"region": "不存在的地区"}, 404),
    ("/api/linkage/chain", {"item": ""}, 422),
])
def test_problems(client, path, params, status):
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.json()["detail"]
