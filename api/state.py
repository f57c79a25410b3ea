"""What one API process holds: the open store, the derived lookup index, the write lock.

The store is opened once. who-handles' index is opened at start (mapped from beside the graph
file: graph/lookup/answer_index), and /readyz says ready once it is. The listing tables
(ItemCatalog with its n-gram index, plus small tables of departments and regions) are loaded
from the graph file where the store keeps them for the current generation
(graph.lookup.index_cache), else built and kept there, by the first request that needs them.
Both are dropped after this server's writes and whenever the store's generation shows another
process wrote (checked at most every ``GENERATION_CHECK_SECONDS`` per request), so reads never
see a stale one. Other processes' rows are never overwritten: this server's
uploads are transactions of the same store, merged into whatever is there.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graph.lookup.catalog import ItemCatalog
from graph.lookup.index_cache import item_catalog, load_or_build
from graph.lookup.normalize import normalize
from graph.model import ITEM_KIND_ZH, Rel
from graph.reference.regions import AmbiguousRegion, get_region
# The routes compare region codes under these names; the meaning is graph.reference.regions'.
from graph.reference.regions import code_within as in_region, normalize_code as norm_region  # noqa: F401
from graph.region_tree import resolve_in_store
from graph.store import GraphStore

log = logging.getLogger("dutygraph.api")

MiB = 1024 * 1024
GENERATION_CHECK_SECONDS = 0.1


class RWLock:
    """Many readers or one writer; a waiting writer holds back new readers so uploads are not starved."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class GraphState:
    """Names one state of the graph as this API saw it (a new one after every write it sees);
    caches of results keep a weak reference to it."""


@dataclass(frozen=True)
class DeptEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    kind: str
    in_roster: bool


@dataclass
class ApiIndex:
    """Derived tables for fast reads; never saved, rebuilt from the store."""

    catalog: ItemCatalog
    types: np.ndarray                      # per catalog position: power type (行政许可…) or kind (属地管理事项…)
    name_order: np.ndarray                 # catalog positions sorted by (name, id): stable pages on any backend
    departments: list[DeptEntry]
    dept_search: list[str]                 # every name and alias, for fuzzy department search
    dept_search_owner: list[int]           # position in ``departments`` of each dept_search entry
    dept_search_norm: list[str]            # the same names, normalised, for substring suggestions
    regions: list[dict]                    # Region nodes as plain dicts, sorted by code
    dept_items: Counter = field(default_factory=Counter)
    region_items: Counter = field(default_factory=Counter)  # normalised region code → item count

    @classmethod
    def load(cls, store: GraphStore) -> "ApiIndex":
        """The index of the store's current graph: kept with it, or built (and then kept)."""
        catalog = item_catalog(store)
        tables = load_or_build(store, "api-index", lambda: cls.build(store, catalog).tables(),
                               extra_code=[__file__])
        return cls(catalog, **tables)

    def tables(self) -> dict[str, Any]:
        """Everything but the catalog (kept by itself, shared with the CLI's lookups)."""
        return {k: v for k, v in vars(self).items() if k != "catalog"}

    @classmethod
    def build(cls, store: GraphStore, catalog: ItemCatalog | None = None) -> "ApiIndex":
        catalog = catalog if catalog is not None else ItemCatalog.from_store(store)
        power = {r.id: r.props.get("power_type") or "" for r in store.iter_nodes("PowerItem")}
        types = np.asarray([power.get(i) or ITEM_KIND_ZH.get(catalog.label_of(p), "")
                            for p, i in enumerate(catalog.ids)], dtype=object)
        name_order = np.asarray(sorted(range(len(catalog)), key=lambda p: (catalog.names[p], catalog.ids[p])),
                                dtype=np.int64)
        depts = sorted(
            (DeptEntry(r.id, r.props.get("name") or r.id, tuple(r.props.get("aliases") or ()),
                       r.props.get("region") or "", r.props.get("kind") or "", bool(r.props.get("in_roster")))
             for r in store.iter_nodes("Department")),
            key=lambda d: (d.region, d.name, d.id))
        search, owner = [], []
        for i, d in enumerate(depts):
            for name in dict.fromkeys((d.name, *d.aliases)):
                search.append(name)
                owner.append(i)
        regions = sorted(({"id": r.id, "code": r.props.get("code") or "", "name": r.props.get("name") or "",
                           "level": r.props.get("level") or "", "parent": r.props.get("parent") or "",
                           "aliases": list(r.props.get("aliases") or ()),
                           "full_name": r.props.get("full_name") or _full_name(r.props.get("code") or "")}
                          for r in store.iter_nodes("Region")), key=lambda r: (r["code"], r["id"]))
        dept_items = Counter(e.src for e in store.iter_edges(Rel.HOLDS.value) if e.props.get("current") is not False)
        codes = catalog.region_codes
        per_code = np.bincount(catalog.regions, minlength=len(codes)) if len(catalog) else np.zeros(len(codes))
        region_items: Counter = Counter()
        for code, n in zip(codes, per_code):
            region_items[norm_region(code)] += int(n)
        return cls(catalog, types, name_order, depts, search, owner,
                   [normalize(n) for n in search], regions, dept_items, region_items)


def _full_name(code: str) -> str:
    """四川省广安市广安区 for a Region node written before nodes carried their full name."""
    region = get_region(code) if code else None
    return region.full_name if region else ""


def _resolve_region(store: GraphStore, text: str) -> str:
    """The CLI's resolver; an unknown region is a 404 problem, an ambiguous one a 422 listing the candidates."""
    from api.problems import ApiProblem

    try:
        return resolve_in_store(store, text).code
    except AmbiguousRegion as exc:
        raise ApiProblem(422, str(exc), title="地区不唯一") from exc
    except ValueError as exc:  # the resolver's own error says what is known, in Chinese
        raise ApiProblem(404, str(exc), title="未知地区") from exc


class AnswerCache:
    """Finished answers (serialised JSON) by request, dropped whole on every write.

    A hotline or dispatch platform asks the same few hundred matters all day; a cached answer
    costs a dictionary lookup instead of a fuzzy scan. Least recently used entries go first.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._data: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()
        # Bumped by clear(): an answer computed before a clear is not stored after it.
        self.epoch = 0

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple, value: bytes, epoch: int | None = None) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if epoch is not None and epoch != self.epoch:
                return
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.epoch += 1


class ApiState:
    """Shared by every request of one app."""

    def __init__(self, store: GraphStore, token: str | None, max_upload_bytes: int, owns_store: bool) -> None:
        self.store = store
        self.token = token or None
        self.max_upload_bytes = max_upload_bytes
        self.owns_store = owns_store
        self.lock = RWLock()
        self._index: ApiIndex | None = None
        self._answers_ready = False
        self._token = GraphState()
        self._index_lock = threading.Lock()
        self._regions: dict[str, str] = {}
        self.answers = AnswerCache()
        self._generation = store.generation()
        self._checked = time.monotonic()
        self._warm_lock = threading.Lock()
        self._warming = False
        self._warm_thread: threading.Thread | None = None
        self._closed = False

    def index(self) -> ApiIndex:
        """The tables of the listing and search routes (item catalog, departments, regions),
        loaded or built once per graph state when a route first needs them (call under the read
        or write lock). who-handles does not need them: see :meth:`open_answer_index`."""
        index = self._index
        if index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = ApiIndex.load(self.store)
                index = self._index
        return index

    def open_answer_index(self) -> None:
        """who-handles' whole-graph index (graph/lookup/answer_index), mapped from beside the graph
        when it is kept there (milliseconds on a province), else built; a region's questions use
        the region's own index, read from the store per question."""
        from graph.lookup.answer_index import answer_index

        generation = self._generation
        answer_index(self.store)
        # Ready for the graph it was opened for: a write seen meanwhile asks for another.
        if generation == self._generation:
            self._answers_ready = True

    def graph_token(self) -> GraphState:
        """An object that stays the same while the graph does: a new one after every write seen."""
        return self._token

    @property
    def ready(self) -> bool:
        """Whether a who-handles answer can be given now, without building an index first."""
        return self._answers_ready

    def warm(self) -> None:
        """Open (or build) who-handles' index in the background (at start, after every write seen,
        and when /readyz finds none). After a write that is the kept index and a delta of what was
        written (graph/lookup/answer_index: milliseconds for a county's list on a province). The
        listing tables are left to the first request that needs them: loading them here would hold
        the interpreter while the first questions wait."""
        with self._warm_lock:
            if self._warming or self._closed:
                return
            self._warming = True

        def run() -> None:
            try:
                while not self._answers_ready:   # again if a write came while it was opened
                    with self.lock.read():
                        if self._closed:   # closed while this waited for the lock: the store is gone
                            return
                        self.open_answer_index()
            except Exception as exc:  # readyz keeps saying "not ready"; the reason goes to the log
                log.warning("building the lookup index failed: %r", exc)
            finally:
                with self._warm_lock:
                    self._warming = False

        thread = threading.Thread(target=run, name="dutygraph-index", daemon=True)
        self._warm_thread = thread
        thread.start()

    def notice_other_writers(self) -> None:
        """Drop what is cached if another process committed since we last looked (cheap: one
        indexed read, at most every GENERATION_CHECK_SECONDS). who-handles' index is reopened in
        the background (the kept one and a delta of the write); the listing tables are rebuilt (or
        loaded, if that process kept them) by the next request that needs them."""
        if self._generation is None:
            return
        now = time.monotonic()
        if now - self._checked < GENERATION_CHECK_SECONDS:
            return
        self._checked = now
        generation = self.store.generation()
        if generation != self._generation:
            self._forget(generation)

    def _forget(self, generation: int | None) -> None:
        self._generation = generation
        self._regions.clear()
        self.answers.clear()
        self._index = None
        self._answers_ready = False
        self._token = GraphState()
        if generation is not None:
            self.warm()   # the index of what is now there, before the next question needs it

    def after_write(self) -> None:
        """Drop what the write made stale. Nothing is rebuilt here: a question in a region reads
        that region's texts from the store (the write is seen at once, at the cost of the region),
        and the whole-graph indexes are rebuilt by the first request that needs them — so a write
        costs what it wrote, not a province's index."""
        self._forget(self.store.generation())

    def region_code(self, text: str | None) -> str | None:
        """A region name or code resolved to its code (cached: the same few regions are asked all day)."""
        if not text:
            return None
        code = self._regions.get(text)
        if code is None:
            code = _resolve_region(self.store, text)
            if len(self._regions) > 4096:
                self._regions.clear()
            self._regions[text] = code
        return code

    def close(self) -> None:
        """Stop the background index build and then close the store (when this state opened it).

        The build reads the store under the read lock; closing under the write lock waits for it
        (and for requests in flight), and the closed flag stops it from starting another round —
        a store closed under a reading thread crashes the interpreter inside SQLite. A caller that
        passed its own store also waits, so it may close the store safely once this returns."""
        with self._warm_lock:
            self._closed = True
            thread = self._warm_thread
        with self.lock.write():
            if self.owns_store:
                self.store.close()
        if thread is not None:
            thread.join()
