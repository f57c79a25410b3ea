"""The clause reader on the texts 编办 staff read: who leads, who cooperates, on what, where, when.

Sentences are the corpus's own (local regulations, notices, 三定); the figures are those of the
labelled set's tune half (tests/data/, held-out half measured separately, see its README).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ingest.clauses import read_clauses, read_text_clauses, read_unit, split_holders
from ingest.document_scope import document_scope

DATA = Path(__file__).parent / "data"


def _clauses(corpus, doc, line):
    return [c for c in read_clauses(corpus / doc) if c.unit.line == line]


def _names(holders):
    return [h.name for h in holders]


def test_joint_duty_names_every_department_and_no_single_lead(corpus):
    # 北京市控制吸烟条例 第六条第二款: 「教育、文化和旅游、…等相关部门按照各自职责，对…进行监督管理」
    (c,) = _clauses(corpus, "local_laws/北京/北京市控制吸烟条例.md", 23)
    assert c.joint and len(c.leads) == 9
    assert "文化和旅游部门" in _names(c.leads) and "市场监督管理部门" in _names(c.leads)
    assert c.matter == "本行业或者领域内的控制吸烟工作" and c.verb == "监督管理"


def test_generic_duty_says_there_is_no_holder():
    (c,) = read_text_clauses("其他有关部门在各自职责范围内负责产品质量监督工作。", "law", {})
    assert c.generic and not c.leads and c.matter == "产品质量监督工作"
    assert "无具体承担者" in c.summary()


def test_penalty_matter_is_the_violation(corpus):
    (a, b) = _clauses(corpus, "local_laws/北京/北京市控制吸烟条例.md", 143)
    assert a.matter == "通过自动售货机销售烟草制品" and a.verb == "查处"
    assert b.matter == "通过信息网络非法销售烟草制品"
    assert _names(a.leads) == ["市场监督管理部门"]


def test_lead_with_cooperating_parties():
    (c,) = read_text_clauses("烈性犬只的目录由市公安部门会同市兽医主管部门确定，并向社会公布。", "law", {})
    assert _names(c.leads) == ["公安部门"] and c.level == "市"
    assert _names(c.cooperating) == ["兽医主管部门"] and c.matter == "烈性犬只的目录"


def test_notice_department_headed_items(corpus):
    # N17: 「(三)市质监局。」 then numbered items; 「联合市公安局、工商局做好…」
    items = _clauses(corpus, "notices/N17_杭州市电动自行车生产销售上牌登记目录管理_部门职责.txt", 11)
    assert items and all(_names(c.leads) == ["市质监局"] for c in items)
    assert _names(items[0].cooperating) == ["市公安局", "工商局"]


def test_township_cooperation_is_a_cooperating_duty(corpus):
    # 上海市养犬管理条例: 「乡、镇人民政府和街道办事处应当配合有关行政管理部门做好养犬管理工作」
    (c,) = _clauses(corpus, "local_laws/上海/上海市养犬管理条例.md", 25)
    assert not c.leads and c.generic and c.verb == "配合"
    assert _names(c.cooperating) == ["乡、镇人民政府", "街道办事处"] and c.level == "乡"


def test_refer_to_the_competent_department_keeps_the_condition(corpus):
    (c,) = _clauses(corpus, "notices/N10_违法建筑防止和制止职责_乡镇及区县政府职责.txt", 10)
    assert _names(c.leads) == ["区(市、县)、管委会有关职能部门"]
    assert _names(c.cooperating) == ["乡镇人民政府(街道办事处)"]
    assert c.matter == "违法建筑" and c.condition == "经劝阻无效且继续施工的"


def test_sanding_items_on_one_line_each_become_a_duty(corpus):
    duties = [c for c in read_clauses(corpus / "sanding/SD02_自然资源部职能配置内设机构和人员编制规定.txt")]
    assert [c.matter for c in duties][:4] == [
        "全民所有土地、矿产、森林、草原、湿地、水、海洋等自然资源资产所有者职责和所有国土空间用途管制职责",
        "自然资源调查监测评价", "自然资源统一确权登记工作", "自然资源资产有偿使用工作"]
    assert {h.name for c in duties for h in c.leads} == {"自然资源部"} and duties[0].level == "国家"


def test_definition_article_names_the_body(corpus):
    (c,) = _clauses(corpus, "local_laws/广东/江门市门楼号牌管理条例.md", 17)
    assert _names(c.leads) == ["公安机关"] and c.matter == "门楼号"


def test_coordination_shares_the_suffix_and_keeps_compound_names():
    holders, generic = split_holders("发展改革、民政、人力资源和社会保障、统计等政府有关部门")
    assert _names(holders) == ["发展改革部门", "民政部门", "人力资源和社会保障部门", "统计部门"] and not generic
    holders, _ = split_holders("市、区商务和发展改革部门")
    assert _names(holders) == ["商务部门", "发展改革部门"] and {h.level for h in holders} == {"市、县"}


def test_narrative_is_not_a_duty(corpus):
    # N12 is a progress report: 「磁县行政审批局积极探索…」 assigns nothing.
    assert read_clauses(corpus / "notices/N12_磁县行政审批局审管协同联动.txt") == []


@pytest.mark.parametrize("title,kw,name,level", [
    ("北京市机动车停车条例", {}, "北京市", "province"),
    ("汕头经济特区城市景观照明条例", {}, "汕头市", "city"),
    ("石柱土家族自治县西沱国家历史文化名镇保护条例", {}, "石柱土家族自治县", "county"),
    ("郑洛新国家自主创新示范区条例", {"folder_province": "河南"}, "河南省", "province"),
    ("中华人民共和国食品安全法", {}, "全国", "national"),
    ("城口县减灾委员会办公室 关于印发城口县减灾委员会成员单位工作职责的通知", {}, "城口县", "county"),
    ("政府及有关部门安全生产监督管理职责暂行规定", {"header_level": "city (福建省莆田市)"}, "莆田市", "city"),
])
def test_document_scope(title, kw, name, level):
    s = document_scope(title, **kw)
    assert (s.name, s.level) == (name, level) and s.how


def test_figures_on_the_tune_half():
    sys.path.insert(0, str(DATA))
    from evaluate_clauses import new_reader, read_with, score

    records = [json.loads(x) for x in (DATA / "clauses.jsonl").read_text(encoding="utf-8").splitlines()]
    tune = [r for r in records if r["half"] == "tune"]
    t = score(tune, read_with(new_reader, sorted({r["doc"] for r in tune})))
    c = t.c
    assert sum(len(r["duties"]) for r in records) >= 600 and len({r["doc"] for r in records}) >= 40
    assert c["lead_tp"] / c["lead_pred"] >= 0.9 and c["lead_tp"] / c["lead_gold"] >= 0.85
    assert c["coop_tp"] / c["coop_gold"] >= 0.75
    # A regression bar, not the target: each round adds fresh documents to the tune half (tune-G and tune-H began
    # at matter 0.57 / 0.56), so the bar is set under the round-7 figure (0.77), not at the old 0.80.
    assert c["matter_sum"] / c["clauses"] >= 0.75


# ---- in the graph: clause nodes, holders, scope, and the analyses that read them ----

@pytest.fixture(scope="module")
def local_graph(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law
    from ingest.notices import import_notice

    store = EmbeddedStore()
    reports = [import_law(store, corpus / "local_laws/北京/北京市控制吸烟条例.md"),
               import_law(store, corpus / "local_laws/广东/汕头经济特区城市景观照明条例.md"),
               import_notice(store, corpus / "notices/N17_杭州市电动自行车生产销售上牌登记目录管理_部门职责.txt")]
    return store, reports


def test_a_local_regulation_records_its_scope_and_its_clauses(local_graph):
    from ingest.laws import law_id

    store, reports = local_graph
    law = store.get_node(law_id("北京市控制吸烟条例")).props
    assert (law["level"], law["scope_name"], law["scope_level"]) == ("地方性法规", "北京市", "province")
    assert store.get_node(law_id("汕头经济特区城市景观照明条例")).props["scope_level"] == "city"
    assert any("职责条款（DutyClause）" in n for n in reports[0].notes)


def test_joint_duty_in_the_graph_is_several_leads_flagged_joint(local_graph):
    from graph.model import Rel

    store, _ = local_graph
    (c,) = [n for n in store.iter_nodes("DutyClause") if n.props["matter"] == "本行业或者领域内的控制吸烟工作"]
    edges = store.edges_from(c.id, Rel.RULED.value)
    assert len(edges) == 9 and all(e.props["role"] == "lead" and e.props["joint"] for e in edges)
    src = store.get_node(store.edges_from(c.id, Rel.FROM_SOURCE.value)[0].dst).props
    assert src["locator"] == "第六条第2款" and src["path"] == "北京市控制吸烟条例.md" and "按照各自职责" in src["text"]
    assert c.props["locator"] == "第六条第2款" and c.props["region"] == "110000"  # 北京市, from the title


def test_notice_clause_is_a_ruling_named_by_its_matter_with_its_cooperating_parties(local_graph):
    from graph.model import Rel

    store, reports = local_graph
    assert reports[2].region == "330100"  # 杭州市, from the title
    (r,) = [n for n in store.iter_nodes("Ruling") if n.props["name"] == "《通告》的宣传贯彻工作"]
    roles = sorted((e.props["role"], store.get_node(e.dst).props["name"]) for e in store.edges_from(r.id, Rel.RULED.value))
    assert roles == [("cooperate", "工商局"), ("cooperate", "市公安局"), ("lead", "市质监局")]
    assert r.props["region"] == "330100" and r.props["verb"] == "会同"


def test_overlaps_see_joint_duties_of_texts(local_graph):
    from graph.analyses.overlaps import find_overlaps

    store, _ = local_graph
    joint = [c for c in find_overlaps(store, None, clauses="regional") if c.reason == "joint_clause"]
    assert any({"教育部门", "公安部门"} <= {d["name"] for d in c.departments} for c in joint)
    assert not [c for c in find_overlaps(store, None, clauses="none") if c.reason.endswith("clause")]


def test_a_law_type_becomes_the_region_department(legal_graph):
    from ingest.clause_graph import holders_in_region
    from ingest.laws import article_id

    store, _ = legal_graph
    art = article_id("大气污染防治法", "第五条")
    (c,) = [n for n in store.iter_nodes("DutyClause") if n.props["article"] == art
            and n.props["text"].startswith("县级以上人民政府生态环境主管部门")]
    (h,) = [h for h in holders_in_region(store, c.id, "511602") if h.role == "lead"]
    assert h.type_name == "生态环境主管部门" and "生态环境" in h.department and h.reaches
    assert h.locator == "第五条第1款" and h.sentence.startswith("县级以上人民政府生态环境主管部门")


def test_clause_words_are_data_with_a_reason():
    # Every word the reader parses holders and verbs with is a row of clause_words.csv with a corpus source
    # or a note saying why it is kept; the reader's lists are exactly those rows.
    from graph.reference.data_files import read_rows
    from ingest import clauses

    rows = [row for _, row in read_rows("clause_words.csv")]
    assert all(r["source"] and (r["source"] != "语料未见" or r["note"]) for r in rows)
    assert set(clauses.ORGAN_WORDS) == {r["word"] for r in rows if r["kind"] == "organ"}
    assert set(clauses.LEVEL_WORDS) == {r["word"] for r in rows if r["kind"] == "level"}
    attested = [r for r in rows if r["source"] != "语料未见"]
    assert len(attested) >= 0.85 * len(rows)
    # The verbs of the forms class their clauses.
    assert [c.verb for c in read_text_clauses("县城管局会同县市场监管局负责占道经营的查处。", "notice", {})] == ["会同"]
    assert [c.verb for c in read_text_clauses("乡镇人民政府协助县城管局做好违法建设的巡查工作。", "notice", {})] == ["协助"]


# ---- third round: forms met in regulations outside the labelled set ----

def test_a_list_of_seventeen_departments_is_read_to_its_end(corpus):
    # 广东省版权条例 第四条第2款: 网信、新闻出版、…、海关等有关部门，按照各自职责做好版权相关工作 (held past 60 characters).
    (c,) = _clauses(corpus, "local_laws/广东/广东省版权条例.md", 19)
    assert c.joint and len(c.leads) == 17 and {"网信部门", "海关部门"} <= set(_names(c.leads))
    assert c.matter == "版权相关工作"


def test_a_relative_clause_holder_holds_the_noun_it_qualifies(corpus):
    # 漯河市城市绿化条例 第二条第2款: 法律、法规规定由林业等主管部门和风景名胜区管理机构负责的绿化工作…
    (c,) = _clauses(corpus, "local_laws/河南/漯河市城市绿化条例.md", 15)
    assert _names(c.leads) == ["林业主管部门", "风景名胜区管理机构"] and c.matter == "绿化工作"


def test_a_thing_a_body_made_is_named_not_given_as_a_duty(corpus):
    # 重庆市绿化条例: 「地方各级人民政府制定的绿化规划，必须严格执行」 — the plan is the subject, the government made it;
    # 重庆市体育市场管理条例: 「…包括国务院体育行政部门公布的体育项目…」 — a list of what counts, no duty of the ministry.
    assert _clauses(corpus, "local_laws/重庆/重庆市绿化条例.md", 55) == []
    assert _clauses(corpus, "local_laws/重庆/重庆市体育市场管理条例.md", 33) == []
    # The body another designates still holds the duty the sentence gives it.
    (c,) = read_unit("区人民政府确定的部门负责本区停车管理工作。", kind="law")
    assert _names(c.leads) == ["部门"] and c.matter == "本区停车管理工作"


def test_a_body_that_only_assists_cooperates_on_the_duty_before(corpus):
    # 上海市公共卫生应急管理条例 第四十八条: 区人民政府可以对…人员采取…隔离健康观察…；拒绝配合的，由公安机关依法予以协助。
    got = _clauses(corpus, "local_laws/上海/上海市公共卫生应急管理条例.md", 237)
    assert not [c for c in got if c.matter in ("予以协助", "协助")]
    (c,) = [c for c in got if "隔离健康观察" in c.matter]
    assert _names(c.leads) == ["区人民政府"] and _names(c.cooperating) == ["公安机关"]
    # The same across two sentences of one unit.
    lead, = read_unit("城市管理部门负责查处占道经营。公安机关应当予以配合。", kind="law")
    assert _names(lead.leads) == ["城市管理部门"] and _names(lead.cooperating) == ["公安机关"]


def test_by_a_helping_b_b_leads(corpus):
    # 重庆市电信条例 第四十二条: …由市电信主管部门配合规划、市政、公安等部门依法查处
    c = _clauses(corpus, "local_laws/重庆/重庆市电信条例.md", 203)[-1]
    assert _names(c.leads) == ["规划部门", "市政部门", "公安部门"] and _names(c.cooperating) == ["电信主管部门"]
    assert c.verb == "查处" and c.matter == "擅自进行施工作业危害电信设施安全"


def test_a_penalty_after_a_semicolon_keeps_the_violation_of_the_sentence_before(corpus):
    # 北京市森林资源保护管理条例 第三十八条: ……致使森林、林木受到毁坏的，依法赔偿损失；由…林业行政主管部门责令…
    (c,) = _clauses(corpus, "local_laws/北京/北京市森林资源保护管理条例.md", 197)
    assert c.verb == "查处" and _names(c.leads) == ["林业行政主管部门"] and c.level == "市、县"
    assert c.matter.startswith("在幼林地、特种用途林地和封山育林区内砍柴、放牧")


def test_supervision_then_execution_by_another_body(corpus):
    # 汕头经济特区消防条例 第四条: 应急管理部门对X实施监督管理，并由本级人民政府消防救援机构依法负责实施 (应急 is no 应).
    a, b = _clauses(corpus, "local_laws/广东/汕头经济特区消防条例.md", 24)
    assert _names(a.leads) == ["应急管理部门"] and a.verb == "监督管理" and a.level == "市、县"
    assert _names(b.leads) == ["消防救援机构"] and b.matter == a.matter == "本行政区域内的消防工作"


@pytest.mark.parametrize("text,lead,coop,matter,verb", [
    # The division forms of 职责分工 notices as issue 13 lists them (its wording is illustrative).
    ("一、违法建设查处。由县住建局牵头，县自然资源局、县城管局等部门配合。", ["县住建局"], ["县自然资源局", "县城管局"], "违法建设查处", "牵头"),
    ("二、占道经营整治。牵头单位：县城管局；配合单位：县市场监管局、县公安局。", ["县城管局"], ["县市场监管局", "县公安局"], "占道经营整治", "牵头"),
    ("三、建筑垃圾乱倒。县城管局为牵头单位，县住建局、县自然资源局为配合单位。", ["县城管局"], ["县住建局", "县自然资源局"], "建筑垃圾乱倒", "牵头"),
    ("四、餐饮油烟污染。县生态环境局负责牵头查处，县市场监管局、县城管局协助。", ["县生态环境局"], ["县市场监管局", "县城管局"], "餐饮油烟污染", "牵头"),
])
def test_division_items_name_their_matter_lead_and_cooperating(text, lead, coop, matter, verb):
    (c,) = read_text_clauses(text, "notice", {})
    assert (_names(c.leads), _names(c.cooperating), c.matter, c.verb) == (lead, coop, matter, verb)


def test_an_elided_matter_is_the_one_before():
    a, b = read_text_clauses("流动摊贩由所在地镇政府负责劝导，县城管局负责查处。", "notice", {})
    assert (_names(a.leads), _names(b.leads)) == (["镇政府"], ["县城管局"]) and a.matter == b.matter == "流动摊贩"
    assert b.verb == "查处"
    a, b = read_text_clauses("对无证经营的美容美发场所，由县市场监管局依法查处，县卫生健康局配合；涉及消防安全的，由县消防救援大队负责。",
                             "notice", {})
    assert _names(a.cooperating) == ["县卫生健康局"] and b.matter == a.matter and b.condition.startswith("涉及消防安全")


SANDING = """title: 某县应急管理局职能配置、内设机构和人员编制规定
level: county (某省某市某县)

第三条 县应急管理局贯彻落实党中央关于应急管理工作的方针政策，主要职责是：
（一）负责全县应急管理工作，指导各乡镇、各部门应对安全生产类、自然灾害类等突发事件和综合防灾减灾救灾工作。
（二）拟订全县应急管理、安全生产等政策措施，组织编制县级应急体系建设、安全生产和综合防灾减灾规划。
（三）完成县委、县政府交办的其他任务。
第四条 县应急管理局设下列内设机构：
（一）办公室。负责机关日常运转，承担文电、会务、机要、档案等工作。
（二）安全生产基础股。负责非煤矿山、危险化学品安全生产监督管理工作。
第五条 职责分工。
（一）与县消防救援大队的职责分工。县应急管理局负责综合监督管理，县消防救援大队负责火灾扑救和应急救援工作。
"""


def test_a_sanding_text_gives_every_duty_unit_and_division():
    # The shape of a county 三定 (illustrative wording, as in issue 13): every 主要职责 item, each 内设机构's
    # duties, and a 职责分工 item naming two departments — none of them inheriting the unit listed before.
    got = [(c.unit.line, _names(c.leads), c.matter) for c in read_text_clauses(SANDING, "sanding")]
    assert [g for g in got if g[0] in (5, 6, 7)] == [
        (5, ["某县应急管理局"], "全县应急管理工作"),
        (6, ["某县应急管理局"], "拟订全县应急管理、安全生产等政策措施"),
        (7, ["某县应急管理局"], "完成县委、县政府交办的其他任务")]
    assert (9, ["办公室"], "机关日常运转") in got and (10, ["安全生产基础股"], "非煤矿山、危险化学品安全生产监督管理工作") in got
    assert [g for g in got if g[0] == 12] == [(12, ["县应急管理局"], "综合监督管理"),
                                             (12, ["县消防救援大队"], "火灾扑救和应急救援工作")]


# ---- fourth round: forms met in regulations outside the labelled set (their own sentences, file + article)

def _at(corpus, doc, locator):
    return [c for c in read_clauses(corpus / doc) if c.unit.locator == locator]


def test_who_does_the_daily_work_body_answer_for(corpus):
    # 「合作区执行委员会负责什么？」 横琴粤澳深度合作区发展促进条例 第七条: 「A是B的日常工作机构，承担…，负责…」
    got = _at(corpus, "local_laws/广东/横琴粤澳深度合作区发展促进条例.md", "第七条第1款")
    assert ("合作区执行委员会", "合作区具体开发建设工作") in [(h.name, c.matter) for c in got for h in c.leads]
    assert all(_names(c.leads) == ["合作区执行委员会"] for c in got)


def test_who_draws_up_a_detailed_plan_when_the_builder_may_too(corpus):
    # 「修建性详细规划由谁编制？」 漯河市城乡规划条例 第十条: 「由A、B或者建设单位…组织编制」 — the builder holds no duty
    (c,) = _at(corpus, "local_laws/河南/漯河市城乡规划条例.md", "第十条第1款")
    assert _names(c.leads) == ["城乡规划主管部门", "镇人民政府"] and "修建性详细规划" in c.matter


def test_who_punishes_an_insult_that_is_no_crime(corpus):
    # 「侮辱工会工作人员、尚未构成犯罪的，谁处罚？」 上海市工会条例 第四十六条第三款: the violation is the clause before
    (c,) = _at(corpus, "local_laws/上海/上海市工会条例.md", "第四十六条第3款")
    assert _names(c.leads) == ["公安机关"] and c.verb == "查处"
    assert c.matter.endswith("进行侮辱、诽谤或者进行人身伤害") and "刑事责任" not in c.matter


def test_who_bans_an_unregistered_union(corpus):
    # 「冒用工会名义的组织由谁取缔？」 上海市工会条例 第五十条: 取缔 is a sanction, the matter the whole violation
    (c,) = _at(corpus, "local_laws/上海/上海市工会条例.md", "第五十条第1款")
    assert c.verb == "查处" and c.matter.startswith("不按照《中国工会章程》组建")


def test_whose_approval_does_a_foreigner_need_to_join_a_march(corpus):
    # 河南省《集会游行示威法》实施办法 第三十六条第二款: 「外国人未经主管机关批准，不得参加…」 → what is approved is 参加…
    (c,) = _at(corpus, "local_laws/河南/河南省《集会游行示威法》实施办法.md", "第三十六条第2款")
    assert c.verb == "审批" and c.matter.startswith("参加中国公民")


def test_who_is_the_competent_authority_for_a_march(corpus):
    # 同办法 第六条: 「集会、游行、示威的主管机关，是…举行地的市、县公安局」 (a comma before 是; the place is no name)
    c = _at(corpus, "local_laws/河南/河南省《集会游行示威法》实施办法.md", "第六条第1款")[0]
    assert c.verb == "主管" and c.matter == "集会、游行、示威" and "公安局" in _names(c.leads) and c.level == "市、县"


def test_which_government_must_plan_to_meet_the_air_standard(corpus):
    # 鹤壁市大气污染防治条例 第八条第二款: 「未达到国家大气环境质量标准的县（区）人民政府」 — the qualifier is no name
    (c,) = _at(corpus, "local_laws/河南/鹤壁市大气污染防治条例.md", "第八条第2款")
    assert _names(c.leads) == ["县（区）人民政府"] and c.level == "县"


def test_who_sets_the_circular_economy_policy(corpus):
    # 鹤壁市循环经济生态城市建设条例 第三条: 「负责制定…」 is a duty (负责制 alone names a system); 「具体组织实施，
    # 共同做好X」 — the bare act takes its object from the segment that names it
    (a,) = _at(corpus, "local_laws/河南/鹤壁市循环经济生态城市建设条例.md", "第三条第1款")
    assert a.matter.startswith("制定鼓励和支持") and a.level == "市、县"
    (b,) = _at(corpus, "local_laws/河南/鹤壁市循环经济生态城市建设条例.md", "第三条第2款")
    assert b.joint and len(b.leads) == 16 and b.matter == "循环经济生态城市建设的监督管理工作"


def test_who_certifies_a_returned_overseas_chinese_when_needed(corpus):
    # 北京市实施《归侨侨眷权益保护法》办法 第四条第四款: 「必要时，可以由市…机构认定」 — 必要时 is the condition,
    # the matter the one of the sentence before
    (a, b) = _at(corpus, "local_laws/北京/北京市实施《归侨侨眷权益保护法》办法.md", "第四条第4款")
    assert b.condition == "必要时" and b.matter == a.matter == "本市归侨、侨眷的身份" and b.level == "市"


def test_which_governments_protect_the_majia_river(corpus):
    # 「马颊河保护归哪几个政府管？」 濮阳市马颊河保护条例 第四条第二款: 「濮阳县、清丰县、南乐县、华龙区人民政府（以下简称…）
    # 及其所属乡（镇）人民政府…按照职责分工，负责…」 — four named governments and their townships, jointly
    (c,) = _at(corpus, "local_laws/河南/濮阳市马颊河保护条例.md", "第四条第2款")
    assert _names(c.leads) == ["濮阳县人民政府", "清丰县人民政府", "南乐县人民政府", "华龙区人民政府", "乡（镇）人民政府"]
    assert c.joint and c.matter == "本行政区域内马颊河保护管理工作"
    assert _names(split_holders("市、区人民政府")[0]) == ["市、区人民政府"]


def test_who_registers_young_men_for_military_service(corpus):
    # 「兵役登记由谁组织？」 北京市征兵工作条例 第十三条: 「乡镇人民政府、街道办事处和机关、团体、企业事业单位以及其他组织
    # 应当…」 — the governments named hold the duty, the bodies that are no authority close the list and hold nothing
    c = _at(corpus, "local_laws/北京/北京市征兵工作条例.md", "第十三条第1款")[0]
    assert _names(c.leads) == ["乡镇人民政府", "街道办事处"] and c.level == "乡"


def test_a_purpose_article_names_nobody():
    # 「为了…，加快建设数字经济、数字社会、数字政府，…制定本条例」 (the purpose article of many regulations): 数字政府 is an aim
    assert read_text_clauses("第一条 为了规范数据处理活动，加快建设数字经济、数字社会、数字政府，根据有关法律、"
                             "行政法规的规定，结合本市实际，制定本条例。\n", "law") == []


def test_the_issuing_body_is_no_holder_of_its_own():
    # 「由发证机关吊销…许可证」 (北京市动物防疫条例 第六十八条): whoever issued it — no department to record
    got = read_text_clauses("第一条 违反本条例第四十条规定的，由动物卫生监督机构责令限期改正，给予警告；情节严重的，"
                            "由发证机关吊销动物诊疗许可证。\n", "law")
    assert {h.name for c in got for h in c.leads} == {"动物卫生监督机构"}


def test_a_case_named_by_who_approves_it_is_the_topic():
    # 「应当由国务院有关部门审批的项目，由A会同B或者C初审后上报」: the first 由 is inside the topic's relative clause
    (c,) = read_text_clauses("第一条 按照法律、法规的规定应当由国务院有关部门审批的项目，由市外资委会同市计划委员会或者"
                             "市经济委员会初审后上报。\n", "law")
    assert _names(c.leads) == ["市外资委"] and _names(c.cooperating) == ["市计划委员会", "市经济委员会"]
    assert c.matter == "初审后上报"


def test_who_examines_and_approves_the_city_budget(corpus):
    # 「市级预算由谁审查批准？」 北京市预算监督条例 第三条: 「市人民代表大会审查…；批准…；」 — a people's congress is a
    # holder, and a sentence after 「；」 with no subject of its own continues the same holder
    got = _at(corpus, "local_laws/北京/北京市预算监督条例.md", "第三条第1款")
    assert [(_names(c.leads), c.verb) for c in got[:2]] == [(["人民代表大会"], "审批"), (["人民代表大会"], "审批")]
    assert got[1].matter.startswith("批准市级预算") and got[1].level == "市"
    # 第二十四条: 「市人民代表大会批准的市级预算在执行中…」 — the congress is inside a relative clause, no holder
    (c,) = _at(corpus, "local_laws/北京/北京市预算监督条例.md", "第二十四条第1款")
    assert _names(c.leads) == ["市人民政府"] and c.matter == "编制预算调整方案"


def test_who_sets_up_the_flood_command_and_what_it_does(corpus):
    # 「防汛指挥机构由谁设立、负责什么？」 北京市实施《防洪法》办法 第三十一条: 「A设立B，负责领导、组织和统一指挥…」
    (a, b) = _at(corpus, "local_laws/北京/北京市实施《防洪法》办法.md", "第三十一条第1款")
    assert _names(a.leads) == ["市和区、县人民政府"] and a.matter == "设立防汛指挥机构"
    assert _names(b.leads) == ["防汛指挥机构"] and b.matter.startswith("领导、组织和统一指挥")


def test_cooperating_departments_end_before_a_further_list():
    # 「A会同B、C等部门以及相关行业主管部门建立X」 (a shape met in 深圳经济特区数据条例): 以及 continues the list of
    # cooperating parties, it does not start the matter
    (c,) = read_text_clauses("第一条 市网信部门应当会同市工业和信息化、公安等部门以及相关行业主管部门建立健全个人数据保护"
                             "监督管理联合工作机制，加强统筹和指导。\n", "law")
    assert _names(c.cooperating) == ["工业和信息化部门", "公安部门"] and c.matter == "建立健全个人数据保护监督管理联合工作机制"


def test_who_reviews_the_fund_budget_draft():
    # 「A负责编制X，报B审核」 (上海市医疗保障条例's shape): B approves what A drafts; 本级/同级 governments are left out
    got = read_text_clauses("第一条 市医疗保障经办机构负责编制下一年度基本医疗保险基金预算草案，报市医疗保障部门审核。\n", "law")
    assert [(_names(c.leads), c.verb, c.level) for c in got] == [(["医疗保障经办机构"], "负责", "市"),
                                                                 (["医疗保障部门"], "审批", "市")]
    assert got[1].matter == "下一年度基本医疗保险基金预算草案"


def test_a_body_named_with_its_short_name_before_a_comma():
    # 「市、区人大常委会预算工作委员会（以下简称人大常委会预算工委），协助人大财经委承担…」: the alias does not cut the
    # holder phrase from its predicate after the comma
    (c,) = read_text_clauses("第一条 市、区人大常委会预算工作委员会（以下简称人大常委会预算工委），协助人大财经委承担审查预算"
                             "方面的具体工作。\n", "law")
    assert _names(c.leads) == ["人大财经委"] and _names(c.cooperating) == ["人大常委会预算工作委员会"]


def test_who_draws_up_the_water_source_plan_and_who_helps(corpus):
    # 「供水水源规划由谁编制？」 上海市供水管理条例: 「市人民政府组织市城市规划、水务、地质矿产、环境保护部门编制…规划」 —
    # the organiser leads, the departments it organises cooperate
    c = next(c for c in read_clauses(corpus / "local_laws/上海/上海市供水管理条例.md") if "供水水源开发利用规划" in c.matter)
    assert _names(c.leads) == ["市人民政府"] and c.verb == "牵头"
    assert {"水务部门", "环境保护部门"} <= set(_names(c.cooperating))


# ---- round 5 (issue 13): forms of the fresh tune documents ----

def test_departments_that_only_help_are_cooperating_and_their_own_measures_are_theirs(corpus):
    # 重庆市邮政条例 第五条: 「发展改革、财政…等部门在各自职责范围内，协助做好邮政市场监督管理工作，并采取措施支持…」
    help_, own = _clauses(corpus, "local_laws/重庆/重庆市邮政条例.md", 19)
    assert not help_.leads and help_.generic and help_.joint and help_.verb == "协助"
    assert len(help_.cooperating) == 15 and "公安部门" in _names(help_.cooperating)
    assert help_.matter == "邮政市场监督管理工作"
    assert _names(own.leads) == _names(help_.cooperating) and own.matter == "采取措施支持邮政企业提供普遍服务"


def test_an_application_is_decided_by_the_body_it_goes_to(corpus):
    # 上海市音像制品管理条例 第十条: 「申请设立音像出版单位的，应当报市出版主管部门审核。…提出审核意见；审核同意的，报上级
    # 出版主管部门审批。」 — the matter is what is applied for, not 「提出审核意见」.
    first, upper = _clauses(corpus, "local_laws/上海/上海市音像制品管理条例.md", 77)
    assert (_names(first.leads), first.level, first.verb) == (["出版主管部门"], "市", "审批")
    assert first.matter == upper.matter == "申请设立音像出版单位" and _names(upper.leads) == ["上级出版主管部门"]
    # 重庆市邮政条例: 「邮政企业设置、撤销、变更邮政营业场所，应当提前书面告知邮政管理部门。」
    (told,) = _clauses(corpus, "local_laws/重庆/重庆市邮政条例.md", 45)
    assert _names(told.leads) == ["邮政管理部门"] and told.matter == "邮政企业设置、撤销、变更邮政营业场所"


def test_named_counties_after_the_city_are_governments_of_their_own(corpus):
    # 洛阳市陆浑水库饮用水水源保护条例 第四条: 「市人民政府和嵩县、栾川县人民政府应当…」; 第五条's items under
    # 「市人民政府和嵩县、栾川县人民政府有关部门按照职责做好…下列工作：」 are at those levels.
    doc = "local_laws/河南/洛阳市陆浑水库饮用水水源保护条例.md"
    (c,) = _clauses(corpus, doc, 17)
    assert _names(c.leads) == ["市人民政府", "嵩县人民政府", "栾川县人民政府"] and c.level == "市、县"
    (item,) = _clauses(corpus, doc, 25)
    assert _names(item.leads) == ["生态环境主管部门"] and item.level == "市、县" and item.verb == "监督管理"


def test_guidance_authorisation_and_responsibility_give_duties(corpus):
    doc = "local_laws/北京/北京市森林资源保护管理条例.md"
    # 「乡、镇林业工作站受区、县林业行政主管部门的业务指导。」
    (guide,) = _clauses(corpus, doc, 17)
    assert (_names(guide.leads), guide.matter, guide.level) == (["林业行政主管部门"], "业务指导", "县")
    # 「市人民政府可以授权市林业行政主管部门对跨区、县的国有林场经营的森林…登记造册」: the body authorised holds it.
    (auth,) = _clauses(corpus, doc, 63)
    assert _names(auth.leads) == ["林业行政主管部门"] and auth.matter.startswith("跨区、县的国有林场")
    # 「村民委员会或者农村集体经济组织以及国有林场、铁路…等有林单位应当建立护林组织」: owners' obligations, no holder.
    assert _clauses(corpus, doc, 33) == []
    # 上海市公共文化服务保障与促进条例: 「各级人民政府是本行政区域公共文化服务的责任主体」
    (resp,) = _clauses(corpus, "local_laws/上海/上海市公共文化服务保障与促进条例.md", 15)
    assert _names(resp.leads) == ["各级人民政府"] and resp.matter == "本行政区域公共文化服务"


def test_a_plan_reviewed_by_a_congress_before_approval(corpus):
    # 彭水…城乡建设管理条例 第十条: 「…由自治县人民政府组织编制，经自治县人民代表大会常务委员会审议后，报市人民政府审批；
    # 镇总体规划由镇人民政府组织编制，经镇人民代表大会审议通过后，报自治县人民政府审批；…」
    found = {(tuple(_names(c.leads)), c.verb, c.matter, c.level)
             for c in _clauses(corpus, "local_laws/重庆/彭水苗族土家族自治县城乡建设管理条例.md", 39)}
    assert (("自治县人民政府",), "负责", "自治县城乡总体规划和城市总体规划", "县") in found
    assert (("人民代表大会常务委员会",), "负责", "自治县城乡总体规划和城市总体规划", "县") in found
    assert (("市人民政府",), "审批", "自治县城乡总体规划和城市总体规划", "市") in found
    assert (("人民代表大会",), "负责", "镇总体规划", "乡") in found and (("自治县人民政府",), "审批", "镇总体规划", "县") in found


def test_supervision_named_later_in_a_sentence_is_a_duty_of_its_own(corpus):
    # 「体育主管部门负责组织、指导全民健身活动，推进公共体育设施向社会开放，监督、管理公共体育设施。」
    organise, supervise = _clauses(corpus, "local_laws/上海/上海市公共文化服务保障与促进条例.md", 29)
    assert organise.matter == "组织、指导全民健身活动" and organise.verb == "负责"
    assert supervise.matter == "公共体育设施" and supervise.verb == "监督管理" and _names(supervise.leads) == ["体育主管部门"]


@pytest.mark.parametrize("phrase, names, level", [
    ("市人民代表大会及其常务委员会", ["人民代表大会", "市人民代表大会常务委员会"], "市"),
    ("市和相关区人民政府", ["市和相关区人民政府"], "市、县"),
    ("自治县人民政府城乡规划主管部门", ["城乡规划主管部门"], "县"),
    ("县级以上人民政府乡镇企业行政管理部门", ["乡镇企业行政管理部门"], "县级以上"),
    ("乡（镇）、街道兽医机构", ["兽医机构"], "乡"),
])
def test_holder_names_and_levels(phrase, names, level):
    holders, generic = split_holders(phrase)
    assert not generic and _names(holders) == names and all(h.level == level for h in holders)


def test_departments_of_coordinated_governments_are_generic():
    assert split_holders("市人民政府和嵩县、栾川县人民政府有关部门") == ([], True)


def test_a_body_told_to_refuse_an_approval_is_the_one_that_grants_it(corpus):
    # 北京市无障碍设施建设和管理条例: 「…未经…审查合格的，建设行政主管部门不得办理施工许可证件」
    (c,) = _clauses(corpus, "local_laws/北京/北京市无障碍设施建设和管理条例.md", 73)
    assert _names(c.leads) == ["建设行政主管部门"] and c.verb == "审批"
    assert c.matter == "施工许可证件" and c.condition.endswith("审查合格的")
    (c,) = read_text_clauses("申请人不符合条件的，市场监督管理部门不予登记。", "law", {})
    assert _names(c.leads) == ["市场监督管理部门"] and (c.matter, c.verb) == ("登记", "审批")


def test_a_body_that_deals_with_breaches_of_duty_holds_that_duty(corpus):
    # N11 (二十一): the 监察部门 deals with 失职、渎职 — not an accountability article; the second sentence's
    # matter is the act dealt with, the occasion its condition.
    found = _clauses(corpus, "notices/N11_无证无照经营查处_部门职责_第二十一至二十四项.txt", 8)
    assert [_names(c.leads) for c in found] == [["监察部门"], ["监察部门"]]
    assert found[0].matter.startswith("落实查处取缔无证无照经营行为工作责任情况")
    assert (found[1].matter, found[1].condition) == ("吃拿卡要的行为", "借查处取缔之机")
    # …while an accountability sentence still gives nobody a duty.
    assert read_text_clauses("工作人员玩忽职守、失职渎职的，依法给予处分。", "law", {}) == []


def test_an_escalated_dispute_is_decided_by_the_body_it_goes_to(corpus):
    # 重庆市林地保护管理条例: 「集体林地的权属争议，由乡（民族乡、镇）人民政府调处；协调不成的，报区县（自治县、市）人民政府
    # 处理；跨区县（自治县、市）的，报市人民政府处理。」 — three bodies, one matter, each under its condition.
    found = _clauses(corpus, "local_laws/重庆/重庆市林地保护管理条例.md", 63)
    assert [c.matter for c in found] == ["集体林地的权属争议"] * 3
    assert [c.condition for c in found] == ["", "协调不成的", "跨区县（自治县、市）的"]
    assert [c.level for c in found] == ["乡", "县", "市"] and {c.verb for c in found} == {"负责"}


def test_bodies_organised_for_an_act_cooperate_on_it(corpus):
    # 汕头经济特区预防与化解纠纷促进条例: 「镇人民政府、街道办事处应当组织协调辖区内公安、民政…等有关单位，村（居）民委员会
    # 和调解组织等，开展纠纷预防、排查和化解工作。」
    c = _clauses(corpus, "local_laws/广东/汕头经济特区预防与化解纠纷促进条例.md", 27)[0]
    assert _names(c.leads) == ["镇人民政府", "街道办事处"] and c.verb == "牵头"
    assert c.matter == "开展纠纷预防、排查和化解工作"
    assert {"公安部门", "民政部门", "城市管理部门", "村（居）民委员会"} <= set(_names(c.cooperating))


def test_the_body_whose_supervision_is_accepted_supervises(corpus):
    # 北京市社会治安综合治理条例: 「各单位的社会治安综合治理工作，…接受所在地社会治安综合治理委员会的指导、协调和检查。」
    (c,) = _clauses(corpus, "local_laws/北京/北京市社会治安综合治理条例.md", 33)
    assert _names(c.leads) == ["社会治安综合治理委员会"] and c.verb == "监督管理"
    assert c.matter == "各单位的社会治安综合治理工作"


def test_a_duties_heading_with_de_carries_its_body_to_the_items(corpus):
    # 「市、区、县社会治安综合治理委员会的职责：（一）…（二）…」
    found = _clauses(corpus, "local_laws/北京/北京市社会治安综合治理条例.md", 41)
    assert [_names(c.leads) for c in found] == [["社会治安综合治理委员会"]] and found[0].level == "市、县"


def test_unnamed_units_of_a_body_are_no_holders_of_their_own():
    assert _names(split_holders("各级人民政府及其部门")[0]) == ["各级人民政府"]
    assert _names(split_holders("合作区执行委员会及其工作机构")[0]) == ["合作区执行委员会"]
    assert _names(split_holders("公安机关及其交通管理部门")[0]) == ["公安机关", "交通管理部门"]
    # a list of departments' fields closed by 「等有关单位」 names departments
    assert _names(split_holders("辖区内公安、民政等有关单位")[0]) == ["公安部门", "民政部门"]
    assert split_holders("铁路、公路等有关单位")[0] == []


def test_a_matter_submitted_for_approval_is_approved_by_the_body_it_goes_to():
    (c,) = read_text_clauses("工会组织的建立、分立、合并，必须报上一级工会批准。", "law", {})
    assert (_names(c.leads), c.matter, c.verb) == (["上一级工会"], "工会组织的建立、分立、合并", "审批")


def test_a_decision_on_an_application_names_what_is_decided(corpus):
    # 上海市企业名称登记管理规定: 「申请登记注册的企业名称除…外，登记机关应当予以核准。」「对受理的企业名称登记注册申请，…，
    # 登记机关应当当场作出核准或者驳回的决定」
    doc = "local_laws/上海/上海市企业名称登记管理规定.md"
    (c,) = _clauses(corpus, doc, 47)
    assert (_names(c.leads), c.matter, c.verb) == (["登记机关"], "申请登记注册的企业名称", "审批")
    assert {c.matter for c in _clauses(corpus, doc, 61)} == {"受理的企业名称登记注册申请"}
    # 上海市人才流动条例: 「单位需要从外省市引进…人才，向市或者区、县人事局提出申请」
    (c,) = _clauses(corpus, "local_laws/上海/上海市人才流动条例.md", 83)
    assert c.matter == "从外省市引进本市紧缺、急需的人才" and c.verb == "审批"


def test_an_appointments_heading_carries_its_body_to_the_items(corpus):
    # 广东省各级人民代表大会常务委员会人事任免办法 第三条: 「人民代表大会常务委员会任免或者通过…的下列职务：（一）…」
    found = _clauses(corpus, "local_laws/广东/广东省各级人民代表大会常务委员会人事任免办法.md", 15)
    assert found and {h.name for c in found for h in c.leads} == {"人民代表大会常务委员会"}


def test_the_body_whose_consent_is_needed_approves():
    (c,) = read_text_clauses("涉及国家秘密的人员的流动，应当事先征得保密部门的同意，并按照有关规定办理。", "law", {})
    assert (_names(c.leads), c.matter, c.verb) == (["保密部门"], "涉及国家秘密的人员的流动", "审批")
