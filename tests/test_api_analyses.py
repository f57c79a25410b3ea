"""The analysis endpoints through TestClient on the real corpus: the same answers as the CLI.

The graph is the analyses tests' corpus graph (every list, law, notice and 三定 file, with
MANDATES and BASED_ON linked) plus a second version of L05 (one item added, one removed, two
changed), so that every endpoint has something to say, diff included. Each endpoint's JSON is
compared with the `dutygraph` command's --json on the same graph file.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import threading
import time
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from test_analyses_support import GUANG_AN, L05, build_corpus_graph, reimport, revise_l05, rewrite_csv, sample
from test_api_common import TOKEN, assert_problem, client_for, scratch_dir

from api import cli
from api.app import create_app
from api.routes_analyses import AnalysisCache, analysis_cache
from graph.analyses import Finding
from graph.embedded import EmbeddedStore
from graph.sqlite_store import SqliteStore

FINDING_HEADER = list(Finding("", "", "", "", "").to_row())
ANALYSES = ("/api/gaps", "/api/overlaps", "/api/linkage", "/api/linkage/chain", "/api/dossier", "/api/impact",
            "/api/diff", "/api/compare")


def _build_graph_file():
    folder = scratch_dir()
    path = folder / "analyses.db"
    build_corpus_graph(path)
    store = SqliteStore(path)
    reimport(store, rewrite_csv(sample(L05), folder, revise_l05))
    store.save()
    return path


GRAPH = _build_graph_file()


@pytest.fixture(scope="module")
def client():
    with client_for(SqliteStore(GRAPH)) as c:
        yield c


@pytest.fixture()
def run_cli(capsys):
    def run(*argv: str) -> str:
        assert cli.main(["--db", str(GRAPH), *argv]) == 0, capsys.readouterr().err
        return capsys.readouterr().out
    return run


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _all(client, path: str, **params) -> dict:
    """One page holding everything (every list here is shorter than the largest page)."""
    body = client.get(path, params={**params, "limit": 500}).json()
    assert body["total"] == len(body["items"]), body["total"]
    return body


# ---- gaps ----------------------------------------------------------------------------------------
def test_gaps_are_the_clis_gaps(client, run_cli) -> None:
    body = _all(client, "/api/gaps", region="广安区")
    assert body["region"] == GUANG_AN and body["kinds"] == ["mandate", "duty", "approval", "territorial", "stale", "call"]
    assert body["items"] == json.loads(run_cli("gaps", "--region", "广安区", "--json"))
    assert body["counts"]["approval_no_supervisor"] > 100
    assert sum(body["counts"].values()) == body["total"]
    first = body["items"][0]
    assert first["severity"] == "high" and first["severity_zh"] == "严重" and first["sources"][0]["path"].startswith("L05_")
    # A name and a code of the same region give the same answer.
    assert client.get("/api/gaps", params={"region": GUANG_AN, "limit": 500}).json() == body


def test_gaps_kinds_filter_and_pagination(client) -> None:
    body = client.get("/api/gaps", params={"region": GUANG_AN, "kind": "approval, territorial", "limit": 7}).json()
    assert body["kinds"] == ["approval", "territorial"] and len(body["items"]) == 7
    assert set(body["counts"]) <= {"approval_no_supervisor", "supervisor_no_enforcement", "territorial_no_lead",
                                   "territorial_lead_outside", "coverage"}
    pages = [client.get("/api/gaps", params={"region": GUANG_AN, "kind": "approval,territorial", "offset": o,
                                             "limit": 100}).json()["items"] for o in range(0, body["total"], 100)]
    titles = [f["title_zh"] for page in pages for f in page]
    assert len(titles) == body["total"]
    assert [f["title_zh"] for f in pages[0][:7]] == [f["title_zh"] for f in body["items"]]
    # A finding kind selects only itself (plus the coverage notes that qualify it).
    only = client.get("/api/gaps", params={"kind": "approval_no_supervisor", "limit": 1}).json()
    assert set(only["counts"]) <= {"approval_no_supervisor", "coverage"}
    past = client.get("/api/gaps", params={"offset": 100_000}).json()
    assert past["items"] == [] and past["total"] > 0


def test_gaps_csv_is_the_clis_csv(client, run_cli) -> None:
    params = {"region": "广安区", "kind": "approval"}
    rows = _csv(client.get("/api/gaps", params={**params, "format": "csv", "limit": 5000}))
    assert list(rows[0]) == FINDING_HEADER
    assert rows == list(csv.DictReader(io.StringIO(run_cli("gaps", "--region", "广安区", "--kind", "approval", "--csv"))))
    by_header = _csv(client.get("/api/gaps", params={**params, "limit": 3}, headers={"Accept": "text/csv"}))
    assert by_header == rows[:3]


def test_gaps_unknown_kind_is_422_in_chinese(client) -> None:
    body = assert_problem(client.get("/api/gaps", params={"kind": "approval,nonsense"}), 422)
    assert "未知的空白类型「nonsense」" in body["detail"] and "approval（审批无监管）" in body["detail"]
    assert body["errors"] == [{"parameter": "kind", "location": "query", "message": "未知的空白类型"}]


def test_unknown_region_is_404_everywhere(client) -> None:
    for path, params in (("/api/gaps", {}), ("/api/overlaps", {}), ("/api/linkage", {}),
                         ("/api/linkage/chain", {"item": "食品经营许可"}), ("/api/dossier", {"topic": "违法建筑"}),
                         ("/api/compare", {}), ("/api/compare", {"matter": "食品经营许可"})):
        body = assert_problem(client.get(path, params={**params, "region": "火星市"}), 404)
        assert "火星市" in body["detail"] and body["title"] == "未知地区"


# ---- overlaps ------------------------------------------------------------------------------------
def test_overlaps_are_the_clis_clusters(client, run_cli) -> None:
    body = _all(client, "/api/overlaps")
    clusters = json.loads(run_cli("overlaps", "--json"))
    assert body["total"] == len(clusters) > 0 and body["region"] is None
    extra = {"severity", "severity_zh", "detail_zh", "sources"}
    assert [{k: v for k, v in item.items() if k not in extra} for item in body["items"]] == clusters
    assert body["settled"] + body["unsettled"] == body["total"]
    for item in body["items"]:
        assert item["severity"] in ("high", "medium", "low") and item["reason_zh"] in item["detail_zh"]
    rows = _csv(client.get("/api/overlaps", params={"format": "csv"}))
    assert rows == list(csv.DictReader(io.StringIO(run_cli("overlaps", "--csv"))))
    assert {r["kind"] for r in rows} == {"overlap"}


def test_overlaps_of_a_region_without_any(client) -> None:
    body = client.get("/api/overlaps", params={"region": "安丘市"}).json()
    assert body == {"total": 0, "offset": 0, "limit": 100, "region": "370784", "settled": 0, "unsettled": 0,
                    "items": []}
    assert _csv(client.get("/api/overlaps", params={"region": "安丘市", "format": "csv"})) == []


# ---- linkage -------------------------------------------------------------------------------------
def test_linkage_report_is_the_clis_report(client, run_cli) -> None:
    body = _all(client, "/api/linkage", region="广安区")
    report = json.loads(run_cli("linkage", "--region", "广安区", "--json"))
    assert (body["chains"], body["broken"]) == (report["chains"], report["broken"])
    assert body["items"] == report["findings"]
    assert body["counts"]["linkage_broken"] == report["broken"]
    rows = _csv(client.get("/api/linkage", params={"region": "广安区", "format": "csv", "limit": 5000}))
    assert rows == list(csv.DictReader(io.StringIO(run_cli("linkage", "--region", "广安区", "--csv"))))


def test_one_chain_by_name_and_by_id(client, run_cli) -> None:
    body = client.get("/api/linkage/chain", params={"item": "食品经营许可", "region": "广安区"}).json()
    chains = json.loads(run_cli("linkage", "食品经营许可", "--region", "广安区", "--json"))
    assert body["items"] == chains and body["region"] == GUANG_AN and body["item"] == "食品经营许可"
    first = body["items"][0]
    assert [link["step"] for link in first["links"]][:3] == ["approval", "approver", "supervisor"]
    by_id = client.get("/api/linkage/chain", params={"item": first["approval_id"]}).json()
    assert by_id["total"] == 1 and by_id["items"][0]["approval_id"] == first["approval_id"]
    # Paging through the chains of a name: page k is the CLI's answer for --limit offset+limit, from offset.
    wide = json.loads(run_cli("linkage", "食品经营许可", "--limit", "4", "--json"))
    second = client.get("/api/linkage/chain", params={"item": "食品经营许可", "offset": 2, "limit": 2}).json()
    everywhere = client.get("/api/linkage/chain", params={"item": "食品经营许可", "limit": 20}).json()
    assert second["items"] == wide[2:4] and second["total"] == everywhere["total"] == len(everywhere["items"]) > 2
    assert client.get("/api/linkage/chain", params={"item": "食品经营许可", "offset": 50}).json()["items"] == []


def test_chain_errors(client) -> None:
    body = assert_problem(client.get("/api/linkage/chain", params={"item": "zzzz"}), 404)
    assert "zzzz" in body["detail"]
    assert_problem(client.get("/api/linkage/chain"), 422)
    assert_problem(client.get("/api/linkage/chain", params={"item": "   "}), 422)
    assert_problem(client.get("/api/linkage/chain", params={"item": "食品经营许可", "limit": 21}), 422)


# ---- dossier -------------------------------------------------------------------------------------
def test_dossier_json_and_markdown_are_the_clis(client, run_cli, tmp_path) -> None:
    params = {"topic": "违法建筑", "region": "广安区"}
    body = client.get("/api/dossier", params=params).json()
    md_file = tmp_path / "档案.md"
    assert body == json.loads(run_cli("dossier", "违法建筑", "--region", "广安区", "--json", "--markdown", str(md_file)))
    assert body["region"] == GUANG_AN and body["candidates"] and "department" in body["suggestion"]
    md = client.get("/api/dossier", params={**params, "format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text == md_file.read_text(encoding="utf-8") and md.text.startswith("# 争议事项材料：违法建筑")
    by_header = client.get("/api/dossier", params=params, headers={"Accept": "text/markdown"})
    assert by_header.text == md.text
    assert client.get("/api/dossier", params=params, headers={"Accept": "application/json"}).json() == body


def test_dossier_sets_apart_departments_that_share_only_a_generic_word(client) -> None:
    body = client.get("/api/dossier", params={"topic": "食品经营许可", "region": "广安区"}).json()
    assert {c["department"] for c in body["candidates"]} == {"广安市广安区市场监督管理局", "广安市广安区行政审批局"}
    (transport,) = [w for w in body["weak"] if w["department"] == "广安市广安区交通运输局"]
    assert "「经营许可」" in transport["reason"]
    assert transport["evidence"] and all(ev["concerns"] is False and ev["shared"] for ev in transport["evidence"])
    assert all(ev["concerns"] for c in body["candidates"] for ev in c["evidence"])


def test_dossier_errors(client) -> None:
    assert_problem(client.get("/api/dossier"), 422)
    body = assert_problem(client.get("/api/dossier", params={"topic": "x"}), 422)
    assert "无法理解的查询" in body["detail"]
    assert_problem(client.get("/api/dossier", params={"topic": "违法建筑", "format": "pdf"}), 422)


# ---- impact --------------------------------------------------------------------------------------
def test_impact_is_the_clis_impact(client, run_cli) -> None:
    body = client.get("/api/impact", params={"law": "食品安全法"}).json()
    data = json.loads(run_cli("impact", "食品安全法", "--json"))
    assert body == {**data, "total": len(data["items"]), "offset": 0, "limit": 100}
    assert body["law"]["title"] == "中华人民共和国食品安全法" and body["total"] == 3
    rows = _csv(client.get("/api/impact", params={"law": "食品安全法", "format": "csv"}))
    assert rows == list(csv.DictReader(io.StringIO(run_cli("impact", "食品安全法", "--csv"))))
    page = client.get("/api/impact", params={"law": "食品安全法", "offset": 1, "limit": 1}).json()
    assert page["items"] == body["items"][1:2] and page["total"] == 3
    one = _csv(client.get("/api/impact", params={"law": "食品安全法", "offset": 1, "limit": 1, "format": "csv"}))
    assert {r["事项ID"] for r in one} == {body["items"][1]["id"]}


def test_impact_of_one_article(client, run_cli) -> None:
    body = client.get("/api/impact", params={"law": "无证无照经营查处办法", "article": "第六条"}).json()
    assert [a["label_zh"] for a in body["articles"]] == ["第六条"]
    assert body["items"] == json.loads(run_cli("impact", "无证无照经营查处办法", "--article", "6", "--json"))["items"]


def test_impact_errors(client) -> None:
    body = assert_problem(client.get("/api/impact", params={"law": "食品卫生法"}), 404)
    assert "图中没有法规「食品卫生法」" in body["detail"] and "食品安全法" in body["detail"]
    body = assert_problem(client.get("/api/impact", params={"law": "食品安全法", "article": "999"}), 404)
    assert "没有第 999 条" in body["detail"]
    body = assert_problem(client.get("/api/impact", params={"law": "食品安全法", "article": "第X条"}), 422)
    assert body["errors"][0]["parameter"] == "article"
    assert_problem(client.get("/api/impact"), 422)
    assert _csv(client.get("/api/impact", params={"law": "食品安全法", "offset": 50, "format": "csv"})) == []


# ---- diff ----------------------------------------------------------------------------------------
def test_diff_is_the_clis_diff(client, run_cli) -> None:
    body = client.get("/api/diff", params={"dataset": L05}).json()
    data = json.loads(run_cli("diff", L05, "--json"))
    assert body["counts"] == {"added": 1, "removed": 1, "changed": 2} and body["total"] == 4
    assert body["items"] == data["added"] + data["removed"] + data["changed"]
    assert {k: body[k] for k in ("dataset", "old", "new", "summary_zh", "unchanged")} == \
        {k: data[k] for k in ("dataset", "old", "new", "summary_zh", "unchanged")}
    assert [i["name"] for i in body["items"]][:2] == ["河道采砂许可", "乡村建设规划许可证核发"]
    rows = _csv(client.get("/api/diff", params={"dataset": L05, "format": "csv"}))
    assert rows == list(csv.DictReader(io.StringIO(run_cli("diff", L05, "--csv"))))
    changed = client.get("/api/diff", params={"dataset": L05, "status": "changed"}).json()
    assert changed["total"] == 2 and {i["status"] for i in changed["items"]} == {"changed"}
    # The two versions named explicitly give the same diff.
    explicit = client.get("/api/diff", params={"dataset": L05, "old": body["old"]["id"], "new": body["new"]["id"]})
    assert explicit.json()["items"] == body["items"]


def test_diff_errors(client) -> None:
    body = assert_problem(client.get("/api/diff", params={"dataset": "不存在的清单.csv"}), 404)
    assert "没有清单" in body["detail"] and L05 in body["detail"]
    body = assert_problem(client.get("/api/diff", params={"dataset": "示例_审管联动清单.csv"}), 422)
    assert "只有一个版本" in body["detail"]
    body = assert_problem(client.get("/api/diff", params={"dataset": L05, "old": "ver:nope"}), 404)
    assert "没有版本 ver:nope" in body["detail"]
    assert_problem(client.get("/api/diff", params={"dataset": L05, "status": "renamed"}), 422)
    assert_problem(client.get("/api/diff"), 422)


# ---- compare -------------------------------------------------------------------------------------
def test_compare_one_matter_is_the_clis(client, run_cli) -> None:
    body = client.get("/api/compare", params={"matter": "食品经营许可"}).json()
    data = json.loads(run_cli("compare", "食品经营许可", "--json"))
    assert body["report"] == "comparison" and body["items"] == data["regions"]
    assert {k: body[k] for k in ("matter", "differs", "groups", "summary_zh")} == \
        {k: data[k] for k in ("matter", "differs", "groups", "summary_zh")}
    assert {r["region"] for r in body["items"]} >= {GUANG_AN, "130427", "370784"}
    rows = _csv(client.get("/api/compare", params={"matter": "食品经营许可", "format": "csv"}))
    assert rows == list(csv.DictReader(io.StringIO(run_cli("compare", "食品经营许可", "--csv"))))
    # A region keeps only its own counties.
    here = client.get("/api/compare", params={"matter": "食品经营许可", "region": "广安市"}).json()
    assert [r["region"] for r in here["items"]] == [GUANG_AN] and here["region"] == "511600"


def test_compare_without_matter_is_the_standardisation_report(client, run_cli) -> None:
    body = client.get("/api/compare").json()
    assert body["report"] == "standardisation" and body["total"] == 0  # one county per power in the corpus
    assert body["items"] == json.loads(run_cli("compare", "--json"))
    empty = client.get("/api/compare", params={"format": "csv"})
    assert _csv(empty) == [] and next(csv.reader(io.StringIO(empty.content.decode("utf-8-sig")))) == FINDING_HEADER
    assert client.get("/api/compare", params={"matter": "  "}).json()["report"] == "standardisation"


def test_standardisation_report_of_a_generated_province() -> None:
    """Two generated counties (benchmarks/province.py) that assign some powers to different bodies."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for benchmarks/
    from benchmarks.province import generate_province
    from graph.analyses import standardisation_report

    store = EmbeddedStore(None)
    generate_province(store, counties=2, seed=0, with_laws=False)
    expected = [f.to_dict() for f in standardisation_report(store)]
    with client_for(store) as c:
        body = c.get("/api/compare", params={"limit": 5000}).json()
        assert body["report"] == "standardisation" and body["items"] == expected and body["total"] > 10
        assert body["counts"] == {"assignment_differs": len(expected)}
        page = c.get("/api/compare", params={"offset": 10, "limit": 5, "format": "csv"})
        assert [r["标题"] for r in _csv(page)] == [f["title_zh"] for f in expected[10:15]]
        # The report of one generated county's city holds both counties.
        assert c.get("/api/compare", params={"region": "990100", "limit": 1}).json()["total"] > 0


# ---- the cache ---------------------------------------------------------------------------------------
def test_results_are_cached_until_the_next_write(tmp_path) -> None:
    copy = tmp_path / "graph.db"
    copy.write_bytes(GRAPH.read_bytes())
    app = create_app(store=SqliteStore(copy), token=TOKEN)
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        cache = analysis_cache(app.state.dutygraph)
        first = c.get("/api/diff", params={"dataset": L05}).json()
        misses = cache.misses
        assert c.get("/api/diff", params={"dataset": L05, "offset": 2}).json()["items"] == first["items"][2:]
        assert c.get("/api/diff", params={"dataset": L05, "format": "csv"}).status_code == 200
        assert cache.misses == misses and cache.hits >= 2
        # Deleting the new version changes the graph: the cached diff must not survive it.
        r = c.delete(f"/api/versions/{first['new']['id']}", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        body = assert_problem(c.get("/api/diff", params={"dataset": L05}), 422)
        assert "只有一个版本" in body["detail"]


def test_one_run_for_concurrent_requests_of_the_same_result() -> None:
    cache = AnalysisCache(size=2)
    graph = type("Graph", (), {})()
    runs: list[int] = []

    def slow() -> int:
        runs.append(1)
        time.sleep(0.1)
        return 42

    threads = [threading.Thread(target=lambda: cache.get(graph, ("k",), slow)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert runs == [1] and cache.get(graph, ("k",), slow) == 42
    # Errors are not kept; a new graph drops every entry; the least recently used go first.
    with pytest.raises(ZeroDivisionError):
        cache.get(graph, ("bad",), lambda: 1 / 0)
    assert cache.get(graph, ("bad",), lambda: 7) == 7
    cache.get(graph, ("third",), lambda: 3)
    assert cache.get(graph, ("k",), lambda: 0) == 0
    other = type("Graph", (), {})()
    assert cache.get(other, ("third",), lambda: 33) == 33


# ---- the documents -------------------------------------------------------------------------------
def test_every_analysis_parameter_is_described_in_chinese_and_english(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ANALYSES:
        op = paths[path]["get"]
        assert op["summary"] and " / " in op["summary"]
        for param in op["parameters"]:
            text = param.get("description", "")
            chinese, _, english = text.rpartition("/")
            assert re.search(r"[\u4e00-\u9fff]", chinese) and re.search(r"[A-Za-z]{3,}", english), (path, param["name"])
        for status in ("404", "422", "503"):
            assert "application/problem+json" in op["responses"][status]["content"]
        names = {p["name"] for p in op["parameters"]}
        if path not in ("/api/dossier",):
            assert {"offset", "limit"} <= names, path


# ---- property-based fuzz of these operations on the full corpus graph ----------------------------
# tests/test_api_schema.py fuzzes every operation on the L05 graph, which holds no laws and one
# version of each list; here the analyses run on a graph where the examples in the document
# (食品安全法, L05 with two versions, 违法建筑 …) have answers, so their 200 responses are checked too.
FUZZ_APP = create_app(store=SqliteStore(GRAPH))
fuzz_schema = schemathesis.openapi.from_asgi("/openapi.json", FUZZ_APP).include(
    path_regex="^/api/(gaps|overlaps|linkage|dossier|impact|diff|compare)")
fuzz_schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@fuzz_schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_analysis_operations_conform(case) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
