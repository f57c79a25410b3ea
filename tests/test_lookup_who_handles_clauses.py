"""Who handles it, as a notice or a regulation divides it: the lead and the cooperating parties the
text names, the clause as evidence, and a joint duty (「按照各自职责」) as several leads flagged joint.

Texts are the corpus's own (notices N10; regulations under local_laws/), read by issue 13's
clause reader when they are imported.
"""
from __future__ import annotations

import pytest

from api.answer_render import answer_text
from graph.lookup.who_handles import who_handles

N10 = "N10_违法建筑防止和制止职责_乡镇及区县政府职责.txt"


BEIJING, SHANGHAI = "110000", "310000"


@pytest.fixture(scope="module")
def texts(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law
    from ingest.notices import import_notice

    store = EmbeddedStore()
    import_notice(store, corpus / "notices" / N10)
    import_law(store, corpus / "local_laws" / "北京" / "北京市控制吸烟条例.md")
    import_law(store, corpus / "local_laws" / "上海" / "上海市养犬管理条例.md")
    return store


def test_a_notice_names_the_lead_and_the_cooperating_party_with_the_clause(texts):
    # N10 第 10 行: 「对违法建筑,经劝阻无效且继续施工的,提请区(市、县)、管委会有关职能部门依法进行处理」 — said of
    # the 乡镇人民政府(街道办事处), which report and cooperate; the 职能部门 lead.
    answer = who_handles(texts, "违法建筑经劝阻无效还继续施工，谁来查处")
    on_it = {(c.department, c.role): c for c in answer.results if c.matched_item == "违法建筑"}
    lead = on_it[("区(市、县)、管委会有关职能部门", "lead")]
    township = on_it[("乡镇人民政府(街道办事处)", "cooperate")]
    for c in (lead, township):
        assert c.item_kind == "Ruling" and c.condition == "经劝阻无效且继续施工的" and not c.joint
        assert c.evidence[0].source == N10 and c.evidence[0].locator == "第 10 行"
        assert "提请区(市、县)、管委会有关职能部门依法进行处理" in c.evidence[0].text
    text = answer_text(answer)
    assert "[主体/牵头" in text and "[配合" in text and "条件: 经劝阻无效且继续施工的" in text


def test_a_regulation_names_the_lead_and_the_cooperating_party_with_the_clause(texts):
    # 《上海市养犬管理条例》第五十八条: 「烈性犬只的目录由市公安部门会同市兽医主管部门、相关行业协会确定」.
    answer = who_handles(texts, "烈性犬只的目录谁来定", region=SHANGHAI)
    clause = [c for c in answer.results if c.item_kind == "DutyClause" and "烈性犬只的目录" in c.matched_item]
    roles = {(c.role, c.department) for c in clause}
    assert ("lead", "公安部门") in roles
    assert ("cooperate", "农业农村主管部门（原文：兽医主管部门）") in roles  # 兽医 today: 农业农村 (reform map)
    for c in clause:
        assert c.evidence[0].source == "上海市养犬管理条例.md" and c.evidence[0].locator == "第五十八条第1款"
        assert "会同市兽医主管部门" in c.evidence[0].text and not c.joint


def test_a_joint_duty_comes_out_as_several_leads_flagged_joint(texts):
    # 《北京市控制吸烟条例》第六条第二款: 「教育、文化和旅游、体育、交通、市场监督管理、公安、园林绿化、城市管理、
    # 烟草专卖等相关部门按照各自职责，对本行业或者领域内的控制吸烟工作进行监督管理」 — nine leads, none alone.
    answer = who_handles(texts, "公共场所控制吸烟工作由哪些部门监督管理", region=BEIJING, limit=15)
    joint = [c for c in answer.results if c.matched_item.endswith("本行业或者领域内的控制吸烟工作")]
    assert len(joint) >= 5 and all(c.role == "lead" and c.joint for c in joint)
    police = next(c for c in joint if c.department == "公安部门")
    assert len(police.joint_with) == 8 and "教育部门" in police.joint_with and "公安部门" not in police.joint_with
    assert police.evidence[0].locator == "第六条第2款" and "按照各自职责" in police.evidence[0].text
    # The department in charge (「卫生健康部门是控制吸烟工作的主管部门」) is no joint holder and ranks first.
    assert answer.results[0].department == "卫生健康部门" and not answer.results[0].joint
    assert "共同（按照各自职责，与" in answer_text(answer)


def test_what_a_matter_belongs_to_is_the_department_in_charge_not_those_sharing_it(corpus):
    """「…归哪个部门」 asks who is in charge (主管): 北京市实施《节约能源法》办法 第六条 gives the 节能监督管理
    to the 发展改革部门 (主管) and lets eleven departments share it 「在各自的职责范围内」 (joint)."""
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    import_law(store, corpus / "local_laws" / "北京" / "北京市实施《节约能源法》办法.md")
    answer = who_handles(store, "本市的节能监督管理工作归哪个部门", region=BEIJING, limit=5)
    first = answer.results[0]
    assert "发展改革" in first.department and first.duty == "主管" and not first.joint, \
        [(c.department, c.duty, c.joint) for c in answer.results]
    assert all(c.joint for c in answer.results[1:] if "第六条第3款" in c.matched_item)
    # The question's 「归哪个部门」 is what lifts the one in charge: asked without it, no cue is given.
    plain = who_handles(store, "本市的节能监督管理工作", region=BEIJING, limit=5)
    lead = next(c for c in plain.results if c.department == first.department and c.duty == "主管")
    assert first.score > lead.score


def test_the_rest_of_a_clauses_sentence_counts_for_what_the_question_also_names() -> None:
    from graph.lookup.who_handles import sentence_share

    # 《商丘市城市扬尘污染防治条例》第五条: the matter is 扬尘污染防治; 统一监督管理 is in the sentence only.
    sentence = "生态环境主管部门对扬尘污染防治实施统一监督管理。"
    share = sentence_share("工地扬尘统一监管", "扬尘污染防治", sentence)
    assert 0 < share <= 1
    # Nothing beyond the matter: no points (the matter's own match is scored by the index).
    assert sentence_share("扬尘污染防治", "扬尘污染防治", sentence) == 0.0
