"""The queue of 其他需协调事项 and what it suggests adding to the 属地管理 list.

例: suggestions(store, "511602")
    → [Suggestion(matter="小区电梯困人无人处理", count=3, townships={"浓洄街道": 2, "北辰街道": 1},
                  departments={"广安市广安区市场监督管理局": 2}, calls=[…], nearest=[…])]

垦利 routes calls that match no 属地管理 item to 「其他需区级协调解决的事项」 and uses them "作为更新完善
清单事项的重要参考"; 长岛 adds to the list 「暂未列入清单但存在区乡职责不清的事项」. A suggestion is a
group of queued calls about one matter: two calls are about the same matter when one's text
matches the other's at the score the name lookups require of a match (NAME_MATCH_SCORE), so
"the same matter" means here what "a matching item" means there. The group is named by its
most central call (the highest total score to the others; the shorter text on a tie). The
departments most often involved are those recorded on the calls (the one that finally answered,
as the file or the outcome says); the nearest items are what the call-gap analysis found.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.call_dispatch import STATUS_QUEUED, UNMATCHED_STATUSES
from graph.lookup.ngram_index import score
from graph.lookup.normalize import normalize
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.store import GraphStore


@dataclass
class Suggestion:
    matter: str
    count: int
    townships: dict[str, int]
    departments: dict[str, int]
    calls: list[dict[str, str]] = field(default_factory=list)
    nearest: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["suggestion_zh"] = self.suggestion_zh
        return d

    @property
    def suggestion_zh(self) -> str:
        towns = "、".join(f"{t}（{n} 次）" for t, n in self.townships.items()) or "未注明乡镇"
        depts = "、".join(f"{d}（{n} 次）" for d, n in self.departments.items())
        return (f"建议将「{self.matter}」列入属地管理事项清单：共呼叫 {self.count} 次，来自 {towns}" +
                (f"；最终承办部门: {depts}" if depts else "；尚无承办部门记录，需明确主体责任部门") + "。")

    def row(self) -> dict[str, Any]:
        return {"事项": self.matter, "次数": self.count,
                "乡镇(街道)": "、".join(f"{t}({n})" for t, n in self.townships.items()),
                "涉及部门": "、".join(f"{d}({n})" for d, n in self.departments.items()),
                "最接近的清单事项": "、".join(n["name"] for n in self.nearest),
                "呼叫": "；".join(c["id"] for c in self.calls), "建议": self.suggestion_zh}


def queue(store: GraphStore, region: str | None = None, pending_only: bool = True) -> list[dict[str, str]]:
    """Calls waiting for county coordination (status 待协调), oldest first; with ``pending_only=False``
    also those already coordinated and answered (they still show what the list lacks)."""
    wanted = (STATUS_QUEUED,) if pending_only else UNMATCHED_STATUSES
    prefix = (region or "")[:6] if region and len(region) >= 6 else (region or "")
    calls = store.find_nodes_prefix("Call", "region", prefix) if prefix else list(store.iter_nodes("Call"))
    out = [{"id": c.id, "text": c.props.get("text", ""), "township": c.props.get("township", ""),
            "date": c.props.get("date", ""), "region": c.props.get("region", ""),
            "department": c.props.get("department_text", ""), "responded_at": c.props.get("responded_at", ""),
            "result": c.props.get("result", "")}
           for c in calls if c.props.get("status") in wanted]
    return sorted(out, key=lambda c: (c["date"], c["id"]))


def _groups(texts: list[str], min_score: float) -> list[list[int]]:
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    norms = [normalize(t) for t in texts]
    scores: dict[tuple[int, int], float] = {}
    for i in range(len(norms)):
        for j in range(i + 1, len(norms)):
            s = score(norms[i], norms[j])
            scores[(i, j)] = scores[(j, i)] = s
            if s >= min_score:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(norms)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        central = max(members, key=lambda i: (sum(scores.get((i, j), 0.0) for j in members if j != i),
                                              -len(texts[i]), -i))
        out.append([central] + [m for m in members if m != central])
    return out


def suggestions(store: GraphStore, region: str | None = None,
                min_score: float = NAME_MATCH_SCORE) -> list[Suggestion]:
    """Unmatched calls (pending or coordinated) grouped by matter, most frequent first: suggested additions."""
    from graph.analyses.gaps_calls import call_gaps

    waiting = queue(store, region, pending_only=False)
    if not waiting:
        return []
    nearest = {f.nodes[0]: f.data.get("nearest", []) for f in call_gaps(store, region) if f.nodes}
    out = []
    for members in _groups([c["text"] for c in waiting], min_score):
        calls = [waiting[i] for i in members]
        near: dict[str, dict[str, Any]] = {}
        for c in calls:
            for n in nearest.get(c["id"], []):
                if n["item_id"] not in near or near[n["item_id"]]["score"] < n["score"]:
                    near[n["item_id"]] = n
        out.append(Suggestion(
            matter=calls[0]["text"], count=len(calls),
            townships=dict(Counter(c["township"] for c in calls if c["township"]).most_common()),
            departments=dict(Counter(c["department"] for c in calls if c["department"]).most_common()),
            calls=[{"id": c["id"], "text": c["text"], "township": c["township"], "date": c["date"]} for c in calls],
            nearest=sorted(near.values(), key=lambda n: -n["score"])[:3]))
    return sorted(out, key=lambda s: (-s.count, s.matter))
