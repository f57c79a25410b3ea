"""Import a region's roster of departments (部门名册): the names lists are resolved against.

The roster is a simple CSV (or XLSX) — see ``ingest/data/README.md``::

    部门名称,简称/别名,曾用名(机构改革前),类型
    广安市广安区市场监督管理局,区市监局、区市场监管局,区工商局、区质监局,部门

Departments that lists created before the roster existed are merged into the roster
entry they match (by name, alias or former name): their edges move to it and the
list spelling becomes an alias. Those that match nothing stay, marked ``in_roster=False``,
and are named in the report. A roster entry that a newer roster drops is marked
``in_roster=False`` (机构改革 abolished or renamed it).
"""
from __future__ import annotations

import re
from pathlib import Path

from graph.model import Department, EdgeRecord, Rel, Source, edge, stable_id, to_record
from graph.reference.generic_holders import is_generic
from graph.reference.regions import (
    Region, RegionError, UnknownRegion, get_region, region_in_text, region_node_id, resolve_region,
)
from graph.store import GraphStore
from ingest import versions
from ingest.departments import clean_name, dept_id, dept_key, guess_kind
from ingest.headers import HeaderError, check_kind, map_columns
from ingest.lists import row_text
from ingest.regions import region_records
from ingest.report import FileReport
from ingest.tables import TableError, read_file

LIST_SEPARATORS = r"[、;；,，/]"


def _names(cell: str) -> list[str]:
    return [n for n in (clean_name(x) for x in re.split(LIST_SEPARATORS, cell or "")) if n]


def ingest_roster(store: GraphStore, path: Path, region: str | None = None) -> FileReport:
    """Import a 部门名册; like every import it is idempotent and counts every row."""
    path = Path(path)
    report = FileReport(path=str(path), kind="roster")
    try:
        data, tables = read_file(path)
        cmaps = [map_columns(t.header) for t in tables]
        for cmap in cmaps:
            check_kind("roster", cmap)
        file_region: Region | None = resolve_region(region) if region else region_in_text(path.stem)
        if file_region is None and not any(c.has("region_code") for c in cmaps):
            raise UnknownRegion("无法确定名册所属地区: 请用 --region 指定，或在文件名中写明地区名称")
    except (TableError, HeaderError, RegionError) as exc:
        report.status, report.error = "failed", str(exc)
        return report

    vregion = file_region.code if file_region else ""
    report.region = vregion
    digest = versions.content_hash(data)
    state = versions.version_state(store, path.name, vregion, digest)
    report.version = state.id
    imported_at = versions.now_iso()
    nodes, edges_ = [], []
    depts: dict[str, Department] = {}
    keys: dict[tuple[str, str], tuple[str, int, str]] = {}   # (region, key) → (dept id, row, name)
    for table, cmap in zip(tables, cmaps):
        report.notes += [c if c.startswith("说明") else f"说明: {c}" for c in table.comments[:3]]
        seen: dict[tuple[str, ...], int] = {}
        report.sheet = table.sheet

        def get(row, name: str) -> str:
            i = cmap.fields.get(name)
            return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

        for row in table.rows:
            report.rows_read += 1
            text = row_text(row.cells)
            if row.problem:
                report.reject(row.number, row.problem_column, row.problem, text)
                continue
            if tuple(row.cells) in seen:
                report.reject(row.number, "", f"重复行: 与第 {seen[tuple(row.cells)]} 行内容完全相同", text)
                continue
            seen[tuple(row.cells)] = row.number
            name = clean_name(get(row, "dept_name"))
            if not name:
                report.reject(row.number, cmap.column("dept_name"), "部门名称为空", text)
                continue
            info = file_region
            if get(row, "region_code"):
                info = get_region(get(row, "region_code"))
                if info is None:
                    report.reject(row.number, cmap.column("region_code"),
                                  f"未知的区划代码「{get(row, 'region_code')}」", text)
                    continue
            if info is None:
                report.reject(row.number, cmap.column("region_code"), "区划代码为空，且未指定地区", text)
                continue
            aliases, former = _names(get(row, "aliases")), _names(get(row, "former"))
            _, key = dept_key(name, info.code)
            did = dept_id(info.code, key)
            clash = None
            for n in [name, *aliases, *former]:
                owner, k = dept_key(n, info.code)
                hit = keys.get((info.code, k))
                if hit and hit[0] != did:
                    clash = (n, hit)
                    break
            if did in depts:
                clash = (name, next(v for v in keys.values() if v[0] == did))
            if clash:
                n, (_, other_row, other_name) = clash
                report.reject(row.number, cmap.column("dept_name"),
                              f"「{n}」与第 {other_row} 行的「{other_name}」冲突（同名或别名相同）", text)
                continue
            for n in [name, *aliases, *former]:
                keys.setdefault((info.code, dept_key(n, info.code)[1]), (did, row.number, name))
            src = Source(id=stable_id("src", state.id, table.sheet, str(row.number)), path=path.name,
                         locator=table.locator(row.number), text=text, version=state.id,
                         imported_at=imported_at)
            dept = Department(id=did, name=name, region=info.code, aliases=aliases, former_names=former,
                              kind=get(row, "dept_kind") or guess_kind(name), in_roster=True)
            depts[did] = dept
            nodes += [to_record(src), to_record(dept)]
            edges_ += [edge(src.id, Rel.IN_VERSION, state.id, source=src.id),
                       edge(did, Rel.FROM_SOURCE, src.id, source=src.id),
                       edge(did, Rel.IN_REGION, region_node_id(info.code), source=src.id)]
            report.rows_loaded += 1
    assert report.balanced, report.summary_zh()
    if state.unchanged:
        report.status = "unchanged"
        return report

    fsrc = versions.file_source(path.name, state.id, digest, imported_at)
    regions = sorted({d.region for d in depts.values()} | ({vregion} if vregion else set()))
    region_nodes, region_edges = {}, []
    for code in regions:
        rn, re_ = region_records(code)
        region_nodes.update({n.id: n for n in rn})
        region_edges += re_
    ver = versions.version_node(state, path.name, "roster", vregion, digest, imported_at,
                                report.rows_read, report.rows_loaded, report.rows_quarantined)
    store.upsert_nodes([*region_nodes.values(), to_record(fsrc), to_record(ver), *nodes])
    store.upsert_edges([*region_edges, edge(state.id, Rel.FROM_SOURCE, fsrc.id, source=fsrc.id), *edges_])
    versions.supersede(store, state, fsrc.id, path.name, set(), set(), set())
    for code in regions:
        _reconcile(store, code, depts, keys, report)
    report.status = "updated" if state.previous or state.exists else "loaded"
    return report


def _reconcile(store: GraphStore, region: str, roster: dict[str, Department],
               keys: dict[tuple[str, str], tuple[str, int, str]], report: FileReport) -> None:
    """Fold list-created departments into the roster entries they match; flag the rest."""
    leftovers, dropped = [], []
    for rec in store.find_nodes("Department", region=region):
        if rec.id in roster:
            continue
        props = rec.props
        if props.get("in_roster"):
            store.set_props(rec.id, in_roster=False)
            dropped.append(props.get("name", rec.id))
            continue
        if is_generic(props.get("name", "")):   # a graph from before generic holders stayed off the roster's nodes
            continue
        target = None
        for n in [props.get("name", ""), *props.get("aliases", [])]:
            hit = keys.get((region, dept_key(n, region)[1]))
            if hit:
                target = hit[0]
                break
        if target is None:
            leftovers.append(props.get("name", rec.id))
            continue
        _move(store, rec.id, target)
        dept = roster[target]
        extra = [n for n in [props.get("name", ""), *props.get("aliases", [])]
                 if n and n != dept.name and n not in dept.aliases]
        if extra:
            dept.aliases = [*dept.aliases, *extra]
            store.set_props(target, aliases=dept.aliases)
        report.notes.append(f"清单中建立的部门「{props.get('name')}」已并入名册部门「{dept.name}」")
    if leftovers:
        report.notes.append(f"名册未收录、此前由清单建立的部门（保留，in_roster=False，请核对）: {'、'.join(sorted(leftovers))}")
    if dropped:
        report.notes.append(f"新名册不再收录的部门（标记 in_roster=False）: {'、'.join(sorted(dropped))}")


def _move(store: GraphStore, old: str, new: str) -> None:
    moved: list[EdgeRecord] = []
    for e in store.edges_from(old):
        moved.append(EdgeRecord(new, e.rel, e.dst, dict(e.props), e.key))
    for e in store.edges_to(old):
        moved.append(EdgeRecord(e.src, e.rel, new, dict(e.props), e.key))
    store.upsert_edges(moved)
    store.delete_nodes([old])
