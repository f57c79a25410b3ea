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
