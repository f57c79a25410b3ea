"""Every read endpoint through TestClient on the real L05 graph (广安市广安区, 1,135 items)."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time

import pytest
from test_api_common import L05_ROWS, assert_problem, client_for, l05_graph_file, l05_store

from api import cli


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with client_for(l05_store(tmp_path_factory.mktemp("read"))) as c:
        yield c


@pytest.fixture(scope="module")
def police(client) -> dict:
    """区公安分局, found the way a person would: by searching."""
    found = client.get("/api/departments", params={"q": "公安"}).json()["items"]
    return next(d for d in found if d["name"] == "区公安分局")


def _csv(response) -> list[list[str]]:
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel needs the BOM for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---- health -------------------------------------------------------------------------------
def test_healthz_and_readyz(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    # Ready once a who-handles answer needs no index build; until then 503 with a reason.
    deadline = time.monotonic() + 60
    while (ready := client.get("/readyz")).status_code != 200:
        assert assert_problem(ready, 503)["detail"] == "正在载入检索索引，稍后即可回答查询。"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert ready.json()["status"] == "ready"


# ---- who-handles ----------------------------------------------------------------------------
def test_who_handles_finds_the_police_for_a_dog_licence(client) -> None:
    r = client.get("/api/who-handles", params={"q": "养狗要办什么证", "region": "广安区"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"query", "region", "results", "message", "matter", "region_name", "region_from_query",
                         "excluded"}
    assert body["region"] == "511602"
    top = body["results"][0]
    assert top["department"] == "区公安分局" and top["matched_item"] == "犬类准养证核发"
    assert top["role"] == "lead" and top["role_zh"] == "主体/牵头"
    assert {"source", "locator", "text", "kind"} == set(top["evidence"][0])
    assert top["level_zh"] == "本地清单" and top["matched_terms"]
    assert top["evidence"][0]["source"].startswith("L05_") and "行" in top["evidence"][0]["locator"]


def test_who_handles_json_is_the_clis_json(client, capsys, tmp_path) -> None:
    """Same library call, same answer: the API's JSON equals `dutygraph who-handles --json`."""
    db = tmp_path / "cli.db"
    shutil.copyfile(l05_graph_file(), db)
    for query, region in (("食品经营许可", "511602"), ("办理残疾人证", "广安区"), ("出生医学证明", None)):
        argv = ["--db", str(db), "who-handles", query, "--json"] + (["--region", region] if region else [])
        assert cli.main(argv) in (0, 1)
        from_cli = json.loads(capsys.readouterr().out)
        params = {"q": query, **({"region": region} if region else {})}
        assert client.get("/api/who-handles", params=params).json() == from_cli


def test_who_handles_limit_and_cache(client) -> None:
    params = {"q": "营业执照", "region": "511602", "limit": 3}
    first = client.get("/api/who-handles", params=params)
    again = client.get("/api/who-handles", params=params)
    assert len(first.json()["results"]) <= 3
    assert first.content == again.content


def test_who_handles_csv_by_parameter_and_by_accept_header(client) -> None:
    params = {"q": "养狗要办什么证", "region": "511602", "limit": 5}
    rows = _csv(client.get("/api/who-handles", params={**params, "format": "csv"}))
    assert rows[0] == ["排名", "部门", "角色", "共同负责", "匹配度", "置信", "来源层级", "匹配事项", "事项类型", "匹配词", "依据"]
    assert rows[1][1] == "区公安分局" and rows[1][0] == "1"
    by_header = client.get("/api/who-handles", params=params, headers={"Accept": "text/csv"})
    assert _csv(by_header) == rows


def test_who_handles_no_match_says_why(client) -> None:
    body = client.get("/api/who-handles", params={"q": "宇宙飞船发射许可证书", "region": "511602"}).json()
    if not body["results"]:
        assert "没有找到" in body["message"]


# ---- items ----------------------------------------------------------------------------------
def test_items_list_paginates_over_every_current_item(client) -> None:
    first = client.get("/api/items", params={"limit": 500}).json()
    assert first["total"] == L05_ROWS and len(first["items"]) == 500
    ids = [i["id"] for i in first["items"]]
    for offset in (500, 1000):
        page = client.get("/api/items", params={"limit": 500, "offset": offset}).json()
        ids += [i["id"] for i in page["items"]]
    assert len(ids) == len(set(ids)) == L05_ROWS
    names = [i["name"] for i in first["items"]]
    assert names == sorted(names)
    past_end = client.get("/api/items", params={"offset": 5000}).json()
    assert past_end["total"] == L05_ROWS and past_end["items"] == []


def test_items_fuzzy_search_with_filters(client) -> None:
    body = client.get("/api/items", params={"q": "食品经营许可", "region": "广安区", "limit": 5}).json()
    assert 0 < body["total"] and "食品" in body["items"][0]["name"] and body["items"][0]["score"] >= 55
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    permits = client.get("/api/items", params={"type": "行政许可", "limit": 500}).json()
    assert 0 < permits["total"] < L05_ROWS and {i["type"] for i in permits["items"]} == {"行政许可"}
    assert client.get("/api/items", params={"kind": "TerritorialItem"}).json()["total"] == 0
    assert client.get("/api/items", params={"kind": "PowerItem"}).json()["total"] == L05_ROWS
    # An ancestor region includes its counties; an unrelated one has nothing.
    assert client.get("/api/items", params={"region": "广安市"}).json()["total"] == L05_ROWS
    assert client.get("/api/items", params={"region": "370705"}).json()["total"] == 0


def test_items_csv(client) -> None:
    rows = _csv(client.get("/api/items", params={"q": "犬类", "format": "csv", "limit": 3}))
    assert rows[0][:3] == ["id", "名称", "类型"] and "犬类准养证核发" in {r[1] for r in rows[1:]}


def test_item_detail_has_holders_and_evidence(client) -> None:
    hit = client.get("/api/items", params={"q": "犬类准养证核发", "limit": 1}).json()["items"][0]
    detail = client.get(f"/api/items/{hit['id']}").json()
    assert detail["name"] == "犬类准养证核发" and detail["type"] == "行政许可"
    assert detail["holders"] == [{"department_id": detail["holders"][0]["department_id"], "department": "区公安分局",
                                  "region": "511602", "role": "lead", "role_zh": "主体/牵头", "duty": "",
                                  "generic": False}]
    assert detail["evidence"][0]["source"].startswith("L05_")
    assert detail["properties"]["power_type"] == "行政许可"


def test_unknown_item_is_404(client) -> None:
    assert_problem(client.get("/api/items/power:nonexistent"), 404)
    # A node that exists but is not an item is not an item either.
    region = client.get("/api/regions").json()["items"][0]["id"]
    assert_problem(client.get(f"/api/items/{region}"), 404)


# ---- departments ------------------------------------------------------------------------------
def test_departments_list_search_and_csv(client, police) -> None:
    everything = client.get("/api/departments", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 20
    assert sum(d["item_count"] for d in everything["items"]) == L05_ROWS
    assert police["item_count"] > 0 and police["score"] >= 55
    assert client.get("/api/departments", params={"region": "潍坊市奎文区"}).json()["total"] == 0
    in_county = client.get("/api/departments", params={"region": "511602", "limit": 2}).json()
    assert in_county["total"] == everything["total"]
    rows = _csv(client.get("/api/departments", params={"q": "公安", "format": "csv"}))
    assert rows[0][:2] == ["id", "名称"] and rows[1][1] == "区公安分局"


def test_department_profile(client, police) -> None:
    profile = client.get(f"/api/departments/{police['id']}").json()
    assert profile["department"]["name"] == "区公安分局"
    assert profile["region"] == {"code": "511602", "name": "广安市广安区", "level": "county"}
    assert sum(profile["item_counts"].values()) == police["item_count"]
    assert "犬类准养证核发" in {i["name"] for i in profile["items_by_type"]["行政许可"]}
    assert profile["units"] == [] and profile["territorial"] == [] and profile["duties"] == []


def test_unknown_department_is_404(client) -> None:
    body = assert_problem(client.get("/api/departments/dept:nonexistent"), 404)
    assert body["instance"] == "/api/departments/dept:nonexistent"


# ---- regions, versions ---------------------------------------------------------------------------
def test_regions(client) -> None:
    body = client.get("/api/regions").json()
    by_code = {r["code"]: r for r in body["items"]}
    assert by_code["511602"]["item_count"] == L05_ROWS and by_code["511602"]["name"] == "广安市广安区"
    assert by_code["511602"]["parent"] == "511600"
    # The full name, with province and city, for pickers that must not show a bare code.
    assert by_code["511602"]["full_name"] == "四川省广安市广安区"
    counties = client.get("/api/regions", params={"level": "county"}).json()
    assert [r["code"] for r in counties["items"]] == ["511602"]
    assert client.get("/api/regions", params={"q": "广安区"}).json()["total"] == 1
    rows = _csv(client.get("/api/regions", params={"format": "csv"}))
    assert rows[0] == ["区划代码", "名称", "全称", "层级", "上级代码", "事项数"]


def test_versions(client) -> None:
    [version] = client.get("/api/versions").json()["items"]
    assert version["dataset"].startswith("L05_") and version["current"]
    assert version["rows_read"] == version["rows_loaded"] + version["rows_quarantined"] == L05_ROWS
    assert client.get("/api/versions", params={"region": "370705"}).json()["total"] == 0


# ---- neighbourhood, suggest -----------------------------------------------------------------------
def test_neighbourhood_of_a_department(client, police) -> None:
    body = client.get(f"/api/nodes/{police['id']}/neighbourhood").json()
    labels = {n["label"] for n in body["nodes"]}
    assert {"Department", "PowerItem", "Region"} <= labels
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["src"] in ids and e["dst"] in ids for e in body["edges"])
    assert sum(1 for e in body["edges"] if e["rel"] == "HOLDS") == police["item_count"]
    assert body["truncated"] is False


def test_neighbourhood_filter_cap_and_depth(client, police) -> None:
    url = f"/api/nodes/{police['id']}/neighbourhood"
    items_only = client.get(url, params={"labels": "PowerItem"}).json()
    assert {n["label"] for n in items_only["nodes"]} == {"Department", "PowerItem"}
    repeated = client.get(url, params=[("labels", "PowerItem"), ("labels", "Region")]).json()
    assert {n["label"] for n in repeated["nodes"]} == {"Department", "PowerItem", "Region"}
    capped = client.get(url, params={"cap": 5}).json()
    assert len(capped["nodes"]) == 5 and capped["truncated"] is True
    # Holdings come before provenance rows when the cap bites.
    assert {n["label"] for n in capped["nodes"][1:]} == {"PowerItem"}
    alone = client.get(url, params={"depth": 0}).json()
    assert [n["id"] for n in alone["nodes"]] == [police["id"]] and alone["edges"] == []
    two = client.get(url, params={"depth": 2, "labels": "Department,PowerItem,Region", "cap": 2000}).json()
    assert len(two["nodes"]) > len(items_only["nodes"])


def test_neighbourhood_errors(client, police) -> None:
    assert_problem(client.get("/api/nodes/nope/neighbourhood"), 404)
    body = assert_problem(client.get(f"/api/nodes/{police['id']}/neighbourhood", params={"labels": "Foo"}), 422)
    assert "Foo" in body["detail"]
    assert_problem(client.get(f"/api/nodes/{police['id']}/neighbourhood", params={"depth": 9}), 422)


def test_suggest_is_the_explorer_search_in_short(client) -> None:
    body = client.get("/api/suggest", params={"q": "公安"}).json()
    first = body["items"][0]
    assert first["label"] == "Department" and first["name"] == "区公安分局"
    assert first["region"] == "511602" and first["region_name"] == "广安市广安区"
    assert body["total"] == len(body["items"])
    # The same hits, in the same order, as the explorer's search: one search, two shapes.
    for q in ("公安", "犬类", "广安", "食品安全法第三十五条"):
        short = [(s["id"], s["name"]) for s in client.get("/api/suggest", params={"q": q, "limit": 8}).json()["items"]]
        full = [(h["id"], h["name"]) for h in client.get("/api/search", params={"q": q, "limit": 8}).json()["items"]]
        assert short == full, q
    dog = client.get("/api/suggest", params={"q": "犬类", "limit": 3}).json()
    assert "犬类准养证核发" in {s["name"] for s in dog["items"]}
    region = client.get("/api/suggest", params={"q": "广安"}).json()
    assert "Region" in {s["label"] for s in region["items"]}
    assert_problem(client.get("/api/suggest", params={"q": ""}), 422)
    assert client.get("/api/suggest", params={"q": "公安", "region": "广安区"}).json()["total"] >= 1
    elsewhere = client.get("/api/suggest", params={"q": "公安", "region": "370705"}).json()
    assert "Department" not in {s["label"] for s in elsewhere["items"]}


# ---- documentation, explorer ----------------------------------------------------------------------
def test_docs_load_nothing_from_the_internet(client) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert "/openapi.json" in html
        for url in re.findall(r"""(?:src|href)=["']([^"']+)""", html):
            assert not url.startswith(("http:", "https:", "//")), (page, url)
            if url.startswith("/docs-assets/"):
                assert client.get(url).status_code == 200
        assert "fonts.googleapis" not in html


def test_explorer_page_is_served_at_the_root(client) -> None:
    from api.app import VIZ_STATIC

    if not (VIZ_STATIC / "index.html").is_file():
        pytest.skip("viz/static/index.html 尚未提供")
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_openapi_describes_every_parameter_in_chinese_and_english(client) -> None:
    schema = client.get("/openapi.json").json()
    assert client.get("/docs").status_code == 200
    seen = 0
    for path, item in schema["paths"].items():
        for method, op in item.items():
            params = list(op.get("parameters", []))
            body = op.get("requestBody", {}).get("content", {})
            for media in body.values():
                ref = media["schema"]["$ref"].rsplit("/", 1)[-1]
                params += [{"name": k, **v} for k, v in schema["components"]["schemas"][ref]["properties"].items()]
            for p in params:
                text = p.get("description") or p.get("schema", {}).get("description", "")
                assert any("\u4e00" <= c <= "\u9fff" for c in text), (method, path, p["name"])
                assert any(c.isascii() and c.isalpha() for c in text), (method, path, p["name"])
                seen += 1
            for status, response in op["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    assert seen > 30


def test_department_profile_with_its_sanding_duties_and_units(tmp_path) -> None:
    """A 三定 provision (SD08 新宁县农业农村局): its 主要职责 and 内设机构 show in the profile."""
    from test_api_common import CORPUS

    from graph.sqlite_store import SqliteStore
    from ingest.dispatch import ingest_paths

    store = SqliteStore(tmp_path / "sd.db")
    sd08 = next((CORPUS / "sanding").glob("SD08_*"))
    assert not ingest_paths(store, [sd08]).failed
    [provision] = store.iter_nodes("Provision")
    with client_for(store) as c:
        profile = c.get(f"/api/departments/{provision.props['department']}").json()
        assert profile["department"]["name"] == "新宁县农业农村局"
        [entry] = profile["duties"]
        assert entry["provision"]["id"] == provision.id and entry["duties"]
        assert all(d["text"] for d in entry["duties"])
        assert profile["units"] and all(u["kind"] == "内设机构" for u in profile["units"])
        unit = c.get(f"/api/departments/{profile['units'][0]['id']}").json()
        assert unit["parent"]["id"] == profile["department"]["id"]
