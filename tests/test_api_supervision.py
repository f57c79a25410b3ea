"""/api/scorecard, /api/calls and /api/ledger on the 广安区 graph: the CLI's answers over HTTP, writes
only with the token, refusals as Chinese problem documents."""
from __future__ import annotations

import io
import json

import pytest

from api.app import create_app
from api.cli import main
from graph.sqlite_store import SqliteStore
from supervision_support import GUANG_AN, supervision_graph_file  # noqa: F401
from test_api_common import TOKEN, TestClient

AUTH = {"Authorization": f"Bearer {TOKEN}"}
HAZARD = "检查中发现辖区一家生产经营单位存在重大事故隐患，需要区应急部门处置"


@pytest.fixture()
def db(supervision_graph_file, tmp_path):
    import shutil

    path = tmp_path / "g.db"
    shutil.copy(supervision_graph_file, path)
    return path


@pytest.fixture()
def client(db):
    with TestClient(create_app(store=SqliteStore(db), token=TOKEN)) as c:
        yield c


def test_scorecard_json_is_the_cli_json(client, db, capsys):
    params = {"region": "广安区", "department": "区市监局", "as_of": "2025-04-01"}
    api = client.get("/api/scorecard", params=params)
    assert api.status_code == 200
    assert main(["--db", str(db), "scorecard", "--region", "广安区", "--department", "区市监局",
                 "--as-of", "2025-04-01", "--json"]) == 0
    assert api.json() == json.loads(capsys.readouterr().out)
    (card,) = api.json()["departments"]
    assert card["department"] == "广安市广安区市场监督管理局" and card["indicators"][0]["explanation_zh"]


def test_scorecard_csv_and_markdown(client):
    csv_text = client.get("/api/scorecard", params={"region": "广安区", "format": "csv", "as_of": "2025-04-01"})
    assert csv_text.headers["content-type"].startswith("text/csv")
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("排名,部门,部门ID,总得分") and len(lines) > 30
    md = client.get("/api/scorecard", params={"region": "广安区", "format": "markdown"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# 部门履职评价")


def test_scorecard_problems(client):
    assert client.get("/api/scorecard", params={"region": "火星"}).status_code == 404
    r = client.get("/api/scorecard", params={"region": "广安区", "department": "区火星局"})
    assert r.status_code == 404 and "没有名为「区火星局」的部门" in r.json()["detail"]
    r = client.get("/api/scorecard", params={"region": "广安区", "as_of": "下个月"})
    assert r.status_code == 422 and "as_of「下个月」无法识别" in r.json()["detail"]


def test_a_posted_call_is_dispatched_stored_and_closed(client):
    body = {"text": HAZARD, "township": "万盛街道", "region": "广安区", "time": "2025-03-04 10:00"}
    assert client.post("/api/calls", json=body).status_code == 401
    r = client.post("/api/calls", json=body, headers=AUTH)
    assert r.status_code == 201
    d = r.json()
    assert [p["department"] for p in d["lead"]] == ["广安市广安区应急管理局"]
    assert [p["department"] for p in d["cooperate"]] == ["各乡镇人民政府(街道办事处)"]
    assert d["time_limit"] == "3个工作日" and d["due_at"] == "2025-03-07T10:00"
    assert any(e["locator"] == "第九条" for e in d["evidence"])
    state = client.get(f"/api/calls/{d['call_id']}").json()
    assert state["status"] == "已分派" and {p["role"] for p in state["parties"]} == {"lead", "cooperate"}
    r = client.post(f"/api/calls/{d['call_id']}/outcome", headers=AUTH,
                    json={"responded_at": "2025-03-06 09:00", "result": "已处置", "satisfaction": "满意"})
    assert r.status_code == 200 and r.json()["late"] is False
    card = client.get("/api/scorecard", params={"region": "广安区", "department": "区应急管理局",
                                                "as_of": "2025-04-01"}).json()["departments"][0]
    assert card["measures"]["calls_in_time_rate"]["numerator"] == 1
    r = client.post(f"/api/calls/{d['call_id']}/outcome", headers=AUTH,
                    json={"responded_at": "2025-03-06", "satisfaction": "很好"})
    assert r.status_code == 422
    assert client.get("/api/calls/call:nope").status_code == 404


def test_unmatched_calls_are_queued_and_suggested(client):
    for town, text in [("浓洄街道", "小区电梯困人，物业联系不上"), ("北辰街道", "小区电梯困人无人处理")]:
        r = client.post("/api/calls", headers=AUTH, json={"text": text, "township": town, "region": "广安区",
                                                          "time": "2025-03-06 09:30"})
        assert r.status_code == 201 and r.json()["status"] == "待协调"
    queue = client.get("/api/calls/queue", params={"region": "广安区"}).json()
    assert queue["total"] == 2
    (s,) = client.get("/api/calls/suggestions", params={"region": "广安区"}).json()["items"]
    assert s["count"] == 2 and s["townships"] == {"浓洄街道": 1, "北辰街道": 1}
    csv_text = client.get("/api/calls/suggestions", params={"region": "广安区", "format": "csv"}).content
    assert "电梯困人" in csv_text.decode("utf-8-sig")


def test_ledger_over_http_with_history_and_refusals(client):
    body = {"region": "广安区", "department": "区住建局", "title": "燃气整改职责争议", "deadline": "2025-06-30",
            "category": "职责争议"}
    assert client.post("/api/ledger/entries", json=body).status_code == 401
    r = client.post("/api/ledger/entries", json=body, headers=AUTH)
    assert r.status_code == 201 and r.json()["status"] == "发现"
    eid = r.json()["id"]
    r = client.post(f"/api/ledger/{eid}/transition", json={"status": "销号"}, headers=AUTH)
    assert r.status_code == 409 and "只能改为「推送」" in r.json()["detail"]
    for to in ("推送", "整改中", "销号"):
        assert client.post(f"/api/ledger/{eid}/transition", json={"status": to, "note": to}, headers=AUTH).status_code \
            == 200
    got = client.get(f"/api/ledger/{eid}").json()
    assert [h["to"] for h in got["history"]] == ["发现", "推送", "整改中", "销号"]
    assert client.get("/api/ledger", params={"region": "广安区", "status": "销号"}).json()["total"] == 1
    bad = client.post("/api/ledger/entries", json={**body, "department": "区火星局"}, headers=AUTH)
    assert bad.status_code == 404 and "区火星局" in bad.json()["detail"]


def test_read_only_server_refuses_writes(db):
    with TestClient(create_app(store=SqliteStore(db))) as c:
        r = c.post("/api/calls", json={"text": HAZARD, "region": "广安区"}, headers=AUTH)
        assert r.status_code == 403 and "只读" in r.json()["detail"]
        assert c.get("/api/ledger").status_code == 200


def test_cli_ledger_and_scorecard_markdown(db, capsys):
    assert main(["--db", str(db), "ledger", "record", "--region", "广安区", "--department", "区行政审批局",
                 "--deadline", "2025-05-31"]) == 0
    assert "新登记" in capsys.readouterr().out
    assert main(["--db", str(db), "ledger", "list", "--region", "广安区", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries and all(e["department_name"] == "广安市广安区行政审批局" for e in entries)
    assert main(["--db", str(db), "ledger", "move", entries[0]["id"], "整改中"]) == 2
    assert "只能改为「推送」" in capsys.readouterr().err
    assert main(["--db", str(db), "scorecard", "--region", "广安区", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 部门履职评价") and "## 1. " in out and "广安市广安区行政审批局" in out
    assert main(["--db", str(db), "scorecard", "--region", "广安区", "--indicators", str(io.__file__)]) == 2
    assert "表头缺少" in capsys.readouterr().err
