"""Writes: the token check, list upload with the CLI's row accounting, limits, version deletion."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from test_api_common import L05, L05_ROWS, TOKEN, assert_problem, client_for, l05_store

from graph.sqlite_store import SqliteStore
from ingest.dispatch import ingest_paths

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SMALL_CSV = ("实施主体,事项名称,事项类型,区划代码\n"
             "区公安分局,犬类准养证核发（测试）,行政许可,511602000000\n"
             "区公安分局,,行政许可,511602000000\n").encode("utf-8")


@pytest.fixture()
def empty_client(tmp_path):
    """A writable app over an empty graph file."""
    with client_for(SqliteStore(tmp_path / "g.db"), token=TOKEN) as c:
        yield c


def _upload(client, data: bytes, name: str = "L05_广安市广安区政务服务事项_按部门.csv", region: str = "广安区",
            headers=AUTH, **form):
    return client.post("/api/lists", files={"file": (name, data, "text/csv")},
                       data={"region": region, **form}, headers=headers)


# ---- the token -------------------------------------------------------------------------------------
def test_writes_are_forbidden_without_a_configured_token(tmp_path) -> None:
    with client_for(l05_store(tmp_path)) as c:
        for headers in ({}, AUTH):
            body = assert_problem(_upload(c, SMALL_CSV, headers=headers), 403)
            assert "只读" in body["detail"]
            assert_problem(c.delete("/api/versions/ver:x", headers=headers), 403)
        assert c.get("/api/items").json()["total"] == L05_ROWS


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_a_missing_or_wrong_token_is_401(empty_client, headers) -> None:
    r = _upload(empty_client, SMALL_CSV, headers=headers)
    assert_problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_problem(empty_client.delete("/api/versions/ver:x", headers=headers), 401)
    assert empty_client.get("/api/items").json()["total"] == 0


# ---- upload ------------------------------------------------------------------------------------
def test_upload_ingests_like_the_cli_and_lookups_see_it_at_once(empty_client, tmp_path) -> None:
    assert empty_client.get("/api/who-handles", params={"q": "养狗要办什么证"}).json()["results"] == []
    r = _upload(empty_client, L05.read_bytes())
    assert r.status_code == 200, r.text
    body = r.json()
    cli_report = ingest_paths(SqliteStore(tmp_path / "cli.db"), [L05])
    assert (body["rows_read"], body["rows_loaded"], body["rows_quarantined"]) == \
        (cli_report.rows_read, cli_report.rows_loaded, cli_report.rows_quarantined)
    assert body["rows_read"] == body["rows_loaded"] + body["rows_quarantined"] == L05_ROWS
    [f] = body["files"]
    assert f["status"] == "loaded" and f["path"] == L05.name and f["version"] == cli_report.files[0].version
    # The lookup index was rebuilt after the write: the new items answer immediately.
    answer = empty_client.get("/api/who-handles", params={"q": "养狗要办什么证", "region": "广安区"}).json()
    assert answer["results"][0]["department"] == "区公安分局"
    assert empty_client.get("/api/items").json()["total"] == L05_ROWS
    # Idempotent: the same bytes again change nothing.
    again = _upload(empty_client, L05.read_bytes()).json()
    assert again["files"][0]["status"] == "unchanged"
    assert empty_client.get("/api/versions").json()["total"] == 1


def test_upload_quarantines_bad_rows_with_reasons(empty_client) -> None:
    body = _upload(empty_client, SMALL_CSV, name="广安区测试清单.csv").json()
    assert body["rows_read"] == 2 and body["rows_loaded"] == 1 and body["rows_quarantined"] == 1
    [rejection] = body["files"][0]["rejections"]
    assert rejection["row"] == 3 and rejection["reason"]
    assert empty_client.get("/api/items").json()["total"] == 1


def test_upload_of_a_file_without_a_recognisable_header_is_422(empty_client) -> None:
    r = _upload(empty_client, "甲,乙,丙\n1,2,3\n".encode(), name="无关表格.csv")
    body = assert_problem(r, 422)
    assert body["detail"].startswith("清单无法导入") and body["report"]["files"][0]["error"]


def test_upload_kind_is_checked_and_honoured(empty_client) -> None:
    body = assert_problem(_upload(empty_client, SMALL_CSV, name="广安区测试清单.csv", kind="foo"), 422)
    assert "foo" in body["detail"] and body["errors"][0]["parameter"] == "kind"
    wrong = assert_problem(_upload(empty_client, SMALL_CSV, name="广安区测试清单.csv", kind="territorial"), 422)
    assert "主体责任" in wrong["detail"]
    ok = _upload(empty_client, SMALL_CSV, name="广安区测试清单.csv", kind="权责清单").json()
    assert ok["files"][0]["kind"] == "power" and ok["rows_loaded"] == 1


def test_upload_with_an_unknown_region_is_404(empty_client) -> None:
    assert_problem(_upload(empty_client, SMALL_CSV, region="火星市"), 404)


def test_upload_form_fields_are_validated(empty_client) -> None:
    r = empty_client.post("/api/lists", data={"region": "广安区"}, headers=AUTH)
    assert [e["parameter"] for e in assert_problem(r, 422)["errors"]] == ["file"]


# ---- size and type -------------------------------------------------------------------------------
def test_upload_over_the_size_cap_is_413(tmp_path) -> None:
    with client_for(SqliteStore(tmp_path / "g.db"), token=TOKEN, max_upload_bytes=4096) as c:
        body = assert_problem(_upload(c, b"a" * 10_000), 413)
        assert "MiB" in body["detail"]
        # Without Content-Length (chunked), the body is counted as it arrives.
        chunks = (b"x" * 1024 for _ in range(10))
        r = c.post("/api/lists", content=chunks, headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"})
        assert_problem(r, 413)
        assert c.get("/api/items").json()["total"] == 0


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name, data", [
    ("清单.pdf", b"%PDF-1.7 ..."),
    ("清单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ("清单", SMALL_CSV),
    ("清单.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("清单.csv", b"a,b\n\x00\x01\x02"),
    ("清单.csv", b""),
    ("清单.xlsx", SMALL_CSV),
    ("清单.xlsx", _zip({"word/document.xml": b"<w/>"})),
    ("清单.xlsx", b"PK\x03\x04 truncated"),
])
def test_wrong_type_is_415(empty_client, name, data) -> None:
    body = assert_problem(_upload(empty_client, data, name=name), 415)
    assert body["title"] == "不支持的文件类型"


def test_folder_parts_of_a_file_name_are_dropped(empty_client) -> None:
    body = _upload(empty_client, SMALL_CSV, name="../../etc/广安区测试清单.csv").json()
    assert body["files"][0]["path"] == "广安区测试清单.csv"


# ---- versions ------------------------------------------------------------------------------------
def test_delete_a_version_and_the_items_only_it_carried(tmp_path) -> None:
    with client_for(l05_store(tmp_path), token=TOKEN) as c:
        [l05] = c.get("/api/versions").json()["items"]
        small = _upload(c, SMALL_CSV, name="广安区测试清单.csv").json()["files"][0]["version"]
        assert c.get("/api/items").json()["total"] == L05_ROWS + 1
        r = c.delete(f"/api/versions/{small}", headers=AUTH)
        assert r.status_code == 200, r.text
        assert r.json() == {"version": small, "items_deleted": 1, "sources_deleted": 2, "restored_version": None}
        assert c.get("/api/items").json()["total"] == L05_ROWS
        assert [v["id"] for v in c.get("/api/versions").json()["items"]] == [l05["id"]]
        assert_problem(c.delete(f"/api/versions/{small}", headers=AUTH), 404)
        # Deleting L05 empties the lookups: nothing else carried its items.
        assert c.delete(f"/api/versions/{l05['id']}", headers=AUTH).json()["items_deleted"] == L05_ROWS
        assert c.get("/api/who-handles", params={"q": "养狗要办什么证"}).json()["results"] == []


def test_deleting_the_current_version_restores_the_previous_one(tmp_path) -> None:
    with client_for(l05_store(tmp_path), token=TOKEN) as c:
        [old] = c.get("/api/versions").json()["items"]
        lines = L05.read_bytes().splitlines(keepends=True)
        dropped = lines[1].decode("utf-8-sig").split(",")[3]
        new = _upload(c, b"".join(lines[:1] + lines[2:])).json()["files"][0]
        assert new["status"] == "updated"
        assert c.get("/api/items").json()["total"] == L05_ROWS - 1
        assert dropped not in {i["name"] for i in c.get("/api/items", params={"q": dropped}).json()["items"]}
        body = c.delete(f"/api/versions/{new['version']}", headers=AUTH).json()
        assert body["restored_version"] == old["id"] and body["items_deleted"] == 0
        assert c.get("/api/items").json()["total"] == L05_ROWS
        assert dropped in {i["name"] for i in c.get("/api/items", params={"q": dropped}).json()["items"]}
        [restored] = c.get("/api/versions").json()["items"]
        assert restored["current"]


# ---- exports safe in Excel, names within the file system's limit (issue 10) ---------------------
def _l05_rows_with_formulas() -> bytes:
    """Two real L05 rows whose 事项名称 a portal export turned into spreadsheet formulas."""
    import csv as _csv

    lines = L05.read_text(encoding="utf-8").splitlines()
    rows = list(_csv.reader(lines[:3]))
    rows[1][3] = '=HYPERLINK("http://example.invalid","' + rows[1][3] + '")'
    rows[2][3] = "@SUM(1+1)*" + rows[2][3]
    buf = io.StringIO()
    _csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_csv_exports_neutralise_formulas_from_uploaded_lists(empty_client) -> None:
    r = _upload(empty_client, _l05_rows_with_formulas(), name="广安区公式清单.csv")
    assert r.status_code == 200 and r.json()["rows_loaded"] == 2, r.text
    exported = empty_client.get("/api/items", params={"format": "csv", "limit": 50}).content.decode("utf-8-sig")
    import csv as _csv

    names = {row["名称"] for row in _csv.DictReader(io.StringIO(exported))}
    assert any(n.startswith("'=HYPERLINK(") for n in names), names
    assert any(n.startswith("'@SUM(") for n in names), names
    assert not any(n.startswith(("=", "@", "+", "-")) for n in names)
    # JSON keeps the text exactly as published: only the spreadsheet rendering is guarded.
    items = empty_client.get("/api/items").json()["items"]
    assert any(i["name"].startswith("=HYPERLINK(") for i in items)


def test_a_long_chinese_file_name_is_shortened_by_bytes(empty_client) -> None:
    name = "广安市广安区" + "政务服务事项目录按部门整理" * 12 + ".csv"   # 162 characters, 480 bytes
    assert len(name.encode("utf-8")) > 255
    r = _upload(empty_client, SMALL_CSV, name=name)
    assert r.status_code == 200, r.text
    stored = r.json()["files"][0]["path"]
    assert len(stored.encode("utf-8")) <= 255 and stored.endswith(".csv") and stored.startswith("广安市广安区政务")
    # The same upload again is recognised as the same list (the shortening is stable).
    again = _upload(empty_client, SMALL_CSV, name=name).json()["files"][0]
    assert again["path"] == stored and again["status"] == "unchanged"


def test_uploading_a_workbook_merged_to_the_last_row_loads_its_data_and_stays_small(empty_client, tmp_path) -> None:
    import tracemalloc

    from test_ingest_tables import _workbook_claiming_a_million_rows

    from conftest import CORPUS

    path = _workbook_claiming_a_million_rows(tmp_path, CORPUS)
    tracemalloc.start()
    try:
        r = empty_client.post("/api/lists", files={"file": (path.name, path.read_bytes(), "application/vnd.ms-excel")},
                              data={"region": "广安区"}, headers=AUTH)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["rows_read"], body["rows_loaded"], body["rows_quarantined"]) == (20, 20, 0)
    assert peak < 64 * 1024 * 1024
    assert empty_client.get("/api/items").json()["total"] == 20


def test_upload_takes_the_cli_column_mapping(empty_client) -> None:
    lines = L05.read_text(encoding="utf-8").splitlines()[:11]
    lines[0] = "F1,F2,F3,F4,F5,F6,F7,F8,F9"
    data = ("\n".join(lines) + "\n").encode("utf-8")
    unmapped = assert_problem(_upload(empty_client, data, name="广安区_门户导出.csv"), 422)
    assert "无法识别表头" in unmapped["detail"]
    r = _upload(empty_client, data, name="广安区_门户导出.csv", columns="F2=实施主体,F4=事项名称,F6=事项类型代码")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rows_loaded"] == 10 and body["files"][0]["columns"][0].startswith("F2→实施主体（--columns）")
    bad = assert_problem(_upload(empty_client, data, name="广安区_门户导出.csv", columns="F4=名字"), 422)
    assert "未知的列角色「名字」" in bad["detail"] and bad["errors"][0]["parameter"] == "columns"


def test_upload_reports_generic_holders_where_they_stand(empty_client) -> None:
    sample = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "示例_属地管理主体责任和配合责任清单.csv"
    body = _upload(empty_client, sample.read_bytes(), name=sample.name).json()
    (f,) = body["files"]
    assert f["rows_loaded"] == 7 and f["rows_quarantined"] == 0
    assert {"path": sample.name, "sheet": "", "row": 9, "column": "主体责任", "name": "有关许可审批和行业主管部门"} \
        in [{k: g[k] for k in ("path", "sheet", "row", "column", "name")} for g in f["generic_holders"]]
    found = empty_client.get("/api/departments", params={"q": "有关"}).json()["items"]
    assert not [d for d in found if d["name"].startswith("有关")]   # never a department


# ---- the region of an upload: settled from the file as by the CLI (issue 10) ---------------------
REGION_DATA = Path(__file__).parent / "data" / "regions"


def _upload_file(client, path, region: str | None):
    data = {} if region is None else {"region": region}
    return client.post("/api/lists", files={"file": (path.name, path.read_bytes(), "text/csv")}, data=data,
                       headers=AUTH)


@pytest.mark.parametrize("name", ["政务服务事项_朝阳区_按部门_示例.csv",    # departments: 北京市朝阳区民政局 …
                                  "长春市朝阳区权责清单_示例.csv"])       # the file name
def test_upload_of_chaoyang_takes_the_city_the_file_names_like_the_cli(empty_client, tmp_path, name) -> None:
    path = REGION_DATA / name
    r = _upload_file(empty_client, path, "朝阳区")
    assert r.status_code == 200, r.text
    cli = ingest_paths(SqliteStore(tmp_path / "cli.db"), [path], region="朝阳区")
    assert [f["region"] for f in r.json()["files"]] == [f.region for f in cli.files]
    assert r.json()["rows_loaded"] == cli.rows_loaded > 0
    # the items are found in the region the file named, not in the other 朝阳区
    code = cli.files[0].region
    other = {"110105": "220104", "220104": "110105"}[code]
    assert empty_client.get("/api/who-handles", params={"q": "婚姻登记", "region": code}).json()["results"]
    assert not empty_client.get("/api/who-handles", params={"q": "婚姻登记", "region": other}).json()["results"]


def test_upload_of_chaoyang_settled_by_a_region_code_column(empty_client, tmp_path) -> None:
    # the sample that names no city, with a 区划代码 column added: the column decides (长春市朝阳区 220104)
    lines = (REGION_DATA / "朝阳区权责清单_示例.csv").read_text(encoding="utf-8").splitlines()
    coded = tmp_path / "朝阳区权责清单.csv"
    coded.write_text("\n".join([lines[1] + ",区划代码"] + [line + ",220104000000" for line in lines[2:]]) + "\n",
                     encoding="utf-8")
    r = _upload_file(empty_client, coded, "朝阳区")
    assert r.status_code == 200, r.text
    assert [f["region"] for f in r.json()["files"]] == ["220104"]


def test_upload_of_chaoyang_the_file_does_not_settle_is_one_422_with_both_candidates(empty_client) -> None:
    body = assert_problem(_upload_file(empty_client, REGION_DATA / "朝阳区权责清单_示例.csv", "朝阳区"), 422)
    assert "\n" not in body["detail"] and "北京市朝阳区（110105）" in body["detail"] \
        and "吉林省长春市朝阳区（220104）" in body["detail"]
    assert body["report"]["rows_loaded"] == 0
    assert empty_client.get("/api/items").json()["total"] == 0


def test_upload_without_a_region_takes_it_from_the_file_like_the_cli(empty_client, tmp_path) -> None:
    # the corpus list's file name says 广安市广安区; the 广东省 sample's 区划代码 column puts each row in its city
    for path in (L05, REGION_DATA / "广东省_政务服务事项_按地市_示例.csv"):
        r = _upload_file(empty_client, path, None)
        assert r.status_code == 200, r.text
        cli = ingest_paths(SqliteStore(tmp_path / f"{path.stem}.db"), [path])
        assert [f["region"] for f in r.json()["files"]] == [f.region for f in cli.files]
        assert r.json()["rows_loaded"] == cli.rows_loaded > 0
    assert r.json()["files"][0]["region"] == "440000"


def test_upload_without_a_region_of_a_file_that_names_none_is_one_422(empty_client, tmp_path) -> None:
    bare = tmp_path / "权责清单.csv"
    bare.write_bytes((REGION_DATA / "云阳县权责清单_示例.csv").read_bytes())   # 县民政局: no region anywhere
    body = assert_problem(_upload_file(empty_client, bare, None), 422)
    assert "\n" not in body["detail"] and "地区" in body["detail"]
