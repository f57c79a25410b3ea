"""The `dutygraph` command: the same library calls the HTTP API makes, for a terminal.

例:
    dutygraph ingest --samples
    dutygraph who-handles "养狗要办什么证" --region 广安区
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

from graph.backends import DEFAULT_DB, open_store, store_target
from graph.csv_safe import csv_text
from graph.reference.regions import RegionError, declare_regions
from graph.store import GraphStore, StoreError

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "ingest" / "samples"
UPLOAD_ENV = "DUTYGRAPH_MAX_UPLOAD_MB"


class CliError(Exception):
    """A user-facing failure: printed as is, exit status 2."""


def _emit(data: Any, rows: list[dict[str, Any]] | None, args: argparse.Namespace, text: Callable[[], str]) -> None:
    """Print as JSON (--json), CSV (--csv, one line per row) or readable Chinese text."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif getattr(args, "csv", False):
        rows = rows or []
        if rows:
            header = list(rows[0])
            sys.stdout.write(csv_text(header, ([r.get(k, "") for k in header] for r in rows)))
    else:
        sys.stdout.write(text() + "\n")


def _resolve_region(store: GraphStore, region: str | None) -> str | None:
    if not region:
        return None
    from graph.region_tree import resolve_in_store

    try:
        return resolve_in_store(store, region).code
    except ValueError as exc:   # UnknownRegion / AmbiguousRegion: a Chinese line naming the candidates
        raise CliError(str(exc)) from exc


# ---- commands ------------------------------------------------------------------------
def _check_writable_file(option: str, target: str | None) -> None:
    """Refuse an output path that cannot become a file before any work is done."""
    if not target:
        return
    path = Path(target)
    if path.is_dir():
        raise CliError(f"{option} 应是文件路径，但「{path}」是文件夹（例如 {option} {path / '隔离.csv'}）")
    if not path.parent.exists():
        raise CliError(f"{option} 的文件夹「{path.parent}」不存在")


def _ingest_paths(args: argparse.Namespace) -> list[Path]:
    paths = [Path(p) for p in args.paths]
    if args.samples:
        paths.insert(0, SAMPLES_DIR)
    return paths


def check_ingest(args: argparse.Namespace) -> None:
    """Everything the user can get wrong on the command line, checked before the graph is opened."""
    from ingest.dispatch import check_options, expand_paths

    paths = _ingest_paths(args)
    if not paths:
        raise CliError("请给出要导入的文件或文件夹，或用 --samples 导入自带的示例数据。")
    for p in paths:
        if not p.exists():
            raise CliError(f"找不到文件或文件夹: {p}")
    if not expand_paths(paths):   # an empty folder, or one of other files: say so rather than load nothing
        raise CliError(f"{'、'.join(str(p) for p in paths)} 中没有可导入的文件（支持 .csv、.xlsx、.xls、.md、.txt、.json）")
    _check_writable_file("--quarantine", args.quarantine)
    try:
        check_options(args.region, args.kind)
        args.column_map = _column_map(args.columns)
    except ValueError as exc:  # an unknown --region, --kind or column role
        raise CliError(str(exc)) from exc


def _column_map(value: str | None) -> dict[str, str | None] | None:
    from ingest.headers import load_column_mapping

    return load_column_mapping(value) if value else None


def cmd_ingest(args: argparse.Namespace, store: GraphStore) -> int:
    from ingest.dispatch import ingest_paths, ingest_workers

    report = ingest_paths(store, _ingest_paths(args), region=args.region, kind=args.kind,
                          columns=getattr(args, "column_map", None), workers=ingest_workers())
    store.save()
    if args.quarantine:
        try:
            Path(args.quarantine).write_text(report.quarantine_csv(), encoding="utf-8-sig")
        except OSError as exc:
            raise CliError(f"无法写出隔离报告 {args.quarantine}: {exc.strerror or exc}") from exc
    data = {
        "rows_read": report.rows_read, "rows_loaded": report.rows_loaded,
        "rows_quarantined": report.rows_quarantined,
        "files": [{"path": f.path, "kind": f.kind, "region": f.region, "status": f.status,
                   "rows_read": f.rows_read, "rows_loaded": f.rows_loaded,
                   "rows_quarantined": f.rows_quarantined, "unresolved": len(f.unresolved),
                   "generic_holders": len(f.generic),
                   "error": f.error} for f in report.files],
    }
    return _ingest_outcome(report, data, args, store)


def _ingest_outcome(report, data: dict, args: argparse.Namespace, store: GraphStore | None = None) -> int:
    """Exit 0 when every file was imported (quarantined rows are reported, not failures); 1 when
    some files failed and the others loaded (the summary names which); 2 when nothing could be
    imported — one 「错误: 文件: 原因」 line per failed file, as for any other error."""
    failed = report.failed
    if failed and len(failed) == len(report.files):
        if getattr(args, "json", False) or getattr(args, "csv", False):
            _emit(data, data["files"], args, str)
        for f in failed:
            print(f"错误: {Path(f.path).name}: {f.error}", file=sys.stderr)
        return 2
    from graph.generic_upgrade import old_generic_hint

    hint = old_generic_hint(store) if store is not None else ""   # re-importing leaves old 泛指 nodes behind
    _emit(data, data["files"], args,
          lambda: "\n".join(t for t in (report.summary_zh(), report.first_problems_zh(), hint) if t))
    return 1 if failed else 0


def cmd_who_handles(args: argparse.Namespace, store: GraphStore) -> int:
    from api.answer_render import answer_json, answer_rows, answer_text
    from graph.lookup.who_handles import QueryError, who_handles

    region = _resolve_region(store, args.region)
    try:
        answer = who_handles(store, args.query, region=region, limit=args.limit)
    except QueryError as exc:
        raise CliError(str(exc)) from exc
    from api.answer_render import CSV_COLUMNS

    rows = [{header: row.get(key, "") for header, key in CSV_COLUMNS} for row in answer_rows(answer)]
    _emit(answer_json(answer), rows, args, lambda: answer_text(answer))
    return 0 if answer.results else 1


def cmd_citations(args: argparse.Namespace, store: GraphStore) -> int:
    from ingest.citations import link_item_basis

    with store.transaction():
        stats = link_item_basis(store)
    store.save()
    data = {"cells": stats.cells, "citations": stats.total, "resolved": stats.resolved,
            "rate": stats.rate, "reasons": dict(stats.reasons())}
    rows = [{"事项": where, "引用": res.ref.text, "条文": res.ref.locator, "已解析": res.resolved,
             "原因": res.reason} for where, res in stats.resolutions]
    _emit(data, rows, args, stats.summary_zh)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from api.serve import TOKEN_ENV, serve
    from api.state import MiB

    token = args.token or os.environ.get(TOKEN_ENV)
    if not token:   # a read-only server on a graph that does not exist would answer nothing, forever
        _require_graph(args.db)
    limit = args.max_upload_mb
    if limit is None:
        raw = os.environ.get(UPLOAD_ENV, "20")
        try:
            limit = float(raw)
        except ValueError:
            raise CliError(f"环境变量 {UPLOAD_ENV} 应为数字（单位 MiB），而不是「{raw}」") from None
    if not limit > 0:
        raise CliError(f"上传大小上限应为正数（单位 MiB），而不是 {limit:g}")
    serve(args.db, host=args.host, port=args.port, token=token, max_upload_bytes=int(limit * MiB))
    return 0


def _findings_text(findings: list, empty: str) -> str:
    if not findings:
        return empty
    lines = [f"共 {len(findings)} 项:"]
    for i, f in enumerate(findings, 1):
        lines.append(f"{i}. [{f.kind_zh}·{f.to_dict()['severity_zh']}] {f.title_zh}")
        lines.append(f"   {f.detail_zh}")
        for src in f.sources[:2]:
            lines.append(f"   来源: {src.get('path', '')} {src.get('locator', '')}")
    return "\n".join(lines)


def _analysis_error(exc: ValueError) -> CliError:
    return CliError(str(exc))


def cmd_gaps(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import GapKindError, find_gaps

    kinds = [k for k in (args.kind or "").split(",") if k] or None
    try:
        findings = find_gaps(store, region=_resolve_region(store, args.region), kinds=kinds)
    except GapKindError as exc:
        raise _analysis_error(exc) from exc
    _emit([f.to_dict() for f in findings], [f.to_row() for f in findings], args,
          lambda: _findings_text(findings, "没有发现职责空白。"))
    return 0


def cmd_overlaps(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import find_overlaps, overlap_findings

    clusters = find_overlaps(store, region=_resolve_region(store, args.region))
    findings = overlap_findings(clusters, store)
    _emit([c.to_dict() for c in clusters], [f.to_row() for f in findings], args,
          lambda: _findings_text(findings, "没有发现职责交叉或重复。"))
    return 0


def cmd_linkage(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import linkage_chain, linkage_report

    region = _resolve_region(store, args.region)
    if args.item:
        chains = linkage_chain(store, args.item, region=region, limit=args.limit)
        rows = [{"审批事项": c.approval_name, "地区": c.region, "断裂": c.broken, "链条": c.to_markdown_line()}
                for c in chains]
        _emit([c.to_dict() for c in chains], rows, args, lambda: "\n".join(
            f"{'✗' if c.broken else '✓'} {c.approval_name}（{c.region}）: {c.to_markdown_line()}" for c in chains)
            or f"没有找到与「{args.item}」相近的审批事项。")
        return 0 if chains else 1
    report = linkage_report(store, region=region)
    _emit(report.to_dict(), [f.to_row() for f in report.findings], args, lambda: (
        f"审管联动链条 {len(report.chains)} 条，断裂 {len(report.broken)} 条。\n"
        + _findings_text(report.findings, "")))
    return 0


def cmd_dossier(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import dossier
    from graph.lookup.who_handles import QueryError

    try:
        d = dossier(store, args.topic, region=_resolve_region(store, args.region))
    except QueryError as exc:
        raise CliError(str(exc)) from exc
    if args.markdown:
        Path(args.markdown).write_text(d.to_markdown(), encoding="utf-8")
    data = d.to_dict()
    rows = [{"部门": c["department"], "权重": c.get("weight", ""), "依据数": len(c.get("evidence", []))}
            for c in data.get("candidates", [])]
    _emit(data, rows, args, d.to_markdown)
    return 0


def cmd_impact(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import ImpactQueryError, law_impact

    try:
        impact = law_impact(store, args.law, article=args.article)
    except ImpactQueryError as exc:
        raise _analysis_error(exc) from exc
    _emit(impact.to_dict(), impact.rows(), args, impact.summary_zh)
    return 0


def cmd_diff(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import DiffError, diff_versions

    try:
        diff = diff_versions(store, args.dataset, old=args.old, new=args.new)
    except DiffError as exc:
        raise _analysis_error(exc) from exc
    _emit(diff.to_dict(), diff.rows(), args, diff.summary_zh)
    return 0


def cmd_compare(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.analyses import compare_regions, standardisation_report

    if not args.matter:
        findings = standardisation_report(store, region=_resolve_region(store, args.region))
        _emit([f.to_dict() for f in findings], [f.to_row() for f in findings], args,
              lambda: _findings_text(findings, "各地区对同一事项的承担部门一致。"))
        return 0
    comparison = compare_regions(store, args.matter)
    _emit(comparison.to_dict(), comparison.rows(), args, comparison.summary_zh)
    return 0


def cmd_export(args: argparse.Namespace, store: GraphStore) -> int:
    if args.neo4j_import:
        from graph.neo4j_import_export import export_neo4j_import

        report = export_neo4j_import(store, args.neo4j_import)
        print(report.summary_zh())
        return 0
    from graph.transfer import copy_store

    if not args.to:
        raise CliError("请用 --neo4j-import DIR 写出 neo4j-admin 导入文件，或用 --to 目标图（文件或 bolt:// 地址）复制整张图。")
    with open_store(args.to) as target:
        print(copy_store(store, target).summary_zh())
    return 0


def cmd_info(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.generic_upgrade import old_generic_departments, old_generic_hint

    counts = store.count_nodes_by_label()
    old = old_generic_departments(store)
    data = {"db": store.description, "nodes": counts, "edges": store.count_edges(),
            "old_generic_departments": len(old)}
    hint = old_generic_hint(store, old)     # a graph built before generic holders: say how to fix it
    rows = [{"类型": k, "数量": v} for k, v in counts.items()]
    _emit(data, rows, args, lambda: "\n".join(
        [f"图: {store.description}"] + [f"  {k}: {v}" for k, v in counts.items()] + [f"  边: {data['edges']}"]
        + ([hint] if hint else [])))
    return 0


def cmd_upgrade(args: argparse.Namespace, store: GraphStore) -> int:
    from graph.generic_upgrade import upgrade_generic_departments

    report = upgrade_generic_departments(store)
    if report.departments:
        store.save()
    _emit(report.to_json(), [{"部门": n} for n in report.departments], args, report.summary_zh)
    return 0


# ---- parser --------------------------------------------------------------------------
def _add_output_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="以 JSON 输出")
    g.add_argument("--csv", action="store_true", help="以 CSV 输出")


DB_HELP = f"图数据库文件（SQLite）或 bolt:// 地址（默认 ./{DEFAULT_DB} 或环境变量 NEO4J_URI）"
REGIONS_HELP = ("自己声明的地方（开发区、高新区等非行政区划）的 CSV 文件（名称,上级,…）；"
                "也可放在环境变量 DUTYGRAPH_REGIONS 或 ~/.config/dutygraph/regions.csv")


class _SubParser(argparse.ArgumentParser):
    """Every subcommand takes --db too, so that it may stand before or after the command name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SUPPRESS: when not given after the command, the value given before it (or None) stays.
        self.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
        self.add_argument("--regions", metavar="FILE", default=argparse.SUPPRESS, help=REGIONS_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dutygraph", description="职责知识图谱：谁负责什么，依据是什么。")
    parser.add_argument("--db", help=DB_HELP)
    parser.add_argument("--regions", metavar="FILE", help=REGIONS_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_SubParser)

    p = sub.add_parser("ingest", help="导入清单、名册、法律、三定规定或通知（文件或文件夹）")
    p.add_argument("paths", nargs="*", help="CSV/XLSX/TXT/MD 文件或文件夹")
    p.add_argument("--samples", action="store_true", help="导入自带的示例数据（广安市广安区等）")
    p.add_argument("--region", help="清单所属地区（名称或区划代码），清单本身带区划代码时可省略")
    p.add_argument("--kind", help="指定清单类型，不自动识别")
    p.add_argument("--columns", metavar="映射", help="列名=角色,…（如 SXMC=事项名称,SSZT=实施主体），"
                                                    "或写着这些映射的文件（每行一个 列名=角色）；角色写「忽略」则不读该列")
    p.add_argument("--quarantine", metavar="FILE", help="把隔离行与未识别的部门名称写成 CSV")
    _add_output_flags(p)
    p.set_defaults(func=cmd_ingest, check=check_ingest, creates_graph=True)

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
    p.add_argument("--max-upload-mb", type=float, default=None,
                   help="上传文件大小上限，单位 MiB（默认 20；也可用环境变量 DUTYGRAPH_MAX_UPLOAD_MB）")
    p.set_defaults(func=cmd_serve, opens_store=False)

    p = sub.add_parser("gaps", help="职责空白：法定职责无人承接、审批无监管、属地无主体、机构改革后的过时部门、无对应事项的呼叫")
    p.add_argument("--region", help="地区名称或区划代码")
    p.add_argument("--kind", help="只看某几类，逗号分隔：mandate,duty,approval,territorial,stale,call")
    _add_output_flags(p)
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("overlaps", help="职责交叉/重复：同一事项由多个部门作为主体，按是否已有分工依据标注")
    p.add_argument("--region", help="地区名称或区划代码")
    _add_output_flags(p)
    p.set_defaults(func=cmd_overlaps)

    p = sub.add_parser("linkage", help="审管联动链条：审批事项 → 审批部门 → 监管部门 → 检查/处罚事项 → 法律依据")
    p.add_argument("item", nargs="?", help="审批事项（省略则报告全地区的断链）")
    p.add_argument("--region", help="地区名称或区划代码")
    p.add_argument("--limit", type=int, default=5, help="最多几条链（默认 5）")
    _add_output_flags(p)
    p.set_defaults(func=cmd_linkage)

    p = sub.add_parser("dossier", help="争议事项档案：候选部门及各自依据、其他地区的做法、建议主体")
    p.add_argument("topic", help="争议事项，如「预付卡式消费纠纷」")
    p.add_argument("--region", help="地区名称或区划代码")
    p.add_argument("--markdown", metavar="FILE", help="另存为 Markdown 文件")
    _add_output_flags(p)
    p.set_defaults(func=cmd_dossier)

    p = sub.add_parser("impact", help="法律修改或废止的影响：引用它的事项、部门与地区")
    p.add_argument("law", help="法律名称，如「食品安全法」")
    p.add_argument("--article", help="条号，如 35 或 第三十五条")
    _add_output_flags(p)
    p.set_defaults(func=cmd_impact)

    p = sub.add_parser("diff", help="同一清单两个版本之间新增、删除、变更的事项（清单动态调整）")
    p.add_argument("dataset", help="清单文件名")
    p.add_argument("--old", help="旧版本 id（默认为上一版）")
    p.add_argument("--new", help="新版本 id（默认为当前版）")
    _add_output_flags(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("compare", help="同一事项在各地区由哪个部门承担（省略事项则报告全部不一致处）")
    p.add_argument("matter", nargs="?", help="事项，如「食品经营许可」")
    p.add_argument("--region", help="只报告该地区所在范围")
    _add_output_flags(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("export", help="导出整张图：neo4j-admin 导入文件，或复制到另一个图")
    p.add_argument("--neo4j-import", metavar="DIR", help="写出 neo4j-admin database import full 所需的 CSV 文件")
    p.add_argument("--to", metavar="DB", help="复制到另一个图：SQLite 文件（如 dutygraph.db，旧版 JSON 图由此转换）或 bolt:// 地址")
    p.set_defaults(func=cmd_export)

    from api.cli_supervision import register as register_supervision

    register_supervision(sub, _add_output_flags)  # scorecard, ledger, calls

    p = sub.add_parser("info", help="图中各类节点的数量")
    _add_output_flags(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("upgrade", help="升级旧版图：把旧版「泛指」部门节点（有关部门、各乡镇人民政府(街道办事处) …）转为事项上的泛指主体")
    _add_output_flags(p)
    p.set_defaults(func=cmd_upgrade)
    return parser


def _require_graph(db: str | None) -> None:
    """A read command on a graph file that is not there: say so, rather than answer from an empty graph."""
    target = store_target(db)
    if "://" in target:
        return   # a server: it answers for itself
    if not Path(target).exists():
        raise CliError(f"图文件「{target}」不存在: 请先用 dutygraph ingest 导入数据，或用 --db 指定已有的图文件")


def _open(args: argparse.Namespace) -> GraphStore:
    if getattr(args, "check", None):
        args.check(args)
    if not getattr(args, "creates_graph", False):
        _require_graph(args.db)
    return open_store(args.db)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        if args.regions:
            declare_regions(args.regions)
        if not getattr(args, "opens_store", True):
            return args.func(args)  # opens the store itself, once, for as long as it runs
        store = _open(args)
    except (CliError, StoreError, RegionError) as exc:   # RegionError: a --regions file that cannot be read
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
