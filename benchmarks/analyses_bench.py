"""Every region-wide analysis on a generated province, timed.

    .venv/bin/python benchmarks/analyses_bench.py --counties 520          # ≈ 1 million items
    .venv/bin/python benchmarks/analyses_bench.py --graph /tmp/province.graph.json

Generates the province in memory (benchmarks/province.py) unless a saved graph is given,
then runs each analysis over the whole province and over one county, and prints a table
(seconds, findings) plus how many of the faults the generator seeded were found.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.province import generate_province  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402


def _timed(label: str, fn, results: list[dict]) -> object:
    t = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t
    count = len(out) if isinstance(out, list) else len(getattr(out, "findings", getattr(out, "items", [])) or [])
    results.append({"analysis": label, "seconds": round(seconds, 2), "results": count})
    print(f"{label:<44} {seconds:8.2f} s  {count:>8}", flush=True)
    return out


def run(store, stats: dict | None, county: str | None) -> dict:
    from graph.analyses.compare_regions import compare_regions, standardisation_report
    from graph.analyses.gaps import find_gaps
    from graph.analyses.impact import law_impact
    from graph.analyses.linkage import linkage_report
    from graph.analyses.overlaps import find_overlaps
    from graph.lookup.catalog import ItemCatalog

    results: list[dict] = []
    items = sum(store.count_nodes(lab) for lab in ("PowerItem", "LinkageItem", "TerritorialItem"))
    print(f"图: {items:,} 项事项, {store.count_nodes():,} 个节点, {store.count_edges():,} 条边", flush=True)
    gaps = {}
    for kind in ("mandate", "approval", "territorial", "stale", "call"):
        gaps[kind] = _timed(f"gaps --kind {kind}（全省）", lambda k=kind: find_gaps(store, kinds=[k]), results)
    overlaps = _timed("overlaps（全省）", lambda: find_overlaps(store), results)
    linkage = _timed("linkage report（全省）", lambda: linkage_report(store), results)
    _timed("standardisation / compare（全省）", lambda: standardisation_report(store), results)
    catalog = _timed("item catalog + n-gram index（全省）", lambda: ItemCatalog.from_store(store), results)
    _timed("compare_regions 食品经营许可（全省）",
           lambda: compare_regions(store, "食品经营许可", catalog=catalog).regions, results)
    _timed("impact 食品安全法（全省）", lambda: law_impact(store, "食品安全法"), results)
    if county:
        _timed(f"gaps（{county}，全部类型）", lambda: find_gaps(store, county), results)
        _timed(f"overlaps（{county}）", lambda: find_overlaps(store, county), results)
        _timed(f"linkage report（{county}）", lambda: linkage_report(store, county), results)
    found = {
        "approval_no_supervisor": sum(1 for f in gaps["approval"] if f.kind == "approval_no_supervisor"),
        "supervisor_no_enforcement": sum(1 for f in gaps["approval"] if f.kind == "supervisor_no_enforcement"),
        "overlap_clusters_joint": sum(1 for c in overlaps if c.reason == "joint"),
        "stale_department": sum(1 for f in gaps["stale"] if f.kind == "stale_department"),
        "territorial_no_lead": sum(1 for f in gaps["territorial"] if f.kind == "territorial_no_lead"),
        "call_unmatched": sum(1 for f in gaps["call"] if f.kind == "call_unmatched"),
        "linkage_broken": len(linkage.broken),
    }
    print("预置问题 / 找到:", json.dumps({"seeded": (stats or {}).get("seeded"), "found": found}, ensure_ascii=False))
    return {"items": items, "results": results, "found": found, "seeded": (stats or {}).get("seeded"),
            "kinds": {k: dict(Counter(f.kind for f in v)) for k, v in gaps.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="全省规模的区域分析基准测试")
    ap.add_argument("--counties", type=int, default=520)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--graph", default="", help="已生成并保存的图文件；不给则在内存中生成")
    ap.add_argument("--json", default="", help="把结果写到此 JSON 文件")
    args = ap.parse_args(argv)
    stats = None
    t = time.perf_counter()
    if args.graph:
        store = EmbeddedStore(args.graph)
    else:
        store = EmbeddedStore(None)
        stats = generate_province(store, args.counties, args.seed)
    print(f"准备图用时 {time.perf_counter() - t:.1f} s", flush=True)
    county = next((r.props["code"] for r in store.iter_nodes("Region") if r.props.get("level") == "county"), None)
    out = run(store, stats, county)
    out["generation"] = stats
    out["machine"] = {"python": platform.python_version(), "platform": platform.platform()}
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
