"""Who should handle a matter by law or by notice, when no list says who does.

    >>> law_candidates(store, "大气污染防治 监督管理", region="511602", limit=3)[0]["department"]
    '区生态环境局'

Laws give duties to department *types* (MANDATES: article → 生态环境主管部门 {verb, matter,
level}); the 机构改革 mapping turns an old type into today's (环境保护主管部门 → 生态环境主管部门)
and the region's roster turns today's type into a department (区生态环境局). Notices give
duties to named bodies (Ruling --RULED {role}--> body). Both answers cite their sentence.
"""
from __future__ import annotations

import weakref
from typing import Any

from graph.lookup.department_types import resolve_memo
from graph.lookup.holder_names import city_body, holder_name, names_a_body
from graph.model import ROLE_LABELS_ZH, Rel, Role
from graph.reference.reform_map import current_type_name
from graph.reference.regions import level_of
from graph.store import GraphStore

# Mandates addressed to a level above the queried region's do not fall to its departments.
_LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3, "township": 4}
_MANDATE_LEVEL = (
    # (prefix of the level text, highest region level it reaches down to)
    ("国务院", "national"),
    ("省、自治区、直辖市", "province"), ("省、自治区", "province"), ("省级以上", "province"), ("省级", "province"),
    ("设区的市级以上", "city"), ("设区的市级", "city"), ("设区的市、县级", "county"),
    ("县级以上", "county"), ("县级", "county"), ("城市、县", "county"), ("市、县", "county"), ("城市", "city"),
    ("乡", "township"), ("地方", "township"), ("各级", "township"), ("所在地", "township"), ("本级", "township"),
)
_VERB_ROLE = {"配合": Role.COOPERATE.value}


def region_level(code: str | None) -> str | None:
    """"511602" → county (the division tables, else the code's shape)."""
    return level_of(code) if code else None


def reaches(level_text: str, region: str | None) -> bool:
    """Does a mandate addressed to ``level_text`` (县级以上 …) fall to a body of ``region``?"""
    if not region:
        return True
    want = region_level(region)
    if want is None:
        return True
    for prefix, lowest in _MANDATE_LEVEL:
        if level_text.startswith(prefix):
            return _LEVEL_RANK[want] <= _LEVEL_RANK[lowest]
    return True  # no level named: the type itself, at every level


class _MandateIndex:
    """The MANDATES edges of a store, searchable by "matter + verb"."""

    def __init__(self, store: GraphStore) -> None:
        # Sorted, so that ties in the index fall the same way on every backend.
        self.edges = sorted((e for e in store.iter_edges(Rel.MANDATES.value)
                             if e.props.get("matter") or e.props.get("sentence")),
                            key=lambda e: (e.src, e.dst, e.key))
        self.texts = [f"{e.props.get('matter', '')}{e.props.get('verb', '')}" for e in self.edges]
        try:
            from graph.lookup.ngram_index import NgramIndex

            self.index: Any = NgramIndex(self.texts)
        except ImportError:
            self.index = None

    def search(self, query: str, limit: int) -> list[tuple[int, float]]:
        if self.index is not None:
            return self.index.search(query, limit=limit)
        from rapidfuzz import fuzz, process

        from graph.lookup.normalize import normalize

        def scorer(a: str, b: str, **_: Any) -> float:
            return 0.5 * fuzz.ratio(a, b) + 0.5 * fuzz.partial_ratio(a, b)

        hits = process.extract(normalize(query), [normalize(t) for t in self.texts], scorer=scorer, limit=limit)
        return [(pos, score) for _, score, pos in hits]


_CACHE: "weakref.WeakKeyDictionary[GraphStore, tuple[int, _MandateIndex]]" = weakref.WeakKeyDictionary()


def _mandates(store: GraphStore) -> _MandateIndex:
    # Rebuilt when the number of MANDATES edges changes (a law was imported or re-linked).
    count = store.count_edges(Rel.MANDATES.value)
    cached = _CACHE.get(store)
    if cached is None or cached[0] != count:
        cached = (count, _MandateIndex(store))
        _CACHE[store] = cached
    return cached[1]


def _evidence(store: GraphStore, source_id: str, locator: str, text: str) -> list[dict[str, str]]:
    src = store.get_node(source_id) if source_id else None
    path = src.props.get("path", "") if src else ""
    return [{"source": path, "locator": locator, "text": text}]


def law_covers(store: GraphStore, law_id: str, region: str, cache: dict[str, Any]) -> bool:
    """Does a law apply in ``region``? National ones everywhere; a local regulation where its scope
    says (issue 13); one whose place the divisions do not know (scope kept by name) nowhere we can tell."""
    from graph.lookup.catalog import region_prefix

    key = f"\x01scope\x01{law_id}"
    if key not in cache:
        law = store.get_node(law_id)
        p = law.props if law is not None else {}
        cache[key] = (p.get("scope_level", ""), p.get("scope_region", ""))
    level, where = cache[key]
    if level in ("", "national"):
        return True
    return where.isdigit() and region_prefix(region).startswith(region_prefix(where))


def mandate_answer(store: GraphStore, e, region: str | None, laws: dict[str, Any] | None = None
                   ) -> dict[str, Any] | None:
    """The department a MANDATES edge gives its matter to in ``region`` today, or None when the
    sentence does not reach that region (国务院, or a level above it).

    ``laws`` is a memo shared by the calls of one query (law titles, resolved types).
    Keys: department, department_id, role, role_zh, matched_item, item_id, law_title, duty, level,
    department_type, current_type, resolved_in_region, evidence [{source, locator, text}].
    """
    level = e.props.get("level", "")
    if region and (level == "国务院" or not reaches(level, region)):
        return None
    dtype = store.get_node(e.dst)
    art = store.get_node(e.src)
    if dtype is None or art is None:
        return None
    type_name = holder_name(dtype.props.get("name", ""))
    if (type_name == "国务院" and region) or not names_a_body(type_name):
        return None
    laws = {} if laws is None else laws
    if region and not law_covers(store, art.props.get("law", ""), region, laws):
        return None  # a local regulation of another place
    if region and not level and city_body(type_name) and not reaches("设区的市级", region):
        # A city's regulation giving 「市人民政府水行政主管部门」 a duty, asked in one of its counties: the
        # city's duty, not the county's (the sentence reader recorded no level words for it).
        scope_level, _ = laws.get(f"\x01scope\x01{art.props.get('law', '')}", ("", ""))
        if scope_level == "city":
            return None
    # The same department type is resolved once per call (the reform map costs ~1 ms).
    duty = f"{e.props.get('matter', '')} {e.props.get('verb', '')}"
    resolved = resolve_memo(store, type_name, region, laws, duty)
    current = current_type_name(type_name, duty)
    role = e.props.get("role") or _VERB_ROLE.get(e.props.get("verb", ""), Role.LEAD.value)
    law_id = art.props.get("law", "")
    if law_id not in laws:
        law = store.get_node(law_id)
        laws[law_id] = (law.props.get("short_title") or law.props.get("title", "")) if law else ""
    label = art.props.get("label_zh", "")
    return {
        "department": resolved.name if resolved else current,
        "department_id": resolved.department_id if resolved else e.dst,
        "role": role,
        "role_zh": ROLE_LABELS_ZH.get(Role(role), role),
        "matched_item": f"《{laws[law_id]}》{label}：{e.props.get('matter', '')} {e.props.get('verb', '')}".strip(),
        "item_kind": "Article",
        "item_id": art.id,
        "law_title": laws[law_id],
        "duty": e.props.get("verb", ""),
        "level": level,
        "department_type": type_name,
        "current_type": current,
        "resolved_in_region": resolved is not None,
        "evidence": _evidence(store, e.props.get("source", ""), label, e.props.get("sentence", "")),
    }


def law_candidates(store: GraphStore, query: str, region: str | None, limit: int = 10,
                   min_score: float = 55.0) -> list[dict[str, Any]]:
    """Departments that a law makes responsible for ``query``, resolved to ``region`` today.

    Each result: :func:`mandate_answer`'s keys plus score ("《大气污染防治法》第五条：大气污染防治
    监督管理" is its matched_item).
    """
    idx = _mandates(store)
    if not idx.edges or limit < 1:
        return []
    best: dict[tuple[str, str], dict[str, Any]] = {}
    laws: dict[str, str] = {}
    for pos, score in idx.search(query, limit=max(limit * 10, 50)):
        if score < min_score:
            continue
        found = mandate_answer(store, idx.edges[pos], region, laws)
        if found is None:
            continue
        key = (found["department_id"], found["role"])
        if key in best and best[key]["score"] >= score:
            continue
        best[key] = {**found, "score": round(float(score), 1)}
    ranked = sorted(best.values(), key=lambda c: (-c["score"], c["role"] != Role.LEAD.value,
                                                  not c["resolved_in_region"], c["department"]))
    return ranked[:limit]


def notice_candidates(store: GraphStore, query: str, region: str | None, limit: int = 10,
                      min_score: float = 55.0) -> list[dict[str, Any]]:
    """Lead and cooperating bodies of the rulings (职责分工通知) whose matter matches ``query``.

    Rulings of ``region`` and rulings of no known region (notices whose place is unnamed)
    are searched; ``region`` of each result says which. Same shape as :func:`law_candidates`,
    item_kind "Ruling", plus condition and notice (its file).
    """
    rulings = sorted((r for r in store.iter_nodes("Ruling")
                      if not region or r.props.get("region", "") in {"", region}), key=lambda r: r.id)
    if not rulings or limit < 1:
        return []
    texts = [r.props.get("name", "") for r in rulings]
    try:
        from graph.lookup.ngram_index import NgramIndex

        hits = NgramIndex(texts).search(query, limit=max(limit * 5, 20))
    except ImportError:
        from rapidfuzz import fuzz, process

        hits = [(pos, s) for _, s, pos in process.extract(query, texts, scorer=fuzz.partial_ratio, limit=limit * 5)]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for pos, score in hits:
        if score < min_score:
            continue
        ruling = rulings[pos]
        sources = sorted(store.edges_from(ruling.id, Rel.FROM_SOURCE.value), key=lambda e: e.dst)
        src = store.get_node(sources[0].dst) if sources else None
        evidence = [{"source": src.props.get("path", ""), "locator": src.props.get("locator", ""),
                     "text": src.props.get("text", "")}] if src else []
        for e in sorted(store.edges_from(ruling.id, Rel.RULED.value), key=lambda e: (e.dst, e.key)):
            role = e.props.get("role", Role.LEAD.value)
            key = (e.dst, role)
            if key in seen:
                continue
            seen.add(key)
            body = store.get_node(e.dst)
            out.append({
                "department": body.props.get("name", e.dst) if body else e.dst,
                "department_id": e.dst,
                "role": role,
                "role_zh": ROLE_LABELS_ZH.get(Role(role), role),
                "score": round(float(score), 1),
                "matched_item": ruling.props.get("name", ""),
                "item_kind": "Ruling",
                "item_id": ruling.id,
                "condition": ruling.props.get("condition", ""),
                "notice": ruling.props.get("dataset", ""),
                "region": ruling.props.get("region", ""),
                "evidence": evidence,
            })
    out.sort(key=lambda c: (-c["score"], c["role"] != Role.LEAD.value, c["department"]))
    return out[:limit]
