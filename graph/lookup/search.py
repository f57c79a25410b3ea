"""One search over everything a reader may name: items, departments, regions, laws and articles.

例: search(store, "食品安全法第三十五条")      → the article 《食品安全法》第三十五条 first
    search(store, "养狗", region="511602")   → 犬类准养证核发 (held by 区公安分局), through who_handles
    search(store, "食品安全法")              → the law 中华人民共和国食品安全法, then its duty articles

Items come from the who-handles lookup itself (``who_handles``: the same index, lexicon and
ranking as the CLI and /api/who-handles), so the explorer's search box and who-handles never
disagree about what a phrase means. Names that are not items — departments and their aliases,
regions, law titles — are matched here by containment against a ``SearchDirectory`` built once
per graph state; a law reference (「食品安全法第三十五条」) is parsed into law + article, and article
text is searched by containment (the matter a law gives may be only in its text).

Every hit says why it was found (``why_zh``) and where it is (``region_name``, never a bare code).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.lookup.catalog import region_prefix
from graph.lookup.normalize import normalize
from graph.lookup.who_handles import QueryError, check_query, who_handles
from graph.model import ITEM_KIND_ZH
from graph.store import GraphStore

# A law reference: a title (with or without 《》 and 中华人民共和国) followed by 第…条.
_ARTICLE_REF = re.compile(r"《?(?P<law>[^《》第]{2,40}?)》?\s*第(?P<num>[零〇一二三四五六七八九十百千两\d]+)条(?:之(?P<sub>[一二三四五六七八九十]))?")
_LAW_PREFIX = "中华人民共和国"
# Article-text hits are the weakest kind of match: never more than these per search.
MAX_ARTICLE_TEXT_HITS = 5
# Ask who-handles for more departments than hits wanted: several departments share an item.
_WHO_HANDLES_FACTOR = 3

_KIND_ZH = {"Department": "部门/单位", "Region": "行政区划", "Law": "法律法规", "Article": "法条"}


@dataclass
class SearchHit:
    id: str
    label: str
    kind_zh: str
    name: str
    region: str = ""
    region_name: str = ""
    context: str = ""        # who holds an item, which law an article belongs to …
    why_zh: str = ""
    score: float = 0.0


@dataclass
class SearchResult:
    query: str
    region: str | None
    items: list[SearchHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "region": self.region, "total": len(self.items),
                "items": [asdict(h) for h in self.items]}


@dataclass(frozen=True)
class _Named:
    id: str
    label: str
    name: str
    norms: tuple[str, ...]   # normalised name and aliases
    region: str = ""
    kind: str = ""


@dataclass
class SearchDirectory:
    """Names that are not list items, normalised once per graph state."""

    departments: list[_Named]
    regions: list[_Named]
    laws: list[_Named]
    law_short: dict[str, str]                 # law id → short title for labels (食品安全法)
    articles: list[tuple[str, str, str, float, str]]   # (id, law id, label_zh, number, normalised text)
    region_names: dict[str, str]              # 6-digit (or township) code → name

    @classmethod
    def build(cls, store: GraphStore) -> "SearchDirectory":
        def named(rec, name: str, *aliases: str, region: str = "", kind: str = "") -> _Named:
            norms = tuple(dict.fromkeys(n for n in (normalize(x) for x in (name, *aliases) if x) if n))
            return _Named(rec.id, rec.label, name, norms, region, kind)

        departments = [named(r, r.props.get("name") or r.id, *(r.props.get("aliases") or ()),
                             *(r.props.get("former_names") or ()), region=r.props.get("region") or "",
                             kind=r.props.get("kind") or "")
                       for r in sorted(store.iter_nodes("Department"), key=lambda r: r.id)]
        regions, region_names = [], {}
        for r in sorted(store.iter_nodes("Region"), key=lambda r: r.id):
            code = r.props.get("code") or ""
            name = r.props.get("name") or code
            region_names[_short_code(code)] = name
            regions.append(named(r, name, *(r.props.get("aliases") or ()), region=code))
        laws, law_short = [], {}
        for r in sorted(store.iter_nodes("Law"), key=lambda r: r.id):
            title = r.props.get("title") or r.id
            short = r.props.get("short_title") or _short_title(title)
            law_short[r.id] = short
            laws.append(named(r, title, short, region=r.props.get("region") or ""))
        articles = [(r.id, r.props.get("law") or "", r.props.get("label_zh") or "", float(r.props.get("number") or 0),
                     normalize(r.props.get("text") or ""))
                    for r in sorted(store.iter_nodes("Article"), key=lambda r: r.id)]
        return cls(departments, regions, laws, law_short, articles, region_names)

    def region_name(self, code: str) -> str:
        """The name of a region code in any of its forms; "" when the graph does not know it."""
        return self.region_names.get(_short_code(code or ""), "")

    def article_label(self, law_id: str, label_zh: str) -> str:
        short = self.law_short.get(law_id, "")
        return f"《{short}》{label_zh}" if short else label_zh


def _short_code(code: str) -> str:
    return code[:6] if len(code) == 12 and code.endswith("000000") else code


def _short_title(title: str) -> str:
    return title[len(_LAW_PREFIX):] if title.startswith(_LAW_PREFIX) and len(title) > len(_LAW_PREFIX) else title


def _in_region(code: str, region: str | None) -> bool:
    """Inside ``region`` or above it (a county sees its city's and province's bodies); no region: everywhere."""
    if not region or not code:
        return True
    mine, want = region_prefix(code), region_prefix(region)
    return mine.startswith(want) or want.startswith(mine)


def _name_score(needle: str, norms: tuple[str, ...]) -> float | None:
    """100 for the name itself, 90 for a prefix, 80 for containment; None when no name contains it."""
    best = None
    for n in norms:
        if n == needle:
            return 100.0
        if n.startswith(needle):
            best = max(best or 0, 90.0 - min(len(n) - len(needle), 20) * 0.25)
        elif needle in n:
            best = max(best or 0, 80.0 - min(len(n) - len(needle), 20) * 0.25)
    return best


def search(store: GraphStore, query: str, region: str | None = None, limit: int = 12,
           directory: SearchDirectory | None = None) -> SearchResult:
    """Hits for ``query`` in ``region`` (a code; resolve names first), best first, at most ``limit``.

    Raises QueryError (Chinese message) for an empty or unusable query, like who_handles.
    """
    check_query(query)
    needle = normalize(query)
    directory = directory or SearchDirectory.build(store)
    hits: list[SearchHit] = []
    seen: set[str] = set()

    def add(hit: SearchHit) -> None:
        if hit.id not in seen:
            seen.add(hit.id)
            hits.append(hit)

    # 1. A law reference names one article exactly: it goes first.
    for hit in _article_refs(directory, query):
        add(hit)
    # 2. Departments, regions and laws whose name contains what was typed.
    named: list[SearchHit] = []
    for entry in directory.departments:
        score = _name_score(needle, entry.norms)
        if score is not None and _in_region(entry.region, region):
            named.append(SearchHit(entry.id, "Department", entry.kind or _KIND_ZH["Department"], entry.name,
                                   entry.region, directory.region_name(entry.region), why_zh="部门名称或别名包含所输入的文字",
                                   score=score))
    for entry in directory.regions:
        score = _name_score(needle, entry.norms)
        if score is not None and (not region or _in_region(entry.region, region)):
            named.append(SearchHit(entry.id, "Region", _KIND_ZH["Region"], entry.name, entry.region, entry.name,
                                   why_zh="地区名称包含所输入的文字", score=score))
    for entry in directory.laws:
        score = _name_score(needle, entry.norms)
        if score is None and len(needle) >= 2:
            # 「食品安全法有关规定」: the typed text contains the law's short title.
            short = normalize(directory.law_short.get(entry.id, ""))
            score = 70.0 if len(short) >= 3 and short in needle else None
        if score is not None and _in_region(entry.region, region):
            named.append(SearchHit(entry.id, "Law", _KIND_ZH["Law"], entry.name, entry.region,
                                   directory.region_name(entry.region), why_zh="法律法规名称与所输入的文字相符",
                                   score=score))
    named.sort(key=lambda h: (-h.score, len(h.name), h.name, h.id))
    for hit in named:
        add(hit)
    # 3. Items (and duty articles) as who-handles finds them: the same lookup, the same lexicon.
    try:
        answer = who_handles(store, query, region=region, limit=max(limit, 1) * _WHO_HANDLES_FACTOR)
    except QueryError:
        answer = None
    # Items and article text are ranked together by score, so an article that contains the typed
    # words is not cut off behind weak fuzzy item matches just because it was looked up last.
    found: list[SearchHit] = []
    for c in answer.results if answer else ():
        if c.item_id in seen:
            continue
        if c.item_kind == "Article":
            rec = store.get_node(c.item_id)
            if rec is None:
                continue
            name = directory.article_label(rec.props.get("law", ""), rec.props.get("label_zh", ""))
            found.append(SearchHit(c.item_id, "Article", _KIND_ZH["Article"], name, why_zh=f"条文规定的职责与所输入的文字相近：{c.matched_item}",
                                   context=c.department, score=c.score))
            continue
        code = c.region or ""
        holder = f"{c.department}（{c.role_zh}）" if c.role_zh else c.department
        found.append(SearchHit(c.item_id, c.item_kind, c.item_kind_zh or ITEM_KIND_ZH.get(c.item_kind, c.item_kind),
                               c.matched_item, code, directory.region_name(code), context=holder,
                               why_zh=f"事项名称与所输入的文字相近（相近度 {c.score:.0f}）", score=c.score))
    # 4. Articles whose text contains the words typed (laws have no region: they apply everywhere).
    if len(needle) >= 2:
        n = 0
        listed = {h.id for h in found}
        for art_id, law_id, label_zh, _, text in directory.articles:
            if n >= MAX_ARTICLE_TEXT_HITS:
                break
            if needle in text and art_id not in seen and art_id not in listed:
                found.append(SearchHit(art_id, "Article", _KIND_ZH["Article"], directory.article_label(law_id, label_zh),
                                       why_zh="条文内容包含所输入的文字", score=50.0))
                n += 1
    found.sort(key=lambda h: -h.score)  # stable: who-handles' own order breaks ties
    for hit in found:
        add(hit)
    return SearchResult(query, region, hits[:limit])


def _article_refs(directory: SearchDirectory, query: str) -> list[SearchHit]:
    """The articles a reference such as 「食品安全法第三十五条」 or 「《消防法》第 5 条」 names."""
    m = _ARTICLE_REF.search(query.replace(" ", ""))
    if not m:
        return []
    law_text = normalize(m.group("law"))
    if law_text.startswith(normalize(_LAW_PREFIX)):
        law_text = law_text[len(normalize(_LAW_PREFIX)):]
    num = m.group("num")
    label = f"第{num}条" + (f"之{m.group('sub')}" if m.group("sub") else "")
    number = float(num) if num.isdigit() else None
    laws = {e.id for e in directory.laws if any(law_text in n for n in e.norms) and law_text}
    out = []
    for art_id, law_id, label_zh, art_number, _ in directory.articles:
        if law_id not in laws:
            continue
        if label_zh == label or (number is not None and art_number == number and not m.group("sub")):
            out.append(SearchHit(art_id, "Article", _KIND_ZH["Article"], directory.article_label(law_id, label_zh),
                                 why_zh="按法律名称和条号找到的条文", score=100.0))
    return out
