"""A list's region from what the file says: its 区划代码 rows, title, file name or departments.

The lists here are built from real division codes and real item names (from L05) and say so
in their first line (「示例数据，非正式公布清单」): the corpus has no list of 广东.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.region_tree import region_chain
from ingest.lists import ingest_list
from ingest.report import FileReport

DATA = Path(__file__).parent / "data" / "regions"


def loaded(report: FileReport) -> FileReport:
    assert report.status != "failed", report.error
    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    return report


def regions_of_items(store: EmbeddedStore) -> dict[str, str]:
    return {r.props["name"] + "@" + r.props["region"]: r.props["region"] for r in store.iter_nodes("PowerItem")}


def test_a_guangzhou_list_with_the_city_code_loads_every_row_in_guangzhou():
    store = EmbeddedStore(None)
    report = loaded(ingest_list(store, DATA / "广州市本级_政务服务事项_示例.csv"))
    assert report.rows_loaded == 6 and report.rows_quarantined == 0 and report.region == "440100"
    assert set(regions_of_items(store).values()) == {"440100"}
    assert {d.props["region"] for d in store.iter_nodes("Department")} == {"440100"}
    # the region tree is in the graph: 广州市 PART_OF 广东省
    assert {(e.src, e.dst) for e in store.iter_edges("PART_OF")} >= {("region:440100", "region:440000")}
    assert [r.code for r in region_chain(store, "440100")] == ["440100", "440000"]


def test_a_guangdong_list_puts_each_row_in_its_own_region():
    store = EmbeddedStore(None)
    report = loaded(ingest_list(store, DATA / "广东省_政务服务事项_按地市_示例.csv"))
    assert report.rows_loaded == 6 and report.rows_quarantined == 0
    by_region = sorted(regions_of_items(store).items())
    assert dict(by_region) == {
        "一般建设项目环境影响报告表审批（市级）@440300": "440300",
        "中国内地公民婚姻登记@440100": "440100",
        "中国内地公民婚姻登记@440106": "440106",
        "中国内地公民婚姻登记@440300": "440300",
        "中国内地公民婚姻登记@440600": "440600",
        "建设社会公共墓地审批@440000": "440000",
    }
    # the version belongs to the province the rows share, and every row's region hangs in the tree
    assert report.region == "440000"
    part_of = {(e.src, e.dst) for e in store.iter_edges("PART_OF")}
    assert {("region:440106", "region:440100"), ("region:440600", "region:440000")} <= part_of


def test_a_region_column_of_names_is_read_like_codes(tmp_path: Path):
    path = tmp_path / "政务服务事项.csv"
    path.write_text("序号,行政区划,实施主体,事项名称,事项类型\n"
                    "1,广州市,广州市民政局,中国内地公民婚姻登记,行政确认\n"
                    "2,深圳市,深圳市民政局,中国内地公民婚姻登记,行政确认\n"
                    "3,朝阳区,朝阳区民政局,中国内地公民婚姻登记,行政确认\n", encoding="utf-8")
    store = EmbeddedStore(None)
    report = ingest_list(store, path)
    assert (report.rows_loaded, report.rows_quarantined) == (2, 1)
    [rej] = report.rejections
    assert rej.row == 4 and rej.column == "行政区划" and "北京市朝阳区" in rej.reason and "长春市朝阳区" in rej.reason
    assert set(regions_of_items(store).values()) == {"440100", "440300"}


def test_the_departments_name_the_city_when_nothing_else_does():
    store = EmbeddedStore(None)
    report = loaded(ingest_list(store, DATA / "政务服务事项_按部门_示例.csv"))
    assert report.region == "440100"
    assert any("据部门名称推断为 广州市" in n for n in report.notes)


def test_the_guangan_list_without_its_codes_is_placed_by_its_tax_bureau(corpus: Path, tmp_path: Path):
    """L05 with its 区划代码 column dropped: only 广安区税务局 names a region, and that settles it."""
    import csv
    source = corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
    rows = list(csv.reader(source.open(encoding="utf-8-sig")))
    path = tmp_path / "政务服务事项.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(r[:7] for r in rows)
    report = loaded(ingest_list(EmbeddedStore(None), path))
    assert report.region == "511602" and report.rows_loaded == 1135
    assert any(n.startswith("地区据部门名称推断为 广安市广安区（511602，") for n in report.notes)


def test_the_file_name_names_the_county():
    store = EmbeddedStore(None)
    report = loaded(ingest_list(store, DATA / "云阳县权责清单_示例.csv"))
    assert report.region == "500235"
    assert {d.props["name"] for d in store.iter_nodes("Department")} == {"县民政局", "县公安局"}


def test_a_title_row_above_the_header_names_the_region(tmp_path: Path):
    path = tmp_path / "权责清单.csv"
    path.write_text("广州市天河区权责清单（示例数据，非正式公布清单）\n"
                    "序号,实施主体,事项名称,事项类型\n1,区民政局,中国内地公民婚姻登记,行政确认\n", encoding="utf-8")
    report = loaded(ingest_list(EmbeddedStore(None), path))
    assert report.region == "440106"
    assert any("标题" in n and "天河区" in n for n in report.notes)


def test_what_cannot_be_decided_is_asked_for_in_one_line(tmp_path: Path):
    path = tmp_path / "权责清单.csv"
    shutil.copy(DATA / "云阳县权责清单_示例.csv", path)   # 县民政局: no region anywhere
    report = ingest_list(EmbeddedStore(None), path)
    assert report.status == "failed" and "\n" not in report.error
    assert report.error.startswith("无法确定清单所属地区") and "--region" in report.error


def test_a_title_and_a_file_name_that_disagree_are_not_guessed(tmp_path: Path):
    path = tmp_path / "云阳县权责清单.csv"
    path.write_text("广州市天河区权责清单\n序号,实施主体,事项名称,事项类型\n1,区民政局,中国内地公民婚姻登记,行政确认\n",
                    encoding="utf-8")
    report = ingest_list(EmbeddedStore(None), path)
    assert report.status == "failed" and "天河区" in report.error and "云阳县" in report.error


@pytest.mark.parametrize("region", ["寿光市", "370783", "山东省潍坊市寿光市"])
def test_a_county_outside_the_samples_is_given_by_name_or_code(tmp_path: Path, region: str):
    path = tmp_path / "权责清单.csv"
    shutil.copy(DATA / "云阳县权责清单_示例.csv", path)
    report = loaded(ingest_list(EmbeddedStore(None), path, region=region))
    assert report.region == "370783"


# ---- an ambiguous --region that the file settles (朝阳区: 北京市 110105 or 长春市 220104) ----
def test_region_chaoyang_is_beijings_when_the_departments_say_beijing():
    report = loaded(ingest_list(EmbeddedStore(None), DATA / "政务服务事项_朝阳区_按部门_示例.csv", region="朝阳区"))
    assert report.region == "110105"
    assert any("北京市朝阳区民政局" in n and "110105" in n for n in report.notes)


def test_region_chaoyang_is_changchuns_when_the_file_name_says_changchun():
    report = loaded(ingest_list(EmbeddedStore(None), DATA / "长春市朝阳区权责清单_示例.csv", region="朝阳区"))
    assert report.region == "220104"


def test_region_chaoyang_is_settled_by_a_title_row_or_a_region_code(tmp_path: Path):
    titled = tmp_path / "权责清单.csv"
    titled.write_text("长春市朝阳区权责清单（2023年版）\n序号,实施主体,事项名称,事项类型\n1,区民政局,中国内地公民婚姻登记,行政确认\n",
                      encoding="utf-8")
    assert loaded(ingest_list(EmbeddedStore(None), titled, region="朝阳区")).region == "220104"
    coded = tmp_path / "清单.csv"
    coded.write_text("序号,区划代码,实施主体,事项名称,事项类型\n1,110105000000,区民政局,中国内地公民婚姻登记,行政确认\n",
                     encoding="utf-8")
    assert loaded(ingest_list(EmbeddedStore(None), coded, region="朝阳区")).region == "110105"


def test_region_chaoyang_is_refused_with_both_candidates_when_the_file_does_not_say():
    report = ingest_list(EmbeddedStore(None), DATA / "朝阳区权责清单_示例.csv", region="朝阳区")
    assert report.status == "failed" and "\n" not in report.error and report.rows_read == 0
    assert "北京市朝阳区（110105）" in report.error and "吉林省长春市朝阳区（220104）" in report.error


def test_region_chaoyang_is_refused_when_the_file_names_another_city():
    report = ingest_list(EmbeddedStore(None), DATA / "政务服务事项_按部门_示例.csv", region="朝阳区")  # 广州市…
    assert report.status == "failed" and "110105" in report.error and "220104" in report.error
