"""Who handles this item, here? Ranked departments with their role and the evidence.

例: who_handles(store, "养狗要办什么证", region="511602")
    → 广安市广安区公安分局 (主体), matched "犬类准养证核发", evidence L05 第 N 行.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.lookup.catalog import ItemCatalog
from graph.lookup.exclusions import excludes_query
from graph.lookup.index_cache import item_catalog
from graph.lookup.normalize import normalize
from graph.model import ITEM_KIND_ZH, ROLE_LABELS_ZH, Rel, Role
from graph.store import GraphStore, Prefetched

MAX_QUERY_CHARS = 200
# Below this the best "match" is noise: one shared character of a long name.
DEFAULT_MIN_SCORE = 55.0

# Edges that tie a department to an item, with the direction they point and the role they mean
# when the edge itself carries none.
_HOLDER_EDGES = (
    (Rel.HOLDS.value, "in", None),
    (Rel.RULED.value, "out", None),
    (Rel.DIVIDES.value, "out", None),
    (Rel.APPROVES.value, "in", Role.LEAD.value),
    (Rel.SUPERVISES.value, "in", Role.LEAD.value),
)
# What one answer reads about each matched item (see read_items).
_OUT_RELS = (Rel.FROM_SOURCE.value, Rel.BASED_ON.value,
             *(rel for rel, direction, _ in _HOLDER_EDGES if direction == "out"))
_IN_RELS = tuple(rel for rel, direction, _ in _HOLDER_EDGES if direction == "in")
_DUTY_OF_EDGE = {Rel.APPROVES.value: "审批", Rel.SUPERVISES.value: "监管"}

_ROLE_RANK = {Role.LEAD.value: 0, Role.COOPERATE.value: 1, Role.WITHDRAWN.value: 2}
# At equal scores a list row (what the region actually assigned) ranks before a law article.
_KIND_RANK = {"Article": 1, "DutyClause": 1}  # a regulation's duty clause (issue 13) ranks with law articles


class QueryError(ValueError):
    """A query that cannot be answered as asked; the message says why, in Chinese."""


@dataclass
class Evidence:
    source: str
    locator: str
    text: str


@dataclass
class Candidate:
    department: str
    department_id: str
    role: str
    role_zh: str
    score: float
    matched_item: str
    item_id: str
    item_kind: str
    item_kind_zh: str
    region: str = ""
    duty: str = ""
    condition: str = ""     # a ruling's condition, e.g. 经劝阻无效且继续施工的
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Answer:
    query: str
    region: str | None
    results: list[Candidate]
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_query(query: str) -> str:
    """The normalised query, or QueryError with a message a person understands."""
    if query is None or not query.strip():
        raise QueryError("查询内容为空：请输入要查找的事项，例如「养狗要办什么证」。")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"查询过长（{len(query)} 字）：请用不超过 {MAX_QUERY_CHARS} 字描述一个事项。")
    norm = normalize(query)
    if not re.search(r"[\u4e00-\u9fff]", norm) and len(norm) < 2:
        raise QueryError(f"无法理解的查询「{query}」：请用中文描述事项，例如「食品经营许可」。")
    return norm


def read_items(store: GraphStore, item_ids: list[str]) -> Prefetched:
    """Everything item_holders and item_evidence read about these items, in a few round trips
    for all of them: holder edges and departments, source rows, articles and their laws."""
    return store.read_around(item_ids, out_rels=_OUT_RELS, in_rels=_IN_RELS, follow_props=("law",))


def item_evidence(store: GraphStore | Prefetched, item_id: str, item_props: dict[str, Any],
                  edge_source: str | None) -> list[Evidence]:
    """The rows, basis text and articles behind one item, most specific first."""
    out: list[Evidence] = []
    seen: set[str] = set()
    source_ids = sorted(e.dst for e in store.edges_from(item_id, Rel.FROM_SOURCE.value))
    if edge_source:
        source_ids.insert(0, edge_source)
    for sid in source_ids:
        if sid in seen:
            continue
        seen.add(sid)
        src = store.get_node(sid)
        if src is not None:
            p = src.props
            out.append(Evidence(p.get("path", ""), p.get("locator", ""), p.get("text", "")))
    basis = item_props.get("basis")
    if basis:
        first = out[0] if out else None
        out.append(Evidence(first.source if first else "", "实施依据", basis))
    for e in sorted(store.edges_from(item_id, Rel.BASED_ON.value), key=lambda e: (e.dst, e.key)):
        art = store.get_node(e.dst)
        if art is None:
            continue
        law = store.get_node(art.props.get("law", ""))
        title = law.props.get("title", "") if law else ""
        out.append(Evidence(title, art.props.get("label_zh", ""), art.props.get("text", "")))
    return out


def item_holders(store: GraphStore | Prefetched, item_id: str) -> list[tuple[str, str, str, str | None]]:
    """(department id, role, duty, edge source) for every department tied to the item."""
    found = []
    for rel, direction, default_role in _HOLDER_EDGES:
        edges = store.edges_to(item_id, rel) if direction == "in" else store.edges_from(item_id, rel)
        for e in sorted(edges, key=lambda e: (e.src, e.dst, e.key)):
            dept = e.src if direction == "in" else e.dst
            role = e.props.get("role") or default_role or Role.LEAD.value
            found.append((dept, role, _DUTY_OF_EDGE.get(rel, ""), e.props.get("source")))
    return found


def _add_list_candidates(store: GraphStore, catalog: ItemCatalog, query: str, norm: str, mask,
                         limit: int, min_score: float, best: dict[tuple[str, str], Candidate]) -> None:
    """Departments holding the list items (and rulings, tasks …) whose names match the query."""
    # Ask the index for more items than departments wanted: many items share a holder.
    hits = catalog.index.search(query, limit=max(limit * 8, 40), mask=mask)
    reads = read_items(store, [catalog.ids[pos] for pos, score in hits if score >= min_score])
    for pos, score in hits:
        if score < min_score:
            continue
        item_id = catalog.ids[pos]
        item = reads.get_node(item_id)
        if item is None:
            continue
        if excludes_query(item.props.get("name", ""), norm):
            continue
        kind = catalog.label_of(pos)
        for dept_id, role, duty, edge_source in item_holders(reads, item_id):
            key = (dept_id, role)
            if key in best and best[key].score >= score:
                continue
            dept = reads.get_node(dept_id)
            best[key] = Candidate(
                department=dept.props.get("name", dept_id) if dept else dept_id,
                department_id=dept_id,
                role=role,
                role_zh=ROLE_LABELS_ZH.get(Role(role), role) if role in _ROLE_RANK else role,
                score=round(float(score), 1),
                matched_item=item.props.get("name", ""),
                item_id=item_id,
                item_kind=kind,
                item_kind_zh=ITEM_KIND_ZH.get(kind, kind),
                region=(dept.props.get("region", "") if dept else "") or item.props.get("region", ""),
                duty=duty,
                condition=item.props.get("condition", ""),
                evidence=item_evidence(reads, item_id, item.props, edge_source),
            )


def _add_law_candidates(store: GraphStore, query: str, region: str | None, limit: int,
                        min_score: float, best: dict[tuple[str, str], Candidate]) -> None:
    """What the laws say, for matters no list covers; where a list already names the same
    department and role, the article joins its evidence instead of making a second entry."""
    from graph.lookup.legal_basis import law_candidates

    for c in law_candidates(store, query, region, limit=limit, min_score=min_score):
        evidence = [Evidence(**e) for e in c["evidence"]]
        key = (c["department_id"], c["role"])
        if key in best:
            best[key].evidence.extend(evidence)
            continue
        best[key] = Candidate(
            department=c["department"], department_id=c["department_id"], role=c["role"],
            role_zh=c["role_zh"], score=c["score"], matched_item=c["matched_item"], item_id=c["item_id"],
            item_kind="Article", item_kind_zh="法律条文", region=region or "", duty=c.get("duty", ""),
            evidence=evidence,
        )


def who_handles(store: GraphStore, query: str, region: str | None = None, limit: int = 10,
                catalog: ItemCatalog | None = None, min_score: float = DEFAULT_MIN_SCORE) -> Answer:
    """Departments ranked by how well an item they hold matches ``query`` in ``region``.

    ``region`` is a region code (resolve names before calling). One result per department
    and role, carrying its best-matching item and that item's evidence.
    """
    if limit < 1:
        raise QueryError("结果数量 limit 至少为 1。")
    norm = check_query(query)
    catalog = catalog or item_catalog(store, region)
    best: dict[tuple[str, str], Candidate] = {}
    mask = catalog.region_mask(region) if len(catalog) else None
    if len(catalog) and (mask is None or mask.any()):
        _add_list_candidates(store, catalog, query, norm, mask, limit, min_score, best)
    _add_law_candidates(store, query, region, limit, min_score, best)
    ranked = sorted(best.values(), key=lambda c: (-c.score, _ROLE_RANK.get(c.role, 3),
                                                  _KIND_RANK.get(c.item_kind, 0), c.department))
    results = ranked[:limit]
    if results:
        message = ""
    elif len(catalog) == 0 and store.count_edges(Rel.MANDATES.value) == 0:
        message = "图中还没有任何清单事项或法律：请先用 dutygraph ingest 导入。"
    else:
        message = f"没有找到与「{query}」相近的事项。可以换一种说法，或去掉地区限制再试。"
    return Answer(query, region, results, message)
