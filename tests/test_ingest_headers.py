"""Every region publishes its own headers: recognising fields and list kinds from them."""
from __future__ import annotations

import pytest

from ingest.headers import HeaderError, check_kind, detect_kind, map_columns, match_field, normalise_kind


@pytest.mark.parametrize("header,field", [
    ("事项名称", "name"), ("权力名称", "name"), ("项目名称", "name"), ("职责事项", "name"),
    ("实施主体", "department"), ("责任主体", "department"), ("行使主体", "department"),
    ("实施机关", "department"), ("责任单位", "department"),
    ("主体责任", "lead"), ("牵头单位", "lead"), ("牵头部门", "lead"),
    ("配合责任", "cooperate"), ("配合单位", "cooperate"), ("配合责任单位", "cooperate"),
    ("事项类型", "power_type"), ("权力类型", "power_type"), ("职权类型", "power_type"),
    ("事项编码", "code"), ("实施编码", "code"), ("项目编码", "code"), ("基本编码", "code"),
    ("实施依据", "basis"), ("设定依据", "basis"), ("法律依据", "basis"),
    ("审批部门", "approver"), ("监管部门", "supervisor"), ("协助事项", "assist_item"),
    ("请求部门", "requester"), ("协助部门", "assistant"), ("协助时限", "time_limit"),
    ("区划代码", "region_code"), ("事项类型代码", "type_code"),
    (" 事项名称* ", "name"), ("事项名称（全称）", "name"), ("行政权力事项名称", "name"),
    ("乡镇（街道）", "township"), ("简称/别名", "aliases"), ("曾用名(机构改革前)", "former"),
])
def test_header_synonyms_name_the_same_field(header, field):
    assert match_field(header) == field


def test_unrelated_headers_name_nothing():
    assert match_field("责任事项") is None and match_field("追责情形") is None and match_field("") is None


@pytest.mark.parametrize("headers,kind", [
    (["序号", "实施主体", "事项分组", "事项名称", "事项编码", "事项类型代码", "事项类型", "区划代码", "source"], "power"),
    (["序号", "权力类型", "项目编码", "项目名称", "子项", "实施依据", "责任事项", "追责情形", "source"], "power"),
    (["序号", "工作内容", "目标任务", "责任单位", "备注", "source"], "task"),
    (["序号", "领域", "事项名称", "主体责任", "配合责任", "依据"], "territorial"),
    (["序号", "争议事项", "牵头单位", "配合单位", "认定日期"], "ruling"),
    (["序号", "审批事项", "事项编码", "审批部门", "监管部门", "依据"], "linkage"),
    (["序号", "协助事项", "请求部门", "协助部门", "协助时限"], "assistance"),
    (["序号", "履职类别", "事项名称", "乡镇(街道)", "县级部门"], "township"),
    (["部门名称", "简称/别名", "曾用名(机构改革前)", "类型"], "roster"),
])
def test_the_list_kind_follows_from_the_columns(headers, kind):
    assert detect_kind(map_columns(headers)) == kind


def test_the_file_name_breaks_a_tie_between_kinds_the_columns_allow():
    cmap = map_columns(["序号", "事项名称", "责任单位"])
    assert detect_kind(cmap, "某市职责任务分工表.csv") == "task"
    assert detect_kind(cmap, "某区权责清单.csv") == "power"


def test_an_unrecognisable_header_names_the_columns_found_and_what_is_expected():
    with pytest.raises(HeaderError) as err:
        detect_kind(map_columns(["编号甲", "内容", "负责人"]))
    assert "编号甲、内容、负责人" in str(err.value) and "事项名称" in str(err.value)


def test_a_list_missing_its_item_name_column_says_so():
    with pytest.raises(HeaderError, match="缺少必需的列「事项名称」"):
        detect_kind(map_columns(["序号", "实施主体", "事项编码", "事项类型"]))


def test_kind_override_checks_the_columns_that_kind_needs():
    cmap = map_columns(["序号", "审批事项", "审批部门"])
    with pytest.raises(HeaderError, match="审管联动清单.*缺少必需的列「监管部门」"):
        check_kind("linkage", cmap)


@pytest.mark.parametrize("text,kind", [("审管联动", "linkage"), ("属地管理", "territorial"), ("power", "power"),
                                       ("名册", "roster"), ("乡镇履职", "township"), ("分工表", "task")])
def test_kind_can_be_given_in_chinese_or_english(text, kind):
    assert normalise_kind(text) == kind


def test_an_unknown_kind_lists_the_choices():
    with pytest.raises(HeaderError, match="未知的清单类型「预算」.*power"):
        normalise_kind("预算")


# ---- portal and database exports (issue 10) -------------------------------------------------------
def _l05_as_export(corpus, header: list[str], n: int = 40) -> str:
    import csv
    import io

    with open(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1: n + 1]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


# L05's own columns (序号,实施主体,事项分组,事项名称,事项编码,事项类型代码,事项类型,区划代码,source) as
# the portal's data names them (department, main_item, name, itemCode, taskType, areaCode) and as
# pinyin-initial database codes.
PORTAL = ["XH", "department", "main_item", "name", "itemCode", "taskType", "SXLX", "areaCode", "source"]
PINYIN = ["XH", "SSZT", "SXFZ", "SXMC", "SXBM", "SXLXDM", "SXLX", "XZQHDM", "LY"]


def test_export_field_codes_are_recognised_and_the_summary_says_how(tmp_path, corpus):
    from graph.embedded import EmbeddedStore
    from ingest.lists import ingest_list

    for header in (PORTAL, PINYIN):
        path = tmp_path / "广安区_导出.csv"
        path.write_text(_l05_as_export(corpus, header), encoding="utf-8")
        store = EmbeddedStore()
        report = ingest_list(store, path)
        assert (report.kind, report.rows_read, report.rows_loaded) == ("power", 40, 40), report.error
        [roles] = report.columns
        assert f"{header[3]}→事项名称（字段代码）" in roles and f"{header[1]}→实施主体（字段代码）" in roles
        items = {r.props["name"]: r.props for r in store.iter_nodes("PowerItem")}
        assert items["企业投资项目备案（技术改造）（市级/县级）"]["power_type"] == "其他行政权力"
        assert {r.props["region"] for r in store.iter_nodes("PowerItem")} == {"511602"}


def test_a_column_mapping_names_columns_no_synonym_knows(tmp_path, corpus):
    from graph.embedded import EmbeddedStore
    from ingest.headers import load_column_mapping
    from ingest.lists import ingest_list

    header = ["col1", "col2", "col3", "col4", "col5", "col6", "col7", "col8", "col9"]
    path = tmp_path / "广安区_导出2.csv"
    path.write_text(_l05_as_export(corpus, header), encoding="utf-8")
    unmapped = ingest_list(EmbeddedStore(), path)
    assert unmapped.status == "failed" and "无法识别表头" in unmapped.error
    mapping = tmp_path / "列映射.txt"      # reusable: one 列名=角色 a line, comments allowed
    mapping.write_text("# 某门户导出\ncol2=实施主体\ncol4=事项名称\ncol5=事项编码\ncol6=事项类型代码\n"
                       "col8=区划代码\ncol9=忽略\ncol10=备注\n", encoding="utf-8")
    report = ingest_list(EmbeddedStore(), path, columns=load_column_mapping(str(mapping)))
    assert (report.rows_read, report.rows_loaded) == (40, 40), report.error
    assert report.columns == ["col2→实施主体（--columns）、col4→事项名称（--columns）、col5→事项编码（--columns）、"
                              "col6→事项类型代码（--columns）、col8→区划代码（--columns）"]
    assert any("col10" in n for n in report.notes)   # a mapping entry this file lacks is said, not fatal
    inline = load_column_mapping("col2=department，col4=name;col5=code,col6=type_code,col8=region_code")
    assert ingest_list(EmbeddedStore(), path, columns=inline).rows_loaded == 40


@pytest.mark.parametrize("text,message", [
    ("SXMC=不存在的角色", "未知的列角色「不存在的角色」"),
    ("SXMC=事项名称,SSZT", "「SSZT」应写成 列名=角色"),
    ("SXMC", "列映射文件「SXMC」不存在（或直接写成 列名=角色"),
    ("/no/such/mapping.txt", "列映射文件「/no/such/mapping.txt」不存在"),
])
def test_a_bad_column_mapping_says_what_is_wrong(text, message):
    from ingest.headers import HeaderError, load_column_mapping

    with pytest.raises(HeaderError, match=message):
        load_column_mapping(text)
