"""Who holds a law's duty clause (issue 13's DutyClause) in the region asked about.

    holders_in_region(store, clause_id, "511602") → [RegionalHolder(role="lead", department="区公安分局", …)]

A clause's RULED edges point at the region's Department when the importer found one by name, else
at a DepartmentType named as the text names it (「公安机关」). In a region the type becomes the
department that does the job today (the reform map and the region's roster, department_types);
the holder's level words (「县级以上」, 「市」, 「乡」) say whether the duty reaches the region at all
(legal_basis.reaches): a 「省」 duty is not a county department's. Townships (「乡镇人民政府、街道办事处」)
stay a type: a county has many.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.lookup.department_types import resolve_memo
from graph.lookup.holder_names import holder_name, names_a_body
from graph.lookup.legal_basis import reaches
from graph.model import Rel
from graph.reference.reform_map import current_type_name
from graph.reference.regions import is_municipality, region_prefix
from graph.store import GraphStore, Prefetched

# The clause reader's level (ingest/clauses.py: 国家 / 省 / 市 / 县 / 乡, or the text's own words such
# as 县级以上) in the words legal_basis.reaches reads.
_LEVEL_WORDS = {"国家": "国务院", "省": "省级", "市": "设区的市级", "县": "县级", "乡": "乡"}
_TOWNSHIP_WORDS = ("乡", "镇", "街道", "村", "居")


def own_level(level: str, text_region: str) -> bool:
    """The holder is the 市 body of a 直辖市 whose regulation this is: 「市公安部门」 in 上海市养犬管理条例.

    A 直辖市's districts have no regulations of their own: its regulation is the one that applies in
    every district, and the matters it gives its 市 bodies are handled by them there. (In a 设区的市
    a county asking about the city's own duty is not answered by it: the county's clause is,
    tests/test_lookup_questions.py, 信阳 第十条.)"""
    return level == "市" and bool(text_region) and is_municipality(text_region)


def level_text(level: str) -> str:
    return _LEVEL_WORDS.get(level, level)


@dataclass
class RegionalHolder:
    """A clause's holder as the asked region sees it: the department, or the type when none resolves."""

    role: str
    joint: bool
    holder: str              # as the text names it
    department_id: str       # the region's Department, "" when only the type is known
    department: str
    type_name: str
    reaches: bool            # the text's level words include the region's level
    sentence: str
    locator: str
    type_id: str = ""        # the DepartmentType node, when the holder is one
    current_type: str = ""   # the type's name today (机构改革: 环境保护主管部门 → 生态环境主管部门)
    designated_locator: str = ""   # where the document designated the body for the type (第四条), if it did
    designated_text: str = ""      # that sentence


def holders_in_region(store: GraphStore, clause_id: str, region: str | None,
                      reads: GraphStore | Prefetched | None = None,
                      memo: dict[str, Any] | None = None) -> list[RegionalHolder]:
    """Who holds a clause in ``region``: 「县级以上…生态环境主管部门」 → 区生态环境局 (reform map), level checked.

    ``reads`` answers get_node / edges_from when the caller prefetched them (who-handles);
    ``memo`` keeps the types resolved during one question. Without a region every type stays a
    type (today's name after the reform map) and every level reaches.
    """
    reads = reads or store
    memo = {} if memo is None else memo
    node = reads.get_node(clause_id)
    if node is None:
        return []
    text_region = node.props.get("region", "")
    out = []
    for e in sorted(reads.edges_from(clause_id, Rel.RULED.value), key=lambda e: (e.dst, e.key)):
        target = reads.get_node(e.dst) or store.get_node(e.dst)
        if target is None:
            continue
        p = e.props
        level = p.get("holder_level") or node.props.get("level", "")
        ok = reaches(level_text(level), region) if level else True
        # A 直辖市's district asking about the city's own body (上海 浦东新区, 「市公安部门」): that body answers,
        # as itself — it is not the district's department of the type.
        above = (not ok and bool(region) and own_level(level, text_region)
                 and region_prefix(region).startswith(region_prefix(text_region)))
        ok = ok or above
        dept_id = dept_name = type_name = type_id = current = ""
        designated = p.get("designated") or ""
        if target.label != "Department" and designated and p.get("designated_named"):
            # 「上海市水务局…是本市供水行政主管部门」: the document itself says which body holds the type here
            out.append(RegionalHolder(p.get("role") or "", bool(p.get("joint")), holder_name(p.get("holder") or ""),
                                      "", designated, "", ok, node.props.get("text", ""), node.props.get("locator", ""),
                                      target.id, "", p.get("designated_locator", ""), p.get("designated_text", "")))
            continue
        if target.label == "Department":
            dept_id, dept_name = target.id, target.props.get("name", "")
        else:
            type_id = target.id
            # (a type the document designated another type for: 「市卫生行政部门是本市职业病防治工作的主管部门」)
            type_name = holder_name(designated or target.props.get("name", ""))
            if not names_a_body(type_name):
                continue
            # Today's name from the reform map as it is now (the node's current_name is the map
            # of its import day); the reform moved some types by function (价格监督检查 vs 定价):
            # the clause's matter and verb say which.
            duty = f"{node.props.get('name', '')} {node.props.get('verb', '')}"
            current = current_type_name(type_name, duty)
            if above:   # named with its level: 「市公安部门」, not the district's 公安部门
                type_name, current = level + type_name, level + current
            if region and ok and not above and not any(w in type_name for w in _TOWNSHIP_WORDS):
                found = resolve_memo(store, type_name, region, memo, duty)
                if found is not None:
                    dept_id, dept_name = found.department_id, found.name
        out.append(RegionalHolder(p.get("role") or "", bool(p.get("joint")),
                                  holder_name(p.get("holder") or "") or type_name or dept_name,
                                  dept_id, dept_name, type_name, ok, node.props.get("text", ""),
                                  node.props.get("locator", ""), type_id, current,
                                  p.get("designated_locator", "") if designated else "",
                                  p.get("designated_text", "") if designated else ""))
    return out
