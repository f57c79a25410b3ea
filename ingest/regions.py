"""Region nodes for the graph: a region a file uses, with its parents up to the province.

Which region a name or code denotes is reference data (``graph.reference.regions``); this
module only turns a resolved region and its ancestors into Region nodes, PART_OF edges and
the Source rows (the division table's line) they come from.
"""
from __future__ import annotations

from graph.model import EdgeRecord, NodeRecord, Region as RegionNode, Rel, Source, edge, stable_id, to_record
from graph.reference.regions import ancestors, region_node_id


def region_records(code: str) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Region nodes for ``code`` and its ancestors, PART_OF edges between them, and their sources.

    An unknown code gives nothing: a row's region is checked where the row is read.
    """
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    for info in ancestors(code):
        text = ",".join([info.code, info.name, "、".join(info.aliases), info.level, info.parent,
                         info.government, info.note])
        src = Source(id=stable_id("src", info.source, str(info.line), text), path=info.source,
                     locator=f"第 {info.line} 行", text=text, version=info.source)
        nodes.append(to_record(src))
        nodes.append(to_record(RegionNode(id=info.node_id, code=info.code, name=info.name, level=info.level,
                                          parent=info.parent, aliases=list(info.aliases),
                                          full_name=info.full_name)))
        edges.append(edge(info.node_id, Rel.FROM_SOURCE, src.id, source=src.id))
        if info.parent:
            edges.append(edge(info.node_id, Rel.PART_OF, region_node_id(info.parent), source=src.id))
    return nodes, edges
