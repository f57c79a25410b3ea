"""Gaps of the call kind: a township's call (乡呼县应) or a hotline case that no list item answers.

例: 镇呼区应 "河道里有人倾倒建筑垃圾" in 广安区 → best item 「城市建筑垃圾处置核准」 (score 61) → matched;
    "小区电梯困人" with no item scoring ≥ 55 → ``call_unmatched`` with the three nearest items.

A call already tied to an item by a MATCHED edge (the dispatcher's own decision) is answered.
Otherwise the call text is looked up among the current items of its county with the same
scorer and threshold as who-handles, so that the two never disagree on what "matches" means.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from graph.analyses.findings import Finding
from graph.analyses.scope import county_of, edges_out_of, load_nodes
from graph.lookup.catalog import ItemCatalog
from graph.lookup.ngram_index import NgramIndex
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.model import ITEM_LABELS, NodeRecord, Rel
from graph.store import GraphStore

NEAREST = 3


def call_gaps(store: GraphStore, region: str | None, catalog: ItemCatalog | None = None,
              min_score: float = NAME_MATCH_SCORE) -> list[Finding]:
    """``catalog``: a prebuilt catalog of the whole graph (the API keeps one); without it an index is
    built over the items of ``region`` only, which for one county is a thousandth of a province."""
    calls = load_nodes(store, ("Call",), region, current_only=False)
    if not calls:
        return []
    matched = edges_out_of(store, calls, Rel.MATCHED.value, region)
    open_calls = [c for c in calls if not matched.get(c.id)]
    if not open_calls:
        return []
    if catalog is None:
        items = load_nodes(store, ITEM_LABELS, region)
        ids = [r.id for r in items if r.props.get("name")]
        names = [r.props["name"] for r in items if r.props.get("name")]
        counties = np.asarray([county_of(r.props.get("region", "")) for r in items if r.props.get("name")])
        index = NgramIndex(names)
    else:
        ids, names, index = catalog.ids, catalog.names, catalog.index
        counties = np.asarray([county_of(c) for c in catalog.region_codes])[catalog.regions] if len(catalog) else \
            np.asarray([], dtype=str)
    by_county: dict[str, list[NodeRecord]] = defaultdict(list)
    for c in open_calls:
        by_county[county_of(c.props.get("region", ""))].append(c)
    out = []
    for county, cs in sorted(by_county.items()):
        mask = counties == county if county else None
        has_items = len(names) > 0 and (mask is None or bool(mask.any()))
        for c in cs:
            text = c.props.get("text", "")
            hits = index.search(text, limit=NEAREST, mask=mask) if has_items and text else []
            if hits and hits[0][1] >= min_score:
                continue
            near = [{"item_id": ids[pos], "name": names[pos], "score": round(float(s), 1)} for pos, s in hits]
            near_zh = "、".join(f"「{n['name']}」（{n['score']}）" for n in near) or "无"
            out.append(Finding(
                kind="call_unmatched", severity="medium", region=county or c.props.get("region", ""),
                title_zh=f"诉求「{text[:40]}」没有对应的清单事项",
                detail_zh=(f"{c.props.get('date', '')} {c.props.get('region', '')} 的诉求没有被分派到任何事项，"
                           f"本地区清单中也没有相近度达到 {min_score:g} 的事项" +
                           ("" if has_items else "（本地区尚未导入任何清单）") +
                           f"。最接近的: {near_zh}。可能是清单遗漏的职责，需明确承担部门。"),
                nodes=[c.id], data={"call": text, "nearest": near, "outcome": c.props.get("outcome", "")}))
    return out
