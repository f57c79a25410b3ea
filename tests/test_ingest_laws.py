"""Laws: every corpus law ingests; article counts and texts equal the source files."""
from __future__ import annotations

import re

import pytest

from graph.embedded import EmbeddedStore
from ingest.laws import article_id, import_law, law_articles, law_id, paragraphs, parse_law_text
from graph.reference.numerals import article_label, article_number, parse_number, to_chinese

# Counted by hand with: grep -c -E '^第[一二三四五六七八九十百零〇]+条(之[一二三四五六七八九十])?' <file>
EXPECTED_ARTICLES = {
    "大气污染防治法": 129,
    "食品安全法": 154,
    "药品管理法": 155,
    "土地管理法": 87,
    "公共场所卫生管理条例": 19,
    "无证无照经营查处办法": 19,
    "市场主体登记管理条例": 55,
}
ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百零〇]+条(之[一二三四五六七八九十])?")


def test_numerals():
    assert parse_number("一百零二") == 102
    assert parse_number("十五") == 15
    assert parse_number("３５") == 35
    assert article_number("第三十五条之一") == pytest.approx(35.01)
    assert article_label(35.01) == "第三十五条之一"
    for n in range(1, 400):
        assert parse_number(to_chinese(n)) == n
    with pytest.raises(ValueError):
        parse_number("三五x")


def test_every_law_ingests(legal_graph, corpus):
    store, reports = legal_graph
    files = sorted((corpus / "laws").glob("*.md"))
    assert len(reports["laws"]) == len(files) == 47
    for r in reports["laws"]:
        assert not r.error, r.summary_zh()
        assert r.balanced and r.rows_loaded > 0 and not r.rejections, r.summary_zh()
    assert store.count_nodes("Law") == 47
    total = sum(len([ln for ln in f.read_text(encoding="utf-8").splitlines() if ARTICLE_LINE.match(ln)]) for f in files)
    assert store.count_nodes("Article") == total == 3843


@pytest.mark.parametrize("name,count", sorted(EXPECTED_ARTICLES.items()))
def test_article_counts(legal_graph, corpus, name, count):
    store, _ = legal_graph
    lines = (corpus / "laws" / f"{name}.md").read_text(encoding="utf-8").splitlines()
    assert sum(1 for ln in lines if ARTICLE_LINE.match(ln)) == count  # the independent count
    arts = law_articles(store, law_id(name))
    assert len(arts) == count
    # Numbering is contiguous: 第一条 … 第N条, as printed.
    assert [a["number"] for a in arts] == [float(n) for n in range(1, count + 1)]


def _source_article(corpus, law: str, label: str) -> str:
    """The article's paragraphs read straight from the file, label stripped."""
    lines = (corpus / "laws" / f"{law}.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(label + " ") or ln.startswith(label + "\u3000"))
    out = [lines[start][len(label):].strip()]
    for ln in lines[start + 1:]:
        if ARTICLE_LINE.match(ln) or ln.startswith("#"):
            break
        if ln.strip():
            out.append(ln.strip())
    return "\n".join(out)


@pytest.mark.parametrize("law,label", [
    ("大气污染防治法", "第五条"), ("大气污染防治法", "第一百二十九条"), ("食品安全法", "第三十五条"),
    ("食品安全法", "第一百二十二条"), ("环境保护法", "第十条"), ("城镇燃气管理条例", "第十五条"),
    ("行政许可法", "第十二条"), ("市场主体登记管理条例", "第六条"),
])
def test_article_text_equals_source(legal_graph, corpus, law, label):
    store, _ = legal_graph
    node = store.get_node(article_id(law, label))
    assert node is not None
    assert node.props["text"] == _source_article(corpus, law, label)


def test_law_header_and_structure(legal_graph):
    store, _ = legal_graph
    law = store.get_node(law_id("中华人民共和国大气污染防治法")).props
    assert law["title"] == "中华人民共和国大气污染防治法"
    assert law["level"] == "法律" and law["issuer"] == "全国人民代表大会常务委员会"
    assert law["promulgated"] == "1987-09-05" and law["amended"][-1] == "2018-10-26"
    regulation = store.get_node(law_id("优化营商环境条例")).props
    assert regulation["level"] == "行政法规" and regulation["issuer"] == "国务院"
    assert regulation["promulgated"] == "2019-10-22" and regulation["effective"] == "2020-01-01"
    # 产品质量法 prints two amendments on one header line.
    assert store.get_node(law_id("产品质量法")).props["amended"] == ["2000-07-08", "2009-08-27", "2018-12-29"]
    art = store.get_node(article_id("食品安全法", "第三十五条")).props
    assert art["chapter"] == "第四章 食品生产经营" and art["section"] == "第一节 一般规定"
    assert "region" not in law


def test_zhiyi_articles_and_items():
    text = ("# 测试条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 甲。\n第一条之一 乙：\n（一）丙；\n（二）丁。\n"
            "前款规定以外的，戊。\n第二条 己。\n")
    parsed = parse_law_text(text, "测试条例.md")
    assert [a.label for a in parsed.articles] == ["第一条", "第一条之一", "第二条"]
    assert parsed.articles[1].number == pytest.approx(1.01)
    kuan = paragraphs(parsed.articles[1].text)
    assert [k["kuan"] for k in kuan] == [1, 2] and len(kuan[0]["items"]) == 2


def test_duplicate_article_is_quarantined(tmp_path):
    path = tmp_path / "重复条.md"
    path.write_text("# 重复条\n<!-- INFO END -->\n第一条 甲。\n第一条 乙。\n第二条 丙。\n", encoding="utf-8")
    store = EmbeddedStore()
    report = import_law(store, path)
    assert report.rows_read == 3 and report.rows_loaded == 2 and len(report.rejections) == 1
    assert report.balanced and "条号重复" in report.rejections[0].reason


def test_reimport_is_idempotent(corpus):
    store = EmbeddedStore()
    import_law(store, corpus / "laws" / "环境保护法.md")
    before = (store.count_nodes(), store.count_edges())
    import_law(store, corpus / "laws" / "环境保护法.md")
    assert (store.count_nodes(), store.count_edges()) == before


def test_a_decision_without_articles_loads_paragraph_by_paragraph(corpus):
    """A 决定 of a people's congress has no 第X条: each paragraph is loaded as 第N段, none lost."""
    path = corpus / "local_laws" / "北京" / "北京市人民代表大会常务委员会关于加强市级预算审查监督的决定.md"
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    expected = [ln.strip() for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    store = EmbeddedStore()
    report = import_law(store, path)
    assert not report.error and report.balanced
    assert report.rows_loaded == len(expected) > 5
    arts = law_articles(store, law_id(parse_law_text(path.read_text(encoding="utf-8")).law.title))
    assert [a["label_zh"] for a in arts[:2]] == ["第1段", "第2段"]
    assert [a["text"] for a in arts] == expected


def test_a_file_with_only_its_title_is_noted_not_failed(corpus):
    """Some source files hold only the title and dates: nothing to load, said in a note."""
    path = corpus / "local_laws" / "重庆" / "重庆市实施《国家赔偿法》办法.md"
    report = import_law(EmbeddedStore(), path)
    assert not report.error and report.rows_read == report.rows_loaded == 0
    assert any("没有正文" in n for n in report.notes)
