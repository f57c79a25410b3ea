"""Every division of China by name or code, the way users type them and lists carry them."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.reference.regions import (
    AmbiguousRegion, RegionFileError, UnknownRegion, ancestors, code_within, county_of, declare_regions,
    find_regions_in_text, normalize_code, region_in_text, reload_regions, resolve_region,
)
from graph.region_tree import region_chain, resolve_in_store
from ingest.regions import region_records


@pytest.mark.parametrize("text", ["511602", "511602000000", "广安区", "广安市广安区", "四川省广安市广安区"])
def test_the_demo_region_is_found_by_code_or_name_with_or_without_its_prefix(text):
    info = resolve_region(text)
    assert (info.code, info.name, info.parent) == ("511602", "广安市广安区", "511600")


@pytest.mark.parametrize("text,code,full_name", [
    ("寿光市", "370783", "山东省潍坊市寿光市"),
    ("370783", "370783", "山东省潍坊市寿光市"),
    ("北京市朝阳区", "110105", "北京市朝阳区"),
    ("上海市", "310000", "上海市"),
    ("济南市市中区", "370103", "山东省济南市市中区"),
    ("广州市", "440100", "广东省广州市"),
    ("4401", "440100", "广东省广州市"),
    ("440100000000", "440100", "广东省广州市"),
    ("44", "440000", "广东省"),
    ("云阳县", "500235", "重庆市云阳县"),
])
def test_regions_outside_the_samples_are_known(text, code, full_name):
    region = resolve_region(text)
    assert (region.code, region.full_name) == (code, full_name)


def test_codes_of_every_length_become_gb_codes():
    assert normalize_code("511602000000") == "511602"
    assert normalize_code("341182004000") == "341182004"
    assert normalize_code("510100") == "510100"
    assert normalize_code("51") == "510000"
    assert normalize_code("5116") == "511600"
    assert normalize_code("511602001") == "511602001"
    assert normalize_code("广安区") == "广安区"


def test_an_ambiguous_short_name_is_refused_with_both_candidates():
    with pytest.raises(AmbiguousRegion) as err:
        resolve_region("朝阳区")
    assert [c.code for c in err.value.candidates] == ["110105", "220104"]
    assert "北京市朝阳区（110105）" in str(err.value) and "吉林省长春市朝阳区（220104）" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_naming_the_city_settles_an_ambiguous_name():
    assert resolve_region("长春市朝阳区").code == "220104"
    assert resolve_region("朝阳区", within="北京市").code == "110105"
    assert resolve_region("市中区", within="370100").code == "370103"


def test_a_township_resolves_and_belongs_to_its_county():
    township = resolve_region("建外街道")
    assert township.level == "township" and township.code == "110105001"
    assert [r.code for r in ancestors(township.code)] == ["110105001", "110105", "110000"]
    assert resolve_region("明光市明南街道").parent == "341182"


def test_the_old_local_code_of_the_sample_township_still_resolves():
    assert resolve_region("341182X01").code == "341182003"
    assert [r.code for r in ancestors("341182X01")] == ["341182003", "341182", "341100", "340000"]


def test_a_region_chain_runs_up_to_the_province():
    assert [r.name for r in ancestors("511602")] == ["广安市广安区", "广安市", "四川省"]
    # the municipalities' placeholder city (北京市 "市辖区") is no region: a district belongs to the province
    assert [r.code for r in ancestors("110105")] == ["110105", "110000"]
    assert resolve_region("110100").code == "110000"


def test_regions_named_in_a_text_are_found_most_specific_first():
    assert region_in_text("L01_明光市明南街道权力清单和责任清单_2019").name == "明光市明南街道"
    assert region_in_text("L05_广安市广安区政务服务事项_按部门").code == "511602"
    assert region_in_text("某市权责清单") is None
    assert region_in_text("云阳县权责清单（2021年版）").code == "500235"
    [(span, region)] = find_regions_in_text("广州市公安局")
    assert span == (0, 3) and region.code == "440100"
    # 朝阳区 alone is not guessed; with its city in the same text it is settled
    assert find_regions_in_text("朝阳区政务服务事项") == []
    assert [r.code for _, r in find_regions_in_text("长春市 朝阳区政务服务事项")] == ["220100", "220104"]


def test_an_unknown_region_is_a_clear_error():
    with pytest.raises(UnknownRegion, match="未知的地区「火星区」.*广安市广安区（511602）"):
        resolve_region("火星区")
    with pytest.raises(UnknownRegion, match="未知的区划代码「999999」"):
        resolve_region("999999")


def test_the_store_helpers_answer_like_the_tables_for_divisions():
    store = EmbeddedStore(None)
    nodes, edges = region_records("511602")
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    assert resolve_in_store(store, "广安").code == "511600"
    assert [r.code for r in region_chain(store, "511602")] == ["511602", "511600", "510000"]


# ---------------------------------------------------------------------------- places users declare
DECLARED = Path(__file__).parent / "data" / "regions" / "用户地区_开发区.csv"


@pytest.fixture
def fresh_regions():
    """Declared places live in the process's tables: start and end each test without them."""
    reload_regions()
    yield
    reload_regions()


def test_a_user_regions_file_adds_a_development_zone(fresh_regions):
    with pytest.raises(UnknownRegion):
        resolve_region("广州开发区")
    zone, _ = declare_regions(DECLARED)
    assert resolve_region("广州开发区") == zone == resolve_region("广州经济技术开发区")
    assert zone.code.startswith("440100K") and zone.level == "county" and zone.parent == "440100"
    assert zone.government == "广州经济技术开发区管理委员会" and zone.source == str(DECLARED)
    assert [r.code for r in ancestors(zone.code)] == [zone.code, "440100", "440000"]
    assert county_of(zone.code) == zone.code and code_within(zone.code, "440100")


def test_the_user_config_file_and_the_environment_declare_places(fresh_regions, tmp_path, monkeypatch):
    config = tmp_path / "dutygraph" / "regions.csv"
    config.parent.mkdir()
    config.write_text("名称,上级\n寿光市双王城生态经济园区,寿光市\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("DUTYGRAPH_REGIONS", str(DECLARED))
    reload_regions()
    assert resolve_region("潍坊高新区").parent == "370700"
    assert resolve_region("寿光市双王城生态经济园区").parent == "370783"


def test_a_bad_regions_file_is_one_clear_line(fresh_regions, tmp_path):
    bad = tmp_path / "地区.csv"
    bad.write_text("名称,上级\n火星开发区,火星市\n", encoding="utf-8")
    with pytest.raises(RegionFileError) as err:
        declare_regions(bad)
    assert str(err.value).startswith(f"地区文件 {bad} 第 2 行: 上级地区无法确定") and "\n" not in str(err.value)
    bad.write_text("地区,代码\n火星开发区,1\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="缺少「名称」「上级」列"):
        declare_regions(bad)


def test_division_names_that_are_ordinary_words_are_not_found_in_text():
    # 林业局 is a township-level unit of 鸡东县 and 矿区 a district of 阳泉市: in running text they are words
    assert find_regions_in_text("区林业局") == []
    assert find_regions_in_text("扩大矿区范围变更登记") == []
    assert [r.code for _, r in find_regions_in_text("阳泉市矿区人民政府")] == ["140303"]
    assert resolve_region("阳泉市矿区").code == "140303"


def test_the_four_municipalities_are_read_from_the_divisions_table():
    # 直辖市 (宪法 第三十条): a province-level 市; its districts lie in it, a province's cities do not.
    from graph.reference.regions import all_regions, is_municipality

    provinces = [r for r in all_regions(townships=False).values() if r.level == "province"]
    assert sorted(r.short_name for r in provinces if is_municipality(r.code)) == ["上海市", "北京市", "天津市", "重庆市"]
    assert is_municipality("310115") and is_municipality("500101")      # 浦东新区, 万州区
    assert not is_municipality("440100") and not is_municipality("511602") and not is_municipality("")
