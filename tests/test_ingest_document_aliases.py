"""A regulation that designates the body behind a type (「上海市水务局…是本市河道的行政主管部门（以下简称市水行政主管
部门）」): its later clauses naming that type at the city's level are held by that body, with the designating
sentence as evidence; a district's type (「区河道行政主管部门」) stays the district's. Real corpus texts."""
from __future__ import annotations

import pytest

from ingest.document_aliases import designated, designations
from ingest.document_units import file_units

SHANGHAI = "310000"


def test_a_named_body_designated_for_a_type_and_its_short_name(corpus):
    found = designations(file_units(corpus / "local_laws" / "上海" / "上海市河道管理条例.md"))
    d = found["河道行政主管部门"]
    assert (d.body, d.named, d.level, d.locator) == ("上海市水务局", True, "市", "第五条第1款")
    assert "是本市河道的行政主管部门" in d.text
    assert found["水行政主管部门"] is d                     # 「（以下简称市水行政主管部门）」
    assert designated("水行政主管部门", "市", found) is d
    assert designated("水行政主管部门", "", found) is d
    assert designated("河道行政主管部门", "县", found) is None  # 「区河道行政主管部门」: the district's own


def test_a_type_designated_for_another_type_stays_a_type(corpus):
    found = designations(file_units(corpus / "local_laws" / "上海" / "上海市养犬管理条例.md"))
    d = found["养犬管理主管部门"]
    assert (d.body, d.named, d.level) == ("公安部门", False, "市")


def test_several_bodies_designate_nobody():
    from ingest.document_units import text_units

    units = text_units("第三条 市、区民政部门是本市殡葬活动的行政主管部门。", "law")
    assert designations(units) == {}


@pytest.fixture(scope="module")
def rivers(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    import_law(store, corpus / "local_laws" / "上海" / "上海市河道管理条例.md")
    return store


def test_who_handles_names_the_designated_body_with_the_designating_article(rivers):
    from graph.lookup.who_handles import who_handles

    answer = who_handles(rivers, "河道整治年度计划由谁制定", region=SHANGHAI)
    hits = [c for c in answer.results if c.department == "上海市水务局" and "河道整治年度计划" in c.matched_item]
    assert hits, [(c.department, c.matched_item) for c in answer.results]
    kinds = {(e.locator, e.kind) for e in hits[0].evidence}
    assert ("第五条第1款", "名称指定") in kinds
    assert any("区河道行政主管部门" in e.text for e in hits[0].evidence)   # the clause itself, as written
