"""When the question names what a regulation is about, that regulation's clauses answer first.

The weights of the title's pairs come from the titles of the corpus's own regulations: the words every title
has (条例, 管理, 规定, a province's name) weigh little, a subject's (燃气, 交付) much.
"""
from __future__ import annotations

import pytest

from graph.lookup import ranking
from graph.lookup.title_match import TitleIdf
from graph.lookup.who_handles import who_handles

MINHANG = "310112"


@pytest.fixture(scope="module")
def corpus_titles(corpus):
    # A regulation's title is its file's name (the corpus's local laws: 1,006 of five provinces).
    return TitleIdf(p.stem for p in (corpus / "local_laws").rglob("*.md"))


def test_words_every_title_has_weigh_less_than_a_subject(corpus_titles):
    assert corpus_titles.idf("条例") < corpus_titles.idf("上海") < corpus_titles.idf("燃气")
    assert corpus_titles.idf("燃气") < corpus_titles.idf("我家")   # no title has it: the question's own word


def test_the_regulation_about_the_matter_names_more_of_the_question(corpus_titles):
    asked = "修路要挪一段燃气管道报哪个部门批准"
    about_gas = corpus_titles.share(asked, "郑州市燃气管理条例")
    about_forests = corpus_titles.share(asked, "河南省森林防火条例")
    assert about_gas > 0.0 == about_forests
    assert corpus_titles.share(asked, "") == 0.0 and corpus_titles.share("", "郑州市燃气管理条例") == 0.0


@pytest.fixture(scope="module")
def shanghai_housing(corpus):
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law

    store = EmbeddedStore()
    # Both give the 交付使用许可证 to a department: 《上海市地名管理条例》第二十九条 in passing (住宅建设管理部门
    # 审批新建住宅交付使用许可证), the 规定 as its subject (第三条: 房屋行政管理部门 核发和管理).
    for name in ("上海市地名管理条例.md", "上海市新建住宅交付使用许可规定.md"):
        import_law(store, corpus / "local_laws" / "上海" / name)
    return store


def test_the_regulation_about_the_handover_permit_gains_more_from_its_title(shanghai_housing):
    # 「新房交付使用许可证去哪办」: both clauses share the words; only the 规定's title is about them.
    signals: list = []
    who_handles(shanghai_housing, "新房交付使用许可证去哪办", region=MINHANG, signals=signals)
    title = {}
    for c, text_score, feats in signals:
        law = "规定" if "交付使用许可规定" in c.matched_item else "地名" if "地名管理条例" in c.matched_item else None
        if law and text_score >= 45:
            title[law] = max(title.get(law, 0.0), feats["title"])
            assert c.score == round(text_score + ranking.bonus(feats), 1)   # the signal is in the score
    assert title["规定"] > title["地名"] >= 0.0


def test_without_the_title_signal_the_passing_mention_comes_first(shanghai_housing, monkeypatch):
    # With the title's weight at 0 the 地名 regulation's clause outscores the 规定's on the words alone; with a
    # weight that outweighs the difference of their text scores, the regulation about the matter comes first.
    monkeypatch.setitem(ranking.weights(), "title", 0.0)
    answer = who_handles(shanghai_housing, "新房交付使用许可证去哪办", region=MINHANG)
    assert "地名管理条例" in answer.results[0].matched_item
    monkeypatch.setitem(ranking.weights(), "title", 30.0)
    answer = who_handles(shanghai_housing, "新房交付使用许可证去哪办", region=MINHANG)
    assert answer.results[0].department == "房屋行政管理部门"
    assert answer.results[0].matched_item.startswith("《上海市新建住宅交付使用许可规定》第三条")
    assert any("地名管理条例" in c.matched_item for c in answer.results[1:3])   # still offered, after it
