"""The analyses over HTTP: gaps, overlaps, linkage, dossier, impact, diff, compare.

Each endpoint calls the same graph.analyses function as its `dutygraph` command (api/cli.py),
with the region resolved the same way, and returns the same JSON as the command's --json, its
list paginated (offset/limit/total). Findings export as CSV (Finding.to_row, the CLI's --csv);
so do the other tables (LawImpact.rows, ListDiff.rows, RegionComparison.rows).

A region-wide analysis reads the whole region; its result is kept by (analysis, parameters)
until the next write, so paging through it or exporting it costs one run.
"""
from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.formats import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from api.params import Offset, RegionParam, State
from api.problems import ApiProblem, problem_responses
from api.schemas import (ComparisonPage, DiffPage, DossierOut, GapPage, ImpactPage, LinkageChainPage,
                         LinkageReportPage, OverlapPage, StandardisationPage)
from api.state import ApiState, in_region
from graph.analyses import (GAP_KINDS, DiffError, Finding, GapKindError, ImpactQueryError, LawImpact, ListDiff,
                            RegionComparison, compare_regions, diff_versions, dossier, find_gaps, find_overlaps,
                            law_impact, linkage_chain, linkage_report, overlap_findings, standardisation_report)
from graph.analyses.compare_regions import RegionAssignment
from graph.analyses.diff import ItemDiff
from graph.analyses.gaps import GAP_KINDS_ZH
from graph.lookup.who_handles import MAX_QUERY_CHARS, QueryError

router = APIRouter(prefix="/api", tags=["分析 / Analyses"])

MAX_FINDINGS_PAGE = 5000
MAX_CHAINS = 20

FindingsLimit = Annotated[int, Query(ge=1, le=MAX_FINDINGS_PAGE,
                                     description=f"每页条数，1–{MAX_FINDINGS_PAGE} / Page size, 1–{MAX_FINDINGS_PAGE}")]
TableLimit = Annotated[int, Query(ge=1, le=500, description="每页条数，1–500 / Page size, 1–500")]


# ---- the result cache ----------------------------------------------------------------------------
class AnalysisCache:
    """Analysis results by (analysis, parameters), valid while the graph is unchanged.

    ``state.graph_token()`` is a new object after every write the API sees (ApiState._forget),
    so it names the graph's state: when it is another object, every entry is stale. Two requests for the same uncached result wait for one run. Least recently used go first.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._running: dict[tuple, threading.Lock] = {}
        self._graph: weakref.ref | None = None
        self.hits = 0
        self.misses = 0

    def _lookup(self, graph: object, key: tuple) -> tuple[bool, Any]:
        """(found, value); drops every entry first if the graph changed. Call with self._lock held."""
        if self._graph is None or self._graph() is not graph:
            self._data.clear()
            self._graph = weakref.ref(graph)
        if key in self._data:
            self._data.move_to_end(key)
            return True, self._data[key]
        return False, None

    def get(self, graph: object, key: tuple, compute: Callable[[], Any]) -> Any:
        """The cached result for ``key``, or ``compute()`` stored. Call under the state's read lock."""
        with self._lock:
            found, value = self._lookup(graph, key)
            if found:
                self.hits += 1
                return value
            running = self._running.setdefault(key, threading.Lock())
        with running:
            try:
                with self._lock:
                    found, value = self._lookup(graph, key)
                if found:
                    with self._lock:
                        self.hits += 1
                    return value
                value = compute()
                with self._lock:
                    self.misses += 1
                    if self.size > 0 and self._graph is not None and self._graph() is graph:
                        self._data[key] = value
                        while len(self._data) > self.size:
                            self._data.popitem(last=False)
                return value
            finally:
                with self._lock:
                    if self._running.get(key) is running:
                        del self._running[key]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_CACHES: weakref.WeakKeyDictionary[ApiState, AnalysisCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def analysis_cache(state: ApiState) -> AnalysisCache:
    """The cache of one app (one ApiState)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(state)
        if cache is None:
            cache = _CACHES[state] = AnalysisCache()
        return cache


def _cached(state: ApiState, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per key until the next write. Call under the state's read lock."""
    return analysis_cache(state).get(state.graph_token(), key, compute)


# ---- shared shapes -------------------------------------------------------------------------------
FINDING_CSV = tuple((k, k) for k in Finding("", "", "", "", "").to_row())


def _columns(rows: list[dict[str, Any]], empty: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    """CSV columns: the keys of the library's rows (of a placeholder row when there are none)."""
    return tuple((k, k) for k in (rows or empty)[0])


def _findings(request: Request, fmt: str | None, findings: list[Finding], offset: int, limit: int,
              filename: str, **head: Any) -> Any:
    """A page of findings as JSON (FindingPage plus ``head``) or CSV (Finding.to_row, as `--csv`)."""
    page = findings[offset:offset + limit]
    if wants_csv(request, fmt):
        return csv_response([f.to_row() for f in page], FINDING_CSV, filename)
    return {**head, "total": len(findings), "offset": offset, "limit": limit,
            "counts": dict(Counter(f.kind for f in findings)), "items": [f.to_dict() for f in page]}


# ---- gaps ----------------------------------------------------------------------------------------
_KINDS_DOC = "、".join(f"{k}（{GAP_KINDS_ZH[k]}）" for k in GAP_KINDS)


@router.get(
    "/gaps", response_model=GapPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="职责空白 / Responsibility gaps",
    description="法定职责无人承接、三定职责未分解、审批无监管、属地事项无主体、清单部门不在机构名录、诉求无对应事项，"
                "最严重的在前，与 `dutygraph gaps --json` 相同。"
                " / Gaps of the chosen kinds in a region, most severe first; same as `dutygraph gaps --json`.",
)
def get_gaps(
    request: Request,
    state: State,
    region: RegionParam = None,
    kind: Annotated[str | None, Query(
        max_length=300, examples=["approval,territorial"],
        description=f"只看某几类，逗号分隔；可选: {_KINDS_DOC}，也可写发现类型如 approval_no_supervisor。"
                    " / Comma-separated gap kinds (or finding kinds); all when omitted.")] = None,
    offset: Offset = 0,
    limit: FindingsLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    kinds = sorted({k.strip() for k in (kind or "").split(",") if k.strip()})

    def compute() -> list[Finding]:
        try:
            return find_gaps(state.store, region=code, kinds=kinds or None)
        except GapKindError as exc:
            raise ApiProblem(422, str(exc), errors=[{"parameter": "kind", "location": "query",
                                                     "message": "未知的空白类型"}]) from exc

    with state.lock.read():
        code = state.region_code(region)
        findings = _cached(state, ("gaps", code, tuple(kinds)), compute)
    return _findings(request, fmt, findings, offset, limit, "gaps.csv", region=code, kinds=kinds or list(GAP_KINDS))


# ---- overlaps ------------------------------------------------------------------------------------
@router.get(
    "/overlaps", response_model=OverlapPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="职责交叉/重复 / Overlapping responsibilities",
    description="同一事项由多个部门作为主体/牵头，注明是否已有职责分工条款或争议认定，未解决的在前；"
                "JSON 与 `dutygraph overlaps --json` 相同（另附严重程度、说明和来源行），CSV 为发现表。"
                " / The same power led by ≥ 2 departments, settled or not; CSV rows are the findings.",
)
def get_overlaps(
    request: Request,
    state: State,
    region: RegionParam = None,
    offset: Offset = 0,
    limit: FindingsLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    def compute() -> tuple[list, list[Finding]]:
        clusters = find_overlaps(state.store, region=code)
        return clusters, overlap_findings(clusters, state.store)

    with state.lock.read():
        code = state.region_code(region)
        clusters, findings = _cached(state, ("overlaps", code), compute)
    if wants_csv(request, fmt):
        return csv_response([f.to_row() for f in findings[offset:offset + limit]], FINDING_CSV, "overlaps.csv")
    items = []
    for c, f in zip(clusters[offset:offset + limit], findings[offset:offset + limit]):
        d = f.to_dict()
        items.append({**c.to_dict(), "severity": d["severity"], "severity_zh": d["severity_zh"],
                      "detail_zh": d["detail_zh"], "sources": d["sources"]})
    settled = sum(1 for c in clusters if c.settled)
    return {"region": code, "total": len(clusters), "offset": offset, "limit": limit, "settled": settled,
            "unsettled": len(clusters) - settled, "items": items}


# ---- linkage -------------------------------------------------------------------------------------
@router.get(
    "/linkage", response_model=LinkageReportPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="审管联动断链 / Broken approval–supervision chains",
    description="一个地区全部审批事项的审管联动链条，每条断链为一项发现（断在哪个环节、缺什么），"
                "与 `dutygraph linkage --region … --json` 的 findings 相同。"
                " / Every approval's chain in a region; each broken chain is a finding.",
)
def get_linkage(
    request: Request,
    state: State,
    region: RegionParam = None,
    offset: Offset = 0,
    limit: FindingsLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    with state.lock.read():
        code = state.region_code(region)
        report = _cached(state, ("linkage", code), lambda: linkage_report(state.store, region=code))
    return _findings(request, fmt, report.findings, offset, limit, "linkage.csv", region=code,
                     chains=len(report.chains), broken=len(report.broken))


@router.get(
    "/linkage/chain", response_model=LinkageChainPage, responses=problem_responses(404, 422, 503),
    summary="一个审批事项的审管联动链 / One approval's linkage chain",
    description="审批事项 → 审批部门 → 监管部门 → 检查/处罚事项 → 法律依据，断开的环节注明缺什么；"
                "item 为节点 id 或事项名称（模糊匹配，最相近的在前），与 `dutygraph linkage 事项 --json` 相同。"
                " / Approval → approver → supervisor → inspection/penalty items → basis; item is an id or a name.",
)
def get_linkage_chain(
    state: State,
    item: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, examples=["食品经营许可"],
                               description="审批事项的节点 id 或名称，如「食品经营许可」/ Approval item id or name")],
    region: RegionParam = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHAINS, description=f"每页几条链，1–{MAX_CHAINS}（名称匹配时最多共 "
                                                                 f"{MAX_CHAINS} 条）/ Chains per page")] = 5,
) -> Any:
    if not item.strip():
        raise ApiProblem(422, "查询参数 item: 不能为空", errors=[{"parameter": "item", "location": "query",
                                                                   "message": "不能为空"}])
    # linkage_chain's limit is how many name matches it follows, not only a cut: the first page is
    # exactly `dutygraph linkage 事项 --limit N`, a later page comes from the answer for offset + limit,
    # and total counts the chains of the widest answer (MAX_CHAINS).
    wanted = min(offset + limit, MAX_CHAINS)

    def chains_for(n: int) -> list:
        return _cached(state, ("chain", item, code, n), lambda: linkage_chain(state.store, item, region=code, limit=n))

    with state.lock.read():
        code = state.region_code(region)
        widest = chains_for(MAX_CHAINS)
        chains = chains_for(wanted) if offset < MAX_CHAINS else []
    if not widest:
        raise ApiProblem(404, f"没有找到「{item}」的审管联动链：它不是审批事项或审管联动清单行，或名称不匹配。")
    page = chains[offset:offset + limit]
    return {"item": item, "region": code, "total": max(len(widest), offset + len(page)), "offset": offset,
            "limit": limit, "items": [c.to_dict() for c in page]}


# ---- dossier -------------------------------------------------------------------------------------
MARKDOWN = "text/markdown"


@router.get(
    "/dossier", response_model=DossierOut,
    responses={200: {"content": {MARKDOWN: {"schema": {"type": "string"}}},
                     "description": "JSON，或 Markdown（format=markdown）/ JSON, or Markdown with format=markdown"},
               **problem_responses(404, 422, 503)},
    summary="争议事项卷宗 / Dispute dossier",
    description="候选部门及各自依据（认定、分工条款、法条、三定职责、清单事项）、其他地区的做法和建议主体部门，"
                "与 `dutygraph dossier --json` 相同；format=markdown 给出可直接印发讨论的 Markdown。"
                " / Candidates with their evidence, other regions' assignments and a suggested lead; Markdown too.",
)
def get_dossier(
    request: Request,
    state: State,
    topic: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, examples=["违法建筑"],
                                description="争议事项，如「预付卡式消费纠纷」/ The disputed matter")],
    region: RegionParam = None,
    fmt: Annotated[Literal["json", "markdown"] | None, Query(
        alias="format", description="输出格式：json（默认）或 markdown；也可用请求头 Accept: text/markdown。"
                                    " / json (default) or markdown; Accept: text/markdown works too.")] = None,
) -> Any:
    def compute() -> tuple[Any, bytes]:
        try:
            result = dossier(state.store, topic, region=code, catalog=state.index().catalog)
        except QueryError as exc:
            raise ApiProblem(422, str(exc)) from exc
        # Validated against the declared model once and kept as JSON: a dossier is one document,
        # and on a province its other-regions part is large.
        return result, DossierOut.model_validate(result.to_dict()).model_dump_json().encode("utf-8")

    with state.lock.read():
        code = state.region_code(region)
        result, body = _cached(state, ("dossier", topic, code), compute)
    if fmt == "markdown" or (fmt is None and _wants_markdown(request)):
        return Response(result.to_markdown().encode("utf-8"), media_type=f"{MARKDOWN}; charset=utf-8")
    return Response(body, media_type="application/json")


def _wants_markdown(request: Request) -> bool:
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";", 1)[0].strip().lower()
        if media == MARKDOWN:
            return True
        if media in ("application/json", "application/*", "*/*"):
            return False
    return False


# ---- impact --------------------------------------------------------------------------------------
_IMPACT_EMPTY = LawImpact({"title": ""}, [], [{"article": "", "how_zh": "", "region": "", "name": "", "kind": "",
                                               "departments": [], "id": ""}]).rows()


@router.get(
    "/impact", response_model=ImpactPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="法律修改的影响 / Impact of a law change",
    description="以该法（或其某一条）为依据、或在依据文本中提及该法的事项，及其承担部门和地区；"
                "与 `dutygraph impact --json` 相同，事项分页。CSV 每行一个（事项，部门）。"
                " / Items, departments and regions whose basis cites the law or article; CSV: one row per item×department.",
)
def get_impact(
    request: Request,
    state: State,
    law: Annotated[str, Query(min_length=1, max_length=100, examples=["食品安全法"],
                              description="法规名称、简称或 id，如「食品安全法」/ Law title, short title or id")],
    article: Annotated[str | None, Query(max_length=30, examples=["第六条"], description="条号，如 35、第三十五条、第三十五条之一"
                                                                   " / Article, e.g. 35 or 第三十五条")] = None,
    offset: Offset = 0,
    limit: TableLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    article = article.strip() if article and article.strip() else None

    def compute() -> tuple[LawImpact, dict[str, Any]]:
        try:
            impact = law_impact(state.store, law, article=article)
            # Everything but the items, which are paged (its regions table reads every item).
            return impact, {k: v for k, v in impact.to_dict().items() if k != "items"}
        except ImpactQueryError as exc:
            # An article number that cannot be read is a malformed parameter; an unknown law or article, 404.
            if isinstance(exc.__cause__, ValueError):
                raise ApiProblem(422, str(exc), errors=[{"parameter": "article", "location": "query",
                                                         "message": "无法理解的条号"}]) from exc
            raise ApiProblem(404, str(exc), title="未找到法规或条文") from exc

    with state.lock.read():
        impact, head = _cached(state, ("impact", law, article), compute)
    page = dataclasses.replace(impact, items=impact.items[offset:offset + limit])
    if wants_csv(request, fmt):
        rows = page.rows()
        return csv_response(rows, _columns(rows, _IMPACT_EMPTY), "impact.csv")
    return {**head, "total": len(impact.items), "offset": offset, "limit": limit, "items": page.items}


# ---- diff ----------------------------------------------------------------------------------------
_DIFF_EMPTY = ListDiff("", {}, {}, added=[ItemDiff("", "", "", "", "added")]).rows()
# DiffError says what is wrong in Chinese; these say the thing asked for does not exist (404).
_DIFF_NOT_FOUND = ("没有清单", "没有版本")


@router.get(
    "/diff", response_model=DiffPage, responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="清单两个版本的差异 / Changes between two versions of a list",
    description="同一清单两个版本之间新增、删除、变更的事项（清单动态调整），与 `dutygraph diff --json` 相同；"
                "默认比较现行版本与上一版本。items 依次为新增、删除、变更。"
                " / Items added, removed and changed between two versions (default: current vs previous).",
)
def get_diff(
    request: Request,
    state: State,
    dataset: Annotated[str, Query(min_length=1, max_length=200, examples=["L05_广安市广安区政务服务事项_按部门.csv"],
                                  description="清单文件名（或其开头、或版本 id）/ List file name, its start, or a version id")],
    old: Annotated[str | None, Query(max_length=200, description="旧版本 id（默认为上一版）/ Old version id")] = None,
    new: Annotated[str | None, Query(max_length=200, description="新版本 id（默认为现行版）/ New version id")] = None,
    status: Annotated[Literal["added", "removed", "changed"] | None, Query(
        description="只看新增、删除或变更 / Only added, removed or changed items")] = None,
    offset: Offset = 0,
    limit: TableLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    def compute() -> ListDiff:
        try:
            return diff_versions(state.store, dataset, old=old or None, new=new or None)
        except DiffError as exc:
            if any(s in str(exc) for s in _DIFF_NOT_FOUND):
                raise ApiProblem(404, str(exc), title="未找到清单或版本") from exc
            raise ApiProblem(422, str(exc), title="无法比较") from exc

    with state.lock.read():
        diff = _cached(state, ("diff", dataset, old or None, new or None), compute)
    entries: list[ItemDiff] = [d for d in (*diff.added, *diff.removed, *diff.changed)
                               if status is None or d.status == status]
    page = entries[offset:offset + limit]
    if wants_csv(request, fmt):
        rows = dataclasses.replace(diff, added=page, removed=[], changed=[]).rows()
        return csv_response(rows, _columns(rows, _DIFF_EMPTY), "diff.csv")
    data = diff.to_dict()
    return {"dataset": data["dataset"], "old": data["old"], "new": data["new"], "summary_zh": data["summary_zh"],
            "unchanged": data["unchanged"],
            "counts": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
            "total": len(entries), "offset": offset, "limit": limit,
            "items": [dataclasses.asdict(d) for d in page]}


# ---- compare -------------------------------------------------------------------------------------
_COMPARE_EMPTY = RegionComparison("", [RegionAssignment("", "", [], [])]).rows()


@router.get(
    "/compare", response_model=ComparisonPage | StandardisationPage,
    responses={200: CSV_RESPONSE, **problem_responses(404, 422, 503)},
    summary="各地区分工比较 / Compare regions",
    description="有 matter：该事项在各县由哪个（类）部门承担（`dutygraph compare 事项 --json`，report=comparison）；"
                "无 matter：全部各地承担部门不一致的事项（标准化报告，`dutygraph compare --json`，report=standardisation）。"
                " / With matter: how each county assigns it; without: every power assigned differently between counties.",
)
def get_compare(
    request: Request,
    state: State,
    matter: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, examples=["食品经营许可"],
                                        description="事项，如「食品经营许可」；省略则给出标准化报告"
                                                    " / The matter; omit for the standardisation report")] = None,
    region: RegionParam = None,
    offset: Offset = 0,
    limit: FindingsLimit = 100,
    fmt: FormatParam = None,
) -> Any:
    matter = matter.strip() if matter and matter.strip() else None
    with state.lock.read():
        code = state.region_code(region)
        if matter is None:
            findings = _cached(state, ("standardisation", code), lambda: standardisation_report(state.store, region=code))
        else:
            comparison = _cached(state, ("compare", matter),
                                 lambda: compare_regions(state.store, matter, catalog=state.index().catalog))
    if matter is None:
        return _findings(request, fmt, findings, offset, limit, "compare.csv", report="standardisation", region=code)
    if code:
        comparison = RegionComparison(comparison.matter, [r for r in comparison.regions if in_region(r.region, code)])
    page = RegionComparison(comparison.matter, comparison.regions[offset:offset + limit])
    if wants_csv(request, fmt):
        rows = page.rows()
        return csv_response(rows, _columns(rows, _COMPARE_EMPTY), "compare.csv")
    data = comparison.to_dict()
    return {"report": "comparison", "matter": data["matter"], "region": code, "differs": data["differs"],
            "groups": data["groups"], "summary_zh": data["summary_zh"], "total": len(comparison.regions),
            "offset": offset, "limit": limit, "items": page.to_dict()["regions"]}
