"""Explorer end to end: export the current view as PNG and the shown nodes as CSV."""
from __future__ import annotations

import csv
import io
import struct

import pytest

pytest.register_assert_rewrite("browser")
from browser import SCREENSHOTS, choose_suggestion, open_page, visible_count  # noqa: E402

pytest_plugins = ["browser"]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _download(page, button: str, tmp_path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def test_export_png(page, live_url, tmp_path):
    open_page(page, live_url)
    choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    name, data = _download(page, "#export-png", tmp_path)
    assert name.startswith("职责图谱-") and name.endswith(".png")
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    assert width > 200 and height > 200
    assert len(data) > 10_000, "导出的图片不应是空白"
    page.wait_for_function("document.querySelector('#status').textContent.includes('已导出图片')")
    # The frame around the graph (title, region and date above, legend beside, source line below)
    # makes the picture wider than the graph alone; the exported file is kept to be looked at.
    graph_width = page.evaluate("window.dutygraph.explorer.cy.png({full: true, scale: 2, output: 'base64uri'}).length") and \
        page.evaluate("""() => new Promise(r => { const i = new Image(); i.onload = () => r(i.width);
                          i.src = window.dutygraph.explorer.cy.png({full: true, scale: 2, maxWidth: 6000, maxHeight: 6000}); })""")
    assert width >= graph_width + 250
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "08-exported.png").write_bytes(data)


def test_export_csv_lists_the_shown_nodes(page, live_url, tmp_path):
    open_page(page, live_url)
    dept = choose_suggestion(page, "市场监督", expect="广安区市场监督管理局")
    page.uncheck("#filter-kinds input[value='Source']")
    shown = visible_count(page)
    name, data = _download(page, "#export-csv", tmp_path)
    assert name.endswith(".csv")
    # A BOM, so that Excel opens the Chinese names as UTF-8.
    assert data[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert list(rows[0]) == ["记录", "ID", "类型", "名称", "事项类型", "地区代码", "地区", "编码", "起点", "关系", "终点", "角色", "发现"]
    nodes = [r for r in rows if r["记录"] == "节点"]
    edges = [r for r in rows if r["记录"] == "关系"]
    assert len(nodes) == shown
    assert any(r["名称"] == dept and r["类型"] == "部门/单位" and r["地区"] == "广安市广安区" for r in nodes)
    assert not any(r["类型"] == "来源行" for r in nodes), "被筛掉的节点不应导出"
    # Edges with their roles, between the exported nodes.
    assert edges and all(r["起点"] and r["终点"] for r in edges)
    assert any(r["起点"] == dept and r["角色"] == "主体/牵头" for r in edges)
