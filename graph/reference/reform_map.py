"""机构改革 mapping: the department a law names → the department that does the job today.

    >>> current_type_name("县级以上人民政府环境保护主管部门")
    '生态环境主管部门'
    >>> current_type_name("工商行政管理部门")
    '市场监督管理部门'

The mapping is data (graph/reference/data/reform_map.csv: old_name, new_name, version, effective,
source, note), so that a later reform is a new row with a new version, not a code change.
data/department_keywords.csv says which words a current department's name carries
(市场监督管理部门 → 市场监督管理|市场监管|市监), to find it in a region's roster:
生态环境主管部门 → 区生态环境局 in 广安区 (511602); finding it in a store is
``graph.lookup.department_types.resolve_department``.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.model import NodeRecord
from graph.reference.data_files import DATA_DIR as DATA
REFORM_CSV = DATA / "reform_map.csv"
KEYWORDS_CSV = DATA / "department_keywords.csv"

_LEVEL_PREFIX = re.compile(
    r"^(?:国务院|所在地)?(?:省、自治区、直辖市|省、自治区|设区的市、县级|设区的市级以上地方|设区的市级以上|设区的市级|"
    r"县级以上地方各级|县级以上地方|县级以上各级|县级以上|省级以上|省级|县级|地方各级|地方|城市、县|市、县级|市、区县|市、县|区县|乡、镇|乡镇|城市(?=人民政府|政府)|本级)?"
    r"(?:[（(](?:区|市、区|区、县|自治县|区县)[）)])?"   # 市、县（区）人民政府…
    r"(?:人民政府|政府)?"
)
# 「城市」 is a level only before 人民政府 (「城市人民政府城乡规划主管部门」): in 「城市管理综合执法部门」 it is
# the department's own name, which stripped to 「管理综合执法部门」 resolved to nothing.
_SUFFIXES = ("行政主管部门", "主管部门", "行政部门", "管理部门", "部门", "机关", "机构")


@dataclass(frozen=True)
class ReformEntry:
    """One row of reform_map.csv. 例: 环境保护主管部门 → 生态环境主管部门 (2018.1, 国务院机构改革方案)."""

    old_name: str
    new_name: str
    version: str
    effective: str
    source: str
    note: str
    # Words of the duty for which the row holds (「监督检查|查处|…」): a reform that moved only some of a
    # type's functions (价格监督检查 to 市场监管, price-setting stays with 发展改革). Empty: every duty.
    functions: str = ""

    def covers(self, duty: str) -> bool:
        return not self.functions or any(w and w in duty for w in self.functions.split("|"))


def strip_level(name: str) -> str:
    """"县级以上地方人民政府生态环境主管部门" → "生态环境主管部门"."""
    stripped = _LEVEL_PREFIX.sub("", name, count=1)
    # 「乡镇人民政府(街道办事处)」 is a government, not a department of one: nothing to strip.
    return name if not stripped or stripped[0] in "（(" else stripped


def core(name: str) -> str:
    """"生态环境主管部门" → "生态环境"."""
    name = strip_level(name)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=4)
def load_reform_map(path: Path = REFORM_CSV) -> tuple[ReformEntry, ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(ReformEntry(**{k: (v or "").strip() for k, v in row.items()}) for row in csv.DictReader(fh))


@lru_cache(maxsize=4)
def load_keywords(path: Path = KEYWORDS_CSV) -> dict[str, tuple[str, ...]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["type_name"]: tuple(k for k in row["keywords"].split("|") if k)
                for row in csv.DictReader(fh)}


@lru_cache(maxsize=4)
def _old_cores(rows: tuple[ReformEntry, ...]) -> tuple[str, ...]:
    return tuple(core(r.old_name) for r in rows)


@lru_cache(maxsize=8192)   # the map is read once per process; a corpus asks about the same types again and again
def reform_entry(type_name: str, duty: str = "") -> ReformEntry | None:
    """The latest mapping row for a type, matched on the full name first, then on its core.

    ``duty`` (the matter and verb of the sentence) picks among rows that split a type by function:
    reform_entry("价格主管部门", "价格违法行为 查处").new_name → 市场监督管理部门, for 「制定收费标准」 →
    发展改革部门. A row with functions holds only when one of its words is in the duty.
    """
    name = strip_level(type_name)
    rows = load_reform_map()
    exact = [r for r in rows if r.old_name == name]
    if not exact:
        wanted = core(name)
        exact = [r for r, c in zip(rows, _old_cores(rows)) if c == wanted]
    by_function = [r for r in exact if r.functions and r.covers(duty)]
    exact = by_function or [r for r in exact if not r.functions]
    return max(exact, key=lambda r: (r.effective, r.version)) if exact else None


def current_type_name(type_name: str, duty: str = "") -> str:
    """Today's name of a department type (unchanged when no reform touched it)."""
    entry = reform_entry(type_name, duty)
    return entry.new_name if entry else strip_level(type_name)


def keywords_for(type_name: str) -> tuple[str, ...]:
    """Words that a department of this (current) type carries in its name; its core by default."""
    name = strip_level(type_name)
    table = load_keywords()
    if name in table:
        return table[name]
    for key, words in table.items():
        if core(key) == core(name):
            return words
    return (core(name),)


def best_department(depts: Iterable[NodeRecord], words: tuple[str, ...]) -> tuple[NodeRecord, str] | None:
    """The department whose names carry the earliest keyword, and that keyword.

    Ties: a hit in the name before a hit in an alias or former name, roster entries before
    list-only departments, then the name. 例: words ("生态环境",) → (区生态环境局, "生态环境").
    """
    best: tuple[tuple[int, int, int, str], NodeRecord, str] | None = None
    for dept in depts:
        p = dept.props
        names = [p.get("name", "")] + list(p.get("aliases") or []) + list(p.get("former_names") or [])
        for rank, word in enumerate(words):
            hit = next((i for i, n in enumerate(names) if word and word in n), None)
            if hit is None:
                continue
            key = (rank, 0 if hit == 0 else 1, 0 if p.get("in_roster") else 1, p.get("name", ""))
            if best is None or key < best[0]:
                best = (key, dept, word)
            break
    return (best[1], best[2]) if best else None
