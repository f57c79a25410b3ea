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

    def __str__(self) -> str:
        where = f"{self.path} 第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Unresolved:
    """A department name that could not be tied to one Department node, and why."""

    path: str
    row: int
    column: str
    name: str
    reason: str
    candidates: tuple[str, ...] = ()


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

    @property
    def rows_quarantined(self) -> int:
        return len(self.rejections)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined

    def reject(self, row: int, column: str, reason: str, text: str = "") -> None:
        self.rejections.append(Rejection(Path(self.path).name, row, column, reason, text))

    def summary_zh(self) -> str:
        name = Path(self.path).name
        if self.error:
            return f"{name}: 导入失败 — {self.error}"
        state = {"unchanged": "（内容未变，跳过）", "updated": "（新版本）"}.get(self.status, "")
        return (f"{name} [{self.kind}]{state}: 读取 {self.rows_read} 行 = 导入 {self.rows_loaded}"
                f" + 隔离 {self.rows_quarantined}；未能识别的部门名称 {len(self.unresolved)} 处")


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
            if f.error:
                rows.append([Path(f.path).name, "", "", f.error, ""])
            for r in f.rejections:
                rows.append([r.path, r.row, r.column, r.reason, r.text])
            for u in f.unresolved:
                rows.append([u.path, u.row, u.column, f"部门名称未能识别: {u.name}（{u.reason}）",
                             "；".join(u.candidates)])
        return csv_text(["文件", "行", "列", "原因", "原文"], rows)

    def summary_zh(self) -> str:
        lines = [f.summary_zh() for f in self.files]
        lines.append(f"合计: 读取 {self.rows_read} 行 = 导入 {self.rows_loaded} + 隔离 {self.rows_quarantined}"
                     f"（{len(self.files)} 个文件，失败 {len(self.failed)} 个）")
        return "\n".join(lines)
