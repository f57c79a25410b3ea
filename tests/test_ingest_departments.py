"""Department names to Department nodes: aliases, abbreviations, region prefixes, rosters."""
from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Department, to_record
from ingest.departments import (
    ALL_COOPERATE, FIRST_GROUP_LEADS, DepartmentResolver, Generic, Resolved, Unresolvable, dept_id, dept_key,
    display_name, split_bodies,
)

GUANG_AN = "511602"


@pytest.mark.parametrize("a,b", [
    ("区市监局", "区市场监督管理局"),
    ("区市场监管局", "广安市广安区市场监督管理局"),
    ("区人社局", "广安区人力资源和社会保障局"),
    ("区住建局", "区住房和城乡建设局"),
    ("区卫健局", "广安市广安区卫生健康局"),
    ("区政府办", "广安市广安区人民政府办公室"),
    ("区综合执法局", "区综合行政执法局"),
])
def test_spellings_of_one_department_meet_under_one_key(a, b):
    assert dept_key(a, GUANG_AN) == dept_key(b, GUANG_AN)


def test_different_departments_keep_different_keys():
    keys = {dept_key(n, GUANG_AN) for n in ["区市监局", "区监察局", "区行政审批局", "区商务局", "区市政公用局"]}
    assert len(keys) == 5
    assert dept_key("区市政公用局", GUANG_AN)[1] == "市政公用局"   # 市政 is a word, not a prefix


def test_a_prefix_says_which_level_the_department_belongs_to():
    assert dept_key("区市监局", GUANG_AN)[0] == "511602"
    assert dept_key("市住建局", GUANG_AN)[0] == "511600"          # 广安市, one level up
    assert dept_key("明光市农业农村局", "341182X01")[0] == "341182"


def test_display_names_expand_abbreviations_and_keep_the_prefix():
    assert display_name("区市监局") == "区市场监督管理局"
    assert display_name("市委宣传部(市文明办)") == "市委宣传部"
    assert display_name("市文广旅局等部门") == "市文化广电旅游局"


def test_in_a_division_table_the_first_comma_group_leads():
    # L02 row 1, as published
    cell = "市委宣传部(市文明办)、市城管委,市住建局、市总工会、团市委、市妇联、市文广旅局等部门,各区(市)县政府(管委会)"
    assert split_bodies(cell, FIRST_GROUP_LEADS) == [
        ("市委宣传部(市文明办)", "lead"), ("市城管委", "lead"), ("市住建局", "cooperate"),
        ("市总工会", "cooperate"), ("团市委", "cooperate"), ("市妇联", "cooperate"),
        ("市文广旅局", "cooperate"), ("各区(市)县政府(管委会)", "cooperate")]


def test_without_commas_the_first_body_named_leads():
    assert split_bodies("市生态环境局、市住建局", FIRST_GROUP_LEADS) == [
        ("市生态环境局", "lead"), ("市住建局", "cooperate")]


def test_explicit_marks_beat_the_convention():
    assert split_bodies("市住建局、市生态环境局（牵头）", FIRST_GROUP_LEADS) == [
        ("市住建局", "cooperate"), ("市生态环境局", "lead")]
    assert split_bodies("牵头单位：市商务局；配合单位：市住建局、市城管委") == [
        ("市商务局", "lead"), ("市住建局", "cooperate"), ("市城管委", "cooperate")]
    assert split_bodies("区住建局、区综合执法局", ALL_COOPERATE) == [
        ("区住建局", "cooperate"), ("区综合执法局", "cooperate")]


def test_without_a_roster_spellings_merge_and_the_new_spelling_becomes_an_alias():
    store = EmbeddedStore(None)
    r = DepartmentResolver(store)
    a, b = r.resolve("区住建局", GUANG_AN), r.resolve("区住房和城乡建设局", GUANG_AN)
    assert isinstance(a, Resolved) and a.id == b.id and a.via == "清单"
    dept = r.pending[a.id]
    assert dept.name == "区住房和城乡建设局" and dept.aliases == ["区住建局"] and not dept.in_roster


def test_a_merely_similar_name_is_created_but_reported_not_merged():
    r = DepartmentResolver(EmbeddedStore(None))
    a = r.resolve("区行政审批局", GUANG_AN)
    b = r.resolve("区行政审批服务局", GUANG_AN)
    assert a.id != b.id and "名称相近" in b.note and "区行政审批局" in b.note


def _roster_store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.upsert_nodes([to_record(Department(
        id=dept_id(GUANG_AN, "市场监督管理局"), name="广安市广安区市场监督管理局", region=GUANG_AN,
        aliases=["区市监局"], former_names=["区工商局", "区质监局"], in_roster=True))])
    return store


def test_with_a_roster_aliases_and_former_names_resolve_to_the_current_department():
    r = DepartmentResolver(_roster_store())
    current = r.resolve("区市场监管局", GUANG_AN)
    former = r.resolve("区工商局", GUANG_AN)
    assert isinstance(former, Resolved) and former.id == current.id == dept_id(GUANG_AN, "市场监督管理局")
    assert former.via == "曾用名" and "曾用名" in former.note and "广安市广安区市场监督管理局" in former.note
    assert not r.pending            # nothing created


def test_with_a_roster_an_unknown_name_is_unresolved_with_candidates_never_a_twin():
    r = DepartmentResolver(_roster_store())
    res = r.resolve("区市场监督局", GUANG_AN)
    assert isinstance(res, Unresolvable) and res.reason == "名册中无此部门"
    assert res.candidates == ("广安市广安区市场监督管理局",)
    assert not r.pending


@pytest.mark.parametrize("name", ["各乡镇人民政府(街道办事处)", "有关部门", "相关单位", "各有关部门", "各级人民政府",
                                  "其他有关部门", "全区各部门"])
def test_generic_placeholders_are_never_department_nodes(name):
    r = DepartmentResolver(_roster_store())
    res = r.resolve(name, GUANG_AN)
    assert isinstance(res, Generic) and res.raw == name
    assert not r.pending    # not checked against the roster, and no node made for it
