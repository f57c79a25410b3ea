"""Boundary gaps on the real corpus: what the unmodified graph yields, exactly and why, and that
each seeded fault (a dropped mandated item, a removed supervisor, a reform rename) is found."""
from __future__ import annotations

from collections import Counter

import pytest

from graph.analyses.findings import findings_csv
from graph.analyses.gaps import GapKindError, find_gaps
from graph.analyses.gaps_mandate import judgeable_mandates, permit_of
from graph.model import Rel
from test_analyses_support import (GUANG_AN, L05, LINKAGE, ROSTER, corpus_graph_file, corpus_store,  # noqa: F401
                                   reimport, rewrite_csv, sample)


def _kinds(findings):
    return Counter(f.kind for f in findings)


# ---- the unmodified corpus ---------------------------------------------------------------
def test_unmodified_corpus_gives_exactly_the_explained_findings(corpus_store):
    gaps = find_gaps(corpus_store)
    assert _kinds(gaps) == {
        # 区行政审批局 grants 316 行政许可 of L05; the sample 审管联动 list names supervisors for 8 of
        # them, which also covers the other steps (延续/变更/注销…) of the same 事项分组: 35 in all.
        "approval_no_supervisor": 281,
        # 属地管理 sample row 6 names "有关许可审批和行业主管部门": a 泛指, not a department.
        "territorial_no_lead": 1,
        # No list of 广安区, 磁县 or 安丘市 carries a 行政检查/行政处罚 item: the chains' second half
        # cannot be checked there, said once per county instead of once per approval.
        "coverage": 3,
    }
    # Every unsupervised approval is one the 行政审批局 grants.
    for f in gaps:
        if f.kind == "approval_no_supervisor":
            assert f.region == GUANG_AN
            assert f.data["approvers"] == ["广安市广安区行政审批局"]
    (vague,) = [f for f in gaps if f.kind == "territorial_no_lead"]
    assert "未取得许可从事经营活动" in vague.title_zh and "有关许可审批和行业主管部门" in vague.detail_zh
    assert {f.region for f in gaps if f.kind == "coverage"} == {"511602", "130427", "370784"}


def test_no_mandate_gap_in_guang_an_and_what_was_checked(corpus_store):
    """The permits the laws give a county body, and 广安区's lists hold each of them."""
    checked = {(m.type_name, m.permit) for m in judgeable_mandates(corpus_store, GUANG_AN)}
    # Department types by today's name (城乡规划主管部门 → 自然资源主管部门 after 机构改革).
    assert checked == {("公安机关", "剧毒化学品购买许可证"), ("农业农村主管部门", "动物诊疗许可证"),
                       ("城镇排水主管部门", "污水排入排水管网许可证"), ("水行政主管部门", "取水许可证"),
                       ("燃气管理部门", "燃气经营许可证"), ("自然资源主管部门", "乡村建设规划许可证")}
    assert find_gaps(corpus_store, GUANG_AN, kinds=["mandate"]) == []


def test_permit_of_reads_the_permit_a_sentence_names():
    assert permit_of("领取取水许可证") == "取水许可证"
    assert permit_of("从事动物诊疗活动的机构，应当向…申请动物诊疗许可证") == "动物诊疗许可证"
    assert permit_of("变更登记") == ""


def test_unknown_kind_is_refused_in_chinese(corpus_store):
    with pytest.raises(GapKindError, match="未知的空白类型"):
        find_gaps(corpus_store, kinds=["nonsense"])


def test_findings_explain_themselves(corpus_store):
    gaps = find_gaps(corpus_store, GUANG_AN, kinds=["approval"])
    f = next(f for f in gaps if f.kind == "approval_no_supervisor")
    assert f.sources and f.sources[0]["path"] == L05 and f.sources[0]["locator"].startswith("第 ")
    assert f.sources[0]["text"]  # the row as printed
    csv_text = findings_csv(gaps)
    assert csv_text.splitlines()[0].startswith("类型,kind,严重程度,地区,标题,说明,来源")
    assert len(csv_text.splitlines()) == len(gaps) + 1


# ---- seeded faults ------------------------------------------------------------------------
def test_dropping_an_item_a_law_mandates_is_a_gap(corpus_store, tmp_path):
    """A new version of L05 without 乡村建设规划许可证核发 (《城乡规划法》第四十一条)."""
    before = {f.title_zh for f in find_gaps(corpus_store, kinds=["mandate"])}
    new = rewrite_csv(sample(L05), tmp_path, lambda h, rows: [r for r in rows if r[3] != "乡村建设规划许可证核发"])
    reimport(corpus_store, new)
    after = find_gaps(corpus_store, kinds=["mandate"])
    added = [f for f in after if f.title_zh not in before]
    assert len(added) == 1 and len(after) == len(before) + 1
    (gap,) = added
    assert gap.kind == "mandate_unheld" and gap.region == GUANG_AN
    assert gap.data["law"] == "中华人民共和国城乡规划法" and gap.data["article"] == "第四十一条"
    assert gap.data["permit"] == "乡村建设规划许可证"
    assert gap.data["department"] == "广安市广安区自然资源和规划局"   # via the 机构改革 map
    assert "乡村建设规划许可证" in gap.detail_zh


def test_removing_the_supervisor_of_a_linkage_row_breaks_the_chain(corpus_store, tmp_path):
    """Row 1 of the 审管联动 list loses its 监管部门: the row still loads (the missing supervisor is the
    finding, not bad input), so 食品(含保健食品)经营许可 and the other steps of its group lose their supervisor."""
    before = {f.title_zh for f in find_gaps(corpus_store, GUANG_AN, kinds=["approval_no_supervisor"])}
    sup = None

    def drop_supervisor(header, rows):
        nonlocal sup
        col = header.index("监管部门")
        sup = rows[0][col]
        rows[0][col] = ""
        return rows

    new = rewrite_csv(sample(LINKAGE), tmp_path, drop_supervisor)
    report = reimport(corpus_store, new)
    assert report.rows_quarantined == 0 and report.files[0].gaps == {"监管部门": 1} and sup == "区市监局"
    after = [f for f in find_gaps(corpus_store, GUANG_AN, kinds=["approval"]) if f.kind != "coverage"]
    added = [f for f in after if f.title_zh not in before]
    assert len(added) == 11 and all(f.kind == "approval_no_supervisor" for f in added)
    assert "「食品(含保健食品)经营许可核发」没有监管部门" in {f.title_zh for f in added}
    group = {f.title_zh for f in added}
    # The whole 事项分组 食品（含保健食品）经营许可 and nothing else.
    assert all("食品(含保健食品)经营许可" in t for t in group), group
    assert len(after) == len(before) + len(added)


def test_a_supervisor_that_no_longer_resolves_is_named(corpus_store):
    """Graph-level fault: the SUPERVISES tie of a linkage row is retired; the row's text remains."""
    link = next(r for r in corpus_store.iter_nodes("LinkageItem") if r.props.get("name") == "取水许可证新办审批")
    (sup,) = corpus_store.edges_to(link.id, Rel.SUPERVISES.value)
    corpus_store.upsert_edges([sup.__class__(sup.src, sup.rel, sup.dst, {**sup.props, "current": False}, sup.key)])
    gaps = find_gaps(corpus_store, GUANG_AN, kinds=["approval_no_supervisor"])
    (f,) = [f for f in gaps if "取水许可证新办审批" in f.title_zh]
    assert "区水务局" in f.detail_zh and "未能对应" in f.detail_zh


def test_reform_rename_leaves_stale_references(corpus_store, tmp_path):
    """机构改革: the roster renames 区市场监督管理局; L05, the linkage and territorial lists still
    hand items to the old body, which is no longer in the roster."""
    assert find_gaps(corpus_store, kinds=["stale"]) == []
    old = "广安市广安区市场监督管理局"

    def rename(header, rows):
        for r in rows:
            if r[0] == old:
                r[0] = "广安市广安区市场监督管理和知识产权局"
                r[2] = "、".join(x for x in [old, "区市监局", "区市场监管局", r[2]] if x)
                r[1] = "区市场监管知识产权局"
        return rows

    reimport(corpus_store, rewrite_csv(sample(ROSTER), tmp_path, rename))
    stale = find_gaps(corpus_store, kinds=["stale"])
    assert [f.kind for f in stale] == ["stale_department"]
    (f,) = stale
    assert f.data["department"] == old and f.region == GUANG_AN
    # 17 L05 items, 2 linkage rows (supervisor), 1 territorial lead + 2 cooperations, 2 assistance rows.
    holds = [e for e in f.edges if e["rel"] == Rel.HOLDS.value]
    assert f.data["references"] >= 17 and holds
    assert any(s["path"] == L05 for s in f.sources)
    # The territorial row whose lead it was is now led by a body outside the roster.
    terr = find_gaps(corpus_store, kinds=["territorial"])
    assert any(g.kind == "territorial_lead_outside" and "无照经营行为的查处" in g.title_zh for g in terr)


def test_a_list_reissued_with_a_pre_reform_name_is_flagged(corpus_store, tmp_path):
    """After the rename, a new version of the 行政协助 list still says 区市监局: it resolves through
    the former name, and the list is flagged for reissue."""
    old = "广安市广安区市场监督管理局"

    def rename(header, rows):
        for r in rows:
            if r[0] == old:
                r[0], r[1] = "广安市广安区市场监督管理和知识产权局", "区市场监管知识产权局"
                r[2] = "、".join(x for x in [old, "区市监局", "区市场监管局", r[2]] if x)
        return rows

    reimport(corpus_store, rewrite_csv(sample(ROSTER), tmp_path, rename))
    assist = sample("示例_广安区_行政协助清单.csv")
    reissued = rewrite_csv(assist, tmp_path, lambda h, rows: rows + [
        ["4", "特种设备事故调查的技术协助", "区应急管理局", "区市监局", "及时", "", "511602000000", "测试", "测试"]])
    reimport(corpus_store, reissued)
    names = [f for f in find_gaps(corpus_store, kinds=["stale"]) if f.kind == "stale_name"]
    assert len(names) == 1
    assert names[0].data["written"] == "区市监局"
    assert names[0].data["department"] == "广安市广安区市场监督管理和知识产权局"


# ---- generic holders (有关部门, 各乡镇人民政府(街道办事处)): kept on the item, never a department ----
def test_the_townships_leading_a_territorial_row_are_a_lead_not_a_gap(corpus_store):
    gaps = find_gaps(corpus_store, GUANG_AN, kinds=["territorial", "stale"])
    # 属地 rows 1, 2 and 4 are led by 各乡镇人民政府(街道办事处): each township in its own territory.
    for name in ("辖区内违法建筑的日常巡查、发现报告和宣传劝阻", "违法建筑情况月报", "辖区内无证无照经营行为的发现和通报"):
        assert not [f for f in gaps if name in f.title_zh], name
    assert not [d for d in corpus_store.iter_nodes("Department") if d.props["name"].startswith(("各", "有关"))]


def test_a_linkage_row_supervised_by_a_placeholder_says_so(corpus_store, tmp_path):
    """Row 1 of the 审管联动 list names 「有关部门」 as its 监管部门: the chain has no supervisor, and says why."""
    def vague_supervisor(header, rows):
        rows[0][header.index("监管部门")] = "有关部门"
        return rows

    report = reimport(corpus_store, rewrite_csv(sample(LINKAGE), tmp_path, vague_supervisor))
    (f,) = report.files
    assert f.rows_quarantined == 0 and [(g.row, g.column, g.name) for g in f.generic] == [(4, "监管部门", "有关部门")]
    gaps = find_gaps(corpus_store, GUANG_AN, kinds=["approval_no_supervisor"])
    (food,) = [g for g in gaps if g.title_zh == "「食品(含保健食品)经营许可核发」没有监管部门"]
    assert "「有关部门」，这是泛指" in food.detail_zh


def test_a_task_led_only_by_a_placeholder_is_a_gap_naming_it(corpus_store, tmp_path, corpus):
    """成都's 分工表 (L02), row 3 as if its 责任单位 began with 各区(市)县政府(管委会): no department leads it."""
    def counties_lead(header, rows):
        col = header.index("责任单位")
        rows[2][col] = "各区(市)县政府(管委会),市生态环境局"
        return rows

    reimport(corpus_store, rewrite_csv(corpus / "lists" / "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv",
                                       tmp_path, counties_lead))
    gaps = [f for f in find_gaps(corpus_store, "510100", kinds=["stale"]) if f.kind == "generic_lead_only"]
    (f,) = gaps
    assert "加强家庭源危险废物处置的规范化管理" in f.title_zh and "「各区(市)县政府(管委会)」" in f.title_zh
    assert f.data["generic_holders"] == [{"name": "各区(市)县政府(管委会)", "role": "lead", "column": "责任单位", "duty": ""}]
    assert f.kind_zh == "清单只写泛指主体，无具体承担部门" and f.sources   # the list row, as evidence


def test_a_countys_sanding_duty_is_judged_only_where_the_county_has_lists(corpus_store, tmp_path):
    """三定职责无清单事项 asks whether a duty was decomposed into the region's lists: a 三定 of 广安区 (which has
    lists) is judged; 新宁县's and 深圳市's (corpus sanding/, no list of theirs imported) are not."""
    from ingest.sanding import import_sanding

    # Written for the test in the 三定 format; it is not a quotation.
    path = tmp_path / "SDX_广安区民政局三定.txt"
    path.write_text("source: test\ntitle: 广安市广安区民政局职能配置、内设机构和人员编制规定\ndate: 2019-03\n"
                    "level: county\nnote: test\n\n第三条 广安市广安区民政局主要职责是:\n"
                    "(一)负责全区婚姻登记管理工作。\n(二)负责全区行政区划地名管理和界线勘定工作。\n", encoding="utf-8")
    report = import_sanding(corpus_store, path)
    assert report.region == GUANG_AN and report.rows_loaded == 2
    found = [f for f in find_gaps(corpus_store, kinds=["duty"]) if f.kind == "duty_unheld"]
    assert {f.region for f in found} == {GUANG_AN}
    assert sorted(f.data["number"] for f in found) == ["(一)", "(二)"]
    assert all(f.data["provision"].startswith("广安市广安区民政局") for f in found)
