"""Citations: parse and resolve 实施依据 text to articles; unresolved ones say why."""
from __future__ import annotations

from graph.model import PowerItem, Rel, stable_id, to_record
from ingest.citations import basis_cells, citation_report, link_item_basis, parse_citations, resolve_cell
from ingest.laws import article_id


def _resolved(store, cell):
    return [(r.ref.locator, r.article_id, r.reason) for r in resolve_cell(store, cell)]


def test_forms(legal_graph):
    store, _ = legal_graph
    food35 = article_id("食品安全法", "第三十五条")
    assert _resolved(store, "《中华人民共和国食品安全法》第三十五条第一款") == [("第三十五条第一款", food35, "")]
    assert _resolved(store, "《食品安全法》第35条") == [("第三十五条", food35, "")]
    assert _resolved(store, "《环保法》第十条")[0][1] == article_id("环境保护法", "第十条")
    rng = _resolved(store, "《中华人民共和国行政许可法》第十二条至第十五条")
    assert [x[0] for x in rng] == ["第十二条", "第十三条", "第十四条", "第十五条"] and all(x[1] for x in rng)
    many = _resolved(store, "《食品安全法》第三十五条、第三十六条及《行政许可法》第十二条")
    assert [x[1] for x in many] == [food35, article_id("食品安全法", "第三十六条"), article_id("行政许可法", "第十二条")]
    bare = _resolved(store, "依据食品安全法第35条和大气污染防治法第五条")
    assert [x[1] for x in bare] == [food35, article_id("大气污染防治法", "第五条")]


def test_real_citation_strings_from_corpus(legal_graph, corpus):
    store, _ = legal_graph
    # Both strings occur in corpus law texts (野生动物保护法 and 水污染防治法).
    text = "\n".join(p.read_text(encoding="utf-8") for p in (corpus / "laws").glob("*.md"))
    for cited, law, label in (("《中华人民共和国畜牧法》第十二条第二款", "畜牧法", "第十二条"),
                              ("《中华人民共和国环境保护法》第六十三条", "环境保护法", "第六十三条")):
        assert cited in text
        assert resolve_cell(store, cited)[0].article_id == article_id(law, label)
    # Notices cite whole laws; the law resolves, the article is missing.
    whole = resolve_cell(store, "根据《中华人民共和国安全生产法》、国务院《关于进一步加强安全生产工作的决定》")
    assert [r.reason for r in whole] == ["未注明条号", "法律法规未入图"]


def test_reasons(legal_graph):
    store, _ = legal_graph
    assert _resolved(store, "《食品安全法》第三百条")[0][2] == "条号超出范围"
    assert _resolved(store, "《中华人民共和国治安管理处罚法》第十条")[0][2] == "法律法规未入图"
    assert _resolved(store, "《安全法》第三条")[0][2] == "法律名称有歧义"
    assert _resolved(store, "按有关规定办理")[0][2] == "无法解析"
    assert _resolved(store, "第十条")[0][2] == "无法解析"


def test_corpus_list_cells(legal_graph, corpus):
    store, _ = legal_graph
    cells = basis_cells(corpus / "lists")
    assert [(f[:3], row, col) for f, row, col, _ in cells] == [("L01", 2, "实施依据")]  # L05 has no basis column
    refs = parse_citations(cells[0][3])
    assert [(r.law, r.locator) for r in refs] == [("安徽省人口与计划生育条例", "第三十九条"),
                                                 ("安徽省人口与计划生育条例", "第四十九条")]
    stats = citation_report(store, corpus / "lists")
    print(stats.summary_zh())
    assert (stats.cells, stats.total, stats.resolved) == (1, 2, 0)
    assert stats.reasons() == {"法律法规未入图": 2}


def test_based_on_edges():
    from graph.embedded import EmbeddedStore
    from ingest.laws import import_law
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    store = EmbeddedStore()
    import_law(store, corpus / "laws" / "食品安全法.md")
    item = PowerItem(id=stable_id("item", "t"), name="食品生产许可", region="511602",
                     basis="《中华人民共和国食品安全法》第三十五条第一款；《行政许可法》第十二条")
    store.upsert_nodes([to_record(item)])
    stats = link_item_basis(store)
    assert stats.total == 2 and stats.resolved == 1 and stats.reasons() == {"法律法规未入图": 1}
    e = store.edges_from(item.id, Rel.BASED_ON.value)
    assert [(x.dst, x.props["locator"]) for x in e] == [(article_id("食品安全法", "第三十五条"), "第三十五条第一款")]


def test_a_list_imported_after_the_laws_gets_the_same_citations_as_both_at_once(tmp_path):
    """A later list-only import resolves only its own items' 实施依据 (by the dataset index), and
    ends with the BASED_ON edges that importing laws and list together gives."""
    from pathlib import Path

    from graph.sqlite_store import SqliteStore
    from ingest.dispatch import ingest_paths

    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    laws = [corpus / "laws"]
    lists = sorted((Path(__file__).resolve().parents[1] / "ingest" / "samples").glob("示例_*.csv"))
    together = SqliteStore(tmp_path / "together.db")
    ingest_paths(together, [*laws, *lists])
    apart = SqliteStore(tmp_path / "apart.db")
    ingest_paths(apart, laws)
    report = ingest_paths(apart, lists)
    assert report.citations.cells > 0
    based_on = {s: sorted(e.ident for e in s.iter_edges(Rel.BASED_ON.value)) for s in (together, apart)}
    assert based_on[apart] == based_on[together] and based_on[apart]
