"""Upgrade a graph built before generic holders (泛指) were kept on the items.

Lists imported before that change made a Department node, kind 「泛指」, of every generic placeholder a
cell wrote (有关部门, 各乡镇人民政府(街道办事处), 相关单位 …), with HOLDS edges to its items. Such a node
is counted, rostered and suggested like a body, and re-importing a list only retires its edges: the
node stays. :func:`upgrade_generic_departments` converts them to the present shape — each current
HOLDS edge becomes a ``generic_holders`` entry on its item (name as the list wrote it, role, duty;
the column is not known from the old edge) — and deletes the nodes with their edges.

    >>> report = upgrade_generic_departments(store)
    >>> report.summary_zh()
    '已转换 3 个旧版「泛指」部门节点（有关部门、…）：12 个事项改记泛指主体，删除 15 条边'
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.model import NodeRecord, Rel
from graph.reference.generic_holders import GENERIC_PREFIXES, PROPERTY, GenericHolder, generic_holders
from graph.store import GraphStore

OLD_KIND = "泛指"          # the kind the old importer gave them (ingest.departments.guess_kind)
UPGRADE_COMMAND = "dutygraph upgrade"


def old_generic_departments(store: GraphStore) -> list[NodeRecord]:
    """Department nodes of the old 泛指 shape (a rostered body whose name opens with 各/有关 is kept).

    The old importer gave kind 泛指 only to names that open with a generic prefix (the same rule,
    ingest.departments.COLLECTIVE then, is_generic now), so the name index finds them all: `info` on
    a province of 25,000 departments reads a handful of nodes instead of decoding every one (0.9 s →
    ms). Every name found so is generic; of those, the old kind or no roster entry marks the old shape.
    """
    found: dict[str, NodeRecord] = {}
    for prefix in GENERIC_PREFIXES:
        for r in store.find_nodes_prefix("Department", "name", prefix):
            if r.props.get("kind") == OLD_KIND or not r.props.get("in_roster"):
                found[r.id] = r
    return list(found.values())


def old_generic_hint(store: GraphStore, old: list[NodeRecord] | None = None) -> str:
    """One line telling how to fix a graph of the old shape; empty when there is nothing to fix."""
    old = old_generic_departments(store) if old is None else old
    if not old:
        return ""
    return (f"注意: 图中有 {len(old)} 个旧版「泛指」部门节点（{_names(old)}），它们不是具体部门；"
            f"请运行 `{UPGRADE_COMMAND}` 把它们转为事项上的泛指主体")


@dataclass
class GenericUpgrade:
    departments: list[str] = field(default_factory=list)   # names of the nodes converted
    items: int = 0                                          # items that now carry the holder
    holders: int = 0                                        # generic_holders entries added
    edges: Counter[str] = field(default_factory=Counter)    # edges deleted, by type

    def summary_zh(self) -> str:
        if not self.departments:
            return "图中没有旧版「泛指」部门节点，无需转换"
        rels = "，".join(f"{k} {v}" for k, v in sorted(self.edges.items()))
        return (f"已转换 {len(self.departments)} 个旧版「泛指」部门节点（{_names_of(self.departments)}）："
                f"{self.items} 个事项改记泛指主体（{self.holders} 处），删除 {sum(self.edges.values())} 条边"
                + (f"（{rels}）" if rels else ""))

    def to_json(self) -> dict:
        return {"departments": self.departments, "items": self.items, "holders": self.holders,
                "edges_deleted": dict(self.edges)}


def upgrade_generic_departments(store: GraphStore) -> GenericUpgrade:
    """Convert old 泛指 Department nodes to generic holders on their items (one transaction; not saved)."""
    report = GenericUpgrade()
    old = old_generic_departments(store)
    if not old:
        return report
    added: dict[str, list[GenericHolder]] = {}
    for dept in old:
        report.departments.append(dept.props.get("name", dept.id))
        for e in store.edges_from(dept.id):
            report.edges[e.rel] += 1
            # Retired edges (an older version of the list) told the past, not who holds the item now.
            if e.rel != Rel.HOLDS.value or not e.props.get("current", True):
                continue
            name = e.props.get("name_in_list") or dept.props.get("name", "")
            added.setdefault(e.dst, []).append(
                GenericHolder(name, str(e.props.get("role", "")), "", str(e.props.get("duty", ""))))
        for e in store.edges_to(dept.id):
            report.edges[e.rel] += 1
    with store.transaction():
        for item_id, holders in added.items():
            rec = store.get_node(item_id)
            if rec is None:
                continue
            have = generic_holders(rec.props)
            seen = {(g.name, g.role, g.duty) for g in have}
            new = [g for g in dict.fromkeys(holders) if (g.name, g.role, g.duty) not in seen]
            if new:
                store.set_props(item_id, **{PROPERTY: [g.to_prop() for g in have + new]})
                report.items += 1
                report.holders += len(new)
        store.delete_nodes([d.id for d in old])
    return report


def _names(nodes: list[NodeRecord]) -> str:
    return _names_of([n.props.get("name", n.id) for n in nodes])


def _names_of(names: list[str], shown: int = 3) -> str:
    distinct = list(dict.fromkeys(names))
    return "、".join(distinct[:shown]) + (" 等" if len(distinct) > shown else "")
