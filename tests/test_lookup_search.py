"""graph/lookup/search.py on the explorer's graph (L05, samples, corpus laws and notices): one
search over items, departments, regions, laws and articles, explained and placed by region name."""
from __future__ import annotations

import pytest

from graph.lookup.search import SearchDirectory, search
from graph.lookup.who_handles import QueryError, who_handles

pytest_plugins = ["browser"]


@pytest.fixture(scope="module")
def directory(viz_store):
    return SearchDirectory.build(viz_store)


def test_a_law_reference_names_the_article_first(viz_store, directory):
    hits = search(viz_store, "食品安全法第三十五条", directory=directory).items
    assert hits[0].label == "Article" and hits[0].name == "《食品安全法》第三十五条"
    assert viz_store.get_node(hits[0].id).props["label_zh"] == "第三十五条"
    arabic = search(viz_store, "《消防法》第5条", directory=directory).items
    assert arabic[0].name == "《消防法》第五条"


def test_a_law_title_finds_the_law(viz_store, directory):
    hits = search(viz_store, "食品安全法", directory=directory).items
    assert hits[0].label == "Law" and hits[0].name == "中华人民共和国食品安全法"


def test_items_come_from_who_handles(viz_store, directory):
    hits = search(viz_store, "养狗", region="511602", directory=directory).items
    items = [h for h in hits if h.label == "PowerItem"]
    answer = who_handles(viz_store, "养狗", region="511602")
    assert items and items[0].id == answer.results[0].item_id
    assert items[0].region_name == "广安市广安区" and "公安" in items[0].context


def test_article_text_is_searched(viz_store, directory):
    """「养犬」 finds the list's 犬类准养证核发 and the article whose text gives 犬只 登记 a holder,
    explained by what in the article matched (its text or the duty its sentence gives)."""
    hits = search(viz_store, "养犬", directory=directory).items
    assert any(h.label == "PowerItem" and h.name == "犬类准养证核发" for h in hits)
    assert any(h.label == "Article" and "动物防疫法" in h.name and ("条文内容" in h.why_zh or "条文规定的职责" in h.why_zh)
               for h in hits)


def test_region_filter_and_region_names(viz_store, directory):
    everywhere = search(viz_store, "市场监督管理局", directory=directory, limit=30).items
    here = search(viz_store, "市场监督管理局", region="511602", directory=directory, limit=30).items
    assert any(h.region_name == "磁县" for h in everywhere)
    assert not any(h.region_name == "磁县" for h in here)
    assert all(h.region_name for h in here if h.label == "Department")


def test_an_empty_query_is_refused_in_chinese(viz_store, directory):
    with pytest.raises(QueryError, match="查询内容为空"):
        search(viz_store, "  ", directory=directory)
