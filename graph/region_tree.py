"""Regions as the graph holds them: the reference tables first, then Region nodes in the store.

Every division of China is reference data (``graph.reference.regions``). A place that is no
division (高新区, 开发区) exists only where a user declared it; once a list of it is imported,
its Region node is in the graph, so a later question names it without the declaring file.

    resolve_in_store(store, "广安区").code → "511602"
    [r.code for r in region_chain(store, "511602")] → ["511602", "511600", "510000"]
"""
from __future__ import annotations

from graph.reference.regions import Region, UnknownRegion, ancestors, normalize_code, resolve_region
from graph.store import GraphStore


def _node_region(props: dict) -> Region:
    return Region(props.get("code", ""), props.get("name", ""), props.get("full_name") or props.get("name", ""),
                  props.get("level", ""), props.get("parent", ""), props.get("name", ""),
                  tuple(props.get("aliases") or ()))


def resolve_in_store(store: GraphStore | None, text: str) -> Region:
    """:func:`resolve_region`, and failing that a Region node of the store by code, name or alias.

    An ambiguous name stays an error (AmbiguousRegion): the graph does not settle it either.
    """
    try:
        return resolve_region(text)
    except UnknownRegion:
        if store is None:
            raise
        t, code = text.strip(), normalize_code(text)
        for rec in store.find_nodes("Region", code=code):
            return _node_region(rec.props)
        for rec in store.iter_nodes("Region"):
            p = rec.props
            if t in (p.get("name"), p.get("full_name"), *(p.get("aliases") or ())):
                return _node_region(p)
        raise


def region_chain(store: GraphStore | None, code: str) -> list[Region]:
    """The region and its ancestors up to the province, nearest first.

    The reference tables know every division; a declared place's parents are read from its
    Region nodes (their ``parent`` property) and continue in the tables.
    """
    code = normalize_code(code)
    chain = ancestors(code)
    if chain or store is None:
        return chain
    out: list[Region] = []
    seen: set[str] = set()
    while code and code not in seen and len(out) < 8:
        seen.add(code)
        known = ancestors(code)
        if known:
            return out + known
        rec = store.get_node(f"region:{code}")
        if rec is None:
            break
        out.append(_node_region(rec.props))
        code = rec.props.get("parent", "")
    return out
