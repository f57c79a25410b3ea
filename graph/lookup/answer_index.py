"""Every answer-bearing text of the graph in one BM25 index (text_index.TextIndex).

Texts indexed, each with the region it applies to:
- every current item of ANSWER_LABELS — list items (权责清单, 政务服务事项), territorial, assistance,
  township-duty and linkage items, tasks, rulings of duty-division notices, 三定 duties, division
  clauses: title = the name, body = the list's other text columns (事项分组, 领域, 实施依据,
  目标任务, 条件 …; department names are left out, they are the answer, not the matter);
- the matter of every duty-assigning sentence of a law or local regulation (MANDATES): title =
  the matter, body = the whole sentence. A local regulation applies in the region its title
  names (上海市…条例 → 上海市), a national law everywhere.

Derived data: kept in memory per store and state (``store.generation()``, or the node and edge
counts of a backend that cannot tell). The whole graph's index is written beside a SQLite graph
as memory-mapped arrays (``index_file``, stamped with the generation and a build id), so a command
or a server start on a province opens it in milliseconds instead of unpickling it; other backends
keep it through ``index_cache.load_or_build`` (the store's artifacts).

After a write it is not rebuilt. Every text belongs to a *part* — an item's (label, region), or the
duty sentences all together — and the store's change journal (``changes_since``) names the parts
the writes since the kept index touched. Those parts' current texts are indexed as a *delta*
(``answer-delta-*.arrays``, stamped with the base's build id and the generation it is of), the
base's texts of those parts are dropped, and both are searched as one (text_index.SegmentedIndex,
scored as one index of the texts left). Adding a county's list to a province costs that county's
texts. Once the delta outgrows COMPACT_FRACTION of the base the whole index is rebuilt (compaction),
and so it is when the journal does not reach back to the base. Files are written to a temporary
name and renamed, and a reader uses a delta only if its stamps match the base it opened and the
store's generation: never a half-written or stale segment.
"""
from __future__ import annotations

import hashlib
import threading
import uuid
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graph.reference.regions import region_prefix
from graph.lookup.index_file import ArrayFile, Joined, open_arrays, write_arrays
from graph.lookup.text_index import SegmentedIndex, TextIndex, distinct_terms
from graph.model import ANSWER_LABELS, Rel
from graph.store import GraphStore

ARTIFACT = "answer-index"
DELTA = "answer-delta"
# The delta (texts of the parts written since the base, and the base texts they replace) is merged
# into a new base — the whole index rebuilt — once it outgrows this share of the base: until then a
# write costs the parts it touched (a county's list: milliseconds), and searching two segments
# costs a few per cent more than one.
COMPACT_FRACTION = 0.25
# A text's part, the unit a delta replaces: an item's label and region (what the store's change
# journal names: store.changes_since), or every duty sentence at once.
MANDATE_PART = "\x00" + Rel.MANDATES.value
# Writes to these labels change the duty sentences' texts or regions (articles, laws' scope).
_MANDATE_SOURCES = frozenset({"Law", "Article", "rel:" + Rel.MANDATES.value})
# What this process built, by kind ("whole": every text of the graph; "delta": the parts a write
# touched): read by tests and benchmarks to tell an update from a rebuild.
BUILDS: Counter = Counter()
# A region with at most this many items is indexed on its own for its questions (see _scoped).
REGION_LIMIT = 20_000
BODY_PROPS = ("group", "domain", "basis", "target", "condition", "part", "text", "refers", "items")
MANDATE = "Article"   # kind of a law duty sentence (the answer's item_kind)


@dataclass
class AnswerIndex:
    text: TextIndex
    kinds: Sequence[str]      # node label, or MANDATE
    refs: Sequence[str]       # node id; for MANDATE "src|dst|key" of the edge
    regions: np.ndarray       # region index per text (into region_codes)
    region_codes: list[str]   # "" = applies everywhere
    parts: np.ndarray | None = None                     # part index per text (into part_names)
    part_names: list[str] = field(default_factory=list)

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

    def save(self, path: Path, generation: int, extra_arrays: dict | None = None, **meta) -> None:
        arrays, strings, text_meta = self.text.arrays()
        write_arrays(path, {**arrays, "regions": self.regions, "parts": self.parts, **(extra_arrays or {})},
                     {**strings, "kinds": self.kinds, "refs": self.refs},
                     {**text_meta, **meta, "generation": generation, "region_codes": self.region_codes,
                      "part_names": self.part_names})

    @classmethod
    def opened(cls, found: ArrayFile) -> "AnswerIndex":
        """The index of a file written by :meth:`save`, mapped: nothing is read until asked."""
        text = TextIndex.from_arrays(found.arrays, found.strings, found.meta)
        return cls(text, found.strings["kinds"], found.strings["refs"], found.arrays["regions"],
                   list(found.meta["region_codes"]), found.arrays["parts"], list(found.meta["part_names"]))


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


Text = tuple[str, str, str, str, str]   # (title, body, kind, ref, region)


def _item_texts(records) -> list[Text]:
    out = []
    for rec in records:   # read as they come: a province's records are not all held at once
        p = rec.props
        name = p.get("name") or ""
        if not name or p.get("current") is False or p.get("current") == "False":
            continue
        body = "；".join(str(p[k]) for k in BODY_PROPS if p.get(k) and p.get(k) != name)
        out.append((name, body, rec.label, rec.id, p.get("region") or ""))
    # Sorted by id: ties break by position, and every backend must break them alike.
    out.sort(key=lambda t: t[3])
    return out


def _mandate_texts(store: GraphStore) -> list[Text]:
    law_region = _law_regions(store)
    arts: dict[str, str] = {}
    out = []
    for e in sorted(store.iter_edges(Rel.MANDATES.value), key=lambda e: (e.src, e.dst, e.key)):
        matter = e.props.get("matter") or ""
        if not matter:
            continue
        if e.src not in arts:
            art = store.get_node(e.src)
            arts[e.src] = law_region.get(art.props.get("law", ""), "") if art else ""
        out.append((matter, e.props.get("sentence") or "", MANDATE, f"{e.src}|{e.dst}|{e.key}", arts[e.src]))
    return out


def part_of(kind: str, region: str) -> str:
    """The part a text belongs to (see MANDATE_PART)."""
    return MANDATE_PART if kind == MANDATE else f"{kind}\x1f{region}"


def _index_of(texts: list[Text], tokens: str | None = None) -> AnswerIndex:
    codes: dict[str, int] = {}
    region_idx = np.asarray([codes.setdefault(t[4], len(codes)) for t in texts], dtype=np.int32)
    names: dict[str, int] = {}
    part_idx = np.asarray([names.setdefault(part_of(t[2], t[4]), len(names)) for t in texts], dtype=np.int32)
    return AnswerIndex(TextIndex([t[0] for t in texts], [t[1] for t in texts], tokens=tokens),
                       [t[2] for t in texts], [t[3] for t in texts], region_idx, list(codes), part_idx, list(names))


def build(store: GraphStore, tokens: str | None = None) -> AnswerIndex:
    """The index of every answer-bearing text of the graph."""
    items = [t for label in ANSWER_LABELS for t in _item_texts(store.iter_nodes(label))]
    return _index_of(items + _mandate_texts(store), tokens)


_MANDATES: "weakref.WeakKeyDictionary[GraphStore, tuple[object, list[Text]]]" = weakref.WeakKeyDictionary()


def _mandates_cached(store: GraphStore) -> list[Text]:
    """Every duty sentence's text, once per store state (in memory) and generation (saved)."""
    from graph.lookup.index_cache import load_or_build

    state = store_state(store)
    found = _MANDATES.get(store)
    if found is None or found[0] != state:
        found = (state, load_or_build(store, "answer-mandate-texts", lambda: _mandate_texts(store)))
        _MANDATES[store] = found
    return found[1]


def _scoped(store: GraphStore, region: str) -> AnswerIndex | None:
    """The texts that apply in ``region`` only — its items and those below it, its ancestors'
    and the national ones, and every duty sentence — when few enough (REGION_LIMIT); read by the
    store's region index, so that one county's question on a province graph does not build the
    province's index. None when the region has more texts or the store cannot select cheaply."""
    from graph.reference.regions import ancestors

    prefix = region_prefix(region)
    above = [a.code for a in ancestors(region) if region_prefix(a.code) != prefix]
    records = []
    for label in ANSWER_LABELS:
        records += store.find_nodes_prefix(label, "region", prefix) + store.find_nodes(label, region="")
        for code in above:
            records += store.find_nodes(label, region=code)
        if len(records) > REGION_LIMIT:
            return None
    mandates = _mandates_cached(store)
    seen: set[str] = set()
    unique = [r for r in records if not (r.id in seen or seen.add(r.id))]
    items = [t for label in ANSWER_LABELS for t in _item_texts(r for r in unique if r.label == label)]
    return _index_of(items + mandates)


def store_state(store: GraphStore):
    """What a cache derived from the store is keyed on: its generation, or counts where it has none."""
    gen = store.generation()
    # Without a generation: nodes (any import adds some) and duty sentences, both cheap to count
    # (every edge would be a pass over the in-memory graph per question).
    return gen if gen is not None else (store.count_nodes(), store.count_edges(Rel.MANDATES.value))


_FORMAT_CODE = ("answer_index.py", "text_index.py", "index_file.py", "normalize.py")


def format_digest() -> str:
    """Names what the kept file holds: the code that builds and reads it and the labels and
    columns indexed — not the rest of graph/lookup (question reading, ranking bonuses), whose
    changes do not change the index, so that they do not cost a province's rebuild."""
    h = hashlib.sha256(repr((ANSWER_LABELS, BODY_PROPS)).encode("utf-8"))
    for name in _FORMAT_CODE:
        h.update((Path(__file__).with_name(name)).read_bytes())
    return h.hexdigest()[:16]


def _whole(store: GraphStore) -> AnswerIndex:
    """The whole graph's index: mapped from its file beside the graph (a province's opens in
    milliseconds, and a question reads only the pages of the postings it touches). When the graph
    was written since that file was made, the parts the writes touched (store.changes_since) are
    indexed on their own as a delta segment, kept beside it and searched with it (:func:`_updated`);
    the whole index is rebuilt only without such a file, without a journal reaching back to it, or
    when the delta outgrows COMPACT_FRACTION of it. Stores without such a folder keep it as a pickled
    artifact (index_cache.load_or_build)."""
    from graph.lookup.index_cache import load_or_build

    folder = store.artifact_dir()
    generation = store.generation()
    if folder is None or generation is None:
        return load_or_build(store, ARTIFACT, lambda: _built(store))
    path = folder / f"{ARTIFACT}-{format_digest()}.arrays"
    found = open_arrays(path)
    if found is not None and found.meta.get("generation") == generation:
        return AnswerIndex.opened(found)
    if found is not None and isinstance(found.meta.get("generation"), int):
        updated = _updated(store, folder, found, generation)
        if updated is not None:
            return updated
    index = _built(store)
    # Written only if nothing was committed meanwhile: else it would carry a generation it was
    # not built from. Files of other code (another digest) are left to that code.
    if store.generation() == generation and not getattr(store, "read_only", False):
        try:
            index.save(path, generation, build=uuid.uuid4().hex)
        except OSError:  # a folder that cannot be written: the index serves this process only
            return index
        # Served from the file from now on: the built arrays (a province's: a few GiB) are freed.
        found = open_arrays(path)
        if found is not None:
            return AnswerIndex.opened(found)
    return index


def _built(store: GraphStore) -> AnswerIndex:
    BUILDS["whole"] += 1
    return build(store)


def touched_parts(touched: set[tuple[str, str]]) -> set[str]:
    """The parts of the index that the journal's (label, region) entries change."""
    out = set()
    for label, region in touched:
        if label in ANSWER_LABELS:
            out.add(part_of(label, region))
        elif label in _MANDATE_SOURCES:
            out.add(MANDATE_PART)
    return out


def _part_texts(store: GraphStore, parts: set[str]) -> list[Text]:
    """The current texts of ``parts``, read by the store's region index, in the order build() gives."""
    by_label: dict[str, list[Text]] = {}
    for part in sorted(parts - {MANDATE_PART}):
        label, region = part.split("\x1f", 1)
        by_label.setdefault(label, []).extend(_item_texts(store.find_nodes(label, region=region)))
    items = [t for label in ANSWER_LABELS for t in sorted(by_label.get(label, []), key=lambda t: t[3])]
    return items + (_mandate_texts(store) if MANDATE_PART in parts else [])


def _updated(store: GraphStore, folder: Path, found: ArrayFile, generation: int) -> AnswerIndex | None:
    """The kept index ``found`` with the delta of what was written since it: the delta file when it
    is of this base and generation, else made (and kept for the next process). None when the store
    cannot tell what changed, or the delta would outgrow COMPACT_FRACTION: then the whole is rebuilt."""
    base_generation = found.meta["generation"]
    build_id = found.meta.get("build")
    if build_id is None or "parts" not in found.arrays:
        return None
    touched = store.changes_since(base_generation)
    if touched is None:
        return None
    base = AnswerIndex.opened(found)
    parts = touched_parts(touched)
    if not parts:
        return base   # nothing that the index holds was written
    path = folder / f"{DELTA}-{format_digest()}.arrays"
    kept = open_arrays(path)
    if kept is not None and kept.meta.get("base") == build_id and kept.meta.get("generation") == generation:
        return _joined(base, AnswerIndex.opened(kept), kept.arrays["dead"], kept.arrays["dead_keys"],
                       kept.arrays["dead_df"])
    numbers = [i for i, name in enumerate(base.part_names) if name in parts]
    dead = np.flatnonzero(np.isin(base.parts, numbers)) if numbers else np.zeros(0, np.int64)
    texts = _part_texts(store, parts)
    if len(texts) + len(dead) > COMPACT_FRACTION * max(len(base), 1):
        return None
    BUILDS["delta"] += 1
    delta = _index_of(texts)
    dead_list = dead.tolist()
    dead_texts = [base.text.titles[i] for i in dead_list] + [base.text.bodies[i] for i in dead_list]
    dead_keys, dead_df = distinct_terms(dead_texts, base.text.tokens)
    if store.generation() == generation and not getattr(store, "read_only", False):
        try:
            delta.save(path, generation, {"dead": dead.astype(np.int64), "dead_keys": dead_keys, "dead_df": dead_df},
                       base=build_id, base_generation=base_generation)
            kept = open_arrays(path)
            if kept is not None:
                delta = AnswerIndex.opened(kept)
        except OSError:
            pass
    return _joined(base, delta, dead, dead_keys, dead_df)


def _joined(base: AnswerIndex, delta: AnswerIndex, dead: np.ndarray, dead_keys: np.ndarray,
            dead_df: np.ndarray) -> AnswerIndex:
    """The base and its delta as one AnswerIndex (positions: the base's, then the delta's)."""
    codes = list(base.region_codes)
    at = {c: i for i, c in enumerate(codes)}
    for c in delta.region_codes:
        if c not in at:
            at[c] = len(codes)
            codes.append(c)
    remap = np.asarray([at[c] for c in delta.region_codes] or [0], dtype=np.int32)
    regions = np.concatenate([np.asarray(base.regions, dtype=np.int32), remap[np.asarray(delta.regions, dtype=np.int64)]
                              if len(delta.regions) else np.zeros(0, np.int32)])
    text = SegmentedIndex(base.text, dead, delta.text, dead_keys, dead_df)
    return AnswerIndex(text, Joined(base.kinds, delta.kinds), Joined(base.refs, delta.refs), regions, codes)


_WHOLE_LOCK = threading.Lock()
_CACHE: "weakref.WeakKeyDictionary[GraphStore, dict[tuple, AnswerIndex]]" = weakref.WeakKeyDictionary()


def answer_index(store: GraphStore, region: str | None = None) -> AnswerIndex:
    """The index a question in ``region`` needs: the region's own texts when they are few
    (``_scoped``: read through the store's region index, so one county's question on a province
    graph does not build the province's index; every backend scopes alike, so they agree), else
    the whole graph's, kept beside the graph (``_whole``: built once per store generation,
    then mapped by every later process). Both kept in memory per store state."""
    state = store_state(store)
    cached = _CACHE.get(store)
    if cached is None or any(k[0] != state for k in cached):
        cached = {}
    key = (state, region or None)
    if key not in cached:
        index = _scoped(store, region) if region else None
        if index is None:
            whole = (state, None)
            if whole not in cached:
                # One build at a time: two server threads asking at once share it.
                with _WHOLE_LOCK:
                    known = _CACHE.get(store, {}).get(whole)
                    cached[whole] = known if known is not None else _whole(store)
                    _CACHE[store] = {**_CACHE.get(store, {}), whole: cached[whole]}
            cached[key] = cached[whole]
        else:
            if len(cached) > 16:  # a few regions' indexes, then start again
                cached = {k: v for k, v in cached.items() if k[1] is None}
            cached[key] = index
    _CACHE[store] = cached
    return cached[key]
