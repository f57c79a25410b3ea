"""The scorecard's indicators and weights: a CSV the 编办 edits, never code.

例: load_indicators()                      # the default file beside this module
    load_indicators("我区2025年监管指标.csv")  # the 编办's own

Columns (the first line names them; order does not matter):
- 一级指标  核心业务 / 评价指标 / 负面指标 (诸城's "核心业务+评价指标+负面指标")
- 二级指标, 三级指标  the indicator's place in the 编办's tree (诸城: 11 二级, 14 三级)
- 指标代码  which measure of the graph it reads: one of :data:`METRICS`
- 计分方式  比例 (分值 × the ratio), 加分 (单项分值 per row, at most 分值), 扣分 (单项分值 per row
            deducted, at most 分值), 不计分 (listed with its rows, not scored)
- 分值, 单项分值  numbers; 说明; 来源 (where the indicator comes from — every row of the default
            file cites the seed article it rests on)

A bad file is refused with one Chinese line naming the file, row and column.
"""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).with_name("scorecard_indicators.csv")
LEVELS = ("核心业务", "评价指标", "负面指标")
METHODS = ("比例", "加分", "扣分", "不计分")

# Measure → (Chinese name, "ratio" or "count"). The scorecard computes each with the rows behind it.
METRICS: dict[str, tuple[str, str]] = {
    "duty_coverage": ("法定职责（法律法规与三定）清单覆盖率", "ratio"),
    "law_duty_coverage": ("法律法规规定职责的清单覆盖率", "ratio"),
    "sanding_duty_coverage": ("三定职责的清单覆盖率", "ratio"),
    "basis_rate": ("主体事项写明依据的比例", "ratio"),
    "assistance_time_limit_rate": ("行政协助/部门间办事事项写明时限的比例", "ratio"),
    "call_response_rate": ("呼叫响应率", "ratio"),
    "calls_in_time_rate": ("呼叫按时响应率", "ratio"),
    "call_satisfaction": ("乡镇满意率", "ratio"),
    "ledger_closed_rate": ("台账问题销号率", "ratio"),
    "items_held": ("持有的清单事项", "count"),
    "assistance_given": ("承担的行政协助/部门间办事事项", "count"),
    "rulings": ("涉及该部门的职责边界认定", "count"),
    "gaps": ("涉及该部门的职责空白（全部类型）", "count"),
    "gaps_boundary": ("职责空白（属地无主体、部门不在名录等，不含法定职责未承接）", "count"),
    "uncovered_duties": ("未被清单承接的法定职责", "count"),
    "unsettled_overlaps": ("未明确分工的职责交叉", "count"),
    "settled_overlaps": ("已有分工依据的职责交叉", "count"),
    "broken_chains": ("审管联动断链", "count"),
    "overdue_calls": ("超时未响应或超时响应的呼叫", "count"),
    "open_ledger": ("未销号的台账问题", "count"),
    "overdue_ledger": ("逾期未销号的台账问题", "count"),
    "open_disputes": ("未解决的职责争议", "count"),
    "list_changes": ("期间内清单调整涉及的事项", "count"),
}
_COLUMNS = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "metric": "指标代码",
            "method": "计分方式", "weight": "分值", "unit": "单项分值", "note": "说明", "source": "来源"}
_REQUIRED = ("level1", "level3", "metric", "method", "weight")


class IndicatorError(ValueError):
    """A bad indicator file; the message names file, row and column."""


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    metric: str
    method: str
    weight: float
    unit: float
    note: str
    source: str
    row: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(text: str, where: str, column: str) -> float:
    text = (text or "").strip()
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise IndicatorError(f"{where}「{column}」列应为数字，实为「{text}」。") from None
    if value < 0:
        raise IndicatorError(f"{where}「{column}」列不能为负数（扣分项请用计分方式“扣分”，分值写正数）。")
    return value


def parse_indicators(text: str, name: str = "指标文件") -> list[Indicator]:
    lines = [ln for ln in text.lstrip("\ufeff").splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)))
    header = [h.strip() for h in next(reader, [])]
    where_col = {zh: i for i, zh in enumerate(header)}
    missing = [_COLUMNS[k] for k in _REQUIRED if _COLUMNS[k] not in where_col]
    if missing:
        raise IndicatorError(f"{name}: 表头缺少「{'」「'.join(missing)}」列（应有: {'、'.join(_COLUMNS.values())}）。")
    out = []
    for number, cells in enumerate(reader, start=2):
        get = {k: (cells[where_col[zh]].strip() if zh in where_col and where_col[zh] < len(cells) else "")
               for k, zh in _COLUMNS.items()}
        where = f"{name} 第 {number} 行"
        for k in _REQUIRED:
            if not get[k]:
                raise IndicatorError(f"{where}「{_COLUMNS[k]}」列为空。")
        if get["level1"] not in LEVELS:
            raise IndicatorError(f"{where}「一级指标」应为 {'、'.join(LEVELS)} 之一，实为「{get['level1']}」。")
        if get["method"] not in METHODS:
            raise IndicatorError(f"{where}「计分方式」应为 {'、'.join(METHODS)} 之一，实为「{get['method']}」。")
        if get["metric"] not in METRICS:
            raise IndicatorError(f"{where}「指标代码」「{get['metric']}」未知，可用: {'、'.join(METRICS)}。")
        kind = METRICS[get["metric"]][1]
        if get["method"] == "比例" and kind != "ratio":
            raise IndicatorError(f"{where}: 指标代码 {get['metric']} 是计数，计分方式应为 加分、扣分 或 不计分。")
        if get["method"] in ("加分", "扣分") and kind != "count":
            raise IndicatorError(f"{where}: 指标代码 {get['metric']} 是比例，计分方式应为 比例 或 不计分。")
        weight = _number(get["weight"], where, "分值")
        unit = _number(get["unit"], where, "单项分值")
        if get["method"] in ("加分", "扣分") and unit == 0:
            raise IndicatorError(f"{where}「单项分值」列为空：{get['method']}须写明每一项的分值。")
        out.append(Indicator(get["level1"], get["level2"], get["level3"], get["metric"], get["method"], weight, unit,
                             get["note"], get["source"], number))
    if not out:
        raise IndicatorError(f"{name}: 没有任何指标行。")
    return out


def load_indicators(path: str | Path | None = None) -> list[Indicator]:
    """The indicators of ``path`` (default: the file shipped beside this module)."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IndicatorError(f"无法读取指标文件 {path}: {exc.strerror or exc}") from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IndicatorError(f"{path.name}: 无法识别文件编码（请存为 UTF-8 或 GB18030）。")
    return parse_indicators(text, path.name)
