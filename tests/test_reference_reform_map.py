"""机构改革 mapping: data with source and date; types resolved to a region's departments."""
from __future__ import annotations

from graph.lookup.department_types import resolve_department
from graph.reference.reform_map import current_type_name, load_reform_map, reform_entry, strip_level


def test_mapping_is_data_with_source_and_date():
    rows = load_reform_map()
    assert len(rows) >= 20
    for r in rows:
        assert r.old_name and r.new_name and r.version and r.effective and r.source
    e = reform_entry("工商行政管理部门")
    assert e.new_name == "市场监督管理部门" and "国务院机构改革方案" in e.source and e.effective == "2018-03-17"


def test_current_names():
    assert current_type_name("县级以上人民政府环境保护主管部门") == "生态环境主管部门"
    assert current_type_name("质量技术监督部门") == "市场监督管理部门"
    assert current_type_name("食品药品监督管理部门") == "市场监督管理部门"
    assert current_type_name("安全生产监督管理部门") == "应急管理部门"
    assert current_type_name("旅游主管部门") == "文化和旅游主管部门"
    assert current_type_name("文化主管部门") == "文化和旅游主管部门"
    assert current_type_name("城乡规划主管部门") == "自然资源主管部门"
    assert current_type_name("水行政主管部门") == "水行政主管部门"  # untouched by the reform
    assert strip_level("省、自治区、直辖市人民政府药品监督管理部门") == "药品监督管理部门"


def test_resolve_to_region_department(legal_graph):
    store, _ = legal_graph
    assert resolve_department(store, "生态环境主管部门", "511602").name == "区生态环境局"
    assert resolve_department(store, "环境保护主管部门", "511602000000").name == "区生态环境局"
    assert resolve_department(store, "工商行政管理部门", "511602").name == "区市监局"
    assert resolve_department(store, "旅游主管部门", "511602").name == "区文广旅局"
    assert resolve_department(store, "城乡规划主管部门", "511602").name == "区自然资源和规划局"
    assert resolve_department(store, "公安机关", "511602").name == "区公安分局"
    assert resolve_department(store, "生态环境主管部门", "999999") is None


def test_price_setting_stays_with_development_and_reform_price_enforcement_moved():
    # 2018 方案: only 「价格监督检查与反垄断执法」 left 发展改革 for 市场监管 (reform_map.csv, functions column).
    assert current_type_name("县级以上地方人民政府价格主管部门", "确定和调整管道燃气销售价格 负责") == "发展改革部门"
    assert current_type_name("价格主管部门", "价格违法行为 查处") == "市场监督管理部门"
    assert current_type_name("价格主管部门") == "发展改革部门"


def test_who_sets_the_gas_price_is_the_price_setting_department(corpus):
    from graph.embedded import EmbeddedStore
    from graph.lookup.who_handles import who_handles
    from ingest.laws import import_law

    # 城镇燃气管理条例 第二十三条: 「县级以上地方人民政府价格主管部门确定和调整管道燃气销售价格」.
    store = EmbeddedStore()
    import_law(store, corpus / "laws" / "城镇燃气管理条例.md")
    first = who_handles(store, "燃气销售价格谁来定").results[0]
    assert first.department == "发展改革部门（原文：价格主管部门）" and "第二十三条" in first.matched_item
