"""The `dutygraph` command as a user types it: ingest the samples, then ask every question."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import SAMPLES_DIR, main


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus: Path) -> str:
    path = tmp_path_factory.mktemp("cli") / "graph.db"
    assert main(["--db", str(path), "ingest", "--samples", str(corpus / "laws"), str(corpus / "notices")]) == 0
    return str(path)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_summary_accounts_for_every_row(tmp_path: Path, capsys) -> None:
    code, out, _ = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", "--samples", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["rows_read"] == data["rows_loaded"] + data["rows_quarantined"]
    l05 = next(f for f in data["files"] if f["path"].endswith("L05_广安市广安区政务服务事项_按部门.csv"))
    assert l05["rows_loaded"] == 1135 and l05["kind"] == "power"
    # The same files again: nothing new.
    code, out, _ = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", "--samples", "--json")
    assert {f["status"] for f in json.loads(out)["files"]} == {"unchanged"}


def test_quarantine_report_names_file_row_and_column(tmp_path: Path, corpus: Path, capsys) -> None:
    bad = tmp_path / "坏清单.csv"
    rows = (corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv").read_text(encoding="utf-8").splitlines()
    header, first, second = rows[0], rows[1], rows[2]
    cells = second.split(",")
    cells[3] = ""  # 事项名称 emptied
    bad.write_text("\n".join([header, first, ",".join(cells)]) + "\n", encoding="utf-8")
    qfile = tmp_path / "隔离.csv"
    code, out, _ = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(bad), "--quarantine", str(qfile))
    assert code == 0
    assert "读取 2 行 = 导入 1 + 隔离 1" in out
    quarantined = list(csv.DictReader(io.StringIO(qfile.read_text(encoding="utf-8-sig"))))
    assert quarantined[0]["文件"] == "坏清单.csv" and quarantined[0]["行"] == "3" and quarantined[0]["列"] == "事项名称"


def test_who_handles_json_has_the_documented_shape(db: str, capsys) -> None:
    code, out, _ = _run(capsys, "--db", db, "who-handles", "养狗要办什么证", "--region", "广安区", "--json")
    data = json.loads(out)
    assert code == 0 and data["query"] == "养狗要办什么证" and data["region"] == "511602"
    top = data["results"][0]
    assert {"department", "role", "score", "matched_item", "item_kind", "evidence"} <= set(top)
    assert top["matched_item"] == "犬类准养证核发"
    assert {"source", "locator", "text"} <= set(top["evidence"][0])


def test_who_handles_csv_opens_as_a_table(db: str, capsys) -> None:
    code, out, _ = _run(capsys, "--db", db, "who-handles", "河道采砂", "--region", "511602", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["匹配事项"] == "河道采砂许可" and "水务局" in rows[0]["部门"]


@pytest.mark.parametrize("argv,needle", [
    (["who-handles", ""], "查询内容为空"),
    (["who-handles", "养狗", "--region", "火星市"], "未知的地区"),
    (["ingest", "/no/such/file.csv"], "找不到文件"),
    (["gaps", "--kind", "nonsense"], ""),
    (["impact", "火星法"], ""),
])
def test_bad_requests_get_a_message_not_a_traceback(db: str, capsys, argv: list[str], needle: str) -> None:
    code, out, err = _run(capsys, "--db", db, *argv)
    assert code == 2
    assert err.startswith("错误: ") and needle in err
    assert "Traceback" not in err + out


def test_gaps_csv_lists_unsupervised_approvals_of_guang_an(db: str, capsys) -> None:
    code, out, _ = _run(capsys, "--db", db, "gaps", "--region", "广安区", "--kind", "approval", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert {r["kind"] for r in rows} <= {"approval_no_supervisor", "supervisor_no_enforcement", "coverage"}
    assert any(r["kind"] == "approval_no_supervisor" for r in rows)


def test_every_analysis_command_answers_in_json(db: str, capsys) -> None:
    for argv in (["overlaps"], ["linkage", "--region", "广安区"], ["linkage", "食品经营许可", "--region", "广安区"],
                 ["dossier", "违法建筑", "--region", "广安区"], ["impact", "食品安全法"],
                 ["compare", "食品经营许可"], ["compare"], ["info"], ["citations"]):
        code, out, err = _run(capsys, "--db", db, *argv, "--json")
        assert code == 0, (argv, err)
        json.loads(out)


def test_dossier_exports_markdown(db: str, tmp_path: Path, capsys) -> None:
    md = tmp_path / "档案.md"
    code, _, _ = _run(capsys, "--db", db, "dossier", "违法建筑", "--region", "广安区", "--markdown", str(md))
    assert code == 0 and md.read_text(encoding="utf-8").startswith("# 争议事项材料：违法建筑")


def test_export_writes_neo4j_admin_import_files(db: str, tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "import"
    code, out, _ = _run(capsys, "--db", db, "export", "--neo4j-import", str(out_dir))
    assert code == 0 and (out_dir / "import.sh").exists() and "已写出" in out


def test_the_installed_console_script_runs(db: str) -> None:
    exe = shutil.which("dutygraph", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("dutygraph 命令未安装到当前虚拟环境（pip install -e . 后可用）")
    proc = subprocess.run([exe, "--db", db, "who-handles", "结婚登记", "--region", "广安区"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "民政局" in proc.stdout


def test_samples_ship_inside_the_package() -> None:
    assert (SAMPLES_DIR / "L05_广安市广安区政务服务事项_按部门.csv").is_file()
    assert (SAMPLES_DIR / "广安区_部门名册.csv").is_file()


# ---- every error is one clear line (issue 10) ------------------------------------------
L05 = "L05_广安市广安区政务服务事项_按部门.csv"


def _one_error_line(code: int, out: str, err: str) -> str:
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误: "), err
    return lines[0]


@pytest.mark.parametrize("command", [["who-handles", "养狗要办什么证"], ["gaps"], ["info"], ["overlaps"],
                                     ["linkage"], ["citations"], ["serve"]])
def test_a_read_command_on_a_graph_that_does_not_exist_is_an_error(tmp_path: Path, capsys, command) -> None:
    missing = tmp_path / "没有这个图.graph.json"
    line = _one_error_line(*_run(capsys, "--db", str(missing), *command))
    assert str(missing) in line and "dutygraph ingest" in line
    assert not missing.exists()   # and no empty graph was left behind to answer 「没有发现职责空白」 next time


def test_db_is_accepted_after_the_subcommand_too(db: str, capsys) -> None:
    before = _run(capsys, "--db", db, "info", "--json")
    after = _run(capsys, "info", "--db", db, "--json")
    assert before[0] == after[0] == 0 and json.loads(before[1]) == json.loads(after[1])
    assert json.loads(after[1])["nodes"]["PowerItem"] >= 1135


def test_ingest_with_an_unknown_region_is_one_line(tmp_path: Path, capsys) -> None:
    line = _one_error_line(*_run(capsys, "ingest", "--db", str(tmp_path / "g.db"), str(SAMPLES_DIR / L05),
                                 "--region", "火星市"))
    assert "火星市" in line


def test_ingest_with_a_bad_kind_lists_the_kinds(tmp_path: Path, capsys) -> None:
    line = _one_error_line(*_run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(SAMPLES_DIR / L05),
                                 "--kind", "清单乱写"))
    assert "清单乱写" in line and "power" in line and "审管联动" in line


def test_quarantine_pointing_to_a_folder_is_refused_before_importing(tmp_path: Path, capsys) -> None:
    graph = tmp_path / "g.db"
    line = _one_error_line(*_run(capsys, "--db", str(graph), "ingest", str(SAMPLES_DIR / L05),
                                 "--quarantine", str(tmp_path)))
    assert "--quarantine" in line and "文件夹" in line
    assert not graph.exists()


@pytest.mark.parametrize("command", [["serve"], ["info"], ["who-handles", "结婚登记"]])
def test_a_corrupt_graph_file_is_one_line(tmp_path: Path, capsys, command) -> None:
    corrupt = tmp_path / "坏图.graph.json"
    good = (SAMPLES_DIR / L05).read_bytes()
    corrupt.write_bytes(b'{"format": "dutygraph-graph", "nodes": [' + good[:300])  # cut off mid-write
    line = _one_error_line(*_run(capsys, "--db", str(corrupt), *command))
    assert str(corrupt) in line


def test_serve_upload_cap_must_be_a_positive_number(db: str, capsys, monkeypatch) -> None:
    line = _one_error_line(*_run(capsys, "--db", db, "serve", "--max-upload-mb", "0"))
    assert "上传大小上限" in line
    monkeypatch.setenv("DUTYGRAPH_MAX_UPLOAD_MB", "很多")
    line = _one_error_line(*_run(capsys, "--db", db, "serve"))
    assert "DUTYGRAPH_MAX_UPLOAD_MB" in line


def test_csv_output_never_hands_excel_a_formula(tmp_path: Path, corpus: Path, capsys) -> None:
    rows = list(csv.reader((corpus / "lists" / L05).read_text(encoding="utf-8").splitlines()[:3]))
    rows[1][3] = "=" + rows[1][3] + "&HYPERLINK(\"http://example.invalid\")"
    rows[2][1] = "-" + rows[2][1]           # a 实施主体 that begins with a minus sign
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    listing = tmp_path / "广安区_公式.csv"
    listing.write_text(buf.getvalue(), encoding="utf-8")
    graph = str(tmp_path / "g.db")
    assert _run(capsys, "--db", graph, "ingest", str(listing))[0] == 0
    code, out, _ = _run(capsys, "--db", graph, "who-handles", "企业投资项目备案", "--csv")
    assert code == 0
    found = list(csv.DictReader(io.StringIO(out)))
    assert found and found[0]["匹配事项"].startswith("'=")
    code, out, _ = _run(capsys, "--db", graph, "ingest", str(listing), "--csv")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(out)) for cell in row)


def test_the_console_names_the_first_problems_without_quarantine(tmp_path: Path, corpus: Path, capsys) -> None:
    rows = (corpus / "lists" / L05).read_text(encoding="utf-8").splitlines()[:8]
    for i in (2, 4, 6):
        cells = rows[i].split(",")
        cells[3] = ""          # 事项名称 emptied in three rows
        rows[i] = ",".join(cells)
    bad = tmp_path / "广安区_缺名称.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(bad))
    assert code == 0 and "读取 7 行 = 导入 4 + 隔离 3" in out
    assert "问题:" in out and "广安区_缺名称.csv 第 3 行「事项名称」列: 事项名称为空" in out
    assert out.count("事项名称为空") == 3


def test_ingest_columns_maps_an_export_and_prints_which_column_took_which_role(tmp_path: Path, corpus: Path,
                                                                             capsys) -> None:
    rows = (corpus / "lists" / L05).read_text(encoding="utf-8").splitlines()[:21]
    rows[0] = "F1,F2,F3,F4,F5,F6,F7,F8,F9"
    export = tmp_path / "广安区_门户导出.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    graph = str(tmp_path / "g.db")
    code, out, _ = _run(capsys, "ingest", str(export), "--db", graph, "--columns",
                        "F2=实施主体,F4=事项名称,F6=事项类型代码,F8=区划代码")
    assert code == 0 and "读取 20 行 = 导入 20 + 隔离 0" in out
    assert "列: F2→实施主体（--columns）、F4→事项名称（--columns）" in out
    line = _one_error_line(*_run(capsys, "ingest", str(export), "--db", graph, "--columns", "F4=名字"))
    assert "未知的列角色「名字」" in line


@pytest.mark.parametrize("flag,env,limit", [(["--max-upload-mb", "0.5"], None, 512 * 1024),
                                            ([], "0.25", 256 * 1024)])
def test_serve_upload_cap_is_configurable(db: str, tmp_path: Path, capsys, monkeypatch, flag, env, limit) -> None:
    """The app `serve` would run refuses an upload just over the configured cap and takes one under it."""
    import uvicorn
    from fastapi.testclient import TestClient

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.setdefault("app", app))
    if env:
        monkeypatch.setenv("DUTYGRAPH_MAX_UPLOAD_MB", env)
    graph = tmp_path / "写.db"
    shutil.copy(db, graph)
    assert _run(capsys, "--db", str(graph), "serve", "--token", "token-1", *flag)[0] == 0
    with TestClient(served["app"]) as client:
        headers = {"Authorization": "Bearer token-1"}
        big = b"x" * (limit + 1)
        r = client.post("/api/lists", files={"file": ("广安区.csv", big, "text/csv")}, data={"region": "广安区"},
                        headers=headers)
        assert r.status_code == 413 and f"{limit / 1024 / 1024:g} MiB" in r.json()["detail"]
        small = (SAMPLES_DIR / L05).read_bytes()[: limit // 4]
        small = small[: small.rfind(b"\n") + 1]
        r = client.post("/api/lists", files={"file": (L05, small, "text/csv")}, data={"region": "广安区"},
                        headers=headers)
        assert r.status_code == 200, r.text


# ---------------------------------------------------------------------------- regions of all China
REGION_DATA = Path(__file__).parent / "data" / "regions"


@pytest.mark.parametrize("region,code", [("寿光市", "370783"), ("370783", "370783"), ("北京市朝阳区", "110105"),
                                         ("上海市", "310000"), ("济南市市中区", "370103"), ("广安市广安区", "511602")])
def test_any_division_of_china_is_a_region_to_ask_in(db: str, capsys, region: str, code: str) -> None:
    _, out, err = _run(capsys, "--db", db, "who-handles", "养狗要办什么证", "--region", region, "--json")
    assert not err and json.loads(out)["region"] == code


def test_an_ambiguous_region_is_refused_with_both_candidates(db: str, capsys) -> None:
    code, out, err = _run(capsys, "--db", db, "who-handles", "养狗要办什么证", "--region", "朝阳区")
    assert code == 2 and not out
    assert err.startswith("错误: 地区「朝阳区」不唯一") and "北京市朝阳区（110105）" in err and "吉林省长春市朝阳区（220104）" in err
    assert err.count("\n") == 1


def test_ingest_into_a_county_outside_the_samples(tmp_path: Path, capsys) -> None:
    code, out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest",
                          str(REGION_DATA / "云阳县权责清单_示例.csv"), "--region", "寿光市", "--json")
    assert code == 0 and "Traceback" not in err
    assert {f["region"] for f in json.loads(out)["files"]} == {"370783"}


def test_a_regions_file_declares_a_development_zone_that_the_graph_then_knows(tmp_path: Path, capsys) -> None:
    from graph.reference.regions import reload_regions

    db = str(tmp_path / "g.db")
    code, out, _ = _run(capsys, "--regions", str(REGION_DATA / "用户地区_开发区.csv"), "--db", db, "ingest",
                        str(REGION_DATA / "云阳县权责清单_示例.csv"), "--region", "广州开发区", "--json")
    assert code == 0
    [f] = json.loads(out)["files"]
    assert f["region"].startswith("440100K") and f["rows_loaded"] == 2
    reload_regions()          # a later command, without --regions: the place is in the graph now
    code, out, err = _run(capsys, "--db", db, "who-handles", "婚姻登记", "--region", "广州开发区", "--json")
    assert not err and json.loads(out)["region"] == f["region"]
    assert "县民政局" in out


# ---- an ambiguous --region settled by the file; exit codes of a failed import (issue 10) ----
@pytest.mark.parametrize("name,code", [("政务服务事项_朝阳区_按部门_示例.csv", "110105"),
                                       ("长春市朝阳区权责清单_示例.csv", "220104")])
def test_ingest_region_chaoyang_takes_the_city_the_file_names(tmp_path: Path, capsys, name, code) -> None:
    rc, out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(REGION_DATA / name),
                        "--region", "朝阳区", "--json")
    assert rc == 0 and not err
    assert [f["region"] for f in json.loads(out)["files"]] == [code]


def test_ingest_region_chaoyang_settles_a_notice_by_its_title(tmp_path: Path, corpus: Path, capsys) -> None:
    # N15: 「长春市生态环境保护工作职责规定(试行)」.
    rc, out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest",
                        str(corpus / "notices" / "N15_长春市生态环境保护工作职责规定_试行.txt"), "--region", "朝阳区",
                        "--json")
    assert rc == 0 and [f["region"] for f in json.loads(out)["files"]] == ["220104"]


def test_ingest_region_chaoyang_of_a_file_that_does_not_say_is_one_error_line(tmp_path: Path, capsys) -> None:
    line = _one_error_line(*_run(capsys, "--db", str(tmp_path / "g.db"), "ingest",
                                 str(REGION_DATA / "朝阳区权责清单_示例.csv"), "--region", "朝阳区"))
    assert "朝阳区权责清单_示例.csv" in line and "北京市朝阳区（110105）" in line and "吉林省长春市朝阳区（220104）" in line


def test_a_single_file_whose_region_cannot_be_decided_is_one_error_line(tmp_path: Path, capsys) -> None:
    bare = tmp_path / "权责清单.csv"
    shutil.copy(REGION_DATA / "云阳县权责清单_示例.csv", bare)   # 县民政局: no region anywhere
    line = _one_error_line(*_run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(bare)))
    assert "权责清单.csv" in line and "无法确定清单所属地区" in line and "--region" in line


def test_a_folder_with_one_failing_file_loads_the_others_and_exits_1(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "清单"
    folder.mkdir()
    shutil.copy(REGION_DATA / "广州市本级_政务服务事项_示例.csv", folder)
    shutil.copy(REGION_DATA / "云阳县权责清单_示例.csv", folder / "权责清单.csv")   # no region anywhere
    (folder / "只有表头.csv").write_text("序号,实施主体,事项名称,事项类型\n", encoding="utf-8")
    rc, out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(folder), "--json")
    assert rc == 1 and "Traceback" not in err
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["广州市本级_政务服务事项_示例.csv"]["rows_loaded"] >= 3
    assert files["权责清单.csv"]["error"].startswith("无法确定清单所属地区") and files["只有表头.csv"]["error"]
    rc, out, err = _run(capsys, "--db", str(tmp_path / "g2.db"), "ingest", str(folder))
    assert rc == 1 and "失败 2 个" in out and "权责清单.csv" in out


def test_a_folder_where_every_file_fails_exits_2_with_one_line_per_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "清单"
    folder.mkdir()
    shutil.copy(REGION_DATA / "云阳县权责清单_示例.csv", folder / "权责清单.csv")
    (folder / "只有表头.csv").write_text("序号,实施主体,事项名称,事项类型\n", encoding="utf-8")
    rc, out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "ingest", str(folder))
    lines = err.strip().splitlines()
    assert rc == 2 and not out and len(lines) == 2 and all(x.startswith("错误: ") for x in lines)


def test_a_folder_with_nothing_to_import_is_one_error_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "空文件夹"
    folder.mkdir()
    (folder / "说明.pdf").write_bytes(b"%PDF")
    graph = tmp_path / "g.db"
    line = _one_error_line(*_run(capsys, "--db", str(graph), "ingest", str(folder)))
    assert "没有可导入的文件" in line and not graph.exists()
