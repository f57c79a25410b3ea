"""Reading CSV and XLSX lists: row numbers as a person sees them, merged headers, truncation."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ingest.tables import TableError, read_file, read_table_text, read_tables

L02_ROW2 = ["2", "完善生活垃圾回收利用体系,优化社区回收设施布局,负责再生资源回收行业的指导和监督,推进循环经济发展。",
            "2021年2月底前,基本建成生活垃圾回收利用体系。", "市商务局",
            "市住建局、市城管委、市委社治委、市发改委、市规划和自然资源局,各区(市)县政府(管委会)"]


def test_rows_are_numbered_as_in_a_spreadsheet(corpus: Path):
    table = read_tables(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv")[0]
    assert table.header[:4] == ["序号", "实施主体", "事项分组", "事项名称"]
    assert len(table.rows) == 1135
    assert (table.rows[0].number, table.rows[0].cells[1]) == (2, "区经信局")
    assert table.rows[-1].number == 1136 and table.encoding == "utf-8"


def test_a_quoted_cell_with_commas_stays_one_cell(corpus: Path):
    table = read_tables(corpus / "lists" / "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv")[0]
    assert table.rows[1].cells[:4] == ["2", L02_ROW2[1], L02_ROW2[2],
                                       "市商务局,市住建局、市城管委、市委社治委、市发改委、市规划和自然资源局,各区(市)县政府(管委会)"]


def test_comment_lines_are_not_rows_but_keep_their_line_numbers():
    table = read_table_text("# 说明: 示例数据，非正式公布清单\n序号,事项名称\n1,犬类准养证核发\n", "示例.csv")
    assert table.comments == ["说明: 示例数据，非正式公布清单"]
    assert table.header_row == 2 and [r.number for r in table.rows] == [3]


def test_a_title_row_above_the_header_is_skipped():
    table = read_table_text("广安区权责清单（2023年版）,,\n序号,实施主体,事项名称\n1,区市监局,食品经营许可\n", "t.csv")
    assert table.header == ["序号", "实施主体", "事项名称"] and table.rows[0].number == 3
    assert any("标题" in n for n in table.notes)


def test_a_two_row_csv_header_exported_from_merged_cells_is_combined():
    text = ("序号,事项名称,责任主体,,依据\n"
            ",,主体责任,配合责任,\n"
            "1,违法建筑情况月报,各乡镇人民政府(街道办事处),区住建局,N10 第五条\n")
    table = read_table_text(text, "属地.csv")
    assert table.header == ["序号", "事项名称", "主体责任", "配合责任", "依据"]
    assert table.rows[0].number == 3


def _merged_workbook(path: Path) -> Path:
    """A 属地管理 sheet laid out the way counties publish them: a merged title row, and a
    two-row header where 责任主体 spans 主体责任|配合责任 while the other headers span both rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "属地管理"
    ws["A1"] = "广安区属地管理主体责任和配合责任清单（示例）"
    ws.merge_cells("A1:E1")
    ws["A2"], ws["B2"], ws["C2"], ws["E2"] = "序号", "事项名称", "责任主体", "依据"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:E3")
    ws["C3"], ws["D3"] = "主体责任", "配合责任"
    ws.append([1, "辖区内违法建筑的日常巡查、发现报告和宣传劝阻", "各乡镇人民政府(街道办事处)",
               "区住建局、区自然资源和规划局、区综合执法局", "N10 第五条(一)"])
    ws.append([2, "违法建筑情况月报", None, None, "N10 第五条(三)"])
    ws["C5"] = "各乡镇人民政府(街道办事处)"
    ws.merge_cells("C4:C5")          # one lead cell merged over two rows, as printed lists do
    wb.save(path)
    return path


def test_xlsx_with_merged_header_cells_reads_the_sub_columns(tmp_path: Path):
    table = read_tables(_merged_workbook(tmp_path / "属地管理.xlsx"))[0]
    assert table.header == ["序号", "事项名称", "主体责任", "配合责任", "依据"]
    assert table.header_row == 3 and table.sheet == "属地管理"
    assert [r.number for r in table.rows] == [4, 5]
    # the merged lead cell is filled down into row 5
    assert table.rows[1].cells[2] == "各乡镇人民政府(街道办事处)"
    assert table.locator(5) == "工作表「属地管理」第 5 行"


def test_a_row_with_too_few_cells_is_flagged_as_truncated():
    table = read_table_text("序号,实施主体,事项名称,事项类型\n1,区市监局,食品经营许可,行政许可\n2,区市监局\n", "t.csv")
    row = table.rows[1]
    assert row.number == 3 and "列数不足" in row.problem and row.problem_column == "实施主体"


def test_a_row_with_extra_cells_is_flagged_and_trailing_empty_cells_are_not():
    table = read_table_text("序号,事项名称\n1,犬类准养证核发,,\n2,食品经营许可,多出的一列\n", "t.csv")
    assert table.rows[0].problem == "" and table.rows[0].cells == ["1", "犬类准养证核发"]
    assert "列数过多" in table.rows[1].problem


def test_a_file_cut_inside_a_quoted_cell_flags_its_last_row(corpus: Path):
    data = (corpus / "lists" / "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv").read_bytes()
    cut = data[: data.index("推进循环经济发展".encode())]          # inside row 3's quoted 工作内容
    _, tables = read_file_bytes(cut, "L02_cut.csv")
    table = tables[0]
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[0].problem == ""
    assert "文件末尾中断" in table.rows[1].problem and table.rows[1].problem_column == "工作内容"


def read_file_bytes(data: bytes, name: str, folder: Path | None = None):
    import tempfile

    folder = folder or Path(tempfile.mkdtemp())
    path = folder / name
    path.write_bytes(data)
    return read_file(path)


def test_section_titles_inside_a_table_are_not_rows():
    text = "序号,事项名称,县级部门\n一、基本履职事项,,\n1,违法建筑情况月报,\n二、配合履职事项,,\n2,协助做好生猪屠宰监督管理工作,明光市农业农村局\n"
    table = read_table_text(text, "乡镇.csv")
    assert table.sections == {2: "一、基本履职事项", 4: "二、配合履职事项"}
    assert [r.number for r in table.rows] == [3, 5]


def test_blank_rows_are_skipped_and_counted():
    table = read_table_text("序号,事项名称\n1,犬类准养证核发\n,\n\n2,食品经营许可\n", "t.csv")
    assert [r.number for r in table.rows] == [2, 5] and table.skipped_blank == 2


@pytest.mark.parametrize("name,data,message", [
    ("旧版.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 Excel"),
    ("坏.xlsx", b"PK\x03\x04 not really a zip", "无法打开 XLSX"),
    ("二进制.csv", b"a,b\n\x00\x01\x02", "空字符"),
    ("空.csv", b"", "没有表头"),
    ("说明.pdf", b"%PDF", "不是表格文件"),
])
def test_unreadable_files_give_a_clear_error_not_a_traceback(tmp_path: Path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TableError, match=message):
        read_file(path)


# ---- text formats people actually save (issue 10) -------------------------------------------------
def _l05_records(corpus: Path, n: int = 30) -> list[list[str]]:
    import csv

    with open(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[: n + 1]


def _encode(records: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(records)
    return buf.getvalue()


@pytest.mark.parametrize("delimiter,newline,encoding,note", [
    ("\t", "\r\n", "utf-8", "分隔符: 制表符"),          # Excel 「文本文件（制表符分隔）」 renamed .csv
    (";", "\r\n", "utf-8-sig", "分隔符: 分号"),         # Excel in a locale whose decimal mark is a comma
    (",", "\r", "utf-8", ""),                             # Excel for Mac: CR-only line endings
    ("\t", "\r\n", "utf-16", "分隔符: 制表符"),          # Excel 「Unicode 文本」: UTF-16 LE with BOM, tabs
])
def test_other_text_formats_named_csv_read_like_the_original(tmp_path: Path, corpus: Path, delimiter, newline,
                                                              encoding, note):
    records = _l05_records(corpus)
    path = tmp_path / "L05_广安区_另存.csv"
    path.write_bytes(_encode(records, delimiter, newline).encode(encoding))
    [table] = read_tables(path)
    assert table.header == records[0]
    assert [r.cells for r in table.rows] == records[1:]
    assert [r.number for r in table.rows] == list(range(2, len(records) + 1))
    assert not any(r.problem for r in table.rows)
    assert (note in table.notes[0]) if note else not table.notes


def test_a_line_break_inside_a_quoted_cell_of_a_cr_only_file_stays_in_the_cell(corpus: Path):
    records = _l05_records(corpus, 3)
    records[2][1] = "区教科体局\r区卫生健康局"
    table = read_table_text(_encode(records, newline="\r"), "L05.csv")
    assert len(table.rows) == 3 and table.rows[1].cells[1] == "区教科体局\r区卫生健康局"


def test_a_utf16_file_cut_mid_character_keeps_what_is_whole(tmp_path: Path, corpus: Path):
    data = _encode(_l05_records(corpus, 5), "\t").encode("utf-16")
    path = tmp_path / "截断.csv"
    path.write_bytes(data[:-1])
    [table] = read_tables(path)
    assert len(table.rows) == 5 and table.rows[-1].problem


@pytest.mark.parametrize("name", ["L05_广安市广安区政务服务事项_按部门.csv", "广安区_部门名册.csv"])
def test_a_header_only_file_is_refused_saying_so(tmp_path: Path, corpus: Path, name):
    roster = Path(__file__).resolve().parents[1] / "ingest" / "samples" / name
    header = (_l05_records(corpus, 0)[0] if name.startswith("L05")
              else next(line for line in roster.read_text(encoding="utf-8-sig").splitlines()
                        if not line.startswith("#")).split(","))
    path = tmp_path / name
    path.write_text(_encode([header]), encoding="utf-8")
    with pytest.raises(TableError, match="只有表头（第 1 行") as err:
        read_file(path)
    assert name in str(err.value) and "没有任何数据行" in str(err.value)


def test_a_header_only_sheet_beside_a_full_one_is_noted(tmp_path: Path, corpus: Path):
    records = _l05_records(corpus, 4)
    wb = openpyxl.Workbook()
    wb.active.title = "事项"
    for r in records:
        wb.active.append(r)
    wb.create_sheet("待补充").append(records[0])
    path = tmp_path / "两个工作表.xlsx"
    wb.save(path)
    tables = read_tables(path)
    assert [len(t.rows) for t in tables] == [4, 0]
    assert "工作表「待补充」只有表头（第 1 行），没有数据行" in tables[1].notes


# ---- bounded work on workbooks that claim more than they hold (issue 10) ---------------------------
def _workbook_claiming_a_million_rows(tmp_path: Path, corpus: Path, rows: int = 20) -> Path:
    """A real L05 extract whose sheet says A1:XFD1048576 and merges its 事项分组 column C2:C1048576
    (all 未分类), as a 5 KB file can."""
    import re
    import zipfile

    records = _l05_records(corpus, rows)
    wb = openpyxl.Workbook()
    wb.active.title = "事项"
    for r in records:
        wb.active.append(r)
    wb.active.merge_cells("A2:A3")          # a real merge inside the data, to show it is still filled
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    path = tmp_path / "广安区_整列合并.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
                xml = re.sub(r'<mergeCells count="1">\s*<mergeCell ref="A2:A3"\s*/>',
                             '<mergeCells count="3"><mergeCell ref="A2:A3"/><mergeCell ref="C2:C1048576"/>'
                             '<mergeCell ref="K5:Z900000"/>', xml)
                assert "C2:C1048576" in xml and "XFD1048576" in xml
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    return path


def test_a_workbook_merged_to_the_last_row_is_read_over_its_data_only(tmp_path: Path, corpus: Path):
    import tracemalloc

    path = _workbook_claiming_a_million_rows(tmp_path, corpus)
    assert path.stat().st_size < 10_000
    tracemalloc.start()
    try:
        [table] = read_tables(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024          # a million filled cells would be hundreds of MiB
    assert len(table.rows) == 20 and table.rows[-1].number == 21
    records = _l05_records(corpus, 20)
    assert table.rows[1].cells[0] == records[1][0]          # A2:A3 filled from A2
    assert {r.cells[2] for r in table.rows} == {records[1][2]}   # C2:C… filled, within the data
    assert any("C2:C1048576" in n and "只在数据区域内（21 行 × 9 列）" in n for n in table.notes)


# ---------------------------------------------------------------------------- streamed
def _csv(rows: list[list[str]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _l05(corpus: Path) -> tuple[list[str], list[list[str]]]:
    import csv

    with open(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    return header, body[:200]


def _awkward_files(corpus: Path) -> dict[str, str]:
    """What the whole-file reader handles, placed where a stream meets it late: a cut quote at
    the end, a malformed quote mid-file, comments after the header, sections and a total, rows too
    short or too long, a cell over two lines, a title above the header, a BOM."""
    header, body = _l05(corpus)
    return {
        "cut_quote.csv": _csv([header] + body) + '1,区经信局,"未分类,企业投资',
        "cut_short.csv": _csv([header] + body) + "1,区经信局,未分类",
        "bad_quote_mid.csv": _csv([header] + body[:50]) + '5,区经信局,ab"c"d,x,y\r\n' + _csv(body[50:]),
        "comments_mid.csv": "# 说明一\n" + _csv([header] + body[:80]) + "# 说明二\n# 说明三\n# 说明四\n" + _csv(body[80:]),
        "sections.csv": "广安区清单（2023年版）\n" + _csv([header]) + "一、基本履职事项\n" + _csv(body[:70])
                        + "\n\n二、配合履职事项\n" + _csv(body[70:]) + "合计,,,共 199 项\n",
        "widths.csv": _csv([header] + body[:60]) + "1,2,3\n" + _csv(body[60:]) + "1,2,3,4,5,6,7,8,9,10,11\n",
        "multiline.csv": _csv([header] + body[:60]) + '1,"区经信局\n第二行",x,y,z,1,行政许可,511602000000,s\n'
                         + _csv(body[60:]),
        "bom.csv": "\ufeff" + _csv([header] + body),
    }


def _seen(table) -> tuple:
    return (table.header, table.header_row, [(r.number, r.cells, r.problem, r.problem_column) for r in table.rows],
            table.comments, table.sections, table.totals, table.skipped_blank, table.notes, table.titles,
            table.encoding)


def test_a_streamed_csv_reads_as_the_whole_file_does(tmp_path: Path, corpus: Path, monkeypatch):
    import ingest.tables as tables

    for name, text in _awkward_files(corpus).items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        data, (whole,) = read_file(path)
        assert data is not None and not whole.streamed
        # Any file streams, with a head of ~20 KB read in 1 KB chunks (the rows go far past it).
        monkeypatch.setattr(tables, "STREAM_MIN_BYTES", 0)
        monkeypatch.setattr(tables, "_STREAM_CHUNK", 997)
        monkeypatch.setattr(tables, "_HEAD_CHARS", 20000)
        none, (streamed,) = read_file(path, stream=True)
        monkeypatch.undo()
        assert none is None and streamed.streamed, name
        import hashlib
        assert streamed.content_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        expected = _seen(whole)
        assert _seen(streamed) == expected, name
        assert _seen(streamed) == expected, name        # a second pass reads the same again
        assert [r.number for r in streamed.rows[:5]] == [r.number for r in whole.rows[:5]]


def test_a_file_changed_during_a_streamed_import_is_refused(tmp_path: Path, corpus: Path, monkeypatch):
    import ingest.tables as tables

    header, body = _l05(corpus)
    path = tmp_path / "L.csv"
    path.write_text(_csv([header] + body), encoding="utf-8")
    monkeypatch.setattr(tables, "STREAM_MIN_BYTES", 0)
    _, (table,) = read_file(path, stream=True)
    path.write_text(_csv([header] + body[:100]), encoding="utf-8")
    with pytest.raises(TableError, match="文件在导入过程中被修改"):
        list(table.rows)


def test_small_or_other_files_are_read_whole_even_when_a_stream_is_asked_for(tmp_path: Path, corpus: Path):
    data, (table,) = read_file(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", stream=True)
    assert data is not None and not table.streamed and len(table.rows) == 1135
