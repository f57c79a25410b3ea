"""Row accounting for every import: read = loaded + quarantined, with a reason for each rejection."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.csv_safe import csv_text


@dataclass(frozen=True)
class Rejection:
    """One quarantined row. ``row`` is the line a person sees in the file (the header is row 1).

    例: Rejection("L05.csv", 12, "事项名称", "事项名称为空", "区市监局,,…")
    """

    path: str
    row: int
    column: str
    reason: str
    text: str = ""
    sheet: str = ""          # XLSX sheet; "" for a CSV or a text file

    def __str__(self) -> str:
        return f"{where_zh(self.path, self.sheet, self.row, self.column)}: {self.reason}"


def where_zh(path: str, sheet: str, row: int, column: str) -> str:
    """例: "清单.xlsx 工作表「许可」第 12 行「实施主体」列"."""
    where = f"{path} 工作表「{sheet}」" if sheet else f"{path} "
    if row:
        where += f"第 {row} 行"
    if column:
        where += f"「{column}」列"
    return where.rstrip()


@dataclass(frozen=True)
class Unresolved:
    """A department name that could not be tied to one Department node, and why."""

    path: str
    row: int
    column: str
    name: str
    reason: str
    candidates: tuple[str, ...] = ()
    sheet: str = ""


@dataclass(frozen=True)
class GenericName:
    """A generic placeholder a loaded row names as holder (有关部门, 各乡镇人民政府(街道办事处)): an
    unresolved generic holder — no Department node; the item keeps the text (generic_holders)."""

    path: str
    row: int
    column: str
    name: str
    sheet: str = ""

    @property
    def reason(self) -> str:
        return f"泛指的主体「{self.name}」不是具体部门，未对应到部门（行已导入，dutygraph gaps 报告）"


@dataclass
class FileReport:
    """What one file's import did."""

    path: str
    kind: str = ""
    region: str = ""
    status: str = "loaded"  # loaded / unchanged / updated / failed
    rows_read: int = 0
    rows_loaded: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    version: str = ""
    error: str = ""         # whole-file failure (unreadable, no recognisable header)
    sheet: str = ""         # the sheet being read: rejections recorded now belong to it
    # column → rows loaded with it empty because the emptiness is the finding (审管联动 without a
    # supervisor, 属地 without a lead): counted in the summary, reported by the analyses.
    gaps: dict[str, int] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)   # per table: which column was taken for which role
    generic: list[GenericName] = field(default_factory=list)  # unresolved generic holders, one per cell body

    @property
    def rows_quarantined(self) -> int:
        return len(self.rejections)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined

    def reject(self, row: int, column: str, reason: str, text: str = "") -> None:
        self.rejections.append(Rejection(Path(self.path).name, row, column, reason, text, self.sheet))

    def problems(self) -> list[tuple[str, int, str, str, str]]:
        """(sheet, row, column, reason, text), one per row: a quarantined row's unresolved names are
        already in its reason; a loaded row's unresolved names are joined into one line."""
        out: dict[tuple[str, int], list] = {}
        for i, r in enumerate(self.rejections):
            # Row 0 is "no row" (a 三定 clause): each such rejection stands alone.
            out.setdefault((r.sheet, r.row if r.row else -1 - i), [r.column, [r.reason], r.text])
        for u in self.unresolved:
            reason = f"部门名称未能识别: {u.name}（{u.reason}）" + (f"，相近: {'、'.join(u.candidates)}"
                                                               if u.candidates else "")
            entry = out.setdefault((u.sheet, u.row), [u.column, [], ""])
            if not any(f"「{u.name}」" in said or reason == said for said in entry[1]):
                entry[1].append(reason)
        for g in self.generic:
            entry = out.setdefault((g.sheet, g.row), [g.column, [], ""])
            # One line per row: a placeholder in another column of it says which column.
            reason = g.reason if g.column == entry[0] else f"「{g.column}」列{g.reason}"
            if reason not in entry[1]:
                entry[1].append(reason)
        return [(sheet, max(row, 0), column, "；".join(reasons), text)
                for (sheet, row), (column, reasons, text) in out.items()]

    def summary_zh(self) -> str:
        name = Path(self.path).name
        if self.error:
            return f"{name}: 导入失败 — {self.error}"
        state = {"unchanged": "（内容未变，跳过）", "updated": "（新版本）"}.get(self.status, "")
        if self.generic:
            kinds = list(dict.fromkeys(g.name for g in self.generic))
            names = "、".join(kinds[:3]) + ("等" if len(kinds) > 3 else "")
            gaps_generic = (f"；泛指的主体 {len(self.generic)} 处 {len(kinds)} 种（{names}），不是具体部门，"
                            f"未建立部门节点")
        else:
            gaps_generic = ""
        gaps = gaps_generic + "".join(f"；「{column}」为空的 {n} 行已导入，作为职责空白报告（dutygraph gaps）"
                       for column, n in self.gaps.items())
        return (f"{name} [{self.kind}]{state}: 读取 {self.rows_read} 行 = 导入 {self.rows_loaded}"
                f" + 隔离 {self.rows_quarantined}；未能识别的部门名称 {len(self.unresolved)} 处{gaps}")


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    citations: Any = None   # ingest.citations.CitationStats of the 实施依据 linked after the import

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def quarantine_csv(self) -> str:
        """The quarantine report: one line per rejected row, plus unresolved department names."""
        rows = []
        for f in self.files:
            name = Path(f.path).name
            if f.error:
                rows.append([name, "", "", "", f.error, ""])
            rows += [[name, sheet, row or "", column, reason, text]
                     for sheet, row, column, reason, text in f.problems()]
        return csv_text(["文件", "工作表", "行", "列", "原因", "原文"], rows)

    def first_problems_zh(self, limit: int = 5) -> str:
        """The first reasons, for the console: the user sees why rows were set aside without asking."""
        lines = [f"{Path(f.path).name}: {f.error}" for f in self.files if f.error]
        lines += [f"{where_zh(Path(f.path).name, sheet, row, column)}: {reason}"
                  for f in self.files for sheet, row, column, reason, _ in f.problems()]
        if not lines:
            return ""
        head = f"问题（前 {min(limit, len(lines))} 条，共 {len(lines)} 条；用 --quarantine 文件.csv 写出全部）:" \
            if len(lines) > limit else "问题:"
        return "\n".join([head, *(f"  {line}" for line in lines[:limit])])

    def summary_zh(self) -> str:
        lines = []
        for f in self.files:
            lines.append(f.summary_zh())
            lines += [f"  列: {c}" for c in f.columns if not f.error]
        lines.append(f"合计: 读取 {self.rows_read} 行 = 导入 {self.rows_loaded} + 隔离 {self.rows_quarantined}"
                     f"（{len(self.files)} 个文件，失败 {len(self.failed)} 个）")
        return "\n".join(lines)
