"""The `dutygraph` command: the same library calls the HTTP API makes, for a terminal.

例:
    dutygraph ingest --samples
    dutygraph who-handles "养狗要办什么证" --region 广安区
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Callable

from graph.store import GraphStore, StoreError, open_store

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "ingest" / "samples"


class CliError(Exception):
    """A user-facing failure: printed as is, exit status 2."""


def _emit(data: Any, rows: list[dict[str, Any]] | None, args: argparse.Namespace, text: Callable[[], str]) -> None:
    """Print as JSON (--json), CSV (--csv, one line per row) or readable Chinese text."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif getattr(args, "csv", False):
        rows = rows or []
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        sys.stdout.write(text() + "\n")


def _resolve_region(store: GraphStore, region: str | None) -> str | None:
    if not region:
        return None
    from ingest.regions import RegionError, resolve_region

    try:
        return resolve_region(region, store).code
    except RegionError as exc:
        raise CliError(str(exc)) from exc


# ---- commands ------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, store: GraphStore) -> int:
    from ingest.dispatch import ingest_paths

    paths = [Path(p) for p in args.paths]
    if args.samples:
        paths.insert(0, SAMPLES_DIR)
    if not paths:
        raise CliError("请给出要导入的文件或文件夹，或用 --samples 导入自带的示例数据。")
    for p in paths:
        if not p.exists():
            raise CliError(f"找不到文件或文件夹: {p}")
    report = ingest_paths(store, paths, region=args.region, kind=args.kind)
    store.save()
    if args.quarantine:
        Path(args.quarantine).write_text(report.quarantine_csv(), encoding="utf-8-sig")
    data = {
        "rows_read": report.rows_read, "rows_loaded": report.rows_loaded,
        "rows_quarantined": report.rows_quarantined,
        "files": [{"path": f.path, "kind": f.kind, "region": f.region, "status": f.status,
                   "rows_read": f.rows_read, "rows_loaded": f.rows_loaded,
                   "rows_quarantined": f.rows_quarantined, "unresolved": len(f.unresolved),
                   "error": f.error} for f in report.files],
    }
    _emit(data, data["files"], args, report.summary_zh)
    return 1 if report.failed else 0


def cmd_who_handles(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.lookup.who_handles import QueryError, who_handles

    region = _resolve_region(store, args.region)
    try:
        answer = who_handles(store, args.query, region=region, limit=args.limit)
    except QueryError as exc:
        raise CliError(str(exc)) from exc
    data = answer.to_dict()
    rows = [{"排名": i, "部门": c.department, "角色": c.role_zh, "匹配度": c.score, "匹配事项": c.matched_item,
             "事项类型": c.item_kind_zh,
             "依据": "；".join(f"{e.source} {e.locator}" for e in c.evidence)}
            for i, c in enumerate(answer.results, 1)]

    def text() -> str:
        where = f"（地区 {region}）" if region else "（全部地区）"
        if not answer.results:
            return answer.message
        lines = [f"「{answer.query}」由谁负责{where}:"]
        for i, c in enumerate(answer.results, 1):
            duty = f"·{c.duty}" if c.duty else ""
            lines.append(f"{i}. {c.department}  [{c.role_zh}{duty}]  匹配度 {c.score:.0f}")
            lines.append(f"   事项: {c.matched_item}（{c.item_kind_zh}）")
            for e in c.evidence[:3]:
                snippet = e.text if len(e.text) <= 80 else e.text[:80] + "…"
                lines.append(f"   依据: {e.source} {e.locator}: {snippet}")
        return "\n".join(lines)

    _emit(data, rows, args, text)
    return 0 if answer.results else 1


def cmd_citations(args: argparse.Namespace, store: GraphStore) -> int:
    from ingest.citations import link_item_basis

    stats = link_item_basis(store)
    store.save()
    data = {"cells": stats.cells, "citations": stats.total, "resolved": stats.resolved,
            "rate": stats.rate, "reasons": dict(stats.reasons())}
    rows = [{"事项": where, "引用": res.ref.text, "条文": res.ref.locator, "已解析": res.resolved,
             "原因": res.reason} for where, res in stats.resolutions]
    _emit(data, rows, args, stats.summary_zh)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from api.serve import serve

    serve(args.db, host=args.host, port=args.port, token=args.token)
    return 0


def cmd_info(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.model import LABELS

    counts = {label: store.count_nodes(label) for label in sorted(LABELS)}
    counts = {k: v for k, v in counts.items() if v}
    data = {"db": store.description, "nodes": counts, "edges": store.count_edges()}
    rows = [{"类型": k, "数量": v} for k, v in counts.items()]
    _emit(data, rows, args, lambda: "\n".join(
        [f"图: {store.description}"] + [f"  {k}: {v}" for k, v in counts.items()] + [f"  边: {data['edges']}"]))
    return 0


# ---- parser --------------------------------------------------------------------------
def _add_output_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="以 JSON 输出")
    g.add_argument("--csv", action="store_true", help="以 CSV 输出")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dutygraph", description="职责知识图谱：谁负责什么，依据是什么。")
    parser.add_argument("--db", help="图文件路径或 bolt:// 地址（默认 ./dutygraph.graph.json 或环境变量 NEO4J_URI）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("ingest", help="导入清单、名册、法律、三定规定或通知（文件或文件夹）")
    p.add_argument("paths", nargs="*", help="CSV/XLSX/TXT/MD 文件或文件夹")
    p.add_argument("--samples", action="store_true", help="导入自带的示例数据（广安市广安区等）")
    p.add_argument("--region", help="清单所属地区（名称或区划代码），清单本身带区划代码时可省略")
    p.add_argument("--kind", help="指定清单类型，不自动识别")
    p.add_argument("--quarantine", metavar="FILE", help="把隔离行与未识别的部门名称写成 CSV")
    _add_output_flags(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("who-handles", help="某事项由哪个部门负责（模糊查询，附依据）")
    p.add_argument("query", help="事项，如「养狗要办什么证」")
    p.add_argument("--region", help="地区名称或区划代码，如 广安区 或 511602")
    p.add_argument("--limit", type=int, default=10, help="最多返回几个部门（默认 10）")
    _add_output_flags(p)
    p.set_defaults(func=cmd_who_handles)

    p = sub.add_parser("citations", help="把事项的实施依据解析到法律条文，报告解析率与未解析的原因")
    _add_output_flags(p)
    p.set_defaults(func=cmd_citations)

    p = sub.add_parser("serve", help="启动 HTTP API 与图谱浏览页面（默认只读）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--token", help="允许写操作（上传清单、删除版本）的令牌；也可用环境变量 DUTYGRAPH_TOKEN")
    p.set_defaults(func=cmd_serve, opens_store=False)

    p = sub.add_parser("info", help="图中各类节点的数量")
    _add_output_flags(p)
    p.set_defaults(func=cmd_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if not getattr(args, "opens_store", True):
        return args.func(args)  # opens the store itself, once, for as long as it runs
    try:
        store = open_store(args.db)
    except StoreError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    try:
        return args.func(args, store)
    except (CliError, StoreError) as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
