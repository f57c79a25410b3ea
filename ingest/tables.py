"""Read a CSV or XLSX list into a header and rows numbered as a person sees them.

Row numbers are those of a spreadsheet (the first line of the file is row 1), so
"第 12 行" in a report is row 12 when the file is opened in Excel or WPS.

What we handle because real lists do it:

* comment lines starting with ``#`` (our built fixtures explain themselves that way) and
  title rows above the header ("广安区权责清单（2023年版）") — neither counts as a row;
* a two-row header whose top cell spans sub-columns (责任主体 over 主体责任|配合责任),
  merged cells in XLSX (filled from their top-left cell, in the header and in data);
* section titles inside the table ("一、基本履职事项") — reported, not counted as rows;
* a truncated file: a row cut mid-quote or with too few cells is returned with a
  ``problem`` so that the importer quarantines it; an unreadable file raises
  :class:`TableError` with a Chinese message, never a traceback.

    >>> t = read_table_text("序号,事项名称\\n1,犬类准养证核发\\n", "示例.csv")
    >>> (t.header, t.rows[0].number, t.rows[0].cells)
    (['序号', '事项名称'], 2, ['1', '犬类准养证核发'])
"""
from __future__ import annotations

import csv
import io
import itertools
import re
import threading
import zipfile
from xml.etree import ElementTree
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ingest.encoding import Decoded, EncodingError, decode_bytes
from ingest.headers import header_score, match_field, part_of

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 15
TOTAL_ROW = re.compile(r"^(合计|小计|总计|共计)([:：(（].{0,20})?$")
TOTAL_HEADS = "合小总共"     # the first characters TOTAL_ROW allows
WHITESPACE = re.compile(r"\s+")
DELIMITER_ZH = {",": "逗号", "\t": "制表符", ";": "分号"}
_SNIFF_CHARS = 64 * 1024
SECTION_TITLE = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")


class TableError(ValueError):
    """The file cannot be read as a table at all. Message in Chinese, naming the file."""


@dataclass(slots=True)   # a million-row list holds a million of them
class Row:
    number: int                 # the row a person sees (spreadsheet row)
    cells: list[str]
    problem: str = ""           # why the row cannot be used as read (truncated, too short …)
    problem_column: str = ""


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[Row]
    header_row: int = 1         # last header row (a two-row header ends one row lower)
    sheet: str = ""             # XLSX sheet name; "" for CSV
    encoding: str = ""          # how a CSV was decoded (utf-8 / utf-8-sig / gb18030); "xlsx"
    comments: list[str] = field(default_factory=list)   # "# …" lines, without the "#"
    titles: list[str] = field(default_factory=list)     # title rows above the header (广州市权责清单)
    sections: dict[int, str] = field(default_factory=dict)  # row number → section title
    totals: dict[int, str] = field(default_factory=dict)    # row number → 合计/小计 row, as text
    skipped_blank: int = 0      # rows with no text at all
    notes: list[str] = field(default_factory=list)
    # A CSV read as a stream (read_file(stream=True)): its rows are a StreamedRows, read from the
    # file at each pass; comments, sections, totals and blank rows are complete after a pass.
    content_sha256: str = ""    # of the file's bytes, computed as they were read (streamed only)
    rows_hint: int = 0          # lines in the file (streamed only): about as many rows, or more

    def locator(self, row: int) -> str:
        return f"工作表「{self.sheet}」第 {row} 行" if self.sheet else f"第 {row} 行"

    @property
    def streamed(self) -> bool:
        return isinstance(self.rows, StreamedRows)

    def row_count_hint(self) -> int:
        """How many rows to expect (exact when the rows are in memory)."""
        return self.rows_hint if self.streamed else len(self.rows)


# ---------------------------------------------------------------------------- public
def read_tables(path: Path) -> list[Table]:
    """Every table in the file: one for a CSV, one per non-empty sheet of an XLSX."""
    return read_file(path)[1]


# The last file read with ``keep=True`` (the dispatcher reads a file to choose its importer, which
# then reads it again): handed out once to the next read of the same unchanged file, so a list is
# parsed once per import. One slot: a folder of files never holds more than one file's tables.
_KEPT: tuple[tuple[str, int, int, bool], tuple[bytes | None, list[Table]]] | None = None
_KEPT_LOCK = threading.Lock()


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def read_file(path: Path, keep: bool = False, stream: bool = False) -> tuple[bytes | None, list[Table]]:
    """The file's bytes (for its content hash) and its tables; raise TableError if unreadable.

    ``keep``: hold the result for the next read of this file (if unchanged by then), once.
    ``stream``: a large UTF-8 CSV (≥ STREAM_MIN_BYTES) is not held in memory: its rows are read
    from the file when iterated (:class:`StreamedRows`), the bytes are None and the table's
    ``content_sha256`` is their hash. Other files are read whole as without it.
    """
    global _KEPT
    path = Path(path)
    key = _file_key(path)
    key = key and (*key, stream)
    with _KEPT_LOCK:
        kept, _KEPT = _KEPT, None
    if kept is not None and key is not None and kept[0] == key:
        if keep:
            with _KEPT_LOCK:
                _KEPT = kept
        return kept[1]
    result = _read_streamed(path) if stream else None
    if result is None:
        result = _read_file(path)
    if keep and key is not None:
        with _KEPT_LOCK:
            _KEPT = (key, result)
    return result


def _read_file(path: Path) -> tuple[bytes, list[Table]]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise TableError(f"{path.name}: 不支持旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV")
    if suffix not in TABLE_SUFFIXES:
        raise TableError(f"{path.name}: 不是表格文件（支持 .csv、.xlsx）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"{path.name}: 无法读取文件（{exc.strerror or exc}）") from None
    tables = [read_csv_bytes(data, path)] if suffix == ".csv" else read_xlsx(path)
    return data, _with_data(path, tables)


def _with_data(path: Path, tables: list[Table]) -> list[Table]:
    """Refuse a file that has a header and nothing under it: an export cut short, not an empty list.

    Refused here, before any kind is chosen, so that a header-only file is never taken for
    another kind (a roster, a calls file) whose detection would look at the header alone.
    """
    if any(t.rows or t.sections or t.totals for t in tables):
        for t in tables:
            if not t.rows and not t.sections and not t.totals:
                t.notes.append(f"工作表「{t.sheet}」只有表头（第 {t.header_row} 行），没有数据行")
        return tables
    t = tables[0]
    where = f"工作表「{t.sheet}」" if t.sheet else ""
    shown = "、".join(h for h in t.header if h)
    raise TableError(f"{path.name}: {where}只有表头（第 {t.header_row} 行: {shown[:80]}），没有任何数据行"
                     "——文件可能导出不完整，请检查后重新导出")


def read_csv_bytes(data: bytes, path: Path) -> Table:
    try:
        decoded = decode_bytes(data, path.name)
    except EncodingError as exc:
        raise TableError(str(exc)) from None
    return read_table_text(decoded.text, path, decoded)


def read_table_text(text: str, path: Path | str, decoded: Decoded | None = None) -> Table:
    path = Path(path)
    delimiter = sniff_delimiter(text)
    records, cut_mid_quote = _parse_csv(text, path.name, delimiter)
    if decoded is not None and decoded.truncated_tail and records:
        cut_mid_quote = True
    grid = [(i + 1, cells) for i, cells in enumerate(records)]
    table = _build(path, grid, spans={}, sheet="")
    table.encoding = decoded.encoding if decoded else "utf-8"
    if delimiter != ",":
        table.notes.append(f"分隔符: {DELIMITER_ZH[delimiter]}（文件虽名为 .csv，列以{DELIMITER_ZH[delimiter]}分隔）")
    if cut_mid_quote and table.rows and table.rows[-1].number == len(records):
        # The more specific diagnosis wins over "too few cells": say where the cut fell.
        last = table.rows[-1]
        cut_at = min(len(records[-1]), len(table.header)) - 1
        last.problem = "此行在文件末尾中断（引号未闭合或字符不完整，文件可能被截断）"
        last.problem_column = table.header[cut_at] if cut_at >= 0 else ""
    return table


def read_xlsx(path: Path) -> list[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read_only: cells stream from the file as they are; the normal mode builds an object for
        # every cell of every merged range, which for E1:E1048576 is a million of them.
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as exc:
        raise TableError(f"{path.name}: 无法打开 XLSX 文件（文件损坏、被截断或不是 Excel 文件: {exc}）") from None
    tables: list[Table] = []
    skipped: list[str] = []
    try:
        for ws in wb.worksheets:
            try:
                grid, spans, notes = _sheet_grid(ws)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, SyntaxError) as exc:
                raise TableError(f"{path.name}: 工作表「{ws.title}」无法读取（文件损坏或被截断: {exc}）") from None
            if not any(any(c for c in cells) for _, cells in grid):
                skipped.append(ws.title)
                continue
            table = _build(path, grid, spans, sheet=ws.title)
            table.encoding = "xlsx"
            table.notes[:0] = notes
            tables.append(table)
    finally:
        wb.close()
    if not tables:
        raise TableError(f"{path.name}: 工作簿中没有任何数据")
    if skipped:
        tables[0].notes.append("无数据的工作表: " + "、".join(skipped))
    return tables


# ---------------------------------------------------------------------------- CSV
def sniff_delimiter(text: str) -> str:
    """",", a tab or ";": the one under which the header names most fields (a comma when tied).

    Excel saves 「文本文件（制表符分隔）」 and, in a German or French locale, semicolon CSV;
    people name both .csv. The header decides, not a count of characters, because the data
    cells of a tab-separated list are full of commas.
    """
    sample = text[:_SNIFF_CHARS]
    best, best_score = ",", -1
    for delimiter in DELIMITER_ZH:
        rows = []
        try:
            for rec in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if rec and any(c.strip() for c in rec) and not _is_comment(rec):
                    rows.append(rec)
                if len(rows) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            continue
        score = max((header_score(r) for r in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _parse_csv(text: str, name: str, delimiter: str = ",") -> tuple[list[list[str]], bool]:
    """Records of the CSV, and whether its last record ends inside an open quote."""
    if "\x00" in text:
        raise TableError(f"{name}: 文件含有空字符（NUL），不是文本 CSV（是否把 Excel 文件改了扩展名？）")
    # The lenient reader swallows an unterminated quote silently; the strict one tells us. A file
    # the strict reader accepts gives the lenient reader's records (strictness only turns
    # malformed input into errors), so a well-formed file is parsed once.
    cut = False
    # One string for each distinct cell text: a list repeats its departments, types and region on
    # every row (a million-row list: 6 of its 9 cells), and the rows are held until imported.
    one = {}.setdefault
    try:
        return [[one(c, c) for c in map(str.strip, rec)]
                for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)], cut
    except csv.Error as exc:
        cut = "unexpected end of data" in str(exc)
    try:
        records = [[one(c, c) for c in map(str.strip, rec)]
                   for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise TableError(f"{name}: CSV 格式错误（{exc}）") from None
    return records, cut


# ---------------------------------------------------------------------------- CSV, streamed
# A CSV this large is read as a stream when the caller can take one (read_file(stream=True)): a
# million-row list is 350 MB of bytes, as much again of text, and its rows held at once were
# most of a 2.3 GiB import. Smaller files (every real list so far) are read whole.
STREAM_MIN_BYTES = 16 * 1024 * 1024
_STREAM_CHUNK = 1 << 20
_HEAD_CHARS = 256 * 1024     # of text read for the delimiter and the header: well past both


class StreamedRows:
    """The data rows of a CSV read from the file at each iteration, as read_table_text would
    give them; each pass refills the table's comments, sections, totals and blank-row count."""

    def __init__(self, table: Table, key: tuple[str, int, int] | None, delimiter: str) -> None:
        self.table, self.key, self.delimiter = table, key, delimiter

    def __bool__(self) -> bool:
        return True          # (a file is streamed only when its head holds a data row)

    def __iter__(self):
        return _stream_rows(self.table, self.key, self.delimiter)

    def __getitem__(self, part: slice) -> list[Row]:
        """The first rows (``rows[:n]``: what is read to find the file's region), read anew."""
        if not isinstance(part, slice) or part.step not in (None, 1) or (part.start or 0) < 0 \
                or part.stop is None or part.stop < 0:
            raise TypeError("StreamedRows: only rows[a:b] with 0 <= a <= b")
        rows = iter(self)
        try:
            return list(itertools.islice(rows, part.start or 0, part.stop))
        finally:
            rows.close()


def _read_streamed(path: Path) -> tuple[None, list[Table]] | None:
    """A large UTF-8 CSV as a table whose rows stream from the file; None for any other file
    (read whole: small, XLSX, another encoding, NUL bytes, cut mid-character — the whole-file
    reader says what is wrong with it)."""
    import codecs
    import hashlib

    if path.suffix.lower() != ".csv":
        return None
    key = _file_key(path)
    if key is None or key[1] < STREAM_MIN_BYTES:
        return None
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    head: list[str] = []
    head_chars = lines = 0
    bom = False
    try:
        with path.open("rb") as fh:
            chunk = fh.read(_STREAM_CHUNK)
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return None
            bom = chunk.startswith(codecs.BOM_UTF8)
            while chunk:
                if b"\x00" in chunk:
                    return None
                digest.update(chunk)
                lines += chunk.count(b"\n")
                text = decoder.decode(chunk)
                if head_chars < _HEAD_CHARS:
                    head.append(text)
                    head_chars += len(text)
                chunk = fh.read(_STREAM_CHUNK)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    if _file_key(path) != key:
        return None
    text = "".join(head)
    delimiter = sniff_delimiter(text)
    # The head's complete records: up to where it ends (maybe inside a quoted cell) or the strict
    # reader refuses one, less the last (which the end of the head may have cut).
    records: list[list[str]] = []
    try:
        for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            records.append([c.strip() for c in rec])
    except csv.Error:
        pass
    records = records[:-1]
    grid = [(i + 1, cells) for i, cells in enumerate(records)]
    if sum(1 for _, cells in grid if any(cells) and not _is_comment(cells)) <= HEADER_SEARCH_ROWS:
        return None           # the header might lie beyond the head: read whole
    table = _build(path, grid, spans={}, sheet="")
    if not table.rows and not table.sections and not table.totals:
        return None           # nothing under the header in the head: let the whole-file reader judge
    table.encoding = "utf-8-sig" if bom else "utf-8"
    if delimiter != ",":
        table.notes.append(f"分隔符: {DELIMITER_ZH[delimiter]}（文件虽名为 .csv，列以{DELIMITER_ZH[delimiter]}分隔）")
    table.content_sha256 = digest.hexdigest()
    table.rows_hint = lines
    table.rows = StreamedRows(table, key, delimiter)
    return None, [table]


def _stream_records(path: Path, delimiter: str, state: dict):
    """(number, cells, is_last) of every record, as _parse_csv reads them: the strict reader, and
    from the first record it refuses on, the lenient one (``state["cut"]``: that refusal was the
    end of the file inside an open quote)."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        pending: list[str] = []

        def lines():
            for line in fh:
                pending.append(line)
                yield line

        source = lines()
        records = csv.reader(source, delimiter=delimiter, strict=True)
        prev = None
        number = 0
        try:
            for rec in records:
                pending.clear()
                if prev is not None:
                    yield number, prev, False
                number += 1
                prev = list(map(str.strip, rec))
        except csv.Error as exc:
            state["cut"] = "unexpected end of data" in str(exc)
            # The strict and the lenient reader part records alike up to here: the lenient one
            # takes over at the start of the record the strict one refused.
            records = csv.reader(itertools.chain(list(pending), source), delimiter=delimiter)
            try:
                for rec in records:
                    if prev is not None:
                        yield number, prev, False
                    number += 1
                    prev = [c.strip() for c in rec]
            except csv.Error as exc2:
                raise TableError(f"{path.name}: CSV 格式错误（{exc2}）") from None
        if prev is not None:
            yield number, prev, True


def _stream_rows(table: Table, key: tuple[str, int, int] | None, delimiter: str):
    """One pass over a streamed table's file: its data rows, as _build and read_table_text give them."""
    path = table.path
    if _file_key(path) != key:
        raise TableError(f"{path.name}: 文件在导入过程中被修改，请在文件不再变化后重新导入")
    table.comments, table.sections, table.totals, table.skipped_blank = [], {}, {}, 0
    header = table.header
    state = {"cut": False}
    for number, cells, last in _stream_records(path, delimiter, state):
        if _is_comment(cells):
            table.comments.append(cells[0].lstrip()[1:].strip())
            continue
        row = _data_row(table, number, cells)
        if row is None:
            continue
        if last and state["cut"]:
            cut_at = min(len(cells), len(header)) - 1
            row.problem = "此行在文件末尾中断（引号未闭合或字符不完整，文件可能被截断）"
            row.problem_column = header[cut_at] if cut_at >= 0 else ""
        yield row
    if _file_key(path) != key:
        raise TableError(f"{path.name}: 文件在导入过程中被修改，请在文件不再变化后重新导入")


# ---------------------------------------------------------------------------- XLSX
def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _sheet_grid(ws) -> tuple[list[tuple[int, list[str]]], dict[int, set[int]], list[str]]:
    """The sheet's used area as text rows, merged ranges filled from their top-left cell; and notes.

    The used area is what holds a value. A sheet's declared dimension and its merged ranges
    may reach far beyond it (a whole column merged: E1:E1048576); they are clipped to it,
    so the work is bounded by the data, not by what the file claims. ``spans`` maps a row
    number to the columns a horizontal merge starting there covers (two-row headers).
    """
    from openpyxl.utils.cell import range_boundaries

    ws.reset_dimensions()        # read the rows the file holds, not the <dimension> it declares
    rows: dict[int, list[str]] = {}
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows[number] = cells
    used_rows = max(rows, default=0)
    used_cols = max((len(c) for c in rows.values()), default=0)
    values = [rows.get(r, []) for r in range(1, used_rows + 1)]
    spans: dict[int, set[int]] = {}
    clipped: list[str] = []
    for ref in _merged_refs(ws):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except ValueError:
            continue
        if min_row > used_rows or min_col > used_cols:
            continue             # entirely outside the data: formatting, nothing to fill
        if max_row > used_rows or max_col > used_cols:
            clipped.append(ref)
        max_row, max_col = min(max_row, used_rows), min(max_col, used_cols)
        top_row = values[min_row - 1]
        top = top_row[min_col - 1] if min_col - 1 < len(top_row) else ""
        for r in range(min_row, max_row + 1):
            row = values[r - 1]
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = top
        if max_col > min_col:
            spans.setdefault(min_row, set()).update(range(min_col - 1, max_col))
    notes = []
    if clipped:
        shown = "、".join(clipped[:3]) + (f" 等 {len(clipped)} 处" if len(clipped) > 3 else "")
        notes.append(f"工作表「{ws.title}」的合并区域 {shown} 超出数据区域，只在数据区域内"
                     f"（{used_rows} 行 × {used_cols} 列）填充")
    return [(i + 1, r + [""] * (used_cols - len(r))) for i, r in enumerate(values)], spans, notes


def _merged_refs(ws) -> list[str]:
    """The merged ranges ("A1:C1") of a read-only sheet, read from its XML as it streams by.

    openpyxl's read-only sheets do not expose them; ``_get_source`` is the sheet's own XML.
    """
    refs: list[str] = []
    with ws._get_source() as src:
        for _, elem in ElementTree.iterparse(src):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                ref = elem.get("ref")
                if ref:
                    refs.append(ref)
            elif tag in ("c", "row"):
                elem.clear()     # keep memory flat while the cells stream past
    return refs


# ---------------------------------------------------------------------------- shared
def _is_comment(cells: list[str]) -> bool:
    return bool(cells) and cells[0].lstrip().startswith("#")


def _find_header(candidates: list[tuple[int, list[str]]]) -> int:
    """Index (into candidates) of the header: the row naming most fields; the first row if none does."""
    best, best_score = 0, 0
    for i, (_, cells) in enumerate(candidates[:HEADER_SEARCH_ROWS]):
        score = header_score(cells)
        if score > best_score:
            best, best_score = i, score
    return best


def _subheader(top: list[str], below: list[str], spanned: set[int]) -> list[str] | None:
    """The combined header if ``below`` is a second header row under ``top``, else None.

    ``below`` is a header row when every text in it either repeats the cell above (a
    vertical merge) or names a field, and at least one such name sits under a cell
    that spans several columns (merged, or left empty in a CSV export).
    """
    width = max(len(top), len(below))
    top = top + [""] * (width - len(top))
    below = below + [""] * (width - len(below))
    filled = list(top)
    for c in range(1, width):   # a CSV export leaves the spanned cells empty: fill from the left
        if not filled[c] and below[c]:
            filled[c] = filled[c - 1]
            spanned = spanned | {c - 1, c}
    under_span = False
    for c, text in enumerate(below):
        if not text or text == top[c]:
            continue
        if match_field(text) is None and match_field(filled[c] + text) is None:
            return None
        if c in spanned:
            under_span = True
    if not under_span:
        return None
    combined = []
    for c in range(width):
        t, b = filled[c], below[c]
        if not b or b == t:
            combined.append(t)
        elif match_field(b):
            combined.append(b)
        else:
            combined.append(t + b)
    return combined


def _is_section(cells: list[str]) -> str | None:
    """A title row inside the data ("一、基本履职事项"), or None."""
    # One text in the row, in its first cell: every cell is that text or empty (counted in C: this
    # runs for every row of a million-row list).
    title = cells[0] if cells else ""
    if not title or cells.count(title) + cells.count("") != len(cells):
        return None
    if len(title) > 40 or title.isdigit():
        return None
    if SECTION_TITLE.match(title) or part_of(title):
        return title
    return None


def _is_total(cells: list[str]) -> bool:
    """A 合计/小计 footer ("合计,,,共 35 项"): its first text says so; it describes rows, it is not one."""
    first = cells[0] if cells and cells[0] else next((c for c in cells if c), "")
    # Whitespace goes before matching; what it cannot start with is known from the first
    # non-space character (str and re agree on what is whitespace), without the substitution.
    head = first.lstrip()[:1]
    if not head or head not in TOTAL_HEADS:
        return False
    return bool(TOTAL_ROW.match(WHITESPACE.sub("", first)))


def _build(path: Path, grid: list[tuple[int, list[str]]], spans: dict[int, set[int]], sheet: str) -> Table:
    comments = [cells[0].lstrip()[1:].strip() for _, cells in grid if _is_comment(cells)]
    content = [(n, cells) for n, cells in grid if not _is_comment(cells)]
    nonblank = [(n, cells) for n, cells in content if any(cells)]
    if not nonblank:
        raise TableError(f"{path.name}{'「' + sheet + '」' if sheet else ''}: 文件中没有表头和数据")
    h = _find_header(nonblank)
    header_row, header = nonblank[h]
    notes: list[str] = []
    if h:
        notes.append(f"表头在第 {header_row} 行，其上 {h} 行为标题，不计入数据行")
    start = h + 1
    if start < len(nonblank):
        below_row, below = nonblank[start]
        combined = _subheader(header, below, spans.get(header_row, set()))
        if combined is not None:
            notes.append(f"两行表头（第 {header_row}–{below_row} 行）已合并为: {'、'.join(c for c in combined if c)}")
            header, header_row = combined, below_row
            start += 1
    width = len(header)
    while width and not header[width - 1]:
        width -= 1       # trailing empty header cells are spreadsheet padding
    header = header[:width]
    table = Table(path=path, header=header, rows=[], header_row=header_row, sheet=sheet,
                  comments=comments, notes=notes, titles=[" ".join(c for c in cells if c) for _, cells in nonblank[:h]])
    for number, cells in content:
        row = _data_row(table, number, cells)
        if row is not None:
            table.rows.append(row)
    return table


def _data_row(table: Table, number: int, cells: list[str]) -> Row | None:
    """A line of the table's file as a data row fitted to its header, or None for a line above the
    header, a blank one, a section title or a total (those three recorded on the table) — one rule
    for a table read whole and for a streamed one."""
    if number <= table.header_row:
        return None
    if not any(cells):
        table.skipped_blank += 1
        return None
    title = _is_section(cells)
    if title:
        table.sections[number] = title
        return None
    if _is_total(cells):
        table.totals[number] = "、".join(c for c in cells if c)
        return None
    return _shape(number, cells, len(table.header), table.header)


def _shape(number: int, cells: list[str], width: int, header: list[str]) -> Row:
    """Fit the cells to the header width, flagging rows that are too short or too long."""
    if len(cells) > width:
        extra = cells[width:]
        if any(extra):
            return Row(number, cells[:width],
                       problem=f"列数过多: 表头有 {width} 列，此行有 {width + len(extra)} 列（可能有未加引号的逗号）")
        cells = cells[:width]
    if len(cells) < width:
        # The row was cut in its last cell: name that column.
        cut_in = header[len(cells) - 1] if 0 < len(cells) <= len(header) else ""
        return Row(number, cells + [""] * (width - len(cells)),
                   problem=f"列数不足: 表头有 {width} 列，此行只有 {len(cells)} 列（行可能被截断）",
                   problem_column=cut_in)
    return Row(number, cells)
