"""Law impact: what a law's amendment or repeal touches — items, departments and regions.

例: law_impact(store, "食品安全法", article="第三十五条")
    → 3 items in 2 regions cite 第三十五条 (BASED_ON), 1 more names the law in its basis text,
      and the article gives 食品安全监督管理部门 a 许可 duty (MANDATES).

Items are found two ways and kept apart: by BASED_ON edges to the law's articles (the citation
was resolved to an article), and by their basis text naming the law when no edge exists (the
citation could not be resolved: 《食品安全法》 without an article, or a number the law lacks).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from graph.analyses.scope import county_of, edges_into, edges_out_of, get_many, load_nodes, role_of
from graph.model import NodeRecord, Rel
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore

_ITEM_TEXT_LABELS = ("PowerItem", "TerritorialItem", "LinkageItem", "AssistanceItem", "TownshipDutyItem",
                     "Ruling", "Task")


class ImpactQueryError(ValueError):
    """A law or article that is not in the graph; the message says what is."""


@dataclass
class LawImpact:
    law: dict[str, Any]
    articles: list[dict[str, Any]]
    items: list[dict[str, Any]] = field(default_factory=list)
    mandates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def regions(self) -> dict[str, dict[str, int]]:
        """Region → department → how many items it holds that cite the law."""
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for it in self.items:
            for d in it["departments"] or [{"name": "（无责任部门）"}]:
                out[it["region"]][d["name"]] += 1
        return {r: dict(ds) for r, ds in sorted(out.items())}

    def to_dict(self) -> dict[str, Any]:
        return {"law": self.law, "articles": self.articles, "items": self.items, "mandates": self.mandates,
                "regions": self.regions,
                "summary_zh": self.summary_zh()}

    def rows(self) -> list[dict[str, str]]:
        """One CSV row per (item, department)."""
        out = []
        for it in self.items:
            for d in it["departments"] or [{"name": "", "role": ""}]:
                out.append({"法规": self.law["title"], "条": it["article"], "关联方式": it["how_zh"],
                            "地区": it["region"], "事项": it["name"], "事项类型": it["kind"],
                            "部门": d["name"], "角色": d.get("role", ""), "事项ID": it["id"]})
        return out

    def summary_zh(self) -> str:
        arts = "全部条文" if len(self.articles) != 1 else self.articles[0]["label_zh"]
        resolved = sum(1 for i in self.items if i["how"] == "based_on")
        return (f"《{self.law['title']}》{arts}: {resolved} 项事项以其为依据，另有 {len(self.items) - resolved} 项"
                f"在依据文本中提及该法；涉及 {len(self.regions)} 个地区、"
                f"{len({d['name'] for i in self.items for d in i['departments']})} 个部门；"
                f"{len(self.mandates)} 处条文为部门设定职责。")


def resolve_law(store: GraphStore, law: str) -> NodeRecord:
    """A Law by id, full or short title, or the nearest title (≥ 80)."""
    rec = store.get_node(law)
    if rec is not None and rec.label == "Law":
        return rec
    laws = list(store.iter_nodes("Law"))
    want = law.strip().strip("《》")
    for r in laws:
        if want in (r.props.get("title"), r.props.get("short_title")):
            return r
    titles = {r.props.get("title", ""): r for r in laws}
    contains = [r for t, r in titles.items() if want and want in t]
    if len(contains) == 1:
        return contains[0]
    best = process.extractOne(want, list(titles), scorer=fuzz.ratio, score_cutoff=80) if titles else None
    if best:
        return titles[best[0]]
    near = process.extract(want, list(titles), scorer=fuzz.partial_ratio, limit=5) if titles else []
    hint = "、".join(f"《{t}》" for t, *_ in near) or "（图中还没有任何法规，请先导入）"
    raise ImpactQueryError(f"图中没有法规「{law}」。相近的有: {hint}")


def _article_number(article: str | int | float) -> float:
    from graph.reference.numerals import article_number

    if isinstance(article, (int, float)):
        return float(article)
    text = str(article).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if not text.startswith("第"):
        text = f"第{text}"
    if "条" not in text:
        text += "条"
    return article_number(text)


def law_impact(store: GraphStore, law: str, article: str | int | float | None = None) -> LawImpact:
    """Items, departments and regions whose basis cites ``law`` (or one of its articles)."""
    law_rec = resolve_law(store, law)
    lp = law_rec.props
    arts = [r for r in store.get_nodes(e.src for e in store.edges_to(law_rec.id, Rel.PART_OF.value)).values()
            if r.label == "Article"]
    if article is not None:
        try:
            number = _article_number(article)
        except ValueError as exc:
            raise ImpactQueryError(f"无法理解条号「{article}」：请写成 35、第三十五条 或 第三十五条之一。") from exc
        arts = [a for a in arts if abs(float(a.props.get("number", 0)) - number) < 1e-9]
        if not arts:
            raise ImpactQueryError(f"《{lp.get('title', '')}》没有{article if str(article).startswith('第') else f'第 {article} 条'}。")
    arts.sort(key=lambda a: a.props.get("number", 0))
    art_by_id = {a.id: a for a in arts}
    impact = LawImpact(
        law={"id": law_rec.id, "title": lp.get("title", ""), "level": lp.get("level", ""),
             "status": lp.get("status", ""), "amended": lp.get("amended", [])},
        articles=[{"id": a.id, "label_zh": a.props.get("label_zh", ""), "number": a.props.get("number")} for a in arts])

    based = edges_into(store, art_by_id, Rel.BASED_ON.value, None)
    cited: dict[str, list[str]] = defaultdict(list)
    for art_id, es in based.items():
        for e in es:
            cited[e.src].append(art_id)
    nodes: dict[str, NodeRecord] = {}
    get_many(store, cited, nodes)
    rows = [(nodes[i], a, "based_on") for i, a in cited.items() if i in nodes and nodes[i].props.get("current") is not False]
    # Basis texts that name the law without a resolved article (only when the whole law is asked about).
    if article is None:
        names = {n for n in (lp.get("title"), lp.get("short_title")) if n}
        for rec in load_nodes(store, _ITEM_TEXT_LABELS, None):
            basis = rec.props.get("basis") or ""
            if rec.id not in cited and basis and any(n in basis for n in names):
                rows.append((rec, [], "mentions"))
    holders = edges_into(store, [r for r, *_ in rows], Rel.HOLDS.value, None)
    ruled = edges_out_of(store, [r for r, *_ in rows if r.label == "Ruling"], Rel.RULED.value, None)
    depts: dict[str, NodeRecord] = {}
    get_many(store, [e.src for es in holders.values() for e in es] + [e.dst for es in ruled.values() for e in es], depts)
    for rec, art_ids, how in sorted(rows, key=lambda x: (x[0].props.get("region", ""), x[0].props.get("name", ""))):
        ties = [(e.src, role_of(e)) for e in holders.get(rec.id, [])] + [(e.dst, role_of(e)) for e in ruled.get(rec.id, [])]
        impact.items.append({
            "id": rec.id, "name": rec.props.get("name", ""), "kind": rec.label,
            "power_type": rec.props.get("power_type", ""), "region": county_of(rec.props.get("region", "")),
            "article": "、".join(art_by_id[a].props.get("label_zh", "") for a in art_ids) or "（未注明条）",
            "how": how, "how_zh": "依据条文" if how == "based_on" else "依据文本提及",
            "departments": [{"id": d, "name": depts[d].props.get("name", d) if d in depts else d, "role": role}
                            for d, role in ties]
                           # a generic holder (各乡镇人民政府(街道办事处)) as the list wrote it: no node, no id
                           + [{"id": "", "name": g.name, "role": g.role} for g in generic_holders(rec.props)],
        })
    mand = edges_out_of(store, art_by_id, Rel.MANDATES.value, None)
    types = store.get_nodes({e.dst for es in mand.values() for e in es})
    for art_id, es in sorted(mand.items(), key=lambda x: art_by_id[x[0]].props.get("number", 0)):
        for e in es:
            t = types.get(e.dst)
            impact.mandates.append({"article": art_by_id[art_id].props.get("label_zh", ""),
                                    "department_type": t.props.get("name", e.dst) if t else e.dst,
                                    "current_type": t.props.get("current_name", "") if t else "",
                                    "verb": e.props.get("verb", ""), "matter": e.props.get("matter", ""),
                                    "level": e.props.get("level", ""), "sentence": e.props.get("sentence", "")})
    return impact
