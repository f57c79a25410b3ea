"""Dispute dossier (争议事项材料): everything the graph knows about a contested matter.

例: dossier(store, "预付卡式消费纠纷", region="511602").to_markdown()

For each candidate department: its evidence — list rows, 三定 duties, 职责分工 clauses,
earlier rulings (争议事项认定) and law articles whose duty sentence names the matter —
then how other regions assigned the same matter, and a suggested lead with the reasons.

The matter is looked up twice: by item name (the catalog), and as who-handles reads a question
(``who_handles``: the same question reading, lexicon and answer index, so that a topic no item
is named after — 「燃气整改」 — still finds the texts that give someone that duty).

The suggestion is a transparent sum, never a learned score: a ruling that applies to the
region naming the department lead weighs most, then a 职责分工 clause, then the law, then
the lists; a cooperating role counts little, and so does a piece whose wording only supports
the matter (巡查, 报告, 月报, 统计 … : graph/reference/duty_functions.py) — a 违法建筑情况月报
does not say who leads the 查处 — unless the topic is itself such a duty. Ties are reported as ties.

A piece of evidence must concern the matter: its name (a clause's or ruling's matter, a 三定 duty's
text) names the topic's matter (:func:`topic_matters`; ``graph.analyses.text.names_matter``). A
fuzzy name match that shares only a word every such item has — 「客运站经营许可」 for 「食品经营许可」
shares 经营许可, not 食品经营 — is no basis: a department whose only pieces are such is shown apart,
as 弱关联 with what it shares, never as a candidate.
"""
from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.analyses.compare_regions import RegionComparison, compare_regions, department_kind
from graph.analyses.gaps_mandate import DepartmentResolver
from graph.analyses.scope import county_of, in_scope, load_nodes, region_code
from graph.analyses.text import name_core, names_matter, norm
from graph.lookup.catalog import ItemCatalog
from graph.lookup.index_cache import item_catalog
from graph.lookup.lexicon import expand, lexicon
from graph.lookup.ngram_index import NAME_MATCH_SCORE
from graph.lookup.ngram_index import score as text_score
from graph.lookup.who_handles import HIGH_SCORE, check_query, item_evidence, item_holders, read_items, who_handles
from graph.model import ITEM_KIND_ZH, ROLE_LABELS_ZH, NodeRecord, Rel, Role
from graph.reference.duty_functions import SUPPORT, duty_function, strip_duty_words
from graph.reference.generic_holders import GenericHolder, generic_holders, is_generic_id
from graph.store import GraphStore, Prefetched

# Weight of one piece of evidence for the lead, by kind; a cooperating role counts COOPERATE_SHARE of it.
WEIGHTS = {"Ruling": 100.0, "DivisionClause": 60.0, "Article": 40.0, "DutyClause": 40.0, "Duty": 25.0, "item": 20.0}
# A law's duty sentence is read twice — as a MANDATES edge (step 2) and as issue 13's DutyClause —
# so both count as one kind of evidence, the law: the same sentence must not weigh twice.
WEIGHT_KIND = {"DutyClause": "Article"}
COOPERATE_SHARE = 0.1
# Where each lookup's scores start to mean a match: a strength of 0 there, 1 at 100.
# who-handles' answers are taken from HIGH_SCORE on (its confident ones): that is their floor.
FLOOR = {"name": 50.0, "mandate": 50.0, "who_handles": HIGH_SCORE}
# How many department × text answers to ask who-handles for (it keeps one text per department and role).
ASK_LIMIT = 40
# Other regions are also compared on the names of this many of the region's best-matching items.
COMPARE_ITEMS = 3
TIE_MARGIN = 2.0
MANDATE_MIN = 60.0
HITS = 80
CLAUSE_LABELS = ("DutyClause",)

_KIND_ZH = {"Ruling": "争议事项认定", "DivisionClause": "职责分工条款", "Article": "法律条文", "Duty": "三定职责",
            "DutyClause": "法规职责条款",
            "item": "清单事项"}


@dataclass
class DossierEvidence:
    kind: str
    kind_zh: str
    role: str
    title: str
    text: str
    score: float
    node_id: str
    region: str = ""
    sources: list[dict[str, str]] = field(default_factory=list)
    applies: bool = True      # False: a ruling or clause of another region, cited for reference
    function: str = ""        # 处置 / 辅助 / "" (graph/reference/duty_functions.py), from the title
    lookup: str = "name"      # which lookup found it: name, mandate or who_handles (see FLOOR)
    coverage: float = 1.0     # the share of the topic it is about: 1, or a part's (预付卡 of 预付卡式消费纠纷)
    part: str = ""            # the part of the topic it was found for, "" for the whole topic
    concerns: bool = True     # False: it names none of the topic's matters (a shared generic word only)
    shared: str = ""          # for such a piece, what it shares with the topic: 「经营许可」


@dataclass
class DossierCandidate:
    department: str
    department_id: str
    kind: str
    weight: float = 0.0
    evidence: list[DossierEvidence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    vague: bool = False       # a generic placeholder such as 有关部门: listed, never suggested
    # A generic placeholder has no node: its department_id is 「generic:」 + the text (not linkable).
    elsewhere: list[str] = field(default_factory=list)   # other regions that give the matter to this kind of body


@dataclass
class WeakCandidate:
    """A department whose only pieces share a generic word with the topic (弱关联): shown, never weighed."""

    department: str
    department_id: str
    kind: str
    reason: str                                               # 「只共有「经营许可」…，未写明「食品经营」」
    evidence: list[DossierEvidence] = field(default_factory=list)   # its closest few pieces
    count: int = 0                                            # how many such pieces it has


@dataclass
class Dossier:
    topic: str
    region: str | None
    region_name: str
    candidates: list[DossierCandidate]
    elsewhere: list[DossierEvidence]
    other_regions: RegionComparison
    suggestion: dict[str, Any]
    weak: list[WeakCandidate] = field(default_factory=list)

    def basis_table(self) -> dict[str, Any]:
        """Candidate × basis: each piece of evidence once (a ruling naming two bodies is one row
        with two cells), the candidates side by side as columns, each cell the role it gives."""
        rows: dict[str, dict[str, Any]] = {}
        for c in self.candidates:
            for ev in c.evidence:
                row = rows.get(ev.node_id)
                if row is None:
                    src = ev.sources[0] if ev.sources else {}
                    row = rows[ev.node_id] = {
                        "node_id": ev.node_id, "kind": ev.kind, "kind_zh": ev.kind_zh, "title": ev.title,
                        "text": ev.text, "source": " ".join(x for x in (src.get("source", ""), src.get("locator", "")) if x),
                        "score": ev.score, "function": ev.function, "coverage": ev.coverage, "part": ev.part, "cells": {}}
                role = row["cells"].get(c.department_id)
                # Lead beats cooperate when one piece names a body in both roles.
                if role != Role.LEAD.value:
                    row["cells"][c.department_id] = ev.role or Role.LEAD.value
        order = {k: i for i, k in enumerate(WEIGHTS)}
        ranked = sorted(rows.values(), key=lambda r: (order.get(r["kind"], 9), -r["score"], r["title"], r["node_id"]))
        return {"candidates": [{"department_id": c.department_id, "department": c.department, "kind": c.kind,
                                "weight": c.weight, "elsewhere": c.elsewhere} for c in self.candidates],
                "rows": ranked}

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "region": self.region, "region_name": self.region_name,
                "candidates": [asdict(c) for c in self.candidates],
                "elsewhere": [asdict(e) for e in self.elsewhere],
                "other_regions": self.other_regions.to_dict(), "suggestion": self.suggestion,
                "basis_table": self.basis_table(), "weak": [asdict(w) for w in self.weak]}

    def to_markdown(self) -> str:
        where = self.region_name or self.region or "全部地区"
        lines = [f"# 争议事项材料：{self.topic}", "", f"- 地区：{where}",
                 f"- 建议主体部门：{self.suggestion.get('department') or '无法建议'}",
                 f"- 理由：{self.suggestion.get('reason_zh', '')}", "", "## 候选部门及依据", ""]
        if not self.candidates:
            lines.append("图中没有找到与该事项相关的部门。")
        for i, c in enumerate(self.candidates, 1):
            lines += [f"### {i}. {c.department}（{c.kind}，权重 {c.weight:.0f}）", ""]
            if c.elsewhere:
                lines += [f"其他地区由同类部门（{c.kind}）承担：{'、'.join(c.elsewhere)}", ""]
            for ev in c.evidence:
                role = ROLE_LABELS_ZH.get(Role(ev.role), ev.role) if ev.role in {r.value for r in Role} else ev.role
                role += "，辅助职责" if ev.function == SUPPORT else ""
                role += f"，只涉及「{ev.part}」" if ev.part else ""
                lines.append(f"- **{ev.kind_zh}**（{role}，相近度 {ev.score:.0f}）{ev.title}")
                if ev.text:
                    lines.append(f"  > {_one_line(ev.text)}")
                for s in ev.sources[:3]:
                    lines.append(f"  - 出处：{s.get('source', '')} {s.get('locator', '')}".rstrip())
            lines.append("")
        if self.elsewhere:
            lines += ["## 其他地区的认定和分工（仅供参考）", ""]
            for ev in self.elsewhere:
                lines.append(f"- {ev.kind_zh}：{ev.title}（{ev.region or '地区未注明'}）")
                if ev.text:
                    lines.append(f"  > {_one_line(ev.text)}")
            lines.append("")
        table = self.basis_table()
        if table["rows"]:
            heads = [c["department"] for c in table["candidates"]]
            lines += ["## 候选部门 × 依据", "", "| 依据 | " + " | ".join(heads) + " |",
                      "|" + " --- |" * (len(heads) + 1)]
            for row in table["rows"]:
                cells = [ROLE_LABELS_ZH.get(Role(r), r) if (r := row["cells"].get(c["department_id"])) in
                         {x.value for x in Role} else (r or "") for c in table["candidates"]]
                label = f"{row['kind_zh']}：{row['title']}".replace("|", "｜")
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
            lines.append("")
        if self.weak:
            lines += ["## 弱关联（依据与事项只共有一般用语，不作候选）", ""]
            lines += [f"- {w.department}：{w.reason}" for w in self.weak]
            lines.append("")
        lines += ["## 其他地区如何分配该事项", "", self.other_regions.summary_zh(), ""]
        for r in self.other_regions.regions:
            depts = "、".join(f"{d['name']}（{d['kind']}）" for d in r.departments) or "无责任部门"
            lines.append(f"- {r.region_name or r.region}：{depts}")
        return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _region_name(store: GraphStore, region: str | None) -> str:
    if not region:
        return ""
    rec = store.get_node(f"region:{region_code(region)}")
    return rec.props.get("name", "") if rec else ""


def _applies(rec: NodeRecord, region: str | None) -> bool:
    """A ruling or clause decides for the region only if it was issued there or above it."""
    where = region_code(rec.props.get("region", ""))
    return bool(region) and bool(where) and in_scope(region, where)


def dossier(store: GraphStore, topic: str, region: str | None = None,
            catalog: ItemCatalog | None = None, min_score: float = NAME_MATCH_SCORE) -> Dossier:
    """Everything about one contested matter. ``region`` is a code (resolve names first)."""
    check_query(topic)
    catalog = catalog or item_catalog(store)
    depts: dict[str, NodeRecord] = {}
    cands: dict[str, DossierCandidate] = {}
    elsewhere: list[DossierEvidence] = []
    resolver = DepartmentResolver(load_nodes(store, ("Department",), region, current_only=False)) if region else None

    def candidate(dept_id: str) -> DossierCandidate | None:
        if dept_id not in depts:
            rec = store.get_node(dept_id)
            if rec is None:
                return None
            depts[dept_id] = rec
        rec = depts[dept_id]
        if rec.label == "DepartmentType":
            # A ruling or law names a kind of department; in a region that is one body.
            target = resolver.resolve(rec.props.get("current_name") or rec.props.get("name", ""), county_of(region or "")) if resolver else None
            if target is None:
                return None
            depts[target.id] = target
            rec = target
        if region and not in_scope(rec.props.get("region", ""), region):
            return None
        if rec.id not in cands:
            name = rec.props.get("name", rec.id)
            cands[rec.id] = DossierCandidate(name, rec.id, department_kind(name))
        return cands[rec.id]

    def generic_candidate(g: GenericHolder) -> DossierCandidate:
        """A list's 「有关部门」: listed with its evidence, never suggested; 各乡镇（街道） can be."""
        if g.display_id not in cands:
            cands[g.display_id] = DossierCandidate(g.name, g.display_id, department_kind(g.name),
                                                   vague=not g.townships)
        return cands[g.display_id]

    # 1. Items of every kind whose name is close to the topic: list rows, duties, clauses, rulings.
    # Then each part of the matter it names (「预付卡式消费纠纷」 → 预付卡, 消费纠纷; 「燃气整改」 →
    # 燃气): a piece found for a part counts for the share of the topic that part is.
    seen_elsewhere: set[str] = set()

    # The law clauses (issue 13's DutyClause) have a catalog of their own: ``catalog`` is the lists'
    # (the API passes the one it serves), which the region comparison reads as well.
    clauses = item_catalog(store, kinds=CLAUSE_LABELS)

    def by_name(text: str, lookup: str, coverage: float, part: str = "") -> None:
        hits = [(cat.ids[pos], score) for cat in (catalog, clauses) if len(cat)
                for pos, score in cat.index.search(text, limit=HITS) if score >= min_score]
        reads = read_items(store, [item_id for item_id, _ in hits])
        for item_id, score in hits:
            item = reads.get_node(item_id)
            if item is None:
                continue
            kind = item.label if item.label in ("Ruling", "DivisionClause", "Duty", "DutyClause") else "item"
            if kind == "DutyClause" and not _clause_about(item, text):
                continue
            item_region = item.props.get("region", "")
            if region and ((kind == "DutyClause" and item_region and not in_scope(region, region_code(item_region)))
                           or (kind in ("Ruling", "DivisionClause") and not _applies(item, region))):
                # Another place's ruling, clause or regulation (issue 13's scope), or a national or
                # unplaced one: how others assign it, cited for reference, not binding here.
                if item.id not in seen_elsewhere:
                    seen_elsewhere.add(item.id)
                    elsewhere.append(_evidence(reads, item, kind, "", score, applies=False))
                continue
            if kind == "item" and region and (not item_region or not in_scope(item_region, region)):
                continue  # other regions' lists appear in the comparison below
            about = _concerns(item, kind, matters, asked)
            holders = [(candidate(dept_id), role, duty, edge_source)
                       for dept_id, role, duty, edge_source in item_holders(reads, item.id)]
            holders += [(generic_candidate(g), g.role, g.duty, None) for g in generic_holders(item.props)]
            for c, role, duty, edge_source in holders:
                if c is None or any(ev.node_id == item.id and ev.role == role for ev in c.evidence):
                    continue
                ev = _evidence(reads, item, kind, role, score, edge_source=edge_source)
                ev.lookup, ev.coverage, ev.part = lookup, coverage, part
                _mark(ev, about, topic, item.props.get("name", ""))
                if duty:
                    ev.title = f"{ev.title}（{duty}）"
                c.evidence.append(ev)

    matters, asked = topic_matters(topic), expand(norm(topic))
    by_name(topic, "name", 1.0)
    whole = norm(topic)
    for part in matter_parts(topic):
        by_name(part, "name", round(len(part) / max(len(whole), 1), 2), part)

    # 2. Law articles whose duty sentence is about the topic (or a part of it), resolved to the region's body.
    texts = [(whole, 1.0, "")] + [(p, round(len(p) / max(len(whole), 1), 2), p) for p in matter_parts(topic)]
    for e in store.iter_edges(Rel.MANDATES.value):
        matter = e.props.get("matter", "")
        text = norm(f"{matter}{e.props.get('sentence', '')}")
        found = next(((sc, cov, part) for t, cov, part in texts if text and (sc := text_score(t, text)) >= MANDATE_MIN),
                     None)
        if found is None:
            continue
        art = store.get_node(e.src)
        c = candidate(e.dst) if region else None
        if art is None or c is None:
            continue
        ev = _article_evidence(store, art, e.props.get("role") or Role.LEAD.value, e.props.get("sentence", ""),
                               found[0], "mandate")
        ev.coverage, ev.part, ev.function = found[1], found[2], duty_function(matter)
        sentence = e.props.get("sentence", "")
        _mark(ev, any(names_matter(m, norm(t)) for m in matters for t in (matter, sentence)), topic,
              f"{matter}{sentence}")
        c.evidence.append(ev)

    # 3. The topic as who-handles reads a question (its question reading, lexicon and answer
    # index): list items that give a department this duty in another column or in wording the
    # names do not share. Only its confident answers; articles were read in step 2.
    for r in who_handles(store, topic, region=region, limit=ASK_LIMIT).results:
        if r.confidence != "high" or r.item_kind == "Article":
            continue
        kind = r.item_kind if r.item_kind in _KIND_ZH else "item"
        item = store.get_node(r.item_id)
        if item is None or (kind in ("Ruling", "DivisionClause") and not _applies(item, region)):
            continue  # another region's ruling: the name lookup cites it apart, for reference
        if kind == "DutyClause" and not _clause_about(item, topic):
            continue
        if is_generic_id(r.department_id):   # the row's 各乡镇人民政府(街道办事处): no node, its own candidate
            g = next((g for g in generic_holders(item.props) if g.display_id == r.department_id), None)
            c = generic_candidate(g) if g is not None else None
        else:
            c = candidate(r.department_id)
        if c is None or any(ev.node_id == r.item_id and ev.role == r.role for ev in c.evidence):
            continue
        ev = _evidence(store, item, kind, r.role, r.score)
        ev.lookup = "who_handles"
        _mark(ev, _concerns(item, kind, matters, asked), topic, item.props.get("name", ""))
        if r.duty:
            ev.title = f"{ev.title}（{r.duty}）"
        c.evidence.append(ev)

    weak = _set_apart_weak(cands, matters)
    asks_support = duty_function(topic) == SUPPORT
    for c in cands.values():
        _weigh(c, asks_support)
    ranked = sorted(cands.values(), key=lambda c: (-c.weight, c.department))
    elsewhere.sort(key=lambda e: (-e.score, e.title, e.node_id))
    others = _other_regions(store, topic, ranked, catalog)
    if region:
        others.regions = [r for r in others.regions if county_of(r.region) != county_of(region)]
    for c in ranked:
        c.elsewhere = [r.region_name or r.region for r in others.regions if c.kind in r.kinds]
    return Dossier(topic, region, _region_name(store, region), ranked, elsewhere, others, _suggest(ranked, others),
                   weak)


def topic_matters(topic: str) -> list[str]:
    """What a topic is about, each normalised: the matters it names without the duty asked
    (违法建筑的制止和查处 → 违法建筑; 预付卡式消费纠纷 → 预付卡, 消费纠纷), else its core (犬类准养证核发
    → 犬类准养), and the same of its lexicon variants with their formal terms (饭店 → 餐饮, 食品经营).
    """
    out: list[str] = []
    for variant in expand(norm(topic)):
        found = matter_parts(variant) or [name_core(variant) or strip_duty_words(variant) or variant]
        found += [norm(f) for key, formal in lexicon().items() if key in variant for f in formal]
        out += [m for m in found if m and m not in out]
    return out


_BRACKETED = re.compile(r"[（(]([^（）()]+)[）)]")


def _concerns(item: NodeRecord, kind: str, matters: list[str], asked: list[str]) -> bool:
    """Whether a piece is about the topic's matter: its name names one of the topic's matters (a
    clause, ruling or 三定 duty: its matter or text too; an item's basis is the law it cites, which
    names other matters as well), or the topic names the piece's own matter — its name's core, or a
    name it gives in brackets: 「无证无照经营」 is wider than 「未取得许可从事经营活动（无证经营）的查处」."""
    p = item.props
    fields = (p.get("name", ""),) if kind == "item" else (p.get("name", ""), p.get("matter", ""), p.get("text", ""))
    texts = [norm(t) for t in fields if t]
    if any(names_matter(m, t) for m in matters for t in texts):
        return True
    name = p.get("name", "")
    own = [name_core(name), *(norm(b) for b in _BRACKETED.findall(name))]
    return any(names_matter(o, t) for o in own if len(o) >= 2 for t in asked)


def _shared(topic: str, text: str) -> str:
    """The longest run of the topic that ``text`` has too: what a weak piece shares (「经营许可」)."""
    a, b = norm(topic), norm(text)
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a: m.a + m.size]


def _mark(ev: DossierEvidence, about: bool, topic: str, text: str) -> None:
    """Record whether a piece concerns the matter, and if not what its ``text`` shares with the topic."""
    ev.concerns = about
    if not about:
        ev.shared = _shared(topic, text)


def _set_apart_weak(cands: dict[str, DossierCandidate], matters: list[str]) -> list[WeakCandidate]:
    """Keep in each candidate the pieces that concern the matter; a candidate with none becomes 弱关联."""
    weak = []
    for key, c in list(cands.items()):
        strong = [ev for ev in c.evidence if ev.concerns]
        if strong:
            c.evidence = strong
            continue
        del cands[key]
        pieces = sorted(c.evidence, key=lambda ev: (-ev.score, ev.title, ev.node_id))
        words = "、".join(f"「{w}」" for w in dict.fromkeys(ev.shared for ev in pieces if ev.shared)) or "个别字"
        said = pieces[0].title + (f" 等 {len(pieces)} 项" if len(pieces) > 1 else "")
        reason = f"依据（{said}）与事项只共有{words}，未写明「{'」或「'.join(matters[:3])}」"
        weak.append(WeakCandidate(c.department, c.department_id, c.kind, reason, pieces[:3], len(pieces)))
    weak.sort(key=lambda w: (-w.evidence[0].score if w.evidence else 0.0, w.department))
    return weak


def _clause_about(clause: NodeRecord, text: str) -> bool:
    """A law clause is evidence on the bar of the law's duty sentences in step 2 (matter and sentence
    together ≥ MANDATE_MIN): a clause matter one character from the topic (实施药品经营许可 for
    食品经营许可) is not about it."""
    p = clause.props
    return text_score(norm(text), norm(f"{p.get('matter', '')}{p.get('text', '')}")) >= MANDATE_MIN


# Where a topic joins the matters it names: 预付卡「式」消费纠纷, 违法建筑「的」制止「和」查处.
_JOINS = re.compile(r"[式的和与及、，,；;\s]+")


def matter_parts(topic: str) -> list[str]:
    """The matters a topic names, each of two characters or more, without the duty asked of them.

    例: matter_parts("预付卡式消费纠纷") → ["预付卡", "消费纠纷"];  matter_parts("燃气整改") → ["燃气"]
    The duty words (查处, 整改, 报告 …) are those of graph/reference/duty_functions.py. The whole
    topic is not a part of itself: matter_parts("犬类准养证核发") → [].
    """
    whole = norm(topic)
    out: list[str] = []
    for piece in _JOINS.split(whole):
        bare = strip_duty_words(piece)
        if len(bare) >= 2 and bare != whole and bare not in out:
            out.append(bare)
    return out


def _article_evidence(store: GraphStore, art: NodeRecord, role: str, sentence: str, score: float,
                      lookup: str) -> DossierEvidence:
    law = store.get_node(art.props.get("law", ""))
    title = law.props.get("title", "") if law else ""
    return DossierEvidence("Article", _KIND_ZH["Article"], role or Role.LEAD.value,
                           f"《{title}》{art.props.get('label_zh', '')}", sentence or art.props.get("text", ""),
                           round(float(score), 1), art.id, sources=[{"source": title, "locator": art.props.get("label_zh", "")}],
                           lookup=lookup)


def _other_regions(store: GraphStore, topic: str, ranked: list[DossierCandidate],
                   catalog: ItemCatalog) -> RegionComparison:
    """How other regions assign the matter: counties whose items match the topic, or match the
    names of the region's own best-matching items (the same matter, however the topic was worded)."""
    others = compare_regions(store, topic, catalog=catalog)
    best = sorted((ev for c in ranked for ev in c.evidence if ev.kind == "item" and ev.applies),
                  key=lambda ev: (-ev.score, ev.title, ev.node_id))
    names = list(dict.fromkeys(n for ev in best if (n := _item_name(store, ev.node_id))))[:COMPARE_ITEMS]
    by_region = {r.region: r for r in others.regions}
    for name in names:
        for r in compare_regions(store, name, catalog=catalog).regions:
            mine = by_region.get(r.region)
            if mine is None:
                by_region[r.region] = r
                continue
            known = {d["id"] for d in mine.departments}
            mine.departments += [d for d in r.departments if d["id"] not in known]
            seen = {i["id"] for i in mine.items}
            mine.items += [i for i in r.items if i["id"] not in seen]
    others.regions = [by_region[k] for k in sorted(by_region)]
    return others


def _item_name(store: GraphStore, node_id: str) -> str:
    rec = store.get_node(node_id)
    return rec.props.get("name", "") if rec else ""


def _evidence(store: GraphStore | Prefetched, item: NodeRecord, kind: str, role: str, score: float,
              edge_source: str | None = None, applies: bool = True) -> DossierEvidence:
    p = item.props
    text = p.get("text") or p.get("basis") or ""
    if kind in ("Ruling", "DutyClause"):
        text = "；".join(x for x in (f"主体: {p.get('lead_text')}" + ("（按照各自职责共同负责）" if p.get("joint") else "")
                                    if p.get("lead_text") else "",
                                    f"配合: {p.get('cooperate_text')}" if p.get("cooperate_text") else "",
                                    f"条件: {p.get('condition')}" if p.get("condition") else "",
                                    p.get("basis", "") or p.get("text", "")) if x)
    # The basis is the evidence's own text already: listing it again as a source printed it
    # three times (text, 实施依据 source, and that source's text).
    sources = sorted(({"source": ev.source, "locator": ev.locator, "text": ev.text}
                      for ev in item_evidence(store, item.id, p, edge_source) if not (text and ev.text == text)),
                     key=lambda x: (x["locator"] == "实施依据", x["source"], x["locator"], x["text"]))
    title = p.get("name", "")
    if kind == "item":
        title = f"{ITEM_KIND_ZH.get(item.label, item.label)}「{title}」" + (
            f"（{p['power_type']}）" if p.get("power_type") else "")
    return DossierEvidence(kind, _KIND_ZH[kind], role, title, text, round(float(score), 1), item.id,
                           region=region_code(p.get("region", "")), sources=sources, applies=applies,
                           function=duty_function(p.get("name", "")))


def _weigh(c: DossierCandidate, asks_support: bool = False) -> None:
    """The candidate's weight: per evidence kind, its strongest piece (so forty list rows do not outvote a ruling).

    A piece counts in full only when it makes the body lead in the matter itself: a cooperating
    role, or a duty whose wording only supports the matter (巡查, 报告, 月报 …), counts
    COOPERATE_SHARE of it — unless the topic asked about is itself such a supporting duty.
    """
    best: dict[str, float] = defaultdict(float)
    why: dict[str, str] = {}
    for ev in c.evidence:
        supporting = ev.function == SUPPORT and not asks_support
        share = 1.0 if ev.role == Role.LEAD.value and not supporting else COOPERATE_SHARE
        # Each lookup's floor is the score of a match at all; 100 is the matter itself.
        floor = FLOOR.get(ev.lookup, FLOOR["name"])
        w = WEIGHTS[ev.kind] * share * ev.coverage * max(0.0, min(ev.score, 100.0) - floor) / (100.0 - floor)
        key = WEIGHT_KIND.get(ev.kind, ev.kind)
        if w > best[key]:
            best[key] = w
            note = "（配合）" if ev.role != Role.LEAD.value else "（辅助职责，按配合计）" if supporting else ""
            why[key] = f"{ev.kind_zh}{note}: {ev.title}"
    c.weight = round(sum(best.values()), 1)
    c.reasons = [why[k] for k in sorted(best, key=lambda k: -best[k])]
    # Full keys: the same answer whatever order the store returned things in (parity suite).
    c.evidence.sort(key=lambda ev: (-WEIGHTS[ev.kind], ev.role != Role.LEAD.value, ev.function == SUPPORT,
                                    -ev.score, ev.title, ev.node_id))


def _suggest(ranked: list[DossierCandidate], others: RegionComparison) -> dict[str, Any]:
    # "有关部门" is no one in particular and cannot be suggested; 各乡镇（街道） can.
    ranked = [c for c in ranked if not c.vague]
    if not ranked or ranked[0].weight <= 0:
        return {"department": "", "reason_zh": "图中没有足以建议主体部门的依据。"}
    top = ranked[0]
    tied = [c for c in ranked[1:] if top.weight - c.weight < TIE_MARGIN]
    groups = others.groups
    same_kind = len(groups.get(top.kind, []))
    reason = "；".join(top.reasons[:3])
    if same_kind:
        reason += f"；另有 {same_kind} 个地区由同类部门（{top.kind}）承担"
    if tied:
        return {"department": "", "tied": [top.department] + [c.department for c in tied],
                "reason_zh": f"{top.department}与{'、'.join(c.department for c in tied)}的依据相当，需进一步认定。{reason}"}
    return {"department": top.department, "department_id": top.department_id, "weight": top.weight,
            "reason_zh": reason}
