"""A department type a law names (环境保护主管部门) → the Department of a region that does the job today.

    resolve_department(store, "县级以上人民政府环境保护主管部门", "511602").name → "区生态环境局"

The reform map and the keyword table are reference data (``graph.reference.reform_map``);
this module looks the resulting keywords up among a region's departments in the store.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from graph.model import NodeRecord
from graph.reference.reform_map import (ReformEntry, best_department, current_type_name, keywords_for, reform_entry,
                                        strip_level)
from graph.reference.regions import normalize_code
from graph.store import GraphStore


@dataclass(frozen=True)
class ResolvedDepartment:
    """A department type resolved to one Department node of a region."""

    department_id: str
    name: str
    type_name: str          # as the law says it
    current_type: str       # after 机构改革
    keyword: str            # the word that matched the department's name or alias
    reform: ReformEntry | None


# Per store: (node count when built, county code → its departments). Who-handles resolves a
# department type for every law match; scanning every Department each time cost ~60 ms at a
# province's size. Any import adds nodes (at least its Source rows), which rebuilds the table.
_BY_REGION: "weakref.WeakKeyDictionary[GraphStore, tuple[int, dict[str, list[NodeRecord]]]]" = weakref.WeakKeyDictionary()


def _addressable(dept: NodeRecord) -> bool:
    return dept.props.get("kind") not in {"内设机构", "乡镇街道"}


# Per store with a generation (SQLite): (generation, county code) → its departments, read by the
# store's region index: a one-off command reads one county's departments, not a province's.
_BY_GENERATION: "weakref.WeakKeyDictionary[GraphStore, dict[tuple[int, str], list[NodeRecord]]]" = \
    weakref.WeakKeyDictionary()


def _departments_of(store: GraphStore, region: str) -> list[NodeRecord]:
    """The region's departments that a law can address (no internal units, no townships)."""
    generation = store.generation()
    if generation is not None and region:
        cache = _BY_GENERATION.setdefault(store, {})
        key = (generation, region)
        if key not in cache:
            if len(cache) > 256 or any(g != generation for g, _ in cache):
                cache.clear()
            cache[key] = sorted((d for d in store.find_nodes_prefix("Department", "region", region)
                                 if _addressable(d) and normalize_code(d.props.get("region", "")) == region),
                                key=lambda d: d.id)
        return cache[key]
    stamp = store.count_nodes()
    cached = _BY_REGION.get(store)
    if cached is None or cached[0] != stamp:
        table: dict[str, list[NodeRecord]] = {}
        for dept in store.iter_nodes("Department"):
            if _addressable(dept):
                table.setdefault(normalize_code(dept.props.get("region", "")), []).append(dept)
        for depts in table.values():
            depts.sort(key=lambda d: d.id)
        cached = _BY_REGION[store] = (stamp, table)
    return cached[1].get(region, [])


def resolve_department(store: GraphStore, type_name: str, region: str, duty: str = "") -> ResolvedDepartment | None:
    """The Department of ``region`` that does what a law gives to ``type_name`` today.

    例: resolve_department(store, "县级以上人民政府环境保护主管部门", "511602").name → "区生态环境局".
    The earliest keyword wins (the most specific); departments whose name only an
    alias matches rank after those whose name matches; internal units and townships never match.
    """
    entry = reform_entry(type_name, duty)
    current = entry.new_name if entry else strip_level(type_name)
    words = keywords_for(current)
    found = best_department(_departments_of(store, normalize_code(region)), words)
    if found is None:
        return None
    dept, word = found
    return ResolvedDepartment(dept.id, dept.props.get("name", ""), strip_level(type_name), current, word, entry)


def type_label(type_name: str, current: str) -> str:
    """How an answer names a department type no department of the region resolved: today's type,
    and the law's own words when the reform map changed them, so that the reader sees both.

    type_label("县级以上市容环境卫生行政主管部门", "城市管理综合执法部门")
    → "城市管理综合执法部门（原文：市容环境卫生行政主管部门）"
    """
    said = strip_level(type_name) or type_name
    current = current or said
    return current if said == current else f"{current}（原文：{said}）"


def resolve_memo(store: GraphStore, type_name: str, region: str | None, memo: dict,
                 duty: str = "") -> ResolvedDepartment | None:
    """resolve_department once per type and region for one question (the reform map costs ~1 ms);
    ``memo`` keeps (resolved, today's type name) — the form legal_basis.mandate_answer reads.
    ``duty`` (the sentence's matter and verb) matters only to a type the reform split by function."""
    entry = reform_entry(type_name, duty) if duty else None
    key = f"\x00{type_name}\x00{region or ''}" + (f"\x00{entry.new_name}" if entry and entry.functions else "")
    if key not in memo:
        memo[key] = (resolve_department(store, type_name, region, duty) if region else None,
                     current_type_name(type_name, duty))
    return memo[key][0]
