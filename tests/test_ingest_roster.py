"""A region's roster: what lists are resolved against, and how it reconciles with them."""
from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.model import Rel
from ingest.dispatch import ingest_paths
from ingest.lists import ingest_list
from ingest.roster import ingest_roster

REPO = Path(__file__).resolve().parents[1]
ROSTER = REPO / "ingest" / "samples" / "广安区_部门名册.csv"
HEADER = "部门名称,简称/别名,曾用名(机构改革前),类型\n"


def test_the_sample_roster_loads_35_bodies_with_aliases_and_former_names():
    store = EmbeddedStore(None)
    report = ingest_roster(store, ROSTER)
    assert (report.rows_read, report.rows_loaded, report.region) == (35, 35, "511602")
    [market] = [d for d in store.iter_nodes("Department") if d.props["name"] == "广安市广安区市场监督管理局"]
    assert market.props["in_roster"] and "区市监局" in market.props["aliases"]
    assert "区工商局" in market.props["former_names"]
    assert any("非官方" in n for n in report.notes)


def test_two_roster_rows_claiming_one_name_are_refused(tmp_path: Path):
    path = tmp_path / "广安区_部门名册.csv"
    path.write_text(HEADER + "广安市广安区市场监督管理局,区市监局,,部门\n广安市广安区质量技术监督局,区市监局,,部门\n"
                    "广安市广安区市场监督管理局,,,部门\n,区林业局,,部门\n", encoding="utf-8")
    report = ingest_roster(EmbeddedStore(None), path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 1, 3)
    reasons = {r.row: r.reason for r in report.rejections}
    assert "「区市监局」与第 2 行的「广安市广安区市场监督管理局」冲突" in reasons[3]
    assert "冲突" in reasons[4] and reasons[5] == "部门名称为空"


def test_a_roster_that_drops_a_department_marks_it_out_of_the_roster(tmp_path: Path):
    path = tmp_path / "广安区_部门名册.csv"
    path.write_text(HEADER + "广安市广安区林业局,区林业局,,部门\n广安市广安区水务局,区水务局,,部门\n", encoding="utf-8")
    store = EmbeddedStore(None)
    ingest_roster(store, path)
    path.write_text(HEADER + "广安市广安区水务局,区水务局,,部门\n", encoding="utf-8")
    report = ingest_roster(store, path)
    assert report.status == "updated" and any("广安市广安区林业局" in n for n in report.notes)
    [forest] = [d for d in store.iter_nodes("Department") if d.props["name"] == "广安市广安区林业局"]
    assert forest.props["in_roster"] is False


def test_a_roster_imported_after_the_list_absorbs_the_departments_the_list_created(corpus: Path):
    store = EmbeddedStore(None)
    ingest_list(store, corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv")
    roster = ingest_paths(store, [ROSTER]).files[0]
    assert roster.kind == "roster" and roster.rows_loaded == 35
    depts = [r for r in store.iter_nodes("Department") if r.props["region"] == "511602"]
    assert len(depts) == 35 and all(d.props["in_roster"] for d in depts)
    [police] = [d for d in depts if d.props["name"] == "广安市公安局广安区分局"]
    assert len(store.edges_from(police.id, Rel.HOLDS.value)) == 44
    assert "区公安分局" in police.props["aliases"]
    assert any("已并入名册部门「广安市公安局广安区分局」" in n for n in roster.notes)
