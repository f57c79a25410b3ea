"""Department scorecards on the real 广安区 lists and the corpus: do the counts match the graph and
the published rows, does every listed problem belong to its department, do the indicator file's
edits change the scores, and does every score explain itself down to its rows?"""
from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime

import pytest

from graph.analyses.gaps import find_gaps
from graph.analyses.overlaps import find_overlaps
from graph.analyses.scorecard import ScorecardError, scorecard
from graph.analyses.scorecard_indicators import DEFAULT_FILE, IndicatorError, load_indicators
from graph.analyses.scope import departments
from graph.model import Rel
from supervision_support import CORPUS, GUANG_AN, L05, dept_id, gstore, supervision_graph_file  # noqa: F401
from test_analyses_support import reimport, revise_l05, rewrite_csv, sample

AS_OF = datetime(2025, 4, 1)


def _cards(store, **kw):
    return {c.department: c for c in scorecard(store, GUANG_AN, as_of=AS_OF, **kw).departments}


def test_items_held_per_department_sum_to_the_published_rows(gstore):
    """Each department holds exactly the L05 rows that name it as 实施主体, and the departments
    together hold all 1,135 rows (L05 has one 实施主体 per row)."""
    cards = _cards(gstore)
    with open(CORPUS / "lists" / L05, encoding="utf-8") as fh:
        per_name = Counter(row["实施主体"] for row in csv.DictReader(fh))
    assert sum(c.items_by_dataset.get(L05, 0) for c in cards.values()) == sum(per_name.values()) == 1135
    depts = departments(gstore, GUANG_AN)
    for short, n in per_name.items():
        name = depts[dept_id(gstore, short)].props["name"]
        assert cards[name].items_by_dataset.get(L05) == n, short
        assert sum(cards[name].items_by_type.values()) == cards[name].measures["items_held"].value


def test_items_held_by_type_match_the_holds_edges_of_the_graph(gstore):
    cards = _cards(gstore)
    region_depts = departments(gstore, GUANG_AN)
    edges = Counter(e.src for e in gstore.iter_edges(Rel.HOLDS.value)
                    if e.src in region_depts and e.props.get("current") is not False
                    and (gstore.get_node(e.dst).props.get("region") or "").startswith(GUANG_AN))
    assert {c.department_id: int(c.measures["items_held"].value) for c in cards.values() if edges[c.department_id]} \
        == dict(edges)
    market = cards["广安市广安区市场监督管理局"]
    assert market.items_by_type["行政裁决"] == 2 and market.items_by_type["行政协助事项"] == 3


def test_every_gap_listed_belongs_to_its_department_and_none_is_lost(gstore, tmp_path):
    # A revised L05 drops 乡村建设规划许可证核发: 城乡规划法 gives it to 区自然资源和规划局, whose card
    # then lists that gap. (「有关许可审批和行业主管部门」 is a generic holder: no department, no card.)
    reimport(gstore, rewrite_csv(sample(L05), tmp_path, revise_l05))
    cards = _cards(gstore)
    assert not any(name.startswith(("有关", "各")) for name in cards)
    listed = set()
    for c in cards.values():
        for row in c.measures["gaps"].rows:
            assert c.department_id in row["nodes"], (c.department, row["name"])
            listed.add(row["name"])
    expected = {f.title_zh for f in find_gaps(gstore, GUANG_AN, kinds=["mandate", "duty", "territorial", "stale"])
                if any(n in {c.department_id for c in cards.values()} for n in f.nodes)}
    assert listed == expected and any("乡村建设规划许可证" in x for x in listed)


def test_a_duplicated_item_is_an_unsettled_overlap_of_both_departments_only(gstore, tmp_path):
    """A revised L05 gives 燃气经营许可证新办 to 区行政审批局 as well as 区住建局."""
    def duplicate(header, rows):
        dept, name, code = header.index("实施主体"), header.index("事项名称"), header.index("事项编码")
        twin = next(list(r) for r in rows if r[name] == "燃气经营许可证新办")
        twin[dept], twin[0] = "区行政审批局", "1136"
        twin[code] = twin[code].replace("-1-00", "-2-00")
        return rows + [twin]

    reimport(gstore, rewrite_csv(sample(L05), tmp_path, duplicate))
    clusters = [c for c in find_overlaps(gstore, GUANG_AN) if any(i["name"] == "燃气经营许可证新办" for i in c.items)]
    assert len(clusters) == 1 and not clusters[0].settled
    cards = _cards(gstore)
    holders = {d["name"] for d in clusters[0].departments}
    assert holders == {"广安市广安区住房和城乡建设局", "广安市广安区行政审批局"}
    for c in cards.values():
        rows = c.measures["unsettled_overlaps"].rows
        assert bool(rows) == (c.department in holders), c.department
        for row in rows:
            assert c.department_id in row["nodes"] and row["status"] == "未定分工"
            assert any("L05" in s for s in row["sources"])
    builder = cards["广安市广安区住房和城乡建设局"]
    deduction = next(s for s in builder.indicators if s.indicator.metric == "unsettled_overlaps")
    assert deduction.score == -2 and "1 项 × 2 分" in deduction.explanation_zh


def test_an_item_removed_from_the_list_lowers_coverage_and_shows_as_a_list_change(gstore, tmp_path):
    """After the revised L05 drops 乡村建设规划许可证核发, the 城乡规划法 duty of 区自然资源和规划局
    has no item; the change is counted for the department in the period of the new version."""
    before = _cards(gstore)["广安市广安区自然资源和规划局"].measures["duty_coverage"]
    assert (before.numerator, before.denominator) == (1, 1)
    reimport(gstore, rewrite_csv(sample(L05), tmp_path, revise_l05))
    today = datetime.now().date().isoformat()
    card = _cards(gstore, since=today)["广安市广安区自然资源和规划局"]
    cov = card.measures["duty_coverage"]
    assert (cov.numerator, cov.denominator) == (0, 1)
    (row,) = cov.rows
    assert row["status"] == "未承接" and row["name"] == "乡村建设规划许可证"
    changes = card.measures["list_changes"].rows
    assert [(c["status"], c["name"]) for c in changes] == [("删除", "乡村建设规划许可证核发")]
    score = next(s for s in card.indicators if s.indicator.metric == "duty_coverage")
    assert score.score == 0 and "0/1" in score.explanation_zh
    assert _cards(gstore, until="2000-01-01")["广安市广安区自然资源和规划局"].measures["list_changes"].value == 0


def test_an_edited_indicator_file_changes_the_scores(gstore, tmp_path):
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    lines = text.splitlines()
    basis = next(i for i, ln in enumerate(lines) if ",basis_rate," in ln)
    cells = next(csv.reader([lines[basis]]))
    cells[5] = "40"                              # 清单事项有依据比例: 10 → 40 分
    lines[basis] = ",".join(f'"{c}"' if "," in c else c for c in cells)
    lines = [ln for ln in lines if ",broken_chains," not in ln]   # 审管联动断链 no longer deducted
    edited = tmp_path / "我区指标.csv"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    old, new = _cards(gstore), _cards(gstore, indicators_file=str(edited))
    approvals = "广安市广安区行政审批局"
    o, n = old[approvals], new[approvals]
    ratio = o.measures["basis_rate"].value
    chains = next(s.score for s in o.indicators if s.indicator.metric == "broken_chains")
    assert chains < 0 and not any(s.indicator.metric == "broken_chains" for s in n.indicators)
    assert n.score == pytest.approx(o.score + 30 * ratio - chains, abs=0.02)
    assert n.max_score == o.max_score + 30
    assert any(old[d].score != new[d].score for d in old if d != approvals)


def test_bad_indicator_files_are_refused_naming_file_row_and_column(tmp_path):
    bad = tmp_path / "指标.csv"
    header = "一级指标,二级指标,三级指标,指标代码,计分方式,分值,单项分值,说明,来源\n"
    for body, words in [("核心业务,a,b,no_such_metric,比例,10,,,\n", ("第 2 行", "指标代码", "no_such_metric")),
                        ("加分项,a,b,gaps,扣分,10,2,,\n", ("第 2 行", "一级指标")),
                        ("负面指标,a,b,gaps,扣分,十,2,,\n", ("第 2 行", "分值", "十")),
                        ("负面指标,a,b,gaps,比例,10,,,\n", ("第 2 行", "计数")),
                        ("负面指标,a,b,gaps,扣分,10,,,\n", ("第 2 行", "单项分值"))]:
        bad.write_text(header + body, encoding="utf-8")
        with pytest.raises(IndicatorError) as exc:
            load_indicators(bad)
        assert all(w in str(exc.value) for w in ("指标.csv", *words)), str(exc.value)
    bad.write_text("指标,分值\n", encoding="utf-8")
    with pytest.raises(IndicatorError, match="表头缺少"):
        load_indicators(bad)


def test_the_default_indicators_cite_the_seed_articles():
    rows = load_indicators()
    assert {r.level1 for r in rows} == {"核心业务", "评价指标", "负面指标"}
    assert all(r.source and any(w in r.source for w in ("垦利", "诸城", "奎文", "长岛", "厦门")) for r in rows)


def test_every_score_explains_itself_down_to_its_rows(gstore):
    for c in _cards(gstore).values():
        assert c.score == pytest.approx(sum(s.score for s in c.indicators), abs=0.01)
        assert c.max_score == pytest.approx(sum(s.max_score for s in c.indicators), abs=0.01)
        for s in c.indicators:
            m = c.measures[s.indicator.metric]
            assert s.explanation_zh and s.rows == m.rows
            if s.indicator.method == "比例" and s.applicable:
                assert len(s.rows) == m.denominator and f"{m.numerator}/{m.denominator}" in s.explanation_zh
            if s.indicator.method == "扣分":
                assert len(s.rows) == m.value and all(r.get("sources") for r in s.rows)


def test_assistance_duties_are_counted_with_their_time_limits(gstore):
    """区市监局 assists 区公安分局 twice: a 行政协助 row (时限「及时」: none stated) and a 部门间办事 row
    (「5个工作日」, built sample)."""
    card = _cards(gstore)["广安市广安区市场监督管理局"]
    given = card.measures["assistance_given"].rows
    assert sorted((r["category"], r["status"]) for r in given) == sorted([("部门间办事", "有时限"), ("行政协助", "无时限")])
    rate = card.measures["assistance_time_limit_rate"]
    assert (rate.numerator, rate.denominator) == (1, 2)


def test_one_department_by_alias_and_unknown_ones_refused(gstore):
    (card,) = scorecard(gstore, GUANG_AN, department="区市监局", as_of=AS_OF).departments
    assert card.department == "广安市广安区市场监督管理局"
    with pytest.raises(ScorecardError, match="没有名为「区火星局」的部门"):
        scorecard(gstore, GUANG_AN, department="区火星局")
    with pytest.raises(ScorecardError, match="对应多个部门"):
        scorecard(gstore, GUANG_AN, department="广安区")
