"""Every current item of the graph, in arrays, with the n-gram index over their names.

Derived data: made by graph.lookup.index_cache (kept with the graph per generation, or built
for one region's items), not by callers directly.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from graph.lookup.ngram_index import NgramIndex
from graph.model import ITEM_LABELS
from graph.model import NodeRecord
from graph.reference.regions import region_prefix
from graph.store import GraphStore


@dataclass
class ItemCatalog:
    ids: list[str]
    names: list[str]
    labels: np.ndarray        # label index per item (into label_names)
    label_names: list[str]
    regions: np.ndarray       # region index per item (into region_codes)
    region_codes: list[str]
    index: NgramIndex

    @classmethod
    def from_store(cls, store: GraphStore,
                   nodes: Callable[[str], Iterable[NodeRecord]] | None = None,
                   kinds: tuple[str, ...] = ITEM_LABELS) -> "ItemCatalog":
        """The items of ``store`` (or those ``nodes(label)`` gives: one region's, say) of the labels ``kinds``."""
        nodes = nodes or store.iter_nodes
        ids: list[str] = []
        names: list[str] = []
        labels: list[int] = []
        regions: list[int] = []
        region_pos: dict[str, int] = {}
        for li, label in enumerate(kinds):
            # Sorted by id: the index breaks score ties by position, and every backend must
            # break them the same way (stores return nodes in no promised order).
            for rec in sorted(nodes(label), key=lambda r: r.id):
                props = rec.props
                name = props.get("name") or ""
                if not name or props.get("current") is False:
                    continue
                ids.append(rec.id)
                names.append(name)
                labels.append(li)
                region = props.get("region") or ""
                regions.append(region_pos.setdefault(region, len(region_pos)))
        return cls(
            ids=ids,
            names=names,
            labels=np.asarray(labels, dtype=np.int16),
            label_names=list(kinds),
            regions=np.asarray(regions, dtype=np.int32),
            region_codes=list(region_pos),
            index=NgramIndex(names),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def region_mask(self, region_code: str | None) -> np.ndarray | None:
        """Items of a region and of the regions below it (a county's townships share its prefix).

        Items with no region (national) count everywhere.
        """
        if not region_code:
            return None
        prefix = region_prefix(region_code)
        wanted = [i for i, code in enumerate(self.region_codes)
                  if code == "" or region_prefix(code).startswith(prefix)]
        return np.isin(self.regions, np.asarray(wanted, dtype=np.int32))

    def label_of(self, pos: int) -> str:
        return self.label_names[int(self.labels[pos])]
