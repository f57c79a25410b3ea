"""The one renderer of a who-handles :class:`graph.answers.Answer`, per format: JSON, CSV, text.

The CLI (``dutygraph who-handles [--json|--csv]``) and the HTTP API (``/api/who-handles``, JSON or
CSV) both call these, so the two surfaces cannot drift apart.
"""
from __future__ import annotations

from typing import Any

from graph.answers import Answer

# (CSV header, row key): the one CSV layout of an answer.
CSV_COLUMNS = (("排名", "rank"), ("部门", "department"), ("角色", "role_zh"), ("共同负责", "joint_zh"), ("匹配度", "score"),
               ("置信", "confidence_zh"), ("来源层级", "level_zh"), ("匹配事项", "matched_item"),
               ("事项类型", "item_kind_zh"), ("匹配词", "matched_terms"), ("依据", "basis"))


def answer_json(answer: Answer) -> dict[str, Any]:
    return answer.to_dict()


def answer_rows(answer: Answer | dict[str, Any]) -> list[dict[str, Any]]:
    """One row per candidate, keyed as CSV_COLUMNS; takes the Answer or its JSON."""
    data = answer if isinstance(answer, dict) else answer.to_dict()
    rows = []
    for i, c in enumerate(data["results"], 1):
        rows.append({**c, "rank": i, "matched_terms": "、".join(c.get("matched_terms") or ()),
                     "confidence_zh": c.get("confidence_zh") or "",
                     "joint_zh": ("按照各自职责共同负责：" + "、".join(c.get("joint_with") or ())) if c.get("joint") else "",
                     "basis": "；".join(f"{e['source']} {e['locator']}".strip() for e in c["evidence"])})
    return rows


def csv_header_rows(answer: Answer | dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    rows = answer_rows(answer)
    return ([h for h, _ in CSV_COLUMNS],
            [["" if r.get(k) is None else r.get(k) for _, k in CSV_COLUMNS] for r in rows])


def answer_text(answer: Answer) -> str:
    """Readable Chinese: who, in which role, how sure, from which level, on what evidence."""
    if answer.region:
        where = f"（地区 {answer.region_name or answer.region}{'，取自问题' if answer.region_from_query else ''}）"
    else:
        where = "（全部地区）"
    if not answer.results:
        return answer.message
    lines = [f"「{answer.query}」由谁负责{where}:"]
    if answer.matter and answer.matter != answer.query:
        lines.append(f"   按「{answer.matter}」查找" + (f"，排除「{'、'.join(answer.excluded)}」" if answer.excluded else ""))
    for i, c in enumerate(answer.results, 1):
        duty = f"·{c.duty}" if c.duty else ""
        if c.joint:  # 「按照各自职责」: several leads, none alone
            duty += f"·共同（按照各自职责，与{'、'.join(c.joint_with)}）" if c.joint_with else "·共同（按照各自职责）"
        weak = f" {c.confidence_zh}" if c.confidence_zh else ""
        lines.append(f"{i}. {c.department}  [{c.role_zh}{duty}]  匹配度 {c.score:.0f}{weak}  来源: {c.level_zh}")
        terms = f"；匹配词: {'、'.join(c.matched_terms)}" if c.matched_terms else ""
        lines.append(f"   事项: {c.matched_item}（{c.item_kind_zh}）{terms}")
        if c.condition:
            lines.append(f"   条件: {c.condition}")
        for e in c.evidence[:3]:
            snippet = e.text if len(e.text) <= 80 else e.text[:80] + "…"
            lines.append(f"   依据: {e.source} {e.locator}: {snippet}")
    if answer.message:
        lines.append(answer.message)
    return "\n".join(lines)
