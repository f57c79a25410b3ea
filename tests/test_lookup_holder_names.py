"""A duty sentence's holder as an answer: the public body the phrase ends with, never a market actor.

The clause reader keeps the holder phrase as the text gives it; who-handles answers with the body.
Texts are the corpus's own regulations, read by issue 13's clause reader when they are imported.
"""
from __future__ import annotations

import pytest

from graph.lookup.holder_names import holder_name, names_a_body, public_body
from graph.lookup.who_handles import who_handles
from graph.reference.reform_map import current_type_name

BEIJING, HENAN = "110000", "410000"


@pytest.fixture(scope="module")
def texts(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    for doc in ("北京/北京市机动车停车条例.md", "北京/北京市实施《残疾人保障法》办法.md",
                "河南/河南省物业管理条例.md"):
        import_law(store, corpus / "local_laws" / doc)
    return store


def test_the_body_a_holder_phrase_ends_with(corpus):
    # 北京市机动车停车条例 第二十一条: 「…并在经营前十五日内到区停车管理部门办理备案」.
    text = (corpus / "local_laws/北京/北京市机动车停车条例.md").read_text(encoding="utf-8")
    assert "经营前十五日内到区停车管理部门办理备案" in text
    assert holder_name("营前十五日内到区停车管理部门") == "区停车管理部门"
    assert holder_name("残疾人持公安机关交通管理部门") == "公安机关交通管理部门"
    assert holder_name("本条例确定的由城市管理综合执法部门") == "城市管理综合执法部门"
    # Nothing that names a body is left after the cut: the phrase stays as it was.
    assert holder_name("市人民政府确定的部门") == "市人民政府确定的部门"
    assert holder_name("公安机关") == "公安机关"
    assert not public_body("一个物业服务企业") and not public_body("业主委员会") and public_body("街道办事处")


def test_the_body_a_resisting_subject_names_is_the_one_that_acts(corpus):
    # 安全生产法 第一百零八条 / 特种设备安全法 第九十五条: the unit that 「拒绝、阻碍」 or 「拒不接受」 the
    # department is the one ordered to correct; the department orders it.
    law = (corpus / "laws/特种设备安全法.md").read_text(encoding="utf-8")
    assert "检验、检测机构拒不接受负责特种设备安全监督管理的部门" in law
    assert holder_name("检验、检测机构拒不接受负责特种设备安全监督管理的部门") == "负责特种设备安全监督管理的部门"
    assert holder_name("生产经营单位拒绝、阻碍负有安全生产监督管理职责的部门") == "负有安全生产监督管理职责的部门"
    assert holder_name("依法报市人民政府") == "市人民政府"
    # 行政许可法 第二十四、二十六条: 「可以委托其他行政机关」, 「两个以上部门」 name nobody to ask.
    assert not names_a_body(holder_name("可以委托其他行政机关")) and not names_a_body("两个以上部门")


def test_clinics_and_testing_bodies_are_not_answers():
    # 深圳经济特区中医药条例 第二十八条 lets 「纯中医治疗医院、中医馆、中医诊所」 equip laboratories: they are
    # the regulated, as is a 复检机构 that issues a report (non_public_holders.csv, with the source).
    assert not any(names_a_body(h) for h in ("中医诊所", "中医馆", "纯中医治疗医院", "复检机构", "检验、检测机构"))
    assert names_a_body("卫生健康部门") and names_a_body("中医药主管部门")


def test_a_city_management_department_keeps_its_name():
    # 「城市」 is a level word only before 人民政府: 城市管理综合执法部门 is a department of its own.
    assert current_type_name("城市管理综合执法部门") == "城市管理综合执法部门"
    assert current_type_name("市容环境卫生行政主管部门") == "城市管理综合执法部门"
    assert current_type_name("城市人民政府城乡规划主管部门") == "自然资源主管部门"


def test_a_parking_operator_files_with_the_parking_department_not_a_fragment(texts):
    answer = who_handles(texts, "开了个停车场经营要备案，去哪里", region=BEIJING)
    names = [c.department for c in answer.results]
    assert any("停车管理部门" in n for n in names[:3])
    assert not any("十五日内" in n or n.startswith("残疾人") for n in names)


def test_an_owners_committee_is_no_answer_to_who_convenes_the_owners(texts):
    # 河南省物业管理条例 第二十五条: 业主委员会不按照规定召集业主大会会议的，由乡镇人民政府、街道办事处…组织召集.
    answer = who_handles(texts, "业委会一直不开会，谁来召集业主大会", region=HENAN)
    names = [c.department for c in answer.results]
    assert names[0] in ("乡镇人民政府", "街道办事处")
    assert not any(n.endswith(("业主委员会", "业主大会", "企业")) for n in names)


def test_each_districts_body_names_a_body_all_levels_do_not():
    # 北京市殡葬管理条例 第三条: 「各区民政局负责本区的殡葬管理工作」 — in a district, its 民政局.
    assert names_a_body("各区民政局") and names_a_body("各区人民政府") and names_a_body("乡镇人民政府")
    assert not any(names_a_body(h) for h in ("各级人民政府", "有关部门", "各有关部门", "主管部门", "各成员单位"))


@pytest.fixture(scope="module")
def henan(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    for doc in ("河南/河南省治理货物运输车辆超限超载条例.md", "河南/洛阳市公路路政管理条例.md"):
        import_law(store, corpus / "local_laws" / doc)
    return store


def test_asked_of_a_province_its_own_regulation_comes_before_one_citys(henan):
    # 河南省治理货物运输车辆超限超载条例 第十五条 (province-wide) vs 洛阳市公路路政管理条例 第十七条 (洛阳 only).
    answer = who_handles(henan, "拉大型设备的超限运输没许可，谁查处", region=HENAN)
    first = answer.results[0]
    assert "河南省治理货物运输车辆超限超载条例" in first.matched_item and first.level == "local_law"
    levels = {c.level for c in answer.results if "洛阳市" in c.matched_item}
    assert levels <= {"lower_law"}
    # Asked in 洛阳 itself the city's regulation is the local one and the province's is above it.
    in_luoyang = who_handles(henan, "拉大型设备的超限运输没许可，谁查处", region="410300")
    assert {c.level for c in in_luoyang.results if "河南省" in c.matched_item} <= {"upper_law"}
    assert {c.level for c in in_luoyang.results if "洛阳市" in c.matched_item} <= {"local_law"}


@pytest.fixture(scope="module")
def shanghai(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    import_law(store, corpus / "local_laws" / "上海" / "上海市养犬管理条例.md")
    return store


def test_a_districts_question_reaches_the_citys_own_body(shanghai):
    # 上海市养犬管理条例 第五十八条: 「烈性犬只的目录由市公安部门会同市兽医主管部门…确定」 — asked in 浦东新区, the
    # 市 body answers (as itself, not as the district's 公安分局), the regulation being the city's.
    answer = who_handles(shanghai, "烈性犬只的目录谁来定", region="310115")
    clause = [(c.department, c.role) for c in answer.results
              if c.item_kind == "DutyClause" and "第五十八条" in c.matched_item]
    assert ("市公安部门", "lead") in clause
    assert ("市农业农村主管部门（原文：市兽医主管部门）", "cooperate") in clause
    assert all(c.level == "upper_law" for c in answer.results if "第五十八条" in c.matched_item)
