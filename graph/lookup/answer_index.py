"""Every answer-bearing text of the graph in one BM25 index (text_index.TextIndex).

Texts indexed, each with the region it applies to:
- every current item of ITEM_LABELS — list items (权责清单, 政务服务事项), territorial, assistance,
  township-duty and linkage items, tasks, rulings of duty-division notices, 三定 duties, division
  clauses: title = the name, body = the list's other text columns (事项分组, 领域, 实施依据,
  目标任务, 条件 …; department names are left out, they are the answer, not the matter);
- the matter of every duty-assigning sentence of a law or local regulation (MANDATES): title =
  the matter, body = the whole sentence. A local regulation applies in the region its title
  names (上海市…条例 → 上海市), a national law everywhere.

Derived data. It is cached per store and rebuilt when the store's state changes
(``store.generation()`` when the backend has it, else its node and edge counts), and persisted
through ``store.read_artifact/write_artifact`` where the backend offers them.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from graph.lookup.catalog import region_prefix
from graph.lookup.text_index import TextIndex
from graph.model import ITEM_LABELS, Rel
from graph.store import GraphStore

ARTIFACT = "lookup.answer_index.v1"
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

    # -- persistence ------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        import pickle

        head = pickle.dumps((self.kinds, self.refs, self.regions, self.region_codes), protocol=5)
        return len(head).to_bytes(8, "little") + head + self.text.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "AnswerIndex":
        import pickle

        n = int.from_bytes(data[:8], "little")
        kinds, refs, regions, codes = pickle.loads(data[8: 8 + n])
        return cls(TextIndex.from_bytes(data[8 + n:]), kinds, refs, regions, codes)


def _law_regions(store: GraphStore) -> dict[str, str]:
    """Law id → the region a local regulation's title names ("" for national laws)."""
    from graph.lookup.query import _regions_in

    out: dict[str, str] = {}
    for law in store.iter_nodes("Law"):
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
    gen = getattr(store, "generation", None)
    value = gen() if callable(gen) else None
    return value if value is not None else (store.count_nodes(), store.count_edges())


_CACHE: "weakref.WeakKeyDictionary[GraphStore, tuple[object, AnswerIndex]]" = weakref.WeakKeyDictionary()


def answer_index(store: GraphStore) -> AnswerIndex:
    """The store's answer index, built once per store state (and persisted when it can be)."""
    state = _state(store)
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == state:
        return cached[1]
    index = None
    read = getattr(store, "read_artifact", None)
    if callable(read) and isinstance(state, int):
        found = read(ARTIFACT)
        if found is not None and found[0] == state:
            index = AnswerIndex.from_bytes(found[1])
    if index is None:
        index = build(store)
        write = getattr(store, "write_artifact", None)
        if callable(write) and isinstance(state, int):
            write(ARTIFACT, state, index.to_bytes())
    _CACHE[store] = (state, index)
    return index
