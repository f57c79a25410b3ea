"""三定 provisions: Provision, 主要职责 as Duty, 内设机构 with duties, 职责分工 clauses."""
from __future__ import annotations

from graph.embedded import EmbeddedStore
from graph.model import Rel
from ingest.sanding import clean_text, department_from_title, import_sanding, parse_sanding


def test_corpus_files(legal_graph):
    store, reports = legal_graph
    by_file = {r.path.rsplit("/", 1)[-1][:4]: r for r in reports["sanding"]}
    assert all(r.balanced and not r.error for r in reports["sanding"])
    assert by_file["SD01"].rows_loaded == 4   # (一)…(四): the stored page stops in (四)
    assert by_file["SD02"].rows_loaded == 4
    # 市城管局 (一)-(六), 市城管执法局 (一)-(三), and the bureau's own 「是主管全市市政、环卫…工作的市政府直属机构」
    # (issue 13's clause reader; it was 9: the sentence outside the numbered lists was lost).
    assert by_file["SD09"].rows_loaded == 10
    # SD04: 「国家环保局要履行…对全国环境保护工作实施统一监督管理的职责」 (was 0: only 职能转变 survives).
    assert by_file["SD04"].rows_loaded == 1
    provs = {p.props["title"]: p for p in store.iter_nodes("Provision")}
    smr = provs["国家市场监督管理总局职能配置、内设机构和人员编制规定"]
    duties = [store.get_node(e.dst).props for e in store.edges_from(smr.id, Rel.DEFINES.value)]
    assert sorted(d["number"] for d in duties) == ["(一)", "(三)", "(二)", "(四)"]
    assert any(d["text"].startswith("负责市场主体统一登记注册") for d in duties)  # traditional → simplified
    assert store.get_node(smr.props["department"]).props["name"] == "国家市场监督管理总局"


def test_merged_office_duties_go_to_each_body(legal_graph):
    store, _ = legal_graph
    holders = {}
    for d in store.iter_nodes("Duty"):
        if d.props["dataset"].startswith("SD09"):
            owner = store.get_node(store.edges_to(d.id, Rel.HOLDS.value)[0].src).props["name"]
            holders.setdefault(owner, 0)
            holders[owner] += 1
    assert holders == {"市城管局": 6, "市城管执法局": 3, "深圳市城市管理局": 1}


def test_a_county_or_city_provision_is_that_regions(legal_graph):
    """新宁县农业农村局's and 深圳市城市管理局's duties are held in 新宁县 and 深圳市 (title and header
    level), so that they answer there before anything else; a ministry's stay national."""
    store, reports = legal_graph
    by_file = {r.path.rsplit("/", 1)[-1][:4]: r for r in reports["sanding"]}
    assert (by_file["SD08"].region, by_file["SD09"].region, by_file["SD01"].region) == ("430528", "440300", "")
    regions = {}
    for d in store.iter_nodes("Duty"):
        regions.setdefault(d.props["dataset"][:4], set()).add(d.props["region"])
    assert regions["SD08"] == {"430528"} and regions["SD09"] == {"440300"}
    assert regions["SD01"] == regions["SD02"] == {""}
    owner = [d for d in store.iter_nodes("Department") if d.props["name"] == "深圳市城市管理局"][0]
    assert owner.props["region"] == "440300"


def test_internal_unit(legal_graph):
    store, _ = legal_graph
    unit = [d for d in store.iter_nodes("Department") if d.props["name"] == "县委农办秘书股"][0]
    assert unit.props["kind"] == "内设机构"
    assert store.get_node(unit.props["parent"]).props["name"] == "新宁县农业农村局"
    duty = store.get_node(store.edges_from(unit.id, Rel.HOLDS.value)[0].dst)
    assert duty.props["text"] == "处理县委农办日常事务"


def test_division_clauses(tmp_path):
    # The corpus pages stop before any 职责分工 section; this text is written for the test in the
    # 三定 format (第X条 … 有关职责分工), it is not a quotation.
    path = tmp_path / "SDX_测试局三定.txt"
    path.write_text(
        "source: test\ntitle: 测试市市场监督管理局职能配置、内设机构和人员编制规定\ndate: 2019-01\nlevel: city\nnote: test\n\n"
        "第三条 测试市市场监督管理局主要职责是:\n(一)负责市场综合监督管理。\n(二)负责市场主体统一登记注册。\n"
        "第四条 内设机构\n(一)办公室。负责机关日常运转。\n(二)登记注册科。负责市场主体登记注册。\n"
        "第五条 职责分工\n(一)与测试市商务局的有关职责分工。测试市商务局负责拟订药品流通发展规划，测试市市场监督管理局负责药品经营的监督管理。\n"
        "(二)与测试市农业农村局的有关职责分工。测试市农业农村局负责食用农产品从种植养殖环节到进入批发、零售市场或生产加工企业前的质量安全监督管理。\n"
        "(三)与测试市卫生健康委员会的有关职责分工。食品安全事故的调查处理由测试市市场监督管理局牵头，测试市卫生健康委员会配合。\n",
        encoding="utf-8")
    store = EmbeddedStore()
    report = import_sanding(store, path, region="")
    assert report.balanced and report.rows_loaded == 2 + 2 + 3
    clauses = list(store.iter_nodes("DivisionClause"))
    assert sorted(c.props["name"] for c in clauses) == ["与测试市农业农村局的有关职责分工", "与测试市卫生健康委员会的有关职责分工",
                                                        "与测试市商务局的有关职责分工"]
    c = [c for c in clauses if "商务局" in c.props["name"]][0]
    assert c.props["text"].startswith("测试市商务局负责拟订药品流通发展规划")
    sides = sorted(store.get_node(e.dst).props["name"] for e in store.edges_from(c.id, Rel.DIVIDES.value))
    assert sides == ["测试市商务局", "测试市市场监督管理局"]
    # 「A负责X，B负责Y」: both sides lead, each on its own matter (the clause reader's reading, on the edge).
    roles = {(store.get_node(e.dst).props["name"], e.props["role"], e.props["matters"])
             for e in store.edges_from(c.id, Rel.DIVIDES.value)}
    assert roles == {("测试市商务局", "lead", "拟订药品流通发展规划"), ("测试市市场监督管理局", "lead", "药品经营的监督管理")}
    # 「X由A牵头，B配合」: A leads, B cooperates, on X.
    (health,) = [c for c in clauses if "卫生健康" in c.props["name"]]
    roles = {(store.get_node(e.dst).props["name"], e.props["role"], e.props["matters"])
             for e in store.edges_from(health.id, Rel.DIVIDES.value)}
    assert roles == {("测试市市场监督管理局", "lead", "食品安全事故的调查处理"),
                     ("测试市卫生健康委员会", "cooperate", "食品安全事故的调查处理")}
    assert health.props["lead_text"] == "测试市市场监督管理局" and health.props["cooperate_text"] == "测试市卫生健康委员会"
    units = sorted(d.props["name"] for d in store.iter_nodes("Department") if d.props["kind"] == "内设机构")
    assert units == ["办公室", "登记注册科"]


def test_helpers():
    assert clean_text("國家市場監(jiān)督管理總局") == "国家市场监督管理总局"
    assert department_from_title("国务院办公厅关于印发国家环境保护局职能配置、内设机构和人员编制方案的通知") == "国家环境保护局"
    p = parse_sanding("title: 自然资源部职能配置、内设机构和人员编制规定\n\n主要职责是: (一)负责甲。(二)负责乙。")
    assert [d.number for d in p.duties] == ["(一)", "(二)"]
