"""List diff (清单动态调整): what changed between two versions of one region's list.

例: diff_versions(store, "L05_广安市广安区政务服务事项_按部门.csv")
    → 新增 2 项、删除 1 项、变更 3 项（实施主体 区住建局 → 区行政审批局；事项类型 …）

A version's items are those with a FROM_SOURCE edge to one of its rows (Source.version).
An item keeps one node across versions and its properties hold the newest values, so the
older values are read from the older row itself: the cell in the column where the newer row
holds the item's value. Both rows come from the same publisher's layout; when the layouts
differ the change is reported as the whole row, never guessed.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.analyses.scope import county_of
from graph.analyses.text import norm
from graph.model import ITEM_LABELS, NodeRecord, Rel
from graph.store import GraphStore

# Item properties that a 清单动态调整 report names, with their Chinese column names.
FIELDS = {
    "department_text": "实施主体/责任部门", "power_type": "事项类型", "basis": "设定/实施依据",
    "code": "事项编码", "name": "事项名称", "lead_text": "主体责任", "cooperate_text": "配合责任",
    "approver_text": "审批部门", "supervisor_text": "监管部门", "requester_text": "请求协助部门",
    "assistant_text": "协助部门", "county_text": "县级部门", "township_text": "乡镇", "part": "履职类型",
    "domain": "领域", "time_limit": "时限",
}


class DiffError(ValueError):
    """No such dataset or version; the message lists what exists."""


@dataclass
class Change:
    field: str
    field_zh: str
    old: str
    new: str


@dataclass
class ItemDiff:
    item_id: str
    name: str
    label: str
    region: str
    status: str                      # added / removed / changed
    changes: list[Change] = field(default_factory=list)
    old_row: str = ""
    new_row: str = ""


@dataclass
class ListDiff:
    dataset: str
    old: dict[str, Any]
    new: dict[str, Any]
    added: list[ItemDiff] = field(default_factory=list)
    removed: list[ItemDiff] = field(default_factory=list)
    changed: list[ItemDiff] = field(default_factory=list)
    unchanged: int = 0

    def summary_zh(self) -> str:
        by_field: dict[str, int] = defaultdict(int)
        for d in self.changed:
            for c in d.changes:
                by_field[c.field_zh] += 1
        fields = "、".join(f"{k} {v} 项" for k, v in sorted(by_field.items(), key=lambda x: -x[1]))
        return (f"{self.dataset}: {self.old.get('imported_at', '')} → {self.new.get('imported_at', '')}，"
                f"新增 {len(self.added)} 项、删除 {len(self.removed)} 项、变更 {len(self.changed)} 项"
                + (f"（{fields}）" if fields else "") + f"、未变 {self.unchanged} 项")

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "old": self.old, "new": self.new, "summary_zh": self.summary_zh(),
                "added": [asdict(d) for d in self.added], "removed": [asdict(d) for d in self.removed],
                "changed": [asdict(d) for d in self.changed], "unchanged": self.unchanged}

    def rows(self) -> list[dict[str, str]]:
        """One CSV row per added/removed item and per changed field."""
        status_zh = {"added": "新增", "removed": "删除", "changed": "变更"}
        out = []
        for d in [*self.added, *self.removed, *self.changed]:
            for c in d.changes or [Change("", "", "", "")]:
                out.append({"变动": status_zh[d.status], "事项": d.name, "地区": d.region, "字段": c.field_zh,
                            "原值": c.old, "新值": c.new, "事项ID": d.item_id})
        return out


def _versions(store: GraphStore, dataset: str) -> list[NodeRecord]:
    found = [v for v in store.iter_nodes("ListVersion")
             if v.props.get("dataset") == dataset or v.id == dataset
             or (dataset and v.props.get("dataset", "").startswith(dataset))]
    return sorted(found, key=lambda v: (v.props.get("imported_at", ""), v.id))


def _pick(store: GraphStore, dataset: str, old: str | None, new: str | None) -> tuple[NodeRecord, NodeRecord]:
    versions = _versions(store, dataset)
    if not versions:
        known = sorted({v.props.get("dataset", "") for v in store.iter_nodes("ListVersion")})
        raise DiffError(f"图中没有清单「{dataset}」的任何版本。已导入的清单: {'、'.join(known) or '无'}")
    datasets = {v.props.get("dataset") for v in versions}
    if len(datasets) > 1 and not (old or new):
        raise DiffError(f"「{dataset}」对应多份清单，请写全文件名: {'、'.join(sorted(datasets))}")
    by_id = {v.id: v for v in versions}
    for vid in (old, new):
        if vid and vid not in by_id:
            raise DiffError(f"清单「{dataset}」没有版本 {vid}。已有版本: {'、'.join(by_id)}")
    new_v = by_id[new] if new else next((v for v in reversed(versions) if v.props.get("current")), versions[-1])
    if old:
        old_v = by_id[old]
    else:
        older = [e.dst for e in store.edges_from(new_v.id, Rel.SUPERSEDES.value) if e.dst in by_id]
        if older:
            old_v = max((by_id[o] for o in older), key=lambda v: v.props.get("imported_at", ""))
        else:
            earlier = [v for v in versions if v.id != new_v.id and v.props.get("imported_at", "") <= new_v.props.get("imported_at", "")]
            if not earlier:
                raise DiffError(f"清单「{new_v.props.get('dataset')}」只有一个版本，无可比较。")
            old_v = earlier[-1]
    return old_v, new_v


def _rows_of(store: GraphStore, version: NodeRecord) -> dict[str, NodeRecord]:
    """Item id → its Source row in this version."""
    sources = {e.src for e in store.edges_to(version.id, Rel.IN_VERSION.value)}
    sources |= {r.id for r in store.find_nodes("Source", version=version.id)}
    src_nodes = store.get_nodes(sources)
    edges = [e for e in store.edges_of(sources, Rel.FROM_SOURCE.value, "in")
             if e.dst in src_nodes and src_nodes[e.dst].props.get("locator") != "整个文件"]
    # Departments point at the row that first named them; only items are rows of the list.
    labels = {i: r.label for i, r in store.get_nodes({e.src for e in edges}).items()}
    out: dict[str, NodeRecord] = {}
    for e in edges:
        if labels.get(e.src) in ITEM_LABELS:
            out.setdefault(e.src, src_nodes[e.dst])
    return out


def _cells(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), []) if text else []


def _changes(item: NodeRecord, old_row: str, new_row: str) -> list[Change]:
    """Which fields differ between the two rows, located by where the item's values stand in the newer row."""
    old_cells, new_cells = _cells(old_row), _cells(new_row)
    if len(old_cells) != len(new_cells):
        return [Change("row", "整行", old_row, new_row)]
    located: dict[int, str] = {}
    for f in FIELDS:
        value = item.props.get(f)
        if isinstance(value, str) and value:
            for i, cell in enumerate(new_cells):
                if cell.strip() == value and i not in located:
                    located[i] = f
                    break
    out = []
    for i, (a, b) in enumerate(zip(old_cells, new_cells)):
        if a.strip() == b.strip():
            continue
        f = located.get(i)
        if f is None and _is_seq(a) and _is_seq(b):
            continue  # a renumbered 序号 is not a change of the item
        out.append(Change(f or f"col{i + 1}", FIELDS.get(f, f"第 {i + 1} 列") if f else f"第 {i + 1} 列",
                          a.strip(), b.strip()))
    return out


def _is_seq(text: str) -> bool:
    return text.strip().isdigit() and len(text.strip()) <= 6


def diff_versions(store: GraphStore, dataset: str, old: str | None = None, new: str | None = None) -> ListDiff:
    """Items added, removed and changed between two versions (default: the current one and the one it superseded)."""
    old_v, new_v = _pick(store, dataset, old, new)
    old_rows, new_rows = _rows_of(store, old_v), _rows_of(store, new_v)
    items = store.get_nodes(set(old_rows) | set(new_rows))
    result = ListDiff(dataset=new_v.props.get("dataset", dataset),
                      old={"id": old_v.id, **{k: old_v.props.get(k) for k in ("imported_at", "rows_loaded", "current")}},
                      new={"id": new_v.id, **{k: new_v.props.get(k) for k in ("imported_at", "rows_loaded", "current")}})

    def entry(item_id: str, status: str) -> ItemDiff:
        rec = items.get(item_id)
        p = rec.props if rec else {}
        return ItemDiff(item_id, p.get("name", ""), rec.label if rec else "", county_of(p.get("region", "")), status,
                        old_row=old_rows[item_id].props.get("text", "") if item_id in old_rows else "",
                        new_row=new_rows[item_id].props.get("text", "") if item_id in new_rows else "")

    for item_id in sorted(set(new_rows) - set(old_rows)):
        result.added.append(entry(item_id, "added"))
    for item_id in sorted(set(old_rows) - set(new_rows)):
        result.removed.append(entry(item_id, "removed"))
    for item_id in sorted(set(old_rows) & set(new_rows)):
        a, b = old_rows[item_id].props.get("text", ""), new_rows[item_id].props.get("text", "")
        changes = _changes(items[item_id], a, b) if a != b and item_id in items else []
        if changes:
            d = entry(item_id, "changed")
            d.changes = changes
            result.changed.append(d)
        else:
            result.unchanged += 1
    _pair_renamed(result, items)
    for d in result.added:
        d.changes = [Change("item", "事项", "", d.name)]
    for d in result.removed:
        d.changes = [Change("item", "事项", d.name, "")]
    return result


def _pair_renamed(result: ListDiff, items: dict[str, NodeRecord]) -> None:
    """An item whose code changed gets a new node: pair a removal and an addition with the same name."""
    removed = {(d.region, norm(d.name)): d for d in result.removed}
    keep_added = []
    for d in result.added:
        old = removed.pop((d.region, norm(d.name)), None)
        if old is None:
            keep_added.append(d)
            continue
        changes = [Change("code", FIELDS["code"], items[old.item_id].props.get("code", "") if old.item_id in items else "",
                          items[d.item_id].props.get("code", "") if d.item_id in items else "")]
        if d.item_id in items:
            changes += [c for c in _changes(items[d.item_id], old.old_row, d.new_row) if c.field != "code"]
        result.changed.append(ItemDiff(d.item_id, d.name, d.label, d.region, "changed", changes,
                                       old_row=old.old_row, new_row=d.new_row))
    result.added = keep_added
    result.removed = list(removed.values())
