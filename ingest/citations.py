"""实施依据/设定依据 text → Article nodes (BASED_ON), and what could not be resolved, with why.

    >>> [(c.law, c.number, c.kuan) for c in parse_citations("《中华人民共和国食品安全法》第三十五条第一款")]
    [('中华人民共和国食品安全法', 35.0, 1)]
    >>> [(c.law, c.number) for c in parse_citations("《食品安全法》第35条、第36条")]
    [('食品安全法', 35.0), ('食品安全法', 36.0)]

Handles full and short titles, abbreviations (《环保法》→ 环境保护法 when unambiguous),
Arabic or Chinese numbers, 之一 articles, 款/项, lists (、和及), ranges (第X条至第Y条) and several
laws in one cell (an article belongs to the last law named before it).

Reasons for an unresolved citation (shown to users as is):
法律法规未入图 · 法律名称有歧义 · 条号超出范围 · 条号不存在 · 未注明条号 · 无法解析
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import Rel, edge
from graph.store import GraphStore
from ingest.laws import article_id, short_title
from graph.reference.numerals import NUM, article_label, parse_number, to_chinese

LAW_NAME = re.compile(r"《([^》]{2,60})》")
# A law named without 《》, as hand-typed cells do: "依据食品安全法第35条".
BARE_LAW = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fff]{2,24}?(?:法|条例|办法|规定|细则))(?=第)")
ARTICLE = re.compile(
    rf"第\s*(?P<a>{NUM})\s*条(?:之(?P<sub>{NUM}))?"
    rf"(?:\s*(?:至|到|—|-|～|~)\s*第\s*(?P<b>{NUM})\s*条)?"
    rf"(?:第\s*(?P<kuan>{NUM})\s*款)?(?:第\s*(?P<xiang>{NUM})\s*项)?"
)
BASIS_COLUMNS = ("实施依据", "设定依据", "设定和实施依据", "法律依据", "依据", "实施和设定依据", "法定依据")
MAX_RANGE = 60  # a longer "range" is a typo, not 60 articles

REASONS = ("法律法规未入图", "法律名称有歧义", "条号超出范围", "条号不存在", "未注明条号", "无法解析")


@dataclass(frozen=True)
class CitationRef:
    """One cited article (or a whole law when ``number`` is None)."""

    law: str
    number: float | None
    kuan: int | None = None
    xiang: int | None = None
    text: str = ""

    @property
    def locator(self) -> str:
        if self.number is None:
            return ""
        out = article_label(self.number)
        if self.kuan:
            out += f"第{to_chinese(self.kuan)}款"
        if self.xiang:
            out += f"第{to_chinese(self.xiang)}项"
        return out


@dataclass(frozen=True)
class Resolution:
    ref: CitationRef
    law_id: str = ""
    article_id: str = ""
    reason: str = ""        # empty when resolved

    @property
    def resolved(self) -> bool:
        return bool(self.article_id)


@dataclass
class CitationStats:
    """Resolution rate over a set of cells. 例: stats.summary_zh()."""

    cells: int = 0
    empty_cells: int = 0
    resolutions: list[tuple[str, Resolution]] = field(default_factory=list)  # (where, resolution)

    @property
    def total(self) -> int:
        return len(self.resolutions)

    @property
    def resolved(self) -> int:
        return sum(r.resolved for _, r in self.resolutions)

    @property
    def rate(self) -> float:
        return self.resolved / self.total if self.total else 0.0

    def reasons(self) -> Counter:
        return Counter(r.reason for _, r in self.resolutions if not r.resolved)

    def summary_zh(self) -> str:
        lines = [f"依据单元格 {self.cells} 个（空 {self.empty_cells} 个），引用 {self.total} 处，"
                 f"解析到条文 {self.resolved} 处，解析率 {self.rate:.1%}"]
        for reason, n in self.reasons().most_common():
            lines.append(f"  未解析（{reason}）: {n} 处")
        for where, r in self.resolutions:
            if not r.resolved:
                cited = f"《{r.ref.law}》{r.ref.locator}" if r.ref.law else f"「{r.ref.text}」"
                lines.append(f"  - {where}: {cited} — {r.reason}")
        return "\n".join(lines)


def _law_mentions(cell: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(1)) for m in LAW_NAME.finditer(cell)]
    covered = [(a, b) for a, b, _ in found]
    for m in BARE_LAW.finditer(cell):
        if not any(a <= m.start() < b for a, b in covered):
            # "第35条和大气污染防治法": the match starts inside the previous citation.
            name = re.sub(r"^.*?[条款项](?!例)(?:和|及|与|以及|、)", "", m.group(1))
            name = re.sub(r"^(?:依据|根据|按照|依照|见|参照)", "", name)
            found.append((m.start(), m.end(), name))
    return sorted(found)


def parse_citations(cell: str) -> list[CitationRef]:
    """Every article cited in a cell; a law named with no article gives one ref with number None.

    An article with no law before it (or after 本法) cannot be tied to a law: it is returned
    with law "" so that the caller reports it as 无法解析.
    """
    cell = cell or ""
    laws = _law_mentions(cell)
    refs: list[CitationRef] = []
    used_laws: set[int] = set()
    for m in ARTICLE.finditer(cell):
        owner = [(i, l) for i, l in enumerate(laws) if l[1] <= m.start()]
        if owner:
            idx, (_, end, law) = owner[-1]
            # "本法第十条" after a named law refers to the citing law, not the named one.
            if re.search(r"本(?:法|条例|办法|规定)\s*$", cell[end:m.start()]):
                refs.append(CitationRef("", None, text=m.group()))
                continue
            used_laws.add(idx)
        else:
            law = ""
        try:
            a = parse_number(m.group("a"))
            sub = parse_number(m.group("sub")) if m.group("sub") else 0
            kuan = parse_number(m.group("kuan")) if m.group("kuan") else None
            xiang = parse_number(m.group("xiang")) if m.group("xiang") else None
        except ValueError:
            refs.append(CitationRef(law, None, text=m.group()))
            continue
        if m.group("b"):
            b = parse_number(m.group("b"))
            if a <= b <= a + MAX_RANGE:
                refs.extend(CitationRef(law, float(n), text=m.group()) for n in range(a, b + 1))
                continue
        refs.append(CitationRef(law, a + sub / 100, kuan, xiang, m.group()))
    for i, (_, _, law) in enumerate(laws):
        if i not in used_laws:
            refs.append(CitationRef(law, None, text=f"《{law}》"))
    return refs


class LawCatalog:
    """Titles of the laws in the graph, for matching a cited name (full, short or abbreviated)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.by_name: dict[str, str] = {}
        self.titles: dict[str, str] = {}  # law id → short title
        for law in store.iter_nodes("Law"):
            short = law.props.get("short_title") or short_title(law.props.get("title", ""))
            self.titles[law.id] = short
            for name in (law.props.get("title", ""), short):
                if name:
                    self.by_name[_norm(name)] = law.id
        self._max: dict[str, float] = {}

    def find(self, cited: str) -> tuple[str, str]:
        """(law id, "") or ("", reason)."""
        name = _norm(cited)
        if not name:
            return "", "无法解析"
        if name in self.by_name:
            return self.by_name[name], ""
        # An abbreviation keeps the characters of the title in order (环保法 ⊂ 环境保护法)
        # and its kind (…法 vs …条例).
        hits = [lid for lid, title in self.titles.items()
                if title[-1] == name[-1] and _subsequence(name, title) and len(name) >= 3]
        if len(hits) == 1:
            return hits[0], ""
        if len(hits) > 1:
            return "", "法律名称有歧义"
        return "", "法律法规未入图"

    def max_article(self, law_id: str) -> float:
        if law_id not in self._max:
            numbers = [self.store.get_node(e.src).props.get("number", 0)
                       for e in self.store.edges_to(law_id, Rel.PART_OF.value)]
            self._max[law_id] = max(numbers, default=0)
        return self._max[law_id]


def _norm(name: str) -> str:
    name = re.sub(r"[(（][^)）]*[)）]", "", name or "")  # "（2018年修正）"
    name = re.sub(r"[\s\u3000〈〉<>]", "", name)
    return short_title(name)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def resolve_cell(store: GraphStore, cell: str, catalog: LawCatalog | None = None) -> list[Resolution]:
    """Resolve every citation of a cell. A cell with text but no citation gives one 无法解析."""
    catalog = catalog or LawCatalog(store)
    refs = parse_citations(cell)
    if not refs:
        return [Resolution(CitationRef("", None, text=(cell or "")[:40]), reason="无法解析")] if (cell or "").strip() else []
    out = []
    for ref in refs:
        if not ref.law:
            out.append(Resolution(ref, reason="无法解析"))
            continue
        law_id, reason = catalog.find(ref.law)
        if reason:
            out.append(Resolution(ref, reason=reason))
            continue
        if ref.number is None:
            out.append(Resolution(ref, law_id=law_id, reason="未注明条号"))
            continue
        aid = article_id(catalog.titles[law_id], article_label(ref.number))
        if store.get_node(aid) is not None:
            out.append(Resolution(ref, law_id=law_id, article_id=aid))
        elif ref.number > catalog.max_article(law_id):
            out.append(Resolution(ref, law_id=law_id, reason="条号超出范围"))
        else:
            out.append(Resolution(ref, law_id=law_id, reason="条号不存在"))
    return out


def link_item_basis(store: GraphStore, labels: tuple[str, ...] | None = None,
                    datasets: list[str] | None = None) -> CitationStats:
    """BASED_ON edges from every item with a ``basis`` to the articles it cites; the stats say what failed.

    ``datasets``: only the items of these lists (by the store's index), for an import that
    brought lists but no laws: the other items' citations cannot have changed.
    Edge props: locator (第三十五条第一款), cited (the cell text of that citation).
    """
    from graph.model import ITEM_LABELS

    catalog = LawCatalog(store)
    stats = CitationStats()
    edges = []
    for label in labels or ITEM_LABELS:
        items = store.iter_nodes(label) if datasets is None else (
            item for d in datasets for item in store.find_nodes_with(label, "basis", dataset=d))
        for item in items:
            basis = item.props.get("basis") or ""
            if not basis.strip():
                continue
            stats.cells += 1
            for res in resolve_cell(store, basis, catalog):
                stats.resolutions.append((f"{item.props.get('dataset', '')} {item.props.get('name', item.id)}", res))
                if res.resolved:
                    edges.append(edge(item.id, Rel.BASED_ON, res.article_id, key=res.ref.locator,
                                      locator=res.ref.locator, cited=res.ref.text))
    store.upsert_edges(edges)
    return stats


def basis_cells(lists_dir: Path) -> list[tuple[str, int, str, str]]:
    """Every 实施依据/设定依据 cell of the CSV lists in a folder: (file, row, column, text); row 1 is the header."""
    out = []
    for path in sorted(Path(lists_dir).glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            cols = [(i, h.strip()) for i, h in enumerate(header) if h.strip() in BASIS_COLUMNS]
            for row_no, row in enumerate(reader, start=2):
                for i, name in cols:
                    out.append((path.name, row_no, name, row[i] if i < len(row) else ""))
    return out


def citation_report(store: GraphStore, lists_dir: Path) -> CitationStats:
    """Resolution rate over every 实施依据/设定依据 cell of the corpus lists (for `dutygraph citations`)."""
    catalog = LawCatalog(store)
    stats = CitationStats()
    for file, row, column, text in basis_cells(lists_dir):
        stats.cells += 1
        if not text.strip():
            stats.empty_cells += 1
            continue
        for res in resolve_cell(store, text, catalog):
            stats.resolutions.append((f"{file} 第 {row} 行「{column}」", res))
    return stats
