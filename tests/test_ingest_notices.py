"""Notices: rulings (lead/cooperate/matter/condition), 审管联动 rules, labelled precision/recall."""
from __future__ import annotations

from graph.model import Rel
from ingest.evaluate_extraction import _read, evaluate_notice_sentences
from ingest.notices import extract_rulings, parse_notice, split_bodies


def _rulings(store, prefix):
    return [r for r in store.iter_nodes("Ruling") if r.props["dataset"].startswith(prefix)]


def test_every_notice_ingests(legal_graph):
    _, reports = legal_graph
    assert len(reports["notices"]) == 11
    assert all(r.balanced and not r.error for r in reports["notices"])


def test_n10_violations_as_the_notice_says(legal_graph):
    store, _ = legal_graph
    by_name = {r.props["name"]: r for r in _rulings(store, "N10")}
    patrol = by_name["乡镇(街道)辖区内违法建筑的日常巡查和监管工作"]
    assert patrol.props["lead_text"] == "乡镇人民政府(街道办事处)"
    assert patrol.props["cooperate_text"] == "村(居)委会、社区服务中心"
    # The matter is what is divided (违法建筑), not the verb: issue 13's reader (was 「违法建筑依法处理」).
    # 第六条 gives 违法建筑 to the named departments; 第七条 「各相关行政管理部门…对违法建筑及时进行查处」 to generic ones.
    refers = [r for r in _rulings(store, "N10") if r.props["name"] == "违法建筑"]
    refer = next(r for r in refers if r.props["lead_text"])
    assert any(not r.props["lead_text"] for r in refers)
    assert refer.props["lead_text"] == "区(市、县)、管委会有关职能部门"
    assert refer.props["cooperate_text"] == "乡镇人民政府(街道办事处)"
    assert refer.props["condition"] == "经劝阻无效且继续施工的"
    roles = {(store.get_node(e.dst).props["name"], e.props["role"]) for e in store.edges_from(refer.id, Rel.RULED.value)}
    assert roles == {("区(市、县)、管委会有关职能部门", "lead"), ("乡镇人民政府(街道办事处)", "cooperate")}
    src = store.get_node(store.edges_from(refer.id, Rel.FROM_SOURCE.value)[0].dst).props
    assert "对违法建筑,经劝阻无效且继续施工的" in src["text"] and src["path"].startswith("N10_")


def test_cooperation_sentence_n11():
    r = extract_rulings("乡(镇)政府、街道办事处和居民委员会、村民委员会等群众自治组织要积极配合各有关职能部门"
                        "查处取缔无证无照经营行为,发现辖区内的无证无照经营行为…要及时通报相关职能部门进行查处取缔。")[0]
    assert r.lead == "各有关职能部门"
    assert r.cooperate == ["乡(镇)政府", "街道办事处", "居民委员会", "村民委员会"]
    assert r.matter == "查处取缔无证无照经营行为"


def test_linkage_rules(legal_graph):
    store, _ = legal_graph
    rules = {(r.props["dataset"][:3], r.props["name"]) for r in store.iter_nodes("LinkageItem")}
    assert ("N12", "谁审批、谁负责，谁主管、谁监管") in rules
    assert ("N12", "审管信息“双推送、互反馈”") in rules
    assert ("N20", "审批与监管协调联动") in rules
    one = [r for r in store.iter_nodes("LinkageItem") if r.props["dataset"].startswith("N12")][0]
    assert store.edges_from(one.id, Rel.FROM_SOURCE.value)


def test_subject_context(corpus):
    units = parse_notice((corpus / "notices" / "N11_无证无照经营查处_部门职责_第二十一至二十四项.txt").read_text(encoding="utf-8")).units
    assert units[0].subject == "监察部门"
    assert split_bodies("区(市、县)、管委会有关职能部门") == ["区(市、县)、管委会有关职能部门"]


def test_precision_recall_on_labels():
    rows = _read("notice_sentences.csv")
    assert len(rows) >= 40
    s = evaluate_notice_sentences(rows)
    print(s.summary_zh())
    assert s.precision >= 0.95 and s.recall >= 0.9
    assert s.accuracy("牵头") >= 0.95 and s.accuracy("配合") >= 0.9


def test_a_county_notice_is_scoped_to_its_county_not_its_city(legal_graph):
    # N12: 「磁县行政审批局积极探索…」, level: county (河北省邯郸市磁县) — 磁县 is 130427, 邯郸市 130400.
    _, reports = legal_graph
    (n12,) = [r for r in reports["notices"] if "N12_磁县" in r.path]
    assert n12.region == "130427"
    assert any("磁县" in note and "县级" in note for note in n12.notes)


def test_a_city_regulation_for_one_of_its_districts_applies_in_that_district(corpus):
    from ingest.document_scope import document_scope

    # Titles of the corpus' local laws: the regions they open with, most specific one wins.
    assert document_scope("鹤壁市浚县古城保护条例", folder_province="河南").code == "410621"
    pudong = document_scope("上海市浦东新区市场主体退出若干规定", folder_province="上海")
    assert (pudong.code, pudong.level) == ("310115", "county")
    assert document_scope("北京市养犬管理规定", folder_province="北京").code == "110000"
