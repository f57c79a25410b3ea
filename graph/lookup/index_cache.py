"""Derived lookup data kept with the graph: built once per graph generation, not once per command.

    catalog = item_catalog(store)                  # the whole graph's ItemCatalog
    catalog = item_catalog(store, region="511602")  # enough for a query in that region

The store stamps every committed write with a new ``generation()``; a built catalog is saved
with ``write_artifact(name, generation, bytes)`` and reused by every later command and server
start while the generation is the same. A backend that cannot tell its generation (None)
gets a fresh build each time, as before. The artifact's name carries a digest of the lookup
code (this folder's modules), so a changed index format is never read back by newer code.

For a region query the whole catalog is not needed: a county's items (and the national ones,
which count everywhere) are found by the store's region index and indexed on the spot, in
milliseconds, as long as they are few enough that the search scores each of them exactly
(``NgramIndex.direct_mask_limit``): then the answer is the one the whole catalog gives.

For the engineer rewriting retrieval (issue 12): this is the one place where a catalog for a
store is made. Build whatever the retrieval needs inside ``ItemCatalog.from_store`` (or a
builder passed to :func:`load_or_build`), keep it picklable, and call :func:`item_catalog`
where ``ItemCatalog.from_store(store)`` was called; new modules under graph/lookup/ change
the digest by themselves.
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from graph.lookup.catalog import ItemCatalog, region_prefix
from graph.lookup.ngram_index import NgramIndex
from graph.model import ITEM_LABELS
from graph.store import GraphStore

T = TypeVar("T")

_LOOKUP_DIR = Path(__file__).resolve().parent
_digests: dict[tuple[str, ...], str] = {}


def code_digest(extra: Iterable[str | Path] = ()) -> str:
    """A digest of graph/lookup/*.py and the ``extra`` files: names the format of what they build."""
    files = tuple(sorted(str(p) for p in (*_LOOKUP_DIR.glob("*.py"), *map(Path, extra))))
    digest = _digests.get(files)
    if digest is None:
        h = hashlib.sha256()
        for f in files:
            h.update(Path(f).read_bytes())
        digest = _digests[files] = h.hexdigest()[:16]
    return digest


def load_or_build(store: GraphStore, name: str, build: Callable[[], T],
                  extra_code: Iterable[str | Path] = ()) -> T:
    """The artifact ``name`` of the store's current generation, or ``build()`` saved as it."""
    key = f"{name}@{code_digest(extra_code)}"
    generation = store.generation()
    if generation is not None:
        found = store.read_artifact(key)
        if found is not None and found[0] == generation:
            try:
                return pickle.loads(found[1])
            except Exception:  # unreadable (truncated, older Python): rebuilt below
                pass
    value = build()
    # Saved only if nothing was committed meanwhile: else it would carry a generation it
    # was not built from.
    if generation is not None and store.generation() == generation:
        store.write_artifact(key, generation, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def item_catalog(store: GraphStore, region: str | None = None, kinds: tuple[str, ...] = ITEM_LABELS) -> ItemCatalog:
    """The catalog a lookup in ``region`` (a code; None: everywhere) needs, of the items of the labels ``kinds``
    (the dossier also reads the law clauses: model.ANSWER_LABELS)."""
    if region and kinds == ITEM_LABELS:
        scoped = _region_catalog(store, region)
        if scoped is not None:
            return scoped
    name = "item-catalog" if kinds == ITEM_LABELS else "item-catalog:" + ",".join(kinds)
    return load_or_build(store, name, lambda: ItemCatalog.from_store(store, kinds=kinds))


def _region_catalog(store: GraphStore, region: str) -> ItemCatalog | None:
    """The items of ``region`` and below, and those of no region, when few enough to be scored
    exactly; None otherwise (or when the store cannot select by region cheaply)."""
    if store.generation() is None:
        return None  # in-process graphs: one catalog, built once by the caller, serves every region
    prefix = region_prefix(region)
    records: dict[str, list] = {}
    total = 0
    for label in ITEM_LABELS:
        recs = store.find_nodes_prefix(label, "region", prefix) + store.find_nodes(label, region="")
        records[label] = recs
        total += len(recs)
        if total > NgramIndex.direct_mask_limit:
            return None
    return ItemCatalog.from_store(store, nodes=lambda label: records[label])
