"""Regions (行政区划) by GB/T 2260 code or name, from ``ingest/data/regions.csv``.

    >>> resolve_region("广安区").code
    '511602'
    >>> resolve_region("511602000000").name
    '广安市广安区'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.model import EdgeRecord, NodeRecord, Region, Rel, Source, edge, stable_id, to_record
from graph.store import GraphStore
from ingest.data import read_rows

REGIONS_FILE = "regions.csv"
LEVEL_ZH = {"province": "省级", "city": "市级", "county": "县级", "township": "乡级"}


class UnknownRegionError(ValueError):
    """A region we have no code for. Message in Chinese."""


RegionError = UnknownRegionError   # the name the CLI and API import


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str               # full name, 例: 广安市广安区
    aliases: tuple[str, ...]  # short names, 例: 广安区
    level: str
    parent: str
    government: str         # 本级政府, the holder of a list that names no department
    note: str
    line: int               # line in regions.csv, for provenance

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def node_id(self) -> str:
        return region_node_id(self.code)


def region_node_id(code: str) -> str:
    return f"region:{code}"


@lru_cache(maxsize=1)
def load_regions() -> dict[str, RegionInfo]:
    out: dict[str, RegionInfo] = {}
    for line, row in read_rows(REGIONS_FILE):
        aliases = tuple(a for a in re.split(r"[、;；]", row["简称/别名"]) if a)
        out[row["代码"]] = RegionInfo(row["代码"], row["名称"], aliases, row["级别"], row["上级代码"],
                                     row["本级政府"], row["备注"], line)
    return out


def normalise_code(code: str) -> str:
    """12-digit statistical codes to ours. 例: "511602000000" → "511602"; "341182004000" → "341182004"."""
    c = code.strip()
    if re.fullmatch(r"\d{12}", c):
        return c[:6] if c[6:] == "000000" else c[:9]
    if re.fullmatch(r"\d{9}", c) and c.endswith("000"):
        return c[:6]
    return c


def resolve_region(text: str, store: GraphStore | None = None) -> RegionInfo:
    """A region by code (6, 9 or 12 digits) or by full or short name; raise UnknownRegionError.

    With a ``store``, Region nodes already in the graph are known too.
    """
    regions = load_regions()
    t = text.strip()
    code = normalise_code(t)
    if code in regions:
        return regions[code]
    for info in regions.values():
        if t in info.names:
            return info
    if store is not None:
        for rec in store.iter_nodes("Region"):
            p = rec.props
            if t in (p.get("code"), p.get("name"), *p.get("aliases", [])) or code == p.get("code"):
                return RegionInfo(p.get("code", ""), p.get("name", ""), tuple(p.get("aliases", [])),
                                  p.get("level", ""), p.get("parent", ""), "", "", 0)
    known = "、".join(f"{r.name}（{r.code}）" for r in regions.values() if r.level in ("county", "township"))
    raise UnknownRegionError(f"未知的地区「{text}」：请使用 GB/T 2260 代码或地区名称。已知的县乡级地区: {known}"
                             f"（其他地区请加到 ingest/data/{REGIONS_FILE}）")


def region_in_text(text: str) -> RegionInfo | None:
    """The most specific region named in a text such as a file name.

    例: "L01_明光市明南街道权力清单" → 明南街道 (the longest name found wins).
    """
    best: tuple[int, RegionInfo] | None = None
    for info in load_regions().values():
        for name in info.names:
            if len(name) >= 2 and name in text and (best is None or len(name) > best[0]):
                best = (len(name), info)
    return best[1] if best else None


def chain(code: str) -> list[RegionInfo]:
    """The region and its ancestors, nearest first. 例: 511602 → [广安区, 广安市, 四川省]."""
    regions = load_regions()
    out: list[RegionInfo] = []
    while code and code in regions and len(out) < 8:
        out.append(regions[code])
        code = regions[code].parent
    return out


def region_records(code: str) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Region nodes for ``code`` and its ancestors, PART_OF edges between them, and their sources."""
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    for info in chain(code):
        text = ",".join([info.code, info.name, "、".join(info.aliases), info.level, info.parent,
                         info.government, info.note])
        src = Source(id=stable_id("src", REGIONS_FILE, str(info.line), text), path=REGIONS_FILE,
                     locator=f"第 {info.line} 行", text=text, version=REGIONS_FILE)
        nodes.append(to_record(src))
        nodes.append(to_record(Region(id=info.node_id, code=info.code, name=info.name, level=info.level,
                                      parent=info.parent, aliases=list(info.aliases))))
        edges.append(edge(info.node_id, Rel.FROM_SOURCE, src.id, source=src.id))
        if info.parent:
            edges.append(edge(info.node_id, Rel.PART_OF, region_node_id(info.parent), source=src.id))
    return nodes, edges
