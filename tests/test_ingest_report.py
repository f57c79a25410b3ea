"""The quarantine report a 编办 analyst opens in Excel: file, sheet, row, column, reason — each row once."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from graph.embedded import EmbeddedStore
from ingest.dispatch import ingest_paths

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
L05 = "L05_广安市广安区政务服务事项_按部门.csv"


def _workbook_from_l05(corpus: Path, path: Path) -> Path:
    """L05's first rows split over two sheets by 事项类型, with three bad rows as published lists have them."""
    with open(corpus / "lists" / L05, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))[:41]
    wb = openpyxl.Workbook()
    sheets = {"行政许可": wb.active, "其他": wb.create_sheet("其他")}
    sheets["行政许可"].title = "行政许可"
    for ws in sheets.values():
        ws.append(header)
    for row in rows:
        sheets["行政许可" if row[6] == "行政许可" else "其他"].append(row)
    permit, other = sheets["行政许可"], sheets["其他"]
    permit.cell(row=3, column=2, value="区教体局")      # not in the roster: quarantined, and named as unresolved
    other.cell(row=4, column=4, value="")               # 事项名称 emptied
    other.cell(row=5, column=2, value="区教体局")
    wb.save(path)
    return path


def test_the_quarantine_report_names_the_sheet_and_lists_each_row_once(tmp_path: Path, corpus: Path):
    store = EmbeddedStore()
    path = _workbook_from_l05(corpus, tmp_path / "广安区_政务服务事项.xlsx")
    report = ingest_paths(store, [SAMPLES / "广安区_部门名册.csv", path])
    [listing] = [f for f in report.files if f.path.endswith(".xlsx")]
    assert listing.rows_read == 40 == listing.rows_loaded + listing.rows_quarantined
    assert listing.rows_quarantined == 3
    lines = list(csv.DictReader(io.StringIO(report.quarantine_csv())))
    assert list(lines[0]) == ["文件", "工作表", "行", "列", "原因", "原文"]
    where = [(r["文件"], r["工作表"], r["行"], r["列"]) for r in lines]
    name = "广安区_政务服务事项.xlsx"
    assert sorted(where) == sorted([(name, "行政许可", "3", "实施主体"), (name, "其他", "4", "事项名称"),
                                    (name, "其他", "5", "实施主体")])
    unknown = next(r for r in lines if r["工作表"] == "行政许可")
    assert "区教体局" in unknown["原因"] and "名册中无此部门" in unknown["原因"] and unknown["原文"]
    assert str(listing.rejections[0]).startswith(f"{name} 工作表「")


def test_the_console_shows_the_first_reasons(tmp_path: Path, corpus: Path):
    path = _workbook_from_l05(corpus, tmp_path / "广安区_政务服务事项.xlsx")
    report = ingest_paths(EmbeddedStore(), [SAMPLES / "广安区_部门名册.csv", path])
    assert report.first_problems_zh(limit=2).splitlines() == [
        "问题（前 2 条，共 3 条；用 --quarantine 文件.csv 写出全部）:",
        f"  广安区_政务服务事项.xlsx 工作表「行政许可」第 3 行「实施主体」列: {report.files[1].rejections[0].reason}",
        "  广安区_政务服务事项.xlsx 工作表「其他」第 4 行「事项名称」列: 事项名称为空",
    ]
