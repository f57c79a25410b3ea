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


@pytest.fixture(scope="module")
def texts(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.notices import import_notice

    store = EmbeddedStore()
    import_notice(store, corpus / "notices" / N10)
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
