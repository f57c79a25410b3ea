"""Importing published lists: the real corpus, bad input built from real rows, versions."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from graph.embedded import EmbeddedStore
from graph.model import Rel
from ingest.dispatch import ingest_paths
from ingest.lists import ingest_list, power_type, split_code
from graph.reference.regions import UnknownRegion
from ingest.report import FileReport, IngestReport

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"
L05 = "L05_广安市广安区政务服务事项_按部门.csv"
L02 = "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv"
ROSTER = SAMPLES / "广安区_部门名册.csv"


def balanced(report: FileReport) -> FileReport:
    assert report.rows_read == report.rows_loaded + report.rows_quarantined, report.summary_zh()
    return report


def l05_rows() -> list[list[str]]:
    with open(CORPUS / "lists" / L05, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def holders(store: EmbeddedStore, item_id: str) -> dict[str, str]:
    """{department name: role} of the current HOLDS edges into an item."""
    out = {}
    for e in store.edges_to(item_id, Rel.HOLDS.value):
        if e.props.get("current", True):
            out[store.get_node(e.src).props["name"]] = e.props["role"]
    return out


def generic(store: EmbeddedStore, item_id: str) -> dict[str, str]:
    """{placeholder: role} of the generic holders an item keeps (有关部门 …: never a Department node)."""
    out = {g["name"]: g["role"] for g in store.get_node(item_id).props.get("generic_holders", [])}
    assert not any(d.props["name"] in out for d in store.iter_nodes("Department"))
    return out


def item_named(store: EmbeddedStore, label: str, name: str):
    found = [r for r in store.iter_nodes(label) if r.props["name"] == name]
    assert len(found) == 1, (name, len(found))
    return found[0]


def snapshot(store: EmbeddedStore) -> tuple:
    nodes = sorted((n.id, n.label, json.dumps(n.props, ensure_ascii=False, sort_keys=True))
                   for n in store.iter_nodes())
    edges = sorted((e.src, e.rel, e.dst, e.key, json.dumps(e.props, ensure_ascii=False, sort_keys=True))
                   for e in store.iter_edges())
    return nodes, edges


# ---------------------------------------------------------------------------- the real corpus
def test_every_list_in_the_corpus_imports_and_its_rows_add_up(corpus: Path):
    store = EmbeddedStore(None)
    report = ingest_paths(store, [corpus / "lists"])
    assert not report.failed
    for f in report.files:
        balanced(f)
    by_name = {Path(f.path).name: f for f in report.files}
    assert (by_name[L05].rows_read, by_name[L05].rows_loaded) == (1135, 1135)
    assert by_name["L01_明光市明南街道权力清单和责任清单_2019.csv"].rows_loaded == 1
    assert (by_name[L02].rows_loaded, by_name[L02].rows_quarantined) == (4, 1)
    assert report.rows_read == report.rows_loaded + report.rows_quarantined == 1141


def test_guangan_district_has_1135_power_items_held_by_34_departments(corpus: Path):
    store = EmbeddedStore(None)
    report = balanced(ingest_list(store, corpus / "lists" / L05))
    assert report.kind == "power" and report.region == "511602" and report.status == "loaded"
    items = [r for r in store.iter_nodes("PowerItem") if r.props["region"] == "511602"]
    assert len(items) == 1135
    depts = [r for r in store.iter_nodes("Department") if r.props["region"] == "511602"]
    assert len(depts) == 34
    for item in items:
        [held] = store.edges_to(item.id, Rel.HOLDS.value)
        assert held.props["role"] == "lead"
        source = store.get_node(held.props["source"])
        assert source.label == "Source" and source.props["path"] == L05
        assert source.props["locator"].startswith("第 ") and item.props["name"] in source.props["text"]
        assert [e.dst for e in store.edges_from(item.id, Rel.FROM_SOURCE.value)] == [source.id]
        assert store.edges_from(item.id, Rel.IN_REGION.value)[0].dst == "region:511602"
    # the district sits in 广安市 in 四川省
    assert [e.dst for e in store.edges_from("region:511602", Rel.PART_OF.value)] == ["region:511600"]


def test_the_approval_bureau_holds_344_items(corpus: Path):
    store = EmbeddedStore(None)
    ingest_list(store, corpus / "lists" / L05)
    [bureau] = [d for d in store.iter_nodes("Department") if d.props["name"] == "区行政审批局"]
    assert len(store.edges_from(bureau.id, Rel.HOLDS.value)) == 344


def test_an_item_row_keeps_its_codes_type_and_group(corpus: Path):
    store = EmbeddedStore(None)
    ingest_list(store, corpus / "lists" / L05)
    item = item_named(store, "PowerItem", "适龄儿童、少年因身体状况需要延缓入学或者休学审批").props
    assert item["code"] == "511A0138000000-511602000000-000-115113010833722043-1-00"
    assert (item["base_code"], item["subject_code"]) == ("511A0138000000", "115113010833722043")
    assert item["power_type"] == "行政许可" and item["department_text"] == "区教科体局"
    assert holders(store, item_named(store, "PowerItem", "适龄儿童、少年因身体状况需要延缓入学或者休学审批").id) \
        == {"区教育科技体育局": "lead"}


@pytest.mark.parametrize("code,base,subject", [
    ("511A0138000000-511602000000-000-115113010833722043-1-00", "511A0138000000", "115113010833722043"),
    ("512C0107400001-511602000000-000-00877868-5-1-00", "512C0107400001", "00877868-5"),
    ("G-000007-001-511602000000-000-115113010833722043-1-00", "G-000007-001", "115113010833722043"),
    ("E-000004-001-11511301008778386B", "E-000004-001", "11511301008778386B"),
    ("1151130100877818XY00001234567890", "1234567890", "1151130100877818XY0000"),
])
def test_item_codes_split_into_the_shared_base_code_and_the_subject(code, base, subject):
    assert split_code(code) == (base, subject)


def test_who_leads_and_who_cooperates_on_a_chengdu_task(corpus: Path):
    store = EmbeddedStore(None)
    report = balanced(ingest_list(store, corpus / "lists" / L02))
    task = item_named(store, "Task", "完善生活垃圾回收利用体系,优化社区回收设施布局,负责再生资源回收行业的指导和监督,推进循环经济发展。")
    assert holders(store, task.id) == {
        "市商务局": "lead", "市住房和城乡建设局": "cooperate", "市城市管理委员会": "cooperate",
        "市委城乡社区发展治理委员会": "cooperate", "市发展和改革委员会": "cooperate",
        "市规划和自然资源局": "cooperate"}
    assert generic(store, task.id) == {"各区(市)县政府(管委会)": "cooperate"}
    assert task.props["target"] == "2021年2月底前,基本建成生活垃圾回收利用体系。"
    # row 6 was cut off on the stored page: no 责任单位, so it is quarantined where it stands
    [rej] = report.rejections
    assert (rej.row, rej.column, rej.reason) == (6, "责任单位", "责任单位为空")


def test_a_township_list_without_a_department_column_belongs_to_the_township(corpus: Path):
    store = EmbeddedStore(None)
    report = balanced(ingest_list(store, corpus / "lists" / "L01_明光市明南街道权力清单和责任清单_2019.csv"))
    item = item_named(store, "PowerItem", "独生子女父母光荣证核发与注销")
    assert holders(store, item.id) == {"明南街道办事处": "lead"}
    # 明南街道 by its statistical code (its file name names it; the old local code 341182X01 still resolves)
    assert item.props["region"] == "341182003" and item.props["power_type"] == "行政确认"
    assert any("本级政府" in n for n in report.notes)


# ---------------------------------------------------------------------------- bad input
def test_a_list_without_its_item_name_column_is_refused_naming_the_column(tmp_path: Path):
    rows = [[c for i, c in enumerate(r) if i != 3] for r in l05_rows()]
    report = ingest_list(EmbeddedStore(None), write_csv(tmp_path / L05, rows))
    assert report.status == "failed" and "缺少必需的列「事项名称」" in report.error
    assert "实施主体" in report.error and report.rows_read == 0


def test_a_row_with_an_empty_item_name_is_quarantined_with_row_and_column(tmp_path: Path):
    rows = l05_rows()
    rows[4][3] = ""                                                     # file row 5
    store = EmbeddedStore(None)
    report = balanced(ingest_list(store, write_csv(tmp_path / L05, rows)))
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (1135, 1134, 1)
    [rej] = report.rejections
    assert (rej.path, rej.row, rej.column, rej.reason) == (L05, 5, "事项名称", "事项名称为空")
    assert str(rej) == f"{L05} 第 5 行「事项名称」列: 事项名称为空"
    assert store.count_nodes("PowerItem") == 1134


def test_an_unknown_department_is_quarantined_when_the_region_has_a_roster(tmp_path: Path):
    rows = l05_rows()
    rows[2][1] = "区教体局"        # not in the roster (it is 区教科体局)
    rows[3][1] = "区工商局"        # a former name of 区市监局
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER])
    report = balanced(ingest_list(store, write_csv(tmp_path / L05, rows)))
    assert (report.rows_loaded, report.rows_quarantined) == (1134, 1)
    [rej] = report.rejections
    assert (rej.row, rej.column) == (3, "实施主体") and "「区教体局」名册中无此部门" in rej.reason
    [unres] = report.unresolved
    assert (unres.row, unres.name, unres.reason) == (3, "区教体局", "名册中无此部门")
    assert "广安市广安区教育科技体育局" in unres.candidates
    # the former name resolved to the current department, and the report says so
    item = item_named(store, "PowerItem", "中职和本专科建档立卡特别资助项目")
    assert holders(store, item.id) == {"广安市广安区市场监督管理局": "lead"}
    assert any("区工商局" in n and "曾用名" in n for n in report.notes)
    # no twin was created: still the 35 roster entries in the district
    assert store.count_nodes("Department") == 35
    # the quarantine CSV carries both the row and the unresolved name
    csv_text = IngestReport([report]).quarantine_csv()
    assert "名册中无此部门" in csv_text and "区教体局" in csv_text


def test_an_exact_duplicate_row_is_quarantined_naming_the_first(tmp_path: Path):
    rows = l05_rows()
    dup = list(rows[1])
    dup[0] = "1136"                 # same row under a new 序号
    rows.append(dup)
    report = balanced(ingest_list(EmbeddedStore(None), write_csv(tmp_path / L05, rows)))
    [rej] = report.rejections
    assert rej.row == 1137 and rej.reason == "重复行: 与第 2 行内容完全相同"


def test_the_same_item_twice_with_different_text_is_quarantined(tmp_path: Path):
    rows = l05_rows()
    again = list(rows[1])
    again[0], again[2] = "1136", "企业投资项目"        # same code, another group
    rows.append(again)
    report = balanced(ingest_list(EmbeddedStore(None), write_csv(tmp_path / L05, rows)))
    [rej] = report.rejections
    assert rej.row == 1137 and "与第 2 行为同一事项" in rej.reason


def test_an_unknown_power_type_is_quarantined(tmp_path: Path):
    rows = l05_rows()
    rows[9][6] = "行政审查"
    report = balanced(ingest_list(EmbeddedStore(None), write_csv(tmp_path / L05, rows)))
    [rej] = report.rejections
    assert (rej.row, rej.column) == (10, "事项类型") and "未知的权力类型「行政审查」" in rej.reason


@pytest.mark.parametrize("text,code,expected", [("许可", "", "行政许可"), ("", "7", "行政确认"),
                                                ("其他权力", "", "其他行政权力"), ("公共服务", "20", "公共服务")])
def test_power_types_are_normalised(text, code, expected):
    assert power_type(text, code) == expected


def test_a_gbk_copy_of_the_guangan_list_gives_the_same_graph(tmp_path: Path, corpus: Path):
    utf8, gbk = EmbeddedStore(None), EmbeddedStore(None)
    a = ingest_list(utf8, corpus / "lists" / L05)
    gbk_path = tmp_path / L05
    gbk_path.write_bytes((corpus / "lists" / L05).read_text(encoding="utf-8").encode("gbk"))
    b = balanced(ingest_list(gbk, gbk_path))
    assert (b.rows_read, b.rows_loaded) == (a.rows_read, a.rows_loaded) == (1135, 1135)
    assert any("GB18030/GBK" in n for n in b.notes)

    def content(store):   # everything but import times and version ids (the bytes differ)
        return sorted((n.label, n.props.get("name", ""), n.props.get("code", ""), n.props.get("text", ""))
                      for n in store.iter_nodes()
                      if n.label != "ListVersion" and n.props.get("locator") != "整个文件")
    assert content(utf8) == content(gbk)
    assert utf8.count_edges("HOLDS") == gbk.count_edges("HOLDS") == 1135


def test_an_xlsx_list_with_merged_header_cells_imports(tmp_path: Path):
    """A 分工表 laid out as counties print it: a merged title, and 责任单位 spanning 牵头单位|配合单位."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "成都市贯彻落实生活垃圾分类制度重点任务责任分工表"
    ws.merge_cells("A1:E1")
    ws["A2"], ws["B2"], ws["C2"], ws["E2"] = "序号", "工作内容", "责任单位", "目标任务"
    ws["C3"], ws["D3"] = "牵头单位", "配合单位"
    for rng in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        ws.merge_cells(rng)
    ws.append(["3", "加强家庭源危险废物处置的规范化管理,推进有害垃圾处置体系建设和生活垃圾分类相关环保产业发展。",
               "市生态环境局", "各区(市)县政府(管委会)", "2021年2月底前,制定成都市有害垃圾处置工作指导意见,完善家庭源危险废物处置体系。"])
    ws.append(["4", "依据国土空间规划落实生活垃圾分类设施专项规划,优化设施用地布局,推进集约高效利用。",
               "市城管委、市规划和自然资源局", "市生态环境局、市商务局、市住建局,各区(市)县政府(管委会)",
               "2021年2月底前,发布生活垃圾分类设施规划(建设计划)等。"])
    path = tmp_path / "成都市生活垃圾分类分工表.xlsx"
    wb.save(path)
    store = EmbeddedStore(None)
    report = balanced(ingest_list(store, path))
    assert report.kind == "task" and report.region == "510100"
    assert (report.rows_read, report.rows_loaded) == (2, 2)
    task = item_named(store, "Task", "依据国土空间规划落实生活垃圾分类设施专项规划,优化设施用地布局,推进集约高效利用。")
    assert holders(store, task.id) == {
        "市城市管理委员会": "lead", "市规划和自然资源局": "lead", "市生态环境局": "cooperate",
        "市商务局": "cooperate", "市住房和城乡建设局": "cooperate"}
    assert generic(store, task.id) == {"各区(市)县政府(管委会)": "cooperate"}
    src = store.get_node(store.edges_from(task.id, Rel.FROM_SOURCE.value)[0].dst)
    assert src.props["locator"] == "工作表「Sheet」第 5 行"


def test_a_truncated_file_quarantines_the_cut_rows_and_keeps_the_rest(tmp_path: Path, corpus: Path):
    data = (corpus / "lists" / L05).read_bytes()
    cut_at = data.index("学生资助政策咨询".encode())            # file row 5 cut inside its name
    path = tmp_path / L05
    path.write_bytes(data[:cut_at])
    report = balanced(ingest_list(EmbeddedStore(None), path))
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    [rej] = report.rejections
    assert rej.row == 5 and rej.column == "事项名称" and "列数不足" in rej.reason


def test_a_file_cut_inside_a_quoted_cell_says_so(tmp_path: Path, corpus: Path):
    data = (corpus / "lists" / L02).read_bytes()
    path = tmp_path / L02
    path.write_bytes(data[: data.index("推进循环经济发展".encode())])
    report = balanced(ingest_list(EmbeddedStore(None), path))
    assert (report.rows_read, report.rows_loaded) == (2, 1)
    [rej] = report.rejections
    assert (rej.row, rej.column) == (3, "工作内容") and "文件末尾中断" in rej.reason


def test_a_file_cut_in_the_middle_of_a_character_says_so(tmp_path: Path, corpus: Path):
    data = (corpus / "lists" / L05).read_bytes()
    last_name = l05_rows()[-1][3].encode("utf-8")
    cut_at = data.rindex(last_name) + 4               # inside the second character of the last name
    path = tmp_path / L05
    path.write_bytes(data[:cut_at])
    report = balanced(ingest_list(EmbeddedStore(None), path))
    assert (report.rows_read, report.rows_loaded) == (1135, 1134)
    [rej] = report.rejections
    assert (rej.row, rej.column) == (1136, "事项名称") and "文件末尾中断" in rej.reason


def test_an_unreadable_file_is_a_file_error_not_a_traceback(tmp_path: Path):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    report = ingest_list(EmbeddedStore(None), path, region="广安区")
    assert report.status == "failed" and "无法打开 XLSX" in report.error


def test_a_list_whose_region_cannot_be_told_asks_for_region(tmp_path: Path):
    # drop 区划代码, and the rows of 广安区税务局, whose name would tell the region
    rows = [r[:7] for r in l05_rows() if "广安" not in r[1]]
    report = ingest_list(EmbeddedStore(None), write_csv(tmp_path / "政务服务事项.csv", rows))
    assert report.status == "failed" and "--region" in report.error


def test_region_can_be_given_by_code_or_name_and_an_unknown_one_is_an_error(tmp_path: Path):
    rows = [r[:7] for r in l05_rows()[:11]]
    path = write_csv(tmp_path / "政务服务事项.csv", rows)
    by_name, by_code = EmbeddedStore(None), EmbeddedStore(None)
    assert ingest_list(by_name, path, region="广安区").region == "511602"
    assert ingest_list(by_code, path, region="511602").region == "511602"
    assert snapshot(by_name)[0][0][0] == snapshot(by_code)[0][0][0]
    assert "未知的地区「火星区」" in ingest_list(EmbeddedStore(None), path, region="火星区").error
    with pytest.raises(UnknownRegion):
        ingest_paths(EmbeddedStore(None), [path], region="火星区")


# ---------------------------------------------------------------------------- versions
def test_importing_the_same_file_again_changes_nothing(tmp_path: Path):
    db = tmp_path / "graph.json"
    store = EmbeddedStore(db)
    first = ingest_paths(store, [SAMPLES])
    assert not first.failed
    store.save()
    before_bytes, before = db.read_bytes(), snapshot(store)

    again = EmbeddedStore(db)
    second = ingest_paths(again, [SAMPLES])
    assert {f.status for f in second.files} == {"unchanged"}
    assert [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in second.files] == \
        [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in first.files]
    again.save()
    assert snapshot(again) == before and db.read_bytes() == before_bytes


def test_a_changed_list_becomes_a_new_version_that_supersedes_the_old(tmp_path: Path):
    rows = l05_rows()
    path = write_csv(tmp_path / L05, rows)
    store = EmbeddedStore(None)
    v1 = ingest_list(store, path)
    dropped = rows.pop(2)                                   # 中职和本专科建档立卡特别资助项目 withdrawn
    rows[1][3] = "企业投资项目备案（技术改造）"               # renamed; same code
    rows.append(["1136", "区市监局", "未分类", "食品小作坊登记", "511A9999000000-511602000000-000-11511301MB1297707Y-1-00",
                 "1", "行政许可", "511602000000", "test"])
    write_csv(path, rows)
    v2 = balanced(ingest_list(store, path))
    assert v2.status == "updated" and v2.version != v1.version
    versions = {r.id: r.props for r in store.iter_nodes("ListVersion")}
    assert versions[v1.version]["current"] is False and versions[v2.version]["current"] is True
    assert [e.dst for e in store.edges_from(v2.version, Rel.SUPERSEDES.value)] == [v1.version]
    # the withdrawn item stays, marked not current; the renamed one is updated in place
    gone = item_named(store, "PowerItem", dropped[3])
    assert gone.props["current"] is False
    renamed = [r for r in store.iter_nodes("PowerItem") if r.props["code"] == rows[1][4]]
    assert [r.props["name"] for r in renamed] == ["企业投资项目备案（技术改造）"]
    assert item_named(store, "PowerItem", "食品小作坊登记").props["current"] is True
    # both versions keep their rows, so they can be diffed
    for report in (v1, v2):
        sources = store.edges_to(report.version, Rel.IN_VERSION.value)
        assert len(sources) == report.rows_loaded
        assert all(store.get_node(e.src).props["version"] == report.version for e in sources)
    assert sum(1 for r in store.iter_nodes("PowerItem") if r.props["current"]) == 1135


def test_importing_the_old_file_again_makes_it_current_again(tmp_path: Path):
    rows = l05_rows()
    path = write_csv(tmp_path / L05, rows)
    store = EmbeddedStore(None)
    v1 = ingest_list(store, path)
    write_csv(path, rows[:-1])
    v2 = ingest_list(store, path)
    write_csv(path, rows)
    v3 = ingest_list(store, path)
    assert v3.version == v1.version and v3.status == "updated"
    assert store.get_node(v1.version).props["current"] is True
    assert store.get_node(v2.version).props["current"] is False
    assert sum(1 for r in store.iter_nodes("PowerItem") if r.props["current"]) == 1135


# ---------------------------------------------------------------------------- rosters and samples
def test_bundled_samples_import_cleanly_and_the_built_ones_say_they_are_built():
    store = EmbeddedStore(None)
    report = ingest_paths(store, [SAMPLES])
    assert not report.failed
    names = [Path(f.path).name for f in report.files]
    assert names[0] == "广安区_部门名册.csv"                      # rosters first
    for f in report.files:
        balanced(f)
        assert not f.unresolved, (f.path, f.unresolved)
        if Path(f.path).name.startswith("示例_"):
            first = (SAMPLES / Path(f.path).name).read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# 说明: 示例数据，非正式公布清单")
            assert f.rows_quarantined == 0 and any("非正式公布清单" in n for n in f.notes)
    assert report.rows_quarantined == 1                          # L02 row 6, cut off in the source
    assert (SAMPLES / L05).read_bytes() == (CORPUS / "lists" / L05).read_bytes()


def test_township_duties_carry_their_three_parts_and_roles():
    store = EmbeddedStore(None)
    ingest_paths(store, [SAMPLES / "示例_明南街道_履行职责事项清单.csv"])
    parts = {r.props["name"]: r.props["part"] for r in store.iter_nodes("TownshipDutyItem")}
    assert set(parts.values()) == {"基本履职", "配合履职", "上级部门收回"}
    pig = item_named(store, "TownshipDutyItem", "协助做好生猪屠宰监督管理工作")
    assert holders(store, pig.id) == {"明光市农业农村局": "lead", "明南街道办事处": "cooperate"}
    taken = item_named(store, "TownshipDutyItem", "违法建筑的查处")
    assert holders(store, taken.id) == {"明光市人民政府": "lead", "明南街道办事处": "withdrawn"}
    county = item_named(store, "Department", "明光市农业农村局")
    assert county.props["region"] == "341182"


def test_linkage_rows_tie_approver_and_supervisor_to_the_approval():
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER, SAMPLES / "示例_审管联动清单.csv"])
    food = [r for r in store.iter_nodes("LinkageItem")
            if r.props["code"] == "511A0005200004-511602000000-000-115113016823646795-1-00"]
    assert len(food) == 1
    approvers = [store.get_node(e.src).props["name"] for e in store.edges_to(food[0].id, Rel.APPROVES.value)]
    supervisors = [store.get_node(e.src).props["name"] for e in store.edges_to(food[0].id, Rel.SUPERVISES.value)]
    assert approvers == ["广安市广安区行政审批局"] and supervisors == ["广安市广安区市场监督管理局"]
    regions = {r.props["region"] for r in store.iter_nodes("LinkageItem")}
    assert regions == {"511602", "370784", "130427"}


def test_assistance_rows_name_who_asks_and_who_helps():
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER, SAMPLES / "示例_广安区_行政协助清单.csv"])
    item = item_named(store, "AssistanceItem", "涉案农产品的检验结论、认定意见和无害化处理")
    assert holders(store, item.id) == {
        "广安市公安局广安区分局": "cooperate", "广安市广安区农业农村局": "lead",
        "广安市广安区市场监督管理局": "lead", "广安市广安区生态环境局": "lead"}
    assert item.props["time_limit"] == "及时"


def test_territorial_rows_hold_the_townships_as_lead(tmp_path: Path):
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER, SAMPLES / "示例_属地管理主体责任和配合责任清单.csv"])
    item = item_named(store, "TerritorialItem", "辖区内违法建筑的日常巡查、发现报告和宣传劝阻")
    assert holders(store, item.id) == {
        "广安市广安区住房和城乡建设局": "cooperate",
        "广安市广安区自然资源和规划局": "cooperate", "广安市广安区综合行政执法局": "cooperate"}
    # The townships lead as the cell wrote them: on the item, with the column, not as a Department node.
    assert item.props["generic_holders"] == [
        {"name": "各乡镇人民政府(街道办事处)", "role": "lead", "column": "主体责任", "duty": ""}]
    assert generic(store, item.id) == {"各乡镇人民政府(街道办事处)": "lead"}
    assert item.props["domain"] == "城乡建设"


def test_a_missing_file_or_unsupported_type_is_reported_per_file(tmp_path: Path):
    odd = tmp_path / "说明.pdf"
    odd.write_bytes(b"%PDF")
    report = ingest_paths(EmbeddedStore(None), [tmp_path / "没有这个文件.csv", odd])
    errors = sorted(f.error for f in report.files)
    assert any("不存在" in e for e in errors) and any("不支持的文件类型" in e for e in errors)


def test_a_holder_dropped_from_a_task_is_no_longer_current(tmp_path: Path, corpus: Path):
    path = tmp_path / L02
    shutil.copyfile(corpus / "lists" / L02, path)
    store = EmbeddedStore(None)
    ingest_list(store, path)
    text = path.read_text(encoding="utf-8").replace("市商务局,市住建局、市城管委、市委社治委", "市住建局,市城管委、市委社治委")
    path.write_text(text, encoding="utf-8")
    report = balanced(ingest_list(store, path))
    assert report.status == "updated"
    task = item_named(store, "Task", "完善生活垃圾回收利用体系,优化社区回收设施布局,负责再生资源回收行业的指导和监督,推进循环经济发展。")
    now = holders(store, task.id)
    assert now["市住房和城乡建设局"] == "lead" and "市商务局" not in now
    old = [e for e in store.edges_to(task.id, Rel.HOLDS.value) if store.get_node(e.src).props["name"] == "市商务局"]
    assert [e.props["current"] for e in old] == [False]


def test_after_a_roster_fix_the_same_file_loads_the_row_it_quarantined(tmp_path: Path):
    rows = l05_rows()
    rows[2][1] = "区教体局"
    path = write_csv(tmp_path / L05, rows)
    roster = tmp_path / "广安区_部门名册.csv"
    shutil.copyfile(ROSTER, roster)
    store = EmbeddedStore(None)
    ingest_paths(store, [roster])
    assert ingest_list(store, path).rows_quarantined == 1
    roster.write_text(roster.read_text(encoding="utf-8").replace("区教科体局,", "区教科体局、区教体局,"), encoding="utf-8")
    ingest_paths(store, [roster])
    again = balanced(ingest_list(store, path))
    assert again.rows_quarantined == 0 and again.status == "updated"
    assert ingest_list(store, path).status == "unchanged"


# ---- a missing value that is itself the finding (issue 10) ----------------------------------------
def _sample_rows(name: str) -> tuple[list[str], list[list[str]]]:
    lines = (SAMPLES / name).read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    return comments, list(csv.reader(io.StringIO("".join(line for line in lines if not line.startswith("#")))))


def _with_empty_cell(tmp_path: Path, name: str, column: str, row_index: int) -> tuple[Path, list[str]]:
    comments, rows = _sample_rows(name)
    col = rows[0].index(column)
    rows[row_index][col] = ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text("".join(comments) + buf.getvalue(), encoding="utf-8")
    return path, rows[row_index]


def test_a_linkage_row_without_a_supervisor_is_loaded_and_reported_as_the_gap(tmp_path: Path):
    from graph.analyses import find_gaps

    path, row = _with_empty_cell(tmp_path, "示例_审管联动清单.csv", "监管部门", 2)
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER])
    report = balanced(ingest_list(store, path))
    _, rows = _sample_rows("示例_审管联动清单.csv")
    assert (report.rows_loaded, report.rows_quarantined) == (len(rows) - 1, 0)
    assert report.gaps == {"监管部门": 1} and "「监管部门」为空的 1 行已导入" in report.summary_zh()
    approval = row[1]
    item = item_named(store, "LinkageItem", approval)
    assert item.props["supervisor_text"] == "" and not store.edges_of([item.id], Rel.SUPERVISES.value, direction="in")
    findings = find_gaps(store, region="511602", kinds=["approval"])
    assert any(f.kind == "approval_no_supervisor" and approval in f.title_zh for f in findings)


def test_a_territorial_row_without_a_lead_is_loaded_and_reported_as_the_gap(tmp_path: Path):
    from graph.analyses import find_gaps

    path, row = _with_empty_cell(tmp_path, "示例_属地管理主体责任和配合责任清单.csv", "主体责任", 2)
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER])
    report = balanced(ingest_list(store, path))
    assert report.rows_quarantined == 0 and report.gaps == {"主体责任": 1}
    name = row[2]
    findings = [f for f in find_gaps(store, region="511602", kinds=["territorial"]) if name in f.title_zh]
    assert [f.kind for f in findings] == ["territorial_no_lead"]
    assert "清单没有写明主体责任部门" in findings[0].detail_zh


# ---- cells as people type them (issue 10) ---------------------------------------------------------
def test_departments_on_separate_lines_of_one_cell_hold_the_item_like_a_list_with_commas(tmp_path: Path):
    comments, rows = _sample_rows("示例_属地管理主体责任和配合责任清单.csv")
    col = rows[0].index("配合责任")
    assert rows[1][col] == "区住建局、区自然资源和规划局、区综合执法局"
    rows[1][col] = rows[1][col].replace("、", "\n")            # Alt+Enter in Excel
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    typed = tmp_path / "示例_属地管理主体责任和配合责任清单.csv"
    typed.write_text("".join(comments) + buf.getvalue(), encoding="utf-8")
    original, edited = EmbeddedStore(None), EmbeddedStore(None)
    for store, path in ((original, SAMPLES / typed.name), (edited, typed)):
        ingest_paths(store, [ROSTER])
        balanced(ingest_list(store, path))
    name = rows[1][rows[0].index("事项名称")]
    want = holders(original, item_named(original, "TerritorialItem", name).id)
    assert len(want) == 3
    assert holders(edited, item_named(edited, "TerritorialItem", name).id) == want


def test_total_and_subtotal_rows_are_recognised_not_loaded_or_quarantined(tmp_path: Path):
    rows = l05_rows()[:21]
    width = len(rows[0])
    footer = [["小计", "", "", "10 项"] + [""] * (width - 4), ["合 计：", "", "", "共 20 项"] + [""] * (width - 4)]
    path = write_csv(tmp_path / L05, rows[:11] + footer[:1] + rows[11:] + footer[1:])
    report = balanced(ingest_list(EmbeddedStore(None), path))
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (20, 20, 0)
    assert any("合计/小计 2 行" in n for n in report.notes)


def test_generic_holders_are_reported_as_such_in_the_summary():
    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER])
    report = balanced(ingest_list(store, SAMPLES / "示例_属地管理主体责任和配合责任清单.csv"))
    assert "泛指的主体 8 处 3 种（各乡镇人民政府(街道办事处)、有关许可审批和行业主管部门、各成员单位），不是具体部门，未建立部门节点" \
        in report.summary_zh()
    # Each one where it stands: file, row, column (row 6 names 有关许可审批和行业主管部门 as its lead).
    assert ("示例_属地管理主体责任和配合责任清单.csv", 9, "主体责任", "有关许可审批和行业主管部门") in {
        (g.path, g.row, g.column, g.name) for g in report.generic}
    assert not [d for d in store.iter_nodes("Department") if d.props["name"].startswith(("各", "有关"))]


def test_generic_holders_are_in_the_quarantine_report_with_file_row_and_column(corpus: Path):
    from ingest.report import IngestReport

    store = EmbeddedStore(None)
    ingest_paths(store, [ROSTER])
    files = [balanced(ingest_list(store, SAMPLES / "示例_属地管理主体责任和配合责任清单.csv")),
             balanced(ingest_list(store, corpus / "lists" / L02))]
    lines = list(csv.DictReader(io.StringIO(IngestReport(files).quarantine_csv())))
    generic_lines = {(r["文件"], r["行"], r["列"]): r["原因"] for r in lines if "泛指" in r["原因"]}
    assert "「有关许可审批和行业主管部门」" in generic_lines[("示例_属地管理主体责任和配合责任清单.csv", "9", "主体责任")]
    assert "「各区(市)县政府(管委会)」" in generic_lines[(L02, "4", "责任单位")]   # 成都 row 3: 市生态环境局,各区(市)县政府
    # The rows themselves are loaded: the quarantine report says so, the counts add up.
    assert all("行已导入" in reason for reason in generic_lines.values())
    assert sum(f.rows_loaded for f in files) == 7 + 4
