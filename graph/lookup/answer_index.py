"""Every answer-bearing text of the graph in one BM25 index (text_index.TextIndex).

Texts indexed, each with the region it applies to:
- every current item of ITEM_LABELS — list items (权责清单, 政务服务事项), territorial, assistance,
  township-duty and linkage items, tasks, rulings of duty-division notices, 三定 duties, division
  clauses: title = the name, body = the list's other text columns (事项分组, 领域, 实施依据,
  目标任务, 条件 …; department names are left out, they are the answer, not the matter);
- the matter of every duty-assigning sentence of a law or local regulation (MANDATES): title =
  the matter, body = the whole sentence. A local regulation applies in the region its title
  names (上海市…条例 → 上海市), a national law everywhere.

Derived data: kept in memory per store and state (``store.generation()``, or the node and edge
counts of a backend that cannot tell), and saved with the graph through
``index_cache.load_or_build`` (the store's artifacts), so a command or a server start reuses it.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from graph.reference.regions import region_prefix
from graph.lookup.text_index import TextIndex
from graph.model import ITEM_LABELS, Rel
from graph.store import GraphStore

ARTIFACT = "answer-index"
BODY_PROPS = ("group", "domain", "basis", "target", "condition", "part", "text")
MANDATE = "Article"   # kind of a law duty sentence (the answer's item_kind)


@dataclass
class AnswerIndex:
    text: TextIndex
    kinds: list[str]          # node label, or MANDATE
    refs: list[str]           # node id; for MANDATE "src|dst|key" of the edge
    regions: np.ndarray       # region index per text (into region_codes)
    region_codes: list[str]   # "" = applies everywhere

    def __len__(self) -> int:
        return len(self.refs)

    def allowed(self, region: str | None) -> np.ndarray | None:
        """Texts that apply in ``region``: its own, those of regions above and below it, national."""
        if not region:
            return None
        mine = region_prefix(region)
        ok = [code == "" or region_prefix(code).startswith(mine) or mine.startswith(region_prefix(code))
              for code in self.region_codes]
        return np.asarray(ok, dtype=bool)[self.regions]

    def region_of(self, pos: int) -> str:
        return self.region_codes[int(self.regions[pos])]


def _law_regions(store: GraphStore) -> dict[str, str]:
    """Law id → the region a local regulation's title names ("" for national laws)."""
    from graph.lookup.query import _regions_in

    out: dict[str, str] = {}
    for law in store.iter_nodes("Law"):
        # The importer's document scope when it recorded one (issue 13: issuer, title, folder).
        scope = law.props.get("scope_region")
        if scope is not None:
            out[law.id] = scope or ""
            continue
        title = law.props.get("title", "")
        found = _regions_in(title[:12])
        # Only a region named at the start makes a local regulation: 上海市养犬管理条例, not
        # 中华人民共和国长江保护法.
        out[law.id] = next((code for (start, _), code, _ in found if start == 0), "")
    return out


def build(store: GraphStore, tokens: str = "chars") -> AnswerIndex:
    titles, bodies, kinds, refs, regions = [], [], [], [], []
    for label in ITEM_LABELS:
        # Sorted by id: ties break by position, and every backend must break them alike.
        for rec in sorted(store.iter_nodes(label), key=lambda r: r.id):
            p = rec.props
            name = p.get("name") or ""
            if not name or p.get("current") is False or p.get("current") == "False":
                continue
            titles.append(name)
            bodies.append("；".join(str(p[k]) for k in BODY_PROPS if p.get(k) and p.get(k) != name))
            kinds.append(label)
            refs.append(rec.id)
            regions.append(p.get("region") or "")
    law_region = _law_regions(store)
    arts: dict[str, str] = {}
    for e in sorted(store.iter_edges(Rel.MANDATES.value), key=lambda e: (e.src, e.dst, e.key)):
        matter = e.props.get("matter") or ""
        if not matter:
            continue
        if e.src not in arts:
            art = store.get_node(e.src)
            arts[e.src] = law_region.get(art.props.get("law", ""), "") if art else ""
        titles.append(matter)
        bodies.append(e.props.get("sentence") or "")
        kinds.append(MANDATE)
        refs.append(f"{e.src}|{e.dst}|{e.key}")
        regions.append(arts[e.src])
    codes: dict[str, int] = {}
    region_idx = np.asarray([codes.setdefault(r, len(codes)) for r in regions], dtype=np.int32)
    return AnswerIndex(TextIndex(titles, bodies, tokens=tokens), kinds, refs, region_idx, list(codes))


def _state(store: GraphStore):
    gen = store.generation()
    return gen if gen is not None else (store.count_nodes(), store.count_edges())


_CACHE: "weakref.WeakKeyDictionary[GraphStore, tuple[object, AnswerIndex]]" = weakref.WeakKeyDictionary()


def answer_index(store: GraphStore) -> AnswerIndex:
    """The store's answer index: kept in memory per store state, and with the graph
    (index_cache.load_or_build: built once per store generation, reused by later commands)."""
    from graph.lookup.index_cache import load_or_build

    state = _state(store)
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == state:
        return cached[1]
    index = load_or_build(store, ARTIFACT, lambda: build(store))
    _CACHE[store] = (state, index)
    return index
