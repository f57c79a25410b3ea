"""Explorer end to end: search with suggestions, the chosen node's neighbourhood, its details with
provenance, and the view restored from the URL a colleague was sent."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytest.register_assert_rewrite("browser")
from browser import choose_suggestion, node_count, open_page, screenshot, wait_idle  # noqa: E402

pytest_plugins = ["browser"]


def test_page_is_chinese_and_starts_empty(page, live_url):
    open_page(page, live_url)
    assert page.title() == "职责知识图谱浏览器"
    assert page.locator("#search").get_attribute("placeholder").startswith("搜索")
    assert page.locator("#region option[value='511602']").inner_text().strip() == "四川省广安市广安区"
    assert node_count(page) == 0
    assert page.locator("#empty-graph").is_visible()


def test_search_suggests_as_you_type_and_shows_the_neighbourhood(page, live_url, viz_store):
    open_page(page, live_url)
    page.type("#search", "市场监督", delay=30)
    options = page.locator("#suggestions li[data-index]")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert any("市场监督管理局" in t for t in texts), texts

    name = choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    dept = next(r for r in viz_store.iter_nodes("Department") if r.props["name"] == name)
    # The department, the items it holds, its region: a neighbourhood, not a lone node.
    assert node_count(page) > 5
    assert page.evaluate("id => window.dutygraph.explorer.cy.getElementById(id).hasClass('focus')", dept.id)
    # The details panel names it and lists what it holds by type.
    details = page.locator("#details")
    assert name in details.locator(".details-name").inner_text()
    details.locator("text=部门概况").wait_for()
    # Filters and legend are built from what is shown, in Chinese.
    assert page.locator("#filter-kinds label", has_text="部门/单位").count() == 1
    assert page.locator("#legend", has_text="权责清单事项").count() + page.locator("#legend", has_text="行政许可").count() > 0
    # The URL carries the view.
    query = parse_qs(urlsplit(page.url).query)
    assert query["node"] == [dept.id]
    assert query["q"] == [name]
    screenshot(page, "01-search-neighbourhood")


def test_item_details_show_the_source_row(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "延缓入学", expect="延缓入学")
    details = page.locator("#details")
    details.locator(".provenance li").first.wait_for()
    prov = details.locator(".provenance").first.inner_text()
    # Source file and row of the list the fact came from.
    assert "L05_广安市广安区政务服务事项_按部门.csv" in prov
    assert "行" in prov
    assert details.locator(".holders li").count() >= 1
    # The row as 表头: 值, with the list's own column names, not a comma-joined line.
    cells = dict(zip(details.locator(".provenance table.row-cells th").all_inner_texts(),
                     details.locator(".provenance table.row-cells td").all_inner_texts()))
    assert "延缓入学" in cells.get("事项名称", ""), cells
    assert "实施主体" in cells, cells
    screenshot(page, "02-item-details")


def test_lead_and_cooperating_holders_look_different(page, live_url):
    open_page(page, live_url)
    # A territorial item with one lead (区人民政府) and four cooperating bodies.
    choose_suggestion(page, "违法建筑的制止和查处", expect="属地管理事项")
    details = page.locator("#details")
    details.locator(".holders li").first.wait_for()
    roles = details.locator(".holders .role").all_inner_texts()
    assert "主体/牵头" in roles and "配合" in roles, roles
    edges = page.evaluate("""() => window.dutygraph.explorer.cy.edges('[rel = "HOLDS"]').map(e => ({
        role: e.data('role'), label: e.data('relZh'), line: e.style('line-style'), colour: e.style('line-color') }))""")
    lead = [e for e in edges if e["role"] == "lead"]
    cooperate = [e for e in edges if e["role"] == "cooperate"]
    assert lead and len(cooperate) >= 2
    # Label, line and colour: each differs, so that neither the words nor the picture alone mislead.
    assert {e["label"] for e in lead} == {"主体/牵头"} and {e["label"] for e in cooperate} == {"配合"}
    assert {e["line"] for e in lead} == {"solid"} and {e["line"] for e in cooperate} == {"dashed"}
    assert not {e["colour"] for e in lead} & {e["colour"] for e in cooperate}
    legend = page.inner_text("#legend")
    assert "承担（主体/牵头）" in legend and "配合" in legend
    screenshot(page, "02c-lead-and-cooperating")


def test_shared_link_restores_the_view(page, live_url, browser, viz_store):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    page.uncheck("#filter-kinds input[value='Source']")
    wait_idle(page)
    shared = page.url
    shown = page.evaluate("window.dutygraph.explorer.cy.nodes().not('.hidden').map(n => n.id()).sort()")
    assert "hide=Source" in shared

    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        # The second page needs the same guard: a shared link must not reach out either.
        from browser import OfflineGuard

        guard = OfflineGuard()
        other.route("**/*", guard.handle)
        pg = other.new_page()
        pg.goto(shared)
        wait_idle(pg)
        again = pg.evaluate("window.dutygraph.explorer.cy.nodes().not('.hidden').map(n => n.id()).sort()")
        assert again == shown
        assert not pg.locator("#filter-kinds input[value='Source']").is_checked()
        assert pg.input_value("#search") == page.input_value("#search")
        guard.check()
    finally:
        other.close()


def test_article_details_show_the_article_text(page, live_url, viz_store):
    open_page(page, live_url)
    # A 审管联动 row whose 依据 cites 《食品安全法》第六条: the article is one hop away.
    choose_suggestion(page, "食品(含保健食品)经营许可核发", expect="审管联动事项")
    articles = page.evaluate("window.dutygraph.explorer.cy.nodes('[label = \"Article\"]').map(n => n.id())")
    assert articles, "依据条文应出现在邻域中"
    # The row's own details already quote the article as its basis.
    page.locator("#details .provenance li").first.wait_for()
    assert "第六条" in page.inner_text("#details .provenance")
    page.evaluate("id => { window.dutygraph.explorer.cy.getElementById(id).emit('tap'); }", articles[0])
    details = page.locator("#details")
    details.locator(".kind-badge", has_text="法条").wait_for()
    details.locator(".provenance li").first.wait_for()
    article = viz_store.get_node(articles[0])
    law = viz_store.get_node(article.props["law"])
    prov = details.locator(".provenance").inner_text()
    assert law.props["title"] in prov and article.props["label_zh"] in prov
    assert article.props["text"][:20] in prov
    screenshot(page, "02b-article-details")


def _hits(page, text: str) -> list[str]:
    page.fill("#search", "")
    page.type("#search", text, delay=20)
    # The list that answers this text, not the one still showing the previous text.
    page.wait_for_function("t => document.querySelector('#suggestions').dataset.for === t", arg=text)
    return page.locator("#suggestions li[data-index]").all_inner_texts()


def test_enter_right_after_typing_opens_what_was_typed(page, live_url):
    open_page(page, live_url)
    # A first query whose suggestions are on screen …
    _hits(page, "广安区市场监督管理局")
    # … then another typed and Enter pressed at once, before its suggestions could come back.
    page.fill("#search", "")
    page.type("#search", "犬类准养证核发", delay=0)
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function("window.dutygraph.explorer.focusId !== ''")
    focus = page.evaluate("window.dutygraph.explorer.cy.getElementById(window.dutygraph.explorer.focusId).data('name')")
    assert focus == "犬类准养证核发"
    assert page.input_value("#search") == "犬类准养证核发"


def test_formal_and_colloquial_words_and_laws_find_results(page, live_url):
    open_page(page, live_url)
    # 「养犬」 (formal) finds the article on 养犬登记; 「养狗」 (colloquial) the list item, via who-handles.
    assert any("动物防疫法" in t for t in _hits(page, "养犬"))
    assert any("犬类准养证核发" in t for t in _hits(page, "养狗"))
    laws = _hits(page, "食品安全法")
    assert "中华人民共和国食品安全法" in laws[0]
    # A law and article number open that article, named with its law.
    first = _hits(page, "食品安全法第三十五条")[0]
    assert "《食品安全法》第三十五条" in first
    page.keyboard.press("Enter")
    wait_idle(page)
    page.locator("#details .kind-badge", has_text="法条").wait_for()
    assert "《食品安全法》第三十五条" in page.inner_text("#details .details-name")
    # Article text: words that only an article's text holds.
    assert any("法条" in t for t in _hits(page, "养犬登记"))


def test_items_and_articles_are_listed_in_groups_of_their_own(page, live_url):
    open_page(page, live_url)
    # 「养犬」: the ranking (issue 12's) puts the 动物防疫法 article first; the item must still be
    # in sight, under a heading of its own, not lost among articles.
    _hits(page, "养犬")
    rows = page.locator("#suggestions li")
    layout = [(r.get_attribute("class") or "", r.inner_text()) for r in rows.all()]
    heads = [text for cls, text in layout if "s-group" in cls]
    assert "事项" in heads and "法条" in heads, heads
    assert len(heads) == len(set(heads)), "每类只有一个分组"
    item = page.locator("#suggestions li[data-index]", has_text="犬类准养证核发").first
    assert item.get_attribute("data-group") == "事项"
    # Every hit is in the group of its kind (the kind is the hit's third line): a duty clause read
    # from 《动物防疫法》 is not an item, and an article is not a clause.
    expected = {"权责清单事项": "事项", "法条": "法条", "法规职责条款": "职责条款", "职责分工条款": "职责条款"}
    hits = page.locator("#suggestions li[data-index]")
    kinds = set()
    for i in range(hits.count()):
        hit = hits.nth(i)
        kind = hit.inner_text().split("\n")[2]
        kinds.add(kind)
        if kind in expected:
            assert hit.get_attribute("data-group") == expected[kind], (kind, hit.inner_text())
    assert {"权责清单事项", "法条"} <= kinds, kinds
    # Each hit sits under its group's heading: the heading above a hit names its group.
    current = ""
    for cls, text in layout:
        if "s-group" in cls:
            current = text
        elif text:
            assert current, layout
    groups = page.locator("#suggestions li[data-index]").evaluate_all("els => els.map(e => e.dataset.group)")
    assert groups == sorted(groups, key=groups.index), f"同组的结果应连在一起: {groups}"
    # Keyboard order is the order on screen: ArrowDown moves to the next hit below.
    page.keyboard.press("ArrowDown")
    assert page.locator("#suggestions li.active").get_attribute("data-index") == "1"
    screenshot(page, "01b-search-groups")


def test_suggestions_name_regions_and_the_region_picker_filters_them(page, live_url):
    import re

    open_page(page, live_url)
    texts = _hits(page, "市场监督管理局")
    assert any("广安市广安区" in t for t in texts) and any("磁县" in t for t in texts), texts
    assert not any(re.search(r"\d{6}", t) for t in texts), f"建议中不应出现区划代码: {texts}"
    page.select_option("#region", "511602")
    wait_idle(page)
    texts = _hits(page, "市场监督管理局")
    assert texts and not any("磁县" in t for t in texts), texts
    screenshot(page, "01a-search-suggestions")


def test_region_picker_names_regions_in_full_and_narrows_to_what_is_typed(page, live_url, viz_store):
    import re

    open_page(page, live_url)
    options = page.locator("#region option").all_inner_texts()
    regions = [r for r in viz_store.iter_nodes("Region")]
    assert len(options) == len(regions) + 1 and options[0] == "全部地区"
    # Names, never codes: the full name of each region, from the bundled divisions.
    assert not any(re.search(r"\d{6}", t) for t in options), options
    assert "四川省广安市" in [t.strip() for t in options]
    page.fill("#region-filter", "磁县")
    narrowed = [t.strip() for t in page.locator("#region option").all_inner_texts()]
    assert narrowed[0] == "全部地区" and len(narrowed) >= 2
    assert all("磁县" in t for t in narrowed[1:]), narrowed
    cixian = page.locator("#region option", has_text="磁县").first.get_attribute("value")
    page.select_option("#region", cixian)
    wait_idle(page)
    assert f"region={cixian}" in page.url
    # The picker filters the search: 市场监督管理局 now finds only 磁县's.
    texts = _hits(page, "市场监督管理局")
    assert texts and all("广安" not in t for t in texts), texts
    page.fill("#region-filter", "")
    assert page.input_value("#region") == cixian


def test_back_returns_to_the_previous_view(page, live_url):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    first = page.evaluate("window.dutygraph.explorer.focusId")
    first_url = page.url
    choose_suggestion(page, "犬类准养证核发", expect="犬类准养证核发")
    second = page.evaluate("window.dutygraph.explorer.focusId")
    assert second != first
    page.click("button[data-view=dossier]")
    wait_idle(page)
    page.go_back()
    wait_idle(page)
    assert page.locator("#view-graph").is_visible()
    assert page.evaluate("window.dutygraph.explorer.focusId") == second
    page.go_back()
    wait_idle(page)
    assert page.evaluate("window.dutygraph.explorer.focusId") == first
    assert page.url == first_url
    page.go_forward()
    wait_idle(page)
    assert page.evaluate("window.dutygraph.explorer.focusId") == second


def test_shortest_path_from_a_department_to_an_article(page, live_url, viz_store):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    page.click("#details button[data-action=path-from]")
    choose_suggestion(page, "食品安全法第六条", expect="《食品安全法》第六条")
    page.locator("#details button[data-action=path-to]").click()
    wait_idle(page)
    names = page.evaluate("window.dutygraph.explorer.cy.nodes().sort((a, b) => a.position('x') - b.position('x')).map(n => n.data('name'))")
    assert names[0].endswith("市场监督管理局") and names[-1] == "《食品安全法》第六条", names
    assert "最短路径" in page.inner_text("#status")
    assert "pfrom=" in page.url and "pto=" in page.url
    screenshot(page, "09-shortest-path")
