"""Department scorecards (机关职能运行监管): each department of a region judged against its duties.

例: card = scorecard(store, "511602")                       # every department of 广安区
    card = scorecard(store, "511602", department="区市监局")  # one, by name, alias or id
    card.to_markdown(); card.rows(); card.to_dict()

For every department: the items it holds by type and list; the duties laws and its 三定 give it
and which of them no item carries (coverage); the gaps, overlaps (settled or not) and broken
审管联动 chains it is part of; the rulings naming it and the open disputes in the ledger; the
township calls dispatched to it (answered, in time, overdue, satisfaction); the assistance
duties it carries (行政协助 / 部门间办事); the ledger entries open and overdue; and the list
changes between versions in a period. Every measure keeps the rows behind it (list row, article,
finding, call, ledger entry) so that each score explains itself.

The indicators and weights come from a CSV the 编办 edits (graph.analyses.scorecard_indicators);
this module only measures and applies them.

One region is read once: the analyses (find_gaps, find_overlaps, build_chains, judge_mandates)
run for the whole region and their results are handed to each department.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from graph.analyses.findings import Finding, attach_sources, sort_findings
from graph.analyses.gaps import find_gaps
from graph.analyses.gaps_mandate import judge_duties, judge_mandates, mandate_findings
from graph.analyses.linkage import build_chains, chain_findings
from graph.analyses.overlaps import find_overlaps
from graph.analyses.scope import departments, edges_into, edges_out_of, load_nodes, region_code
from graph.analyses.scorecard_indicators import METRICS, Indicator, load_indicators
from graph.call_dispatch import STATUS_RESPONDED
from graph.ledger import CLOSED, list_entries
from graph.model import ASSISTANCE, ITEM_KIND_ZH, ITEM_LABELS, ROLE_LABELS_ZH, NodeRecord, Rel, Role, stable_id
from graph.store import GraphStore
from graph.time_limits import is_late, parse_time

_HELD_LABELS = tuple(lab for lab in ITEM_LABELS if lab not in ("Duty", "DivisionClause"))
_BOUNDARY_KINDS = ("territorial_no_lead", "territorial_lead_outside", "stale_department", "stale_name")
_GAP_KINDS = ("duty", "territorial", "stale")   # and mandate gaps, from the duties judged here once
_GOOD_RATINGS = ("满意", "基本满意")
PROBLEM_CATEGORY = {"gap": "职责空白", "overlap": "职责交叉", "linkage": "审管联动", "call": "呼叫响应"}


class ScorecardError(ValueError):
    """Unknown or ambiguous department; the message lists what exists."""


@dataclass
class Measure:
    metric: str
    name_zh: str
    value: float
    numerator: int = 0
    denominator: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return METRICS[self.metric][1] != "ratio" or self.denominator > 0


@dataclass
class IndicatorScore:
    indicator: Indicator
    value: float
    applicable: bool
    score: float
    max_score: float
    explanation_zh: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DepartmentCard:
    department_id: str
    department: str
    kind: str
    region: str
    items_by_type: dict[str, int]
    items_by_role: dict[str, int]
    items_by_dataset: dict[str, int]
    measures: dict[str, Measure]
    indicators: list[IndicatorScore]
    score: float
    max_score: float
    percent: float | None
    problems: list[dict[str, Any]]
    rank: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["measures"] = {k: {**asdict(m), "applicable": m.applicable} for k, m in self.measures.items()}
        return d


@dataclass
class Scorecard:
    region: str
    as_of: str
    period: dict[str, str]
    indicators_file: str
    indicators: list[dict[str, Any]]
    departments: list[DepartmentCard]

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "as_of": self.as_of, "period": self.period,
                "indicators_file": self.indicators_file, "indicators": self.indicators,
                "departments": [d.to_dict() for d in self.departments]}

    def rows(self) -> list[dict[str, Any]]:
        """One CSV row per department and indicator: value, score, and the explanation."""
        out = []
        for d in self.departments:
            for s in d.indicators:
                out.append({"排名": d.rank, "部门": d.department, "部门ID": d.department_id, "总得分": d.score,
                            "满分": d.max_score, "得分率": "" if d.percent is None else d.percent,
                            "一级指标": s.indicator.level1, "二级指标": s.indicator.level2,
                            "三级指标": s.indicator.level3, "指标代码": s.indicator.metric,
                            "计分方式": s.indicator.method, "分值": s.indicator.weight, "指标值": s.value,
                            "适用": "是" if s.applicable else "否", "得分": s.score, "说明": s.explanation_zh,
                            "依据行数": len(s.rows)})
        return out

    def to_markdown(self) -> str:
        lines = [f"# 部门履职评价（{self.region}）", "",
                 f"评价时点 {self.as_of}；指标文件 {self.indicators_file}" +
                 (f"；清单调整期间 {self.period.get('since') or '不限'} 至 {self.period.get('until') or '不限'}"
                  if self.period else ""), "",
                 "| 排名 | 部门 | 得分 | 满分 | 得分率 | 事项 | 职责覆盖 | 空白 | 交叉(未定) | 断链 | 呼叫(超时) | 台账(逾期) |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for d in self.departments:
            m = d.measures
            cov = m["duty_coverage"]
            lines.append(
                f"| {d.rank} | {d.department} | {d.score:g} | {d.max_score:g} | "
                f"{'—' if d.percent is None else f'{d.percent:g}%'} | {m['items_held'].value:g} | "
                f"{f'{cov.numerator}/{cov.denominator}' if cov.denominator else '—'} | {m['gaps'].value:g} | "
                f"{m['settled_overlaps'].value + m['unsettled_overlaps'].value:g}({m['unsettled_overlaps'].value:g}) | "
                f"{m['broken_chains'].value:g} | {m['call_response_rate'].denominator}({m['overdue_calls'].value:g}) | "
                f"{m['open_ledger'].value:g}({m['overdue_ledger'].value:g}) |")
        for d in self.departments:
            lines += ["", f"## {d.rank}. {d.department}", "",
                      "持有事项: " + ("、".join(f"{k} {v}" for k, v in d.items_by_type.items()) or "无"), ""]
            for s in d.indicators:
                mark = "" if s.applicable else "（不适用）"
                i = s.indicator
                lines.append(f"- [{i.level1}/{i.level2}/{i.level3}]{mark} {s.explanation_zh}")
                for r in s.rows[:5]:
                    lines.append(f"  - {_row_text(r)}")
                if len(s.rows) > 5:
                    lines.append(f"  - …另 {len(s.rows) - 5} 行（见 JSON/CSV）")
        return "\n".join(lines) + "\n"


def _row_text(r: dict[str, Any]) -> str:
    src = "；".join(r.get("sources", [])[:2])
    status = f"[{r['status']}] " if r.get("status") else ""
    return f"{status}{r.get('name', '')}" + (f"（{r['detail']}）" if r.get("detail") else "") + (f" — {src}" if src else "")


# ---- reading the region once -------------------------------------------------------------------
class _Region:
    def __init__(self, store: GraphStore, region: str, as_of: datetime, since: str | None, until: str | None):
        self.store, self.region, self.as_of = store, region, as_of
        self.depts = departments(store, region)
        self.items = {r.id: r for r in load_nodes(store, _HELD_LABELS, region)}
        self.holds = edges_into(store, list(self.items), Rel.HOLDS.value, region)
        self.based = edges_out_of(store, list(self.items), Rel.BASED_ON.value, region)
        self.sources = store.get_nodes({e.props.get("source", "") for es in self.holds.values() for e in es} - {""})
        dept_list = list(self.depts.values())
        self.mandates = judge_mandates(store, region, list(self.items.values()), dept_list)
        self.duties = judge_duties(store, region, dept_list)
        mandate_gaps = mandate_findings(store, self.mandates)
        attach_sources(store, mandate_gaps)
        self.gaps = sort_findings(find_gaps(store, region, kinds=list(_GAP_KINDS)) + mandate_gaps)
        self.overlaps = find_overlaps(store, region)
        chains = build_chains(store, region)
        self.broken = [(c, f) for c in chains if c.broken for f in chain_findings([c])]
        attach_sources(store, [f for _, f in self.broken])
        ids = list(self.depts)
        self.ruled = edges_into(store, ids, Rel.RULED.value, region, current_only=False) if ids else {}
        self.rulings = store.get_nodes({e.src for es in self.ruled.values() for e in es})
        self.dispatched = edges_into(store, ids, Rel.DISPATCHED_TO.value, region, current_only=False) if ids else {}
        self.calls = store.get_nodes({e.src for es in self.dispatched.values() for e in es})
        self.ledger = defaultdict(list)
        for entry in list_entries(store, region=region, as_of=as_of):
            self.ledger[entry["department"]].append(entry)
        self.changes = self._changes(since, until) if (since or until) else {}
        # Everything above, keyed by department once: a county has ~40 departments and ~2,000 items.
        self.held_by: dict[str, list] = defaultdict(list)
        for item_id, es in self.holds.items():
            for e in es:
                self.held_by[e.src].append((item_id, e))
        self.gaps_by = _by_node(self.gaps, lambda f: f.nodes)
        self.overlaps_by = _by_node(self.overlaps, lambda c: [d["id"] for d in c.departments])
        self.broken_by = _by_node(self.broken, lambda cf: [x["id"] for x in cf[0].approvers + cf[0].supervisors])
        self.mandates_by = _by_node(self.mandates, lambda j: [j.department.id])
        self.duties_by = _by_node(self.duties, lambda d: [d[1].props.get("department", "")])

    def source_text(self, source_id: str) -> str:
        rec = self.sources.get(source_id)
        return f"{rec.props.get('path', '')} {rec.props.get('locator', '')}".strip() if rec else ""

    def _changes(self, since: str | None, until: str | None) -> dict[str, list[dict[str, Any]]]:
        """Items added/removed/changed by list versions imported within [since, until], by department."""
        from graph.analyses.diff import diff_versions

        versions = defaultdict(list)
        for v in self.store.find_nodes_prefix("ListVersion", "region", self.region):
            versions[v.props.get("dataset", "")].append(v)
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for dataset, vs in sorted(versions.items()):
            vs.sort(key=lambda v: (v.props.get("imported_at", ""), v.id))
            for old, new in zip(vs, vs[1:]):
                at = new.props.get("imported_at", "")[:10]
                if (since and at < since) or (until and at > until):
                    continue
                diff = diff_versions(self.store, dataset, old.id, new.id)
                touched = [*diff.added, *diff.removed, *diff.changed]
                holders = edges_into(self.store, [d.item_id for d in touched], Rel.HOLDS.value, self.region,
                                     current_only=False)
                for d in touched:
                    for dept in {e.src for e in holders.get(d.item_id, [])}:
                        out[dept].append({"kind": "list_change", "id": d.item_id, "name": d.name,
                                          "status": {"added": "新增", "removed": "删除", "changed": "变更"}[d.status],
                                          "detail": "；".join(f"{c.field_zh}: {c.old} → {c.new}" for c in d.changes),
                                          "sources": [f"{dataset} 版本 {new.id}（{at}）"]})
        return out


def _by_node(things: list, ids_of) -> dict[str, list]:
    """Each thing under every id it names, once per id, in the original order."""
    out: dict[str, list] = defaultdict(list)
    for t in things:
        for i in dict.fromkeys(ids_of(t)):
            out[i].append(t)
    return out


def _finding_row(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "kind_zh": f.kind_zh, "name": f.title_zh, "detail": f.detail_zh, "nodes": list(f.nodes),
            "sources": [" ".join(x for x in (s.get("path", ""), s.get("locator", "")) if x) for s in f.sources]}


def _ratio(metric: str, good: list[dict], all_rows: list[dict]) -> Measure:
    n, d = len(good), len(all_rows)
    return Measure(metric, METRICS[metric][0], round(n / d, 4) if d else 0.0, n, d, all_rows)


def _count(metric: str, rows: list[dict]) -> Measure:
    return Measure(metric, METRICS[metric][0], float(len(rows)), len(rows), 0, rows)


def _measure(r: _Region, dept: NodeRecord) -> tuple[dict[str, Measure], dict[str, dict[str, int]], list[dict]]:
    did = dept.id
    held, by_type, by_role, by_dataset = [], Counter(), Counter(), Counter()
    lead_rows, assist_rows = [], []
    for item_id, e in r.held_by.get(did, []):
        item = r.items[item_id]
        p = item.props
        kind = p.get("power_type") or ITEM_KIND_ZH.get(item.label, item.label)
        role = e.props.get("role") or Role.LEAD.value
        row = {"kind": item.label, "id": item_id, "name": p.get("name", ""), "type": kind,
               "role": ROLE_LABELS_ZH.get(Role(role), role) if role in {x.value for x in Role} else role,
               "duty": e.props.get("duty", ""), "sources": [s for s in [r.source_text(e.props.get("source", ""))]
                                                           if s]}
        held.append(row)
        by_type[kind] += 1
        by_role[row["role"]] += 1
        by_dataset[p.get("dataset", "")] += 1
        if role == Role.LEAD.value and item.label != "AssistanceItem":
            has_basis = bool(p.get("basis")) or bool(r.based.get(item_id))
            lead_rows.append({**row, "status": "有依据" if has_basis else "无依据"})
        if item.label == "AssistanceItem" and e.props.get("duty") == "协助":
            assist_rows.append({**row, "category": p.get("category") or ASSISTANCE,
                                "detail": f"请求部门 {p.get('requester_text', '')}；时限 {p.get('time_limit') or '未写明'}",
                                "status": "有时限" if p.get("time_limit") and _states_limit(p["time_limit"])
                                else "无时限"})
    # duties: laws (judged mandates) and 三定
    law_rows = [{"kind": "mandate", "id": j.mandate.article, "name": j.mandate.permit,
                 "status": "已承接" if j.covered_by else "未承接",
                 "detail": j.mandate.sentence + ({"based": "（有事项以该条为依据）", "name": "（有事项名称涉及）"}
                                                 .get(j.covered_by, "")),
                 "sources": [j.mandate.type_name]}
                for j in r.mandates_by.get(did, [])]
    sd_rows = [{"kind": "duty", "id": d.id, "name": (d.props.get("text") or d.props.get("name", ""))[:80],
                "status": "已承接" if covered else "未承接", "detail": prov.props.get("title", ""),
                "sources": [f"{prov.props.get('title', '')} {d.props.get('number', '')}"]}
               for d, prov, covered in r.duties_by.get(did, [])]
    duty_rows = law_rows + sd_rows
    # analyses
    gaps = r.gaps_by.get(did, [])
    gap_rows = [_finding_row(f) for f in gaps]
    overlaps = r.overlaps_by.get(did, [])
    ov_rows = [{**_finding_row(c.to_finding()), "status": "已定分工" if c.settled else "未定分工",
                "settled": c.settled} for c in overlaps]
    for row, c in zip(ov_rows, overlaps):
        row["sources"] = [s for s in (r.source_text(i.get("source", "")) for i in c.items) if s]
    broken = r.broken_by.get(did, [])
    chain_rows = [{**_finding_row(f), "role": "审批" if any(x["id"] == did for x in c.approvers) else "监管"}
                  for c, f in broken]
    ruling_rows = [{"kind": "Ruling", "id": e.src, "name": r.rulings[e.src].props.get("name", ""),
                    "role": e.props.get("role", ""), "detail": r.rulings[e.src].props.get("condition", ""),
                    "sources": [r.rulings[e.src].props.get("dataset", "")]}
                   for e in r.ruled.get(did, []) if e.src in r.rulings]
    # calls dispatched to it as lead
    call_rows = []
    for e in r.dispatched.get(did, []):
        if e.props.get("role") != Role.LEAD.value or e.src not in r.calls:
            continue
        p = r.calls[e.src].props
        responded = p.get("status") == STATUS_RESPONDED
        late = is_late(p.get("due_at"), p.get("responded_at") if responded else None, r.as_of)
        if p.get("due_at") and not responded and parse_time(p.get("date")) and parse_time(p["date"]) > r.as_of:
            late = None  # called after the as-of time: not yet judged
        call_rows.append({"kind": "Call", "id": e.src, "name": p.get("text", ""), "township": p.get("township", ""),
                          "responded": responded, "late": late, "satisfaction": p.get("satisfaction", ""),
                          "status": ("超时" if late else "按时" if late is False else "无时限") +
                          ("·已响应" if responded else "·未响应"),
                          "detail": f"{p.get('date', '')} 时限 {p.get('time_limit') or '未写明'}"
                                    f"{'，应于 ' + p['due_at'] + ' 前' if p.get('due_at') else ''}"
                                    f"{'，' + p['responded_at'] + ' 响应' if responded else ''}"
                                    f"{'，评价 ' + p['satisfaction'] if p.get('satisfaction') else ''}",
                          "sources": [p.get("dataset", "")]})
    timed = [c for c in call_rows if c["late"] is not None]
    rated = [c for c in call_rows if c["satisfaction"]]
    ledger = [{"kind": "LedgerEntry", "id": x["id"], "name": x["title"], "status": x["status"],
               "category": x["category"], "detail": f"期限 {x['deadline']}" + ("（已逾期）" if x["overdue"] else ""),
               "overdue": x["overdue"], "sources": x["sources"]} for x in r.ledger.get(did, [])]
    measures = {
        "duty_coverage": _ratio("duty_coverage", [x for x in duty_rows if x["status"] == "已承接"], duty_rows),
        "law_duty_coverage": _ratio("law_duty_coverage", [x for x in law_rows if x["status"] == "已承接"], law_rows),
        "sanding_duty_coverage": _ratio("sanding_duty_coverage", [x for x in sd_rows if x["status"] == "已承接"],
                                        sd_rows),
        "basis_rate": _ratio("basis_rate", [x for x in lead_rows if x["status"] == "有依据"], lead_rows),
        "assistance_time_limit_rate": _ratio("assistance_time_limit_rate",
                                             [x for x in assist_rows if x["status"] == "有时限"], assist_rows),
        "call_response_rate": _ratio("call_response_rate", [c for c in call_rows if c["responded"]], call_rows),
        "calls_in_time_rate": _ratio("calls_in_time_rate", [c for c in timed if c["late"] is False], timed),
        "call_satisfaction": _ratio("call_satisfaction", [c for c in rated if c["satisfaction"] in _GOOD_RATINGS],
                                    rated),
        "ledger_closed_rate": _ratio("ledger_closed_rate", [x for x in ledger if x["status"] == CLOSED], ledger),
        "items_held": _count("items_held", held),
        "assistance_given": _count("assistance_given", assist_rows),
        "rulings": _count("rulings", ruling_rows),
        "gaps": _count("gaps", gap_rows),
        "gaps_boundary": _count("gaps_boundary", [x for x in gap_rows if x["kind"] in _BOUNDARY_KINDS]),
        "uncovered_duties": _count("uncovered_duties", [x for x in duty_rows if x["status"] == "未承接"]),
        "unsettled_overlaps": _count("unsettled_overlaps", [x for x in ov_rows if not x["settled"]]),
        "settled_overlaps": _count("settled_overlaps", [x for x in ov_rows if x["settled"]]),
        "broken_chains": _count("broken_chains", chain_rows),
        "overdue_calls": _count("overdue_calls", [c for c in call_rows if c["late"]]),
        "open_ledger": _count("open_ledger", [x for x in ledger if x["status"] != CLOSED]),
        "overdue_ledger": _count("overdue_ledger", [x for x in ledger if x["overdue"]]),
        "open_disputes": _count("open_disputes", [x for x in ledger
                                                  if x["category"] == "职责争议" and x["status"] != CLOSED]),
        "list_changes": _count("list_changes", r.changes.get(did, [])),
    }
    problems = ([_problem("gap", r.region, did, x) for x in gap_rows] +
                [_problem("overlap", r.region, did, x) for x in ov_rows if not x["settled"]] +
                [_problem("linkage", r.region, did, x) for x in chain_rows] +
                [_problem("call", r.region, did, {**c, "name": f"呼叫「{c['name']}」超时未响应"})
                 for c in call_rows if c["late"]])
    counts = {"type": dict(by_type.most_common()), "role": dict(by_role.most_common()),
              "dataset": dict(sorted(by_dataset.items()))}
    return measures, counts, problems


def _states_limit(text: str) -> bool:
    from graph.time_limits import parse_limit

    return parse_limit(text) is not None


def _problem(kind: str, region: str, dept_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """A scorecard problem the ledger can record; its key makes recording it twice one entry."""
    key = stable_id("problem", kind, region, dept_id, row.get("name", ""), row.get("id", ""))
    return {"problem_key": key, "category": PROBLEM_CATEGORY[kind], "finding_kind": row.get("kind", kind),
            "title": row.get("name", ""), "detail": row.get("detail", ""), "sources": row.get("sources", [])}


def _apply(ind: Indicator, m: Measure) -> IndicatorScore:
    if ind.method == "比例":
        if not m.applicable:
            return IndicatorScore(ind, m.value, False, 0.0, 0.0,
                                  f"{m.name_zh}: 无可计算的行（分母为 0），本项不计入满分。", m.rows)
        score = round(ind.weight * m.value, 2)
        text = f"{m.name_zh}: {m.numerator}/{m.denominator} = {m.value:.1%}，× {ind.weight:g} 分 = {score:g} 分"
        return IndicatorScore(ind, m.value, True, score, ind.weight, text, m.rows)
    if ind.method == "不计分":
        return IndicatorScore(ind, m.value, True, 0.0, 0.0, f"{m.name_zh}: {m.value:g}（只列出，不计分）", m.rows)
    raw = m.value * ind.unit
    capped = min(ind.weight, raw)
    score = round(capped if ind.method == "加分" else -capped, 2)
    cap = f"，封顶 {ind.weight:g} 分" if raw > ind.weight else ""
    sign = "加" if ind.method == "加分" else "扣"
    text = f"{m.name_zh}: {m.value:g} 项 × {ind.unit:g} 分 = {sign} {abs(capped):g} 分{cap}"
    return IndicatorScore(ind, m.value, True, score, ind.weight if ind.method == "加分" else 0.0, text, m.rows)


def find_department(depts: dict[str, NodeRecord], text: str) -> NodeRecord:
    """A department of the region by id, full name, alias, or a unique part of its name."""
    text = (text or "").strip()
    if text in depts:
        return depts[text]
    exact = [d for d in depts.values() if text == d.props.get("name") or text in (d.props.get("aliases") or [])]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [d for d in depts.values() if text and text in d.props.get("name", "")]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "、".join(sorted(d.props.get("name", d.id) for d in partial)[:10])
        raise ScorecardError(f"「{text}」对应多个部门: {names}；请写全称或部门 ID。")
    some = "、".join(sorted(d.props.get("name", d.id) for d in depts.values())[:15])
    raise ScorecardError(f"本地区没有名为「{text}」的部门。本地区的部门有: {some}{'…' if len(depts) > 15 else ''}")


def scorecard(store: GraphStore, region: str, department: str | None = None,
              indicators: list[Indicator] | None = None, indicators_file: str | None = None,
              as_of: datetime | None = None, since: str | None = None, until: str | None = None) -> Scorecard:
    """The scorecard of every department of ``region`` (a code), or of one (``department``)."""
    region = region_code(region)
    if not region:
        raise ScorecardError("请指定地区：部门履职评价按县（区）进行。")
    as_of = as_of or datetime.now()
    if indicators is None:
        indicators = load_indicators(indicators_file)
    r = _Region(store, region, as_of, since, until)
    if not r.depts:
        raise ScorecardError(f"地区 {region} 没有任何部门：请先导入该地区的部门名册或清单。")
    chosen = [find_department(r.depts, department)] if department else sorted(
        r.depts.values(), key=lambda d: (d.props.get("name", ""), d.id))
    cards = []
    for dept in chosen:
        measures, counts, problems = _measure(r, dept)
        scores = [_apply(ind, measures[ind.metric]) for ind in indicators]
        total = round(sum(s.score for s in scores), 2)
        top = round(sum(s.max_score for s in scores), 2)
        percent = round(max(total, 0.0) / top * 100, 1) if top else None
        cards.append(DepartmentCard(dept.id, dept.props.get("name", dept.id), dept.props.get("kind", ""),
                                    dept.props.get("region", ""), counts["type"], counts["role"], counts["dataset"],
                                    measures, scores, total, top, percent, problems))
    ranked = sorted(cards, key=lambda c: (-(c.percent if c.percent is not None else -1), -c.score, c.department))
    for i, c in enumerate(ranked, 1):
        c.rank = i
    return Scorecard(region, as_of.isoformat(timespec="seconds"), {"since": since or "", "until": until or ""},
                     str(indicators_file or "默认指标（graph/analyses/scorecard_indicators.csv）"),
                     [i.to_dict() for i in indicators], ranked)


def region_problems(card: Scorecard) -> list[tuple[DepartmentCard, dict[str, Any]]]:
    """Every problem of every department card, for recording in the ledger."""
    return [(d, p) for d in card.departments for p in d.problems]


__all__ = ["DepartmentCard", "IndicatorScore", "Measure", "Scorecard", "ScorecardError", "find_department",
           "region_problems", "scorecard"]
