"""A duty sentence's holder as an answer: the public body the phrase ends with, never a market actor.

The clause reader keeps the holder phrase as the text gives it; who-handles answers with the body.
Texts are the corpus's own regulations, read by issue 13's clause reader when they are imported.
"""
from __future__ import annotations

import pytest

from graph.lookup.holder_names import holder_name, public_body
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
